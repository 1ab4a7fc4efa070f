package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.client.ClientHandshakeDecoder;
import io.memgraph.ha.bolt.messaging.Signatures;
import io.memgraph.ha.bolt.transport.ChunkDecoder;
import io.memgraph.ha.bolt.transport.ChunkEncoder;
import io.memgraph.ha.bolt.transport.FramingFailure;
import io.memgraph.ha.bolt.transport.NettyTransport;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.memgraph.ha.bolt.version.HandshakeProposal;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens one backend connection: TCP (and TLS), the Bolt handshake for exactly the client's version,
 * then the client's HELLO (and LOGON) sent again as they came. Reports the answers to those
 * requests with the channel, or why it failed; everything runs on the session's event loop, so the
 * session's state needs no locks.
 */
final class BackendOpener {

    /** The outcome of one attempt; called once, on the event loop. */
    interface Result {
        /**
         * @param channel the connected channel; its pipeline ends in a handler named {@link #HANDLER}
         *     for the caller to replace
         * @param answers one response body per authentication request sent, in order (owned by the callee)
         * @param hello the metadata of the HELLO answer (empty when it failed)
         */
        void opened(Channel channel, String address, List<ByteBuf> answers, Map<String, Object> hello);

        void failed(String address, String reason);
    }

    /** How much longer than the connect timeout the answers to HELLO (and LOGON) may take. */
    static final long AUTH_ANSWER_ALLOWANCE_MILLIS = 10_000;

    /** The name of the last handler of an opened backend pipeline. */
    static final String HANDLER = "backend";

    private BackendOpener() {}

    /**
     * Starts an attempt.
     *
     * @param auth the request bodies to send after the handshake (HELLO, maybe LOGON); retained
     *     duplicates are sent, the caller keeps its references
     * @return a handle to cancel the attempt
     */
    static Attempt open(EventLoop loop, String host, int port, SslContext tls, BoltVersion version,
            List<ByteBuf> auth, long timeoutMillis, int maxMessageSize, Result result) {
        String address = new Endpoint(host, port).toString();
        Attempt attempt = new Attempt(address, result);
        List<ByteBuf> requests = new ArrayList<>(auth.size());
        for (ByteBuf b : auth) {
            requests.add(b.retainedDuplicate());
        }
        Bootstrap b = new Bootstrap().group(loop).channel(NettyTransport.get().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, NettyTransport.receiveBuffers())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast("handshake", new ClientHandshakeDecoder(answer -> {
                            attempt.handshaken = true;
                            if (answer != version.encode()) {
                                attempt.fail(answer == 0 ? "the server does not speak Bolt " + version
                                        : "the server chose another version than the " + version + " proposed");
                                return;
                            }
                            ch.pipeline().addBefore(HANDLER, "chunks", new ChunkDecoder(maxMessageSize));
                            ch.pipeline().addBefore(HANDLER, "encoder", ChunkEncoder.INSTANCE);
                            for (ByteBuf r : requests) {
                                ch.write(r);
                            }
                            requests.clear();
                            ch.flush();
                            // The server is alive (it answered the handshake); checking a password
                            // takes it a deliberately slow KDF run, longer still on a busy machine.
                            // Giving up early would send the same credentials again to every
                            // server, and count as more failed logins there.
                            attempt.rescheduleTimeout(loop, timeoutMillis + AUTH_ANSWER_ALLOWANCE_MILLIS,
                                    "no answer to HELLO within " + (timeoutMillis + AUTH_ANSWER_ALLOWANCE_MILLIS)
                                            + " ms of the handshake");
                        }));
                        ch.pipeline().addLast(HANDLER, attempt.collector(auth.size()));
                    }
                });
        ChannelFuture connect = b.connect(host, port);
        attempt.channel = connect.channel();
        attempt.timeout = loop.schedule(() -> attempt.fail("no answer within " + timeoutMillis + " ms"),
                timeoutMillis, TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                requests.forEach(ReferenceCountUtil::release);
                requests.clear();
                attempt.fail("cannot connect: " + f.cause().getMessage());
                return;
            }
            ByteBuf handshake = connect.channel().alloc().buffer(20).writeInt(HandshakeProposal.MAGIC)
                    .writeInt(version.encode()).writeInt(0).writeInt(0).writeInt(0);
            connect.channel().writeAndFlush(handshake);
        });
        connect.channel().closeFuture().addListener(f -> {
            requests.forEach(ReferenceCountUtil::release);
            requests.clear();
            if (connect.isDone() && !connect.isSuccess()) {
                // a refused connect may close the channel before the connect listener runs
                attempt.fail("cannot connect: " + connect.cause().getMessage());
            } else {
                attempt.fail(attempt.handshaken ? "the server closed the connection before it answered HELLO"
                        : "the server closed the connection before it answered the Bolt handshake");
            }
        });
        return attempt;
    }

    /** One attempt in progress. */
    static final class Attempt {
        private final String address;
        private final Result result;
        private Channel channel;
        private ScheduledFuture<?> timeout;
        private boolean done;
        /** The server answered the handshake. */
        private boolean handshaken;
        private final List<ByteBuf> answers = new ArrayList<>();

        Attempt(String address, Result result) {
            this.address = address;
            this.result = result;
        }

        String address() {
            return address;
        }

        /** Replaces the pending timeout with one {@code millis} from now (event loop only). */
        void rescheduleTimeout(EventLoop loop, long millis, String reason) {
            if (done) {
                return;
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
            timeout = loop.schedule(() -> fail(reason), millis, TimeUnit.MILLISECONDS);
        }

        /** Abandons the attempt: closes its channel; the result is not called. */
        void cancel() {
            if (!done) {
                done = true;
                finish();
                channel.close();
            }
        }

        private void finish() {
            if (timeout != null) {
                timeout.cancel(false);
            }
            answers.forEach(ReferenceCountUtil::release);
            answers.clear();
        }

        private void fail(String reason) {
            if (done) {
                return;
            }
            done = true;
            finish();
            channel.close();
            result.failed(address, reason);
        }

        private ChannelInboundHandlerAdapter collector(int expected) {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (done) {
                        ReferenceCountUtil.release(msg);
                        return;
                    }
                    if (!(msg instanceof ByteBuf body)) {
                        fail(msg instanceof FramingFailure f ? f.reason() : "unexpected " + msg);
                        return;
                    }
                    int sig = Messages.signature(body);
                    if (sig != Signatures.SUCCESS && sig != Signatures.FAILURE && sig != Signatures.IGNORED) {
                        body.release();
                        fail("unexpected message " + Messages.name(sig) + " before the answer to HELLO");
                        return;
                    }
                    answers.add(body);
                    if (answers.size() < expected) {
                        return;
                    }
                    Map<String, Object> hello;
                    try {
                        ByteBuf first = answers.get(0);
                        hello = Messages.signature(first) == Signatures.SUCCESS ? Messages.metadata(first) : Map.of();
                    } catch (RuntimeException e) {
                        fail("malformed answer to HELLO: " + e.getMessage());
                        return;
                    }
                    done = true;
                    if (timeout != null) {
                        timeout.cancel(false);
                    }
                    List<ByteBuf> out = List.copyOf(answers);
                    answers.clear();
                    result.opened(ctx.channel(), address, out, hello);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    fail(String.valueOf(cause.getMessage()));
                }
            };
        }
    }
}

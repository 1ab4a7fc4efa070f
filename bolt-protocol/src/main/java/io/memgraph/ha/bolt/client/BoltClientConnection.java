package io.memgraph.ha.bolt.client;

import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.transport.ChunkDecoder;
import io.memgraph.ha.bolt.transport.Chunking;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.memgraph.ha.bolt.version.HandshakeProposal;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small blocking Bolt client over Netty, for the proxy's backend side and for tests.
 *
 * <pre>{@code
 * try (var c = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(5))) {
 *   c.handshake(new BoltVersion(5, 4));
 *   c.hello(Map.of("user_agent", "me/1.0", "bolt_agent", Map.of("product", "me/1.0")));
 *   c.logon(Map.of("scheme", "none"));
 *   c.run("RETURN 1", Map.of(), Map.of());
 *   List<Response> records = c.pull(-1, -1);
 * }
 * }</pre>
 *
 * <p>Requests can be pipelined with {@link #send(Request...)} and their responses read one by one
 * with {@link #receive()}. {@link #sendRaw} writes arbitrary bytes (malformed-input tests).
 * Not thread-safe: one caller at a time.
 */
public final class BoltClientConnection implements AutoCloseable {

  private static final Object CLOSED = new Object();

  private final EventLoopGroup group;
  private final Channel channel;
  private final String address;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> handshakeAnswer = new CompletableFuture<>();
  private final Duration timeout;
  private final int maxMessageSize;
  private volatile ClientMessageCodec codec;

  private BoltClientConnection(EventLoopGroup group, Channel channel, String address, Duration timeout,
      int maxMessageSize) {
    this.group = group;
    this.channel = channel;
    this.address = address;
    this.timeout = timeout;
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * Opens a TCP connection; nothing is sent yet.
   *
   * @param timeout the connect timeout and the default wait for each response
   */
  public static BoltClientConnection connect(String host, int port, Duration timeout) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bolt-client", true),
        NioIoHandler.newFactory());
    CompletableFuture<BoltClientConnection> ready = new CompletableFuture<>();
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast("inbound", new Inbound(ready));
          }
        });
    try {
      Channel ch = bootstrap.connect(host, port).syncUninterruptibly().channel();
      BoltClientConnection connection = new BoltClientConnection(group, ch, host + ":" + port, timeout,
          Integer.MAX_VALUE);
      ready.complete(connection);
      return connection;
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new BoltClientException("cannot connect to Bolt server " + host + ":" + port + ": " + e, e);
    }
  }

  /** Proposes {@code versions} (one per slot, at most four) and returns the server's choice. */
  public BoltVersion handshake(BoltVersion... versions) {
    int[] slots = new int[versions.length];
    for (int i = 0; i < versions.length; i++) {
      slots[i] = versions[i].encode();
    }
    return handshake(slots);
  }

  /**
   * Sends the magic and up to four raw slots (padded with zeros) and waits for the answer.
   *
   * @return the agreed version
   * @throws BoltClientException when the server has no common version (answer 0) or closes
   */
  public BoltVersion handshake(int... slots) {
    int answer = sendHandshake(slots);
    if (answer == 0) {
      throw new BoltClientException("Bolt server " + address + " supports none of the proposed versions");
    }
    BoltVersion version = new BoltVersion(answer & 0xFF, (answer >>> 8) & 0xFF);
    BoltProtocol protocol = BoltProtocols.forVersion(version).orElseThrow(() -> new BoltClientException(
        "Bolt server " + address + " chose version " + version + ", which this client does not speak"));
    codec = ClientMessageCodec.of(protocol);
    return version;
  }

  /** Sends the handshake and returns the server's raw 4-byte answer (0 = none); does not install the codec. */
  public int sendHandshake(int... slots) {
    if (slots.length > 4) {
      throw new IllegalArgumentException("at most four version slots, got " + slots.length);
    }
    ByteBuf buf = channel.alloc().buffer(20).writeInt(HandshakeProposal.MAGIC);
    for (int i = 0; i < 4; i++) {
      buf.writeInt(i < slots.length ? slots[i] : 0);
    }
    channel.pipeline().addFirst("handshake", new ClientHandshakeDecoder(answer -> {
      // runs on the event loop before the handshake decoder leaves, so no message byte can slip past
      channel.pipeline().addBefore("inbound", "chunks", new ChunkDecoder(maxMessageSize));
      handshakeAnswer.complete(answer);
    }));
    channel.writeAndFlush(buf);
    try {
      return handshakeAnswer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new BoltClientException("no handshake answer from " + address + " within " + timeout, e);
    } catch (ExecutionException e) {
      throw new BoltClientException("handshake with " + address + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BoltClientException("interrupted during the handshake with " + address, e);
    }
  }

  /** The negotiated protocol. */
  public BoltProtocol protocol() {
    requireCodec();
    return codec.protocol();
  }

  /** Sends requests pipelined, with one flush. */
  public void send(Request... requests) {
    ClientMessageCodec c = requireCodec();
    ByteBuf buf = channel.alloc().buffer();
    try {
      for (Request r : requests) {
        c.encode(r, channel.alloc(), buf);
      }
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
    channel.writeAndFlush(buf);
  }

  /** Writes raw bytes as they are (no chunking), flushed. */
  public void sendRaw(byte[] bytes) {
    channel.writeAndFlush(channel.alloc().buffer(bytes.length).writeBytes(bytes));
  }

  /** Sends {@code messageBody} as one chunked message (for malformed-but-framed messages). */
  public void sendChunked(byte[] messageBody) {
    ByteBuf body = channel.alloc().buffer(messageBody.length).writeBytes(messageBody);
    ByteBuf out = channel.alloc().buffer();
    Chunking.writeChunked(body, out);
    body.release();
    channel.writeAndFlush(out);
  }

  /**
   * Waits for the next response.
   *
   * @throws BoltClientException when the connection closes or nothing arrives within the timeout
   */
  public Response receive() {
    Object o;
    try {
      o = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BoltClientException("interrupted waiting for a response from " + address, e);
    }
    if (o == null) {
      throw new BoltClientException("no response from " + address + " within " + timeout);
    }
    if (o == CLOSED) {
      inbox.add(CLOSED);
      throw new BoltClientException("connection to " + address + " closed");
    }
    if (o instanceof RuntimeException e) {
      throw new BoltClientException("bad response from " + address + ": " + e.getMessage(), e);
    }
    return (Response) o;
  }

  /** Responses received and not yet taken with {@link #receive()}. */
  public int responsesWaiting() {
    return (int) inbox.stream().filter(o -> o instanceof Response).count();
  }

  /** Sends one request and returns its single response (SUCCESS, FAILURE or IGNORED). */
  public Response request(Request request) {
    send(request);
    return receive();
  }

  /** HELLO (INIT in Bolt 1); switches to the "utc" shape when the server accepts that patch. */
  public Response hello(Map<String, Object> extra) {
    Response r = request(new Request.Hello(extra));
    if (r instanceof Response.Success s && s.metadata().get("patch_bolt") instanceof List<?> patches) {
      List<String> accepted = new ArrayList<>();
      patches.forEach(p -> accepted.add(String.valueOf(p)));
      ClientMessageCodec c = codec;
      codec = new ClientMessageCodec(c.protocol(), c.protocol().structShape(accepted));
    }
    return r;
  }

  /** LOGON (Bolt 5.1+). */
  public Response logon(Map<String, Object> auth) {
    return request(new Request.Logon(auth));
  }

  /** RUN; returns its SUCCESS (with {@code fields}) or FAILURE/IGNORED. */
  public Response run(String query, Map<String, Object> parameters, Map<String, Object> extra) {
    return request(new Request.Run(query, parameters, extra));
  }

  /** PULL; returns the RECORDs followed by the closing SUCCESS, FAILURE or IGNORED. */
  public List<Response> pull(long n, long qid) {
    send(new Request.Pull(n, qid));
    return untilSummary();
  }

  /** DISCARD; returns its response. */
  public Response discard(long n, long qid) {
    return request(new Request.Discard(n, qid));
  }

  /** BEGIN. */
  public Response begin(Map<String, Object> extra) {
    return request(new Request.Begin(extra));
  }

  /** COMMIT. */
  public Response commit() {
    return request(new Request.Commit());
  }

  /** ROLLBACK. */
  public Response rollback() {
    return request(new Request.Rollback());
  }

  /** RESET. */
  public Response reset() {
    return request(new Request.Reset());
  }

  /** GOODBYE; the server closes the connection without answering. */
  public void goodbye() {
    send(new Request.Goodbye());
  }

  /** Reads responses up to and including the next one that is not a RECORD. */
  public List<Response> untilSummary() {
    List<Response> out = new ArrayList<>();
    Response r;
    do {
      r = receive();
      out.add(r);
    } while (r instanceof Response.RecordMessage);
    return out;
  }

  /** A typical HELLO extra map for this connection's version (user agent, bolt agent). */
  public static Map<String, Object> helloExtra(String userAgent, Map<String, Object> auth) {
    Map<String, Object> extra = new LinkedHashMap<>(auth);
    extra.put("user_agent", userAgent);
    extra.put("bolt_agent", Map.of("product", userAgent));
    return extra;
  }

  /** {@code true} while the TCP connection is open. */
  public boolean isOpen() {
    return channel.isActive();
  }

  /** Waits until the server closes the connection; {@code true} if it did within {@code wait}. */
  public boolean awaitClosed(Duration wait) {
    return channel.closeFuture().awaitUninterruptibly(wait.toMillis());
  }

  /** Closes the connection (without GOODBYE) and its event loop. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(timeout.toMillis());
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private ClientMessageCodec requireCodec() {
    ClientMessageCodec c = codec;
    if (c == null) {
      throw new IllegalStateException("no version negotiated yet: call handshake() first");
    }
    return c;
  }

  /** Decodes messages into the inbox; waits for the connection object before touching it. */
  private static final class Inbound extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<BoltClientConnection> owner;

    Inbound(CompletableFuture<BoltClientConnection> owner) {
      this.owner = owner;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      BoltClientConnection c = owner.join();
      if (!(msg instanceof ByteBuf buf)) {
        c.inbox.add(new InvalidMessageException("framing failure: " + msg));
        return;
      }
      try {
        if (c.codec == null) {
          throw new InvalidMessageException(buf.readableBytes() + " byte(s) arrived before a version was negotiated");
        }
        c.inbox.add(c.codec.decode(buf));
      } catch (RuntimeException e) {
        c.inbox.add(e);
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      owner.join().inbox.add(CLOSED);
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}

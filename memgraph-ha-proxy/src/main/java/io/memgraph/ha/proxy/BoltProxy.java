package io.memgraph.ha.proxy;

import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.transport.ChunkDecoder;
import io.memgraph.ha.bolt.transport.ChunkEncoder;
import io.memgraph.ha.bolt.transport.NettyTransport;
import io.memgraph.ha.bolt.transport.PollAfterFlush;
import io.memgraph.ha.bolt.transport.ServerHandshakeDecoder;
import io.memgraph.ha.bolt.transport.WebSocketUpgrade;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy: standard Bolt towards unmodified drivers, one backend connection per client
 * connection towards the cluster's leader, bytes forwarded as they are.
 *
 * <pre>{@code
 * try (BoltProxy proxy = BoltProxy.start(ProxySettings.plain(List.of(Endpoint.parse("10.0.0.1:7687"))))) {
 *     int port = proxy.port(); // point drivers at bolt://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>How sessions behave on failover is described on {@link ProxySession}. A background task
 * asks every endpoint who leads, once a second, so that idle sessions move to a new leader before
 * their next transaction instead of learning it from a refusal; a {@link LeaderWatch} notices a
 * leader that went silent with requests waiting on it, and has the servers asked far more often.
 */
public final class BoltProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoltProxy.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REFRESH = Duration.ofSeconds(1);
    /** The user agent of the proxy's own leader probes (Bolt 5.3+ also needs it as bolt_agent). */
    static final String PROBE_AGENT = "memgraph_ha_proxy/probe";
    /**
     * The system property that sets how long an event loop polls for its clients' next messages
     * after it answered one, before it blocks, while the machine has CPU to spare (µs; 0, the
     * default: never polls). Off by default: with the proxy beside a three-server cluster on two
     * cores, a proxy that polled made writes and reads at one client slower (docs/benchmarks.md).
     */
    static final String SPIN_PROPERTY = "memgraph.proxy.spin-micros";
    static final long DEFAULT_SPIN_MICROS = 0;

    private final ProxySettings settings;
    private final LeaderLocator locator;
    private final LeaderWatch watch;
    private final EventLoopGroup group;
    private final Set<ProxySession> sessions = ConcurrentHashMap.newKeySet();
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final String txIdPrefix;
    private final AtomicLong txIds = new AtomicLong();
    private final ByteBuf probeHello;
    private volatile Channel server;
    private ScheduledFuture<?> refresh;
    private ScheduledFuture<?> sweep;

    private BoltProxy(ProxySettings settings) {
        this.settings = settings;
        this.locator = new LeaderLocator(settings.endpoints());
        this.watch = new LeaderWatch(locator);
        this.group = new MultiThreadIoEventLoopGroup(settings.workerThreads(),
                new DefaultThreadFactory("proxy-worker", true),
                NettyTransport.get().ioHandlerFactory(Long.getLong(SPIN_PROPERTY, DEFAULT_SPIN_MICROS)));
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.txIdPrefix = "proxy-" + HexFormat.of().formatHex(random) + "-";
        BoltProtocol newest = BoltProtocols.ALL.get(0);
        ByteBuf hello = ByteBufAllocator.DEFAULT.heapBuffer();
        newest.encodeRequest(new Request.Hello(Map.of("user_agent", PROBE_AGENT, "scheme", "none",
                "bolt_agent", Map.of("product", PROBE_AGENT))),
                new PackStreamWriter(hello, newest.structShape(List.of())));
        this.probeHello = hello;
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws BindException when the address is taken or cannot be bound; its message names it
     */
    public static BoltProxy start(ProxySettings settings) throws IOException {
        BoltProxy proxy = new BoltProxy(settings);
        try {
            proxy.bind();
        } catch (IOException | RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    private void bind() throws IOException {
        // browsers' drivers speak Bolt over WebSocket on the same port (see WebSocketUpgrade)
        int webSocketFrameLimit = WebSocketUpgrade.maxFramePayload(settings.maxMessageSize());
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NettyTransport.get().serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, NettyTransport.receiveBuffers())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("poll", PollAfterFlush.INSTANCE);
                        if (settings.clientTls() != null) {
                            ch.pipeline().addLast("tls", settings.clientTls().newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("handshake", new ServerHandshakeDecoder(BoltProtocols.VERSIONS,
                                HANDSHAKE_TIMEOUT, webSocketFrameLimit, settings.webSocketOrigins(), (ctx, version) -> {
                                    BoltProtocol protocol = BoltProtocols.forVersion(version).orElseThrow();
                                    ProxySession session = new ProxySession(BoltProxy.this, ch, protocol);
                                    sessions.add(session);
                                    metrics.clientConnections.increment();
                                    long idle = settings.sessionInactivityTimeout().toMillis();
                                    String after = ctx.name();
                                    ch.pipeline().addAfter(after, "session", session);
                                    ch.pipeline().addAfter(after, "encoder", ChunkEncoder.INSTANCE);
                                    if (idle > 0) {
                                        ch.pipeline().addAfter(after, "idle",
                                                new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
                                    }
                                    ch.pipeline().addAfter(after, "chunks",
                                            new ChunkDecoder(settings.maxMessageSize(), READ_TIMEOUT));
                                }));
                    }
                });
        InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), settings.port());
        try {
            server = b.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + address, e);
        } catch (Exception e) {
            BindException bind = new BindException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
                    + ": " + e.getMessage());
            bind.initCause(e);
            throw bind;
        }
        locator.pollWith(group.next(), this::probe);
        locator.onLeaderLost(lost -> {
            for (ProxySession session : sessions) {
                session.eventLoop().execute(() -> session.leaderLost(lost));
            }
        });
        sweep = group.next().scheduleWithFixedDelay(watch::sweep, LeaderWatch.SWEEP_MILLIS, LeaderWatch.SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
        refresh = group.next().scheduleWithFixedDelay(this::probeAll, REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.debug("memgraph_ha_proxy listening on {}:{} ({}), servers {} ({})", settings.bindAddress(), port(),
                settings.clientTls() != null ? "TLS" : "plain TCP", settings.endpoints(),
                settings.serverTls() != null ? "TLS" : "plain TCP");
    }

    /** Asks every endpoint who leads (a HELLO with no credentials; its answer's metadata says). */
    private void probeAll() {
        for (Endpoint e : settings.endpoints()) {
            probe(e, locator::learn, () -> { });
        }
    }

    /** One probe: a connection, a HELLO with no credentials, its metadata, a close. */
    private void probe(Endpoint e, java.util.function.BiConsumer<String, Map<String, Object>> answer, Runnable failed) {
        BackendOpener.open(group.next(), e.host(), e.port(), settings.serverTls(), BoltProtocols.ALL.get(0).version(),
                List.of(probeHello), settings.connectTimeout().toMillis(), settings.maxMessageSize(),
                new BackendOpener.Result() {
                    @Override
                    public void opened(Channel ch, String address, List<ByteBuf> answers, Map<String, Object> hello) {
                        answers.forEach(ByteBuf::release);
                        ch.close();
                        if (hello.isEmpty()) {
                            failed.run(); // refused (credentials needed): nothing learnt
                        } else {
                            answer.accept(address, hello);
                        }
                    }

                    @Override
                    public void failed(String address, String reason) {
                        LOG.debug("Probe of {} failed: {}", address, reason);
                        locator.forget(address);
                        failed.run();
                    }
                });
    }

    /** The port the proxy listens on. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The leader's Bolt address as the proxy knows it, or null. */
    public String leader() {
        return locator.leader();
    }

    /** How many client connections are open. */
    public int sessionCount() {
        return sessions.size();
    }

    /** The proxy's figures now, in Prometheus's text format (its metrics endpoint). */
    public String metricsText(String version) {
        return metrics.text(version, sessions.size(), locator);
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    ProxySettings settings() {
        return settings;
    }

    LeaderLocator locator() {
        return locator;
    }

    LeaderWatch watch() {
        return watch;
    }

    String newTxId() {
        return txIdPrefix + txIds.incrementAndGet();
    }

    void sessionClosed(ProxySession session) {
        sessions.remove(session);
    }

    /**
     * Stops accepting, lets running transactions finish for at most {@code grace}, then closes.
     *
     * @return true when every session ended by itself within the grace
     */
    public boolean stopGracefully(Duration grace) {
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly();
        }
        LOG.info("Stopping: {} client connection(s) open, waiting up to {} ms for their transactions",
                sessions.size(), grace.toMillis());
        for (ProxySession session : sessions) {
            session.eventLoop().execute(session::closeWhenIdle);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean clean = sessions.isEmpty();
        if (!clean) {
            LOG.warn("Closing {} client connection(s) whose transactions did not end within {} ms",
                    sessions.size(), grace.toMillis());
        }
        close();
        return clean;
    }

    /** Closes every connection at once. */
    @Override
    public void close() {
        locator.stop();
        if (refresh != null) {
            refresh.cancel(false);
        }
        if (sweep != null) {
            sweep.cancel(false);
        }
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly();
        }
        for (ProxySession session : sessions) {
            session.eventLoop().execute(session::close);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        sessions.clear();
        if (probeHello.refCnt() > 0) {
            probeHello.release();
        }
    }
}

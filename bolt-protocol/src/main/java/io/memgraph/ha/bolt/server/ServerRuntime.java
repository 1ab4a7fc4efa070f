package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.transport.ChunkDecoder;
import io.memgraph.ha.bolt.transport.NettyTransport;
import io.memgraph.ha.bolt.transport.PollAfterFlush;
import io.memgraph.ha.bolt.transport.ServerHandshakeDecoder;
import io.memgraph.ha.bolt.transport.WebSocketUpgrade;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running parts of a started {@link BoltServer}: event loops, the worker pool, the open channels. */
final class ServerRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);
  /**
   * The system property that sets how long a Bolt event loop polls for its clients' next
   * messages after it answered one, before it blocks (µs; 0: never polls). See {@code
   * NettyTransport.ioHandlerFactory(long)} and {@link PollAfterFlush}.
   */
  static final String SPIN_PROPERTY = "memgraph.bolt.spin-micros";
  static final long DEFAULT_SPIN_MICROS = 50;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService executor;
  private final ChannelGroup channels;
  private final Channel serverChannel;
  private final int port;
  private final Duration stopGrace;

  private ServerRuntime(EventLoopGroup boss, EventLoopGroup workers, ExecutorService executor, ChannelGroup channels,
      Channel serverChannel, Duration stopGrace) {
    this.stopGrace = stopGrace;
    this.boss = boss;
    this.workers = workers;
    this.executor = executor;
    this.channels = channels;
    this.serverChannel = serverChannel;
    this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  static ServerRuntime start(BoltServer.Config config, BoltServerStats stats) {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bolt-accept", true),
        NettyTransport.get().ioHandlerFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("bolt-io", true),
        NettyTransport.get().ioHandlerFactory(Long.getLong(SPIN_PROPERTY, DEFAULT_SPIN_MICROS)));
    ThreadPoolExecutor executor = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("bolt-worker", true));
    executor.allowCoreThreadTimeOut(true);
    ChannelGroup channels = new DefaultChannelGroup("bolt-connections", GlobalEventExecutor.INSTANCE);
    AtomicLong connectionIds = new AtomicLong();
    ConnectionLimiter limiter = new ConnectionLimiter(config.maxConnections());
    int webSocketFrameLimit = WebSocketUpgrade.maxFramePayload(config.maxMessageSize());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(NettyTransport.get().serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, NettyTransport.receiveBuffers())
        // what a connection may buffer for a client that reads slowly before its worker pauses
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(128 * 1024, 256 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (!limiter.admit(ch)) {
              ch.close();
              return;
            }
            channels.add(ch);
            stats.connectionAccepted();
            ch.pipeline().addLast("poll", PollAfterFlush.INSTANCE);
            if (config.sslContext() != null) {
              ch.pipeline().addLast("tls", config.sslContext().newHandler(ch.alloc()));
            }
            String connectionId = "bolt-" + connectionIds.incrementAndGet();
            ch.pipeline().addLast("handshake", new ServerHandshakeDecoder(BoltProtocols.VERSIONS, config.handshakeTimeout(),
                webSocketFrameLimit, config.webSocketOrigins(),
                (ctx, version) -> install(ctx, version, config, connectionId, executor, stats)));
          }
        });
    Channel serverChannel;
    try {
      serverChannel = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      shutdown(boss, workers, executor, config.stopGrace());
      throw new UncheckedIOException(new IOException("cannot bind the Bolt server to " + config.host() + ":"
          + config.port() + ": " + e.getMessage(), e));
    }
    ServerRuntime runtime = new ServerRuntime(boss, workers, executor, channels, serverChannel, config.stopGrace());
    LOG.info("Bolt server listening on {}:{} (versions {})", config.host(), runtime.port, BoltProtocols.VERSIONS);
    return runtime;
  }

  private static void install(ChannelHandlerContext ctx, BoltVersion version, BoltServer.Config config,
      String connectionId, ExecutorService executor, BoltServerStats stats) {
    BoltProtocol protocol = BoltProtocols.forVersion(version).orElseThrow();
    ConnectionContext context = new ConnectionContext(config.backend(), config.serverAgent(), config.hints(),
        connectionId, ctx.channel().remoteAddress(), ctx.channel().localAddress());
    ctx.pipeline().addAfter(ctx.name(), "chunks", new ChunkDecoder(config.maxMessageSize(), config.readTimeout()));
    ctx.pipeline().addAfter("chunks", "bolt", new BoltConnection(protocol, context, executor, config.writeTimeout(),
        config.sessionInactivityTimeout(), stats));
  }

  int port() {
    return port;
  }

  int openConnections() {
    return channels.size();
  }

  int ioThreads() {
    int loops = 0;
    for (EventExecutor ignored : workers) {
      loops++;
    }
    return loops;
  }

  void close() {
    serverChannel.close().syncUninterruptibly();
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    shutdown(boss, workers, executor, stopGrace);
    LOG.info("Bolt server on port {} stopped", port);
  }

  private static void shutdown(EventLoopGroup boss, EventLoopGroup workers, ExecutorService executor,
      Duration grace) {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

package io.memgraph.ha.raft.transport;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.Member;
import io.memgraph.ha.raft.core.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft messages over TCP with Netty: length-prefixed binary frames ({@link MessageCodec}) on each
 * node's rpc port.
 *
 * <p><b>Inbound.</b> Every connection must start with a handshake frame naming the connecting
 * server's id and the id it wants to reach. It is accepted only if that id is listed in
 * {@code coordination.json}, is not this node, and the connection's source IP is one of the
 * addresses the listed host resolves to; otherwise the connection is closed and a WARN names the
 * peer. After the handshake every message must carry that id as sender and this node as
 * receiver. Frame lengths are bounded before anything is buffered. The handshake also carries what
 * the connecting server advertises ({@link #advertise}, for example its Bolt address); the last
 * one received from each peer is kept ({@link #peerInfo}).
 *
 * <p><b>Outbound.</b> One connection per peer, opened at {@link #start} and re-opened after any
 * failure with exponential back-off (for example 50 ms doubling up to 1 s); after a connection that
 * had lived for at least the first back-off delay closes, the back-off starts again from nothing (at
 * once, then 1, 2, 4 ... ms), so a peer whose process died is known to refuse within a few ms.
 * While a peer is
 * unreachable its messages are dropped (and what was queued is discarded when the connection
 * breaks), so a returning peer never receives a burst of stale messages; Raft tolerates the loss
 * and re-sends from its own state. While connected, messages wait in a bounded queue when the
 * socket is congested; when it is full new messages are dropped. Each batch of queued messages
 * is written with a single flush. A connection attempt that the peer's host refuses (nothing
 * listens on its port: its process is gone) is reported to {@link #onPeerRefused}'s listener.
 *
 * <p><b>TLS.</b> With {@link RpcTls} both directions run mutual TLS: a peer whose certificate is not
 * trusted, or that speaks plain TCP, is refused before its handshake frame is read (one WARN line).
 *
 * <p>Usage: {@link #listen} (binds, so tests can bind port 0 first and learn the port), then
 * {@link #start}, then {@link #send} from any thread; inbound messages are delivered on Netty I/O
 * threads to the consumer given to {@code start}, which must not block.
 */
public final class RaftTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftTransport.class);

  /**
   * Tuning.
   *
   * @param maxFrameBytes the largest frame accepted or sent
   * @param queueCapacity messages queued per peer before new ones are dropped
   * @param backoffMin first reconnect delay
   * @param backoffMax reconnect delay cap
   * @param handshakeTimeout an inbound connection that does not identify itself in time is closed
   * @param ioThreads Netty I/O threads
   */
  public record Options(int maxFrameBytes, int queueCapacity, Duration backoffMin,
      Duration backoffMax, Duration handshakeTimeout, int ioThreads) {
    /** 64 MiB + 64 KiB frames, 4096 queued, back-off 50 ms..1 s, 5 s handshake, 2 threads. */
    public static final Options DEFAULTS = new Options((64 << 20) + (64 << 10), 4096,
        Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(5), 2);

    /** Range checks. */
    public Options {
      if (maxFrameBytes < 1024 || queueCapacity < 1 || backoffMin.isNegative()
          || backoffMax.compareTo(backoffMin) < 0 || ioThreads < 1) {
        throw new IllegalArgumentException("invalid transport options");
      }
    }
  }

  /**
   * The kind of sockets and event loops: the JDK's NIO ({@link #NIO}, the default), or a native
   * transport that the embedding server chooses (Linux's epoll costs fewer system calls and
   * wake-ups per message).
   *
   * @param ioHandlers the event loops' I/O handlers
   * @param serverChannel the listening channel class
   * @param socketChannel the connecting channel class
   */
  public record Sockets(IoHandlerFactory ioHandlers, Class<? extends ServerSocketChannel> serverChannel,
      Class<? extends SocketChannel> socketChannel) {
    /** The JDK's NIO selector, available everywhere. */
    public static final Sockets NIO = new Sockets(NioIoHandler.newFactory(), NioServerSocketChannel.class,
        NioSocketChannel.class);
  }

  private final Options options;
  private final Sockets sockets;
  /** Mutual TLS on both directions, or null for plain TCP. */
  private final RpcTls tls;
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final Map<Integer, PeerLink> peers = new HashMap<>();
  /** Accepted connections: shutting the event loops down does not close them, close() does. */
  private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private volatile CoordinationConfig config;
  private volatile int selfId;
  private volatile Consumer<Message> inbound;
  private volatile Map<Integer, List<InetAddress>> resolved = Map.of();
  private volatile boolean closed;
  private volatile String advertisedInfo = "";
  private volatile IntConsumer refusedListener = peer -> { };
  /** Peer id -> the non-empty info from its last accepted handshake. */
  private final Map<Integer, String> peerInfo = new ConcurrentHashMap<>();

  private RaftTransport(Options options, Sockets sockets, RpcTls tls, EventLoopGroup group, Channel serverChannel) {
    this.options = options;
    this.sockets = sockets;
    this.tls = tls;
    this.group = group;
    this.serverChannel = serverChannel;
  }

  /**
   * Binds the rpc port (port 0 picks a free one). Connections are refused until {@link #start}.
   *
   * @throws IOException if the address cannot be bound (message names the address)
   */
  public static RaftTransport listen(InetSocketAddress bind, Options options) throws IOException {
    return listen(bind, options, null);
  }

  /**
   * Binds the rpc port, as {@link #listen(InetSocketAddress, Options)}, with mutual TLS on every
   * connection when {@code tls} is not null.
   */
  public static RaftTransport listen(InetSocketAddress bind, Options options, RpcTls tls) throws IOException {
    return listen(bind, options, tls, Sockets.NIO);
  }

  /**
   * Binds the rpc port, as {@link #listen(InetSocketAddress, Options, RpcTls)}, on the given kind
   * of sockets.
   */
  public static RaftTransport listen(InetSocketAddress bind, Options options, RpcTls tls, Sockets sockets)
      throws IOException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.ioThreads(),
        new DefaultThreadFactory("raft-rpc"), sockets.ioHandlers());
    RaftTransport[] self = new RaftTransport[1];
    ServerBootstrap sb = new ServerBootstrap()
        .group(group)
        .channel(sockets.serverChannel())
        // Connections wait in the kernel's backlog until start() knows who may connect.
        .option(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            self[0].initInbound(ch);
          }
        });
    try {
      Channel server = sb.bind(bind).sync().channel();
      RaftTransport t = new RaftTransport(options, sockets, tls, group, server);
      self[0] = t;
      return t;
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot bind the Raft rpc port " + bind + ": " + e, e);
    }
  }

  /**
   * Sets what this node advertises to its peers in every handshake (opaque UTF-8, at most
   * {@link MessageCodec#MAX_INFO_BYTES} bytes; "" = nothing, the default). Call before
   * {@link #start}.
   *
   * @throws IllegalArgumentException if {@code info} is too long or not valid Unicode
   * @throws IllegalStateException if the transport was already started
   */
  public synchronized void advertise(String info) {
    MessageCodec.checkInfo(info);
    if (config != null) {
      throw new IllegalStateException("advertise() must be called before start()");
    }
    this.advertisedInfo = info;
  }

  /** What this node advertises ("" = nothing). */
  public String advertisedInfo() {
    return advertisedInfo;
  }

  /**
   * What {@code peerId} advertised in the last handshake accepted from it; empty if none was
   * received yet or it advertised nothing. Thread-safe.
   */
  public Optional<String> peerInfo(int peerId) {
    return Optional.ofNullable(peerInfo.get(peerId));
  }

  /** The bound port. */
  public int localPort() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /**
   * Sets who hears of each refused connection attempt to a peer (its id), on an I/O thread; must
   * not block. A refusal means the peer's host answered and nothing listens on the port; a timeout,
   * an unreachable network or a failed TLS handshake is not one.
   */
  public void onPeerRefused(IntConsumer listener) {
    this.refusedListener = Objects.requireNonNull(listener);
  }

  /** Whether {@code cause}, a failed connect, says that the peer's host refused the connection. */
  static boolean isRefusal(Throwable cause) {
    // Netty names a refusal "Connection refused" both with NIO and with native epoll (ECONNREFUSED);
    // other connect errors share the ConnectException type, a connect timeout a subclass.
    return cause instanceof ConnectException && !(cause instanceof ConnectTimeoutException)
        && cause.getMessage() != null && cause.getMessage().contains("Connection refused");
  }

  /**
   * Starts accepting peers from {@code config} and connecting to them.
   *
   * @param selfId this node's id in {@code config}
   * @param inbound receives every valid incoming message (on an I/O thread; must not block)
   */
  public synchronized void start(CoordinationConfig config, int selfId, Consumer<Message> inbound) {
    if (this.config != null) {
      throw new IllegalStateException("already started");
    }
    config.require(selfId);
    Map<Integer, List<InetAddress>> addrs = new HashMap<>();
    for (Member m : config.members()) {
      addrs.put(m.id(), resolve(m));
    }
    this.resolved = addrs;
    this.selfId = selfId;
    this.inbound = Objects.requireNonNull(inbound);
    this.config = config;
    for (Member m : config.members()) {
      if (m.id() != selfId) {
        PeerLink link = new PeerLink(m);
        peers.put(m.id(), link);
        link.connect();
      }
    }
    serverChannel.config().setAutoRead(true);
  }

  private static List<InetAddress> resolve(Member m) {
    try {
      return Arrays.asList(InetAddress.getAllByName(m.host()));
    } catch (UnknownHostException e) {
      LOG.warn("Cannot resolve {} (server {}) now; will retry when it connects", m.host(), m.id());
      return List.of();
    }
  }

  /**
   * Queues {@code m} for {@code m.to()}; never blocks. Dropped (and counted) if the peer's queue is
   * full or the peer is unknown.
   */
  public void send(Message m) {
    PeerLink link = peers.get(m.to());
    if (link == null || closed) {
      dropped.incrementAndGet();
      LOG.debug("Dropping {}: no link to server {}", m.getClass().getSimpleName(), m.to());
      return;
    }
    link.enqueue(m);
  }

  /** Messages dropped so far (full queues, unknown peers, oversized frames). */
  public long droppedMessages() {
    return dropped.get();
  }

  /** Inbound connections rejected so far (unknown id, wrong address, bad handshake). */
  public long rejectedConnections() {
    return rejected.get();
  }

  /** True if the outbound connection to {@code peerId} is established. */
  public boolean isConnected(int peerId) {
    PeerLink link = peers.get(peerId);
    return link != null && link.channel != null && link.channel.isActive();
  }

  /** How long closing waits for each network step (channel closes, event-loop shutdown). */
  private static final long CLOSE_WAIT_SECONDS = 5;

  @Override
  public void close() {
    closed = true;
    serverChannel.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    accepted.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    for (PeerLink link : peers.values()) {
      link.shutdown();
    }
    // Bounded: a server stopping on SIGTERM was once seen waiting here for ever with every
    // event-loop thread already gone; a stop must end whatever the network threads do.
    if (!group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
      LOG.warn("Raft transport: network threads did not stop within {} s; stopping without them",
          CLOSE_WAIT_SECONDS);
    }
  }

  // ---------------------------------------------------------------- inbound

  private LengthFieldBasedFrameDecoder frameDecoder() {
    return new LengthFieldBasedFrameDecoder(options.maxFrameBytes(), 0, 4, 0, 4);
  }

  private void initInbound(SocketChannel ch) {
    accepted.add(ch);
    if (tls != null) {
      ch.pipeline().addLast(tls.server().newHandler(ch.alloc()));
    }
    ch.pipeline().addLast(frameDecoder(), new InboundHandler());
  }

  /** Validates the handshake, then delivers messages from the identified peer. */
  private final class InboundHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private int peer;
    /** Set once the connection is refused: frames already decoded in the same read are ignored. */
    private boolean refused;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (config == null || closed) {
        LOG.debug("Closing connection from {}: not started", ctx.channel().remoteAddress());
        ctx.close();
        return;
      }
      ctx.executor().schedule(() -> {
        if (peer == 0 && ctx.channel().isActive()) {
          reject(ctx, "did not send a handshake within " + options.handshakeTimeout().toMillis()
              + " ms");
        }
      }, options.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      if (refused) {
        return;
      }
      if (peer == 0) {
        handshake(ctx, frame);
        return;
      }
      Message m;
      try {
        m = MessageCodec.decode(frame);
      } catch (WireFormatException e) {
        LOG.warn("Closing connection from server {} ({}): malformed frame: {}", peer,
            ctx.channel().remoteAddress(), e.getMessage());
        refused = true;
        ctx.close();
        return;
      }
      if (m.from() != peer || m.to() != selfId) {
        LOG.warn("Closing connection from server {} ({}): it sent a message from {} to {}", peer,
            ctx.channel().remoteAddress(), m.from(), m.to());
        refused = true;
        ctx.close();
        return;
      }
      inbound.accept(m);
    }

    private void handshake(ChannelHandlerContext ctx, ByteBuf frame) {
      MessageCodec.Handshake h;
      try {
        h = MessageCodec.decodeHandshake(frame);
      } catch (WireFormatException e) {
        reject(ctx, "bad handshake: " + e.getMessage());
        return;
      }
      CoordinationConfig cfg = config;
      if (h.from() == selfId) {
        reject(ctx, "claims to be server " + h.from() + ", which is this node");
        return;
      }
      Member m = cfg.member(h.from()).orElse(null);
      if (m == null) {
        reject(ctx, "claims to be server " + h.from() + ", which is not listed in the coordination"
            + " config (ids 1.." + cfg.size() + ")");
        return;
      }
      if (h.to() != selfId) {
        reject(ctx, "server " + h.from() + " wants server " + h.to() + " but this is server "
            + selfId + " (coordination configs differ between nodes?)");
        return;
      }
      InetAddress remote = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
      List<InetAddress> allowed = resolved.getOrDefault(m.id(), List.of());
      if (allowed.isEmpty()) {
        allowed = resolve(m);
      }
      if (!allowed.contains(remote)) {
        reject(ctx, "claims to be server " + h.from() + ", but server " + h.from()
            + " is listed at "
            + m.host() + " " + allowed + ", not " + remote.getHostAddress());
        return;
      }
      peer = h.from();
      if (h.info().isEmpty()) {
        peerInfo.remove(peer);
        LOG.info("Accepted Raft connection from server {} ({})", peer,
            ctx.channel().remoteAddress());
      } else {
        peerInfo.put(peer, h.info());
        LOG.info("Accepted Raft connection from server {} ({}), advertising \"{}\"", peer,
            ctx.channel().remoteAddress(), h.info());
      }
    }

    private void reject(ChannelHandlerContext ctx, String why) {
      refused = true;
      rejected.incrementAndGet();
      LOG.warn("Rejected Raft connection from {}: {}", ctx.channel().remoteAddress(), why);
      ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess() && !refused) {
        reject(ctx, "TLS handshake failed: " + tlsReason(e.cause()));
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (tlsFailure(cause) != null) {
        if (!refused) {
          reject(ctx, "TLS handshake failed: " + tlsReason(cause));
        }
        ctx.close();
        return;
      }
      if (cause instanceof TooLongFrameException) {
        LOG.warn("Closing connection from server {} ({}): {}", peer == 0 ? "?" : peer,
            ctx.channel().remoteAddress(), cause.getMessage());
      } else if (cause instanceof IOException) {
        LOG.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      } else {
        LOG.warn("Closing connection from {} after an error", ctx.channel().remoteAddress(), cause);
      }
      ctx.close();
    }
  }

  // ---------------------------------------------------------------- outbound

  /** The outbound connection to one peer, its queue and its reconnect loop. */
  private final class PeerLink {
    private final Member member;
    private final Queue<Message> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile Channel channel;
    private long backoffMillis;
    private boolean loggedDown;
    /**
     * When the current connection was established (System.nanoTime), on its event loop. The
     * back-off is reset only when a connection that lived long closes, never on connecting, so
     * a peer that accepts and drops every connection is retried ever more slowly.
     */
    private long connectedAt;

    PeerLink(Member member) {
      this.member = member;
      this.backoffMillis = options.backoffMin().toMillis();
    }

    void enqueue(Message m) {
      if (channel == null) {
        // Unreachable: drop rather than deliver stale messages later; Raft re-sends from its
        // own state once the peer answers again.
        dropped.incrementAndGet();
        return;
      }
      if (queued.incrementAndGet() > options.queueCapacity()) {
        queued.decrementAndGet();
        dropped.incrementAndGet();
        return;
      }
      queue.add(m);
      scheduleDrain();
    }

    private void scheduleDrain() {
      Channel ch = channel;
      if (ch != null && drainScheduled.compareAndSet(false, true)) {
        ch.eventLoop().execute(this::drain);
      }
    }

    private void drain() {
      drainScheduled.set(false);
      Channel ch = channel;
      if (ch == null || !ch.isActive()) {
        return;
      }
      int written = 0;
      Message m;
      while (ch.isWritable() && (m = queue.poll()) != null) {
        queued.decrementAndGet();
        ByteBuf buf = ch.alloc().buffer(MessageCodec.sizeHint(m) + 4);
        buf.writeInt(0);
        MessageCodec.encode(m, buf);
        int len = buf.writerIndex() - 4;
        if (len > options.maxFrameBytes()) {
          buf.release();
          dropped.incrementAndGet();
          LOG.warn("Dropping {} to server {}: {} bytes exceed the frame limit {}",
              m.getClass().getSimpleName(), member.id(), len, options.maxFrameBytes());
          continue;
        }
        buf.setInt(0, len);
        ch.write(buf, ch.voidPromise());
        written++;
      }
      if (written > 0) {
        ch.flush();
      }
    }

    void connect() {
      if (closed) {
        return;
      }
      InetSocketAddress addr = new InetSocketAddress(member.host(), member.port());
      Bootstrap b = new Bootstrap()
          .group(group)
          .channel(sockets.socketChannel())
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
          .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              if (tls != null) {
                ch.pipeline().addLast(tls.client().newHandler(ch.alloc(), member.host(), member.port()));
              }
              ch.pipeline().addLast(new OutboundHandler());
            }
          });
      b.connect(addr).addListener(f -> {
        if (!f.isSuccess()) {
          if (isRefusal(f.cause())) {
            try {
              refusedListener.accept(member.id());
            } catch (RuntimeException e) {
              LOG.warn("The listener for refused connections failed on server {}", member.id(), e);
            }
          }
          if (!loggedDown) {
            loggedDown = true;
            LOG.info("Cannot reach server {} at {}: {}; retrying with back-off up to {} ms",
                member.id(), member.endpoint(), f.cause().getMessage(),
                options.backoffMax().toMillis());
          }
          scheduleReconnect();
        }
      });
    }

    /**
     * Reconnects after a connection closed. One that had lived for at least the first back-off
     * delay is retried at once and then after 1, 2, 4 ... ms, so a peer whose process died is
     * known to refuse connections within a few ms (Raft's followers skip most of their election
     * timeout then), even when the first attempt still reaches its closing listener. One that
     * closed sooner (a peer that accepts and then drops us) backs off further, as a failed attempt
     * does.
     */
    private void reconnectAfterClose(boolean lived) {
      if (lived) {
        backoffMillis = 0;
      }
      scheduleReconnect();
    }

    private void scheduleReconnect() {
      if (closed) {
        return;
      }
      long delay = backoffMillis;
      backoffMillis = Math.min(Math.max(1, backoffMillis * 2), options.backoffMax().toMillis());
      group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
      Channel ch = channel;
      if (ch != null) {
        ch.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      }
      queue.clear();
    }

    /**
     * Sends the handshake on connect (with TLS: once the TLS handshake succeeded); reconnects on
     * close. Nothing is read on this side.
     */
    private final class OutboundHandler extends SimpleChannelInboundHandler<ByteBuf> {
      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        if (tls == null) {
          connected(ctx);
        }
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
          if (e.isSuccess()) {
            connected(ctx);
          } else {
            tlsFailed(ctx, e.cause());
          }
        }
        ctx.fireUserEventTriggered(evt);
      }

      private void tlsFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (!loggedDown) {
          loggedDown = true;
          LOG.warn("TLS handshake with server {} at {} failed: {}; retrying with back-off up to {} ms",
              member.id(), member.endpoint(), tlsReason(cause), options.backoffMax().toMillis());
        }
        ctx.close();
      }

      private void connected(ChannelHandlerContext ctx) {
        ByteBuf hs = ctx.alloc().buffer(20);
        hs.writeInt(0);
        MessageCodec.encodeHandshake(
            new MessageCodec.Handshake(selfId, member.id(), advertisedInfo), hs);
        hs.setInt(0, hs.writerIndex() - 4);
        ctx.writeAndFlush(hs, ctx.voidPromise());
        connectedAt = System.nanoTime();
        if (loggedDown) {
          LOG.info("Connected to server {} at {}", member.id(), member.endpoint());
        }
        loggedDown = false;
        channel = ctx.channel();
        if (closed) {
          ctx.close();
          return;
        }
        scheduleDrain();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        boolean lived = false;
        if (channel == ctx.channel()) {
          lived = System.nanoTime() - connectedAt >= options.backoffMin().toNanos();
          channel = null;
          Message stale;
          while ((stale = queue.poll()) != null) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
          }
        }
        if (!closed) {
          LOG.debug("Connection to server {} closed; reconnecting", member.id());
          loggedDown = true;
          reconnectAfterClose(lived);
        }
      }

      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
          scheduleDrain();
        }
      }

      @Override
      protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
        // The acceptor never writes on this connection.
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (tlsFailure(cause) != null) {
          tlsFailed(ctx, cause);
          return;
        }
        LOG.debug("Connection to server {} failed: {}", member.id(), cause.toString());
        ctx.close();
      }
    }
  }

  /** The TLS exception in {@code cause}'s chain, or null. */
  private static SSLException tlsFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException e) {
        return e;
      }
    }
    return null;
  }

  /** The innermost message of a TLS failure: what the peer's certificate or protocol got wrong. */
  private static String tlsReason(Throwable cause) {
    Throwable t = cause;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}

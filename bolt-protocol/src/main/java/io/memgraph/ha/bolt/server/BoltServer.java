package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.transport.WebSocketOrigins;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Bolt server: accepts TCP connections, negotiates the Bolt version, and runs each connection's
 * requests against a {@link BoltBackend}.
 *
 * <pre>{@code
 * try (BoltServer server = BoltServer.builder(backend).host("127.0.0.1").port(0).build()) {
 *   int port = server.start();
 *   ...
 * }
 * }</pre>
 */
public final class BoltServer implements AutoCloseable {

  /** The default maximum size of one Bolt message, summed over its chunks. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

  /** The default cap on open client connections. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /** The default time a client may leave its responses unread before it is disconnected. */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

  /** The default session inactivity timeout, as Memgraph's {@code --bolt-session-inactivity-timeout}. */
  public static final Duration DEFAULT_SESSION_INACTIVITY_TIMEOUT = Duration.ofSeconds(1800);

  /** The default time an incomplete message may go without a byte arriving. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /** The default time {@link #close()} lets requests still running finish before it interrupts them. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

  private final Config config;
  private final BoltServerStats stats = new BoltServerStats();
  private ServerRuntime runtime;

  private BoltServer(Config config) {
    this.config = config;
  }

  /** Starts building a server that runs requests against {@code backend}. */
  public static Builder builder(BoltBackend backend) {
    return new Builder(backend);
  }

  /**
   * Binds and starts accepting connections.
   *
   * @return the bound port (the ephemeral port chosen by the OS when configured with port 0)
   * @throws IllegalStateException if already started
   * @throws java.io.UncheckedIOException if the address cannot be bound (names host and port)
   */
  public synchronized int start() {
    if (runtime != null) {
      throw new IllegalStateException("Bolt server already started on port " + runtime.port());
    }
    runtime = ServerRuntime.start(config, stats);
    return runtime.port();
  }

  /** The bound port; only valid after {@link #start()}. */
  public synchronized int port() {
    if (runtime == null) {
      throw new IllegalStateException("Bolt server not started");
    }
    return runtime.port();
  }

  /** Connections accepted and failures sent since the server was built. */
  public BoltServerStats stats() {
    return stats;
  }

  /** Number of client connections currently open. */
  public synchronized int openConnections() {
    return runtime == null ? 0 : runtime.openConnections();
  }

  /** Number of event loops serving the connections; only valid after {@link #start()}. */
  public synchronized int ioThreads() {
    if (runtime == null) {
      throw new IllegalStateException("Bolt server not started");
    }
    return runtime.ioThreads();
  }

  /** Stops accepting, closes every connection (their sessions are closed) and releases threads. */
  @Override
  public synchronized void close() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  /** The server's settings, fixed at build time. */
  record Config(
      BoltBackend backend,
      String host,
      int port,
      String serverAgent,
      int maxMessageSize,
      int workerThreads,
      int ioThreads,
      Map<String, Object> hints,
      SslContext sslContext,
      Duration handshakeTimeout,
      Duration writeTimeout,
      Duration sessionInactivityTimeout,
      Duration readTimeout,
      int maxConnections,
      Duration stopGrace,
      WebSocketOrigins webSocketOrigins) {}

  /** Builds a {@link BoltServer}; every setting has a default except the backend. */
  public static final class Builder {
    private final BoltBackend backend;
    private String host = "0.0.0.0";
    private int port = 7687;
    private String serverAgent = "Neo4j/5.26.0";
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int workerThreads = 64;
    private int ioThreads = Runtime.getRuntime().availableProcessors();
    private final Map<String, Object> hints = new LinkedHashMap<>();
    private SslContext sslContext;
    private Duration handshakeTimeout = Duration.ofSeconds(30);
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private Duration sessionInactivityTimeout = DEFAULT_SESSION_INACTIVITY_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration stopGrace = DEFAULT_STOP_GRACE;
    private WebSocketOrigins webSocketOrigins = WebSocketOrigins.LOOPBACK;

    private Builder(BoltBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** The address to bind, default {@code 0.0.0.0}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port to bind, default 7687; 0 picks an ephemeral port (see {@link BoltServer#start()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Bolt port must be in 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The {@code server} agent sent in the HELLO SUCCESS. Drivers parse it (some require the
     * {@code Neo4j/} prefix), so the default mimics a Neo4j 5 server.
     */
    public Builder serverAgent(String serverAgent) {
      this.serverAgent = Objects.requireNonNull(serverAgent, "serverAgent");
      return this;
    }

    /** The largest message accepted, summed over its chunks; default 64 MiB. */
    public Builder maxMessageSize(int maxMessageSize) {
      if (maxMessageSize < 1) {
        throw new IllegalArgumentException("max message size must be positive, got " + maxMessageSize);
      }
      this.maxMessageSize = maxMessageSize;
      return this;
    }

    /** Threads that run backend calls, default 64 (a connection uses at most one at a time, its calls stay in order). */
    public Builder workerThreads(int workerThreads) {
      if (workerThreads < 1) {
        throw new IllegalArgumentException("worker threads must be positive, got " + workerThreads);
      }
      this.workerThreads = workerThreads;
      return this;
    }

    /**
     * Event loops that read and write the connections, default one per available processor (not
     * Netty's two: the loops never block, and on two cores four loops cost a point read about a
     * quarter more CPU in wake-ups and system calls).
     */
    public Builder ioThreads(int ioThreads) {
      if (ioThreads < 1) {
        throw new IllegalArgumentException("I/O threads must be positive, got " + ioThreads);
      }
      this.ioThreads = ioThreads;
      return this;
    }

    /** Adds a hint sent in the HELLO SUCCESS {@code hints} map (e.g. {@code connection.recv_timeout_seconds}). */
    public Builder hint(String key, Object value) {
      hints.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Serve TLS with this context; by default the server speaks plain TCP. */
    public Builder sslContext(SslContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    /** How long a new connection may take to send its handshake before it is closed; default 30 s. */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
        throw new IllegalArgumentException("handshake timeout must be positive, got " + handshakeTimeout);
      }
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    /**
     * How long a client may leave the server's outbound buffer full (it does not read its
     * results) before it is disconnected with a WARN; default 60 s, {@link Duration#ZERO} for
     * never. Such a client holds no worker thread meanwhile, only a few hundred KiB of buffers.
     */
    public Builder writeTimeout(Duration writeTimeout) {
      this.writeTimeout = nonNegative(writeTimeout, "write timeout");
      return this;
    }

    /**
     * How long a connection may send no request, while none of its requests is running or
     * streaming, before it is closed (its session too, so an open transaction is rolled back);
     * default 1800 s as Memgraph's {@code --bolt-session-inactivity-timeout}, {@link Duration#ZERO}
     * for never.
     */
    public Builder sessionInactivityTimeout(Duration sessionInactivityTimeout) {
      this.sessionInactivityTimeout = nonNegative(sessionInactivityTimeout, "session inactivity timeout");
      return this;
    }

    /**
     * How long a message that has started to arrive (a chunk header promising bytes, part of a
     * chunk, a chunk without the end-of-message marker) may go without a byte arriving before the
     * connection is closed with a WARN; default 30 s, {@link Duration#ZERO} for never. It bounds a
     * client that announces bytes and never sends them, far sooner than the session inactivity
     * timeout (which catches it too, but only after 30 minutes by default).
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = nonNegative(readTimeout, "read timeout");
      return this;
    }

    /**
     * The most client connections open at once, default {@value BoltServer#DEFAULT_MAX_CONNECTIONS}; a
     * connection beyond it is closed right after it is accepted, with a WARN at most every 10 s.
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("max connections must be positive, got " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * How long {@link BoltServer#close()}, once every connection is closed, waits for requests
     * still running in the backend to end before it interrupts them; default 5 s,
     * {@link Duration#ZERO} to interrupt them at once.
     */
    public Builder stopGrace(Duration stopGrace) {
      this.stopGrace = nonNegative(stopGrace, "stop grace");
      return this;
    }

    /**
     * The web pages that may open Bolt over WebSocket besides those this machine's loopback serves
     * (and clients that are not browsers); default none.
     */
    public Builder webSocketOrigins(WebSocketOrigins webSocketOrigins) {
      this.webSocketOrigins = Objects.requireNonNull(webSocketOrigins, "webSocketOrigins");
      return this;
    }

    private static Duration nonNegative(Duration d, String what) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be zero (off) or positive, got " + d);
      }
      return d;
    }

    /** Builds the (not yet started) server. */
    public BoltServer build() {
      return new BoltServer(
          new Config(backend, host, port, serverAgent, maxMessageSize, workerThreads, ioThreads, Map.copyOf(hints), sslContext,
          handshakeTimeout, writeTimeout, sessionInactivityTimeout, readTimeout, maxConnections, stopGrace,
          webSocketOrigins));
    }
  }
}

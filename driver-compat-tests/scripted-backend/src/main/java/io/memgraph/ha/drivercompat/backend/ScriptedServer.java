package io.memgraph.ha.drivercompat.backend;

import io.memgraph.ha.bolt.server.BoltServer;

/**
 * A {@link BoltServer} on an ephemeral port of 127.0.0.1 running a {@link ScriptedBackend}, for one test.
 */
public final class ScriptedServer implements AutoCloseable {

  /** The server agent announced in HELLO SUCCESS; drivers report it in their server info. */
  public static final String AGENT = "Neo4j/5.26.0";

  private final ScriptedBackend backend;
  private final BoltServer server;
  private final int port;

  private ScriptedServer(ScriptedBackend backend) {
    this.backend = backend;
    // Drivers send TELEMETRY (Bolt 5.4) only when the server asks for it.
    this.server = BoltServer.builder(backend).host("127.0.0.1").port(0).serverAgent(AGENT).workerThreads(2)
        .hint("telemetry.enabled", true).build();
    this.port = server.start();
  }

  /** Starts a server for {@code backend}. */
  public static ScriptedServer start(ScriptedBackend backend) {
    return new ScriptedServer(backend);
  }

  /** The {@code bolt://} URI of the server (no routing). */
  public String uri() {
    return "bolt://127.0.0.1:" + port;
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /** The backend behind the server. */
  public ScriptedBackend backend() {
    return backend;
  }

  /** The single session opened so far; fails when the driver opened none or several connections. */
  public ScriptedSession onlySession() {
    var sessions = backend.sessions();
    if (sessions.size() != 1) {
      throw new AssertionError("expected exactly one Bolt connection, found " + sessions.size() + ": "
          + sessions.stream().map(ScriptedSession::calls).toList());
    }
    return sessions.get(0);
  }

  @Override
  public void close() {
    server.close();
  }
}

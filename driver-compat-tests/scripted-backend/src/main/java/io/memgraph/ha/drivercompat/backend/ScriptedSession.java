package io.memgraph.ha.drivercompat.backend;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One connection's session of the {@link ScriptedBackend}: answers from the script and records
 * each call as a short string ({@link #calls()}).
 */
public final class ScriptedSession implements BoltSession {

  private final ScriptedBackend backend;
  private final ConnectionInfo info;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<ScriptedResult> openResults = new ArrayList<>();
  private volatile TxOptions lastTxOptions;
  private volatile Map<String, Object> lastParameters;
  private boolean inTransaction;

  ScriptedSession(ScriptedBackend backend, ConnectionInfo info) {
    this.backend = backend;
    this.info = info;
    calls.add("OPEN " + info.protocolVersion());
  }

  /** What the server told the backend about the connection. */
  public ConnectionInfo info() {
    return info;
  }

  /** The calls so far, e.g. {@code ["OPEN 5.4", "AUTH basic neo4j", "RUN RETURN 1", "PULL 1000 RETURN 1"]}. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** The options of the last BEGIN or auto-commit RUN. */
  public TxOptions lastTxOptions() {
    return lastTxOptions;
  }

  /** The parameters of the last RUN, as the server decoded them. */
  public Map<String, Object> lastParameters() {
    return lastParameters;
  }

  void record(String call) {
    calls.add(call);
  }

  @Override
  public void authenticate(Map<String, Object> authToken) {
    calls.add("AUTH " + authToken.get("scheme") + " " + authToken.get("principal"));
    if (!(authToken.get("principal") instanceof String user) || user.isEmpty()
        || !ScriptedBackend.PASSWORD.equals(authToken.get("credentials"))) {
      throw new BoltFailureException(BoltFailureException.UNAUTHORIZED, "wrong user name or password");
    }
  }

  @Override
  public void logoff() {
    calls.add("LOGOFF");
  }

  @Override
  public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
    calls.add("RUN " + query);
    lastParameters = parameters;
    if (!inTransaction) {
      lastTxOptions = options;
    }
    ScriptedQuery answer = backend.answer(query);
    if (answer.failureCode() != null) {
      throw new BoltFailureException(answer.failureCode(), answer.failureMessage());
    }
    String bookmark = inTransaction ? null : backend.nextBookmark();
    if (answer.echo()) {
      answer = ScriptedQuery.result(List.copyOf(parameters.keySet()), List.of(new ArrayList<>(parameters.values())));
    }
    ScriptedResult result = new ScriptedResult(this, query, answer, bookmark);
    openResults.add(result);
    return result;
  }

  @Override
  public void begin(TxOptions options) {
    calls.add("BEGIN");
    lastTxOptions = options;
    inTransaction = true;
  }

  @Override
  public String commit() {
    calls.add("COMMIT");
    inTransaction = false;
    return backend.nextBookmark();
  }

  @Override
  public void rollback() {
    calls.add("ROLLBACK");
    inTransaction = false;
  }

  @Override
  public Map<String, Object> route(Map<String, Object> routingContext, List<String> bookmarks, String database,
      String impersonatedUser) {
    calls.add("ROUTE " + (database == null ? "<default>" : database));
    // This server is the whole cluster: the one address for every role.
    InetSocketAddress local = (InetSocketAddress) info.localAddress();
    List<String> self = List.of(local.getHostString() + ":" + local.getPort());
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("ttl", 300L);
    table.put("db", database == null ? "neo4j" : database);
    table.put("servers", List.of(
        Map.of("addresses", self, "role", "ROUTE"),
        Map.of("addresses", self, "role", "READ"),
        Map.of("addresses", self, "role", "WRITE")));
    return table;
  }

  @Override
  public void telemetry(long api) {
    calls.add("TELEMETRY " + api);
  }

  @Override
  public void interrupt() {
    calls.add("INTERRUPT");
  }

  @Override
  public void reset() {
    calls.add("RESET");
    inTransaction = false;
    openResults.clear();
  }

  @Override
  public void close() {
    calls.add("CLOSE");
  }
}

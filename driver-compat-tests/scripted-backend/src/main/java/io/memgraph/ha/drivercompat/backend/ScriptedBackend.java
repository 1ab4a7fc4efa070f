package io.memgraph.ha.drivercompat.backend;

import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BoltBackend} for tests: queries are answered from a script ({@link #script}), and every
 * call the Bolt server makes is recorded per connection ({@link #sessions()}), so a test can check
 * what a real driver actually sent: {@code RUN q}, {@code PULL 2 q}, {@code DISCARD -1 q},
 * {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}, {@code RESET}, ...
 *
 * <p>Credentials: any non-empty user with password {@link #PASSWORD} ({@link #USER} is the one
 * tests use by default); anything else is refused with {@code Neo.ClientError.Security.Unauthorized}. Commits return bookmarks {@code bm-1},
 * {@code bm-2}, ... Thread-safe: the server calls it from its worker threads.
 */
public final class ScriptedBackend implements BoltBackend {

  /** The user name tests log in with. */
  public static final String USER = "neo4j";

  /** The password every user must present. */
  public static final String PASSWORD = "letmein";

  private final Map<String, ScriptedQuery> script = new ConcurrentHashMap<>();
  private final List<ScriptedSession> sessions = new CopyOnWriteArrayList<>();
  private final AtomicLong bookmarks = new AtomicLong();
  private final Map<String, Failures> failFirst = new ConcurrentHashMap<>();
  private final List<String> unrecordedAgents = new CopyOnWriteArrayList<>();

  /** A failure that {@code query}'s RUN raises the next {@code remaining} times. */
  private record Failures(AtomicLong remaining, String code, String message) {}

  /** Answers {@code query} (exact text) as described; returns this backend for chaining. */
  public ScriptedBackend script(String query, ScriptedQuery answer) {
    script.put(query, answer);
    return this;
  }

  /**
   * Makes the next {@code times} RUNs of {@code query} fail with {@code code} before the script
   * answers it normally (e.g. a transient error that a driver's managed transaction retries).
   */
  public ScriptedBackend failFirst(String query, int times, String code, String message) {
    failFirst.put(query, new Failures(new AtomicLong(times), code, message));
    return this;
  }

  /**
   * Serves connections whose HELLO {@code user_agent} starts with {@code userAgentPrefix} but leaves them out
   * of {@link #sessions()} and {@link #allCalls()}: e.g. the leader probes a proxy in front of this
   * backend makes every second, which are not the driver's connections.
   */
  public ScriptedBackend unrecorded(String userAgentPrefix) {
    unrecordedAgents.add(userAgentPrefix);
    return this;
  }

  /** Every session opened so far, in order (one per Bolt connection), but the {@link #unrecorded} ones. */
  public List<ScriptedSession> sessions() {
    return List.copyOf(sessions);
  }

  /** The calls of all sessions, session after session. */
  public List<String> allCalls() {
    return sessions.stream().flatMap(s -> s.calls().stream()).toList();
  }

  @Override
  public BoltSession open(ConnectionInfo info) {
    ScriptedSession session = new ScriptedSession(this, info);
    if (unrecordedAgents.stream().noneMatch(info.userAgent()::startsWith)) {
      sessions.add(session);
    }
    return session;
  }

  ScriptedQuery answer(String query) {
    Failures failures = failFirst.get(query);
    if (failures != null && failures.remaining().getAndDecrement() > 0) {
      return ScriptedQuery.failure(failures.code(), failures.message());
    }
    ScriptedQuery answer = script.get(query);
    if (answer == null) {
      throw new BoltFailureException("Neo.ClientError.Statement.SyntaxError",
          "the scripted backend has no answer for the query '" + query + "'");
    }
    return answer;
  }

  String nextBookmark() {
    return "bm-" + bookmarks.incrementAndGet();
  }
}

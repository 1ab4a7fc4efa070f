package io.memgraph.ha.bolt.testing;

import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import io.memgraph.ha.bolt.server.spi.Notification;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A backend for tests that answers queries from a script instead of a database.
 *
 * <ul>
 *   <li>{@link #result} registers the fields and rows of a query text;</li>
 *   <li>{@link #failure} makes a query fail with a status code;</li>
 *   <li>the query {@code "BLOCK"} blocks until the session is interrupted (RESET) or 10 s pass;</li>
 *   <li>the query {@code "RETURN $x AS x"} echoes the parameter {@code x};</li>
 *   <li>an auth token with credentials {@code "wrong"} is refused;</li>
 *   <li>queries starting with {@code CREATE} are writes (type "w", and a bookmark in auto-commit).</li>
 * </ul>
 * Every call is appended to {@link #calls()} as a short string ({@code "run:RETURN 1"}, {@code "begin"}, ...).
 * {@link #generated} registers a large result whose rows are made as they are pulled (so a test can
 * stream gigabytes without holding them), {@link #rowsPulled()} counts rows handed to the server,
 * and {@link #sessionCloseCounts()} tells how often each session was closed.
 */
public final class ScriptedBackend implements BoltBackend {

  /** One scripted result. */
  public record Script(List<String> fields, List<List<Object>> rows) {}

  private final Map<String, Script> results = new ConcurrentHashMap<>();
  private final Map<String, BoltFailureException> failures = new ConcurrentHashMap<>();
  private final Map<String, List<Notification>> notifications = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> resetThreads = new CopyOnWriteArrayList<>();
  private final List<String> runThreads = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> quick = ConcurrentHashMap.newKeySet();
  private final List<String> txThreads = new CopyOnWriteArrayList<>();
  private volatile boolean quickTransactions;
  private final List<ConnectionInfo> connections = new CopyOnWriteArrayList<>();
  private final AtomicLong bookmarks = new AtomicLong();
  private final AtomicLong rowsPulled = new AtomicLong();
  private final List<AtomicInteger> closeCounts = new CopyOnWriteArrayList<>();
  private final CountDownLatch blocked = new CountDownLatch(1);
  private volatile Map<String, Object> routingTable = Map.of("ttl", 300L, "db", "neo4j", "servers", List.of());

  /** Registers a query's result. */
  public ScriptedBackend result(String query, List<String> fields, List<List<Object>> rows) {
    results.put(query, new Script(List.copyOf(fields), List.copyOf(rows)));
    return this;
  }

  /** Makes the summary of {@code query}'s result report {@code notes}. */
  public ScriptedBackend notifications(String query, List<Notification> notes) {
    notifications.put(query, List.copyOf(notes));
    return this;
  }

  /**
   * Registers a result of {@code rows} rows of one column made on demand by {@code row} (from the
   * row's index), so that huge results cost no memory in the test.
   */
  public ScriptedBackend generated(String query, String field, int rows, IntFunction<Object> row) {
    results.put(query, new Script(List.of(field), new AbstractList<>() {
      @Override
      public List<Object> get(int index) {
        return List.of(row.apply(index));
      }

      @Override
      public int size() {
        return rows;
      }
    }));
    return this;
  }

  /** Rows handed to the server by every result so far. */
  public long rowsPulled() {
    return rowsPulled.get();
  }

  /** For each session opened so far (in opening order), how many times it was closed. */
  public List<Integer> sessionCloseCounts() {
    return closeCounts.stream().map(AtomicInteger::get).toList();
  }

  /** Makes a query fail. */
  public ScriptedBackend failure(String query, String code, String message) {
    failures.put(query, new BoltFailureException(code, message));
    return this;
  }

  /** Sets the ROUTE answer. */
  public ScriptedBackend routingTable(Map<String, Object> rt) {
    this.routingTable = rt;
    return this;
  }

  /** The calls made so far, in order. */
  public List<String> calls() {
    return Collections.unmodifiableList(calls);
  }

  /** Makes the sessions say that {@code query} runs without waiting (see {@link BoltSession#runsWithoutWaiting}). */
  public ScriptedBackend quick(String query) {
    quick.add(query);
    return this;
  }

  /**
   * Makes the sessions say that BEGIN and COMMIT wait for nothing, and that the {@link #quick}
   * queries do not inside a transaction either.
   */
  public ScriptedBackend quickTransactions() {
    quickTransactions = true;
    return this;
  }

  /** For each BEGIN and COMMIT so far, in order: {@code begin} or {@code commit}, {@code @}, the thread's name. */
  public List<String> txThreads() {
    return List.copyOf(txThreads);
  }

  /** For each query run so far, in order: the query, {@code @}, the name of the thread it ran on. */
  public List<String> runThreads() {
    return List.copyOf(runThreads);
  }

  /** The name of the thread each session reset ran on, in order. */
  public List<String> resetThreads() {
    return List.copyOf(resetThreads);
  }

  /** The connections opened so far. */
  public List<ConnectionInfo> connections() {
    return Collections.unmodifiableList(connections);
  }

  /** Waits until a {@code BLOCK} query is running. */
  public boolean awaitBlocked(long millis) throws InterruptedException {
    return blocked.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public BoltSession open(ConnectionInfo info) {
    connections.add(info);
    calls.add("open:" + info.protocolVersion());
    AtomicInteger closes = new AtomicInteger();
    closeCounts.add(closes);
    return new Session(closes);
  }

  private final class Session implements BoltSession {
    private final AtomicInteger closes;
    private volatile Thread running;
    private boolean inTx;

    Session(AtomicInteger closes) {
      this.closes = closes;
    }

    @Override
    public void authenticate(Map<String, Object> authToken) {
      calls.add("auth:" + authToken.getOrDefault("principal", ""));
      if ("wrong".equals(authToken.get("credentials"))) {
        throw new BoltFailureException(BoltFailureException.UNAUTHORIZED, "The client is unauthorized due to authentication failure.");
      }
    }

    @Override
    public void logoff() {
      calls.add("logoff");
    }

    @Override
    public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
      calls.add("run:" + query);
      runThreads.add(query + "@" + Thread.currentThread().getName());
      BoltFailureException failure = failures.get(query);
      if (failure != null) {
        throw new BoltFailureException(failure.code(), failure.getMessage());
      }
      if (query.equals("BLOCK")) {
        running = Thread.currentThread();
        blocked.countDown();
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          throw new BoltFailureException(BoltFailureException.TERMINATED, "The transaction has been terminated.");
        } finally {
          running = null;
          Thread.interrupted();
        }
        return new Stream(new Script(List.of(), List.of()), false);
      }
      Script script = results.get(query);
      if (script == null && query.equals("RETURN $x AS x")) {
        List<Object> row = new ArrayList<>();
        row.add(parameters.get("x"));
        script = new Script(List.of("x"), List.of(row));
      }
      if (script == null) {
        throw new BoltFailureException("Neo.ClientError.Statement.SyntaxError", "unknown query '" + query + "'");
      }
      return new Stream(script, query.startsWith("CREATE") && !inTx, notifications.getOrDefault(query, List.of()));
    }

    @Override
    public boolean runsWithoutWaiting(String query, TxOptions options) {
      return (!inTx || quickTransactions) && quick.contains(query);
    }

    @Override
    public boolean beginsWithoutWaiting(TxOptions options) {
      return quickTransactions && !inTx;
    }

    @Override
    public boolean commitsWithoutWaiting() {
      return quickTransactions && inTx;
    }

    @Override
    public void begin(TxOptions options) {
      calls.add("begin" + (options.readOnly() ? ":r" : "") + (options.database() == null ? "" : ":" + options.database()));
      inTx = true;
      txThreads.add("begin@" + Thread.currentThread().getName());
    }

    @Override
    public String commit() {
      calls.add("commit");
      txThreads.add("commit@" + Thread.currentThread().getName());
      inTx = false;
      return "bm-" + bookmarks.incrementAndGet();
    }

    @Override
    public void rollback() {
      calls.add("rollback");
      inTx = false;
    }

    @Override
    public Map<String, Object> route(Map<String, Object> routingContext, List<String> bookmarks, String database,
        String impersonatedUser) {
      calls.add("route:" + database);
      return routingTable;
    }

    @Override
    public void telemetry(long api) {
      calls.add("telemetry:" + api);
    }

    @Override
    public void interrupt() {
      Thread t = running;
      if (t != null) {
        t.interrupt();
      }
    }

    @Override
    public void reset() {
      calls.add("reset");
      resetThreads.add(Thread.currentThread().getName());
      inTx = false;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      calls.add("close");
    }
  }

  private final class Stream implements ResultStream {
    private final Script script;
    private final boolean autoCommitWrite;
    private final List<Notification> notes;
    private int next;

    Stream(Script script, boolean autoCommitWrite) {
      this(script, autoCommitWrite, List.of());
    }

    Stream(Script script, boolean autoCommitWrite, List<Notification> notes) {
      this.script = script;
      this.autoCommitWrite = autoCommitWrite;
      this.notes = notes;
    }

    @Override
    public List<Notification> notifications() {
      return notes;
    }

    @Override
    public List<String> fields() {
      return script.fields();
    }

    @Override
    public boolean pull(long n, RecordSink sink) {
      long limit = n < 0 ? Long.MAX_VALUE : n;
      for (long i = 0; i < limit && next < script.rows().size(); i++) {
        sink.accept(script.rows().get(next++));
        rowsPulled.incrementAndGet();
      }
      return next < script.rows().size();
    }

    @Override
    public boolean discard(long n) {
      next = n < 0 ? script.rows().size() : (int) Math.min(script.rows().size(), next + n);
      return next < script.rows().size();
    }

    @Override
    public Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", autoCommitWrite ? "w" : "r");
      if (autoCommitWrite) {
        m.put("bookmark", "bm-" + bookmarks.incrementAndGet());
      }
      return m;
    }
  }
}

package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ScriptedBackend} whose commits are asynchronous, as a backend that waits for
 * replication: {@link BoltSession#commitAsync()} and the {@link ResultStream#summaryAsync()} of an
 * auto-commit write (a query starting with {@code CREATE} outside a transaction) return futures that
 * stay incomplete until the test completes them. Each one is queued as a {@link Deferred}, to be
 * taken with {@link #next()}. The scripted backend does the rest and records every call, and each
 * session's {@link BoltSession#interrupt()} calls are counted.
 */
final class DeferringBackend implements BoltBackend {

  /** A commit (or auto-commit summary) the server is waiting for. */
  static final class Deferred {
    final String kind;
    final int session;
    private final CompletableFuture<Object> future;
    private final Object value;

    Deferred(String kind, int session, CompletableFuture<Object> future, Object value) {
      this.kind = kind;
      this.session = session;
      this.future = future;
      this.value = value;
    }

    /** The bookmark (commit) or summary map (auto-commit) the scripted backend made for it. */
    Object value() {
      return value;
    }

    /** Completes it with what the scripted backend made, on the calling thread. */
    void succeed() {
      future.complete(value);
    }

    /** Completes it with {@code v} (a bookmark for a commit, a summary map otherwise). */
    void succeedWith(Object v) {
      future.complete(v);
    }

    /** Fails it. */
    void fail(Throwable t) {
      future.completeExceptionally(t);
    }

    boolean isDone() {
      return future.isDone();
    }

    /** Whether the server has attached its continuation (it registers the reply right after). */
    boolean awaited() {
      return future.getNumberOfDependents() > 0;
    }
  }

  final ScriptedBackend scripted;
  private final BlockingQueue<Deferred> deferred = new LinkedBlockingQueue<>();
  private final List<Deferred> all = new CopyOnWriteArrayList<>();
  private final List<AtomicInteger> interrupts = new CopyOnWriteArrayList<>();

  DeferringBackend(ScriptedBackend scripted) {
    this.scripted = scripted;
  }

  /** The next commit the server waits for, in the order they were asked for; fails after 10 s. */
  Deferred next() throws InterruptedException {
    Deferred d = deferred.poll(10, TimeUnit.SECONDS);
    if (d == null) {
      throw new AssertionError("no asynchronous commit was asked for within 10 s; calls: " + scripted.calls());
    }
    return d;
  }

  /** Whether a commit is waiting that {@link #next()} has not handed out yet. */
  boolean hasNext() {
    return !deferred.isEmpty();
  }

  /** Fails every commit still incomplete (test clean-up, so that no connection waits forever). */
  void failAllPending() {
    for (Deferred d : all) {
      d.fail(new IllegalStateException("test over"));
    }
  }

  /** How often each session (in opening order) was interrupted. */
  List<Integer> interruptCounts() {
    return interrupts.stream().map(AtomicInteger::get).toList();
  }

  @Override
  public BoltSession open(ConnectionInfo info) {
    BoltSession inner = scripted.open(info);
    AtomicInteger count = new AtomicInteger();
    interrupts.add(count);
    return new Session(inner, interrupts.size() - 1, count);
  }

  private Deferred defer(String kind, int session, Object value) {
    Deferred d = new Deferred(kind, session, new CompletableFuture<>(), value);
    all.add(d);
    deferred.add(d);
    return d;
  }

  private final class Session implements BoltSession {
    private final BoltSession inner;
    private final int index;
    private final AtomicInteger interrupted;
    private boolean inTx;

    Session(BoltSession inner, int index, AtomicInteger interrupted) {
      this.inner = inner;
      this.index = index;
      this.interrupted = interrupted;
    }

    @Override
    public void authenticate(Map<String, Object> authToken) {
      inner.authenticate(authToken);
    }

    @Override
    public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
      ResultStream result = inner.run(query, parameters, options);
      return query.startsWith("CREATE") && !inTx ? new DeferredSummary(result, index) : result;
    }

    @Override
    public void begin(TxOptions options) {
      inner.begin(options);
      inTx = true;
    }

    @Override
    public String commit() {
      throw new AssertionError("the server must commit through commitAsync()");
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<String> commitAsync() {
      inTx = false;
      String bookmark = inner.commit(); // recorded as "commit" by the scripted backend
      return (CompletionStage<String>) (CompletionStage<?>) defer("commit", index, bookmark).future;
    }

    @Override
    public void rollback() {
      inner.rollback();
      inTx = false;
    }

    @Override
    public Map<String, Object> route(Map<String, Object> routingContext, List<String> bookmarks, String database,
        String impersonatedUser) {
      return inner.route(routingContext, bookmarks, database, impersonatedUser);
    }

    @Override
    public void interrupt() {
      interrupted.incrementAndGet();
      inner.interrupt();
    }

    @Override
    public void reset() {
      inner.reset();
      inTx = false;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private final class DeferredSummary implements ResultStream {
    private final ResultStream inner;
    private final int session;

    DeferredSummary(ResultStream inner, int session) {
      this.inner = inner;
      this.session = session;
    }

    @Override
    public List<String> fields() {
      return inner.fields();
    }

    @Override
    public boolean pull(long n, RecordSink sink) {
      return inner.pull(n, sink);
    }

    @Override
    public boolean discard(long n) {
      return inner.discard(n);
    }

    @Override
    public Map<String, Object> summary() {
      throw new AssertionError("the server must end a result through summaryAsync()");
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Map<String, Object>> summaryAsync() {
      return (CompletionStage<Map<String, Object>>) (CompletionStage<?>) defer("summary", session, inner.summary())
          .future;
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}

package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.bolt.version.BoltProtocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one Bolt connection as the specification's state machine: requests in,
 * responses out, backend calls in between.
 *
 * <p>{@link #handle}, {@link #invalid}, {@link #fatal} and {@link #close} run on one worker thread
 * at a time, in request order. {@link #interrupt()} is the out-of-band signal the network thread
 * raises as soon as it sees a RESET arrive: calls already running are interrupted and every
 * request before that RESET is IGNORED (state INTERRUPTED).
 *
 * <p>A COMMIT, or a PULL/DISCARD that exhausts its result, may get a stage from the backend
 * ({@link BoltSession#commitAsync()}, {@link ResultStream#summaryAsync()}) that is not complete yet.
 * Its reply is then pending: {@link #awaitingCompletion()} is true, the caller must hand the
 * machine no further request, and the worker returns. Whichever thread completes the stage only
 * runs the {@code wakeUp} hook; the owner then calls {@link #completePending()}, which writes the
 * reply (or handles the failure as if the call had thrown it): on a worker, or, for a stage that
 * succeeded with nothing else to do, on any thread that holds the connection (it calls no backend
 * method then, and only encodes a SUCCESS).
 *
 * <p>Whatever a backend call throws becomes a FAILURE to this client and leaves the worker
 * running: a {@link BoltFailureException} with its code, a {@link StackOverflowError} or
 * {@link OutOfMemoryError} with Neo4j's codes for them and one log line, any other exception or
 * error as {@code Neo.DatabaseError.General.UnknownError} logged as a bug; the connection is FAILED
 * until RESET. Only an error that means the JVM itself is broken ends the connection and is
 * rethrown (see {@link WorkerErrors}).
 */
final class BoltStateMachine {

  private static final Logger LOG = LoggerFactory.getLogger(BoltStateMachine.class);

  // the drivers' default fetch size, so that a typical PULL is one backend call
  private static final int FIRST_SLICE = 1000;
  private static final int MAX_SLICE = 4096;
  private static final long SLICE_BYTES = 128 * 1024;

  private final BoltProtocol protocol;
  private final ConnectionContext context;
  private final ResponseSink out;
  private final AtomicInteger pendingResets = new AtomicInteger();

  private volatile BoltSession session;
  private ServerState state = ServerState.NEGOTIATION;
  private boolean authenticated;
  private StructShape shape;

  // the auto-commit result (STREAMING)
  private ResultStream autoResult;
  private String autoDatabase;
  // the notification filters of HELLO, of the auto-commit RUN and of BEGIN (Bolt 5.2+)
  private Map<String, Object> helloFilters = Map.of();
  private Map<String, Object> autoFilters = Map.of();
  private Map<String, Object> txFilters = Map.of();
  // the open results that sent records so far (for the summary's GQL status, Bolt 5.6+)
  private final Set<ResultStream> sentRecords = Collections.newSetFromMap(new IdentityHashMap<>());
  private long recordsSent;
  private final RecordSink countingOut;
  // the explicit transaction's open results by qid (TX_STREAMING)
  private final Map<Long, ResultStream> txResults = new LinkedHashMap<>();
  private long nextQid;
  private long lastQid = -1;
  private String txDatabase;
  // the PULL in progress, if the client's outbound buffer filled up before it was done
  private volatile PullInProgress pulling;
  private int slice = FIRST_SLICE;
  // the reply waiting for a backend stage (COMMIT, or the summary of an exhausted result)
  private volatile PendingReply<?> pending;
  private final Runnable wakeUp;

  /** A machine whose owner polls {@link #completionReady()} itself (tests). */
  BoltStateMachine(BoltProtocol protocol, ConnectionContext context, ResponseSink out) {
    this(protocol, context, out, () -> { });
  }

  /**
   * @param wakeUp run, on the completing thread, when a pending stage completes after the worker
   *     returned; it must only arrange for {@link #completePending()} to run (on a worker, or
   *     elsewhere when {@link #completionSucceeded()})
   */
  BoltStateMachine(BoltProtocol protocol, ConnectionContext context, ResponseSink out, Runnable wakeUp) {
    this.protocol = protocol;
    this.context = context;
    this.out = out;
    this.wakeUp = wakeUp;
    this.shape = protocol.structShape(List.of());
    this.countingOut = values -> {
      recordsSent++;
      out.accept(values);
    };
  }

  /** The current state. */
  ServerState state() {
    return state;
  }

  /** The structure layout for reading the next request and writing responses. */
  StructShape structShape() {
    return shape;
  }

  /** The negotiated protocol. */
  BoltProtocol protocol() {
    return protocol;
  }

  /** The out-of-band RESET signal, raised on the network thread when a RESET arrives. */
  void interrupt() {
    pendingResets.incrementAndGet();
    BoltSession s = session;
    if (s != null) {
      s.interrupt();
    }
  }

  /** A request that was framed correctly but could not be decoded. */
  void invalid(String reason) {
    if (state == ServerState.DEFUNCT) {
      return;
    }
    if (pendingResets.get() > 0) {
      state = ServerState.INTERRUPTED;
      out.ignored();
      return;
    }
    LOG.warn("Invalid Bolt request from {} ({}): {}", context.remoteAddress(), context.connectionId(), reason);
    out.failure(BoltFailureException.REQUEST_INVALID, reason);
    if (state == ServerState.NEGOTIATION) {
      defunct();
    } else {
      state = ServerState.FAILED;
    }
  }

  /** The byte stream is broken beyond repair: answer a FAILURE and close. */
  void fatal(String reason) {
    if (state == ServerState.DEFUNCT) {
      return;
    }
    LOG.warn("Closing Bolt connection from {} ({}): {}", context.remoteAddress(), context.connectionId(), reason);
    out.failure(BoltFailureException.REQUEST_INVALID, reason);
    defunct();
  }

  /** The connection is gone: release the session. */
  void close() {
    if (state != ServerState.DEFUNCT) {
      state = ServerState.DEFUNCT;
    }
    closeSession();
  }

  /** Handles one request. */
  void handle(Request request) {
    if (state == ServerState.DEFUNCT) {
      return;
    }
    if (pending != null) {
      throw new IllegalStateException(request.name() + " handed to connection " + context.connectionId()
          + " while the reply to " + pending.request.name() + " is pending");
    }
    if (request instanceof Request.Goodbye) {
      defunct();
      return;
    }
    if (request instanceof Request.Reset) {
      reset();
      return;
    }
    if (pendingResets.get() > 0) {
      state = ServerState.INTERRUPTED;
      out.ignored();
      return;
    }
    guarded(request, () -> dispatch(request));
  }

  /**
   * Whether {@code request}, the next request, may be handled on the connection's event loop
   * because the session vouches that it waits for nothing (Bolt 3 and later, no RESET pending, no
   * reply pending, no PULL part-way): an auto-commit RUN or a BEGIN of an idle session, a RUN or a
   * COMMIT inside an explicit transaction. See {@link BoltSession#runsWithoutWaiting},
   * {@link BoltSession#beginsWithoutWaiting} and {@link BoltSession#commitsWithoutWaiting}. A PULL
   * or DISCARD is the caller's to judge (the RUN it follows vouches for its first batch). Called by
   * whoever holds the connection's drain.
   */
  boolean handlesWithoutWaiting(Request request) {
    BoltSession s = session;
    if (s == null || pending != null || pulling != null || pendingResets.get() > 0
        || !protocol.supports(Request.Begin.class)) {
      return false;
    }
    try {
      return switch (state) {
        case READY -> request instanceof Request.Run run
            ? s.runsWithoutWaiting(run.query(), protocol.txOptions(run.extra(), "RUN"))
            : request instanceof Request.Begin begin
                && s.beginsWithoutWaiting(protocol.txOptions(begin.extra(), "BEGIN"));
        case TX_READY, TX_STREAMING -> request instanceof Request.Run run
            ? s.runsWithoutWaiting(run.query(), TxOptions.EMPTY)
            : request instanceof Request.Commit && txResults.isEmpty() && s.commitsWithoutWaiting();
        default -> false;
      };
    } catch (RuntimeException e) {
      return false; // invalid transaction options: a worker answers the request
    }
  }

  /** Whether {@code request} is a PULL or DISCARD of the result of the latest RUN. */
  boolean streamsLatestResult(Request request) {
    long qid = request instanceof Request.Pull pull ? pull.qid()
        : request instanceof Request.Discard discard ? discard.qid() : Long.MIN_VALUE;
    return qid == -1 || (qid >= 0 && qid == lastQid && state == ServerState.TX_STREAMING);
  }

  /** Whether a PULL is part-way through its records, waiting for {@link #resume()}. */
  boolean pulling() {
    return pulling != null;
  }

  /** Whether a RESET has arrived that has not been handled yet. */
  boolean resetPending() {
    return pendingResets.get() > 0;
  }

  /** Continues the PULL in progress (after the client has read enough of what was sent). */
  void resume() {
    PullInProgress p = pulling;
    if (p == null || state == ServerState.DEFUNCT) {
      return;
    }
    guarded(p.request, this::continuePull);
  }

  /** The connection is gone while a PULL was in progress: drop it ({@link #close()} closes its result). */
  void abandonPull() {
    pulling = null;
  }

  /**
   * Whether a reply waits for a backend stage that has not completed: no request may be handled
   * until it has and {@link #completePending()} ran. Safe to call from any thread.
   */
  boolean awaitingCompletion() {
    PendingReply<?> p = pending;
    return p != null && !p.completed();
  }

  /** Whether a backend stage has completed whose reply {@link #completePending()} is to write. Any thread. */
  boolean completionReady() {
    PendingReply<?> p = pending;
    return p != null && p.completed();
  }

  /** Whether a backend stage has completed, and without failing (its reply is a SUCCESS). Any thread. */
  boolean completionSucceeded() {
    PendingReply<?> p = pending;
    return p != null && p.completed() && p.failure == null;
  }

  /**
   * Writes the reply of a completed stage: SUCCESS, or the failure handled as if the backend call
   * had thrown it. Does nothing when no stage has completed. Called on a worker, or, when
   * {@link #completionSucceeded()}, on the connection's event loop: a successful reply calls no
   * backend method.
   */
  void completePending() {
    PendingReply<?> p = pending;
    if (p == null || !p.completed()) {
      return;
    }
    pending = null;
    if (state == ServerState.DEFUNCT) {
      return;
    }
    guarded(p.request, p::apply);
  }

  /**
   * Replies to {@code request} with {@code then} once {@code stage} has completed: at once when it
   * already has (the synchronous default of the SPI), otherwise later through
   * {@link #completePending()}. A failed stage throws its cause here or there, to be handled by
   * {@link #guarded} exactly as a failing synchronous call.
   */
  private <T> void awaitReply(Request request, CompletionStage<T> stage, Consumer<T> then) {
    Objects.requireNonNull(stage, () -> "the backend returned no stage for " + request.name());
    PendingReply<T> p = new PendingReply<>(request, then);
    stage.whenComplete(p::complete);
    pending = p; // before registered(): the wakeUp that may follow it must find the reply
    if (p.registered()) {
      return; // still running: the completing thread runs wakeUp
    }
    pending = null;
    p.apply();
  }

  private void guarded(Request request, Runnable action) {
    try {
      action.run();
    } catch (InvalidMessageException e) {
      pulling = null;
      invalid(e.getMessage());
    } catch (BoltFailureException e) {
      pulling = null;
      fail(request, e);
    } catch (PackStreamException e) {
      pulling = null;
      LOG.error("Bolt connection {} could not encode a response to {}", context.connectionId(), request.name(), e);
      failAfterBug("cannot encode the response to " + request.name() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      pulling = null;
      LOG.error("Bolt backend failed unexpectedly on {} for connection {} from {}", request.name(),
          context.connectionId(), context.remoteAddress(), e);
      failAfterBug("unexpected server error on " + request.name() + ": " + e);
    } catch (Error e) {
      pulling = null;
      failed(request.name(), e);
    }
  }

  /**
   * An {@link Error} was thrown while handling {@code request} (by the backend, or while decoding
   * the request): a FAILURE to the client, and FAILED until RESET (DEFUNCT when there is no
   * session yet). An error that means the JVM is broken ({@link WorkerErrors#fatal}) closes the
   * connection, after a FAILURE if one can still be written, and is rethrown.
   *
   * @param request the request's name, for the client and the log
   */
  void failed(String request, Error e) {
    if (WorkerErrors.fatal(e)) {
      if (state != ServerState.DEFUNCT) {
        LOG.error("Bolt connection {} from {}: fatal JVM error handling {}; closing the connection",
            context.connectionId(), context.remoteAddress(), request, e);
        try {
          out.failure(BoltFailureException.UNKNOWN_ERROR, "fatal server error handling " + request + ": "
              + e.getClass().getSimpleName() + "; the connection is closed");
        } finally {
          defunct();
        }
      }
      throw e;
    }
    if (state == ServerState.DEFUNCT) {
      LOG.warn("Bolt connection {} from {}: {} after the connection ended: {}", context.connectionId(),
          context.remoteAddress(), request, WorkerErrors.describe(e));
      return;
    }
    String code = WorkerErrors.statusCode(e);
    if (WorkerErrors.requestScoped(e)) {
      LOG.error("Bolt connection {} from {}: {} failed with {}; answered {}, the connection stays usable",
          context.connectionId(), context.remoteAddress(), request, WorkerErrors.describe(e), code);
    } else {
      LOG.error("Bolt backend failed unexpectedly on {} for connection {} from {}", request,
          context.connectionId(), context.remoteAddress(), e);
    }
    failAfterBug(code, WorkerErrors.clientMessage(e, request));
  }

  private void dispatch(Request r) {
    switch (state) {
      case NEGOTIATION -> {
        if (r instanceof Request.Hello hello) {
          hello(hello);
        } else {
          invalid(r.name() + " is not allowed before HELLO");
        }
      }
      case AUTHENTICATION -> {
        if (r instanceof Request.Logon logon) {
          logon(logon);
        } else {
          illegal(r);
        }
      }
      case READY -> ready(r);
      case STREAMING -> streaming(r);
      case TX_READY, TX_STREAMING -> inTransaction(r);
      case FAILED -> {
        if (r instanceof Request.AckFailure) {
          state = ServerState.READY;
          out.success(Map.of());
        } else {
          out.ignored();
        }
      }
      case INTERRUPTED -> out.ignored();
      case DEFUNCT -> { }
    }
  }

  private void ready(Request r) {
    if (r instanceof Request.Run run) {
      TxOptions options = protocol.txOptions(run.extra(), "RUN");
      long start = System.nanoTime();
      ResultStream result = session.run(run.query(), run.parameters(), options);
      autoResult = result;
      autoDatabase = databaseOf(options);
      autoFilters = options.notificationFilters();
      Map<String, Object> m = new LinkedHashMap<>();
      protocol.runSuccess(m, result.fields(), millisSince(start), -1);
      state = ServerState.STREAMING;
      out.success(m);
    } else if (r instanceof Request.Begin begin) {
      TxOptions options = protocol.txOptions(begin.extra(), "BEGIN");
      session.begin(options);
      txDatabase = databaseOf(options);
      txFilters = options.notificationFilters();
      nextQid = 0;
      lastQid = -1;
      state = ServerState.TX_READY;
      out.success(Map.of());
    } else if (r instanceof Request.Route route) {
      Object db = route.extra().get("db");
      Object impUser = route.extra().get("imp_user");
      if ((db != null && !(db instanceof String)) || (impUser != null && !(impUser instanceof String))) {
        throw new InvalidMessageException("ROUTE extra fields 'db' and 'imp_user' must be strings or null");
      }
      Map<String, Object> rt = session.route(route.routingContext(), route.bookmarks(), (String) db, (String) impUser);
      out.success(Map.of("rt", rt));
    } else if (r instanceof Request.Logoff) {
      session.logoff();
      authenticated = false;
      state = ServerState.AUTHENTICATION;
      out.success(Map.of());
    } else if (r instanceof Request.Telemetry t) {
      session.telemetry(t.api());
      out.success(Map.of());
    } else {
      illegal(r);
    }
  }

  private void streaming(Request r) {
    if (r instanceof Request.Pull pull) {
      startPull(pull, autoResult, -1);
    } else if (r instanceof Request.Discard discard) {
      discard(discard, autoResult, discard.n(), -1);
    } else {
      illegal(r);
    }
  }

  private void inTransaction(Request r) {
    if (r instanceof Request.Run run) {
      long start = System.nanoTime();
      ResultStream result = session.run(run.query(), run.parameters(), TxOptions.EMPTY);
      long qid = nextQid++;
      txResults.put(qid, result);
      lastQid = qid;
      Map<String, Object> m = new LinkedHashMap<>();
      protocol.runSuccess(m, result.fields(), millisSince(start), qid);
      state = ServerState.TX_STREAMING;
      out.success(m);
    } else if (r instanceof Request.Pull pull) {
      long qid = pull.qid() == -1 ? lastQid : pull.qid();
      startPull(pull, txResult(qid, "PULL"), qid);
    } else if (r instanceof Request.Discard discard) {
      long qid = discard.qid() == -1 ? lastQid : discard.qid();
      discard(discard, txResult(qid, "DISCARD"), discard.n(), qid);
    } else if (r instanceof Request.Commit) {
      closeTxResults();
      awaitReply(r, session.commitAsync(), bookmark -> {
        state = ServerState.READY;
        Map<String, Object> m = new LinkedHashMap<>();
        if (bookmark != null) {
          m.put("bookmark", bookmark);
        }
        out.success(m);
      });
    } else if (r instanceof Request.Rollback) {
      closeTxResults();
      session.rollback();
      state = ServerState.READY;
      out.success(Map.of());
    } else {
      illegal(r);
    }
  }

  private ResultStream txResult(long qid, String message) {
    ResultStream result = txResults.get(qid);
    if (result == null) {
      throw new InvalidMessageException(message + " refers to no open result" + (qid == -1 ? "" : " (qid " + qid + ")")
          + "; open results: " + txResults.keySet());
    }
    return result;
  }

  private void discard(Request request, ResultStream result, long n, long qid) {
    long start = System.nanoTime();
    endOfBatch(request, result, result.discard(n), qid, start);
  }

  /**
   * Starts a PULL. Its records are asked of the backend in slices; after each slice, if the
   * connection's outbound buffer is full (the client reads slowly or not at all), the PULL stays
   * in progress and the worker is given back; {@link #resume()} continues it later. So a stalled
   * reader holds a bounded amount of memory and no thread.
   */
  private void startPull(Request.Pull request, ResultStream result, long qid) {
    pulling = new PullInProgress(request, result, qid, request.n(), System.nanoTime());
    continuePull();
  }

  private void continuePull() {
    PullInProgress p = pulling;
    while (true) {
      if (pendingResets.get() > 0) {
        // a RESET is waiting: stop streaming now rather than after the whole batch
        pulling = null;
        state = ServerState.INTERRUPTED;
        out.ignored();
        return;
      }
      long want = p.remaining < 0 ? slice : Math.min(slice, p.remaining);
      long before = out.encodedBytes();
      long records = recordsSent;
      boolean hasMore = p.result.pull(want, countingOut);
      if (recordsSent != records) {
        sentRecords.add(p.result);
      }
      adaptSlice(want, out.encodedBytes() - before);
      if (p.remaining >= 0) {
        p.remaining -= want;
      }
      if (!hasMore || p.remaining == 0) {
        pulling = null;
        endOfBatch(p.request, p.result, hasMore, p.qid, p.startNanos);
        return;
      }
      if (out.backedUp()) {
        return;
      }
    }
  }

  /** The database a RUN or BEGIN runs in: the one the client named, else the session's default. */
  private String databaseOf(TxOptions options) {
    return options.database() != null ? options.database() : session.defaultDatabase();
  }

  /**
   * Sizes the next slice to about {@link #SLICE_BYTES} from the last one's record size: small
   * enough to bound what a slow reader costs, large enough to keep backend calls few.
   */
  private void adaptSlice(long asked, long bytes) {
    if (asked > 0 && bytes > 0) {
      slice = (int) Math.max(1, Math.min(MAX_SLICE, asked * SLICE_BYTES / bytes));
    }
  }

  private void endOfBatch(Request request, ResultStream result, boolean hasMore, long qid, long start) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (hasMore) {
      protocol.hasMore(m);
      out.success(m);
      return;
    }
    BoltProtocol.StreamOutcome outcome = sentRecords.remove(result) ? BoltProtocol.StreamOutcome.RECORDS
        : request instanceof Request.Pull ? BoltProtocol.StreamOutcome.NO_RECORDS
        : BoltProtocol.StreamOutcome.DISCARDED;
    awaitReply(request, result.summaryAsync(), summary -> {
      boolean auto = qid < 0 && autoResult == result;
      if (auto) {
        autoResult = null;
        protocol.streamEnd(m, summary, millisSince(start), autoDatabase);
        state = ServerState.READY;
      } else {
        txResults.remove(qid);
        protocol.streamEnd(m, summary, millisSince(start), txDatabase);
        state = txResults.isEmpty() ? ServerState.TX_READY : ServerState.TX_STREAMING;
      }
      protocol.notifications(m, NotificationFilter.apply(result.notifications(), helloFilters,
          auto ? autoFilters : txFilters), outcome, !result.fields().isEmpty());
      out.success(m);
    });
  }

  /** A PULL part-way through its records. */
  private static final class PullInProgress {
    final Request.Pull request;
    final ResultStream result;
    final long qid;
    final long startNanos;
    long remaining; // -1: all

    PullInProgress(Request.Pull request, ResultStream result, long qid, long n, long startNanos) {
      this.request = request;
      this.result = result;
      this.qid = qid;
      this.remaining = n < 0 ? -1 : n;
      this.startNanos = startNanos;
    }
  }

  /**
   * A reply waiting for a backend stage. The stage completes on any thread; exactly one of the
   * worker that registered it and the completing thread goes on: the worker when the stage was
   * complete before it finished registering, the completing thread (by running {@code wakeUp})
   * otherwise.
   */
  private final class PendingReply<T> {
    private static final int REGISTERING = 0;
    private static final int WAITING = 1;
    private static final int DONE = 2;

    final Request request;
    private final Consumer<T> then;
    private final AtomicInteger phase = new AtomicInteger(REGISTERING);
    private T value;
    private Throwable failure;

    PendingReply(Request request, Consumer<T> then) {
      this.request = request;
      this.then = then;
    }

    /** The stage's callback, on whichever thread completes it: records the outcome, nothing more. */
    void complete(T result, Throwable error) {
      value = result;
      failure = error;
      // the atomic write publishes value and failure to the worker that reads them after phase
      if (!phase.compareAndSet(REGISTERING, DONE)) {
        phase.set(DONE);
        try {
          wakeUp.run();
        } catch (RuntimeException e) {
          // thrown into the stage's callback it would vanish; the reply is lost, so say so
          LOG.error("Bolt connection {} could not resume after {} completed", context.connectionId(),
              request.name(), e);
        }
      }
    }

    /** After registering: {@code true} when the stage is still running and {@link #complete} will wake the owner. */
    boolean registered() {
      return phase.compareAndSet(REGISTERING, WAITING);
    }

    boolean completed() {
      return phase.get() == DONE;
    }

    /** The continuation, on the worker: the reply, or the stage's failure thrown for {@link #guarded}. */
    void apply() {
      if (failure != null) {
        Throwable cause = unwrap(failure);
        if (cause instanceof Error e) {
          throw e; // handled by guarded() as if the call had thrown it
        }
        throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
      }
      then.accept(value);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private void hello(Request.Hello hello) {
    Map<String, Object> extra = hello.extra();
    protocol.checkHello(extra);
    helloFilters = protocol.notificationFilters(extra, "HELLO");
    List<String> patches = protocol.acceptedPatches(extra);
    ConnectionInfo info = new ConnectionInfo(context.connectionId(), context.remoteAddress(), context.localAddress(),
        protocol.version().toString(), (String) extra.get("user_agent"), boltAgent(extra),
        protocol.routingContext(extra));
    try {
      session = context.backend().open(info);
      if (protocol.authenticatesInHello()) {
        session.authenticate(protocol.authToken(extra));
        authenticated = true;
      }
    } catch (BoltFailureException e) {
      LOG.info("Bolt connection {} from {} refused: {} {}", context.connectionId(), context.remoteAddress(),
          e.code(), e.getMessage());
      out.failure(e.code(), e.getMessage());
      defunct();
      return;
    }
    Map<String, Object> m = protocol.helloSuccess(context.serverAgent(), context.connectionId(), context.hints(),
        patches);
    session.helloMetadata().forEach(m::putIfAbsent);
    shape = protocol.structShape(patches);
    state = authenticated ? ServerState.READY : ServerState.AUTHENTICATION;
    out.success(m);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> boltAgent(Map<String, Object> extra) {
    return extra.get("bolt_agent") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private void logon(Request.Logon logon) {
    try {
      session.authenticate(logon.auth());
    } catch (BoltFailureException e) {
      LOG.info("Bolt connection {} from {}: LOGON refused: {} {}", context.connectionId(), context.remoteAddress(),
          e.code(), e.getMessage());
      out.failure(e.code(), e.getMessage());
      defunct();
      return;
    }
    authenticated = true;
    state = ServerState.READY;
    out.success(Map.of());
  }

  private void reset() {
    if (pendingResets.get() > 0) {
      pendingResets.decrementAndGet();
    }
    if (state == ServerState.NEGOTIATION || session == null) {
      // no HELLO was answered: one that came with this RESET was IGNORED for it, or failed
      state = ServerState.NEGOTIATION;
      invalid("RESET is not allowed before HELLO");
      return;
    }
    autoResult = closeQuietly(autoResult);
    closeTxResults();
    try {
      session.reset();
    } catch (BoltFailureException e) {
      out.failure(e.code(), e.getMessage());
      defunct();
      return;
    } catch (RuntimeException e) {
      LOG.error("Bolt backend failed to reset connection {} from {}", context.connectionId(), context.remoteAddress(), e);
      out.failure(BoltFailureException.UNKNOWN_ERROR, "reset failed: " + e);
      defunct();
      return;
    } catch (Error e) {
      if (WorkerErrors.fatal(e)) {
        failed("RESET", e);
      }
      // the session could not be reset, so it cannot be trusted with another request
      LOG.error("Bolt backend failed to reset connection {} from {}: {}; closing it", context.connectionId(),
          context.remoteAddress(), WorkerErrors.describe(e));
      out.failure(WorkerErrors.statusCode(e), "reset failed: " + WorkerErrors.clientMessage(e, "RESET"));
      defunct();
      return;
    }
    if (pendingResets.get() > 0) {
      state = ServerState.INTERRUPTED;
    } else {
      state = authenticated ? ServerState.READY : ServerState.AUTHENTICATION;
    }
    out.success(Map.of());
  }

  private void illegal(Request r) {
    invalid(r.name() + " cannot be handled in state " + state + " (Bolt " + protocol.version() + ")");
  }

  private void fail(Request r, BoltFailureException e) {
    LOG.debug("Bolt connection {}: {} failed: {} {}", context.connectionId(), r.name(), e.code(), e.getMessage());
    out.failure(e.code(), e.getMessage() == null ? e.code() : e.getMessage());
    state = ServerState.FAILED;
  }

  private void failAfterBug(String message) {
    failAfterBug(BoltFailureException.UNKNOWN_ERROR, message);
  }

  private void failAfterBug(String code, String message) {
    out.failure(code, message);
    if (session == null) {
      defunct(); // no session to recover with
    } else {
      state = ServerState.FAILED;
    }
  }

  private void defunct() {
    state = ServerState.DEFUNCT;
    closeSession();
    out.close();
  }

  private void closeSession() {
    pulling = null;
    pending = null;
    autoResult = closeQuietly(autoResult);
    closeTxResults();
    BoltSession s = session;
    session = null;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException | Error e) {
        if (WorkerErrors.fatal(e)) {
          throw e;
        }
        if (WorkerErrors.requestScoped(e)) {
          LOG.warn("Bolt session of connection {} failed to close: {}", context.connectionId(), WorkerErrors.describe(e));
        } else {
          LOG.warn("Bolt session of connection {} failed to close", context.connectionId(), e);
        }
      }
    }
  }

  private void closeTxResults() {
    for (ResultStream r : new ArrayList<>(txResults.values())) {
      closeQuietly(r);
    }
    txResults.clear();
  }

  private ResultStream closeQuietly(ResultStream result) {
    if (result != null) {
      sentRecords.remove(result);
      try {
        result.close();
      } catch (RuntimeException | Error e) {
        if (WorkerErrors.fatal(e)) {
          throw e;
        }
        if (WorkerErrors.requestScoped(e)) {
          LOG.warn("Closing a result of Bolt connection {} failed: {}", context.connectionId(), WorkerErrors.describe(e));
        } else {
          LOG.warn("Closing a result of Bolt connection {} failed", context.connectionId(), e);
        }
      }
    }
    return null;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}

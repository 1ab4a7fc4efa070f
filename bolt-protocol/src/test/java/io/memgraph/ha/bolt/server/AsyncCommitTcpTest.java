package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.testing.LogCapture;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commits that complete later, over real TCP: a backend whose {@code commitAsync()} and auto-commit
 * {@code summaryAsync()} return futures that the test completes from a thread of its own, as a
 * Raft apply thread would. No worker is held while a commit is pending, the connection's replies
 * stay in order, failures, RESET and disconnects mid-commit behave as with a blocking commit, and a
 * pending commit is not inactivity.
 */
class AsyncCommitTcpTest {

  private final ScriptedBackend scripted = new ScriptedBackend()
      .result("RETURN 1", List.of("1"), List.of(List.of(1L)))
      .result("CREATE (n)", List.of(), List.of())
      .result("CREATE (n) RETURN 7 AS x", List.of("x"), List.of(List.of(7L)));
  private final DeferringBackend backend = new DeferringBackend(scripted);
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private BoltServer server;
  private int port;

  private void start(BoltServer.Builder builder) {
    server = builder.host("127.0.0.1").port(0).build();
    port = server.start();
  }

  @AfterEach
  void stop() throws Exception {
    backend.failAllPending();
    Collections.reverse(toClose);
    for (AutoCloseable c : toClose) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private BoltClientConnection client() {
    BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(5));
    toClose.add(c);
    assertThat(c.handshake(new BoltVersion(5, 4))).isEqualTo(new BoltVersion(5, 4));
    assertThat(c.hello(BoltClientConnection.helloExtra("async/1", Map.of()))).isInstanceOf(Response.Success.class);
    assertThat(c.logon(Map.of("scheme", "none"))).isInstanceOf(Response.Success.class);
    return c;
  }

  /** Begins a transaction with one write in it and sends COMMIT; returns the commit the server now waits for. */
  private DeferringBackend.Deferred pendingCommit(BoltClientConnection c) throws InterruptedException {
    assertThat(c.begin(Map.of())).isInstanceOf(Response.Success.class);
    assertThat(c.run("CREATE (n)", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
    assertThat(c.pull(-1, -1)).singleElement().isInstanceOf(Response.Success.class);
    c.send(new Request.Commit());
    DeferringBackend.Deferred commit = backend.next();
    assertThat(commit.kind).isEqualTo("commit");
    return commit;
  }

  private static void assertQueryWorks(BoltClientConnection c) {
    assertThat(c.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
    List<Response> rows = c.pull(-1, -1);
    assertThat(rows).hasSize(2);
    assertThat(((Response.RecordMessage) rows.get(0)).values()).containsExactly(1L);
  }

  private static Map<String, Object> successMetadata(Response r) {
    assertThat(r).isInstanceOf(Response.Success.class);
    return ((Response.Success) r).metadata();
  }

  /** Runs {@code completion} on a thread of its own (as a replication thread would) and waits for it. */
  private static void completeElsewhere(Runnable completion) throws InterruptedException {
    Thread t = new Thread(completion, "raft-apply");
    t.start();
    t.join(5_000);
    assertThat(t.isAlive()).as("completing a stage must not block the completing thread").isFalse();
  }

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + millis + " ms waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private List<String> callsAfterLast(String call) {
    List<String> calls = scripted.calls();
    return calls.subList(calls.lastIndexOf(call) + 1, calls.size());
  }

  @Test
  void pendingCommitsHoldNoWorkerThread() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1));
    BoltClientConnection first = client();
    DeferringBackend.Deferred firstCommit = pendingCommit(first);
    assertThat(firstCommit.session).isZero();

    // the only worker is free: a second connection runs queries, then commits an auto-commit write
    BoltClientConnection second = client();
    assertQueryWorks(second);
    assertThat(second.run("CREATE (n)", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
    second.send(Request.Pull.ALL);
    DeferringBackend.Deferred secondCommit = backend.next();
    assertThat(secondCommit.kind).isEqualTo("summary");
    assertThat(secondCommit.session).isEqualTo(1);

    // two commits pending on one worker thread, and a third connection is still served
    assertThat(firstCommit.isDone()).isFalse();
    assertQueryWorks(client());

    completeElsewhere(() -> secondCommit.succeedWith(Map.of("type", "w", "bookmark", "bm-second")));
    assertThat(successMetadata(second.receive())).containsEntry("bookmark", "bm-second").containsKey("t_last");
    completeElsewhere(() -> firstCommit.succeedWith("bm-first"));
    assertThat(successMetadata(first.receive())).containsEntry("bookmark", "bm-first");
    assertQueryWorks(first);
    assertQueryWorks(second);
  }

  @Test
  void anAutoCommitWritesAnswersWaitForItsCommitAndLeaveInOneWrite() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1));
    BoltClientConnection c = client();
    c.send(new Request.Run("CREATE (n) RETURN 7 AS x", Map.of(), Map.of()), Request.Pull.ALL);
    DeferringBackend.Deferred commit = backend.next();
    assertThat(commit.kind).isEqualTo("summary");
    Thread.sleep(300);
    assertThat(c.responsesWaiting()).as("neither the RUN's SUCCESS nor the record leaves before the commit")
        .isZero();
    completeElsewhere(() -> commit.succeedWith(Map.of("type", "w", "bookmark", "bm-7")));
    assertThat(successMetadata(c.receive())).containsKey("fields"); // RUN
    assertThat(c.receive()).isEqualTo(new Response.RecordMessage(List.of(7L)));
    assertThat(successMetadata(c.receive())).containsEntry("bookmark", "bm-7"); // PULL
    assertQueryWorks(c);
  }

  /** A summary that remembers the threads that read it: the one that encodes the PULL's SUCCESS. */
  private static final class ThreadRecordingSummary extends AbstractMap<String, Object> {
    private final Map<String, Object> inner;
    private final List<String> readBy = Collections.synchronizedList(new ArrayList<>());

    ThreadRecordingSummary(Map<String, Object> inner) {
      this.inner = inner;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      readBy.add(Thread.currentThread().getName());
      return inner.entrySet();
    }
  }

  @Test
  void theSuccessOfACommitThatCompletesLaterIsWrittenByTheEventLoop() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1));
    BoltClientConnection c = client();
    for (String query : List.of("CREATE (n)", "CREATE (n) RETURN 7 AS x")) {
      c.send(new Request.Run(query, Map.of(), Map.of()), Request.Pull.ALL);
      DeferringBackend.Deferred commit = backend.next();
      await("the worker waits for the commit", 5_000, commit::awaited);
      Thread.sleep(50); // it registers the reply right after attaching to the stage
      ThreadRecordingSummary summary = new ThreadRecordingSummary(Map.of("type", "w", "bookmark", "bm-loop"));
      completeElsewhere(() -> commit.succeedWith(summary));
      assertThat(successMetadata(c.receive())).containsKey("fields"); // RUN
      Response last = c.receive();
      if (last instanceof Response.RecordMessage) {
        last = c.receive();
      }
      assertThat(successMetadata(last)).containsEntry("bookmark", "bm-loop");
      assertThat(summary.readBy).as("no worker is woken to write the reply").isNotEmpty()
          .allSatisfy(thread -> assertThat(thread).startsWith("bolt-io"));
    }
    // a failed commit's reply is mapped on a worker, as before, and the connection goes on
    c.send(new Request.Run("CREATE (n)", Map.of(), Map.of()), Request.Pull.ALL);
    DeferringBackend.Deferred failing = backend.next();
    completeElsewhere(() -> failing.fail(
        new BoltFailureException("Neo.TransientError.Cluster.ReplicationTimeout", "not replicated")));
    assertThat(c.receive()).isInstanceOf(Response.Success.class);
    assertThat(c.receive()).isEqualTo(new Response.Failure("Neo.TransientError.Cluster.ReplicationTimeout",
        "not replicated"));
    assertThat(c.reset()).isInstanceOf(Response.Success.class);
    assertQueryWorks(c);
  }

  @Test
  void pipelinedRequestsWaitBehindAPendingCommitAndRepliesStayInOrder() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1));
    BoltClientConnection c = client();
    c.send(new Request.Begin(Map.of()), new Request.Run("CREATE (n)", Map.of(), Map.of()), Request.Pull.ALL,
        new Request.Commit(),
        new Request.Begin(Map.of()), new Request.Run("RETURN 1", Map.of(), Map.of()), Request.Pull.ALL,
        new Request.Commit(),
        new Request.Run("CREATE (n)", Map.of(), Map.of()), Request.Pull.ALL,
        new Request.Run("RETURN 1", Map.of(), Map.of()), Request.Pull.ALL);

    DeferringBackend.Deferred commit1 = backend.next();
    Thread.sleep(200);
    assertThat(callsAfterLast("commit")).as("nothing behind the pending COMMIT was handled").isEmpty();
    completeElsewhere(() -> commit1.succeedWith("bm-1"));

    DeferringBackend.Deferred commit2 = backend.next();
    assertThat(commit2.kind).isEqualTo("commit");
    Thread.sleep(200);
    assertThat(callsAfterLast("commit")).isEmpty();
    completeElsewhere(() -> commit2.succeedWith("bm-2"));

    DeferringBackend.Deferred autoCommit = backend.next();
    assertThat(autoCommit.kind).isEqualTo("summary");
    Thread.sleep(200);
    assertThat(callsAfterLast("run:CREATE (n)")).isEmpty();
    completeElsewhere(() -> autoCommit.succeedWith(Map.of("type", "w", "bookmark", "bm-3")));

    assertThat(successMetadata(c.receive())).isEmpty(); // BEGIN
    assertThat(successMetadata(c.receive())).containsKey("fields"); // RUN
    assertThat(successMetadata(c.receive())).containsKey("t_last"); // PULL
    assertThat(successMetadata(c.receive())).containsEntry("bookmark", "bm-1"); // COMMIT
    assertThat(successMetadata(c.receive())).isEmpty(); // BEGIN
    assertThat(successMetadata(c.receive())).containsKey("fields"); // RUN
    assertThat(c.receive()).isEqualTo(new Response.RecordMessage(List.of(1L)));
    assertThat(successMetadata(c.receive())).containsKey("t_last"); // PULL
    assertThat(successMetadata(c.receive())).containsEntry("bookmark", "bm-2"); // COMMIT
    assertThat(successMetadata(c.receive())).containsKey("fields"); // RUN
    assertThat(successMetadata(c.receive())).containsEntry("bookmark", "bm-3"); // PULL ends the auto-commit
    assertThat(successMetadata(c.receive())).containsKey("fields"); // RUN
    assertThat(c.receive()).isEqualTo(new Response.RecordMessage(List.of(1L)));
    assertThat(successMetadata(c.receive())).containsKey("t_last"); // PULL
    assertThat(backend.hasNext()).isFalse();
    assertThat(scripted.calls()).containsSubsequence("begin", "run:CREATE (n)", "commit", "begin", "run:RETURN 1",
        "commit", "run:CREATE (n)", "run:RETURN 1");
  }

  @Test
  void aFailedCommitIsAFailureWithItsCodeAndTheConnectionNeedsReset() throws Exception {
    try (LogCapture logs = new LogCapture(BoltStateMachine.class)) {
      start(BoltServer.builder(backend).workerThreads(1));
      BoltClientConnection c = client();
      DeferringBackend.Deferred commit = pendingCommit(c);
      c.send(new Request.Run("RETURN 1", Map.of(), Map.of()), Request.Pull.ALL);
      completeElsewhere(() -> commit.fail(
          new BoltFailureException("Neo.TransientError.Cluster.ReplicationTimeout", "not replicated within 10 s")));
      assertThat(c.receive()).isEqualTo(
          new Response.Failure("Neo.TransientError.Cluster.ReplicationTimeout", "not replicated within 10 s"));
      assertThat(c.receive()).isInstanceOf(Response.Ignored.class);
      assertThat(c.receive()).isInstanceOf(Response.Ignored.class);
      assertThat(c.reset()).isInstanceOf(Response.Success.class);
      assertQueryWorks(c);

      // an auto-commit whose summary fails with a bug: UnknownError, logged, FAILED as well
      assertThat(c.run("CREATE (n)", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
      c.send(Request.Pull.ALL);
      DeferringBackend.Deferred summary = backend.next();
      completeElsewhere(() -> summary.fail(new IllegalStateException("apply failed")));
      Response.Failure failure = (Response.Failure) c.receive();
      assertThat(failure.code()).isEqualTo(BoltFailureException.UNKNOWN_ERROR);
      assertThat(failure.message()).contains("apply failed");
      assertThat(c.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Ignored.class);
      assertThat(c.reset()).isInstanceOf(Response.Success.class);
      assertQueryWorks(c);
      assertThat(logs.messages(Level.ERROR)).singleElement().asString().contains("PULL");
    }
  }

  @Test
  void resetDuringAPendingCommitInterruptsItAndIsAnsweredAfterTheCommit() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1));
    BoltClientConnection c = client();

    // the commit completes all the same: its SUCCESS, then IGNORED for what RESET skipped, then RESET's
    DeferringBackend.Deferred commit = pendingCommit(c);
    c.send(new Request.Run("RETURN 1", Map.of(), Map.of()), Request.Pull.ALL, new Request.Reset());
    await("the session is interrupted", 5_000, () -> backend.interruptCounts().get(0) == 1);
    Thread.sleep(200);
    assertThat(callsAfterLast("commit")).as("RESET waits for the commit").isEmpty();
    completeElsewhere(() -> commit.succeedWith("bm-kept"));
    assertThat(successMetadata(c.receive())).containsEntry("bookmark", "bm-kept");
    assertThat(c.receive()).isInstanceOf(Response.Ignored.class);
    assertThat(c.receive()).isInstanceOf(Response.Ignored.class);
    assertThat(c.receive()).isInstanceOf(Response.Success.class);
    assertThat(callsAfterLast("commit")).containsExactly("reset");
    assertQueryWorks(c);

    // the backend stops the commit when interrupted: FAILURE, then RESET's SUCCESS
    DeferringBackend.Deferred stopped = pendingCommit(c);
    c.send(new Request.Reset());
    await("the session is interrupted again", 5_000, () -> backend.interruptCounts().get(0) == 2);
    completeElsewhere(() -> stopped.fail(
        new BoltFailureException(BoltFailureException.TERMINATED, "The transaction has been terminated.")));
    assertThat(((Response.Failure) c.receive()).code()).isEqualTo(BoltFailureException.TERMINATED);
    assertThat(c.receive()).isInstanceOf(Response.Success.class);
    assertQueryWorks(c);
  }

  @Test
  void aClientThatLeavesDuringAPendingCommitHasItsSessionClosedOnceAfterTheCommit() throws Exception {
    try (LogCapture logs = new LogCapture(BoltConnection.class, BoltStateMachine.class)) {
      start(BoltServer.builder(backend).workerThreads(1));
      BoltClientConnection leaving = client();
      DeferringBackend.Deferred commit = pendingCommit(leaving);
      leaving.close();
      await("the session is interrupted", 5_000, () -> backend.interruptCounts().get(0) == 1);
      await("the connection is gone", 5_000, () -> server.openConnections() == 0);
      Thread.sleep(200);
      assertThat(scripted.sessionCloseCounts()).as("closed after the commit, not during it").containsExactly(0);
      completeElsewhere(commit::succeed);
      await("the session is closed", 5_000, () -> scripted.sessionCloseCounts().get(0) == 1);

      // a crashing client (TCP reset) while its auto-commit is pending
      RawBoltSocket crashing = RawBoltSocket.connect(port);
      crashing.send(new Request.Run("CREATE (n)", Map.of(), Map.of()), Request.Pull.ALL);
      DeferringBackend.Deferred summary = backend.next();
      crashing.abort();
      await("the session is interrupted", 5_000, () -> backend.interruptCounts().get(1) == 1);
      completeElsewhere(summary::succeed);
      await("the session is closed", 5_000, () -> scripted.sessionCloseCounts().get(1) == 1);

      Thread.sleep(200);
      assertThat(scripted.sessionCloseCounts()).containsExactly(1, 1);
      assertThat(logs.messages(Level.ERROR)).isEmpty();
      assertThat(logs.messages(Level.WARN)).isEmpty();
      assertQueryWorks(client());
    }
  }

  @Test
  void aPendingCommitIsNotInactivity() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1).sessionInactivityTimeout(Duration.ofMillis(300))
        .writeTimeout(Duration.ofMillis(300)));
    BoltClientConnection c = client();
    DeferringBackend.Deferred commit = pendingCommit(c);
    Thread.sleep(1_500);
    assertThat(c.isOpen()).as("open while its commit is pending, 5x the inactivity timeout").isTrue();
    completeElsewhere(() -> commit.succeedWith("bm-slow"));
    assertThat(successMetadata(c.receive())).containsEntry("bookmark", "bm-slow");
    // the timer counts from the reply on
    assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
    await("the idle session is closed", 5_000, () -> scripted.sessionCloseCounts().get(0) == 1);
  }

  @Test
  void stoppingTheServerDuringAPendingCommitClosesThatSessionOnceTheCommitCompletes() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1));
    BoltClientConnection c = client();
    assertThat(client().begin(Map.of())).isInstanceOf(Response.Success.class);
    DeferringBackend.Deferred commit = pendingCommit(c);
    server.close();
    assertThat(scripted.sessionCloseCounts()).containsExactly(0, 1);
    completeElsewhere(commit::succeed);
    assertThat(scripted.sessionCloseCounts()).containsExactly(1, 1);
  }
}

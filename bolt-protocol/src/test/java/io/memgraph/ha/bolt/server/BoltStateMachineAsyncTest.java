package io.memgraph.ha.bolt.server;

import static io.memgraph.ha.bolt.server.ServerState.DEFUNCT;
import static io.memgraph.ha.bolt.server.ServerState.FAILED;
import static io.memgraph.ha.bolt.server.ServerState.READY;
import static io.memgraph.ha.bolt.server.ServerState.TX_READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.bolt.testing.LogCapture;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The state machine with a backend whose COMMIT and auto-commit summaries complete later: the reply
 * waits for the stage, the completing thread only wakes the owner, and a failed stage is handled as
 * a failing synchronous call.
 */
class BoltStateMachineAsyncTest {

  private final ScriptedBackend scripted = new ScriptedBackend()
      .result("RETURN 1", List.of("1"), List.of(List.of(1L)))
      .result("CREATE (n)", List.of(), List.of());
  private final DeferringBackend backend = new DeferringBackend(scripted);
  private final List<Response> out = new CopyOnWriteArrayList<>();
  /** The threads that ran the wake-up hook, in order. */
  private final List<String> wakeUps = new CopyOnWriteArrayList<>();

  private final ResponseSink sink = new ResponseSink() {
    @Override
    public void success(Map<String, Object> metadata) {
      out.add(new Response.Success(metadata));
    }

    @Override
    public void accept(List<Object> values) {
      out.add(new Response.RecordMessage(values));
    }

    @Override
    public void failure(String code, String message) {
      out.add(new Response.Failure(code, message));
    }

    @Override
    public void ignored() {
      out.add(new Response.Ignored());
    }

    @Override
    public void close() {
      out.add(new Response.Ignored()); // never expected here: makes any test that sees it fail
    }
  };

  private BoltStateMachine ready(BoltBackend b) {
    BoltStateMachine m = new BoltStateMachine(BoltProtocols.forVersion(new BoltVersion(4, 4)).orElseThrow(),
        new ConnectionContext(b, "Neo4j/5.26.0", Map.of(), "bolt-1",
            new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 7687)),
        sink, () -> wakeUps.add(Thread.currentThread().getName()));
    m.handle(new Request.Hello(Map.of("user_agent", "t/1", "scheme", "none")));
    assertThat(m.state()).isEqualTo(READY);
    out.clear();
    return m;
  }

  private BoltStateMachine inTransaction() {
    BoltStateMachine m = ready(backend);
    m.handle(new Request.Begin(Map.of()));
    m.handle(new Request.Run("RETURN 1", Map.of(), Map.of()));
    m.handle(Request.Pull.ALL);
    assertThat(m.state()).isEqualTo(TX_READY);
    out.clear();
    return m;
  }

  private static Response.Success success(Response r) {
    assertThat(r).isInstanceOf(Response.Success.class);
    return (Response.Success) r;
  }

  /** Runs {@code completion} on a thread of its own, as a replication thread would, and waits for it. */
  private static void completeOnOtherThread(Runnable completion) throws Exception {
    Thread t = new Thread(completion, "raft-apply");
    t.start();
    t.join(TimeUnit.SECONDS.toMillis(5));
    assertThat(t.isAlive()).isFalse();
  }

  @Test
  void commitReplyWaitsForTheStageAndTheCompletingThreadOnlyWakesTheOwner() throws Exception {
    BoltStateMachine m = inTransaction();
    m.handle(new Request.Commit());
    DeferringBackend.Deferred commit = backend.next();
    assertThat(commit.kind).isEqualTo("commit");
    assertThat(out).isEmpty();
    assertThat(m.awaitingCompletion()).isTrue();
    assertThat(m.completionReady()).isFalse();
    m.completePending(); // too early: nothing happens
    assertThat(out).isEmpty();
    assertThat(m.state()).isEqualTo(TX_READY);

    completeOnOtherThread(() -> commit.succeedWith("bm-late"));
    assertThat(wakeUps).containsExactly("raft-apply");
    assertThat(out).as("the completing thread writes nothing").isEmpty();
    assertThat(m.awaitingCompletion()).isFalse();
    assertThat(m.completionReady()).isTrue();

    m.completePending();
    assertThat(out).hasSize(1);
    assertThat(success(out.get(0)).metadata()).containsEntry("bookmark", "bm-late");
    assertThat(m.state()).isEqualTo(READY);
    assertThat(m.completionReady()).isFalse();
    m.completePending(); // once only
    assertThat(out).hasSize(1);
  }

  @Test
  void aStageCompleteBeforeTheWorkerReturnsIsAnsweredAtOnceWithoutWakeUp() {
    // the SPI's default commitAsync()/summaryAsync(): the plain scripted backend is synchronous
    BoltStateMachine m = ready(scripted);
    m.handle(new Request.Begin(Map.of()));
    m.handle(new Request.Commit());
    assertThat(success(out.get(out.size() - 1)).metadata()).containsKey("bookmark");
    m.handle(new Request.Run("CREATE (n)", Map.of(), Map.of()));
    m.handle(Request.Pull.ALL);
    assertThat(success(out.get(out.size() - 1)).metadata()).containsKey("bookmark").containsKey("t_last");
    assertThat(m.state()).isEqualTo(READY);
    assertThat(m.awaitingCompletion()).isFalse();
    assertThat(m.completionReady()).isFalse();
    assertThat(wakeUps).isEmpty();
  }

  @Test
  void autoCommitSummaryWaitsForItsStageOnPullAndOnDiscard() throws Exception {
    BoltStateMachine m = ready(backend);
    for (Request end : List.of(Request.Pull.ALL, new Request.Discard(-1, -1))) {
      out.clear();
      m.handle(new Request.Run("CREATE (n)", Map.of(), Map.of()));
      m.handle(end);
      DeferringBackend.Deferred summary = backend.next();
      assertThat(summary.kind).isEqualTo("summary");
      assertThat(out).hasSize(1); // only the RUN's SUCCESS
      assertThat(m.awaitingCompletion()).isTrue();
      completeOnOtherThread(summary::succeed);
      m.completePending();
      assertThat(success(out.get(1)).metadata()).containsEntry("type", "w")
          .containsEntry("bookmark", ((Map<?, ?>) summary.value()).get("bookmark")).containsKey("t_last");
      assertThat(m.state()).isEqualTo(READY);
    }
  }

  @Test
  void aFailedStageIsAFailureAndTheConnectionNeedsReset() throws Exception {
    BoltStateMachine m = inTransaction();
    m.handle(new Request.Commit());
    DeferringBackend.Deferred commit = backend.next();
    // CompletableFuture wraps what a dependent stage throws in CompletionException; it is unwrapped
    completeOnOtherThread(() -> commit.fail(new CompletionException(
        new BoltFailureException("Neo.TransientError.Cluster.ReplicationTimeout", "not replicated in time"))));
    m.completePending();
    assertThat(out).containsExactly(
        new Response.Failure("Neo.TransientError.Cluster.ReplicationTimeout", "not replicated in time"));
    assertThat(m.state()).isEqualTo(FAILED);
    m.handle(new Request.Run("RETURN 1", Map.of(), Map.of()));
    assertThat(out.get(1)).isInstanceOf(Response.Ignored.class);
    m.handle(new Request.Reset());
    assertThat(m.state()).isEqualTo(READY);
  }

  @Test
  void aStageFailedByABugIsAnUnknownErrorAndLogged() throws Exception {
    try (LogCapture logs = new LogCapture(BoltStateMachine.class)) {
      BoltStateMachine m = ready(backend);
      m.handle(new Request.Run("CREATE (n)", Map.of(), Map.of()));
      m.handle(Request.Pull.ALL);
      DeferringBackend.Deferred summary = backend.next();
      completeOnOtherThread(() -> summary.fail(new IllegalStateException("log index went backwards")));
      m.completePending();
      Response.Failure failure = (Response.Failure) out.get(out.size() - 1);
      assertThat(failure.code()).isEqualTo(BoltFailureException.UNKNOWN_ERROR);
      assertThat(failure.message()).contains("PULL", "log index went backwards");
      assertThat(m.state()).isEqualTo(FAILED);
      assertThat(logs.messages(Level.ERROR)).singleElement().asString().contains("PULL");
    }
  }

  @Test
  void aSynchronousThrowFromCommitIsAnsweredAsBefore() {
    BoltStateMachine m = ready(info -> new MinimalSession() {
      @Override
      public String commit() {
        throw new BoltFailureException("Neo.ClientError.Cluster.NotALeader", "not the leader");
      }
    });
    m.handle(new Request.Begin(Map.of()));
    m.handle(new Request.Commit());
    assertThat(out.get(out.size() - 1)).isEqualTo(new Response.Failure("Neo.ClientError.Cluster.NotALeader",
        "not the leader"));
    assertThat(m.state()).isEqualTo(FAILED);
    assertThat(m.awaitingCompletion()).isFalse();
    assertThat(m.completionReady()).isFalse();
  }

  @Test
  void aNullStageIsABug() {
    BoltStateMachine m = ready(info -> new MinimalSession() {
      @Override
      public CompletionStage<String> commitAsync() {
        return null;
      }
    });
    m.handle(new Request.Begin(Map.of()));
    m.handle(new Request.Commit());
    assertThat(((Response.Failure) out.get(out.size() - 1)).code()).isEqualTo(BoltFailureException.UNKNOWN_ERROR);
    assertThat(m.state()).isEqualTo(FAILED);
    assertThat(m.awaitingCompletion()).isFalse();
  }

  @Test
  void noRequestMayBeHandedOverWhileAReplyIsPending() throws Exception {
    BoltStateMachine m = inTransaction();
    m.handle(new Request.Commit());
    assertThatThrownBy(() -> m.handle(new Request.Reset())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("COMMIT");
    backend.next().succeed();
    m.completePending();
    m.handle(new Request.Reset());
    assertThat(m.state()).isEqualTo(READY);
  }

  @Test
  void interruptWhilePendingReachesTheSessionAndTheReplyStillComesFirst() throws Exception {
    BoltStateMachine m = inTransaction();
    m.handle(new Request.Commit());
    DeferringBackend.Deferred commit = backend.next();
    m.interrupt();
    assertThat(backend.interruptCounts()).containsExactly(1);
    commit.succeed();
    m.completePending();
    m.handle(new Request.Run("RETURN 1", Map.of(), Map.of()));
    m.handle(new Request.Reset());
    assertThat(out).hasSize(3);
    assertThat(success(out.get(0)).metadata()).containsEntry("bookmark", commit.value());
    assertThat(out.get(1)).isInstanceOf(Response.Ignored.class);
    assertThat(out.get(2)).isInstanceOf(Response.Success.class);
    assertThat(m.state()).isEqualTo(READY);
  }

  @Test
  void closeWhilePendingClosesTheSessionOnceAndALateCompletionIsHarmless() throws Exception {
    BoltStateMachine m = inTransaction();
    m.handle(new Request.Commit());
    DeferringBackend.Deferred commit = backend.next();
    m.close();
    assertThat(m.state()).isEqualTo(DEFUNCT);
    assertThat(m.awaitingCompletion()).isFalse();
    commit.succeed();
    m.completePending();
    m.close();
    assertThat(out).isEmpty();
    assertThat(scripted.sessionCloseCounts()).containsExactly(1);
  }

  /** A session that supports transactions and nothing else. */
  private abstract static class MinimalSession implements BoltSession {
    @Override
    public void authenticate(Map<String, Object> authToken) {}

    @Override
    public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
      return new ResultStream() {
        @Override
        public List<String> fields() {
          return List.of();
        }

        @Override
        public boolean pull(long n, RecordSink sink) {
          return false;
        }

        @Override
        public boolean discard(long n) {
          return false;
        }

        @Override
        public Map<String, Object> summary() {
          return new HashMap<>();
        }
      };
    }

    @Override
    public void begin(TxOptions options) {}

    @Override
    public String commit() {
      return null;
    }

    @Override
    public void rollback() {}

    @Override
    public Map<String, Object> route(Map<String, Object> routingContext, List<String> bookmarks, String database,
        String impersonatedUser) {
      return Map.of();
    }

    @Override
    public void interrupt() {}

    @Override
    public void reset() {}

    @Override
    public void close() {}
  }
}

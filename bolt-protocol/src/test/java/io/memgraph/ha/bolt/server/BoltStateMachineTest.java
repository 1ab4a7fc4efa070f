package io.memgraph.ha.bolt.server;

import static io.memgraph.ha.bolt.server.ServerState.AUTHENTICATION;
import static io.memgraph.ha.bolt.server.ServerState.DEFUNCT;
import static io.memgraph.ha.bolt.server.ServerState.FAILED;
import static io.memgraph.ha.bolt.server.ServerState.INTERRUPTED;
import static io.memgraph.ha.bolt.server.ServerState.NEGOTIATION;
import static io.memgraph.ha.bolt.server.ServerState.READY;
import static io.memgraph.ha.bolt.server.ServerState.STREAMING;
import static io.memgraph.ha.bolt.server.ServerState.TX_READY;
import static io.memgraph.ha.bolt.server.ServerState.TX_STREAMING;
import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The connection state machine driven directly, one test per transition group of the Bolt
 * server-state specification (appendix tables for versions 1, 3, 4.x and 5.x).
 */
class BoltStateMachineTest {

  private final ScriptedBackend backend = new ScriptedBackend()
      .result("RETURN 1", List.of("1"), List.of(List.of(1L)))
      .result("THREE", List.of("n"), List.of(List.of(1L), List.of(2L), List.of(3L)))
      .failure("BAD", "Neo.ClientError.Statement.SyntaxError", "bad query");

  private final RecordingSink out = new RecordingSink();

  private BoltStateMachine machine(int major, int minor) {
    return new BoltStateMachine(BoltProtocols.forVersion(new BoltVersion(major, minor)).orElseThrow(),
        new ConnectionContext(backend, "Neo4j/5.26.0", Map.of(), "bolt-1",
            new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 7687)),
        out);
  }

  private BoltStateMachine ready54() {
    BoltStateMachine m = machine(5, 4);
    m.handle(new Request.Hello(Map.of("user_agent", "t/1", "bolt_agent", Map.of("product", "t/1"))));
    m.handle(new Request.Logon(Map.of("scheme", "none")));
    assertThat(m.state()).isEqualTo(READY);
    return m;
  }

  private static Request.Run run(String q) {
    return new Request.Run(q, Map.of(), Map.of());
  }

  @Test
  void helloBefore51AuthenticatesAndGoesToReady() {
    BoltStateMachine m = machine(4, 4);
    assertThat(m.state()).isEqualTo(NEGOTIATION);
    m.handle(new Request.Hello(Map.of("user_agent", "t/1", "scheme", "basic", "principal", "neo4j",
        "credentials", "x", "patch_bolt", List.of("utc"))));
    assertThat(m.state()).isEqualTo(READY);
    assertThat(out.lastSuccess()).containsEntry("server", "Neo4j/5.26.0").containsEntry("connection_id", "bolt-1")
        .containsEntry("hints", Map.of()).containsEntry("patch_bolt", List.of("utc"));
    assertThat(m.structShape()).isEqualTo(StructShape.V4_4_UTC);
    assertThat(backend.calls()).containsExactly("open:4.4", "auth:neo4j");
  }

  @Test
  void helloFrom51GoesToAuthenticationThenLogonToReady() {
    BoltStateMachine m = machine(5, 1);
    m.handle(new Request.Hello(Map.of("user_agent", "t/1")));
    assertThat(m.state()).isEqualTo(AUTHENTICATION);
    m.handle(run("RETURN 1"));
    assertThat(out.lastFailureCode()).isEqualTo("Neo.ClientError.Request.Invalid");
    assertThat(m.state()).isEqualTo(FAILED);
    m.handle(new Request.Reset());
    assertThat(m.state()).isEqualTo(AUTHENTICATION);
    m.handle(new Request.Logon(Map.of("scheme", "basic", "principal", "u", "credentials", "p")));
    assertThat(m.state()).isEqualTo(READY);
    m.handle(new Request.Logoff());
    assertThat(m.state()).isEqualTo(AUTHENTICATION);
    assertThat(backend.calls()).containsSubsequence("auth:u", "logoff");
  }

  @Test
  void refusedCredentialsMakeTheConnectionDefunct() {
    BoltStateMachine m = machine(5, 4);
    m.handle(new Request.Hello(Map.of("user_agent", "t/1", "bolt_agent", Map.of("product", "t/1"))));
    m.handle(new Request.Logon(Map.of("scheme", "basic", "principal", "u", "credentials", "wrong")));
    assertThat(out.lastFailureCode()).isEqualTo("Neo.ClientError.Security.Unauthorized");
    assertThat(m.state()).isEqualTo(DEFUNCT);
    assertThat(out.closed).isTrue();
    assertThat(backend.calls()).endsWith("close");
  }

  @Test
  void missingBoltAgentIn53IsInvalidAndDefunct() {
    BoltStateMachine m = machine(5, 3);
    m.handle(new Request.Hello(Map.of("user_agent", "t/1")));
    assertThat(((Response.Failure) out.last()).message()).contains("bolt_agent");
    assertThat(m.state()).isEqualTo(DEFUNCT);
  }

  @Test
  void anythingButHelloInNegotiationIsDefunct() {
    BoltStateMachine m = machine(5, 4);
    m.handle(run("RETURN 1"));
    assertThat(out.lastFailureCode()).isEqualTo("Neo.ClientError.Request.Invalid");
    assertThat(m.state()).isEqualTo(DEFUNCT);
    assertThat(out.closed).isTrue();
  }

  @Test
  void autoCommitStreamsInBatchesBackToReady() {
    BoltStateMachine m = ready54();
    m.handle(run("THREE"));
    assertThat(m.state()).isEqualTo(STREAMING);
    assertThat(out.lastSuccess()).containsEntry("fields", List.of("n")).containsKey("t_first").doesNotContainKey("qid");
    m.handle(new Request.Pull(2, -1));
    assertThat(out.lastSuccess()).containsEntry("has_more", true);
    assertThat(m.state()).isEqualTo(STREAMING);
    m.handle(new Request.Pull(2, -1));
    assertThat(out.lastSuccess()).containsKey("t_last").containsEntry("type", "r").containsEntry("has_more", false);
    assertThat(out.responses.stream().filter(r -> r instanceof Response.RecordMessage).count()).isEqualTo(3);
    assertThat(m.state()).isEqualTo(READY);
    m.handle(run("THREE"));
    m.handle(new Request.Discard(-1, -1));
    assertThat(out.lastSuccess()).containsKey("t_last");
    assertThat(m.state()).isEqualTo(READY);
  }

  @Test
  void autoCommitWriteEndsWithABookmarkAndDb() {
    backend.result("CREATE (n)", List.of(), List.of());
    BoltStateMachine m = ready54();
    m.handle(new Request.Run("CREATE (n)", Map.of(), Map.of("db", "neo4j")));
    m.handle(Request.Pull.ALL);
    assertThat(out.lastSuccess()).containsEntry("type", "w").containsKey("bookmark").containsEntry("db", "neo4j");
  }

  @Test
  void messagesIllegalInAStateFailThenIgnoredUntilReset() {
    BoltStateMachine m = ready54();
    m.handle(new Request.Pull(10, -1));
    assertThat(((Response.Failure) out.last()).message()).contains("PULL cannot be handled in state READY");
    assertThat(m.state()).isEqualTo(FAILED);
    m.handle(run("RETURN 1"));
    m.handle(new Request.Pull(10, -1));
    m.handle(new Request.Begin(Map.of()));
    assertThat(out.responses.subList(out.responses.size() - 3, out.responses.size()))
        .allMatch(r -> r instanceof Response.Ignored);
    m.handle(new Request.Reset());
    assertThat(m.state()).isEqualTo(READY);
    m.handle(run("RETURN 1"));
    assertThat(m.state()).isEqualTo(STREAMING);
    m.handle(run("RETURN 1"));
    assertThat(((Response.Failure) out.last()).message()).contains("RUN cannot be handled in state STREAMING");
  }

  @Test
  void backendFailureGoesToFailedAndResetResetsTheSession() {
    BoltStateMachine m = ready54();
    m.handle(run("BAD"));
    assertThat(out.lastFailureCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
    assertThat(m.state()).isEqualTo(FAILED);
    m.handle(new Request.Reset());
    assertThat(m.state()).isEqualTo(READY);
    assertThat(backend.calls()).endsWith("reset");
  }

  @Test
  void bolt1AckFailureClearsFailure() {
    BoltStateMachine m = machine(1, 0);
    m.handle(new Request.Hello(Map.of("user_agent", "t/1", "scheme", "none")));
    assertThat(out.lastSuccess()).containsOnlyKeys("server");
    m.handle(run("BAD"));
    assertThat(m.state()).isEqualTo(FAILED);
    m.handle(Request.Pull.ALL);
    assertThat(out.last()).isInstanceOf(Response.Ignored.class);
    m.handle(new Request.AckFailure());
    assertThat(m.state()).isEqualTo(READY);
    m.handle(run("RETURN 1"));
    assertThat(out.lastSuccess()).containsKey("result_available_after");
    m.handle(Request.Pull.ALL);
    assertThat(out.lastSuccess()).containsKey("result_consumed_after");
  }

  @Test
  void explicitTransactionWithSeveralResultsByQid() {
    BoltStateMachine m = ready54();
    m.handle(new Request.Begin(Map.of("mode", "r", "db", "neo4j")));
    assertThat(m.state()).isEqualTo(TX_READY);
    m.handle(run("THREE"));
    assertThat(out.lastSuccess()).containsEntry("qid", 0L);
    m.handle(run("RETURN 1"));
    assertThat(out.lastSuccess()).containsEntry("qid", 1L);
    assertThat(m.state()).isEqualTo(TX_STREAMING);
    m.handle(new Request.Pull(-1, -1)); // the last one: qid 1
    assertThat(out.lastSuccess()).containsEntry("db", "neo4j");
    assertThat(m.state()).isEqualTo(TX_STREAMING);
    m.handle(new Request.Pull(1, 0));
    assertThat(out.lastSuccess()).containsEntry("has_more", true);
    m.handle(new Request.Discard(-1, 0));
    assertThat(m.state()).isEqualTo(TX_READY);
    m.handle(new Request.Commit());
    assertThat(out.lastSuccess()).containsKey("bookmark");
    assertThat(m.state()).isEqualTo(READY);
    assertThat(backend.calls()).containsSubsequence("begin:r:neo4j", "run:THREE", "run:RETURN 1", "commit");
  }

  @Test
  void unknownQidAndBeginInTransactionAreInvalid() {
    BoltStateMachine m = ready54();
    m.handle(new Request.Begin(Map.of()));
    m.handle(new Request.Pull(-1, 5));
    assertThat(((Response.Failure) out.last()).message()).contains("qid 5");
    assertThat(m.state()).isEqualTo(FAILED);
    m.handle(new Request.Reset());
    m.handle(new Request.Begin(Map.of()));
    m.handle(new Request.Begin(Map.of()));
    assertThat(((Response.Failure) out.last()).message()).contains("BEGIN cannot be handled in state TX_READY");
  }

  @Test
  void rollbackAndCommitWithOpenResults() {
    BoltStateMachine m = ready54();
    m.handle(new Request.Begin(Map.of()));
    m.handle(run("THREE"));
    m.handle(new Request.Rollback());
    assertThat(m.state()).isEqualTo(READY);
    assertThat(backend.calls()).endsWith("rollback");
  }

  @Test
  void routeAndTelemetryStayReady() {
    BoltStateMachine m = ready54();
    m.handle(new Request.Route(Map.of("address", "h:7687"), List.of(), Map.of("db", "neo4j")));
    assertThat(out.lastSuccess()).containsKey("rt");
    m.handle(new Request.Telemetry(1));
    assertThat(m.state()).isEqualTo(READY);
    assertThat(backend.calls()).contains("route:neo4j", "telemetry:1");
  }

  @Test
  void interruptIgnoresEverythingUntilItsReset() {
    BoltStateMachine m = ready54();
    m.interrupt();
    m.interrupt();
    m.handle(run("RETURN 1"));
    assertThat(out.last()).isInstanceOf(Response.Ignored.class);
    assertThat(m.state()).isEqualTo(INTERRUPTED);
    m.handle(new Request.Reset());
    assertThat(out.last()).isInstanceOf(Response.Success.class);
    assertThat(m.state()).isEqualTo(INTERRUPTED);
    m.handle(new Request.Begin(Map.of()));
    assertThat(out.last()).isInstanceOf(Response.Ignored.class);
    m.handle(new Request.Reset());
    assertThat(m.state()).isEqualTo(READY);
  }

  @Test
  void aResetThatArrivesWithTheHelloRefusesTheConnectionInsteadOfResettingNoSession() {
    BoltStateMachine m = machine(5, 4);
    m.interrupt(); // the RESET is seen on the network thread before the HELLO is handled
    m.handle(new Request.Hello(Map.of("user_agent", "t/1", "bolt_agent", Map.of("product", "t/1"))));
    assertThat(out.last()).isInstanceOf(Response.Ignored.class);
    m.handle(new Request.Reset());
    assertThat(out.lastFailureCode()).isEqualTo("Neo.ClientError.Request.Invalid");
    assertThat(m.state()).isEqualTo(DEFUNCT);
    assertThat(out.closed).isTrue();
  }

  @Test
  void interruptStopsARunningCall() throws Exception {
    BoltStateMachine m = ready54();
    CompletableFuture<Void> running = CompletableFuture.runAsync(() -> m.handle(run("BLOCK")));
    assertThat(backend.awaitBlocked(5000)).isTrue();
    m.interrupt();
    running.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(out.lastFailureCode()).isEqualTo("Neo.TransientError.Transaction.Terminated");
    m.handle(new Request.Reset());
    assertThat(m.state()).isEqualTo(READY);
  }

  @Test
  void goodbyeClosesFromAnyState() {
    BoltStateMachine m = ready54();
    m.handle(new Request.Begin(Map.of()));
    m.handle(new Request.Goodbye());
    assertThat(m.state()).isEqualTo(DEFUNCT);
    assertThat(out.closed).isTrue();
    assertThat(backend.calls()).endsWith("close");
    int before = out.responses.size();
    m.handle(run("RETURN 1"));
    assertThat(out.responses).hasSize(before);
  }

  @Test
  void aBackendBugWhileOpeningTheSessionIsDefunct() {
    BoltStateMachine m = new BoltStateMachine(BoltProtocols.forVersion(new BoltVersion(4, 4)).orElseThrow(),
        new ConnectionContext(info -> {
          throw new IllegalStateException("boom");
        }, "Neo4j/5.26.0", Map.of(), "bolt-1", null, null), out);
    m.handle(new Request.Hello(Map.of("user_agent", "t/1")));
    assertThat(out.lastFailureCode()).isEqualTo("Neo.DatabaseError.General.UnknownError");
    assertThat(m.state()).isEqualTo(DEFUNCT);
    assertThat(out.closed).isTrue();
  }
}

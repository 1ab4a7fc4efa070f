package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random request sequences against the state machine: it never throws, answers every request
 * with exactly one summary (SUCCESS, FAILURE or IGNORED, after any RECORDs) until the connection
 * is DEFUNCT, stays FAILED with IGNORED until RESET, and RESET always brings it back.
 */
class BoltStateMachineProperties {

  @Property(tries = 500)
  void everyRequestGetsOneSummaryAndResetAlwaysRecovers(
      @ForAll @IntRange(min = 0, max = 11) int protocolIndex,
      @ForAll("requests") List<Request> requests) {
    BoltProtocol protocol = BoltProtocols.ALL.get(protocolIndex);
    ScriptedBackend backend = new ScriptedBackend()
        .result("THREE", List.of("n"), List.of(List.of(1L), List.of(2L), List.of(3L)))
        .failure("BAD", "Neo.ClientError.Statement.SyntaxError", "bad");
    List<Response> out = new ArrayList<>();
    boolean[] closed = {false};
    BoltStateMachine m = new BoltStateMachine(protocol, new ConnectionContext(backend, "Neo4j/5.26.0", Map.of(),
        "bolt-1", new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 2)), new ResponseSink() {
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
            closed[0] = true;
          }
        });
    List<Request> script = new ArrayList<>();
    script.add(new Request.Hello(Map.of("user_agent", "p/1", "bolt_agent", Map.of("product", "p/1"))));
    script.addAll(requests);
    for (Request r : script) {
      if (!protocol.supports(r.getClass())) {
        continue; // the decoder would have refused it already
      }
      ServerState before = m.state();
      int size = out.size();
      m.handle(r);
      if (before == ServerState.DEFUNCT || r instanceof Request.Goodbye) {
        assertThat(out).hasSize(size);
        assertThat(m.state()).isEqualTo(ServerState.DEFUNCT);
        continue;
      }
      List<Response> produced = out.subList(size, out.size());
      assertThat(produced).isNotEmpty();
      assertThat(produced.subList(0, produced.size() - 1)).allMatch(x -> x instanceof Response.RecordMessage);
      assertThat(produced.get(produced.size() - 1)).isNotInstanceOf(Response.RecordMessage.class);
      if (before == ServerState.FAILED && !(r instanceof Request.Reset) && !(r instanceof Request.AckFailure)) {
        assertThat(produced).containsExactly(new Response.Ignored());
        assertThat(m.state()).isEqualTo(ServerState.FAILED);
      }
      if (r instanceof Request.Reset && before != ServerState.NEGOTIATION && m.state() != ServerState.DEFUNCT) {
        assertThat(m.state()).isIn(ServerState.READY, ServerState.AUTHENTICATION);
      }
    }
    assertThat(closed[0]).isEqualTo(m.state() == ServerState.DEFUNCT);
  }

  @Provide
  Arbitrary<List<Request>> requests() {
    return Arbitraries.<Request>of(
        new Request.Logon(Map.of("scheme", "none")),
        new Request.Logon(Map.of("scheme", "basic", "credentials", "wrong")),
        new Request.Logoff(),
        new Request.Run("THREE", Map.of(), Map.of()),
        new Request.Run("BAD", Map.of(), Map.of()),
        new Request.Run("THREE", Map.of(), Map.of("bookmarks", 5L)),
        new Request.Pull(1, -1), new Request.Pull(-1, -1), new Request.Pull(2, 0), new Request.Pull(1, 1),
        new Request.Discard(-1, -1), new Request.Discard(1, 0),
        new Request.Begin(Map.of()), new Request.Begin(Map.of("mode", "x")),
        new Request.Commit(), new Request.Rollback(),
        new Request.Route(Map.of(), List.of(), Map.of()),
        new Request.Telemetry(1), new Request.AckFailure(), new Request.Reset(), new Request.Reset(),
        new Request.Goodbye(), new Request.Hello(Map.of("user_agent", "again")))
        .list().ofMaxSize(40);
  }
}

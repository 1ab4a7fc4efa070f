package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolve transactions over Bolt against the real single-server process: BEGIN with
 * {@code tx_metadata} {@code {ha_tx_id: X, ha_tx_resolve: true}}, then COMMIT, answers the outcome of
 * the transaction X through the log (its bookmark, or {@code NotCommitted}), and after a
 * {@code NotCommitted} answer no commit of X applies. Each test uses its own ids and labels.
 */
class ResolveFenceE2ETest {
    private static final String NOT_COMMITTED = "Neo.TransientError.Transaction.NotCommitted";
    private static final String REQUEST_INVALID = "Neo.ClientError.Request.Invalid";

    static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static BoltClientConnection connect() {
        return server.boltClient(new BoltVersion(4, 4), "resolve-e2e");
    }

    /** BEGIN's extra map with {@code metadata} as {@code tx_metadata} (write mode unless {@code mode}). */
    private static Map<String, Object> tx(Map<String, Object> metadata, String mode) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("tx_metadata", metadata);
        if (mode != null) {
            extra.put("mode", mode);
        }
        return extra;
    }

    private static Map<String, Object> resolve(String id) {
        return tx(Map.of("ha_tx_id", id, "ha_tx_resolve", true), null);
    }

    /** BEGIN with {@code ha_tx_id} {@code id}, RUN {@code query}, PULL, COMMIT: the COMMIT's response. */
    private static Response writeWithId(BoltClientConnection c, String id, String query) {
        assertThat(c.begin(tx(Map.of("ha_tx_id", id), null))).isInstanceOf(Response.Success.class);
        assertThat(c.run(query, Map.of(), Map.of())).as(query).isInstanceOf(Response.Success.class);
        List<Response> pulled = c.pull(-1, -1);
        assertThat(pulled.get(pulled.size() - 1)).as(query).isInstanceOf(Response.Success.class);
        return c.commit();
    }

    private static String bookmark(Response r) {
        assertThat(r).isInstanceOf(Response.Success.class);
        Object bookmark = ((Response.Success) r).metadata().get("bookmark");
        assertThat(bookmark).asString().startsWith("memgraph-ha:");
        return (String) bookmark;
    }

    private static Response.Failure failure(Response r, String code) {
        assertThat(r).isInstanceOfSatisfying(Response.Failure.class, f -> assertThat(f.code()).isEqualTo(code));
        return (Response.Failure) r;
    }

    private static long count(BoltClientConnection c, String label) {
        assertThat(c.run("MATCH (n:" + label + ") RETURN count(n)", Map.of(), Map.of()))
                .isInstanceOf(Response.Success.class);
        List<Response> pulled = c.pull(-1, -1);
        assertThat(pulled.get(pulled.size() - 1)).isInstanceOf(Response.Success.class);
        return (Long) ((Response.RecordMessage) pulled.get(0)).values().get(0);
    }

    @Test
    void resolvingACommittedTransactionAnswersItsBookmark() {
        String first;
        try (BoltClientConnection c = connect()) {
            first = bookmark(writeWithId(c, "resolve-committed", "CREATE (:ResolveCommitted {k: 1})"));
        }
        try (BoltClientConnection c = connect()) {
            assertThat(c.begin(resolve("resolve-committed"))).isInstanceOf(Response.Success.class);
            assertThat(bookmark(c.commit())).as("the first commit's bookmark").isEqualTo(first);
            // Asking again answers the same.
            assertThat(c.begin(resolve("resolve-committed"))).isInstanceOf(Response.Success.class);
            assertThat(bookmark(c.commit())).isEqualTo(first);
            assertThat(count(c, "ResolveCommitted")).isEqualTo(1);
        }
    }

    @Test
    void afterAFenceTheQueryRunInATransactionRolledBackUnpulledTellsItsFieldsAndWritesNothing() {
        // What the proxy sends when an auto-commit write committed before its server answered its
        // RUN: the fence, then BEGIN, RUN and ROLLBACK together, to learn the query's fields.
        try (BoltClientConnection c = connect()) {
            bookmark(writeWithId(c, "fields-probe", "CREATE (:FieldsProbe)"));
        }
        try (BoltClientConnection c = connect()) {
            assertThat(c.begin(resolve("fields-probe"))).isInstanceOf(Response.Success.class);
            bookmark(c.commit());
            for (String query : List.of("CREATE (:FieldsProbe)", "CREATE (n:FieldsProbe) RETURN n")) {
                c.send(new Request.Begin(tx(Map.of(), null)), new Request.Run(query, Map.of(), Map.of()),
                        new Request.Rollback());
                assertThat(c.receive()).isInstanceOf(Response.Success.class);
                Response run = c.receive();
                assertThat(c.receive()).as("ROLLBACK").isInstanceOf(Response.Success.class);
                assertThat(run).as(query).isInstanceOfSatisfying(Response.Success.class, s -> assertThat(
                        s.metadata().get("fields")).isEqualTo(query.contains("RETURN") ? List.of("n") : List.of()));
            }
            assertThat(count(c, "FieldsProbe")).as("only the first commit's node").isEqualTo(1);
        }
    }

    @Test
    void resolvingAnUnknownTransactionAnswersNotCommittedAndItsCommitNeverApplies() {
        try (BoltClientConnection c = connect()) {
            assertThat(c.begin(resolve("resolve-fenced"))).isInstanceOf(Response.Success.class);
            Response.Failure fenced = failure(c.commit(), NOT_COMMITTED);
            assertThat(fenced.message()).contains("'resolve-fenced'").contains("did not commit and never will")
                    .contains("safe to run it again");
            assertThat(c.reset()).isInstanceOf(Response.Success.class);
            // The transaction arrives after the fence (as a late original would): refused, nothing written.
            Response late = failure(writeWithId(c, "resolve-fenced", "CREATE (:ResolveFenced {k: 1})"), NOT_COMMITTED);
            assertThat(((Response.Failure) late).message()).isEqualTo(fenced.message());
            assertThat(c.reset()).isInstanceOf(Response.Success.class);
            assertThat(count(c, "ResolveFenced")).isZero();
            // A second fence answers the same; the transaction under a new id commits.
            assertThat(c.begin(resolve("resolve-fenced"))).isInstanceOf(Response.Success.class);
            assertThat(failure(c.commit(), NOT_COMMITTED).message()).isEqualTo(fenced.message());
            assertThat(c.reset()).isInstanceOf(Response.Success.class);
            bookmark(writeWithId(c, "resolve-fenced-2", "CREATE (:ResolveFenced {k: 2})"));
            assertThat(count(c, "ResolveFenced")).isEqualTo(1);
        }
    }

    @Test
    void aResolveTransactionRunsNoQueriesAndNeedsAnIdAWriteModeAndABoolean() {
        try (BoltClientConnection c = connect()) {
            assertThat(c.begin(resolve("resolve-run"))).isInstanceOf(Response.Success.class);
            assertThat(failure(c.run("CREATE (:ResolveRun)", Map.of(), Map.of()), REQUEST_INVALID).message())
                    .contains("runs no queries");
            assertThat(c.reset()).isInstanceOf(Response.Success.class);
            assertThat(count(c, "ResolveRun")).isZero();

            assertThat(failure(c.begin(tx(Map.of("ha_tx_resolve", true), null)), REQUEST_INVALID).message())
                    .contains("ha_tx_resolve").contains("ha_tx_id");
            assertThat(c.reset()).isInstanceOf(Response.Success.class);
            assertThat(failure(c.begin(tx(Map.of("ha_tx_id", "resolve-x", "ha_tx_resolve", "yes"), null)),
                    REQUEST_INVALID).message()).contains("ha_tx_resolve").contains("boolean");
            assertThat(c.reset()).isInstanceOf(Response.Success.class);
            assertThat(failure(c.begin(tx(Map.of("ha_tx_id", "resolve-x", "ha_tx_resolve", true), "r")),
                    REQUEST_INVALID).message()).contains("ha_tx_resolve").contains("write");
            assertThat(c.reset()).isInstanceOf(Response.Success.class);
            // An auto-commit RUN cannot be a resolve transaction either.
            assertThat(failure(c.run("CREATE (:ResolveRun)", Map.of(),
                    Map.of("tx_metadata", Map.of("ha_tx_id", "resolve-x", "ha_tx_resolve", true))), REQUEST_INVALID)
                    .message()).contains("runs no queries");
            assertThat(c.reset()).isInstanceOf(Response.Success.class);
            assertThat(count(c, "ResolveRun")).isZero();
            // None of these fenced "resolve-x": it still commits.
            bookmark(writeWithId(c, "resolve-x", "CREATE (:ResolveRun)"));
            assertThat(count(c, "ResolveRun")).isEqualTo(1);
        }
    }
}

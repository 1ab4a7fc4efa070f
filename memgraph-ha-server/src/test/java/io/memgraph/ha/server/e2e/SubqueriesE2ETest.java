package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.summary.ResultSummary;

/**
 * Neo4j 5 subqueries through the Neo4j Java driver against the real server process:
 * {@code COUNT { }}, {@code COLLECT { }}, {@code EXISTS { }} with a full body, {@code CALL (x) { }},
 * {@code CALL (*) { }}, UNION inside CALL, {@code OPTIONAL CALL}, and
 * {@code CALL { } IN TRANSACTIONS} committing batch by batch through Raft. Each test uses its own
 * labels.
 */
class SubqueriesE2ETest {
    static ServerProcess server;
    static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
        write("CREATE (ann:Owner {name: 'Ann'}), (bob:Owner {name: 'Bob'}), (:Owner {name: 'Cid'}), "
                + "(ann)-[:OWNS]->(:Pet:Dog {name: 'Rex'}), (ann)-[:OWNS]->(:Pet:Cat {name: 'Tom'}), "
                + "(bob)-[:OWNS]->(:Pet:Dog {name: 'Max'})");
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static List<List<Object>> q(String query) {
        return QueryCase.run(driver, query, Map.of());
    }

    static ResultSummary write(String query) {
        try (Session s = driver.session()) {
            return s.run(query).consume();
        }
    }

    @Test
    void countCollectAndExistsAreCorrelated() {
        assertThat(q("MATCH (o:Owner) RETURN o.name, COUNT { (o)-[:OWNS]->(:Pet) } AS pets, "
                + "COLLECT { MATCH (o)-[:OWNS]->(d:Dog) RETURN d.name } AS dogs, "
                + "EXISTS { MATCH (o)-[:OWNS]->(p) WITH count(p) AS n WHERE n > 1 } AS many ORDER BY o.name"))
                .containsExactly(List.of("Ann", 2L, List.of("Rex"), true), List.of("Bob", 1L, List.of("Max"), false),
                        List.of("Cid", 0L, List.of(), false));
    }

    @Test
    void collectWithTwoColumnsIsRefused() {
        assertThatThrownBy(() -> q("MATCH (o:Owner) RETURN COLLECT { MATCH (o)-->(p) RETURN p.name, p }"))
                .isInstanceOf(Neo4jException.class)
                .hasMessageContaining("A COLLECT subquery must end with a single return column")
                .extracting(e -> ((Neo4jException) e).code()).isEqualTo("Neo.ClientError.Statement.SemanticError");
    }

    @Test
    void scopedCallUnionAndOptionalCall() {
        assertThat(q("MATCH (o:Owner) OPTIONAL CALL (o) { MATCH (o)-[:OWNS]->(d:Dog) RETURN d.name AS n "
                + "UNION MATCH (o)-[:OWNS]->(c:Cat) RETURN c.name AS n } RETURN o.name, n ORDER BY o.name, n"))
                .containsExactly(List.of("Ann", "Rex"), List.of("Ann", "Tom"), List.of("Bob", "Max"),
                        Arrays.asList("Cid", null));
        assertThat(q("UNWIND [1, 2] AS x WITH x, 10 AS y CALL (*) { RETURN x * y AS z } RETURN z"))
                .containsExactly(List.of(10L), List.of(20L));
        // in a scoped CALL a leading WITH is an ordinary WITH over the imported variables (ef706e6)
        assertThat(q("UNWIND [1] AS x CALL (x) { WITH x RETURN x AS y } RETURN y")).containsExactly(List.of(1L));
    }

    @Test
    void inTransactionsCommitsBatchByBatchAndLaterBatchesSeeEarlierOnes() {
        write("CREATE (:Tally {v: 0})");
        ResultSummary summary = write("UNWIND range(1, 7) AS i CALL (i) { MATCH (t:Tally) SET t.v = t.v + 1 "
                + "CREATE (:Batched {i: i, seen: t.v}) } IN TRANSACTIONS OF 2 ROWS");
        assertThat(summary.counters().nodesCreated()).isEqualTo(7);
        assertThat(q("MATCH (b:Batched) RETURN b.i, b.seen ORDER BY b.i")).containsExactly(List.of(1L, 1L),
                List.of(2L, 2L), List.of(3L, 3L), List.of(4L, 4L), List.of(5L, 5L), List.of(6L, 6L), List.of(7L, 7L));
        assertThat(q("MATCH (t:Tally) RETURN t.v")).containsExactly(List.of(7L));
    }

    @Test
    void aFailingBatchLeavesEarlierBatchesCommitted() {
        assertThatThrownBy(() -> write("UNWIND [1, 2, 3, 4, 0, 6] AS i CALL (i) { CREATE (:Halved {v: 12 / i}) } "
                + "IN TRANSACTIONS OF 2 ROWS")).isInstanceOf(Neo4jException.class).hasMessageContaining("/ by zero");
        // batches [1, 2] and [3, 4] committed; [0, 6] failed as a whole
        assertThat(q("MATCH (h:Halved) RETURN h.v ORDER BY h.v"))
                .containsExactly(List.of(3L), List.of(4L), List.of(6L), List.of(12L));
    }

    /**
     * The proxy sends a RUN that a server refused (NotALeader, DatabaseUnavailable) to the leader
     * again, a query that commits in batches too: that is safe only because a server runs nothing
     * of a query, and so commits none of its batches, before it has answered the RUN.
     */
    @Test
    void noBatchIsCommittedBeforeTheRunIsAnswered() {
        try (BoltClientConnection c = server.boltClient(new BoltVersion(4, 4), "e2e")) {
            assertThat(c.run("UNWIND range(1, 6) AS i CALL (i) { CREATE (:BeforePull {i: i}) } IN TRANSACTIONS"
                    + " OF 2 ROWS", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
            assertThat(q("MATCH (b:BeforePull) RETURN count(b)")).as("after the RUN's answer").containsExactly(List.of(0L));
            assertThat(c.pull(-1, -1)).last().isInstanceOf(Response.Success.class);
            assertThat(q("MATCH (b:BeforePull) RETURN count(b)")).as("after the PULL").containsExactly(List.of(6L));
        }
    }

    @Test
    void inTransactionsIsRefusedInAnExplicitTransaction() {
        try (Session s = driver.session(); Transaction tx = s.beginTransaction()) {
            assertThatThrownBy(() -> tx.run("UNWIND [1] AS i CALL (i) { CREATE (:Refused) } IN TRANSACTIONS").consume())
                    .isInstanceOf(Neo4jException.class)
                    .hasMessage("A query with 'CALL { ... } IN TRANSACTIONS' can only be executed in an implicit"
                            + " transaction, but tried to execute in an explicit transaction.");
        }
        assertThat(q("MATCH (r:Refused) RETURN count(r)")).containsExactly(List.of(0L));
    }
}

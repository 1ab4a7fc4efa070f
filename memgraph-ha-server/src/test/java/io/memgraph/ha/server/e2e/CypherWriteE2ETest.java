package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.TransientException;
import org.neo4j.driver.summary.ResultSummary;

/**
 * Writes, schema, errors, transactions, bookmarks, concurrency and RESET against the real server
 * process with the Neo4j Java driver 5 (and the bolt-protocol client where the driver cannot say
 * it: Bolt 1 textual transactions, RESET of a running PULL). Each test uses its own labels.
 */
class CypherWriteE2ETest {
    static ServerProcess server;
    static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none(),
                Config.builder().withMaxTransactionRetryTime(30, TimeUnit.SECONDS).build());
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

    static Object one(String query) {
        List<List<Object>> rows = q(query);
        assertThat(rows).as(query).hasSize(1);
        return rows.get(0).get(0);
    }

    static ResultSummary write(String query) {
        try (Session s = driver.session()) {
            return s.run(query).consume();
        }
    }

    static Neo4jException failure(String query, Map<String, Object> params) {
        try (Session s = driver.session()) {
            s.run(query, params).consume();
        } catch (Neo4jException e) {
            return e;
        }
        throw new AssertionError("expected '" + query + "' to fail");
    }

    // ------------------------------------------------------------------ clauses that write

    @Test
    void createReturnsValuesAndCounters() {
        try (Session s = driver.session()) {
            var result = s.run("CREATE (n:Created {name: 'x', v: 1}) RETURN n.name, n.v");
            var record = result.single();
            assertThat(record.get(0).asString()).isEqualTo("x");
            assertThat(record.get(1).asLong()).isEqualTo(1L);
            ResultSummary summary = result.consume();
            assertThat(summary.counters().nodesCreated()).isEqualTo(1);
            assertThat(summary.counters().propertiesSet()).isEqualTo(2);
            assertThat(summary.counters().labelsAdded()).isEqualTo(1);
            assertThat(summary.queryType()).isEqualTo(org.neo4j.driver.summary.QueryType.READ_WRITE);
        }
        assertThat(one("MATCH (n:Created) RETURN count(n)")).isEqualTo(1L);
    }

    @Test
    void createRelationshipBetweenMatchedAndNewNodes() {
        write("CREATE (:Linked {name: 'a'})");
        ResultSummary summary = write("MATCH (a:Linked {name: 'a'}) CREATE (a)-[:LINK {w: 2}]->(:Linked {name: 'b'})");
        assertThat(summary.counters().relationshipsCreated()).isEqualTo(1);
        assertThat(summary.counters().nodesCreated()).isEqualTo(1);
        assertThat(q("MATCH (a:Linked)-[r:LINK]->(b:Linked) RETURN a.name, type(r), r.w, b.name"))
                .isEqualTo(List.of(List.of("a", "LINK", 2L, "b")));
    }

    @Test
    void mergeCreatesOnceThenMatches() {
        String merge = "MERGE (c:City {name: 'Rome'}) ON CREATE SET c.created = true ON MATCH SET c.matched = true "
                + "RETURN c.created, c.matched";
        assertThat(q(merge)).isEqualTo(List.of(java.util.Arrays.asList(true, null)));
        assertThat(q(merge)).isEqualTo(List.of(List.of(true, true)));
        assertThat(one("MATCH (c:City) RETURN count(c)")).isEqualTo(1L);
        write("MATCH (c:City {name: 'Rome'}) MERGE (c)-[:IN]->(:Country {name: 'Italy'})");
        write("MATCH (c:City {name: 'Rome'}) MERGE (c)-[:IN]->(:Country {name: 'Italy'})");
        assertThat(one("MATCH (:City)-[:IN]->(k:Country) RETURN count(k)")).isEqualTo(1L);
    }

    @Test
    void setAndRemovePropertiesAndLabels() {
        write("CREATE (:Town {name: 'Ulm', old: 1})");
        assertThat(q("MATCH (t:Town {name: 'Ulm'}) SET t.pop = 100, t += {country: 'DE'}, t:Capital "
                + "RETURN t.pop, t.country, t.old, 'Capital' IN labels(t)"))
                .isEqualTo(List.of(List.of(100L, "DE", 1L, true)));
        assertThat(q("MATCH (t:Town {name: 'Ulm'}) SET t = {name: 'Ulm', pop: 5} RETURN t.pop, t.country IS NULL, t.old"))
                .isEqualTo(List.of(java.util.Arrays.asList(5L, true, null)));
        ResultSummary removed = write("MATCH (t:Town {name: 'Ulm'}) REMOVE t.pop, t:Capital");
        assertThat(removed.counters().labelsRemoved()).isEqualTo(1);
        assertThat(q("MATCH (t:Town {name: 'Ulm'}) RETURN t.pop, 'Capital' IN labels(t)"))
                .isEqualTo(List.of(java.util.Arrays.asList(null, false)));
    }

    @Test
    void deleteRefusesConnectedNodeAndDetachDeleteRemovesIt() {
        write("CREATE (:Del {n: 1})-[:R]->(:Del {n: 2})");
        Neo4jException e = failure("MATCH (d:Del {n: 1}) DELETE d", Map.of());
        assertThat(e.code()).isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
        assertThat(one("MATCH (d:Del) RETURN count(d)")).isEqualTo(2L);
        ResultSummary rel = write("MATCH (:Del)-[r:R]->(:Del) DELETE r");
        assertThat(rel.counters().relationshipsDeleted()).isEqualTo(1);
        write("MATCH (a:Del {n: 1}), (b:Del {n: 2}) CREATE (a)-[:R]->(b)");
        ResultSummary detach = write("MATCH (d:Del) DETACH DELETE d");
        assertThat(detach.counters().nodesDeleted()).isEqualTo(2);
        assertThat(detach.counters().relationshipsDeleted()).isEqualTo(1);
        assertThat(one("MATCH (d:Del) RETURN count(d)")).isEqualTo(0L);
    }

    @Test
    void foreachCreatesPerElement() {
        write("FOREACH (i IN range(1, 3) | CREATE (:Fe {i: i}))");
        assertThat(one("MATCH (f:Fe) RETURN sum(f.i)")).isEqualTo(6L);
    }

    @Test
    void unwindParametersIntoNodes() {
        try (Session s = driver.session()) {
            s.run("UNWIND $rows AS r CREATE (:Batch {k: r.k, tags: r.tags})",
                    Map.of("rows", List.of(Map.of("k", 1, "tags", List.of("a")), Map.of("k", 2, "tags", List.of())))).consume();
        }
        assertThat(q("MATCH (b:Batch) RETURN b.k, size(b.tags) ORDER BY b.k"))
                .isEqualTo(List.of(List.of(1L, 1L), List.of(2L, 0L)));
    }

    // ------------------------------------------------------------------ schema

    @Test
    void indexIsUsedByThePlanAndListed() {
        write("UNWIND range(1, 200) AS i CREATE (:Idx {k: i, s: 'key' + toString(i)})");
        ResultSummary created = write("CREATE INDEX ON :Idx(k)");
        assertThat(created.counters().indexesAdded()).isEqualTo(1);
        assertThat(created.queryType()).isEqualTo(org.neo4j.driver.summary.QueryType.SCHEMA_WRITE);
        String plan = q("EXPLAIN MATCH (n:Idx) WHERE n.k = 5 RETURN n.s").toString();
        assertThat(plan).contains("ScanByLabelPropertyEquality").contains("Idx");
        assertThat(q("MATCH (n:Idx) WHERE n.k = 5 RETURN n.s")).isEqualTo(List.of(List.of("key5")));
        assertThat(q("EXPLAIN MATCH (n:Idx) WHERE n.k > 195 RETURN n.k").toString()).contains("ScanByLabelPropertyRange");
        assertThat(q("MATCH (n:Idx) WHERE n.k > 197 RETURN n.k ORDER BY n.k"))
                .isEqualTo(List.of(List.of(198L), List.of(199L), List.of(200L)));
        write("CREATE INDEX ON :Idx(s)");
        assertThat(q("EXPLAIN MATCH (n:Idx) WHERE n.s STARTS WITH 'key19' RETURN n.k").toString())
                .contains("ScanByLabelPropertyPrefix");
        assertThat(q("MATCH (n:Idx) WHERE n.s STARTS WITH 'key19' RETURN count(n)")).isEqualTo(List.of(List.of(11L)));
        assertThat(q("SHOW INDEX INFO").toString()).contains("Idx").contains("k");
        write("DROP INDEX ON :Idx(k)");
        assertThat(q("EXPLAIN MATCH (n:Idx) WHERE n.k = 5 RETURN n.s").toString())
                .doesNotContain("ScanByLabelPropertyEquality");
        assertThat(q("MATCH (n:Idx) WHERE n.k = 5 RETURN n.s")).isEqualTo(List.of(List.of("key5")));
    }

    @Test
    void uniqueConstraintViolationIsRefusedAndNothingIsWritten() {
        ResultSummary c = write("CREATE CONSTRAINT ON (u:User) ASSERT u.email IS UNIQUE");
        assertThat(c.counters().constraintsAdded()).isEqualTo(1);
        write("CREATE (:User {email: 'a@x'})");
        Neo4jException dup = failure("CREATE (:User {email: 'b@x'}) CREATE (:User {email: 'a@x'})", Map.of());
        assertThat(dup.code()).isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
        assertThat(dup).isInstanceOf(ClientException.class);
        assertThat(q("MATCH (u:User) RETURN u.email")).isEqualTo(List.of(List.of("a@x")));
        assertThat(q("SHOW CONSTRAINT INFO").toString()).contains("User").contains("email");
    }

    @Test
    void existenceConstraintViolationIsRefused() {
        write("CREATE CONSTRAINT ON (a:Acct) ASSERT EXISTS (a.id)");
        Neo4jException e = failure("CREATE (:Acct {name: 'no id'})", Map.of());
        assertThat(e.code()).isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
        assertThat(one("MATCH (a:Acct) RETURN count(a)")).isEqualTo(0L);
        write("CREATE (:Acct {id: 1})");
        assertThat(one("MATCH (a:Acct) RETURN count(a)")).isEqualTo(1L);
    }

    @Test
    void showStorageInfoCountsTheGraph() {
        String info = q("SHOW STORAGE INFO").toString();
        assertThat(info).contains("vertex_count").contains("edge_count");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void syntaxErrorNamesLineAndColumn() {
        Neo4jException e = failure("MATCH (n:Person)\nRETURN n.name,, n.age", Map.of());
        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(e.getMessage()).contains("line 2, column 15");
    }

    @Test
    void missingParameterIsReported() {
        Neo4jException e = failure("MATCH (n) WHERE n.x = $missing RETURN n", Map.of());
        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.ParameterMissing");
        assertThat(e.getMessage()).contains("missing");
    }

    @Test
    void typeErrorIsReported() {
        Neo4jException e = failure("RETURN 'text' - 1", Map.of());
        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void semanticErrorIsReported() {
        Neo4jException e = failure("RETURN undefinedVariable", Map.of());
        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SemanticError");
        assertThat(e.getMessage()).contains("undefinedVariable");
    }

    @Test
    void aPointParameterOfAnUnknownSystemIsATypeError() {
        // points are values now (ValuesE2ETest); one whose SRID no system has is refused as Neo4j refuses it
        Neo4jException e = failure("RETURN $p", Map.of("p", org.neo4j.driver.Values.point(1234, 1, 2).asPoint()));
        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(e.getMessage())
                .isEqualTo("Unable to construct Point value: `Unknown coordinate reference system code: 1234`");
    }

    @Test
    void sessionIsUsableAfterAnError() {
        try (Session s = driver.session()) {
            assertThatThrownBy(() -> s.run("RETURN 1 +").consume()).isInstanceOf(ClientException.class);
            assertThat(s.run("RETURN 41 + 1").single().get(0).asLong()).isEqualTo(42L);
        }
    }

    // ------------------------------------------------------------------ transactions

    @Test
    void explicitTransactionCommitsAndIsIsolatedUntilThen() {
        try (Session s = driver.session(); Transaction tx = s.beginTransaction()) {
            tx.run("CREATE (:TxCommit {v: 1})").consume();
            tx.run("CREATE (:TxCommit {v: 2})").consume();
            assertThat(tx.run("MATCH (n:TxCommit) RETURN count(n)").single().get(0).asLong()).isEqualTo(2L);
            assertThat(one("MATCH (n:TxCommit) RETURN count(n)")).isEqualTo(0L);
            tx.commit();
        }
        assertThat(one("MATCH (n:TxCommit) RETURN sum(n.v)")).isEqualTo(3L);
    }

    @Test
    void explicitTransactionRollsBack() {
        try (Session s = driver.session(); Transaction tx = s.beginTransaction()) {
            tx.run("CREATE (:TxRollback)").consume();
            tx.rollback();
        }
        assertThat(one("MATCH (n:TxRollback) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void severalOpenResultsInOneTransaction() {
        try (Session s = driver.session(); Transaction tx = s.beginTransaction()) {
            var first = tx.run("UNWIND range(1, 5) AS i RETURN i");
            var second = tx.run("UNWIND range(10, 12) AS j RETURN j");
            assertThat(second.list(r -> r.get(0).asLong())).containsExactly(10L, 11L, 12L);
            assertThat(first.list(r -> r.get(0).asLong())).containsExactly(1L, 2L, 3L, 4L, 5L);
            tx.run("CREATE (:TxMulti)");
            tx.commit();
        }
        assertThat(one("MATCH (n:TxMulti) RETURN count(n)")).isEqualTo(1L);
    }

    @Test
    void bookmarksChainSessions() {
        List<Bookmark> bookmarks = new ArrayList<>();
        try (Session s = driver.session()) {
            s.executeWrite(tx -> tx.run("CREATE (:Bm {v: 7})").consume());
            bookmarks.addAll(s.lastBookmarks());
        }
        assertThat(bookmarks).hasSize(1);
        assertThat(bookmarks.get(0).value()).startsWith("memgraph-ha:");
        try (Session s = driver.session(SessionConfig.builder().withBookmarks(bookmarks).build())) {
            assertThat((long) s.executeRead(tx -> tx.run("MATCH (b:Bm) RETURN b.v").single().get(0).asLong())).isEqualTo(7L);
        }
    }

    @Test
    void bookmarkFromTheFutureFailsClearly() {
        try (Session s = driver.session(SessionConfig.builder()
                .withBookmarks(Bookmark.from("memgraph-ha:999999999")).build())) {
            assertThatThrownBy(() -> s.run("RETURN 1").consume())
                    .isInstanceOfSatisfying(Neo4jException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.TransientError.Transaction.BookmarkTimeout");
                        assertThat(e.getMessage()).contains("memgraph-ha:999999999");
                    });
        }
    }

    @Test
    void writeInReadModeIsRefused() {
        try (Session s = driver.session(SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build())) {
            assertThatThrownBy(() -> s.executeRead(tx -> tx.run("CREATE (:ReadMode)").consume()))
                    .isInstanceOfSatisfying(ClientException.class,
                            e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.AccessMode"));
            assertThat((long) s.executeRead(tx -> tx.run("RETURN 1").single().get(0).asLong())).isEqualTo(1L);
        }
        assertThat(one("MATCH (n:ReadMode) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void routingDriverWorksWithAnyCredentials() {
        try (Driver routing = GraphDatabase.driver(server.neo4jUri(), AuthTokens.basic("anyone", "anything"));
                Session s = routing.session()) {
            assertThat((long) s.executeWrite(tx -> tx.run("CREATE (r:Routed) RETURN 1").single().get(0).asLong())).isEqualTo(1L);
            assertThat((long) s.executeRead(tx -> tx.run("MATCH (r:Routed) RETURN count(r)").single().get(0).asLong()))
                    .isEqualTo(1L);
        }
    }

    // ------------------------------------------------------------------ conflicts

    @Test
    void conflictingCommitIsOutdatedAndRetryable() {
        write("CREATE (:Conflict {id: 1, v: 0})");
        try (Session s1 = driver.session(); Transaction tx = s1.beginTransaction()) {
            tx.run("MATCH (c:Conflict {id: 1}) SET c.v = 1").consume();
            write("MATCH (c:Conflict {id: 1}) SET c.v = 2");
            assertThatThrownBy(tx::commit).isInstanceOfSatisfying(TransientException.class,
                    e -> assertThat(e.code()).isEqualTo("Neo.TransientError.Transaction.Outdated"));
        }
        assertThat(one("MATCH (c:Conflict {id: 1}) RETURN c.v")).isEqualTo(2L);
    }

    @Test
    void driverRetriesAConflictedTransactionFunction() {
        write("CREATE (:Conflict {id: 2, v: 0})");
        AtomicInteger attempts = new AtomicInteger();
        long result;
        try (Session s = driver.session()) {
            result = s.executeWrite(tx -> {
                long cur = tx.run("MATCH (c:Conflict {id: 2}) RETURN c.v").single().get(0).asLong();
                if (attempts.incrementAndGet() == 1) {
                    // Another client changes the same node before this transaction commits.
                    write("MATCH (c:Conflict {id: 2}) SET c.v = c.v + 100");
                }
                tx.run("MATCH (c:Conflict {id: 2}) SET c.v = $v", Map.of("v", cur + 1)).consume();
                return cur + 1;
            });
        }
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(result).isEqualTo(101L);
        assertThat(one("MATCH (c:Conflict {id: 2}) RETURN c.v")).isEqualTo(101L);
    }

    @Test
    void concurrentIncrementsLoseNoUpdate() throws Exception {
        write("CREATE (:Counter {v: 0})");
        int threads = 8;
        int perThread = 20;
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    int done = 0;
                    try (Session s = driver.session()) {
                        for (int i = 0; i < perThread; i++) {
                            s.executeWrite(tx -> {
                                attempts.incrementAndGet();
                                return tx.run("MATCH (c:Counter) SET c.v = c.v + 1 RETURN c.v").consume();
                            });
                            done++;
                        }
                    }
                    return done;
                }));
            }
            int succeeded = 0;
            for (Future<Integer> f : futures) {
                succeeded += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(succeeded).isEqualTo(threads * perThread);
            assertThat(one("MATCH (c:Counter) RETURN c.v")).isEqualTo((long) succeeded);
            // Every retried attempt was a conflict the driver saw as retryable.
            assertThat(attempts.get()).isGreaterThanOrEqualTo(succeeded);
            System.out.printf("concurrent increments: %d committed, %d attempts (%d retried conflicts)%n",
                    succeeded, attempts.get(), attempts.get() - succeeded);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    // ------------------------------------------------------------------ RESET and Bolt 1

    static final String ENDLESS = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)";

    @Test
    void resetStopsARunningQueryAndTheServerStaysHealthy() {
        try (BoltClientConnection c = server.boltClient(new BoltVersion(4, 4), "e2e")) {
            assertThat(c.run(ENDLESS, Map.of(), Map.of())).isInstanceOf(Response.Success.class);
            c.send(new Request.Pull(-1, -1));
            sleep(500);
            long start = System.nanoTime();
            c.send(new Request.Reset());
            Response pulled = c.receive();
            assertThat(pulled).isInstanceOfAny(Response.Failure.class, Response.Ignored.class);
            if (pulled instanceof Response.Failure f) {
                assertThat(f.code()).isEqualTo("Neo.TransientError.Transaction.Terminated");
            }
            assertThat(c.receive()).isInstanceOf(Response.Success.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(c.run("RETURN 6 * 7", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
            List<Response> rows = c.pull(-1, -1);
            assertThat(rows.get(0)).isEqualTo(new Response.RecordMessage(List.of(42L)));
        }
        assertThat(one("RETURN 'healthy'")).isEqualTo("healthy");
    }

    @Test
    void droppingTheConnectionStopsItsLongQuery() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Driver longDriver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
        try {
            Future<Throwable> running = pool.submit(() -> {
                try (Session s = longDriver.session()) {
                    s.run(ENDLESS).consume();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            sleep(500);
            long start = System.nanoTime();
            longDriver.close();
            assertThat(running.get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        } finally {
            pool.shutdownNow();
            longDriver.close();
        }
        // The interrupted query's transaction is gone: only the transaction of SHOW STORAGE INFO is open.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long open;
        do {
            open = openTransactions();
            if (open <= 1) {
                break;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(open).isLessThanOrEqualTo(1L);
        assertThat(one("RETURN 'still healthy'")).isEqualTo("still healthy");
    }

    private static long openTransactions() {
        for (List<Object> row : q("SHOW STORAGE INFO")) {
            if ("open_transactions".equals(row.get(1))) {
                return (Long) row.get(2);
            }
        }
        throw new AssertionError("SHOW STORAGE INFO has no open_transactions row");
    }

    @Test
    void bolt1TextualTransactions() {
        try (BoltClientConnection c = server.boltClient(new BoltVersion(1, 0), "bolt1-e2e")) {
            runOk(c, "BEGIN");
            assertFailure(c, "BEGIN", "Nested transactions are not supported.");
            runOk(c, "CREATE (:Bolt1 {v: 1})");
            List<Response> commit = runOk(c, "COMMIT");
            assertThat(((Response.Success) commit.get(commit.size() - 1)).metadata().get("bookmark"))
                    .asString().startsWith("memgraph-ha:");
            assertFailure(c, "COMMIT", "No current transaction to commit.");
            assertFailure(c, "ROLLBACK", "No current transaction to rollback.");
            runOk(c, "BEGIN");
            runOk(c, "CREATE (:Bolt1 {v: 2})");
            runOk(c, "ROLLBACK");
        }
        assertThat(q("MATCH (b:Bolt1) RETURN b.v")).isEqualTo(List.of(List.of(1L)));
    }

    private static List<Response> runOk(BoltClientConnection c, String query) {
        assertThat(c.run(query, Map.of(), Map.of())).as(query).isInstanceOf(Response.Success.class);
        List<Response> pulled = c.pull(-1, -1);
        assertThat(pulled.get(pulled.size() - 1)).as(query).isInstanceOf(Response.Success.class);
        return pulled;
    }

    private static void assertFailure(BoltClientConnection c, String query, String message) {
        Response r = c.run(query, Map.of(), Map.of());
        assertThat(r).as(query).isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.message()).isEqualTo(message));
        c.send(new Request.AckFailure());
        assertThat(c.receive()).isInstanceOf(Response.Success.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.memgraph.ha.server.e2e;

import io.memgraph.ha.query.TransactionCommand;
import io.memgraph.ha.query.show.ShowColumns;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code SHOW TRANSACTIONS} and {@code TERMINATE TRANSACTIONS} on a real server with the Neo4j
 * driver: a runaway query is listed and stopped, an idle explicit transaction is terminated and
 * never commits, an unknown id is a row saying so; YIELD, WHERE and RETURN after both commands.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TransactionsE2ETest {
    /** Ten billion rows: it ends only when something stops it. */
    private static final String RUNAWAY = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
            + "WITH x, y WHERE x < 0 RETURN count(*)";

    private static OneServer server;
    private static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        server = OneServer.start("--query-execution-time-sec=600");
        driver = server.driver;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Polls SHOW TRANSACTIONS until a transaction whose row {@code wanted} accepts appears. */
    private static Record awaitListed(Session admin, java.util.function.Predicate<Record> wanted)
            throws InterruptedException {
        while (true) {
            for (Record r : admin.run("SHOW TRANSACTIONS").list()) {
                if (wanted.test(r)) {
                    return r;
                }
            }
            Thread.sleep(20);
        }
    }

    /**
     * Opens an explicit transaction tagged {@code job} in {@code client}, creates a node in it, and
     * terminates it from {@code admin} with {@code terminate} (the id is appended, quoted with
     * {@code quote}) once SHOW TRANSACTIONS lists it, idle.
     */
    private static Transaction terminatedIdle(Session client, Session admin, String job, String terminate,
            String quote) throws InterruptedException {
        Transaction tx = client.beginTransaction(TransactionConfig.builder().withMetadata(Map.of("job", job)).build());
        tx.run("CREATE (:Doomed)").consume();
        Record row = awaitListed(admin, r -> job.equals(r.get("metaData").get("job").asString(null)));
        assertThat(row.get("currentQuery").asString()).as("idle between queries").isEmpty();
        String id = row.get("transactionId").asString();
        Record answer = admin.run(terminate + " " + quote + id + quote).single();
        assertThat(answer.get("message").asString()).isEqualTo("Transaction terminated.");
        return tx;
    }

    @Test
    void aRunawayQueryIsListedAndTerminatedAndItsSessionGoesOn() throws Exception {
        try (Session runaway = driver.session(); Session admin = driver.session()) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> runaway.run(RUNAWAY).consume());
            Record row = awaitListed(admin, r -> r.get("currentQuery").asString().equals(RUNAWAY));
            assertThat(row.keys()).isEqualTo(TransactionCommand.SHOW_COLUMNS);
            assertThat(row.get("database").asString()).isEqualTo("memgraph");
            assertThat(row.get("status").asString()).isEqualTo("Running");
            assertThat(row.get("connectionId").asString()).startsWith("bolt-");
            assertThat(row.get("clientAddress").asString()).startsWith("127.0.0.1:");
            String id = row.get("transactionId").asString();
            assertThat(id).startsWith("memgraph-transaction-");
            assertThat(row.get("transaction_id").asString()).isEqualTo(id);
            assertThat(row.get("query").asList()).containsExactly(RUNAWAY);

            List<Record> terminated = admin.run("TERMINATE TRANSACTIONS $ids", Map.of("ids", List.of(id))).list();
            assertThat(terminated).hasSize(1);
            assertThat(terminated.get(0).keys()).isEqualTo(TransactionCommand.TERMINATE_COLUMNS);
            assertThat(terminated.get(0).get("transactionId").asString()).isEqualTo(id);
            assertThat(terminated.get(0).get("message").asString()).isEqualTo("Transaction terminated.");
            // and Memgraph's columns, as GQLAlchemy's terminate_transactions reads them
            assertThat(terminated.get(0).get("transaction_id").asString()).isEqualTo(id);
            assertThat(terminated.get(0).get("killed").asBoolean()).isTrue();

            assertThatThrownBy(running::join).cause().isInstanceOfSatisfying(Neo4jException.class, e -> {
                assertThat(e.code()).isEqualTo("Neo.ClientError.Transaction.Terminated");
                assertThat(e.getMessage()).contains(id).contains("TERMINATE TRANSACTIONS").contains("connection bolt-")
                        .doesNotContain("\n");
            });
            assertThat(runaway.run("RETURN 1").single().get(0).asLong()).as("the session goes on").isEqualTo(1L);
            assertThat(admin.run("SHOW TRANSACTIONS " + "'" + id + "'").list()).as("it is gone").isEmpty();
        }
    }

    @Test
    void anIdleExplicitTransactionTerminatedNeverCommits() throws Exception {
        try (Session client = driver.session(); Session admin = driver.session()) {
            Transaction tx = terminatedIdle(client, admin, "commit", "TERMINATE TRANSACTIONS", "\""); // Memgraph's form

            assertThatThrownBy(tx::commit).isInstanceOfSatisfying(Neo4jException.class,
                    e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Transaction.Terminated"));
            tx.close();
            assertThat(admin.run("MATCH (n:Doomed) RETURN count(n)").single().get(0).asLong())
                    .as("nothing of it committed").isZero();
            assertThat(client.run("RETURN 1").single().get(0).asLong()).isEqualTo(1L);
        }
    }

    @Test
    void aTerminatedTransactionRefusesItsNextQuery() throws Exception {
        try (Session client = driver.session(); Session admin = driver.session()) {
            Transaction tx = terminatedIdle(client, admin, "next-query", "TERMINATE TRANSACTION", "'");
            assertThatThrownBy(() -> tx.run("RETURN 1").consume()).isInstanceOfSatisfying(Neo4jException.class,
                    e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Transaction.Terminated"));
            tx.close();
            assertThat(admin.run("MATCH (n:Doomed) RETURN count(n)").single().get(0).asLong()).isZero();
        }
    }

    @Test
    void anUnknownIdIsARowSayingNotFound() {
        try (Session admin = driver.session()) {
            Record answer = admin.run("TERMINATE TRANSACTIONS 'memgraph-transaction-999999', 'nonsense'").list().get(0);
            assertThat(answer.get("transactionId").asString()).isEqualTo("memgraph-transaction-999999");
            assertThat(answer.get("message").asString()).isEqualTo("Transaction not found.");
        }
    }

    /** Stops every runaway query still running (a test that failed early would leave one behind). */
    private static void stopRunaways() {
        try (Session admin = driver.session()) {
            for (Record r : admin.run("SHOW TRANSACTIONS").list()) {
                if (r.get("currentQuery").asString().equals(RUNAWAY)) {
                    admin.run("TERMINATE TRANSACTIONS $id", Map.of("id", r.get("transactionId").asString())).consume();
                }
            }
        }
    }

    /** What a test does with an admin session while the runaway query runs. */
    private interface WhileRunning {
        void test(Session admin, CompletableFuture<Void> running) throws Exception;
    }

    /** Runs {@code test} while a runaway query runs in another session; stops the runaway in any case. */
    private static void whileRunaway(WhileRunning test) throws Exception {
        try (Session runaway = driver.session(); Session admin = driver.session()) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> runaway.run(RUNAWAY).consume());
            try {
                test.test(admin, running);
            } finally {
                stopRunaways();
            }
        }
    }

    @Test
    void yieldWhereAndReturnAfterShowTransactions() throws Exception {
        whileRunaway(TransactionsE2ETest::yieldWhereAndReturn);
    }

    private static void yieldWhereAndReturn(Session admin, CompletableFuture<Void> running) throws Exception {
        String id = awaitListed(admin, r -> r.get("currentQuery").asString().equals(RUNAWAY))
                .get("transactionId").asString();
        Thread.sleep(300);
        // durations do not compare in Cypher (elapsedTime > duration('PT0.2S') is null): compare a component
        List<Record> slow = admin.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery, elapsedTime"
                + " WHERE elapsedTime.milliseconds > 200 AND currentQuery = $q", Map.of("q", RUNAWAY)).list();
        assertThat(slow).hasSize(1);
        assertThat(slow.get(0).keys()).containsExactly("transactionId", "currentQuery", "elapsedTime");
        assertThat(slow.get(0).get("transactionId").asString()).isEqualTo(id);
        assertThat(slow.get(0).get("elapsedTime").asIsoDuration().seconds()).isGreaterThanOrEqualTo(0L);

        Record all = admin.run("SHOW TRANSACTIONS YIELD * WHERE transactionId = $id", Map.of("id", id)).single();
        assertThat(all.keys()).isEqualTo(ShowColumns.TRANSACTIONS.all());
        assertThat(all.get("protocol").asString()).isEqualTo("bolt");
        assertThat(all.get("currentQueryStatus").asString()).isEqualTo("running");
        assertThat(all.get("currentQueryElapsedTime").asIsoDuration().nanoseconds()
                + all.get("currentQueryElapsedTime").asIsoDuration().seconds()).isPositive();
        assertThat(all.get("cpuTime").isNull()).isTrue();
        assertThat(all.get("activeLockCount").asLong()).isZero();

        Record mine = admin.run("SHOW TRANSACTIONS WHERE transactionId = $id", Map.of("id", id)).single();
        assertThat(mine.keys()).as("a lone WHERE keeps the default columns").isEqualTo(TransactionCommand.SHOW_COLUMNS);
        assertThat(admin.run("SHOW TRANSACTIONS YIELD username, currentQuery WHERE currentQuery STARTS WITH 'UNWIND'"
                + " RETURN count(*) AS n, collect(DISTINCT username) AS users").single().get("n").asLong())
                .isEqualTo(1L);

        // every id given is terminated, whatever WHERE keeps of the rows
        List<Record> shown = admin.run("TERMINATE TRANSACTIONS '" + id + "', 'memgraph-transaction-999999'"
                + " YIELD transactionId AS txId, message WHERE message <> 'Transaction terminated.' RETURN txId")
                .list();
        assertThat(shown).extracting(r -> r.get("txId").asString()).containsExactly("memgraph-transaction-999999");
        assertThatThrownBy(running::join).cause().isInstanceOfSatisfying(Neo4jException.class,
                e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Transaction.Terminated"));
        Record again = admin.run("TERMINATE TRANSACTIONS $id YIELD *", Map.of("id", id)).single();
        assertThat(again.keys()).isEqualTo(TransactionCommand.TERMINATE_COLUMNS);
        assertThat(again.get("message").asString()).isEqualTo("Transaction not found.");
    }

    @Test
    void aWrongTailTerminatesNothingAndWorksInsideATransaction() throws Exception {
        whileRunaway(TransactionsE2ETest::wrongTailAndInsideATransaction);
    }

    private static void wrongTailAndInsideATransaction(Session admin, CompletableFuture<Void> running)
            throws Exception {
        String id = awaitListed(admin, r -> r.get("currentQuery").asString().equals(RUNAWAY))
                .get("transactionId").asString();
        assertThatThrownBy(() -> admin.run("TERMINATE TRANSACTIONS '" + id + "' YIELD transactionId, nonsense")
                .consume()).isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SemanticError");
                    assertThat(e.getMessage()).contains("Variable `nonsense` not defined");
                });
        assertThatThrownBy(() -> admin.run("TERMINATE TRANSACTIONS '" + id + "' WHERE true").consume())
                .isInstanceOfSatisfying(ClientException.class,
                        e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError"));
        assertThatThrownBy(() -> admin.run("SHOW TRANSACTIONS RETURN transactionId").consume())
                .isInstanceOfSatisfying(ClientException.class,
                        e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError"));
        assertThat(running).as("still running: nothing was terminated").isNotDone();

        try (Transaction tx = admin.beginTransaction()) {
            tx.run("CREATE (:Kept)").consume();
            Record row = tx.run("SHOW TRANSACTIONS YIELD transactionId, status WHERE transactionId = $id"
                    + " RETURN status", Map.of("id", id)).single();
            assertThat(row.get("status").asString()).isEqualTo("Running");
            List<Record> terminated = tx.run("TERMINATE TRANSACTIONS $id YIELD message", Map.of("id", id)).list();
            assertThat(terminated).extracting(r -> r.get("message").asString())
                    .containsExactly("Transaction terminated.");
            tx.commit(); // the explicit transaction is left as it was
        }
        assertThatThrownBy(running::join).cause().isInstanceOf(Neo4jException.class);
        assertThat(admin.run("MATCH (n:Kept) RETURN count(n)").single().get(0).asLong()).isEqualTo(1L);
    }
}

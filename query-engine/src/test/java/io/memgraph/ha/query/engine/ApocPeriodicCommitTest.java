package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code apoc.periodic.commit(statement, params)}: the statement runs again and again, each run a
 * transaction committed before the next starts, until a run's count (its one column, summed) is 0;
 * a failing run is rolled back and counted and ends the runs. APOC's columns.
 */
class ApocPeriodicCommitTest {
    private final Db db = new Db();

    private static final String DELETE_OLD = "CALL apoc.periodic.commit(\"MATCH (n:Old) WITH n LIMIT $limit"
            + " DETACH DELETE n RETURN count(*)\", {limit: 10})";

    /** A map of error messages to how many runs each ended. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> errors(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void runsTheStatementInTransactionsOfItsOwnUntilItReturnsZero() {
        db.run("UNWIND range(1, 25) AS i CREATE (:Old {i: i})-[:R]->(:Kept)");
        Db.Result r = db.runResult(DELETE_OLD);
        assertThat(r.rows()).hasSize(1);
        assertThat(r.rows().get(0).keySet()).containsExactly("updates", "executions", "runtime", "batches",
                "failedBatches", "batchErrors", "failedCommits", "commitErrors", "wasTerminated");
        // runs of 10, 10, 5, then the one that finds nothing: four batches, three that did something
        assertThat(new ArrayList<>(r.rows().get(0).values()))
                .isEqualTo(row(25L, 3L, 0L, 4L, 0L, Map.of(), 0L, Map.of(), false));
        assertThat(db.batchCommits).isEqualTo(4);
        assertThat(r.stats()).containsEntry("nodes-deleted", 25L).containsEntry("relationships-deleted", 25L);
        assertThat(db.values("MATCH (n) RETURN labels(n)[0] AS l, count(*)")).containsExactly(row("Kept", 25L));
        // nothing to do: one run, which finds nothing
        assertThat(db.values(DELETE_OLD + " YIELD updates, executions, batches"))
                .containsExactly(row(0L, 0L, 1L));
    }

    @Test
    void theCountIsTheSumOfTheColumnAndTheRunsGoOnWhileItIsAboveZero() {
        db.run("UNWIND range(1, 7) AS i CREATE (:Todo {i: i})");
        // two rows a run, each counting 1: the sum is the run's count
        assertThat(db.values("CALL apoc.periodic.commit('MATCH (n:Todo) WITH n LIMIT $limit REMOVE n:Todo"
                + " RETURN 1 AS one', {limit: 2}) YIELD updates, executions, batches"))
                .containsExactly(row(7L, 4L, 5L));
        // a negative count ends the runs as 0 does
        assertThat(db.values("CALL apoc.periodic.commit('UNWIND [-1] AS x WITH x LIMIT 1 RETURN x')"
                + " YIELD updates, executions, batches")).containsExactly(row(-1L, 0L, 1L));
    }

    @Test
    void theRunsSeeTheParamsAndApocsCountAndTotal() {
        db.run("UNWIND range(1, 5) AS i CREATE (:Todo {i: i})");
        db.run("CALL apoc.periodic.commit('MATCH (n:Todo) WITH n ORDER BY n.i LIMIT $limit"
                + " SET n.count = $_count, n.total = $_total, n.by = $who REMOVE n:Todo RETURN count(*)',"
                + " {limit: 2, who: $me})", "me", "ann");
        assertThat(db.values("MATCH (n) RETURN n.i, n.count, n.total, n.by ORDER BY n.i")).containsExactly(
                row(1L, 0L, 0L, "ann"), row(2L, 0L, 0L, "ann"), row(3L, 2L, 2L, "ann"), row(4L, 2L, 2L, "ann"),
                row(5L, 2L, 4L, "ann"));
        // params given win over APOC's own, as in APOC
        assertThat(db.values("CALL apoc.periodic.commit('UNWIND [1] AS x WITH x LIMIT 1 RETURN $_count',"
                + " {_count: 0}) YIELD batches")).containsExactly(row(1L));
    }

    @Test
    void aFailingRunIsRolledBackAndCountedTheRunsBeforeItStayCommitted() {
        db.run("UNWIND range(1, 10) AS i CREATE (:N {i: i})");
        // runs: i 1-2, 3-4, then 5-6 divides by zero
        List<List<Object>> rows = db.values("CALL apoc.periodic.commit('MATCH (n:N) WHERE n.v IS NULL"
                + " WITH n ORDER BY n.i LIMIT $limit SET n.v = 10 / (5 - n.i) RETURN count(*)', {limit: 2})"
                + " YIELD updates, executions, batches, failedBatches, batchErrors, failedCommits, commitErrors");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).subList(0, 4)).containsExactly(4L, 2L, 3L, 1L);
        assertThat(errors(rows.get(0).get(4))).hasSize(1).containsValue(1L);
        assertThat(errors(rows.get(0).get(4)).keySet().iterator().next()).contains("/ by zero");
        assertThat(rows.get(0).subList(5, 7)).containsExactly(0L, Map.of());
        assertThat(db.batchCommits).isEqualTo(2);
        assertThat(db.batchRollbacks).isEqualTo(1);
        assertThat(db.values("MATCH (n:N) WHERE n.v IS NOT NULL RETURN n.i ORDER BY n.i"))
                .containsExactly(row(1L), row(2L), row(3L), row(4L));
    }

    @Test
    void aRefusedCommitIsAFailedCommit() {
        db.run("CREATE CONSTRAINT FOR (u:U) REQUIRE u.k IS UNIQUE");
        db.run("UNWIND range(1, 6) AS i CREATE (:Src {i: i})");
        // each run makes k 0 and 1: the second run's commit breaks the constraint
        List<List<Object>> rows = db.values("CALL apoc.periodic.commit('MATCH (s:Src) WITH s ORDER BY s.i"
                + " LIMIT $limit CREATE (:U {k: s.i % 2}) DELETE s RETURN count(*)', {limit: 2})"
                + " YIELD updates, batches, failedBatches, failedCommits, commitErrors");
        assertThat(rows.get(0).subList(0, 4)).containsExactly(2L, 2L, 0L, 1L);
        assertThat(errors(rows.get(0).get(4))).hasSize(1).containsValue(1L);
        assertThat(db.single("MATCH (u:U) RETURN count(u)")).isEqualTo(2L);
        assertThat(db.single("MATCH (s:Src) RETURN count(s)")).isEqualTo(4L);
    }

    @Test
    void yieldWhereAndTheRestOfTheQuery() {
        db.run("UNWIND range(1, 3) AS i CREATE (:Old)");
        assertThat(db.values(DELETE_OLD + " YIELD updates AS deleted, batches WHERE deleted > 0"
                + " RETURN deleted * 10 + batches AS n")).containsExactly(row(32L));
        assertThat(db.values(DELETE_OLD + " YIELD updates AS deleted WHERE deleted > 0 RETURN deleted")).isEmpty();
    }

    @Test
    void aStatementThatNeverReturnsZeroIsStoppedByTheTimeLimit() {
        db.run("CREATE (:Counter {n: 0})");
        QueryControl control = new QueryControl(Duration.ofMillis(300), 0);
        assertThatThrownBy(() -> db.runResult(control, "CALL apoc.periodic.commit('MATCH (c:Counter)"
                + " WITH c LIMIT $limit SET c.n = c.n + 1 RETURN count(*)', {limit: 1})"))
                .isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut"));
        // every run before the limit stays committed; the one it stopped is not
        assertThat(db.batchCommits).isPositive();
        assertThat(db.single("MATCH (c:Counter) RETURN c.n")).isEqualTo((long) db.batchCommits);
    }

    @Test
    void aStatementThatNeverReturnsZeroIsStoppedByCancellation() throws InterruptedException {
        QueryControl control = QueryControl.unlimited();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            control.cancel();
        });
        canceller.start();
        assertThatThrownBy(() -> db.runResult(control, "CALL apoc.periodic.commit('UNWIND [1] AS x"
                + " WITH x LIMIT $limit CREATE (:Made) RETURN count(*)', {limit: 1})"))
                .isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.TransientError.Transaction.Terminated"));
        canceller.join();
        assertThat(db.single("MATCH (m:Made) RETURN count(m)")).isEqualTo((long) db.batchCommits);
    }

    @Test
    void eachRunsWritesLeaveTheMemoryLimitWhenItCommitsAndARunOverItFailsTheQuery() {
        db.run("UNWIND range(1, 20000) AS i CREATE (:Old {i: i, s: 'node number ' + toString(i)})");
        long limit = 2L * 1024 * 1024;
        String deleteInRunsOf = "CALL apoc.periodic.commit('MATCH (n:Old) WITH n LIMIT $limit DETACH DELETE n"
                + " RETURN count(*)', {limit: $size}) YIELD updates, batches";
        // one run of everything passes the limit: the query fails (whatever APOC's BREAK), nothing is deleted
        assertThatThrownBy(() -> db.runResult(new QueryControl(null, limit), deleteInRunsOf, "size", 20000L))
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError"));
        assertThat(db.batchCommits).isZero();
        // runs of 1000 do not add up: a committed run's writes no longer count
        assertThat(db.runResult(new QueryControl(null, limit), deleteInRunsOf, "size", 1000L).rows())
                .containsExactly(Map.of("updates", 20000L, "batches", 21L));
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void explainShowsTheLoop() {
        assertThat(db.values("EXPLAIN " + DELETE_OLD).toString()).contains("RepeatInTransactions");
        assertThat(db.values("EXPLAIN CALL periodic.delete({batch_size: 5})").toString())
                .contains("RepeatInTransactions");
    }

    @Test
    void refusedInAnExplicitTransaction() {
        db.run("CREATE (:Old)");
        assertThat(db.failureInExplicitTransaction(DELETE_OLD)).hasMessage("A query with 'CALL { ... } IN"
                + " TRANSACTIONS' can only be executed in an implicit transaction, but tried to execute in an"
                + " explicit transaction.");
        assertThat(db.single("MATCH (n:Old) RETURN count(n)")).isEqualTo(1L);
    }

    @Test
    void aCountThatIsNotAnIntegerFailsTheQueryAndItsRunIsNotCommitted() {
        db.run("CREATE (:Todo), (:Todo)");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('MATCH (n:Todo) WITH n LIMIT 1 REMOVE n:Todo"
                + " RETURN \"one\"')")).isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.TypeError"))
                .hasMessage("apoc.periodic.commit's statement must return an integer count in its one column (the"
                        + " loop ends when it is 0), not one (String)");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('UNWIND [1.5] AS x WITH x LIMIT 1 RETURN x')"))
                .hasMessageEndingWith("not 1.5 (Float)");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('UNWIND [null] AS x WITH x LIMIT 1 RETURN x')"))
                .hasMessageEndingWith("not null");
        assertThat(db.single("MATCH (n:Todo) RETURN count(n)")).isEqualTo(2L);
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingRuns() {
        db.run("CREATE (:Old)");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('MATCH (n:Old) DETACH DELETE n RETURN count(*)')"))
                .isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.ArgumentError"))
                .hasMessage("apoc.periodic.commit needs a statement with LIMIT, so that each run does a part of the"
                        + " work (WITH n LIMIT $limit), as in APOC");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('MATCH (n:Old) WITH n LIMIT 1 DETACH DELETE n')"))
                .hasMessage("apoc.periodic.commit needs a statement that returns one column, its count (RETURN"
                        + " count(*)): the runs end when it is 0");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('MATCH (n:Old) WITH n LIMIT 1 DETACH DELETE n"
                + " RETURN count(*) AS a, 1 AS b')")).hasMessageEndingWith("; this one returns a, b");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit($q, {limit: 1})", "q", List.of("MATCH (n)")))
                .hasMessage("apoc.periodic.commit takes its statement as a string, written in the query or given as"
                        + " a parameter, not a list");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('MATCH (n) WITH n LIMIT $limit RETURN count(*)',"
                + " $params)", "params", 1L))
                .hasMessage("apoc.periodic.commit takes its params as a map, written in the query or given as a"
                        + " parameter ({limit: 1000}), not 1");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit()"))
                .hasMessageStartingWith("apoc.periodic.commit takes the statement to run again and again");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('MATCH (n) WITH n LIMIT $limit RETURN count(*)')"))
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.ParameterMissing"));
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit('MATCH (n) WITH n LIMIT 1 RETURN count(*) +')"))
                .hasMessageContaining("apoc.periodic.commit's statement: ");
        assertThatThrownBy(() -> db.run("MATCH (x) CALL apoc.periodic.commit('MATCH (n) WITH n LIMIT 1"
                + " RETURN count(*)') YIELD updates RETURN updates"))
                .hasMessageContaining("must be the first clause");
        assertThatThrownBy(() -> db.run(DELETE_OLD + " YIELD total"))
                .hasMessageContaining("Unknown procedure output: `total` (apoc.periodic.commit yields updates,"
                        + " executions, runtime, batches, failedBatches, batchErrors, failedCommits, commitErrors,"
                        + " wasTerminated)");
        assertThat(db.batchCommits).isZero();
        assertThat(db.single("MATCH (n:Old) RETURN count(n)")).isEqualTo(1L);
    }
}

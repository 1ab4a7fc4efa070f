package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code CALL { ... } IN TRANSACTIONS [OF n ROWS]}: each batch of input rows runs the subquery and
 * commits as its own transaction through the {@code TransactionBatches} the caller gives; later
 * batches see earlier ones; a failing batch leaves the earlier ones committed.
 */
class CallInTransactionsTest {

    @Test
    void eachBatchCommitsOnItsOwn() {
        Db db = new Db();
        Db.Result r = db.runResult("UNWIND range(1, 10) AS i CALL (i) { CREATE (:N {i: i}) } IN TRANSACTIONS "
                + "OF 3 ROWS RETURN count(*) AS rows");
        assertThat(r.rows()).containsExactly(Map.of("rows", 10L));
        assertThat(r.stats()).containsEntry("nodes-created", 10L); // counted over all batches
        assertThat(db.batchCommits).isEqualTo(4); // 3 + 3 + 3 + 1
        assertThat(db.single("MATCH (n:N) RETURN count(n)")).isEqualTo(10L);
    }

    @Test
    void defaultBatchIsAThousandRowsAndOfOneRowWorks() {
        Db db = new Db();
        db.run("UNWIND range(1, 1500) AS i CALL (i) { CREATE (:N {i: i}) } IN TRANSACTIONS");
        assertThat(db.batchCommits).isEqualTo(2);
        db.run("MATCH (n:N) WHERE n.i <= 3 CALL (n) { SET n.done = true } IN TRANSACTIONS OF 1 ROW");
        assertThat(db.batchCommits).isEqualTo(5);
        assertThat(db.single("MATCH (n:N {done: true}) RETURN count(n)")).isEqualTo(3L);
    }

    @Test
    void laterBatchesSeeEarlierOnesAndRowsFlowOn() {
        Db db = new Db();
        db.run("CREATE (:Counter {v: 0})");
        assertThat(db.values("UNWIND [1, 2, 3] AS i CALL () { MATCH (c:Counter) SET c.v = c.v + 1 RETURN c.v AS v } "
                + "IN TRANSACTIONS OF 1 ROW RETURN i, v")).containsExactly(row(1L, 1L), row(2L, 2L), row(3L, 3L));
        assertThat(db.single("MATCH (c:Counter) RETURN c.v")).isEqualTo(3L);
    }

    @Test
    void aFailingBatchLeavesTheEarlierBatchesCommitted() {
        Db db = new Db();
        assertThatThrownBy(() -> db.run("UNWIND [1, 2, 3, 0, 5, 6] AS i CALL (i) { CREATE (:N {v: 10 / i}) } "
                + "IN TRANSACTIONS OF 2 ROWS")).isInstanceOf(CypherException.class).hasMessageContaining("/ by zero");
        // [1, 2] committed; [3, 0] failed as a whole (its 10 / 3 is rolled back too); [5, 6] never ran
        assertThat(db.values("MATCH (n:N) RETURN n.v ORDER BY n.v")).containsExactly(row(5L), row(10L));
    }

    @Test
    void concurrentTransactionsCommitEveryBatchOnce() {
        Db db = new Db();
        Db.Result r = db.runResult("UNWIND range(1, 10) AS i CALL (i) { CREATE (:N {i: i}) } IN 3 CONCURRENT "
                + "TRANSACTIONS OF 4 ROWS RETURN count(*) AS rows");
        assertThat(r.rows()).containsExactly(Map.of("rows", 10L));
        assertThat(db.batchCommits).isEqualTo(3); // 4 + 4 + 2
        db.run("UNWIND range(11, 12) AS i CALL (i) { CREATE (:N {i: i}) } IN CONCURRENT TRANSACTIONS OF 1 ROW");
        assertThat(db.batchCommits).isEqualTo(5);
        Db.Result status = db.runResult("UNWIND [1, 0, 2] AS i CALL (i) { CREATE (:M {v: 10 / i}) } IN $c CONCURRENT"
                + " TRANSACTIONS OF 1 ROW ON ERROR CONTINUE REPORT STATUS AS s RETURN i, s.committed AS ok",
                "c", 2L);
        assertThat(status.rows()).extracting(m -> m.get("ok")).containsExactlyInAnyOrder(true, false, true);
        assertThat(db.single("MATCH (n:N) RETURN count(n)")).isEqualTo(12L);
        assertThat(db.single("MATCH (m:M) RETURN count(m)")).isEqualTo(2L);
    }

    @Test
    void concurrencyMustBeAPositiveInteger() {
        Db db = new Db();
        assertThatThrownBy(() -> db.run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN 0 CONCURRENT TRANSACTIONS"))
                .isInstanceOf(CypherException.class).hasMessageContaining("'0' is not a valid value. Must be a positive integer");
        assertThatThrownBy(() -> db.run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN 'two' CONCURRENT TRANSACTIONS"))
                .isInstanceOf(CypherException.class).hasMessageContaining("IN ... CONCURRENT TRANSACTIONS");
        assertThatThrownBy(() -> db.run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN 2 TRANSACTIONS"))
                .isInstanceOf(CypherException.class).hasMessageContaining("expected 'CONCURRENT'");
        assertThatThrownBy(() -> db.run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN x CONCURRENT TRANSACTIONS"))
                .isInstanceOf(CypherException.class);
        assertThat(db.batchCommits).isZero();
    }

    @Test
    void refusedInAnExplicitTransaction() {
        Db db = new Db();
        assertThat(db.failureInExplicitTransaction("UNWIND [1] AS i CALL (i) { CREATE (:N) } IN TRANSACTIONS"))
                .hasMessage("A query with 'CALL { ... } IN TRANSACTIONS' can only be executed in an implicit"
                        + " transaction, but tried to execute in an explicit transaction.");
        assertThat(db.single("MATCH (n:N) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void placesWhereItIsRefused() {
        Db db = new Db();
        assertThatThrownBy(() -> db.run("CREATE (:A) WITH 1 AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS"))
                .hasMessageContaining("CALL { ... } IN TRANSACTIONS after a write clause is not supported");
        assertThatThrownBy(() -> db.run("UNWIND [1] AS x CALL (x) { CALL (x) { CREATE (:N) } IN TRANSACTIONS }"))
                .hasMessageContaining("Nested CALL { ... } IN TRANSACTIONS is not supported");
        assertThatThrownBy(() -> db.run("UNWIND [1] AS x CALL (x) { CREATE (:N) } IN TRANSACTIONS OF 0 ROWS"))
                .hasMessageContaining("Must be a positive integer");
        assertThat(db.batchCommits).isZero();
    }
}

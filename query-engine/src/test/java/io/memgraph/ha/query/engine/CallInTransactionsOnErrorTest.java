package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.TransactionBatches;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code CALL { } IN TRANSACTIONS ... ON ERROR CONTINUE | BREAK | FAIL [REPORT STATUS AS s]}, with the
 * results of Neo4j 5's manual (section "Error behavior" and "Status report" of "CALL subqueries in
 * transactions") where it gives them.
 */
class CallInTransactionsOnErrorTest {
    private static final String DIVIDE = "UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100 / i}) RETURN n }"
            + " IN TRANSACTIONS OF %d ROWS ON ERROR %s";

    private static List<Object> nums(Db db, String query) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> r : db.run(query)) {
            out.add(r.get("n.num"));
        }
        return out;
    }

    private static Map<String, Object> status(boolean started, boolean committed, String id, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", started);
        m.put("committed", committed);
        m.put("transactionId", id);
        m.put("errorMessage", error);
        return m;
    }

    @Test
    void continueRollsTheFailedBatchBackAndGoesOn() {
        Db db = new Db();
        assertThat(nums(db, DIVIDE.formatted(1, "CONTINUE") + " RETURN n.num")).containsExactly(100L, null, 50L, 25L);
        assertThat(db.lastStats).containsEntry("nodes-created", 3L);
        assertThat(db.batchCommits).isEqualTo(3);
        assertThat(db.batchRollbacks).isEqualTo(1);
        db.run("MATCH (n) DELETE n");
        // batch [1, 0] fails as a whole: its 100 / 1 is rolled back and not counted
        assertThat(nums(db, DIVIDE.formatted(2, "CONTINUE") + " RETURN n.num")).containsExactly(null, null, 50L, 25L);
        assertThat(db.lastStats).containsEntry("nodes-created", 2L).containsEntry("properties-set", 2L);
        assertThat(db.values("MATCH (n:Person) RETURN n.num ORDER BY n.num")).containsExactly(row(25L), row(50L));
    }

    @Test
    void breakRunsNoLaterBatchAndSucceedsWithWhatWasCommitted() {
        Db db = new Db();
        assertThat(nums(db, DIVIDE.formatted(1, "BREAK") + " RETURN n.num")).containsExactly(100L, null, null, null);
        assertThat(db.lastStats).containsEntry("nodes-created", 1L);
        assertThat(db.batchCommits).isEqualTo(1);
        assertThat(db.values("MATCH (n:Person) RETURN n.num")).containsExactly(row(100L));
        db.run("MATCH (n) DELETE n");
        assertThat(nums(db, DIVIDE.formatted(2, "BREAK") + " RETURN n.num")).containsExactly(null, null, null, null);
        assertThat(db.lastStats).doesNotContainKey("nodes-created");
        assertThat(db.single("MATCH (n:Person) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void failIsTheDefaultAndSaysSo() {
        Db db = new Db();
        assertThatThrownBy(() -> db.run(DIVIDE.formatted(1, "FAIL") + " RETURN n.num"))
                .isInstanceOf(CypherException.class).hasMessageContaining("/ by zero");
        assertThat(db.values("MATCH (n:Person) RETURN n.num")).containsExactly(row(100L));
    }

    @Test
    void reportStatusWithContinue() {
        Db db = new Db();
        List<List<Object>> rows = db.values(DIVIDE.formatted(1, "CONTINUE") + " REPORT STATUS AS s RETURN n.num, s");
        assertThat(rows).containsExactly(
                row(100L, status(true, true, "batch-1", null)),
                row(null, status(true, false, "batch-2", "/ by zero")),
                row(50L, status(true, true, "batch-3", null)),
                row(25L, status(true, true, "batch-4", null)));
    }

    @Test
    void reportStatusWithBreakReportsTheBatchesNeverStarted() {
        Db db = new Db();
        List<List<Object>> rows = db.values("UNWIND [1, 0, 2, 4] AS i CALL (i) { CREATE (n:Person {num: 100 / i}) }"
                + " IN TRANSACTIONS OF 1 ROW REPORT STATUS AS s ON ERROR BREAK"
                + " RETURN i, s.started, s.committed, s.transactionId, s.errorMessage");
        assertThat(rows).containsExactly(
                row(1L, true, true, "batch-1", null),
                row(0L, true, false, "batch-2", "/ by zero"),
                row(2L, false, false, null, null),
                row(4L, false, false, null, null));
    }

    @Test
    void aBatchWhoseCommitIsRefusedByAConstraintIsNotCommitted() {
        Db db = new Db();
        db.run("CREATE CONSTRAINT FOR (p:P) REQUIRE p.id IS UNIQUE");
        db.run("CREATE (:P {id: 3})");
        // batches [1, 2], [3, 4] (3 exists), [5, 5] (twice in one batch), [6]
        List<List<Object>> rows = db.values("UNWIND [1, 2, 3, 4, 5, 5, 6] AS i CALL (i) { CREATE (:P {id: i}) }"
                + " IN TRANSACTIONS OF 2 ROWS ON ERROR CONTINUE REPORT STATUS AS s"
                + " RETURN i, s.committed AS ok, s.errorMessage AS error");
        assertThat(rows).extracting(r -> r.get(1)).containsExactly(true, true, false, false, false, false, true);
        assertThat((String) rows.get(2).get(2)).contains("P").contains("id");
        assertThat(rows.get(0).get(2)).isNull();
        assertThat(db.lastStats).containsEntry("nodes-created", 3L);
        assertThat(db.values("MATCH (p:P) RETURN p.id ORDER BY p.id")).containsExactly(row(1L), row(2L), row(3L), row(6L));
    }

    @Test
    void aConstraintRefusalFailsTheQueryUnderFail() {
        Db db = new Db();
        db.run("CREATE CONSTRAINT FOR (p:P) REQUIRE p.id IS UNIQUE");
        assertThatThrownBy(() -> db.run("UNWIND [1, 2, 2, 3] AS i CALL (i) { CREATE (:P {id: i}) }"
                + " IN TRANSACTIONS OF 2 ROWS")).isInstanceOf(CypherException.class);
        assertThat(db.values("MATCH (p:P) RETURN p.id ORDER BY p.id")).containsExactly(row(1L), row(2L));
    }

    @Test
    void aQueryCancelledMidImportFailsWhateverItsOnError() {
        Db db = new Db();
        QueryControl control = QueryControl.unlimited();
        int[] commits = {0};
        Transaction[] tx = {db.storage.begin()};
        TransactionBatches cancelAfterFirst = new TransactionBatches() {
            @Override
            public Transaction commitAndBegin(Transaction done) {
                db.storage.commit(done);
                done.close();
                commits[0]++;
                control.cancel(); // a RESET arriving while the import runs
                tx[0] = db.storage.begin();
                return tx[0];
            }

            @Override
            public Transaction rollbackAndBegin(Transaction done) {
                throw new AssertionError("a cancelled query must not go on with its next batch");
            }
        };
        try {
            assertThatThrownBy(() -> {
                try (Execution ex = db.engine.execute(tx[0], "UNWIND range(1, 5) AS i CALL (i) {"
                        + " UNWIND range(1, 1000) AS j CREATE (:N) } IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE", Map.of(), control, cancelAfterFirst)) {
                    ex.pull(-1, r -> { });
                }
            }).isInstanceOf(CypherException.class).hasMessageContaining("terminated");
        } finally {
            tx[0].close();
        }
        assertThat(commits[0]).isEqualTo(1);
    }

    @Test
    void theMemoryLimitFailsTheQueryWhateverItsOnError() {
        Db db = new Db();
        assertThatThrownBy(() -> db.runResult(new QueryControl(null, 1 << 20), "UNWIND range(1, 3) AS i CALL (i) {"
                + " UNWIND range(1, 2000) AS j CREATE (:N {s: reduce(s = '', k IN range(1, 100) | s + 'xxxxxxxxxx')}) }"
                + " IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE"))
                .isInstanceOf(CypherException.class).hasMessageContaining("memory");
        assertThat(db.batchRollbacks).isZero();
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownFailsTheQueryWhateverItsOnError() {
        Db db = new Db();
        Transaction[] tx = {db.storage.begin()};
        TransactionBatches unknown = new TransactionBatches() {
            @Override
            public Transaction commitAndBegin(Transaction done) {
                done.close();
                throw new IllegalStateException("The outcome of the commit is unknown: the leader was lost");
            }

            @Override
            public Transaction rollbackAndBegin(Transaction done) {
                throw new AssertionError("a batch of unknown outcome must not be rolled back and reported");
            }
        };
        try {
            assertThatThrownBy(() -> {
                try (Execution ex = db.engine.execute(tx[0], "UNWIND [1, 2] AS i CALL (i) { CREATE (:N) }"
                        + " IN TRANSACTIONS OF 1 ROW ON ERROR CONTINUE REPORT STATUS AS s RETURN s",
                        Map.of(), QueryControl.unlimited(), unknown)) {
                    ex.pull(-1, r -> { });
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("outcome of the commit is unknown");
        } finally {
            tx[0].close();
        }
    }

    @Test
    void statusVariableIsBoundAfterTheCallAndMustBeFresh() {
        Db db = new Db();
        assertThat(db.values("UNWIND [1, 2] AS i CALL (i) { CREATE (:N) } IN TRANSACTIONS ON ERROR CONTINUE"
                + " REPORT STATUS AS s WITH s WHERE s.committed RETURN count(*)")).containsExactly(row(2L));
        assertThatThrownBy(() -> db.run("UNWIND [1] AS s CALL (s) { CREATE (:N) } IN TRANSACTIONS"
                + " ON ERROR CONTINUE REPORT STATUS AS s"))
                .isInstanceOf(CypherException.class).hasMessageContaining("Variable `s` already declared");
        assertThatThrownBy(() -> db.run("UNWIND [1] AS i CALL (i) { CREATE (n:N) RETURN n AS s } IN TRANSACTIONS"
                + " ON ERROR CONTINUE REPORT STATUS AS s RETURN s"))
                .isInstanceOf(CypherException.class).hasMessageContaining("Variable `s` already declared");
    }

    @Test
    void syntaxErrors() {
        Db db = new Db();
        String call = "UNWIND [1] AS i CALL (i) { CREATE (:N) } IN TRANSACTIONS ";
        assertSyntaxError(db, call + "ON ERROR FAIL REPORT STATUS AS s",
                "REPORT STATUS can only be used when specifying ON ERROR CONTINUE or ON ERROR BREAK");
        assertSyntaxError(db, call + "REPORT STATUS AS s",
                "REPORT STATUS can only be used when specifying ON ERROR CONTINUE or ON ERROR BREAK");
        assertSyntaxError(db, call + "ON ERROR CONTINUE ON ERROR BREAK", "Duplicated ON ERROR parameter");
        assertSyntaxError(db, call + "OF 1 ROW ON ERROR BREAK OF 2 ROWS", "Duplicated OF ROWS parameter");
        assertSyntaxError(db, call + "ON ERROR BREAK REPORT STATUS AS s REPORT STATUS AS t",
                "Duplicated REPORT STATUS parameter");
        assertSyntaxError(db, call + "ON ERROR IGNORE", "Invalid input 'IGNORE': expected CONTINUE, BREAK or FAIL");
        assertSyntaxError(db, call + "ON ERROR RETRY", "ON ERROR RETRY is not supported");
        assertSyntaxError(db, call + "ON ERROR RETRY FOR 3 SECONDS THEN CONTINUE", "ON ERROR RETRY is not supported");
        assertSyntaxError(db, call + "ON ERROR CONTINUE REPORT s", "Invalid input 's': expected 'STATUS'");
        assertSyntaxError(db, "UNWIND [1] AS i CALL (i) { CREATE (:N) } ON ERROR CONTINUE", "Invalid input 'ON'");
        assertThat(db.batchCommits).isZero();
    }

    private static void assertSyntaxError(Db db, String query, String firstLine) {
        assertThatThrownBy(() -> db.run(query)).isInstanceOfSatisfying(CypherSyntaxException.class,
                e -> assertThat(e.shortMessage()).contains(firstLine).doesNotContain("\n"));
    }
}

package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code apoc.periodic.iterate}: the rows of one query, the other run for each of them in batches
 * that commit on their own ({@code CALL { } IN TRANSACTIONS} underneath); a failing batch is rolled
 * back and counted, and the next one runs.
 */
class ApocPeriodicIterateTest {
    private final Db db = new Db();

    private static Map<String, Object> counts(long total, long committed, long failed, Map<String, Object> errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", total);
        m.put("committed", committed);
        m.put("failed", failed);
        m.put("errors", errors);
        return m;
    }

    @Test
    void runsTheActionForEveryRowInBatchesThatCommitOnTheirOwn() {
        Db.Result r = db.runResult("CALL apoc.periodic.iterate('UNWIND range(1, 25) AS i RETURN i',"
                + " 'CREATE (:N {i: i})', {batchSize: 10, parallel: false})");
        assertThat(r.rows()).hasSize(1);
        assertThat(r.rows().get(0).keySet()).containsExactly("batches", "total", "timeTaken", "committedOperations",
                "failedOperations", "failedBatches", "retries", "errorMessages", "batch", "operations",
                "wasTerminated", "failedParams", "updateStatistics");
        assertThat(new ArrayList<>(r.rows().get(0).values())).isEqualTo(row(3L, 25L, null, 25L, 0L, 0L, 0L,
                Map.of(), counts(3, 3, 0, Map.of()), counts(25, 25, 0, Map.of()), false, Map.of(), null));
        assertThat(db.batchCommits).isEqualTo(3);
        assertThat(r.stats()).containsEntry("nodes-created", 25L);
        assertThat(db.single("MATCH (n:N) RETURN sum(n.i)")).isEqualTo(325L);
    }

    @Test
    void theActionSeesTheColumnsAsVariablesAndParametersAndParamsReachBothQueries() {
        db.run("UNWIND range(1, 5) AS i CREATE (:N {i: i})");
        db.run("CALL apoc.periodic.iterate('MATCH (n:N) WHERE n.i <= $max RETURN n, n.i AS i',"
                + " 'SET n.double = $i * 2, n.by = $who', {batchSize: 2, params: {max: 3, who: $me}})", "me", "ann");
        assertThat(db.values("MATCH (n:N) WHERE n.double IS NOT NULL RETURN n.i, n.double, n.by ORDER BY n.i"))
                .containsExactly(row(1L, 2L, "ann"), row(2L, 4L, "ann"), row(3L, 6L, "ann"));
    }

    @Test
    void aFailingBatchIsRolledBackAndCountedAndTheNextOneRuns() {
        List<List<Object>> rows = db.values("CALL apoc.periodic.iterate('UNWIND range(1, 25) AS i RETURN i',"
                + " 'CREATE (:M {v: 10 / (i - 13)})', {batchSize: 10})"
                + " YIELD total, committedOperations, failedOperations, failedBatches, errorMessages AS errors"
                + " RETURN total, committedOperations, failedOperations, failedBatches, size(keys(errors)) AS kinds,"
                + " [k IN keys(errors) | errors[k]] AS perKind");
        assertThat(rows).containsExactly(row(25L, 15L, 10L, 1L, 1L, List.of(1L)));
        assertThat(db.single("MATCH (m:M) RETURN count(m)")).isEqualTo(15L); // batches 1 and 3
        assertThat(db.single("CALL apoc.periodic.iterate('UNWIND range(1, 3) AS i RETURN i',"
                + " 'CREATE (:M {v: 10 / (i - 2)})', {batchSize: 1}) YIELD errorMessages"
                + " RETURN keys(errorMessages)[0]")).asString().contains("/ by zero");
    }

    @Test
    void yieldWhereAndTheRestOfTheQuery() {
        assertThat(db.values("CALL apoc.periodic.iterate('UNWIND [1, 2, 3] AS x RETURN x', 'CREATE (:X {x: x})',"
                + " {batchSize: 2}) YIELD batches, total AS rows WHERE rows > 0 RETURN batches * 100 + rows AS n"))
                .containsExactly(row(203L));
        assertThat(db.values("CALL apoc.periodic.iterate('UNWIND [1] AS x RETURN x', 'CREATE (:X {x: x})', {})"
                + " YIELD batches, total")).containsExactly(row(1L, 1L));
        // no rows: nothing runs
        assertThat(db.values("CALL apoc.periodic.iterate('MATCH (n:Nothing) RETURN n', 'DELETE n', {batchSize: 5})"
                + " YIELD batches, total, committedOperations")).containsExactly(row(0L, 0L, 0L));
        // an action that returns rows runs as one that does not
        assertThat(db.values("CALL apoc.periodic.iterate('UNWIND [1, 2] AS x RETURN x',"
                + " 'CREATE (y:Y {x: x}) RETURN y', {}) YIELD total, committedOperations"))
                .containsExactly(row(2L, 2L));
        assertThat(db.single("MATCH (y:Y) RETURN count(y)")).isEqualTo(2L);
    }

    @Test
    void whatCannotBeRewrittenIsRefusedClearly() {
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate($q, 'CREATE ()', {})", "q", 1L))
                .isInstanceOf(CypherException.class).hasMessageContaining("first query as a string, written in the"
                        + " query or given as a parameter, not 1");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate('RETURN 1 AS x', 'CREATE ()', {retries: 3})"))
                .hasMessageContaining("does not retry failed batches");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate('CREATE ()', 'CREATE ()', {})"))
                .hasMessageContaining("needs a first query that returns the rows");
        assertThatThrownBy(() -> db.run("MATCH (n) CALL apoc.periodic.iterate('RETURN 1 AS x', 'CREATE ()', {})"
                + " YIELD total RETURN total")).hasMessageContaining("must be the first clause");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate('RETURN 1 AS x', 'CREATE ()', {})"
                + " YIELD nothing")).hasMessageContaining("Unknown procedure output: `nothing`");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate('RETURN 1 AS x', 'CREATE (', {})"))
                .hasMessageContaining("apoc.periodic.iterate's second query: Unexpected end of input");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate('RETURN 1 AS x', 'CREATE ()', 5)"))
                .hasMessageContaining("settings as a map");
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(0L);
    }
}

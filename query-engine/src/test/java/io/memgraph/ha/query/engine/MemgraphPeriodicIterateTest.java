package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * Memgraph's {@code periodic.iterate} (MAGE): the rows of one query, the other run for each of them
 * in batches of {@code batch_size} that commit on their own; a failing batch fails the query and
 * the batches before it stay committed. Columns {@code success} and {@code number_of_executed_batches}.
 */
class MemgraphPeriodicIterateTest {
    private final Db db = new Db();

    @Test
    void runsTheQueryForEveryRowInBatchesThatCommitOnTheirOwn() {
        db.run("CREATE (), (), ()");
        Db.Result r = db.runResult("CALL periodic.iterate(\"MATCH (n) RETURN n\", \"SET n.prop = 1\","
                + " {batch_size: 1}) YIELD success, number_of_executed_batches RETURN *");
        assertThat(r.rows()).hasSize(1);
        assertThat(new ArrayList<>(r.rows().get(0).values())).isEqualTo(row(3L, true));
        assertThat(db.batchCommits).isEqualTo(3);
        assertThat(db.values("MATCH (n) RETURN n.prop")).containsExactly(row(1L), row(1L), row(1L));
    }

    @Test
    void countsTheBatchesAndCopiesValuesOfEveryKind() {
        assertThat(db.values("CALL periodic.iterate('UNWIND range(1, 101) AS x RETURN x', 'RETURN 1',"
                + " {batch_size: 10}) YIELD * RETURN *")).containsExactly(row(11L, true));
        assertThat(db.values("CALL periodic.iterate('UNWIND range(1, 100) AS x RETURN x', 'RETURN 1',"
                + " {batch_size: $size}) YIELD number_of_executed_batches AS n", "size", 10L))
                .containsExactly(row(10L));
        assertThat(db.values("CALL periodic.iterate('MATCH (n:None) RETURN n', 'DELETE n', {batch_size: 5})"
                + " YIELD success, number_of_executed_batches")).containsExactly(row(true, 0L));
        db.run("CREATE ({boolean: true, integer: 1, float: 2.0, string: 'abcd'})");
        db.run("CALL periodic.iterate('MATCH (n) RETURN n.boolean AS boolean, n.integer AS integer, n.float AS float,"
                + " n.string AS string', 'CREATE ({copy: true, boolean: boolean, integer: integer, float: float,"
                + " string: string})', {batch_size: 1000}) YIELD success RETURN success");
        assertThat(db.values("MATCH (n {copy: true}) RETURN n.boolean, n.integer, n.float, n.string"))
                .containsExactly(row(true, 1L, 2.0, "abcd"));
    }

    @Test
    void aFailingBatchFailsTheQueryAndTheBatchesBeforeItStay() {
        assertThatThrownBy(() -> db.run("CALL periodic.iterate('UNWIND range(1, 25) AS i RETURN i',"
                + " 'CREATE (:M {v: 10 / (i - 13)})', {batch_size: 10}) YIELD success RETURN success"))
                .isInstanceOf(CypherException.class).hasMessageContaining("/ by zero");
        assertThat(db.single("MATCH (m:M) RETURN count(m)")).isEqualTo(10L); // the first batch only
    }

    @Test
    void aBadBatchSizeIsRefusedBeforeAnythingRuns() {
        db.run("CREATE ()");
        assertThatThrownBy(() -> db.run("CALL periodic.iterate('MATCH (n) RETURN n', 'SET n.prop = 1', {})"
                + " YIELD success RETURN success")).isInstanceOf(CypherException.class)
                .hasMessageContaining("periodic.iterate needs batch_size in its settings");
        assertThatThrownBy(() -> db.run("CALL periodic.iterate('MATCH (n) RETURN n', 'SET n.prop = 1',"
                + " {batch_size: 5.05}) YIELD success RETURN success"))
                .hasMessageContaining("needs a positive integer as batch_size, not 5.05");
        assertThatThrownBy(() -> db.run("CALL periodic.iterate('MATCH (n) RETURN n', 'SET n.prop = 1',"
                + " {batch_size: 0}) YIELD success RETURN success"))
                .hasMessageContaining("needs a positive integer as batch_size, not 0");
        assertThatThrownBy(() -> db.run("CALL periodic.iterate('MATCH (n) RETURN n', 'SET n.prop = 1')"))
                .hasMessageContaining("and a map of settings");
        assertThatThrownBy(() -> db.run("CALL periodic.iterate('RETURN 1 AS x', 'CREATE ()', {batch_size: 1})"
                + " YIELD batches")).hasMessageContaining("Unknown procedure output: `batches`"
                + " (periodic.iterate yields success, number_of_executed_batches)");
        assertThat(db.single("MATCH (n) WHERE n.prop IS NOT NULL RETURN count(n)")).isEqualTo(0L);
    }
}

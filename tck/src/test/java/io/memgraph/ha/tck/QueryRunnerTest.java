package io.memgraph.ha.tck;

import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.storage.Storage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner commits, classifies errors by phase, and never waits past a query's deadline. */
class QueryRunnerTest {
    private final Storage storage = new Storage();
    private final QueryRunner runner = new QueryRunner(storage, new QueryEngine(storage), 1);

    @Test
    void commitsEachQueryAndConvertsRows() {
        QueryOutcome created = runner.run("CREATE (:A {k: 1})-[:T {w: 2.5}]->(:B) RETURN 1 AS one", Map.of());
        assertThat(created.error()).isNull();
        assertThat(created.columns()).containsExactly("one");
        assertThat(created.rows()).containsExactly(List.of(1L));

        QueryOutcome read = runner.run("MATCH p = (a)-[r]->(b) RETURN a, r, p", Map.of());
        assertThat(read.error()).isNull();
        assertThat(CanonicalForm.of(read.rows().get(0), false))
                .isEqualTo(CanonicalForm.of(TckLiteralParser.parse(
                        "[(:A {k: 1}), [:T {w: 2.5}], <(:A {k: 1})-[:T {w: 2.5}]->(:B)>]"), false));
    }

    @Test
    void classifiesErrorsWithTheirTckTypeAndPhase() {
        QueryOutcome syntax = runner.run("RETURN x", Map.of());
        assertThat(syntax.error()).isNotNull();
        assertThat(syntax.error().phase()).isEqualTo(QueryOutcome.Phase.COMPILE);
        assertThat(syntax.error().type()).isEqualTo("SyntaxError");
        assertThat(syntax.error().detail()).isEqualTo("UndefinedVariable");
    }

    @Test
    void aQueryPastItsDeadlineFailsInsteadOfHanging() {
        long t0 = System.nanoTime();
        // 10^9 rows: far past the 1 s deadline on any machine (25 * 10^6 rows once finished in 0.97 s)
        QueryOutcome slow = runner.run(
                "UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b UNWIND range(1, 1000) AS c RETURN count(*)",
                Map.of());
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(seconds).isLessThan(8);
        assertThat(slow.error()).isNotNull();
        assertThat(slow.error().type()).as("a stopped query is no TCK error type").isNull();
        assertThat(slow.error().description()).containsAnyOf("query-execution-time-sec", "did not stop");
    }
}

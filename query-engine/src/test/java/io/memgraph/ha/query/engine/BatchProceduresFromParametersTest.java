package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.Transaction;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The batch procedures ({@code apoc.periodic.iterate}, {@code apoc.periodic.commit}, Memgraph's
 * {@code periodic.iterate} and {@code periodic.delete}) given their queries and settings as
 * parameters: rewritten when the query runs, with the parameters' values, they do what the same
 * call written with literals does; the same text run with other values does what those say (the
 * rewrite is cached under the text and the values it read).
 */
class BatchProceduresFromParametersTest {

    /** What a query left behind: its rows, the batches it committed and the graph. */
    private record Outcome(List<Map<String, Object>> rows, int batches, List<List<Object>> graph) {
    }

    /** {@code query} run on a new graph that {@code setup} built; what it left behind. */
    private static Outcome outcome(Consumer<Db> setup, String query, Object... params) {
        Db db = new Db();
        setup.accept(db);
        int before = db.batchCommits;
        List<Map<String, Object>> rows = db.run(query, params);
        return new Outcome(rows, db.batchCommits - before, graph(db));
    }

    private static List<List<Object>> graph(Db db) {
        return db.values("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN labels(n), properties(n), type(r)"
                + " ORDER BY labels(n)[0], n.i, type(r)");
    }

    private static void nodes(Db db) {
        db.run("UNWIND range(1, 7) AS i CREATE (:N {i: i})-[:R]->(:M {i: i})");
    }

    private static String status(Throwable e) {
        return ((CypherException) e).statusCode();
    }

    // ---------------------------------------------------------------- the same as the literal forms

    @Test
    void apocIterateFromParametersDoesWhatTheLiteralFormDoes() {
        Outcome literal = outcome(BatchProceduresFromParametersTest::nodes, "CALL apoc.periodic.iterate("
                + "'MATCH (n:N) WHERE n.i > $min RETURN n', 'SET n.x = n.i * $times', {batchSize: 2,"
                + " params: {min: 2, times: 10}}) YIELD batches, total, committedOperations RETURN *");
        Outcome params = outcome(BatchProceduresFromParametersTest::nodes, "CALL apoc.periodic.iterate($outer, $inner,"
                + " {batchSize: $size, params: $p}) YIELD batches, total, committedOperations RETURN *",
                "outer", "MATCH (n:N) WHERE n.i > $min RETURN n", "inner", "SET n.x = n.i * $times", "size", 2L,
                "p", Map.of("min", 2L, "times", 10L));
        assertThat(params).isEqualTo(literal);
        assertThat(params.batches()).isEqualTo(3); // 5 rows, 2 a batch
        assertThat(params.rows()).containsExactly(Map.of("batches", 3L, "total", 5L, "committedOperations", 5L));
        // the whole settings map as a parameter
        assertThat(outcome(BatchProceduresFromParametersTest::nodes, "CALL apoc.periodic.iterate($outer, $inner,"
                + " $config) YIELD batches, total, committedOperations RETURN *", "outer",
                "MATCH (n:N) WHERE n.i > $min RETURN n", "inner", "SET n.x = n.i * $times", "config",
                Map.of("batchSize", 2L, "params", Map.of("min", 2L, "times", 10L)))).isEqualTo(literal);
    }

    @Test
    void mageIterateFromParametersDoesWhatTheLiteralFormDoes() {
        Outcome literal = outcome(BatchProceduresFromParametersTest::nodes, "CALL periodic.iterate('MATCH (n:M)"
                + " RETURN n', 'SET n.seen = true', {batch_size: 3}) YIELD * RETURN *");
        Outcome params = outcome(BatchProceduresFromParametersTest::nodes, "CALL periodic.iterate($input, $running,"
                + " $config) YIELD * RETURN *", "input", "MATCH (n:M) RETURN n", "running", "SET n.seen = true",
                "config", Map.of("batch_size", 3L));
        assertThat(params).isEqualTo(literal);
        assertThat(params.batches()).isEqualTo(3);
        assertThat(params.rows()).containsExactly(Map.of("success", true, "number_of_executed_batches", 3L));
    }

    @Test
    void apocCommitFromParametersDoesWhatTheLiteralFormDoes() {
        Outcome literal = outcome(BatchProceduresFromParametersTest::nodes, "CALL apoc.periodic.commit('MATCH (n:N)"
                + " WITH n LIMIT $limit DETACH DELETE n RETURN count(*)', {limit: 3}) YIELD updates, batches"
                + " RETURN *");
        Outcome params = outcome(BatchProceduresFromParametersTest::nodes, "CALL apoc.periodic.commit($statement,"
                + " $params) YIELD updates, batches RETURN *", "statement", "MATCH (n:N) WITH n LIMIT $limit"
                + " DETACH DELETE n RETURN count(*)", "params", Map.of("limit", 3L));
        assertThat(params).isEqualTo(literal);
        assertThat(params.batches()).isEqualTo(4); // 3, 3, 1, then the run that finds nothing
        assertThat(params.rows()).containsExactly(Map.of("updates", 7L, "batches", 4L));
    }

    @Test
    void mageDeleteFromParametersDoesWhatTheLiteralFormDoes() {
        Outcome literal = outcome(BatchProceduresFromParametersTest::nodes, "CALL periodic.delete({batch_size: 4,"
                + " labels: ['N'], edge_types: ['R']}) YIELD * RETURN *");
        Outcome params = outcome(BatchProceduresFromParametersTest::nodes, "CALL periodic.delete($config)"
                + " YIELD * RETURN *", "config", Map.of("batch_size", 4L, "labels", List.of("N"), "edge_types",
                List.of("R")));
        assertThat(params).isEqualTo(literal);
        Outcome settings = outcome(BatchProceduresFromParametersTest::nodes, "CALL periodic.delete({batch_size:"
                + " $size, labels: $labels, edge_types: [$type]}) YIELD * RETURN *", "size", 4L, "labels", "N",
                "type", "R");
        assertThat(settings).isEqualTo(literal);
        assertThat(literal.rows()).containsExactly(Map.of("success", true, "number_of_executed_batches", 4L,
                "number_of_deleted_nodes", 7L, "number_of_deleted_relationships", 7L));
        assertThat(literal.graph()).hasSize(7).allSatisfy(r -> assertThat(r.get(0)).isEqualTo(List.of("M")));
    }

    // ---------------------------------------------------------------- other values, other rewrites

    @Test
    void theSameTextWithOtherStatementsDoesWhatItsOwnParametersSay() {
        Db db = new Db();
        nodes(db);
        String iterate = "CALL apoc.periodic.iterate($outer, $inner, {batchSize: $size}) YIELD batches, total"
                + " RETURN batches, total";
        assertThat(db.values(iterate, "outer", "MATCH (n:N) RETURN n", "inner", "SET n.a = 1", "size", 10L))
                .containsExactly(row(1L, 7L));
        assertThat(db.values(iterate, "outer", "MATCH (m:M) WHERE m.i <= 2 RETURN m", "inner", "SET m.b = 2",
                "size", 1L)).containsExactly(row(2L, 2L));
        assertThat(db.values("MATCH (n) RETURN labels(n)[0], count(n.a), count(n.b) ORDER BY labels(n)[0]"))
                .containsExactly(row("M", 0L, 2L), row("N", 7L, 0L));

        String mage = "CALL periodic.iterate($input, $running, {batch_size: 2}) YIELD number_of_executed_batches"
                + " RETURN number_of_executed_batches";
        assertThat(db.single(mage, "input", "MATCH (n:N) RETURN n", "running", "SET n:Seen")).isEqualTo(4L);
        assertThat(db.single(mage, "input", "MATCH (n:N) WHERE n.i = 1 RETURN n", "running", "SET n:Other"))
                .isEqualTo(1L);
        assertThat(db.values("MATCH (n:N) RETURN count(CASE WHEN n:Seen THEN 1 END),"
                + " count(CASE WHEN n:Other THEN 1 END)")).containsExactly(row(7L, 1L));

        String commit = "CALL apoc.periodic.commit($statement, {limit: 5}) YIELD updates RETURN updates";
        assertThat(db.single(commit, "statement", "MATCH (n:Seen) WITH n LIMIT $limit REMOVE n:Seen"
                + " RETURN count(*)")).isEqualTo(7L);
        assertThat(db.single(commit, "statement", "MATCH (n:Other) WITH n LIMIT $limit REMOVE n:Other"
                + " RETURN count(*)")).isEqualTo(1L);

        String delete = "CALL periodic.delete({batch_size: 100, labels: $labels}) YIELD number_of_deleted_nodes"
                + " RETURN number_of_deleted_nodes";
        db.run("MATCH (n:N {i: 1}) SET n:First");
        assertThat(db.single(delete, "labels", List.of("First"))).isEqualTo(1L);
        assertThat(db.single(delete, "labels", List.of("M"))).isEqualTo(7L);
        assertThat(db.values("MATCH (n) RETURN labels(n), count(*)")).containsExactly(row(List.of("N"), 6L));
    }

    @Test
    void paramsValuesAreReadWhenTheQueryRunsAndTheRewriteIsCachedUnderWhatItRead() {
        Db db = new Db();
        nodes(db);
        String query = "CALL apoc.periodic.iterate('MATCH (n:N) WHERE n.i = $i RETURN n', 'SET n.v = $v',"
                + " {batchSize: 1, params: $p}) YIELD total RETURN total";
        assertThat(db.single(query, "p", Map.of("i", 1L, "v", "one"))).isEqualTo(1L);
        int cached = db.engine.cachedStatements();
        // other values of the same keys: the same rewrite, with its values read again
        assertThat(db.single(query, "p", Map.of("i", 2L, "v", List.of("two")))).isEqualTo(1L);
        assertThat(db.engine.cachedStatements()).isEqualTo(cached);
        assertThat(db.values("MATCH (n:N) WHERE n.v IS NOT NULL RETURN n.i, n.v ORDER BY n.i"))
                .containsExactly(row(1L, "one"), row(2L, List.of("two")));
        // other statements: another rewrite, beside the first
        db.run("CALL apoc.periodic.iterate($outer, 'SET n.w = 1', {}) YIELD total RETURN total", "outer",
                "MATCH (n:N) RETURN n");
        int afterOne = db.engine.cachedStatements();
        db.run("CALL apoc.periodic.iterate($outer, 'SET n.w = 1', {}) YIELD total RETURN total", "outer",
                "MATCH (n:N) RETURN n");
        assertThat(db.engine.cachedStatements()).isEqualTo(afterOne);
        db.run("CALL apoc.periodic.iterate($outer, 'SET n.w = 1', {}) YIELD total RETURN total", "outer",
                "MATCH (n:M) RETURN n");
        assertThat(db.engine.cachedStatements()).isEqualTo(afterOne + 1);
        assertThat(db.single("MATCH (n) WHERE n.w = 1 RETURN count(n)")).isEqualTo(14L);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void aMissingParameterIsAnArgumentErrorNamingIt() {
        missing("CALL apoc.periodic.iterate($outer, $inner, {})", "apoc.periodic.iterate takes its first query"
                + " from the parameter $outer");
        missing("CALL periodic.iterate('MATCH (n) RETURN n', $running, {batch_size: 1})", "periodic.iterate takes"
                + " its second query from the parameter $running");
        missing("CALL apoc.periodic.commit($statement)", "apoc.periodic.commit takes its statement from the"
                + " parameter $statement");
        missing("CALL periodic.delete($config)", "periodic.delete takes its settings from the parameter $config");
        missing("CALL apoc.periodic.iterate('RETURN 1 AS x', 'CREATE ()', {params: $p})", "apoc.periodic.iterate"
                + " takes its params setting from the parameter $p");
    }

    /** {@code query} run without parameters: the ArgumentError {@code message}, "which the query was not given". */
    private static void missing(String query, String message) {
        assertThatThrownBy(() -> new Db().run(query))
                .satisfies(e -> assertThat(status(e)).isEqualTo("Neo.ClientError.Statement.ArgumentError"))
                .hasMessage(message + ", which the query was not given");
    }

    @Test
    void aParameterThatIsNotAStringOrMapFailsAsTheSameLiteralWould() {
        Db db = new Db();
        db.run("CREATE ()");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate($outer, 'SET n.x = 1', {})", "outer", 42L))
                .satisfies(e -> assertThat(status(e)).isEqualTo("Neo.ClientError.Statement.ArgumentError"))
                .hasMessage("apoc.periodic.iterate takes its first query as a string, written in the query or given"
                        + " as a parameter, not 42");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate(42, 'SET n.x = 1', {})"))
                .hasMessage("apoc.periodic.iterate takes its first query as a string, written in the query or given"
                        + " as a parameter, not 42");
        assertThatThrownBy(() -> db.run("CALL periodic.iterate('MATCH (n) RETURN n', $running, {batch_size: 1})",
                "running", null)).satisfies(e -> assertThat(status(e))
                .isEqualTo("Neo.ClientError.Statement.ArgumentError"))
                .hasMessageEndingWith("second query as a string, written in the query or given as a parameter, not"
                        + " null");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'SET n.x = 1', $config)",
                "config", List.of(1L))).hasMessageEndingWith("takes its settings as a map, written in the query or"
                + " given as a parameter ({batchSize: 1000}), not a list");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'SET n.x = 1',"
                + " {params: $p})", "p", "x")).hasMessage("apoc.periodic.iterate takes its params setting as a map,"
                + " written in the query or given as a parameter, not 'x'");
        // what a literal is checked for, a parameter's value is too
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'SET n.x = 1', $config)",
                "config", Map.of("retries", 2L))).hasMessageContaining("does not retry failed batches");
        assertThatThrownBy(() -> db.run("CALL periodic.delete($config)", "config", Map.of("batch_size", 0L)))
                .hasMessage("periodic.delete needs a positive integer as batch_size, not 0");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.commit($statement)", "statement",
                "MATCH (n) DETACH DELETE n RETURN count(*)")).hasMessageContaining("needs a statement with LIMIT");
        assertThatThrownBy(() -> db.run("CALL apoc.periodic.iterate($outer, 'SET n.x = 1', {})", "outer",
                "MATCH (n RETURN n")).hasMessageContaining("apoc.periodic.iterate's first query: ");
        assertThat(db.single("MATCH (n) WHERE n.x IS NOT NULL RETURN count(n)")).isEqualTo(0L);
        assertThat(db.batchCommits).isZero();
    }

    @Test
    void stillRefusedWhereTheLiteralFormIs() {
        Db db = new Db();
        assertThatThrownBy(() -> db.run("MATCH (x) CALL apoc.periodic.iterate($outer, $inner, {}) YIELD total"
                + " RETURN total")).hasMessageContaining("must be the first clause");
        // in an explicit transaction
        Transaction tx = db.storage.begin();
        try {
            assertThatThrownBy(() -> db.engine.execute(tx, "CALL periodic.delete({batch_size: 1, labels: $l})",
                    Map.of("l", "A"), QueryControl.unlimited()))
                    .hasMessageStartingWith("A query with 'CALL { ... } IN TRANSACTIONS' can only be executed in an"
                            + " implicit transaction");
        } finally {
            tx.close();
        }
        // inside apoc.cypher.run, which runs in its caller's transaction
        assertThatThrownBy(() -> db.run("CALL apoc.cypher.run('CALL apoc.periodic.commit($s)', {s: 'RETURN 1'})"
                + " YIELD value RETURN value")).hasMessageContaining("a statement that commits in batches");
    }
}

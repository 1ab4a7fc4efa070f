package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.storage.Transaction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The procedures and functions that run Cypher given as text inside the calling query: APOC's
 * {@code apoc.cypher.*}, {@code apoc.when}, {@code apoc.case} and their {@code apoc.do.*} kin,
 * and MAGE's {@code do.when} and {@code do.case}.
 */
class ApocCypherProceduresTest {
    private static final String CALL_FAILED = "Neo.ClientError.Procedure.ProcedureCallFailed";

    private final Db db = new Db();

    private void people() {
        db.run("CREATE (:P {name: 'Ann', age: 30})-[:KNOWS {since: 2020}]->(:P {name: 'Bob', age: 40})");
    }

    /** The error {@code query} fails with (its transaction rolled back). */
    private CypherException failure(String query, Object... params) {
        return catchThrowableOfType(() -> db.run(query, params), CypherException.class);
    }

    private long count(String label) {
        return (Long) db.single("MATCH (n:" + label + ") RETURN count(n)");
    }

    /** The error {@code query} stops with in {@code tx} under {@code control}. */
    private CypherException failureIn(Transaction tx, QueryControl control, String query) {
        return catchThrowableOfType(() -> {
            try (Execution ex = db.engine.execute(tx, query, Map.of(), control)) {
                ex.pull(-1, r -> { });
            }
        }, CypherException.class);
    }

    // ------------------------------------------------------------------ apoc.cypher.run, doIt, runWrite

    @Test
    void runGivesEachRowOfTheStatementAsAMapOfItsColumns() {
        assertThat(db.values("CALL apoc.cypher.run('UNWIND range(1, 3) AS x RETURN x, x * 10 AS y', {}) YIELD value"
                + " RETURN value")).containsExactly(row(Map.of("x", 1L, "y", 10L)), row(Map.of("x", 2L, "y", 20L)),
                row(Map.of("x", 3L, "y", 30L)));
        // a statement without RETURN gives no rows, as APOC's
        assertThat(db.run("CALL apoc.cypher.run('MATCH (n) WITH n WHERE false RETURN n', {}) YIELD value"
                + " RETURN value")).isEmpty();
        // a statement computed at run time, and a standalone CALL with all its columns
        people();
        assertThat(db.values("WITH 'P' AS label CALL apoc.cypher.run('MATCH (n:' + label + ') RETURN n.name AS name"
                + " ORDER BY name', {}) YIELD value RETURN value.name")).containsExactly(row("Ann"), row("Bob"));
        assertThat(db.values("CALL apoc.cypher.run('CALL db.labels()', null) YIELD value RETURN value"))
                .containsExactly(row(Map.of("label", "P")));
    }

    @Test
    void theParamsAreParametersAndVariablesAndTheCallersParametersAreNotVisible() {
        assertThat(db.single("CALL apoc.cypher.run('RETURN $a + 1 AS b, a AS c', {a: 1}) YIELD value RETURN value"))
                .isEqualTo(Map.of("b", 2L, "c", 1L));
        assertThat(db.single("CALL apoc.cypher.run('RETURN $`odd name` AS v', {`odd name`: 'x'}) YIELD value"
                + " RETURN value.v")).isEqualTo("x");
        // the caller's $secret is not the statement's: it must be passed
        CypherException e = failure("CALL apoc.cypher.run('RETURN $secret AS s', {}) YIELD value RETURN value",
                "secret", "s3cr3t");
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.ParameterMissing");
        assertThat(e).hasMessageContaining("secret").hasMessageContaining("apoc.cypher.run");
        assertThat(db.single("CALL apoc.cypher.run('RETURN $secret AS s', {secret: $secret}) YIELD value"
                + " RETURN value.s", "secret", "s3cr3t")).isEqualTo("s3cr3t");
    }

    @Test
    void nodesRelationshipsAndPathsComeBackAsTheGraphsOwnAndServeLaterClauses() {
        people();
        List<List<Object>> rows = db.values("CALL apoc.cypher.run('MATCH p = (a)-[r:KNOWS]->(b) RETURN a, r, p', {})"
                + " YIELD value RETURN value.a.name, type(value.r), value.r.since, length(value.p),"
                + " [x IN nodes(value.p) | x.name]");
        assertThat(rows).containsExactly(row("Ann", "KNOWS", 2020L, 1L, List.of("Ann", "Bob")));
        // a node given back is the node: the outer query writes it
        db.run("CALL apoc.cypher.run('MATCH (n:P) RETURN n', {}) YIELD value WITH value.n AS n SET n.seen = true");
        assertThat(db.values("MATCH (n:P) RETURN n.name, n.seen ORDER BY n.name"))
                .containsExactly(row("Ann", true), row("Bob", true));
        // and a node passed in is the node in the statement (as a parameter and a variable)
        assertThat(db.values("MATCH (n:P {name: 'Ann'}) CALL apoc.cypher.run('MATCH (n)-[:KNOWS]->(m)"
                + " RETURN m.name AS name', {n: n}) YIELD value RETURN value.name")).containsExactly(row("Bob"));
    }

    @Test
    void doItWritesInTheCallersTransactionAndItsWritesCountInTheSummary() {
        for (String doIt : List.of("apoc.cypher.doIt", "apoc.cypher.runWrite")) {
            List<List<Object>> rows = db.values("CALL " + doIt + "('CREATE (n:N {v: $v}) RETURN n', {v: 7}) YIELD value"
                    + " WITH value.n AS n SET n.w = n.v + 1 RETURN n.v, n.w");
            assertThat(rows).as(doIt).containsExactly(row(7L, 8L));
            assertThat(db.lastStats).as(doIt).containsEntry("nodes-created", 1L).containsEntry("labels-added", 1L)
                    .containsEntry("properties-set", 2L);
        }
        assertThat(count("N")).isEqualTo(2);
        // the caller reads the statement's write, and the statement its caller's
        assertThat(db.single("CREATE (:M {v: 1}) WITH 1 AS one CALL apoc.cypher.doIt('MATCH (m:M) SET m.v = m.v + 1"
                + " RETURN m.v AS v', {}) YIELD value MATCH (m:M) RETURN m.v")).isEqualTo(2L);
        assertThat(db.typeOf("CALL apoc.cypher.doIt('RETURN 1 AS x', {}) YIELD value RETURN value"))
                .isNotEqualTo(QueryType.READ_ONLY);
        assertThat(db.typeOf("CALL apoc.cypher.run('RETURN 1 AS x', {}) YIELD value RETURN value"))
                .isEqualTo(QueryType.READ_ONLY);
    }

    @Test
    void theStatementSeesTheTransactionsWritesAndItsWritesRollBackWithIt() {
        Transaction tx = db.storage.begin();
        try {
            db.runIn(tx, "CREATE (:T {v: 1})");
            assertThat(db.runIn(tx, "CALL apoc.cypher.run('MATCH (t:T) RETURN t.v AS v', {}) YIELD value RETURN value"))
                    .containsExactly(Map.of("value", Map.of("v", 1L)));
            db.runIn(tx, "CALL apoc.cypher.doIt('CREATE (:T {v: 2})', {}) YIELD value RETURN value");
            assertThat(db.runIn(tx, "MATCH (t:T) RETURN count(t) AS c")).containsExactly(Map.of("c", 2L));
        } finally {
            tx.close(); // rolled back: nothing of it was committed
        }
        assertThat(count("T")).isZero();
        // a query that fails after the statement wrote: nothing commits
        assertThat(failure("CALL apoc.cypher.doIt('CREATE (:T) RETURN 1 AS one', {}) YIELD value RETURN 1 / 0"))
                .isNotNull();
        assertThat(count("T")).isZero();
    }

    @Test
    void runRefusesAStatementThatWritesBeforeItChangesAnything() {
        people();
        Transaction tx = db.storage.begin();
        try {
            for (String statement : List.of("MATCH (n:P) SET n.x = 1 CREATE (:X) RETURN n",
                    "CREATE (:X) RETURN 1 AS one", "CALL apoc.create.node([\"X\"], {}) YIELD node RETURN node",
                    "CALL apoc.cypher.doIt(\"CREATE (:X)\", {}) YIELD value RETURN value")) {
                CypherException e = catchThrowableOfType(() -> db.runIn(tx, "CALL apoc.cypher.run('" + statement
                        + "', {}) YIELD value RETURN value"), CypherException.class);
                assertThat(e).as(statement).hasMessageContaining("apoc.cypher.run")
                        .hasMessageContaining("apoc.cypher.doIt").hasMessageContaining("Write operations are not allowed");
                assertThat(e.statusCode()).isEqualTo(CALL_FAILED);
            }
            // in the same transaction: nothing was written
            assertThat(db.runIn(tx, "MATCH (x:X) RETURN count(x) AS c")).containsExactly(Map.of("c", 0L));
            assertThat(db.runIn(tx, "MATCH (n:P) WHERE n.x IS NOT NULL RETURN count(n) AS c"))
                    .containsExactly(Map.of("c", 0L));
            for (String call : List.of("apoc.when(true, 'CREATE (:X)')", "apoc.case([true, 'CREATE (:X)'])",
                    "apoc.cypher.runManyReadOnly('MATCH (n) RETURN n; CREATE (:X)', {})")) {
                assertThat(catchThrowableOfType(() -> db.runIn(tx, "CALL " + call), CypherException.class)).as(call)
                        .hasMessageContaining("Write operations are not allowed");
            }
            assertThat(db.runIn(tx, "MATCH (x:X) RETURN count(x) AS c")).containsExactly(Map.of("c", 0L));
        } finally {
            tx.close();
        }
    }

    @Test
    void aSyntaxErrorInTheStatementIsTheEnginesWithItsPosition() {
        CypherException e = failure("CALL apoc.cypher.run('MATCH (n RETURN n', {}) YIELD value RETURN value");
        assertThat(e).isInstanceOf(CypherSyntaxException.class);
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(e).hasMessageContaining("line 1, column 10");
        // and with params bound as variables, still at its place in the statement as written
        assertThat(failure("CALL apoc.cypher.run('MATCH (n RETURN n', {a: 1}) YIELD value RETURN value"))
                .hasMessageContaining("line 1, column 10");
    }

    @Test
    void statementsThatCannotRunInsideAQueryAreRefusedByWhatTheyAre() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("CREATE INDEX FOR (n:L) ON (n.p)", "schema command");
        refused.put("DROP CONSTRAINT c", "schema command");
        refused.put("BEGIN", "transaction command");
        refused.put(":commit", "transaction command");
        refused.put("SHOW PROCEDURES", "administration command");
        refused.put("CREATE USER u SET PASSWORD \"p\"", "administration command");
        refused.put("EXPLAIN MATCH (n) RETURN n", "EXPLAIN or PROFILE");
        refused.put("CALL { CREATE () } IN TRANSACTIONS", "commits in batches");
        refused.put("CALL apoc.periodic.commit(\"MATCH (n) WITH n LIMIT 1 DELETE n RETURN count(*)\", {})",
                "commits in batches");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            CypherException error = failure("CALL apoc.cypher.doIt('" + e.getKey() + "', {}) YIELD value RETURN value");
            assertThat(error).as(e.getKey()).hasMessageContaining("apoc.cypher.doIt")
                    .hasMessageContaining(e.getValue());
            assertThat(error.statusCode()).isEqualTo(CALL_FAILED);
        }
        Transaction tx = db.storage.begin();
        try {
            assertThat(tx.schema()).isEmpty();
        } finally {
            tx.close();
        }
    }

    @Test
    void statementsRunInsideStatementsToADepthOf32() {
        String q = "CALL apoc.when($d > 0, $q, 'RETURN 0 AS d', {q: $q, d: $d - 1}) YIELD value RETURN value.d + 1 AS d";
        assertThat(db.single("CALL apoc.cypher.run($q, {q: $q, d: 10}) YIELD value RETURN value.d", "q", q))
                .isEqualTo(11L);
        CypherException e = failure("CALL apoc.cypher.run($q, {q: $q, d: 100}) YIELD value RETURN value.d", "q", q);
        assertThat(e.statusCode()).isEqualTo(CALL_FAILED);
        assertThat(e).hasMessageContaining("more than 32 deep");
        String forever = "CALL apoc.cypher.run($q, {q: $q}) YIELD value RETURN value";
        assertThat(failure(forever, "q", forever)).hasMessageContaining("more than 32 deep");
    }

    @Test
    void theCallersTimeAndMemoryLimitsHoldInsideTheStatement() {
        Transaction tx = db.storage.begin();
        try {
            CypherException timedOut = failureIn(tx, new QueryControl(Duration.ofMillis(200), 0),
                    "CALL apoc.cypher.run('UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b"
                            + " UNWIND range(1, 1000) AS c WITH a WHERE a < 0 RETURN a', {}) YIELD value RETURN value");
            assertThat(timedOut.statusCode()).isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
            CypherException outOfMemory = failureIn(tx, new QueryControl(null, 1024 * 1024), "CALL apoc.cypher.run("
                    + "'UNWIND range(1, 100000) AS x RETURN x ORDER BY x DESC', {}) YIELD value RETURN count(*)");
            assertThat(outOfMemory.statusCode()).isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
        } finally {
            tx.close();
        }
    }

    // ------------------------------------------------------------------ runMany

    @Test
    @SuppressWarnings("unchecked")
    void runManyRunsEachStatementInTurnWithRowsThenStatistics() {
        List<List<Object>> rows = db.values("CALL apoc.cypher.runMany('CREATE (n:Node {name: $name});\n"
                + " MATCH (n:Node {name: $name}) CREATE (n)-[:X {note: \"a;b\"}]->(n);\n"
                + " MATCH (n:Node)-[x:X]->() RETURN n.name AS name, x.note AS note', {name: 'John'})"
                + " YIELD row, result RETURN row, result");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get(0)).isEqualTo(-1L);
        assertThat((Map<String, Object>) rows.get(0).get(1)).containsEntry("nodesCreated", 1L).containsEntry("labelsAdded", 1L)
                .containsEntry("propertiesSet", 1L).containsEntry("relationshipsCreated", 0L)
                .containsEntry("rows", 0L).containsKeys("time", "nodesDeleted", "labelsRemoved",
                        "relationshipsDeleted", "constraintsAdded", "constraintsRemoved", "indexesAdded",
                        "indexesRemoved");
        assertThat((Map<String, Object>) rows.get(1).get(1)).containsEntry("relationshipsCreated", 1L)
                .containsEntry("nodesCreated", 0L);
        assertThat(rows.get(2)).isEqualTo(row(0L, Map.of("name", "John", "note", "a;b")));
        assertThat(rows.get(3).get(0)).isEqualTo(-1L);
        assertThat((Map<String, Object>) rows.get(3).get(1)).containsEntry("rows", 1L);
        assertThat(db.lastStats).containsEntry("nodes-created", 1L).containsEntry("relationships-created", 1L);
        // without statistics, the rows alone; a cypher-shell script's :begin and :commit are left out
        assertThat(db.values("CALL apoc.cypher.runMany(':begin\nMATCH (n:Node) RETURN n.name AS name;\n:commit\n;',"
                + " {}, {statistics: false}) YIELD row, result RETURN row, result"))
                .containsExactly(row(0L, Map.of("name", "John")));
        assertThat(db.values("CALL apoc.cypher.runManyReadOnly('RETURN 1 AS a; RETURN 2 AS b', {},"
                + " {statistics: false}) YIELD row, result RETURN row, result"))
                .containsExactly(row(0L, Map.of("a", 1L)), row(0L, Map.of("b", 2L)));
        assertThat(db.typeOf("CALL apoc.cypher.runMany('RETURN 1', {}) YIELD row RETURN row"))
                .isNotEqualTo(QueryType.READ_ONLY);
    }

    // ------------------------------------------------------------------ when and case

    @Test
    void whenRunsTheBranchTheConditionChoosesNullCountingAsFalse() {
        String call = "CALL apoc.when($c, 'RETURN $a + 7 AS b', 'RETURN $a AS b', {a: 3}) YIELD value RETURN value";
        assertThat(db.single(call, "c", true)).isEqualTo(Map.of("b", 10L));
        assertThat(db.single(call, "c", false)).isEqualTo(Map.of("b", 3L));
        assertThat(db.single(call, "c", null)).isEqualTo(Map.of("b", 3L));
        // no else query: one row, an empty map (APOC's documented answer)
        assertThat(db.single("CALL apoc.when(false, 'RETURN 7 AS b') YIELD value RETURN value")).isEqualTo(Map.of());
        assertThat(db.single("CALL do.when(false, 'RETURN 7 AS b') YIELD value RETURN value")).isEqualTo(Map.of());
        assertThat(failure("CALL apoc.when($c, 'RETURN 1 AS a') YIELD value RETURN value", "c", "yes").statusCode())
                .isEqualTo("Neo.ClientError.Statement.TypeError");
    }

    @Test
    void caseRunsTheQueryOfTheFirstTrueConditionElseTheElseQuery() {
        String call = "CALL apoc.case([false, 'RETURN 1 AS b', $c, 'RETURN 2 AS b', true, 'RETURN 3 AS b'],"
                + " 'RETURN 4 AS b') YIELD value RETURN value.b";
        assertThat(db.single(call, "c", true)).isEqualTo(2L);
        assertThat(db.single(call, "c", null)).isEqualTo(3L);
        assertThat(db.single("CALL apoc.case([false, 'RETURN 1 AS b', null, 'RETURN 2 AS b'], 'RETURN $x AS b',"
                + " {x: 'else'}) YIELD value RETURN value.b")).isEqualTo("else");
        assertThat(db.single("CALL apoc.case([false, 'RETURN 1 AS b']) YIELD value RETURN value")).isEqualTo(Map.of());
        assertThat(db.single("CALL apoc.case([]) YIELD value RETURN value")).isEqualTo(Map.of());
        assertThat(failure("CALL apoc.case([true]) YIELD value RETURN value")).hasMessageContaining("even number");
        assertThat(failure("CALL apoc.case([1, 'RETURN 1 AS a']) YIELD value RETURN value").statusCode())
                .isEqualTo("Neo.ClientError.Statement.TypeError");
    }

    @Test
    void theWritingConditionalsWriteApocsAndMagesAlike() {
        people();
        db.run("MATCH (n:P {name: 'Ann'}) CALL apoc.do.when(n.age > 18, 'SET n.adult = true RETURN n',"
                + " 'SET n.adult = false RETURN n', {n: n}) YIELD value RETURN value.n");
        db.run("MATCH (n:P {name: 'Bob'}) CALL do.when(n.age > 50, 'SET n.old = true', 'SET n.old = false',"
                + " {n: n}) YIELD value RETURN value");
        db.run("MATCH (n:P {name: 'Bob'}) CALL apoc.do.case([n.age < 18, 'SET n.group = \"young\"', n.age < 65,"
                + " 'SET n.group = \"adult\"'], 'SET n.group = \"senior\"', {n: n}) YIELD value RETURN value");
        db.run("MATCH (n:P {name: 'Ann'}) CALL do.case([false, 'SET n.k = 1'], 'SET n.k = 2', {n: n})"
                + " YIELD value RETURN value");
        assertThat(db.values("MATCH (n:P) RETURN n.name, n.adult, n.old, n.group, n.k ORDER BY n.name"))
                .containsExactly(row("Ann", true, null, null, 2L), row("Bob", null, false, "adult", null));
        Object created = db.single("CALL apoc.do.when(true, 'CREATE (a:Node {name: \"A\"}) RETURN a AS node',"
                + " 'CREATE (b:Node {name: \"B\"}) RETURN b AS node', {}) YIELD value RETURN value.node");
        assertThat(created).isInstanceOf(NodeValue.class);
        assertThat(db.values("MATCH (n:Node) RETURN n.name")).containsExactly(row("A"));
    }

    // ------------------------------------------------------------------ the functions

    @Test
    void runFirstColumnSingleAndManyGiveTheFirstColumn() {
        people();
        assertThat(db.single("RETURN apoc.cypher.runFirstColumnSingle('MATCH (n:P) RETURN n.name, n.age"
                + " ORDER BY n.name DESC', {})")).isEqualTo("Bob");
        assertThat(db.single("RETURN apoc.cypher.runFirstColumnSingle('MATCH (n:Nothing) RETURN n', {})")).isNull();
        assertThat(db.single("RETURN apoc.cypher.runFirstColumnMany('MATCH (n:P) WHERE n.age > $min RETURN n.name"
                + " ORDER BY n.name', {min: 10})")).isEqualTo(List.of("Ann", "Bob"));
        assertThat(db.single("RETURN apoc.cypher.runFirstColumnMany('MATCH (n:Nothing) RETURN n', {})"))
                .isEqualTo(List.of());
        // the node it gives is the node
        db.run("WITH apoc.cypher.runFirstColumnSingle('MATCH (n:P {name: \"Ann\"}) RETURN n', {}) AS n SET n.y = 2");
        assertThat(db.single("MATCH (n:P {y: 2}) RETURN n.name")).isEqualTo("Ann");
        CypherException e = failure("RETURN apoc.cypher.runFirstColumnSingle('CREATE (n:X) RETURN n', {})");
        assertThat(e).hasMessageContaining("function `apoc.cypher.runFirstColumnSingle`")
                .hasMessageContaining("Write operations are not allowed");
        assertThat(count("X")).isZero();
    }

    @Test
    void showProceduresListsThemWithTheirModes() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'apoc.cypher.'"
                + " OR name IN ['apoc.when', 'apoc.do.when', 'apoc.case', 'apoc.do.case', 'do.when', 'do.case']"
                + " RETURN name, mode ORDER BY name")).containsExactly(row("apoc.case", "READ"),
                row("apoc.cypher.doIt", "WRITE"), row("apoc.cypher.run", "READ"), row("apoc.cypher.runMany", "WRITE"),
                row("apoc.cypher.runManyReadOnly", "READ"), row("apoc.cypher.runWrite", "WRITE"),
                row("apoc.do.case", "WRITE"), row("apoc.do.when", "WRITE"), row("apoc.when", "READ"),
                row("do.case", "WRITE"), row("do.when", "WRITE"));
        assertThat(db.single("SHOW PROCEDURES YIELD name, signature WHERE name = 'apoc.when' RETURN signature"))
                .isEqualTo("apoc.when(condition :: BOOLEAN, ifQuery :: STRING, elseQuery = \"\" :: STRING,"
                        + " params = {} :: MAP) :: (value :: MAP)");
    }
}

package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GQL clauses of Neo4j 5.19-5.24: FINISH, OFFSET, and ORDER BY / SKIP / LIMIT as clauses of their own. */
class Neo4j5ClausesTest {
    private final Db db = new Db();

    private void people() {
        db.run("CREATE (:P {name: 'Andy', age: 34}), (:P {name: 'Bernard', age: 36}), (:P {name: 'Charlotte', age: 32}),"
                + " (:P {name: 'David', age: 40}), (:P {name: 'Erika', age: 29})");
    }

    @Test
    void offsetIsSkip() {
        people();
        assertThat(db.values("MATCH (n:P) RETURN n.name ORDER BY n.name OFFSET 3"))
                .containsExactly(row("David"), row("Erika"));
        assertThat(db.values("MATCH (n:P) WITH n ORDER BY n.name OFFSET 1 LIMIT 2 RETURN n.name"))
                .containsExactly(row("Bernard"), row("Charlotte"));
        assertThat(db.values("UNWIND [1, 2, 3] AS x RETURN x OFFSET $n", "n", 2L)).containsExactly(row(3L));
        assertThatThrownBy(() -> db.run("UNWIND [1] AS x RETURN x OFFSET -1"))
                .hasMessageContaining("'-1' is not a valid value"); // the checks of SKIP apply
        // still a name elsewhere
        assertThat(db.values("WITH 1 AS offset RETURN offset SKIP 0")).containsExactly(row(1L));
    }

    @Test
    void useNamesTheOneGraph() {
        people();
        assertThat(db.values("USE neo4j MATCH (n:P) RETURN count(n)")).containsExactly(row(5L));
        assertThat(db.values("use memgraph MATCH (n:P {name: 'Andy'}) RETURN n.age")).containsExactly(row(34L));
        assertThat(db.values("USE `my-db` RETURN 1 AS x UNION USE other.part RETURN 2 AS x"))
                .containsExactlyInAnyOrder(row(1L), row(2L));
        assertThat(db.values("USE graph.byName($g) RETURN 1", "g", "neo4j")).containsExactly(row(1L));
        assertThat(db.values("CALL { USE neo4j MATCH (n:P) RETURN max(n.age) AS m } RETURN m"))
                .containsExactly(row(40L));
        Db.Result created = db.runResult("USE neo4j CREATE (:Q)");
        assertThat(created.stats()).containsEntry("nodes-created", 1L);
        assertThat(db.values("EXPLAIN USE neo4j MATCH (n) RETURN n")).contains(row(" * ScanAll (n)"));
        // only as a query's first clause, and it names a graph
        assertThatThrownBy(() -> db.run("MATCH (n) USE neo4j RETURN n")).isInstanceOf(CypherException.class)
                .hasMessageContaining("Invalid input 'USE'");
        assertThatThrownBy(() -> db.run("USE 'neo4j' RETURN 1")).hasMessageContaining("a graph name after USE");
        assertThatThrownBy(() -> db.run("USE neo4j")).isInstanceOf(CypherException.class);
        // still a name elsewhere
        assertThat(db.values("WITH 1 AS use RETURN use")).containsExactly(row(1L));
    }

    @Test
    void standaloneOrderBySkipLimit() {
        people();
        assertThat(db.single("MATCH (n:P) ORDER BY n.name RETURN collect(n.name)"))
                .isEqualTo(List.of("Andy", "Bernard", "Charlotte", "David", "Erika"));
        assertThat(db.values("MATCH (n:P) ORDER BY n.name DESC SKIP 1 LIMIT 1 RETURN n.name AS name"))
                .containsExactly(row("David"));
        assertThat(db.single("MATCH (n:P) ORDER BY n.name SKIP 2 LIMIT 2 RETURN collect(n.name)"))
                .isEqualTo(List.of("Charlotte", "David"));
        assertThat(db.single("MATCH (n:P) ORDER BY n.name OFFSET 2 RETURN collect(n.name)"))
                .isEqualTo(List.of("Charlotte", "David", "Erika"));
        assertThat(db.values("MATCH (n:P) ORDER BY n.age LIMIT 1 RETURN n.age")).containsExactly(row(29L));
        assertThat(db.values("MATCH (n) LIMIT 3 RETURN count(n)")).containsExactly(row(3L));
        assertThat(db.values("MATCH (n:P) SKIP 4 RETURN count(n)")).containsExactly(row(1L));
        // as WITH *: every variable stays in scope, and the clauses chain
        assertThat(db.values("MATCH (n:P) WITH n, n.age AS age ORDER BY age DESC LIMIT 3 ORDER BY n.name LIMIT 1"
                + " RETURN n.name, age")).containsExactly(row("Andy", 34L));
    }

    @Test
    void standaloneClausesFollowUpdates() {
        db.run("UNWIND range(1, 5) AS i CREATE (:N {i: i})");
        Db.Result r = db.runResult("MATCH (n:N) ORDER BY n.i DESC LIMIT 2 SET n.top = true RETURN n.i");
        assertThat(r.rows()).extracting(m -> m.get("n.i")).containsExactly(5L, 4L);
        assertThat(db.values("MATCH (n:N) WHERE n.top RETURN count(*)")).containsExactly(row(2L));
    }

    @Test
    void standaloneClausesDoNotEndAQuery() {
        assertThatThrownBy(() -> db.run("MATCH (n) ORDER BY n.x")).isInstanceOf(CypherException.class)
                .hasMessageStartingWith("Query cannot conclude with ORDER BY (must be a RETURN clause, FINISH, ");
        assertThatThrownBy(() -> db.run("MATCH (n) LIMIT 1")).hasMessageStartingWith("Query cannot conclude with LIMIT");
        assertThatThrownBy(() -> db.run("MATCH (n) ORDER BY n.x LIMIT n.x RETURN n"))
                .hasMessageContaining("LIMIT"); // variables refused, as after WITH
    }

    @Test
    void finishReturnsNothingButRunsTheUpdates() {
        people();
        Db.Result read = db.runResult("MATCH (p:P) FINISH");
        assertThat(read.rows()).isEmpty();
        Db.Result write = db.runResult("CREATE (p:Person) FINISH");
        assertThat(write.rows()).isEmpty();
        assertThat(write.stats()).containsEntry("nodes-created", 1L).containsEntry("labels-added", 1L);
        Db.Result set = db.runResult("MATCH (p:P) SET p.seen = true FINISH");
        assertThat(set.stats()).containsEntry("properties-set", 5L);
        assertThat(db.single("MATCH (p:P) WHERE p.seen RETURN count(p)")).isEqualTo(5L);
        try (var tx = db.storage.begin();
             var ex = db.engine.execute(tx, "MATCH (p:P) FINISH", Map.of(), QueryControl.unlimited())) {
            assertThat(ex.columns()).isEmpty();
        }
        assertThat(db.runResult("CALL { CREATE (:Q) FINISH } FINISH").stats()).containsEntry("nodes-created", 1L);
        assertThat(db.runResult("MATCH (p:P) FINISH UNION ALL CREATE (:Q) FINISH").rows()).isEmpty();
    }

    @Test
    void finishOnlyEndsAQuery() {
        assertThatThrownBy(() -> db.run("MATCH (p) FINISH RETURN p"))
                .hasMessage("FINISH can only be used at the end of the query (line 1, column 18 (offset: 17))");
        assertThatThrownBy(() -> db.run("FINISH MATCH (n) RETURN n"))
                .hasMessageStartingWith("FINISH can only be used at the end of the query");
        assertThatThrownBy(() -> db.run("MATCH (p) RETURN p.x AS x UNION MATCH (p) FINISH"))
                .hasMessageStartingWith("All sub queries in an UNION must have the same return column names: [x] vs []");
        assertThatThrownBy(() -> db.run("MATCH (p) FINISH UNION MATCH (p) RETURN p.x AS x"))
                .hasMessageStartingWith("All sub queries in an UNION must have the same return column names: [] vs [x]");
        assertThatThrownBy(() -> db.run("RETURN COUNT { MATCH (n) FINISH } AS c"))
                .hasMessageStartingWith("FINISH is not allowed in COUNT { ... }");
        assertThatThrownBy(() -> db.run("MATCH (n) WHERE EXISTS { MATCH (n)-->() FINISH } RETURN n"))
                .hasMessageStartingWith("FINISH is not allowed in EXISTS { ... }");
    }

    @Test
    void clauseWordsStayNames() {
        assertThat(db.values("WITH 1 AS finish, 2 AS limit, 3 AS skip, 4 AS `order` RETURN finish, limit, skip, `order`"))
                .containsExactly(row(1L, 2L, 3L, 4L));
        db.run("CREATE ({finish: 1, order: 2})");
        assertThat(db.values("MATCH (n) RETURN n.finish, n.order")).containsExactly(row(1L, 2L));
    }
}

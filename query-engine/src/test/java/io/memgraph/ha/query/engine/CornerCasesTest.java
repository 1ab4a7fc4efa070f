package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.NodeValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scoping, binding and clause-interaction corners found while building the planner. */
class CornerCasesTest {
    Db db;

    @BeforeEach
    void graph() {
        db = new Db();
        db.social();
    }

    @Test
    void boundRelationshipAndRebindingAfterWith() {
        assertThat(db.values("MATCH ()-[r:KNOWS {since: 2018}]->() WITH r MATCH (x)-[r]->(y) RETURN x.name, y.name"))
                .containsExactly(row("Carol", "Dave"));
        assertThat(db.values("MATCH (a:Person) WITH a ORDER BY a.name LIMIT 1 MATCH (a)-[:KNOWS]->(b) "
                + "RETURN b.name ORDER BY b.name")).containsExactly(row("Bob"), row("Carol"));
        assertThat(db.values("MATCH (a:Person {name:'Bob'}) WITH a.name AS name MATCH (a:Company) RETURN name, a.name"))
                .containsExactly(row("Bob", "Acme"));
        assertThat(db.values("MATCH (a {name:'Alice'}) MATCH (a)-[:KNOWS]->(b) RETURN count(b)"))
                .containsExactly(row(2L));
    }

    @Test
    void patternComprehensionVariablesAreLocalEvenWhenTheNameIsUsedLater() {
        assertThat(db.values("MATCH (a:Person {name:'Alice'}) WITH a, [(a)-[:KNOWS]->(b) | b.name] AS bs "
                + "MATCH (a)-[:KNOWS]->(b) RETURN bs, b.name ORDER BY b.name"))
                .containsExactly(row(List.of("Bob", "Carol"), "Bob"), row(List.of("Bob", "Carol"), "Carol"));
    }

    @Test
    void projectionShadowingAVariableDoesNotDisturbRowsStillComing() {
        assertThat(db.values("MATCH (n:Person {name:'Alice'})-[:KNOWS]->(m) RETURN n.name AS n, m.name AS m ORDER BY m"))
                .containsExactly(row("Alice", "Bob"), row("Alice", "Carol"));
        assertThat(db.values("MATCH (n:Person {name:'Alice'})-[:KNOWS*1..2]->(m) WITH n.name AS n, m "
                + "RETURN n, m.name AS m ORDER BY m")).containsExactly(row("Alice", "Bob"), row("Alice", "Carol"),
                row("Alice", "Carol"), row("Alice", "Dave"));
    }

    @Test
    void rebindingANameAfterWithDoesNotDisturbTheOperatorsBelow() {
        // UNWIND emits several rows per b; the filter above it reads b again for each of them.
        assertThat(db.values("MATCH (a:Person {name:'Alice'})-[:KNOWS]->(b) UNWIND [1, 2] AS x "
                + "MATCH (c:Company) WHERE b.age < 38 WITH a, c, x MATCH (b:Person {name:'Dave'}) RETURN count(*)"))
                .containsExactly(row(4L));
    }

    @Test
    void existsSubqueryVariablesAreLocalEvenWhenTheNameIsUsedLater() {
        assertThat(db.values("MATCH (p:Person) WHERE EXISTS { MATCH (p)-[:KNOWS]->(q) WHERE q.age > 36 } "
                + "WITH p MATCH (q:Company) RETURN p.name, q.name")).containsExactly(row("Carol", "Acme"));
        assertThat(db.values("MATCH (p:Person) WHERE EXISTS { MATCH (p)-[:KNOWS]->(q), (q)-[:KNOWS]->(r) } "
                + "RETURN p.name ORDER BY p.name")).containsExactly(row("Alice"), row("Bob"));
    }

    @Test
    void selfLoops() {
        db.run("CREATE (a:Loop)-[:SELF]->(a)");
        assertThat(db.values("MATCH (a:Loop)-[r]-(b) RETURN count(*)")).containsExactly(row(1L));
        assertThat(db.values("MATCH (a:Loop)-[r]->(a) RETURN type(r)")).containsExactly(row("SELF"));
        db.run("MATCH (a:Loop) DETACH DELETE a");
        assertThat(db.lastStats).isEqualTo(Map.of("nodes-deleted", 1L, "relationships-deleted", 1L));
    }

    @Test
    void aggregationThenFilterAndOptionalCounts() {
        assertThat(db.values("MATCH (p:Person)-[:KNOWS]->(f) WITH p, count(f) AS c WHERE c > 1 RETURN p.name"))
                .containsExactly(row("Alice"));
        assertThat(db.values("MATCH (p:Person) OPTIONAL MATCH (p)-[:WORKS_AT]->(c) RETURN count(c), count(*)"))
                .containsExactly(row(2L, 4L));
        assertThat(db.values("MATCH (p:Person) RETURN collect(DISTINCT p.city) AS c"))
                .containsExactly(row(List.of("London", "Paris")));
        assertThat(db.values("MATCH (p:Person)-[:KNOWS]->(f) RETURN f.name AS n, count(*) AS c ORDER BY c DESC, n LIMIT 1"))
                .containsExactly(row("Carol", 2L));
        assertThat(db.values("MATCH (p:Person) RETURN p.city, collect(p.name) AS names ORDER BY p.city"))
                .containsExactly(row("London", List.of("Alice", "Carol")), row("Paris", List.of("Bob")),
                        row(null, List.of("Dave")));
    }

    @Test
    void readsAfterWritesSeeTheWrites() {
        assertThat(db.values("CREATE (:Q {v: 1}) WITH 1 AS one MATCH (q:Q) RETURN count(q)"))
                .containsExactly(row(1L));
        assertThat(db.values("MATCH (n:Person) SET n.age = n.age + 1 RETURN sum(n.age)"))
                .containsExactly(row(134L));
        assertThat(db.values("MATCH (n:Person) SET n.age = n.age + 1 WITH count(*) AS c MATCH (m:Person) "
                + "RETURN c, sum(m.age)")).containsExactly(row(4L, 138L));
    }

    @Test
    void mergeCreatesTheWholePatternWhenAnyPartIsMissing() {
        db.run("MERGE (a:A {x: 1})-[:R]->(b:B {y: 2})");
        db.run("MERGE (a:A {x: 1})-[:R]->(b:B {y: 2})");
        assertThat(db.values("MATCH (a:A)-[:R]->(b:B) RETURN a.x, b.y")).containsExactly(row(1L, 2L));
        db.run("MERGE (a:A {x: 1})-[:R]->(b:B {y: 3})");
        assertThat(db.single("MATCH (a:A) RETURN count(a)")).isEqualTo(2L);
        assertThatThrownBy(() -> db.run("MERGE (a:A {x: $v})", "v", (Object) null))
                .isInstanceOf(CypherException.class).hasMessageContaining("null property value");
    }

    @Test
    void nestedForeachAndDeleteOfPaths() {
        db.run("FOREACH (i IN [1, 2] | FOREACH (j IN [1, 2, 3] | CREATE (:Cell {i: i, j: j})))");
        assertThat(db.single("MATCH (c:Cell) RETURN count(c)")).isEqualTo(6L);
        db.run("MATCH p = (:Person {name:'Carol'})-[:KNOWS]->(:Person {name:'Dave'}) DETACH DELETE p");
        assertThat(db.values("MATCH (p:Person) RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Alice"), row("Bob"));
    }

    @Test
    void nodesInRowsAreReadThroughTheAccessor() {
        var tx = db.storage.begin();
        try (var ex = db.engine.execute(tx, "MATCH (n:Person {name:'Dave'})-[r]-(m) RETURN n, r", Map.of(),
                io.memgraph.ha.query.QueryControl.unlimited())) {
            ex.pull(-1, r -> {
                NodeValue n = (NodeValue) r[0];
                assertThat(ex.accessor().labels(n)).containsExactly("Person", "Admin"); // creation order
                assertThat(ex.accessor().properties(n)).containsEntry("age", 40L);
                var rel = (io.memgraph.ha.query.value.RelationshipValue) r[1];
                assertThat(ex.accessor().type(rel)).isEqualTo("KNOWS");
                assertThat(ex.accessor().endNode(rel)).isEqualTo(n);
            });
        } finally {
            tx.close();
        }
    }

    @Test
    void mixedParametersAndReduce() {
        assertThat(db.values("MATCH (a:Person) WHERE a.name IN $names RETURN a.name ORDER BY a.name",
                "names", List.of("Bob", "Dave", "Zoe"))).containsExactly(row("Bob"), row("Dave"));
        assertThat(db.single("MATCH (a:Person) RETURN reduce(s = 0, x IN collect(a.age) | s + x)")).isEqualTo(130L);
        assertThat(db.values("RETURN 1 AS x UNION RETURN 'a' AS x")).containsExactly(row(1L), row("a"));
    }

    @Test
    void shortestPaths() {
        assertThat(db.values("MATCH (a {name:'Alice'}), (d {name:'Dave'}) MATCH p = shortestPath((a)-[:KNOWS*]->(d)) "
                + "RETURN [n IN nodes(p) | n.name]")).containsExactly(row(List.of("Alice", "Carol", "Dave")));
        db.run("MATCH (a {name:'Alice'}), (d {name:'Dave'}) CREATE (a)-[:KNOWS]->(:Person {name:'Eve'})-[:KNOWS]->(d)");
        assertThat(db.values("MATCH (a {name:'Alice'}), (d {name:'Dave'}) MATCH p = allShortestPaths((a)-[:KNOWS*]->(d)) "
                + "RETURN [n IN nodes(p) | n.name] AS names ORDER BY names"))
                .containsExactly(row(List.of("Alice", "Carol", "Dave")), row(List.of("Alice", "Eve", "Dave")));
        assertThat(db.values("MATCH (a {name:'Dave'}), (b {name:'Alice'}) MATCH p = shortestPath((a)-[:KNOWS*]->(b)) "
                + "RETURN p")).isEmpty();
        assertThat(db.values("MATCH (a {name:'Dave'}), (b {name:'Alice'}) MATCH p = shortestPath((a)-[*..2]-(b)) "
                + "RETURN length(p)")).containsExactly(row(2L));
    }

    @Test
    void anUnknownProcedureIsProcedureNotFoundNamingIt() {
        assertThatThrownBy(() -> db.run("CALL db.nosuch() YIELD label RETURN label"))
                .isInstanceOfSatisfying(CypherException.class, e -> assertThat(e.statusCode())
                        .isEqualTo("Neo.ClientError.Procedure.ProcedureNotFound"))
                .hasMessageContaining("db.nosuch");
    }
}

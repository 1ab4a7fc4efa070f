package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Updating clauses, each on a fresh social graph; checks results, counters and the graph after. */
class WriteQueriesTest {
    Db db;

    @BeforeEach
    void graph() {
        db = new Db();
        db.social();
    }

    @Test
    void createNodesRelationshipsAndPaths() {
        assertThat(db.values("CREATE (n:City {name:'Rome', pop: 3}) RETURN n.name, labels(n)"))
                .containsExactly(row("Rome", List.of("City")));
        assertThat(db.lastStats).isEqualTo(Map.of("nodes-created", 1L, "labels-added", 1L, "properties-set", 2L));
        db.run("MATCH (a:Person {name:'Dave'}), (c:City {name:'Rome'}) CREATE (a)-[:LIVES_IN {since: 2000}]->(c)");
        assertThat(db.lastStats).isEqualTo(Map.of("relationships-created", 1L, "properties-set", 1L));
        assertThat(db.values("MATCH (:Person {name:'Dave'})-[r:LIVES_IN]->(c) RETURN c.name, r.since"))
                .containsExactly(row("Rome", 2000L));
        assertThat(db.values("CREATE p = (:X {i:1})-[:R]->(:X {i:2})<-[:S]-(:X {i:3}) "
                + "RETURN length(p), [n IN nodes(p) | n.i]"))
                .containsExactly(row(2L, List.of(1L, 2L, 3L)));
        assertThat(db.values("MATCH (a:X {i:3})-[:S]->(b:X) RETURN b.i")).containsExactly(row(2L));
        assertThat(db.values("UNWIND range(1, 3) AS i CREATE (:N {i: i})")).isEmpty();
        assertThat(db.single("MATCH (n:N) RETURN sum(n.i)")).isEqualTo(6L);
        assertThat(db.values("CREATE (n:P $props) RETURN n.a", "props", Map.of("a", 7))).containsExactly(row(7L));
    }

    @Test
    void matchThenCreateDoesNotSeeItsOwnWrites() {
        db.run("MATCH (p:Person) CREATE (:Person {name: p.name + '2'})");
        assertThat(db.single("MATCH (p:Person) RETURN count(*)")).isEqualTo(8L);
    }

    @Test
    void mergeWithOnCreateAndOnMatch() {
        assertThat(db.values("MERGE (p:Person {name:'Alice'}) ON CREATE SET p.new = true ON MATCH SET p.seen = 1 "
                + "RETURN p.new, p.seen")).containsExactly(row(null, 1L));
        assertThat(db.values("MERGE (p:Person {name:'Eve'}) ON CREATE SET p.new = true ON MATCH SET p.seen = 1 "
                + "RETURN p.new, p.seen")).containsExactly(row(true, null));
        assertThat(db.single("MATCH (p:Person) RETURN count(*)")).isEqualTo(5L);
        db.run("UNWIND ['x', 'y', 'x'] AS k MERGE (:Tag {k: k})");
        assertThat(db.single("MATCH (t:Tag) RETURN count(*)")).isEqualTo(2L);
        db.run("MATCH (a:Person {name:'Alice'}), (b:Person {name:'Dave'}) MERGE (a)-[r:KNOWS]->(b) "
                + "ON CREATE SET r.since = 2024");
        db.run("MATCH (a:Person {name:'Alice'}), (b:Person {name:'Dave'}) MERGE (a)-[r:KNOWS]->(b) "
                + "ON CREATE SET r.since = 1999");
        assertThat(db.values("MATCH (:Person {name:'Alice'})-[r:KNOWS]->(:Person {name:'Dave'}) RETURN r.since"))
                .containsExactly(row(2024L));
        assertThat(db.values("MATCH (a:Person {name:'Bob'}) MERGE (a)-[:WORKS_AT]->(c:Company {name:'Acme'}) "
                + "RETURN c.name")).containsExactly(row("Acme"));
    }

    @Test
    void mergeThroughAPropertyIndexSeesTheTransactionsOwnWrites() {
        db.run("CREATE INDEX ON :Tag(k)");
        db.run("CREATE (:Tag {k: 1, name: 'one'}), (:Tag {k: 'two'})");
        // 1 equals 1.0; the transaction's own new vertices are found; pattern predicates use the index too
        db.run("UNWIND [1, 1.0, 3, 3, 'two'] AS k MERGE (:Tag {k: k})");
        assertThat(db.single("MATCH (t:Tag) RETURN count(*)")).isEqualTo(3L);
        assertThat(db.values("MERGE (t:Tag {k: $k, name: 'one'}) RETURN t.name", "k", 1.0))
                .containsExactly(row("one"));
        assertThat(db.values("RETURN COUNT { (:Tag {k: $k}) }, EXISTS { (:Tag {k: 2}) }", "k", 3))
                .containsExactly(row(1L, false));
        // a value changed earlier in the same transaction is found under its new value only
        assertThat(db.values("MATCH (t:Tag {k: 3}) SET t.k = 4 WITH count(*) AS c "
                + "MERGE (a:Tag {k: 4}) MERGE (b:Tag {k: 3}) RETURN c, a.k, b.k")).containsExactly(row(1L, 4L, 3L));
        assertThat(db.values("MATCH (t:Tag) RETURN t.k ORDER BY toString(t.k)"))
                .containsExactly(row(1L), row(3L), row(4L), row("two"));
        // a deleted vertex is not matched; labels beyond the indexed one still have to match
        db.run("MATCH (t:Tag {k: 4}) DELETE t");
        db.run("MERGE (:Tag {k: 4})");
        db.run("MERGE (:Tag:Other {k: 1})");
        assertThat(db.values("MATCH (t:Tag) RETURN t.k, t:Other ORDER BY toString(t.k), t:Other"))
                .containsExactly(row(1L, false), row(1L, true), row(3L, false), row(4L, false), row("two", false));
    }

    @Test
    void setVariants() {
        db.run("MATCH (p:Person {name:'Bob'}) SET p.age = p.age + 1, p.x = 'y'");
        assertThat(db.lastStats).containsEntry("properties-set", 2L);
        assertThat(db.values("MATCH (p:Person {name:'Bob'}) RETURN p.age, p.x")).containsExactly(row(26L, "y"));
        db.run("MATCH (p:Person {name:'Bob'}) SET p += {age: 50, z: 1}");
        assertThat(db.single("MATCH (p:Person {name:'Bob'}) RETURN properties(p)"))
                .isEqualTo(Map.of("name", "Bob", "age", 50L, "city", "Paris", "x", "y", "z", 1L));
        db.run("MATCH (p:Person {name:'Bob'}) SET p = {name: 'Bobby'}");
        assertThat(db.single("MATCH (p:Person {name:'Bobby'}) RETURN properties(p)")).isEqualTo(Map.of("name", "Bobby"));
        db.run("MATCH (p:Person {name:'Bobby'}) SET p:Admin:Tester");
        assertThat(db.lastStats).containsEntry("labels-added", 2L);
        assertThat(db.single("MATCH (p {name:'Bobby'}) RETURN labels(p)")) // creation order of the labels
                .isEqualTo(List.of("Person", "Admin", "Tester"));
        db.run("MATCH (p {name:'Bobby'}) SET p.name = null");
        assertThat(db.single("MATCH (p:Tester) RETURN keys(p)")).isEqualTo(List.of());
        db.run("MATCH ()-[r:WORKS_AT {role:'dev'}]->() SET r.role = 'lead'");
        assertThat(db.values("MATCH ()-[r:WORKS_AT]->() RETURN r.role ORDER BY r.role"))
                .containsExactly(row("lead"), row("ops"));
    }

    @Test
    void removeVariants() {
        db.run("MATCH (p:Person {name:'Dave'}) REMOVE p:Admin, p.age");
        assertThat(db.lastStats).isEqualTo(Map.of("labels-removed", 1L, "properties-set", 1L));
        assertThat(db.values("MATCH (p {name:'Dave'}) RETURN labels(p), p.age")).containsExactly(row(List.of("Person"), null));
    }

    @Test
    void deleteAndDetachDelete() {
        assertThatThrownBy(() -> db.run("MATCH (p:Person {name:'Alice'}) DELETE p"))
                .isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed"))
                .hasMessageContaining("still has relationships");
        assertThat(db.single("MATCH (p:Person {name:'Alice'}) RETURN count(*)")).isEqualTo(1L);
        db.run("MATCH (p:Person {name:'Alice'}) DETACH DELETE p");
        assertThat(db.lastStats).isEqualTo(Map.of("nodes-deleted", 1L, "relationships-deleted", 3L));
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(4L);
        db.run("MATCH (a {name:'Bob'})-[r:WORKS_AT]->() DELETE r");
        assertThat(db.single("MATCH ()-[r:WORKS_AT]->() RETURN count(r)")).isEqualTo(0L);
        db.run("MATCH (n)-[r]-() DELETE n, r");
        db.run("MATCH (n) DELETE n");
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(0L);
        // openCypher: the labels of a node deleted earlier in the query cannot be read.
        assertThatThrownBy(() -> db.run("CREATE (n:T) WITH n DELETE n RETURN labels(n)"))
                .hasMessageContaining("has been deleted");
        assertThat(db.values("CREATE (n:T) WITH n DELETE n RETURN n")).hasSize(1);
    }

    @Test
    void foreach() {
        db.run("MATCH (p:Person {name:'Alice'}) FOREACH (i IN range(1, 3) | CREATE (p)-[:HAS]->(:Item {i: i}))");
        assertThat(db.values("MATCH (:Person {name:'Alice'})-[:HAS]->(i) RETURN i.i ORDER BY i.i"))
                .containsExactly(row(1L), row(2L), row(3L));
        db.run("MATCH p = (:Person {name:'Alice'})-[:KNOWS*]->(:Person {name:'Dave'}) "
                + "FOREACH (n IN nodes(p) | SET n.marked = true)");
        assertThat(db.values("MATCH (p:Person) WHERE p.marked RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Alice"), row("Bob"), row("Carol"), row("Dave"));
    }

    @Test
    void writeQueriesRunToTheEndEvenWhenOnlyOneRowIsPulled() {
        var tx = db.storage.begin();
        try (var ex = db.engine.execute(tx, "UNWIND range(1, 50) AS i CREATE (n:Many {i: i}) RETURN n", Map.of(),
                io.memgraph.ha.query.QueryControl.unlimited())) {
            boolean more = ex.pull(1, r -> { });
            assertThat(more).isTrue();
            assertThat(ex.stats()).containsEntry("nodes-created", 50L);
            assertThat(ex.type()).isEqualTo(io.memgraph.ha.query.QueryType.READ_WRITE);
        }
        db.storage.commit(tx);
        assertThat(db.single("MATCH (n:Many) RETURN count(n)")).isEqualTo(50L);
    }
}

package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.Transaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * APOC's {@code apoc.nodes.get}, {@code delete} and {@code link} (rows, counters, rollback with the
 * transaction, mode) and the node functions {@code apoc.node.*}, {@code apoc.nodes.connected} and
 * {@code isDense}, with APOC's relationship-type pattern, nulls and wrong types.
 */
class ApocNodesTest {
    private final Db db = new Db();

    private long id(String name) {
        return (Long) db.single("MATCH (n {name: $name}) RETURN id(n)", "name", name);
    }

    /** a -KNOWS-> b, c -KNOWS-> a, a -LIKES-> c, a -SELF-> a, d alone. */
    private void graph() {
        db.run("CREATE (a:P:Q {name: 'a'}), (b:P {name: 'b'}), (c:P {name: 'c'}), (:P {name: 'd'}),"
                + " (a)-[:KNOWS]->(b), (c)-[:KNOWS]->(a), (a)-[:LIKES]->(c), (a)-[:SELF]->(a)");
    }

    @Test
    void getNamesNodesByNodeIdOrElementId() {
        graph();
        long a = id("a");
        long b = id("b");
        assertThat(db.values("CALL apoc.nodes.get($ids) YIELD node RETURN node.name", "ids",
                List.of(a, String.valueOf(b)))).containsExactly(row("a"), row("b"));
        assertThat(db.values("MATCH (n {name: 'c'}) CALL apoc.nodes.get(n) YIELD node RETURN node.name"))
                .containsExactly(row("c"));
        assertThat(db.values("CALL apoc.nodes.get(null) YIELD node RETURN node")).isEmpty();
        assertThatThrownBy(() -> db.run("CALL apoc.nodes.get(1.5)")).isInstanceOf(CypherException.class)
                .hasMessageContaining("apoc.nodes.get expects a Node, a node id or an element id for `nodes`");
        assertThatThrownBy(() -> db.run("CALL apoc.nodes.get(123456)")).isInstanceOf(CypherException.class)
                .hasMessageContaining("node 123456 does not exist");
        assertThat(db.typeOf("CALL apoc.nodes.get(1)")).isEqualTo(QueryType.READ_ONLY);
    }

    @Test
    void deleteDetachDeletesInTheCallersTransaction() {
        graph();
        long a = id("a");
        long d = id("d");
        Transaction tx = db.storage.begin();
        assertThat(db.runIn(tx, "CALL apoc.nodes.delete([" + a + ", " + a + "], 10) YIELD value RETURN value"))
                .containsExactly(Map.of("value", 1L));
        assertThat(db.runIn(tx, "MATCH (n) RETURN count(n) AS c")).containsExactly(Map.of("c", 3L));
        tx.close(); // rolled back
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(4L);
        assertThat(db.single("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(4L);

        assertThat(db.single("MATCH (n:P) WHERE n.name IN ['a', 'd'] WITH collect(n) AS ns"
                + " CALL apoc.nodes.delete(ns, 1) YIELD value RETURN value")).isEqualTo(2L);
        assertThat(db.lastStats).containsEntry("nodes-deleted", 2L).containsEntry("relationships-deleted", 4L);
        assertThat(db.values("MATCH (n) RETURN n.name ORDER BY n.name")).containsExactly(row("b"), row("c"));
        assertThatThrownBy(() -> db.run("CALL apoc.nodes.delete(" + d + ", 1)"))
                .hasMessageContaining("node " + d + " does not exist");
        assertThatThrownBy(() -> db.run("CALL apoc.nodes.delete([], null)")).isInstanceOf(CypherException.class)
                .hasMessageContaining("apoc.nodes.delete expects an INTEGER for `batchSize` but got null");
        assertThatThrownBy(() -> db.run("CALL apoc.nodes.delete([], 0)")).isInstanceOf(CypherException.class)
                .hasMessageContaining("batchSize must be at least 1");
    }

    @Test
    void linkChainsTheNodesOnceWithAvoidDuplicates() {
        db.run("UNWIND [3, 1, 2] AS i CREATE (:E {i: i})");
        String link = "MATCH (e:E) WITH e ORDER BY e.i WITH collect(e) AS es CALL apoc.nodes.link(es, 'NEXT'%s)"
                + " RETURN count(*) AS rows";
        assertThat(db.single(String.format(link, ""))).isEqualTo(1L); // VOID: the row goes on
        assertThat(db.lastStats).containsEntry("relationships-created", 2L);
        assertThat(db.values("MATCH (a)-[:NEXT]->(b) RETURN a.i, b.i ORDER BY a.i"))
                .containsExactly(row(1L, 2L), row(2L, 3L));
        db.run(String.format(link, ", {avoidDuplicates: true}"));
        assertThat(db.lastStats).doesNotContainKey("relationships-created");
        db.run(String.format(link, ""));
        assertThat(db.single("MATCH ()-[r:NEXT]->() RETURN count(r)")).isEqualTo(4L);

        Transaction tx = db.storage.begin();
        db.runIn(tx, String.format(link, ""));
        tx.close();
        assertThat(db.single("MATCH ()-[r:NEXT]->() RETURN count(r)")).isEqualTo(4L);

        assertThatThrownBy(() -> db.run(String.format(link.replace("'NEXT'", "null"), "")))
                .isInstanceOf(CypherException.class).hasMessageContaining("without a relationship type");
        assertThatThrownBy(() -> db.run(String.format(link, ", {avoidDuplicates: 'yes'}")))
                .isInstanceOf(CypherException.class).hasMessageContaining("config.avoidDuplicates");
        assertThatThrownBy(() -> db.run("MATCH (e:E) CALL apoc.nodes.link(e, 'NEXT') RETURN 1"))
                .isInstanceOf(CypherException.class).hasMessageContaining("expects a LIST<NODE> for `nodes`");
    }

    @Test
    void proceduresAreListedWithTheirModes() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'apoc.nodes.'"
                + " RETURN name, mode")).containsExactlyInAnyOrder(row("apoc.nodes.get", "READ"),
                        row("apoc.nodes.delete", "WRITE"), row("apoc.nodes.link", "WRITE"));
        assertThat(db.typeOf("CALL apoc.nodes.delete(1, 1)")).isEqualTo(QueryType.READ_WRITE);
    }

    @Test
    void degreesWithApocsRelationshipPattern() {
        graph();
        String q = "MATCH (a {name: 'a'}) RETURN apoc.node.degree(a), apoc.node.degree(a, 'KNOWS'),"
                + " apoc.node.degree(a, 'KNOWS>'), apoc.node.degree(a, '<KNOWS|LIKES'), apoc.node.degree(a, '>'),"
                + " apoc.node.degree.in(a), apoc.node.degree.in(a, 'KNOWS'), apoc.node.degree.out(a),"
                + " apoc.node.degree.out(a, 'KNOWS|LIKES'), apoc.node.degree(a, 'NONE')";
        // the self-loop is one relationship, outgoing and incoming
        assertThat(db.values(q)).containsExactly(row(4L, 2L, 1L, 2L, 3L, 2L, 1L, 3L, 2L, 0L));
        assertThat(db.values("MATCH (d {name: 'd'}) RETURN apoc.node.degree(d), apoc.node.degree.in(d, '')"))
                .containsExactly(row(0L, 0L));
    }

    @Test
    void labelsTypesExistenceAndConnection() {
        graph();
        assertThat(db.values("MATCH (a {name: 'a'}), (b {name: 'b'}), (c {name: 'c'}), (d {name: 'd'})"
                + " RETURN apoc.node.labels(a), apoc.node.relationship.types(a),"
                + " apoc.node.relationship.types(a, '<KNOWS|SELF>'), apoc.node.relationship.exists(a, 'LIKES>'),"
                + " apoc.node.relationship.exists(a, '<LIKES'), apoc.node.relationship.exists(d),"
                + " apoc.nodes.connected(a, b), apoc.nodes.connected(b, a, 'KNOWS'),"
                + " apoc.nodes.connected(b, a, 'KNOWS>'), apoc.nodes.connected(a, d), apoc.nodes.connected(a, a, 'SELF'),"
                + " apoc.nodes.isDense(a)"))
                .containsExactly(row(List.of("P", "Q"), List.of("KNOWS", "LIKES", "SELF"), List.of("SELF", "KNOWS"),
                        true, false, false, true, true, false, false, true, false));
        db.run("MATCH (d {name: 'd'}) UNWIND range(1, 50) AS i CREATE (d)-[:R]->()");
        assertThat(db.values("MATCH (d {name: 'd'}), (b {name: 'b'}) RETURN apoc.nodes.isDense(d),"
                + " apoc.nodes.isDense(b)")).containsExactly(row(true, false));
    }

    @Test
    void nullsAndWrongTypes() {
        assertThat(db.values("RETURN apoc.node.degree(null), apoc.node.labels(null), apoc.nodes.isDense(null),"
                + " apoc.node.relationship.types(null), apoc.nodes.connected(null, null)"))
                .containsExactly(row(null, null, null, null, null));
        db.run("CREATE ()");
        assertThat(db.single("MATCH (n) RETURN apoc.node.degree(n, null)")).isEqualTo(0L);
        assertThatThrownBy(() -> db.run("RETURN apoc.node.degree(1)")).isInstanceOf(CypherException.class)
                .hasMessageContaining("expected a Node for argument 1 of apoc.node.degree()");
        assertThatThrownBy(() -> db.run("MATCH (n) RETURN apoc.node.degree.in(n, 5)"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("expected a String for argument 2 of apoc.node.degree.in()");
        assertThatThrownBy(() -> db.run("MATCH (n) RETURN apoc.nodes.connected(n, 'x')"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("expected a Node for argument 2 of apoc.nodes.connected()");
        assertThatThrownBy(() -> db.run("MATCH (n) RETURN apoc.node.relationship.exists(n, '<A>')"))
                .isInstanceOf(CypherException.class).hasMessageContaining("names both directions");
    }
}

package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.storage.Transaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MAGE's {@code refactor} module: names, arguments and columns as Memgraph's, the graph afterwards,
 * the counters, rollback, and the errors.
 */
class MemgraphRefactorProceduresTest {
    private final Db db = new Db();

    @Test
    void renamesApplyToTheGivenEntitiesOnly() {
        db.run("CREATE (a:Old {p: 1})-[:T {q: 1}]->(b:Old {p: 2}), (c:Old {p: 3})");
        assertThat(db.single("MATCH (n:Old) WHERE n.p < 3 WITH collect(n) AS ns"
                + " CALL refactor.rename_label('Old', 'New', ns) YIELD nodes_changed RETURN nodes_changed"))
                .isEqualTo(2L);
        assertThat(db.lastStats).containsEntry("labels-added", 2L).containsEntry("labels-removed", 2L);
        assertThat(db.values("MATCH (n) RETURN labels(n) ORDER BY n.p"))
                .containsExactly(row(List.of("New")), row(List.of("New")), row(List.of("Old")));
        assertThat(db.single("MATCH (n) WITH collect(n) AS ns CALL refactor.rename_node_property('p', 'r', ns)"
                + " YIELD nodes_changed RETURN nodes_changed")).isEqualTo(3L);
        assertThat(db.values("MATCH (n) RETURN n.r, n.p ORDER BY n.r"))
                .containsExactly(row(1L, null), row(2L, null), row(3L, null));
        assertThat(db.single("MATCH ()-[t]->() WITH collect(t) AS ts CALL refactor.rename_type('T', 'U', ts)"
                + " YIELD relationships_changed RETURN relationships_changed")).isEqualTo(1L);
        assertThat(db.single("MATCH ()-[t]->() WITH collect(t) AS ts"
                + " CALL refactor.rename_type_property('q', 'z', ts) YIELD relationships_changed"
                + " RETURN relationships_changed")).isEqualTo(1L);
        assertThat(db.values("MATCH (a)-[t]->(b) RETURN a.r, type(t), properties(t), b.r"))
                .containsExactly(row(1L, "U", Map.of("z", 1L), 2L));
        // an empty list renames nothing (MAGE's; APOC's renames take it as all)
        assertThat(db.single("CALL refactor.rename_label('Old', 'New', []) YIELD nodes_changed"
                + " RETURN nodes_changed")).isEqualTo(0L);
        assertThatThrownBy(() -> db.run("CALL refactor.rename_label('Old', 'New', null) YIELD nodes_changed"
                + " RETURN nodes_changed")).hasMessageContaining("expects a LIST for `nodes` but got null");
        assertThatThrownBy(() -> db.run("CALL refactor.rename_label('Old', $l, []) YIELD nodes_changed"
                + " RETURN nodes_changed", "l", 7L)).hasMessageContaining("a STRING for `new_label` but got Integer");
    }

    @Test
    void fromToAndInvert() {
        db.run("CREATE (:N {n: 'a'})-[:R {w: 1}]->(:N {n: 'b'}), (:N {n: 'c'})");
        assertThat(db.values("MATCH ()-[r:R]->(), (c {n: 'c'}) CALL refactor.from(r, c) YIELD relationship"
                + " RETURN startNode(relationship).n, endNode(relationship).n, relationship.w"))
                .containsExactly(row("c", "b", 1L));
        assertThat(db.values("MATCH ()-[r:R]->(), (a {n: 'a'}) CALL refactor.to(r, a) YIELD relationship"
                + " RETURN startNode(relationship).n, endNode(relationship).n")).containsExactly(row("c", "a"));
        long old = (Long) db.single("MATCH ()-[r:R]->() RETURN id(r)");
        assertThat(db.values("MATCH ()-[r:R]->() CALL refactor.invert(r) YIELD input, output, error"
                + " RETURN input, startNode(output).n, endNode(output).n, output.w, error"))
                .containsExactly(row(old, "a", "c", 1L, null));
        assertThat(db.lastStats).containsEntry("relationships-created", 1L).containsEntry("relationships-deleted", 1L);
        assertThat(db.single("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(1L);
        assertThat(db.typeOf("MATCH ()-[r]->() CALL refactor.invert(r) YIELD output RETURN output"))
                .isEqualTo(QueryType.READ_WRITE);
        assertThatThrownBy(() -> db.run("MATCH ()-[r:R]->() CALL refactor.from(r, null) YIELD relationship"
                + " RETURN relationship")).hasMessageContaining("refactor.from expects a NODE for `new_from`");
        assertThatThrownBy(() -> db.run("CALL refactor.invert(null) YIELD output RETURN output"))
                .hasMessageContaining("a RELATIONSHIP for `relationship`");
    }

    @Test
    void cloneNodesAndMergeNodes() {
        db.run("CREATE (a:P {name: 'a', x: 1})-[:K {s: 1}]->(b:P {name: 'b'})");
        assertThat(db.values("MATCH (a {name: 'a'}) CALL refactor.clone_nodes([a], true, ['x'])"
                + " YIELD output RETURN labels(output), properties(output)"))
                .containsExactly(row(List.of("P"), Map.of("name", "a")));
        assertThat(db.single("MATCH (:P {name: 'a'})-[k:K]->(:P {name: 'b'}) RETURN count(k)")).isEqualTo(2L);
        assertThat(db.values("MATCH (a:P {name: 'a'}) WITH collect(a) AS ns"
                + " CALL refactor.merge_nodes(ns, {properties: 'combine', mergeRels: true}) YIELD node"
                + " RETURN node.name, node.x")).containsExactly(row("a", 1L));
        assertThat(db.values("MATCH (a)-[k:K]->(b) RETURN a.name, k.s, b.name")).containsExactly(row("a", 1L, "b"));
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(2L);
        assertThatThrownBy(() -> db.run("CALL refactor.clone_nodes(null) YIELD output RETURN output"))
                .hasMessageContaining("a LIST for `nodes`");
    }

    @Test
    void collapseAndExtractNode() {
        db.run("CREATE (:P {n: 'a'})-[:IN]->(:M {y: 2})-[:OUT]->(:P {n: 'b'})");
        assertThat(db.values("MATCH (m:M) CALL refactor.collapse_node(m, 'VIA') YIELD id_collapsed, new_relationship"
                + " RETURN type(new_relationship), new_relationship.y")).containsExactly(row("VIA", 2L));
        assertThatThrownBy(() -> db.run("MATCH (a {n: 'a'}) CALL refactor.collapse_node(a, 'X')"
                + " YIELD id_collapsed RETURN id_collapsed")).hasMessageContaining("1 outgoing and 0 incoming");
        assertThat(db.values("MATCH ()-[r:VIA]->() CALL refactor.extract_node(r, ['M'], 'OUT', 'IN')"
                + " YIELD output RETURN labels(output), output.y")).containsExactly(row(List.of("M"), 2L));
        assertThat(db.values("MATCH (a)-[:IN]->(m:M)-[:OUT]->(b) RETURN a.n, b.n")).containsExactly(row("a", "b"));
    }

    @Test
    void rolledBackWithTheTransaction() {
        db.run("CREATE (:Old)-[:T]->(:Old)");
        Transaction tx = db.storage.begin();
        db.runIn(tx, "MATCH ()-[t]->() CALL refactor.invert(t) YIELD output RETURN output");
        db.runIn(tx, "MATCH (n) WITH collect(n) AS ns CALL refactor.rename_label('Old', 'New', ns)"
                + " YIELD nodes_changed RETURN nodes_changed");
        assertThat(db.runIn(tx, "MATCH (n:New) RETURN count(n) AS c")).containsExactly(Map.of("c", 2L));
        tx.close();
        assertThat(db.single("MATCH (n:Old) RETURN count(n)")).isEqualTo(2L);
    }

    @Test
    void listedAsWrites() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'refactor.'"
                + " RETURN name, mode ORDER BY name")).containsExactly(
                row("refactor.clone_nodes", "WRITE"), row("refactor.collapse_node", "WRITE"),
                row("refactor.extract_node", "WRITE"), row("refactor.from", "WRITE"), row("refactor.invert", "WRITE"),
                row("refactor.merge_nodes", "WRITE"), row("refactor.rename_label", "WRITE"),
                row("refactor.rename_node_property", "WRITE"), row("refactor.rename_type", "WRITE"),
                row("refactor.rename_type_property", "WRITE"), row("refactor.to", "WRITE"));
        assertThat(db.values("CALL mg.procedures() YIELD name, is_write WITH name, is_write"
                + " WHERE name = 'refactor.rename_label' RETURN is_write")).containsExactly(row(true));
        assertThat(db.single("SHOW PROCEDURES YIELD name, signature WHERE name = 'refactor.rename_label'"
                + " RETURN signature")).isEqualTo("refactor.rename_label(old_label :: STRING, new_label :: STRING,"
                        + " nodes :: LIST<NODE>) :: (nodes_changed :: INTEGER)");
    }
}

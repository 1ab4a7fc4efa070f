package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.RejectReason;
import io.memgraph.ha.storage.Transaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * APOC's {@code apoc.refactor.*}: each procedure's rows, the graph afterwards (read back by later
 * queries, so the changes went through the transaction's write set), the summary counters,
 * mergeNodes' settings, rollback with the transaction, a constraint broken by a merge refusing the
 * commit, and the errors.
 */
class ApocRefactorProceduresTest {
    private final Db db = new Db();

    private long id(String query) {
        return (Long) db.single(query);
    }

    @Test
    void setTypeRecreatesTheRelationshipWithTheNewType() {
        db.run("CREATE (:A {n: 'a'})-[:OLD {w: 1, s: 'x'}]->(:B {n: 'b'})");
        long old = id("MATCH ()-[r:OLD]->() RETURN id(r)");
        assertThat(db.values("MATCH ()-[r:OLD]->() CALL apoc.refactor.setType(r, 'NEW') YIELD input, output, error"
                + " RETURN input, type(output), properties(output), startNode(output).n, endNode(output).n, error"))
                .containsExactly(row(old, "NEW", Map.of("w", 1L, "s", "x"), "a", "b", null));
        assertThat(db.lastStats).containsEntry("relationships-created", 1L).containsEntry("relationships-deleted", 1L)
                .containsEntry("properties-set", 2L);
        assertThat(db.values("MATCH (a)-[r]->(b) RETURN a.n, type(r), r.w, b.n")).containsExactly(row("a", "NEW", 1L, "b"));
        assertThat(db.values("CALL apoc.refactor.setType(null, 'X') YIELD output RETURN output")).isEmpty();
        assertThat(db.typeOf("MATCH ()-[r]->() CALL apoc.refactor.setType(r, 'X') YIELD output RETURN output"))
                .isEqualTo(QueryType.READ_WRITE);
        assertThatThrownBy(() -> db.run("MATCH ()-[r:NEW]->() CALL apoc.refactor.setType(r, null) YIELD output"
                + " RETURN output")).isInstanceOf(CypherException.class)
                .hasMessageContaining("apoc.refactor.setType expects a STRING for `newType` but got null");
        assertThatThrownBy(() -> db.run("MATCH ()-[r:NEW]->() CALL apoc.refactor.setType(r, '') YIELD output"
                + " RETURN output")).hasMessageContaining("`newType` must not be the empty string");
        assertThatThrownBy(() -> db.run("CALL apoc.refactor.setType('x', 'T') YIELD output RETURN output"))
                .hasMessageContaining("expects a Relationship, a relationship id or an element id for `rel`");
        // deleted earlier in the same transaction
        assertThatThrownBy(() -> db.run("MATCH ()-[r:NEW]->() DELETE r WITH r CALL apoc.refactor.setType(r, 'T')"
                + " YIELD output RETURN output")).hasMessageContaining("does not exist (it was deleted, or never was)");
        assertThat(db.single("MATCH ()-[r:NEW]->() RETURN count(r)")).isEqualTo(1L);
    }

    @Test
    void invertFromAndToMoveEndpointsKeepingTypeAndProperties() {
        db.run("CREATE (:N {n: 'a'})-[:R {w: 1}]->(:N {n: 'b'}), (:N {n: 'c'})");
        assertThat(db.values("MATCH ()-[r:R]->() CALL apoc.refactor.invert(r) YIELD output"
                + " RETURN startNode(output).n, endNode(output).n, output.w")).containsExactly(row("b", "a", 1L));
        assertThat(db.values("MATCH ()-[r:R]->(), (c {n: 'c'}) CALL apoc.refactor.from(r, c) YIELD output"
                + " RETURN startNode(output).n, endNode(output).n")).containsExactly(row("c", "a"));
        assertThat(db.values("MATCH ()-[r:R]->(), (b {n: 'b'}) CALL apoc.refactor.to(r, b, {failOnErrors: true})"
                + " YIELD output RETURN startNode(output).n, endNode(output).n")).containsExactly(row("c", "b"));
        assertThat(db.values("MATCH (x)-[r]->(y) RETURN x.n, type(r), r.w, y.n")).containsExactly(row("c", "R", 1L, "b"));
        assertThat(db.single("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(1L);
        assertThat(db.values("MATCH ()-[r:R]->() CALL apoc.refactor.to(r, null) YIELD output RETURN output")).isEmpty();
        assertThatThrownBy(() -> db.run("MATCH ()-[r:R]->() CALL apoc.refactor.to(r, 'n') YIELD output RETURN output"))
                .hasMessageContaining("`endNode`");
        assertThatThrownBy(() -> db.run("MATCH ()-[r:R]->(), (a {n: 'a'}) DETACH DELETE a WITH r, a"
                + " CALL apoc.refactor.from(r, a) YIELD output RETURN output")).hasMessageContaining("does not exist");
    }

    @Test
    void cloneNodesWithAndWithoutRelationships() {
        db.run("CREATE (a:P:Q {name: 'a', secret: 1})-[:KNOWS {since: 2}]->(b:P {name: 'b'}), (a)-[:SELF]->(a)");
        long a = id("MATCH (a {name: 'a'}) RETURN id(a)");
        assertThat(db.values("MATCH (a {name: 'a'}) CALL apoc.refactor.cloneNodes([a], false, ['secret'])"
                + " YIELD input, output, error RETURN input, labels(output), properties(output), error"))
                .containsExactly(row(a, List.of("P", "Q"), Map.of("name", "a"), null));
        assertThat(db.lastStats).containsEntry("nodes-created", 1L).containsEntry("labels-added", 2L)
                .containsEntry("properties-set", 1L).doesNotContainKey("relationships-created");
        db.run("MATCH (n) WHERE n.name = 'a' AND n.secret IS NULL DETACH DELETE n");
        db.run("MATCH (a {name: 'a'}) CALL apoc.refactor.cloneNodes([a], true) YIELD output SET output.copy = true");
        assertThat(db.lastStats).containsEntry("relationships-created", 2L);
        assertThat(db.values("MATCH (c {copy: true})-[r]->(x) RETURN type(r), r.since, x = c, x.name ORDER BY type(r)"))
                .containsExactly(row("KNOWS", 2L, false, "b"), row("SELF", null, true, "a"));
        assertThat(db.single("MATCH (c {copy: true}) RETURN c.secret")).isEqualTo(1L);
        assertThat(db.single("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(4L);
        assertThat(db.values("CALL apoc.refactor.cloneNodes(null) YIELD output RETURN output")).isEmpty();
        assertThatThrownBy(() -> db.run("MATCH (a {name: 'b'}) CALL apoc.refactor.cloneNodes([a], 'yes')"
                + " YIELD output RETURN output")).hasMessageContaining("withRelationships").hasMessageContaining("BOOLEAN");
        assertThatThrownBy(() -> db.run("MATCH (a {name: 'b'}) CALL apoc.refactor.cloneNodes(a) YIELD output"
                + " RETURN output")).hasMessageContaining("a LIST for `nodes`");
    }

    /** (a:A {name:'a', age:1})-[:R]->(x), (b:B {name:'b', age:2, extra:true})-[:R]->(x), (y)-[:S]->(b), (a)-[:T]->(b). */
    private void mergeGraph() {
        db.run("CREATE (a:A {name: 'a', age: 1}), (b:B {name: 'b', age: 2, extra: true}), (x:X {name: 'x'}),"
                + " (y:Y {name: 'y'}), (a)-[:R {w: 1}]->(x), (b)-[:R {w: 2}]->(x), (y)-[:S]->(b), (a)-[:T]->(b)");
    }

    @Test
    void mergeNodesMovesRelationshipsLabelsAndPropertiesOntoTheFirst() {
        mergeGraph();
        long a = id("MATCH (a:A) RETURN id(a)");
        assertThat(db.values("MATCH (a:A), (b:B) CALL apoc.refactor.mergeNodes([a, b]) YIELD node"
                + " RETURN id(node), labels(node), properties(node)"))
                .containsExactly(row(a, List.of("A", "B"), Map.of("name", "b", "age", 2L, "extra", true)));
        assertThat(db.lastStats).containsEntry("nodes-deleted", 1L).containsEntry("labels-added", 1L)
                .containsEntry("relationships-created", 3L).containsEntry("relationships-deleted", 3L);
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(3L);
        // b's relationships now a's; a -[:T]-> b became a self-loop (produceSelfRel defaults to true)
        assertThat(db.values("MATCH (s)-[r]->(e) RETURN s.name, type(r), r.w, e.name ORDER BY type(r), r.w"))
                .containsExactly(row("b", "R", 1L, "x"), row("b", "R", 2L, "x"), row("y", "S", null, "b"),
                        row("b", "T", null, "b"));
    }

    @Test
    void mergeNodesPropertyModes() {
        String merge = "MATCH (a:A), (b:B) CALL apoc.refactor.mergeNodes([a, b], $config) YIELD node"
                + " RETURN properties(node)";
        mergeGraph();
        assertThat(db.single(merge, "config", Map.of("properties", "discard")))
                .isEqualTo(Map.of("name", "a", "age", 1L, "extra", true));
        db.run("MATCH (n) DETACH DELETE n");
        mergeGraph();
        assertThat(db.single(merge, "config", Map.of("properties", "override")))
                .isEqualTo(Map.of("name", "b", "age", 2L, "extra", true));
        db.run("MATCH (n) DETACH DELETE n");
        mergeGraph();
        assertThat(db.single(merge, "config", Map.of("properties", "combine")))
                .isEqualTo(Map.of("name", List.of("a", "b"), "age", List.of(1L, 2L), "extra", true));
        db.run("MATCH (n) DETACH DELETE n");
        mergeGraph();
        // per key, by regular expression; values of different types combine as strings, as APOC does
        db.run("MATCH (b:B) SET b.age = '2'");
        assertThat(db.single(merge, "config", Map.of("properties", Map.of("na.*", "discard", "age", "combine"))))
                .isEqualTo(Map.of("name", "a", "age", List.of("1", "2"), "extra", true));
        assertThatThrownBy(() -> db.run("CALL apoc.refactor.mergeNodes([], {properties: 'merge'}) YIELD node"
                + " RETURN node")).hasMessageContaining("must be one of 'discard', 'overwrite', 'override' or"
                        + " 'combine', not 'merge'");
        assertThatThrownBy(() -> db.run("CALL apoc.refactor.mergeNodes([], {mergeRels: 'yes'}) YIELD node"
                + " RETURN node")).hasMessageContaining("a BOOLEAN for `config.mergeRels`");
        assertThat(db.values("CALL apoc.refactor.mergeNodes([]) YIELD node RETURN node")).isEmpty();
    }

    @Test
    void mergeNodesMergeRelsAndSelfRelationships() {
        mergeGraph();
        db.run("MATCH (a:A), (b:B) CALL apoc.refactor.mergeNodes([a, b], {mergeRels: true, produceSelfRel: false})"
                + " YIELD node RETURN node");
        // the two :R to x merged into one, their properties combined (relationships' default); no self-loop
        assertThat(db.values("MATCH (s)-[r]->(e) RETURN s.name, type(r), r.w, e.name ORDER BY type(r)"))
                .containsExactly(row("b", "R", List.of(1L, 2L), "x"), row("y", "S", null, "b"));
        db.run("MATCH (n) DETACH DELETE n");
        // a's own self-loop is kept apart from mergeRels (preserveExistingSelfRels)
        db.run("CREATE (a:A {name: 'a'})-[:L {k: 1}]->(a), (b:B {name: 'b'})-[:L {k: 2}]->(b)");
        db.run("MATCH (a:A), (b:B) CALL apoc.refactor.mergeNodes([a, b], {mergeRels: true}) YIELD node RETURN node");
        assertThat(db.values("MATCH (s)-[r:L]->(e) RETURN s = e, r.k ORDER BY r.k"))
                .containsExactly(row(true, 1L), row(true, 2L));
    }

    @Test
    void mergeNodesRollsBackWithTheTransactionAndRefusesToBreakAConstraint() {
        mergeGraph();
        Transaction tx = db.storage.begin();
        db.runIn(tx, "MATCH (a:A), (b:B) CALL apoc.refactor.mergeNodes([a, b]) YIELD node RETURN node");
        assertThat(db.runIn(tx, "MATCH (n) RETURN count(n) AS c")).containsExactly(Map.of("c", 3L));
        tx.close(); // rolled back
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(4L);
        assertThat(db.single("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(4L);

        // z keeps its name 'b' (discard) and takes q's label :B: b already has that name
        db.run("CREATE CONSTRAINT FOR (n:B) REQUIRE n.name IS UNIQUE");
        db.run("CREATE (:Z {name: 'b'}), (:Q:B {name: 'q'})");
        Db.Result r = db.runResult("MATCH (z:Z), (q:Q) CALL apoc.refactor.mergeNodes([z, q], {properties: 'discard'})"
                + " YIELD node RETURN labels(node)");
        assertThat((List<Object>) r.rows().get(0).get("labels(node)")).containsExactlyInAnyOrder("Z", "Q", "B");
        assertThat(r.commit().committed()).isFalse();
        assertThat(r.commit().reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(6L);
        assertThat(db.values("MATCH (z:Z) RETURN labels(z), z.name")).containsExactly(row(List.of("Z"), "b"));
        assertThat(db.values("MATCH (q:Q:B) RETURN q.name")).containsExactly(row("q"));
    }

    @Test
    void mergeRelationshipsCombinesPropertiesOntoTheFirst() {
        db.run("CREATE (a:N {n: 'a'}), (b:N {n: 'b'}), (a)-[:R {w: 1, k: 'x'}]->(b), (a)-[:R {w: 2}]->(b),"
                + " (b)-[:R {w: 3}]->(a)");
        assertThat(db.values("MATCH (:N {n: 'a'})-[r:R]->(:N {n: 'b'}) WITH r ORDER BY r.w WITH collect(r) AS rs"
                + " CALL apoc.refactor.mergeRelationships(rs) YIELD rel RETURN properties(rel)"))
                .containsExactly(row(Map.of("w", List.of(1L, 2L), "k", "x")));
        assertThat(db.lastStats).containsEntry("relationships-deleted", 1L);
        assertThat(db.single("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(2L);
    }

    @Test
    void mergeRelationshipsRefusesDifferentEndpoints() {
        db.run("CREATE (a:N)-[:R]->(b:N), (b)-[:R]->(a)");
        assertThatThrownBy(() -> db.run("MATCH ()-[r:R]->() WITH collect(r) AS rs"
                + " CALL apoc.refactor.mergeRelationships(rs) YIELD rel RETURN rel"))
                .hasMessageContaining("All Relationships must have the same start and end nodes.");
        assertThat(db.single("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(2L);
    }

    @Test
    void renameLabelTypeAndProperties() {
        db.run("CREATE (a:Old {k: 1})-[:OT {p: 1}]->(b:Old {k: 2}), (c:Other {k: 3})-[:OT {q: 1}]->(a)");
        db.run("CREATE INDEX old_k FOR (n:Old) ON (n.k)");
        List<Map<String, Object>> rows = db.run("CALL apoc.refactor.rename.label('Old', 'New') YIELD batches, total,"
                + " committedOperations, failedOperations, failedBatches, retries, errorMessages, batch, operations,"
                + " constraints, indexes RETURN *");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("batches", 1L).containsEntry("total", 2L)
                .containsEntry("committedOperations", 2L).containsEntry("failedOperations", 0L)
                .containsEntry("errorMessages", Map.of()).containsEntry("constraints", List.of())
                .containsEntry("operations", Map.of("total", 2L, "committed", 2L, "failed", 0L, "errors", Map.of()));
        assertThat(rows.get(0).get("indexes").toString()).contains("name='old_k'", "schema=(:Old {k})");
        assertThat(db.lastStats).containsEntry("labels-added", 2L).containsEntry("labels-removed", 2L);
        assertThat(db.single("MATCH (n:New) RETURN count(n)")).isEqualTo(2L);
        // on the given nodes only
        assertThat(db.single("MATCH (c:Other) CALL apoc.refactor.rename.label('New', 'X', [c]) YIELD total"
                + " RETURN total")).isEqualTo(0L);
        assertThat(db.single("MATCH (c:Other) WITH collect(c) AS cs"
                + " CALL apoc.refactor.rename.label('Other', 'X', cs) YIELD total RETURN total")).isEqualTo(1L);
        assertThat(db.values("MATCH (n) RETURN labels(n) ORDER BY n.k"))
                .containsExactly(row(List.of("New")), row(List.of("New")), row(List.of("X")));

        assertThat(db.single("CALL apoc.refactor.rename.type('OT', 'NT') YIELD total RETURN total")).isEqualTo(2L);
        assertThat(db.values("MATCH (s)-[r]->(e) RETURN s.k, type(r), properties(r), e.k ORDER BY s.k"))
                .containsExactly(row(1L, "NT", Map.of("p", 1L), 2L), row(3L, "NT", Map.of("q", 1L), 1L));

        assertThat(db.single("CALL apoc.refactor.rename.nodeProperty('k', 'key') YIELD total RETURN total"))
                .isEqualTo(3L);
        assertThat(db.single("MATCH (n) WHERE n.k IS NOT NULL RETURN count(n)")).isEqualTo(0L);
        assertThat(db.values("MATCH (n) RETURN n.key ORDER BY n.key")).containsExactly(row(1L), row(2L), row(3L));
        assertThat(db.single("MATCH ()-[r {p: 1}]->() WITH collect(r) AS rs"
                + " CALL apoc.refactor.rename.typeProperty('p', 'q', rs) YIELD total RETURN total")).isEqualTo(1L);
        assertThat(db.values("MATCH ()-[r]->() RETURN r.q, r.p")).containsExactly(row(1L, null), row(1L, null));
        assertThatThrownBy(() -> db.run("CALL apoc.refactor.rename.label(null, 'X') YIELD total RETURN total"))
                .hasMessageContaining("expects a STRING for `oldLabel` but got null");
        assertThatThrownBy(() -> db.run("CALL apoc.refactor.rename.type('NT', $t) YIELD total RETURN total", "t", 1L))
                .hasMessageContaining("expects a STRING for `newType` but got Integer");
    }

    @Test
    void renameRunsInTheCallersTransaction() {
        db.run("CREATE (:Old), (:Old)");
        Transaction tx = db.storage.begin();
        db.runIn(tx, "CALL apoc.refactor.rename.label('Old', 'New') YIELD total RETURN total");
        assertThat(db.runIn(tx, "MATCH (n:New) RETURN count(n) AS c")).containsExactly(Map.of("c", 2L));
        tx.close();
        assertThat(db.single("MATCH (n:Old) RETURN count(n)")).isEqualTo(2L);
    }

    @Test
    void collapseAndExtractNode() {
        db.run("CREATE (a:P {n: 'a'})-[:IN {x: 1}]->(m:Mid {n: 'm', y: 2})-[:OUT {z: 3}]->(b:P {n: 'b'})");
        long m = id("MATCH (m:Mid) RETURN id(m)");
        assertThat(db.values("MATCH (m:Mid) CALL apoc.refactor.collapseNode(m, 'VIA') YIELD input, output, error"
                + " RETURN input, startNode(output).n, type(output), properties(output), endNode(output).n, error"))
                .containsExactly(row(m, "a", "VIA", Map.of("x", 1L, "n", "m", "y", 2L, "z", 3L), "b", null));
        assertThat(db.lastStats).containsEntry("nodes-deleted", 1L).containsEntry("relationships-deleted", 2L)
                .containsEntry("relationships-created", 1L);
        long a = id("MATCH (a {n: 'a'}) RETURN id(a)");
        List<List<Object>> refused = db.values("MATCH (a {n: 'a'}) CALL apoc.refactor.collapseNode([a], 'X')"
                + " YIELD input, output, error RETURN input, output, error");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).subList(0, 2)).containsExactly(a, null);
        assertThat((String) refused.get(0).get(2)).contains("1 outgoing and 0 incoming");

        assertThat(db.values("MATCH ()-[r:VIA]->() CALL apoc.refactor.extractNode(r, ['Mid'], 'OUT', 'IN')"
                + " YIELD output RETURN labels(output), properties(output)"))
                .containsExactly(row(List.of("Mid"), Map.of("x", 1L, "n", "m", "y", 2L, "z", 3L)));
        assertThat(db.values("MATCH (a)-[i]->(m:Mid)-[o]->(b) RETURN a.n, type(i), type(o), b.n"))
                .containsExactly(row("a", "IN", "OUT", "b"));
        assertThatThrownBy(() -> db.run("MATCH ()-[r:IN]->() CALL apoc.refactor.extractNode(r, ['M'], null, 'I')"
                + " YIELD output RETURN output")).hasMessageContaining("`outType`");
    }

    @Test
    void showProceduresListsThemAsWrites() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'apoc.refactor.'"
                + " RETURN name, mode ORDER BY name")).containsExactly(
                row("apoc.refactor.cloneNodes", "WRITE"), row("apoc.refactor.collapseNode", "WRITE"),
                row("apoc.refactor.extractNode", "WRITE"), row("apoc.refactor.from", "WRITE"),
                row("apoc.refactor.invert", "WRITE"), row("apoc.refactor.mergeNodes", "WRITE"),
                row("apoc.refactor.mergeRelationships", "WRITE"), row("apoc.refactor.rename.label", "WRITE"),
                row("apoc.refactor.rename.nodeProperty", "WRITE"), row("apoc.refactor.rename.type", "WRITE"),
                row("apoc.refactor.rename.typeProperty", "WRITE"), row("apoc.refactor.setType", "WRITE"),
                row("apoc.refactor.to", "WRITE"));
        assertThat(db.single("SHOW PROCEDURES YIELD name, signature WHERE name = 'apoc.refactor.cloneNodes'"
                + " RETURN signature")).isEqualTo("apoc.refactor.cloneNodes(nodes :: LIST<NODE>, withRelationships"
                        + " = false :: BOOLEAN, skipProperties = [] :: LIST<STRING>) :: (input :: INTEGER, output ::"
                        + " NODE, error :: STRING)");
    }
}

package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * APOC's writing procedures: what they write (read back by later queries, so it went through the
 * transaction's write set), the summary counters, that a query calling one is a write, and the
 * exact import queries of LangChain's {@code Neo4jGraph.add_graph_documents} and LlamaIndex's
 * {@code Neo4jPropertyGraphStore.upsert_*}.
 */
class ApocWriteProceduresTest {
    private final Db db = new Db();

    @Test
    void createNodeAndRelationshipWithDynamicLabelsAndType() {
        assertThat(db.values("CALL apoc.create.node(['Person', 'Actor'], {name: 'Ann', age: 30, gone: null})"
                + " YIELD node RETURN labels(node), properties(node)"))
                .containsExactly(row(List.of("Person", "Actor"), Map.of("name", "Ann", "age", 30L)));
        assertThat(db.lastStats).containsEntry("nodes-created", 1L).containsEntry("labels-added", 2L)
                .containsEntry("properties-set", 2L);
        db.run("CALL apoc.create.node(['Person'], {name: 'Bob'})");
        assertThat(db.values("MATCH (a {name: 'Ann'}), (b {name: 'Bob'})"
                + " CALL apoc.create.relationship(a, 'KNOWS', {since: 2020}, b) YIELD rel"
                + " RETURN type(rel), rel.since, startNode(rel).name, endNode(rel).name"))
                .containsExactly(row("KNOWS", 2020L, "Ann", "Bob"));
        assertThat(db.lastStats).containsEntry("relationships-created", 1L).containsEntry("properties-set", 1L);
        assertThat(db.single("MATCH (:Person:Actor)-[r:KNOWS]->(:Person) RETURN count(r)")).isEqualTo(1L);
        assertThat(db.typeOf("CALL apoc.create.node(['X'], {})")).isEqualTo(QueryType.READ_WRITE);
        assertThat(db.typeOf("UNWIND [1] AS i CALL apoc.create.node(['X'], {i: i}) YIELD node RETURN node"))
                .isEqualTo(QueryType.READ_WRITE);
        assertThat(db.typeOf("CALL apoc.meta.stats()")).isEqualTo(QueryType.READ_ONLY);
    }

    @Test
    void mergeNodeMatchesOrCreates() {
        String merge = "UNWIND $rows AS row CALL apoc.merge.node(['Person'], {id: row.id}, {created: true},"
                + " {matched: true}) YIELD node RETURN node.id, node.created, node.matched";
        assertThat(db.values(merge, "rows", List.of(Map.of("id", 1L), Map.of("id", 2L))))
                .containsExactly(row(1L, true, null), row(2L, true, null));
        assertThat(db.lastStats).containsEntry("nodes-created", 2L).containsEntry("labels-added", 2L)
                .containsEntry("properties-set", 4L);
        assertThat(db.values(merge, "rows", List.of(Map.of("id", 1L), Map.of("id", 3L))))
                .containsExactly(row(1L, true, true), row(3L, true, null));
        assertThat(db.lastStats).containsEntry("nodes-created", 1L);
        assertThat(db.single("MATCH (p:Person) RETURN count(p)")).isEqualTo(3L);
        // 1 and 1.0 are one value, as in MERGE; with an index the same
        db.run("CREATE INDEX FOR (p:Person) ON (p.id)");
        assertThat(db.values("CALL apoc.merge.node(['Person'], {id: 1.0}) YIELD node RETURN node.id"))
                .containsExactly(row(1L));
        assertThatThrownBy(() -> db.run("CALL apoc.merge.node(['Person'], {id: null})"))
                .isInstanceOf(CypherException.class).hasMessageContaining("null property value for 'id'");
        assertThatThrownBy(() -> db.run("CALL apoc.merge.node(['Person'], {})"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("you need to supply at least one identifying property for a merge")
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Procedure.ProcedureCallFailed"));
        assertThatThrownBy(() -> db.run("CALL apoc.merge.node('Person', {id: 1})"))
                .hasMessageContaining("expects a LIST<STRING> of labels");
        assertThatThrownBy(() -> db.run("CALL apoc.merge.node([''], {id: 1})"))
                .hasMessageContaining("is not a valid label or relationship type name");
    }

    @Test
    void mergeRelationshipMatchesOrCreates() {
        db.run("CREATE (:A {id: 1}), (:B {id: 2})");
        String merge = "MATCH (a:A), (b:B) CALL apoc.merge.relationship(a, 'LIKES', {kind: 'x'}, {n: 1}, b, {m: 2})"
                + " YIELD rel RETURN rel.kind, rel.n, rel.m";
        assertThat(db.values(merge)).containsExactly(row("x", 1L, null));
        assertThat(db.lastStats).containsEntry("relationships-created", 1L).containsEntry("properties-set", 2L);
        assertThat(db.values(merge)).containsExactly(row("x", 1L, 2L));
        assertThat(db.lastStats).doesNotContainKey("relationships-created");
        // empty identifying properties are allowed for relationships (LlamaIndex passes {})
        db.run("MATCH (a:A), (b:B) CALL apoc.merge.relationship(a, 'LIKES', {}, {}, b) YIELD rel RETURN rel");
        assertThat(db.single("MATCH ()-[r:LIKES]->() RETURN count(r)")).isEqualTo(1L);
        assertThatThrownBy(() -> db.run("MATCH (a:A), (b:B) CALL apoc.merge.relationship(a, '', {}, {}, b)"
                + " YIELD rel RETURN rel")).hasMessageContaining("without a relationship type");
        assertThatThrownBy(() -> db.run("MATCH (b:B) CALL apoc.merge.relationship(42000, 'T', {}, {}, b)"
                + " YIELD rel RETURN rel")).hasMessageContaining("node 42000 does not exist");
        assertThatThrownBy(() -> db.run("MATCH (b:B) CALL apoc.merge.relationship('x', 'T', {}, {}, b)"
                + " YIELD rel RETURN rel")).hasMessageContaining("expects a Node, a node id or an element id");
    }

    @Test
    void labelsAndPropertiesOnNodesGivenAsNodesIdsOrLists() {
        db.run("CREATE (:N {i: 1}), (:N {i: 2})");
        assertThat(db.values("MATCH (n:N) WITH collect(n) AS ns CALL apoc.create.addLabels(ns, ['X', 'Y'])"
                + " YIELD node RETURN node.i ORDER BY node.i")).containsExactly(row(1L), row(2L));
        assertThat(db.lastStats).containsEntry("labels-added", 4L);
        assertThat(db.single("MATCH (n:N:X:Y) RETURN count(n)")).isEqualTo(2L);
        assertThat(db.values("MATCH (n:N {i: 1}) CALL apoc.create.removeLabels(id(n), ['X', 'Absent'])"
                + " YIELD node RETURN labels(node)")).containsExactly(row(List.of("N", "Y")));
        assertThat(db.lastStats).containsEntry("labels-removed", 1L);
        assertThat(db.values("MATCH (n:N {i: 1}) CALL apoc.create.setProperty(elementId(n), 'k', 'v')"
                + " YIELD node RETURN node.k")).containsExactly(row("v"));
        assertThat(db.values("MATCH (n:N {i: 2}) CALL apoc.create.setProperties(n, ['a', 'b'], [1, null])"
                + " YIELD node RETURN node.a, node.b")).containsExactly(row(1L, null));
        assertThat(db.lastStats).containsEntry("properties-set", 1L);
        assertThat(db.values("MATCH (n:N {i: 1}) CALL apoc.create.setProperty(n, 'k', null) YIELD node"
                + " RETURN node.k")).containsExactly(row((Object) null));
        assertThat(db.values("CALL apoc.create.addLabels(null, ['Z']) YIELD node RETURN node")).isEmpty();
        assertThatThrownBy(() -> db.run("MATCH (n:N) CALL apoc.create.setProperties(n, ['a'], [1, 2])"
                + " YIELD node RETURN node")).hasMessageContaining("same length");
        assertThatThrownBy(() -> db.run("MATCH (n:N) CALL apoc.create.setProperty(n, 'k', n) YIELD node RETURN node"))
                .hasMessageContaining("Property values can only be of primitive types");
        db.run("CREATE (:S)-[:R]->(:S)");
        assertThat(db.values("MATCH ()-[r:R]->() CALL apoc.create.setRelProperty(r, 'w', 3) YIELD rel RETURN rel.w"))
                .containsExactly(row(3L));
    }

    @Test
    void langchainAddGraphDocumentsQueries() {
        // langchain-neo4j's _get_node_import_query(baseEntityLabel=False, include_source=False)
        String nodes = "UNWIND $data AS row CALL apoc.merge.node([row.type], {id: row.id}, row.properties, {})"
                + " YIELD node RETURN distinct 'done' AS result";
        // _get_rel_import_query(baseEntityLabel=False)
        String rels = "UNWIND $data AS row "
                + "CALL apoc.merge.node([row.source_label], {id: row.source},{}, {}) YIELD node as source "
                + "CALL apoc.merge.node([row.target_label], {id: row.target},{}, {}) YIELD node as target "
                + "CALL apoc.merge.relationship(source, row.type, {}, row.properties, target) YIELD rel "
                + "RETURN distinct 'done'";
        assertThat(db.values(nodes, "data", List.of(
                Map.of("type", "Person", "id", "Marie", "properties", Map.of("born", 1867L)),
                Map.of("type", "Prize", "id", "Nobel", "properties", Map.of()))))
                .containsExactly(row("done"));
        assertThat(db.values(rels, "data", List.of(Map.of("source_label", "Person", "source", "Marie",
                "target_label", "Prize", "target", "Nobel", "type", "WON", "properties", Map.of("year", 1903L)))))
                .containsExactly(row("done"));
        assertThat(db.values("MATCH (p:Person)-[w:WON]->(z:Prize) RETURN p.id, p.born, w.year, z.id"))
                .containsExactly(row("Marie", 1867L, 1903L, "Nobel"));
        // langchain-community's baseEntityLabel form adds the type with apoc.create.addLabels
        db.values("UNWIND $data AS row MERGE (source:`__Entity__` {id: row.id}) SET source += row.properties"
                + " WITH source, row CALL apoc.create.addLabels( source, [row.type] ) YIELD node"
                + " RETURN distinct 'done' AS result", "data", List.of(Map.of("type", "City", "id", "Paris",
                "properties", Map.of())));
        assertThat(db.single("MATCH (c:__Entity__:City) RETURN c.id")).isEqualTo("Paris");
    }

    @Test
    void llamaIndexUpsertQueries() {
        String entities = "UNWIND $data AS row "
                + "MERGE (e:__Node__ {id: row.id}) "
                + "SET e += apoc.map.clean(row.properties, [], []) "
                + "SET e.name = row.name, e:`__Entity__` "
                + "WITH e, row "
                + "CALL apoc.create.addLabels(e, [row.label]) "
                + "YIELD node "
                + "WITH e, row "
                + "WITH e, row WHERE row.properties.triplet_source_id IS NOT NULL "
                + "MERGE (c:__Node__ {id: row.properties.triplet_source_id}) "
                + "MERGE (e)<-[:MENTIONS]-(c)";
        db.run(entities, "data", List.of(Map.of("id", "e1", "name", "Paris", "label", "CITY", "properties",
                new java.util.HashMap<>(Map.of("triplet_source_id", "c1", "score", 1L)))));
        assertThat(db.values("MATCH (e:__Node__:__Entity__:CITY)<-[:MENTIONS]-(c:__Node__) RETURN e.name, e.score, c.id"))
                .containsExactly(row("Paris", 1L, "c1"));
        String relations = "UNWIND $data AS row "
                + "MERGE (source: __Node__ {id: row.source_id}) "
                + "ON CREATE SET source:Chunk "
                + "MERGE (target: __Node__ {id: row.target_id}) "
                + "ON CREATE SET target:Chunk "
                + "WITH source, target, row "
                + "CALL apoc.merge.relationship(source, row.label, {}, row.properties, target) YIELD rel "
                + "RETURN count(*)";
        assertThat(db.single(relations, "data", List.of(Map.of("source_id", "e1", "target_id", "e2", "label",
                "IN", "properties", Map.of("w", 1L))))).isEqualTo(1L);
        assertThat(db.values("MATCH (:__Entity__ {id: 'e1'})-[r:IN]->(t:Chunk) RETURN r.w, t.id"))
                .containsExactly(row(1L, "e2"));
    }
}

package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.NodeValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queries Spring Data Neo4j sends (tool-compat-tests/spring-data-neo4j), reduced to what failed
 * here, and the rules they rely on.
 */
class SpringDataNeo4jQueriesTest {
    private final Db db = new Db();
    private long matrix;
    private long keanu;
    private long actedIn;

    @BeforeEach
    void graph() {
        db.run("CREATE (:Movie {title: 'The Matrix'})<-[:ACTED_IN {roles: ['Neo']}]-(:Person {name: 'Keanu'}),"
                + " (:Movie {title: 'Speed'})");
        matrix = (Long) db.run("MATCH (m:Movie {title: 'The Matrix'}) RETURN id(m) AS id").get(0).get("id");
        keanu = (Long) db.run("MATCH (p:Person) RETURN id(p) AS id").get(0).get("id");
        actedIn = (Long) db.run("MATCH ()-[r]->() RETURN id(r) AS id").get(0).get("id");
    }

    /**
     * SDN sends element ids that look like numbers back as INTEGERs (TemplateSupport
     * convertToLongIdOrStringElementId): an INTEGER compared with elementId() stands for that id.
     */
    @Test
    void integerElementIdsMatchTheirElement() {
        assertThat(db.values("MATCH (n:Movie) WHERE elementId(n) IN $ids RETURN n.title", "ids", List.of(matrix)))
                .containsExactly(row("The Matrix"));
        assertThat(db.values("MATCH (n) WHERE elementId(n) = $id RETURN n.title", "id", matrix))
                .containsExactly(row("The Matrix"));
        assertThat(db.values("MATCH (n:Movie) WHERE $id = elementId(n) RETURN n.title", "id", matrix))
                .containsExactly(row("The Matrix"));
        assertThat(db.values("MATCH (n:Movie) WHERE elementId(n) <> $id RETURN n.title", "id", matrix))
                .containsExactly(row("Speed"));
        assertThat(db.values("MATCH ()-[r]-() WHERE elementId(r) IN $ids RETURN DISTINCT r.roles",
                "ids", List.of(actedIn, 9999L))).containsExactly(row(List.of("Neo")));
        assertThat(db.values("MATCH (n) WHERE elementId(n) IN [" + matrix + ", 'x'] RETURN n.title"))
                .containsExactly(row("The Matrix"));
    }

    @Test
    void stringsAndOtherValuesCompareAsBefore() {
        String id = Long.toString(matrix);
        assertThat(db.values("MATCH (n) WHERE elementId(n) IN $ids RETURN n.title", "ids", List.of(id, "x")))
                .containsExactly(row("The Matrix"));
        assertThat(db.values("MATCH (n) WHERE elementId(n) = $id RETURN n.title", "id", id))
                .containsExactly(row("The Matrix"));
        // A float, a list or a map never equals an element id, as in Neo4j; null is unknown.
        assertThat(db.values("MATCH (n) WHERE elementId(n) = $id RETURN n", "id", (double) matrix)).isEmpty();
        assertThat(db.values("MATCH (n) WHERE elementId(n) = $id RETURN n", "id", List.of(matrix))).isEmpty();
        assertThat(db.values("MATCH (n:Movie {title: 'Speed'}) RETURN elementId(n) = null, elementId(n) IN [null, 'x']"))
                .containsExactly(row(null, null));
        assertThat(db.values("MATCH (n:Movie {title: 'Speed'}) RETURN elementId(n) IN $ids", "ids",
                Arrays.asList(matrix, null))).containsExactly(row((Object) null));
        // Only elementId() itself: its text in another expression, and id(), keep their types.
        assertThat(db.values("MATCH (n:Movie {title: 'The Matrix'}) RETURN toString(id(n)) = $id, id(n) = $text",
                "id", matrix, "text", id)).containsExactly(row(false, false));
        assertThatThrownBy(() -> db.run("MATCH (n) RETURN elementId(n) IN 5")).isInstanceOf(CypherException.class)
                .hasMessageContaining("Type mismatch: expected List<T> but was Integer");
        assertThatThrownBy(() -> db.run("MATCH (n) RETURN elementId(n) IN $x", "x", 5L)).isInstanceOf(CypherException.class)
                .hasMessageContaining("expected a List on the right of IN but was Integer");
    }

    @Test
    void columnsAndFunctionListUnchanged() {
        Db.Result r = db.runResult("MATCH (n:Movie {title: 'Speed'}) RETURN elementId(n) = 1 AS a, elementId(n) IN [1]");
        assertThat(r.rows()).singleElement().satisfies(m -> assertThat(m).containsOnlyKeys("a", "elementId(n) IN [1]"));
        assertThat(db.values("SHOW FUNCTIONS YIELD name WHERE name STARTS WITH 'elementId'"))
                .containsExactly(row("elementId"));
    }

    /** SDN finds every node by element id: a seek, not a scan of all nodes (the filter above still decides). */
    @Test
    void elementIdAndIdListsSeek() {
        assertThat(db.values("EXPLAIN MATCH (n) WHERE elementId(n) = $id RETURN n")).contains(row(" * ScanById (n)"));
        assertThat(db.values("EXPLAIN UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.toId RETURN n"))
                .contains(row(" * ScanById (n)"));
        assertThat(db.values("EXPLAIN MATCH (n:Movie) WHERE elementId(n) IN $ids RETURN n")).contains(row(" * ScanById (n)"));
        assertThat(db.values("EXPLAIN MATCH (n) WHERE id(n) IN $ids RETURN n")).contains(row(" * ScanById (n)"));
        assertThat(db.values("EXPLAIN OPTIONAL MATCH (n) WHERE elementId(n) IN $ids RETURN n"))
                .contains(row(" |  * ScanById (n)"));

        String m = Long.toString(matrix);
        assertThat(db.values("UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.toId RETURN n.title",
                "rows", List.of(Map.of("toId", m), Map.of("toId", "x"), Map.of("toId", matrix))))
                .containsExactly(row("The Matrix"), row("The Matrix"));
        // Each node once however often listed; other labels, unknown ids and other values find nothing.
        assertThat(db.values("MATCH (n:Movie) WHERE elementId(n) IN $ids RETURN n.title",
                "ids", Arrays.asList(m, matrix, m, Long.toString(keanu), "99999999999999999999", "-1", null, 1.5)))
                .containsExactly(row("The Matrix"));
        assertThat(db.values("MATCH (n) WHERE id(n) IN $ids RETURN n.name", "ids", List.of(keanu, keanu)))
                .containsExactly(row("Keanu"));
        assertThat(db.values("MATCH (n) WHERE id(n) IN $ids RETURN n", "ids", List.of(m))).isEmpty(); // id() is no text
        assertThat(db.values("MATCH (n) WHERE elementId(n) IN null RETURN n")).isEmpty();
        assertThat(db.values("OPTIONAL MATCH (n) WHERE elementId(n) IN [] RETURN n")).containsExactly(row((Object) null));
        // Not a list: the filter above the seek reports it (the seek looks at every node then).
        assertThatThrownBy(() -> db.run("MATCH (n) WHERE elementId(n) IN $x RETURN n", "x", 5L))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("expected a List on the right of IN but was Integer");
        assertThatThrownBy(() -> db.run("MATCH (n) WHERE id(n) IN $x RETURN n", "x", "x")).isInstanceOf(CypherException.class)
                .hasMessageContaining("expected a List on the right of IN but was String");
    }

    /** SDN loads relationships with {@code OPTIONAL MATCH ()-[r]-() WHERE elementId(r) IN $ids}: a seek, no scan. */
    @Test
    void relationshipIdsSeek() {
        String sdn = "OPTIONAL MATCH ()-[r]-() WHERE elementId(r) IN $ids RETURN r.roles";
        assertThat(db.values("EXPLAIN " + sdn)).contains(row(" |  * ScanRelationshipsById (anon0)-[r]-(anon1)"));
        assertThat(db.values("EXPLAIN MATCH (a)-[r:ACTED_IN]->(b) WHERE id(r) = $id RETURN a"))
                .contains(row(" * ScanRelationshipsById (a)-[r:ACTED_IN]->(b)"));
        // an undirected pattern matches a relationship both ways, as a scan would
        assertThat(db.values(sdn, "ids", List.of(actedIn))).containsExactly(row(List.of("Neo")), row(List.of("Neo")));
        assertThat(db.values(sdn, "ids", Arrays.asList(Long.toString(actedIn), actedIn, 99999L, "x", null)))
                .containsExactly(row(List.of("Neo")), row(List.of("Neo")));
        assertThat(db.values(sdn, "ids", List.of(actedIn + 1))).containsExactly(row((Object) null)); // the only one
        assertThat(db.values("MATCH (a)-[r:ACTED_IN]->(b) WHERE id(r) = $id RETURN a.name, b.title", "id", actedIn))
                .containsExactly(row("Keanu", "The Matrix"));
        assertThat(db.values("MATCH (a)<-[r]-(b) WHERE elementId(r) = $id RETURN a.title, b.name",
                "id", Long.toString(actedIn))).containsExactly(row("The Matrix", "Keanu"));
        // the type, the direction, the ends' labels and the other conditions still hold
        assertThat(db.values("MATCH ()-[r:DIRECTED]->() WHERE id(r) = $id RETURN r", "id", actedIn)).isEmpty();
        assertThat(db.values("MATCH (:Movie)-[r]->() WHERE id(r) = $id RETURN r", "id", actedIn)).isEmpty();
        assertThat(db.values("MATCH ()-[r {roles: ['Neo']}]->(m:Movie {title: 'Speed'}) WHERE id(r) = $id RETURN r",
                "id", actedIn)).isEmpty();
        assertThat(db.values("MATCH (p)-[r]->(p) WHERE id(r) = $id RETURN r", "id", actedIn)).isEmpty();
        assertThat(db.values("MATCH ()-[r]->() WHERE id(r) = $id RETURN r", "id", "x")).isEmpty();
        // a relationship a transaction created or deleted, as that transaction sees it
        assertThat(db.values("MATCH (p:Person), (m:Movie {title: 'Speed'}) CREATE (p)-[r:ACTED_IN]->(m)"
                + " WITH id(r) AS id MATCH (a)-[s]->(b) WHERE id(s) = id RETURN a.name, b.title"))
                .containsExactly(row("Keanu", "Speed"));
        assertThat(db.values("MATCH ()-[r]->() WHERE id(r) = $id DELETE r WITH count(*) AS deleted"
                + " OPTIONAL MATCH ()-[s]->() WHERE id(s) = $id RETURN deleted, s", "id", actedIn))
                .containsExactly(row(1L, null));
        assertThatThrownBy(() -> db.run("MATCH ()-[r]-() WHERE elementId(r) IN $x RETURN r", "x", 5L))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("expected a List on the right of IN but was Integer");
    }

    /** The query SDN loads an entity and its related ones with, as it sends it (ids as INTEGERs). */
    @Test
    void nodesAndRelationshipsByIdAsSdnSendsIt() {
        List<Map<String, Object>> rows = db.run("MATCH (rootNodeIds:`Movie`) WHERE elementId(rootNodeIds) IN $rootNodeIds "
                        + "WITH collect(rootNodeIds) AS n OPTIONAL MATCH ()-[relationshipIds]-() "
                        + "WHERE elementId(relationshipIds) IN $relationshipIds "
                        + "WITH n, collect(DISTINCT relationshipIds) AS __sr__ OPTIONAL MATCH (relatedNodeIds) "
                        + "WHERE elementId(relatedNodeIds) IN $relatedNodeIds "
                        + "WITH n, __sr__ AS __sr__, collect(DISTINCT relatedNodeIds) AS __srn__ "
                        + "UNWIND n AS rootNodeIds WITH rootNodeIds AS movie, __sr__, __srn__ "
                        + "RETURN movie AS __sn__, __sr__, __srn__",
                "rootNodeIds", List.of(matrix), "relationshipIds", List.of(actedIn), "relatedNodeIds", List.of(keanu));
        assertThat(rows).hasSize(1);
        assertThat(((NodeValue) rows.get(0).get("__sn__")).id()).isEqualTo(matrix);
        assertThat((List<?>) rows.get(0).get("__sr__")).hasSize(1);
        assertThat((List<?>) rows.get(0).get("__srn__")).hasSize(1);
    }
}

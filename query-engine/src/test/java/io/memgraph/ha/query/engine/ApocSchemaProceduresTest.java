package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * APOC's schema procedures, and the exact queries GraphRAG libraries send on connecting: LangChain's
 * {@code Neo4jGraph} (langchain-neo4j through neo4j-graphrag's {@code get_structured_schema}, and
 * langchain-community's older class) and LlamaIndex's {@code Neo4jPropertyGraphStore} and
 * {@code Neo4jGraphStore}. The expected rows are what those libraries parse.
 */
class ApocSchemaProceduresTest {
    /** neo4j-graphrag's (and so langchain-neo4j's) NODE_PROPERTIES_QUERY. */
    static final String GRAPHRAG_NODE_PROPERTIES = "CALL apoc.meta.data({sample: $SAMPLE}) "
            + "YIELD label, other, elementType, type, property "
            + "WHERE NOT type = 'RELATIONSHIP' AND elementType = 'node' "
            + "AND NOT label IN $EXCLUDED_LABELS "
            + "WITH label AS nodeLabel, collect({property:property, type:type}) AS properties "
            + "RETURN {label: nodeLabel, properties: properties} AS output";
    static final String GRAPHRAG_REL_PROPERTIES = "CALL apoc.meta.data({sample: $SAMPLE}) "
            + "YIELD label, other, elementType, type, property "
            + "WHERE NOT type = 'RELATIONSHIP' AND elementType = 'relationship' "
            + "AND NOT label in $EXCLUDED_LABELS "
            + "WITH label AS relType, collect({property:property, type:type}) AS properties "
            + "RETURN {type: relType, properties: properties} AS output";
    static final String GRAPHRAG_RELATIONSHIPS = "CALL apoc.meta.data({sample: $SAMPLE}) "
            + "YIELD label, other, elementType, type, property "
            + "WHERE type = 'RELATIONSHIP' AND elementType = 'node' "
            + "UNWIND other AS other_node "
            + "WITH * WHERE NOT label IN $EXCLUDED_LABELS "
            + "AND NOT other_node IN $EXCLUDED_LABELS "
            + "RETURN {start: label, type: property, end: toString(other_node)} AS output";
    /** LlamaIndex's and langchain-community's node_properties_query (no sample; double quotes). */
    static final String LLAMA_NODE_PROPERTIES = "\nCALL apoc.meta.data()\n"
            + "YIELD label, other, elementType, type, property\n"
            + "WHERE NOT type = \"RELATIONSHIP\" AND elementType = \"node\"\n"
            + "  AND NOT label IN $EXCLUDED_LABELS\n"
            + "WITH label AS nodeLabels, collect({property:property, type:type}) AS properties\n"
            + "RETURN {labels: nodeLabels, properties: properties} AS output\n\n";
    static final String LLAMA_REL_PROPERTIES = "\nCALL apoc.meta.data()\n"
            + "YIELD label, other, elementType, type, property\n"
            + "WHERE NOT type = \"RELATIONSHIP\" AND elementType = \"relationship\"\n"
            + "      AND NOT label in $EXCLUDED_LABELS\n"
            + "WITH label AS nodeLabels, collect({property:property, type:type}) AS properties\n"
            + "RETURN {type: nodeLabels, properties: properties} AS output\n";
    static final String LLAMA_RELATIONSHIPS = "\nCALL apoc.meta.data()\n"
            + "YIELD label, other, elementType, type, property\n"
            + "WHERE type = \"RELATIONSHIP\" AND elementType = \"node\"\n"
            + "UNWIND other AS other_node\n"
            + "WITH * WHERE NOT label IN $EXCLUDED_LABELS\n"
            + "    AND NOT other_node IN $EXCLUDED_LABELS\n"
            + "RETURN {start: label, type: property, end: toString(other_node)} AS output\n";
    /** LlamaIndex's Neo4jPropertyGraphStore, on connecting. */
    static final String LLAMA_SCHEMA_COUNTS = "CALL apoc.meta.graphSample() YIELD nodes, relationships "
            + "RETURN nodes, [rel in relationships | {name:apoc.any.property"
            + "(rel, 'type'), count: apoc.any.property(rel, 'count')}] AS relationships";
    static final List<String> EXCLUDED = List.of("_Bloom_Perspective_", "_Bloom_Scene_", "__Entity__", "__KGBuilder__");

    private final Db db = new Db();

    @BeforeEach
    void movies() {
        db.run("CREATE (k:Person {name: 'Keanu', born: 1964})-[:ACTED_IN {roles: ['Neo']}]->"
                + "(m:Movie {title: 'The Matrix', released: 1999}),"
                + " (c:Person {name: 'Carrie'})-[:ACTED_IN {roles: ['Trinity']}]->(m),"
                + " (l:Person:Director {name: 'Lana'})-[:DIRECTED]->(m),"
                + " (:__Entity__ {id: 'x'})");
        db.run("CREATE CONSTRAINT FOR (p:Person) REQUIRE p.name IS UNIQUE");
    }

    @Test
    void metaDataHasAPOCsColumnsAndRows() {
        List<Map<String, Object>> rows = db.run("CALL apoc.meta.data()");
        assertThat(rows.get(0).keySet()).containsExactly("label", "property", "count", "unique", "index", "existence",
                "type", "array", "sample", "left", "right", "other", "otherLabels", "elementType");
        // relationship types first, then labels, as APOC lists them
        assertThat(db.values("CALL apoc.meta.data() YIELD label, property, type, elementType, other, count, left"
                + " RETURN label, property, type, elementType, other, count, left")).containsExactly(
                row("ACTED_IN", "Person", "RELATIONSHIP", "relationship", List.of("Movie"), 2L, 1L),
                row("ACTED_IN", "roles", "LIST", "relationship", List.of(), 0L, 0L),
                row("DIRECTED", "Person", "RELATIONSHIP", "relationship", List.of("Movie"), 1L, 1L),
                row("DIRECTED", "Director", "RELATIONSHIP", "relationship", List.of("Movie"), 1L, 1L),
                row("Person", "ACTED_IN", "RELATIONSHIP", "node", List.of("Movie"), 2L, 1L),
                row("Person", "name", "STRING", "node", List.of(), 0L, 0L),
                row("Person", "born", "INTEGER", "node", List.of(), 0L, 0L),
                row("Person", "DIRECTED", "RELATIONSHIP", "node", List.of("Movie"), 1L, 1L),
                row("Movie", "title", "STRING", "node", List.of(), 0L, 0L),
                row("Movie", "released", "INTEGER", "node", List.of(), 0L, 0L),
                row("Director", "DIRECTED", "RELATIONSHIP", "node", List.of("Movie"), 1L, 1L),
                row("Director", "name", "STRING", "node", List.of(), 0L, 0L),
                row("__Entity__", "id", "STRING", "node", List.of(), 0L, 0L));
        // the uniqueness constraint shows as unique and indexed; a list property as an array
        assertThat(db.values("CALL apoc.meta.data() YIELD label, property, unique, index, existence, array"
                + " WHERE property IN ['name', 'roles'] RETURN label, property, unique, index, existence, array"))
                .containsExactly(row("ACTED_IN", "roles", false, false, false, true),
                        row("Person", "name", true, true, false, false),
                        row("Director", "name", false, false, false, false));
    }

    @Test
    void neo4jGraphragAndLangchainNeo4jSchemaQueries() {
        assertThat(db.values(GRAPHRAG_NODE_PROPERTIES, "SAMPLE", 1000L, "EXCLUDED_LABELS", EXCLUDED)).containsExactly(
                row(Map.of("label", "Person", "properties", List.of(Map.of("property", "name", "type", "STRING"),
                        Map.of("property", "born", "type", "INTEGER")))),
                row(Map.of("label", "Movie", "properties", List.of(Map.of("property", "title", "type", "STRING"),
                        Map.of("property", "released", "type", "INTEGER")))),
                row(Map.of("label", "Director", "properties", List.of(Map.of("property", "name", "type", "STRING")))));
        assertThat(db.values(GRAPHRAG_REL_PROPERTIES, "SAMPLE", 1000L, "EXCLUDED_LABELS", List.of("_Bloom_HAS_SCENE_")))
                .containsExactly(row(Map.of("type", "ACTED_IN", "properties",
                        List.of(Map.of("property", "roles", "type", "LIST")))));
        assertThat(db.values(GRAPHRAG_RELATIONSHIPS, "SAMPLE", 1000L, "EXCLUDED_LABELS", EXCLUDED)).containsExactly(
                row(Map.of("start", "Person", "type", "ACTED_IN", "end", "Movie")),
                row(Map.of("start", "Person", "type", "DIRECTED", "end", "Movie")),
                row(Map.of("start", "Director", "type", "DIRECTED", "end", "Movie")));
        // sample -1 (no sampling) gives the same on a small graph
        assertThat(db.values(GRAPHRAG_RELATIONSHIPS, "SAMPLE", -1L, "EXCLUDED_LABELS", EXCLUDED)).hasSize(3);
    }

    @Test
    void llamaIndexAndLangchainCommunitySchemaQueries() {
        List<String> excluded = List.of("_Bloom_Perspective_", "_Bloom_Scene_", "__Entity__", "__Node__");
        List<Object> labels = new ArrayList<>();
        db.values(LLAMA_NODE_PROPERTIES, "EXCLUDED_LABELS", excluded).forEach(r -> labels.add(((Map<?, ?>) r.get(0))
                .get("labels")));
        assertThat(labels).containsExactly("Person", "Movie", "Director");
        assertThat(db.values(LLAMA_REL_PROPERTIES, "EXCLUDED_LABELS", List.of("_Bloom_HAS_SCENE_")))
                .containsExactly(row(Map.of("type", "ACTED_IN", "properties",
                        List.of(Map.of("property", "roles", "type", "LIST")))));
        assertThat(db.values(LLAMA_RELATIONSHIPS, "EXCLUDED_LABELS", excluded)).hasSize(3);
        // Neo4jPropertyGraphStore reads node['name'], node['count'] and the relationships' name and count
        List<List<Object>> counts = db.values(LLAMA_SCHEMA_COUNTS);
        assertThat(counts).hasSize(1);
        assertThat((List<?>) counts.get(0).get(0)).hasSize(4);
        assertThat(db.values("CALL apoc.meta.graphSample() YIELD nodes UNWIND nodes AS n"
                + " RETURN apoc.any.property(n, 'name'), apoc.any.property(n, 'count'), labels(n)")).containsExactly(
                row("Person", 3L, List.of("Person")), row("Movie", 1L, List.of("Movie")),
                row("Director", 1L, List.of("Director")), row("__Entity__", 1L, List.of("__Entity__")));
        assertThat(counts.get(0).get(1)).isEqualTo(List.of(Map.of("name", "ACTED_IN", "count", 2L),
                Map.of("name", "DIRECTED", "count", 1L), Map.of("name", "DIRECTED", "count", 1L)));
        // langchain-community and LlamaIndex also ask for the constraints, and apoc.schema.nodes() in a try
        assertThat(db.run("SHOW CONSTRAINTS")).hasSize(1);
    }

    /** langchain-neo4j's and langchain-community's index query, in the same try as SHOW CONSTRAINTS. */
    static final String LANGCHAIN_INDEXES = "CALL apoc.schema.nodes() YIELD label, properties, type, size, "
            + "valuesSelectivity WHERE type = 'RANGE' RETURN *, size * valuesSelectivity as distinctValues";

    @Test
    void schemaNodesListsIndexesAndConstraintsWithSizeAndSelectivity() {
        db.run("CREATE (:Person {name: 'Hugo', born: 1960}), (:Person {name: 'Laurence', born: 1961}),"
                + " (:Person {name: 'Joe', born: 1964})");
        db.run("CREATE INDEX person_born FOR (p:Person) ON (p.born)");
        db.run("CREATE INDEX movie_title_released FOR (m:Movie) ON (m.title, m.released)");
        db.run("CREATE INDEX FOR ()-[r:ACTED_IN]-() ON (r.roles)");
        db.run("CREATE INDEX ON :Movie");
        // four persons have a birth year (Carrie and Lana none), three of them distinct
        assertThat(db.values(LANGCHAIN_INDEXES)).containsExactlyInAnyOrder(
                row("Person", List.of("born"), 4L, "RANGE", 0.75, 3.0),
                row("Movie", List.of("title", "released"), 1L, "RANGE", 1.0, 1.0));
        // RETURN * gives the columns in alphabetical order
        assertThat(db.values("CALL apoc.schema.nodes() YIELD name, label, status, type, failure, populationProgress,"
                + " userDescription WHERE type <> 'RANGE' RETURN *")).containsExactly(
                row("NO FAILURE", "Person", ":Person(name)", 100.0, "ONLINE", "UNIQUENESS",
                        "Constraint( id=1, name='constraint_" + constraintSuffix() + "', type='UNIQUENESS',"
                                + " schema=(:Person {name}) )"));
        assertThat(db.values("CALL apoc.schema.nodes({labels: ['Movie']}) YIELD name RETURN name"))
                .containsExactly(row(":Movie(title,released)"));
        assertThat(db.values("CALL apoc.schema.nodes({excludeLabels: ['Person']}) YIELD name RETURN name"))
                .containsExactly(row(":Movie(title,released)"));
        assertThatThrownBy(() -> db.run("CALL apoc.schema.nodes({labels: ['Movie'], excludeLabels: ['Person']})"))
                .hasMessageContaining("labels and excludeLabels are both given");
    }

    /** The generated name's tail of the constraint {@link #movies} creates. */
    private String constraintSuffix() {
        String name = (String) db.values("SHOW CONSTRAINTS YIELD name RETURN name").get(0).get(0);
        return name.substring("constraint_".length());
    }

    @Test
    void schemaIsAMapPerLabelAndType() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> value = (Map<String, Map<String, Object>>) db.single(
                "CALL apoc.meta.schema() YIELD value RETURN value");
        assertThat(value.keySet()).containsExactly("Person", "Movie", "Director", "__Entity__", "ACTED_IN", "DIRECTED");
        Map<String, Object> person = value.get("Person");
        assertThat(person).containsEntry("type", "node").containsEntry("count", 3L);
        assertThat(person.get("properties")).isEqualTo(Map.of(
                "name", Map.of("type", "STRING", "indexed", true, "unique", true, "existence", false),
                "born", Map.of("type", "INTEGER", "indexed", false, "unique", false, "existence", false)));
        assertThat(((Map<?, ?>) person.get("relationships")).get("ACTED_IN")).isEqualTo(Map.of("direction", "out",
                "count", 2L, "labels", List.of("Movie"), "properties",
                Map.of("roles", Map.of("type", "LIST", "array", true, "existence", false, "indexed", false))));
        assertThat(((Map<?, ?>) value.get("Movie").get("relationships")).get("DIRECTED")).isEqualTo(Map.of(
                "direction", "in", "count", 1L, "labels", List.of("Person", "Director"), "properties", Map.of()));
        assertThat(value.get("ACTED_IN")).containsEntry("type", "relationship").containsEntry("count", 2L);
        // a label named as a type: the type's entry is renamed
        db.run("CREATE (:KNOWS)-[:KNOWS]->(:KNOWS)");
        @SuppressWarnings("unchecked")
        Map<String, Object> again = (Map<String, Object>) db.single("CALL apoc.meta.schema() YIELD value RETURN value");
        assertThat(again).containsKeys("KNOWS", "KNOWS (RELATIONSHIP)");
    }

    @Test
    void nodeAndRelTypePropertiesPerLabelSet() {
        assertThat(db.values("CALL apoc.meta.nodeTypeProperties()")).containsExactly(
                row(":`Person`", List.of("Person"), "name", List.of("String"), true, 2L, 2L),
                row(":`Person`", List.of("Person"), "born", List.of("Long"), false, 1L, 2L),
                row(":`Movie`", List.of("Movie"), "title", List.of("String"), true, 1L, 1L),
                row(":`Movie`", List.of("Movie"), "released", List.of("Long"), true, 1L, 1L),
                row(":`Director`:`Person`", List.of("Director", "Person"), "name", List.of("String"), true, 1L, 1L),
                row(":`__Entity__`", List.of("__Entity__"), "id", List.of("String"), true, 1L, 1L));
        assertThat(db.values("CALL apoc.meta.relTypeProperties()")).containsExactly(
                row(":`ACTED_IN`", List.of("Person"), List.of("Movie"), "roles", List.of("StringArray"), true, 2L, 2L),
                row(":`DIRECTED`", List.of("Person", "Director"), List.of("Movie"), null, null, false, 0L, 1L));
        assertThat(db.values("CALL apoc.meta.nodeTypeProperties({includeLabels: ['Movie']}) YIELD nodeType"
                + " RETURN DISTINCT nodeType")).containsExactly(row(":`Movie`"));
        db.run("CREATE (:Empty)");
        assertThat(db.values("CALL apoc.meta.nodeTypeProperties({includeLabels: ['Empty']})"))
                .containsExactly(row(":`Empty`", List.of("Empty"), null, null, false, 0L, 1L));
        // a property of two types lists both
        db.run("CREATE (:Movie {title: 42})");
        assertThat(db.values("CALL apoc.meta.nodeTypeProperties({includeLabels: ['Movie']})"
                + " YIELD propertyName, propertyTypes WHERE propertyName = 'title' RETURN propertyTypes"))
                .containsExactly(row(List.of("Long", "String")));
    }

    @Test
    void statsCountEverything() {
        Map<String, Object> stats = db.run("CALL apoc.meta.stats()").get(0);
        assertThat(stats).containsEntry("labelCount", 4L).containsEntry("relTypeCount", 2L)
                .containsEntry("nodeCount", 5L).containsEntry("relCount", 3L).containsEntry("propertyKeyCount", 6L)
                .containsEntry("labels", Map.of("Person", 3L, "Movie", 1L, "Director", 1L, "__Entity__", 1L))
                .containsEntry("relTypesCount", Map.of("ACTED_IN", 2L, "DIRECTED", 1L));
        assertThat(stats.get("relTypes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("(:Person)-[:ACTED_IN]->()", 2L)
                .containsEntry("()-[:DIRECTED]->(:Movie)", 1L).containsEntry("()-[:ACTED_IN]->()", 2L);
        assertThat(stats.get("stats")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("nodeCount", 5L);
        // what the transaction itself wrote counts too
        assertThat(db.single("CREATE (:New) WITH 1 AS x CALL apoc.meta.stats() YIELD nodeCount RETURN nodeCount"))
                .isEqualTo(6L);
    }

    @Test
    void samplingReadsAboutSampleNodesPerLabel() {
        Db big = new Db();
        // 1000 nodes; only every 100th has `rare`, so a sample of 10 (a step of 100) sees it on some
        big.run("UNWIND range(0, 999) AS i CREATE (:N {i: i, rare: CASE WHEN i % 100 = 0 THEN true END})");
        assertThat(big.values("CALL apoc.meta.nodeTypeProperties({sample: 10}) YIELD propertyName,"
                + " propertyObservations, totalObservations RETURN propertyName, propertyObservations, totalObservations"))
                .containsExactly(row("i", 10L, 10L), row("rare", 10L, 10L));
        big.run("UNWIND range(0, 999) AS i CREATE (:M {i: i, rare: CASE WHEN i % 100 = 1 THEN true END})");
        // the sample misses M.rare, which no 100th node has; sample -1 reads every node
        assertThat(big.values("CALL apoc.meta.data({sample: 10}) YIELD label, property WHERE label = 'M'"
                + " RETURN property")).containsExactly(row("i"));
        assertThat(big.values("CALL apoc.meta.data({sample: -1}) YIELD label, property WHERE label = 'M'"
                + " RETURN property")).containsExactly(row("i"), row("rare"));
    }

    @Test
    void wrongConfigAndUnknownProceduresAreClearErrors() {
        assertThatThrownBy(() -> db.run("CALL apoc.meta.data({sample: 'many'})"))
                .isInstanceOf(CypherException.class).hasMessageContaining("`sample` must be an INTEGER but is String");
        assertThatThrownBy(() -> db.run("CALL apoc.meta.data(5)"))
                .isInstanceOf(CypherException.class).hasMessageContaining("expects a MAP of settings");
        assertThatThrownBy(() -> db.run("CALL apoc.meta.graph({includeLabels: [1]})"))
                .hasMessageContaining("`includeLabels` must be a LIST<STRING>");
        assertThatThrownBy(() -> db.run("CALL apoc.nodes.cycles([])"))
                .isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Procedure.ProcedureNotFound"))
                .hasMessageContaining("apoc.nodes.cycles");
        assertThatThrownBy(() -> db.run("RETURN apoc.text.levenshteinDistance('a', 'b')"))
                .isInstanceOf(CypherException.class).hasMessageContaining("Unknown function 'apoc.text.levenshteinDistance'");
    }

    @Test
    void showProceduresListsThemWithTheirModes() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'apoc.' RETURN name, mode"))
                .contains(row("apoc.meta.data", "READ"), row("apoc.meta.schema", "READ"),
                        row("apoc.meta.nodeTypeProperties", "READ"), row("apoc.meta.relTypeProperties", "READ"),
                        row("apoc.meta.stats", "READ"), row("apoc.meta.graphSample", "READ"),
                        row("apoc.create.node", "WRITE"), row("apoc.merge.node", "WRITE"),
                        row("apoc.merge.relationship", "WRITE"), row("apoc.create.addLabels", "WRITE"),
                        row("apoc.util.validate", "READ"));
        assertThat(db.single("SHOW PROCEDURES YIELD name, signature WHERE name = 'apoc.merge.node' RETURN signature"))
                .isEqualTo("apoc.merge.node(labels :: LIST<STRING>, identProps :: MAP, onCreateProps = {} :: MAP,"
                        + " onMatchProps = {} :: MAP) :: (node :: NODE)");
        assertThat(db.values("CALL mg.procedures() YIELD name, is_write WHERE name STARTS WITH 'apoc.create.node'"
                + " RETURN name, is_write")).containsExactly(row("apoc.create.node", true));
        assertThat(db.values("SHOW FUNCTIONS YIELD name WHERE name STARTS WITH 'apoc.coll.s' RETURN name"))
                .containsExactly(row("apoc.coll.sort"), row("apoc.coll.sortNodes"), row("apoc.coll.subtract"),
                        row("apoc.coll.sum"));
    }
}

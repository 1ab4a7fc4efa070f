package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Vector indexes on relationships as Neo4j 5.18+ ({@code FOR ()-[r:T]-()},
 * {@code db.index.vector.queryRelationships}) and Memgraph ({@code CREATE VECTOR EDGE INDEX},
 * {@code vector_search.search_edges}) write them: the statements, {@code SHOW}, {@code DUMP}, the
 * search in the transaction's snapshot, and the errors of a search of the other entities. The
 * search through the HNSW graph: {@code HnswIndexTest}, {@code HnswSearchProperties}.
 */
class RelationshipVectorIndexTest {
    private final Db db = new Db();

    private static final String LINKS = "CREATE VECTOR INDEX links FOR ()-[r:LINKS]-() ON (r.embedding) OPTIONS"
            + " {indexConfig: {`vector.dimensions`: 2, `vector.similarity_function`: 'cosine'}}";
    private static final SchemaItem.VectorIndex ITEM = new SchemaItem.VectorIndex("LINKS", "embedding", 2, "cosine",
            true);

    private CypherException failure(String query, Object... params) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> db.run(query, params));
        assertThat(e).as("expected an error from %s", query).isNotNull();
        return e;
    }

    /** One {@code (:Doc)-[:LINKS {embedding: v, v: 'v'}]->(:Doc)} per vector. */
    private void links(String... vectors) {
        for (String v : vectors) {
            db.run("CREATE (:Doc)-[:LINKS {embedding: " + v + ", v: '" + v.replace("'", "") + "'}]->(:Doc)");
        }
    }

    // ------------------------------------------------------------------ statements

    @Test
    void neo4jsFormsCreateARelationshipIndexListedAsNeo4jListsIt() {
        db.run(LINKS);
        assertThat(db.lastStats).containsEntry("indexes-added", 1L);
        assertThat(db.storage.schemaDefinitions()).extracting(SchemaDefinition::item).containsExactly(ITEM);
        assertThat(db.values("SHOW VECTOR INDEXES YIELD name, type, entityType, labelsOrTypes, properties,"
                + " indexProvider, options")).containsExactly(row("links", "VECTOR", "RELATIONSHIP", List.of("LINKS"),
                        List.of("embedding"), "vector-2.0", Map.of("indexProvider", "vector-2.0", "indexConfig",
                                Map.of("vector.dimensions", 2L, "vector.similarity_function", "COSINE"))));
        String create = "CREATE VECTOR INDEX `links` FOR ()-[r:`LINKS`]-() ON (r.`embedding`) OPTIONS {indexConfig:"
                + " {`vector.dimensions`: 2, `vector.similarity_function`: 'cosine'}}";
        assertThat(db.single("SHOW INDEXES YIELD createStatement RETURN createStatement")).isEqualTo(create);
        db.run("DROP INDEX links");
        assertThat(db.lastStats).containsEntry("indexes-removed", 1L);
        db.run(create);
        assertThat(db.storage.schemaDefinitions()).extracting(SchemaDefinition::item).containsExactly(ITEM);
        db.run("DROP VECTOR INDEX links");
        assertThat(db.storage.schemaDefinitions()).isEmpty();
        // ON r.p, both directions, a parameter for the name, and the default name
        for (String pattern : List.of("()-[r:LINKS]->() ON r.embedding", "()<-[r:LINKS]-() ON (r.embedding)")) {
            db.run("CREATE VECTOR INDEX $name IF NOT EXISTS FOR " + pattern + " OPTIONS {indexConfig:"
                    + " {`vector.dimensions`: toInteger($dim)}}", "name", "v", "dim", 2.0);
            assertThat(db.storage.schemaDefinitions()).containsExactly(new SchemaDefinition(
                    db.storage.schemaDefinitions().get(0).id(), "v", ITEM));
            db.run("DROP INDEX v");
        }
        db.run("CREATE VECTOR INDEX FOR ()-[r:LINKS]-() ON (r.embedding)");
        SchemaItem any = new SchemaItem.VectorIndex("LINKS", "embedding", 0, "cosine", true);
        assertThat(db.values("SHOW VECTOR INDEXES YIELD name, entityType")).containsExactly(
                row(SchemaItem.defaultName(any), "RELATIONSHIP"));
    }

    @Test
    void oneIndexPerTypeAndPropertyBesideANodeIndexOfTheSameNames() {
        db.run(LINKS);
        assertThat(failure(LINKS).statusCode()).isEqualTo("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists");
        CypherException other = failure("CREATE VECTOR INDEX other FOR ()-[r:LINKS]-() ON (r.embedding) OPTIONS"
                + " {indexConfig: {`vector.similarity_function`: 'euclidean'}}");
        assertThat(other.statusCode()).isEqualTo("Neo.ClientError.Schema.IndexAlreadyExists");
        assertThat(other.getMessage()).isEqualTo("There already exists an index ()-[:LINKS {embedding}]-().");
        db.run("CREATE VECTOR INDEX other IF NOT EXISTS FOR ()-[r:LINKS]-() ON (r.embedding)");
        assertThat(db.lastStats).doesNotContainKey("indexes-added");
        // a node index of a label spelt as the type, on the same property, is another index
        db.run("CREATE VECTOR INDEX nodes FOR (n:LINKS) ON (n.embedding)");
        assertThat(db.values("SHOW VECTOR INDEXES YIELD name, entityType, labelsOrTypes")).containsExactly(
                row("links", "RELATIONSHIP", List.of("LINKS")), row("nodes", "NODE", List.of("LINKS")));
        assertThat(failure("CREATE VECTOR INDEX links FOR ()-[r:OTHER]-() ON (r.e)").statusCode())
                .isEqualTo("Neo.ClientError.Schema.IndexWithNameAlreadyExists");
    }

    @Test
    void theOptionsAreCheckedAsForANodeIndex() {
        assertThat(failure("CREATE VECTOR INDEX v FOR ()-[r:T]-() ON (r.e) OPTIONS {indexConfig: {`vector.dimensions`:"
                + " 5000}}").getMessage()).isEqualTo("Invalid vector index setting `vector.dimensions`: expected an"
                        + " INTEGER from 1 to 4096, but got 5000");
        assertThat(failure("CREATE VECTOR INDEX v FOR ()-[r:T]-() ON (r.e) OPTIONS {indexConfig:"
                + " {`vector.similarity_function`: 'dot'}}").getMessage()).contains("'dot'").doesNotContain("\n");
        assertThat(failure("CREATE VECTOR INDEX v FOR ()-[r:T]-() ON (r.e) OPTIONS {config: {}}").getMessage())
                .contains("'config'");
        assertThat(failure("CREATE VECTOR INDEX v FOR ()-[r:T]-() ON (r.a, r.b)").getMessage())
                .contains("exactly one property");
        assertThat(failure("CREATE VECTOR INDEX v FOR ()-[r:T]-() ON (x.e)").statusCode())
                .isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(failure("CREATE VECTOR INDEX v FOR ()-[r:T|U]-() ON (r.e)").statusCode())
                .isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(failure("CREATE VECTOR EDGE INDEX v ON :T(e) WITH CONFIG {\"capacity\": 10}").getMessage())
                .contains("\"dimension\"");
        assertThat(failure("CREATE VECTOR EDGE INDEX v ON :T(e) WITH CONFIG {\"dimension\": 2, \"metric\": \"ip\"}")
                .getMessage()).contains("`metric`").contains("'ip'");
        assertThat(db.storage.schemaDefinitions()).isEmpty();
        db.run("CREATE VECTOR INDEX v FOR ()-[r:T]-() ON (r.e) OPTIONS {indexProvider: 'vector-2.0', indexConfig:"
                + " {`vector.dimensions`: 3, `vector.hnsw.m`: 16, `vector.quantization.enabled`: false}}");
    }

    @Test
    void theDumpCreatesTheIndexAgainAndTheCopyAnswersAlike() {
        db.run(LINKS);
        links("[1, 0]", "[0, 1]", "[1, 1]");
        List<String> dump = db.values("DUMP DATABASE").stream().map(r -> (String) r.get(0)).toList();
        assertThat(dump).contains("CREATE VECTOR INDEX `links` FOR ()-[r:`LINKS`]-() ON (r.`embedding`) OPTIONS"
                + " {indexConfig: {`vector.dimensions`: 2, `vector.similarity_function`: 'cosine'}};");
        Db copy = new Db();
        for (String statement : dump) {
            copy.run(statement);
        }
        assertThat(copy.storage.schemaDefinitions()).extracting(SchemaDefinition::name, SchemaDefinition::item)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("links", ITEM));
        String query = "CALL db.index.vector.queryRelationships('links', 3, [1, 0]) YIELD relationship, score"
                + " RETURN relationship.v, score";
        assertThat(copy.values(query)).isEqualTo(db.values(query)).hasSize(3);
    }

    // ------------------------------------------------------------------ the search

    @Test
    void queryRelationshipsGivesTheNearestBestFirstWithNeo4jsScores() {
        db.run(LINKS);
        links("[1, 0]", "[0, 1]", "[1.0, 1.0]", "[0, 0]", "'text'", "[1, 0, 0]", "[-1, 0]");
        db.run("CREATE (:Doc)-[:OTHER {embedding: [1, 0], v: 'other type'}]->(:Doc)");
        db.run("CREATE (:LINKS {embedding: [1, 0], v: 'a node'})");
        List<List<Object>> rows = db.values("CALL db.index.vector.queryRelationships('links', 10, [2.0, 0.0])"
                + " YIELD relationship, score RETURN relationship.v, type(relationship), score");
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("[1, 0]", "[1.0, 1.0]", "[0, 1]", "[-1, 0]");
        assertThat(rows).extracting(r -> r.get(1)).containsOnly("LINKS");
        assertThat((double) rows.get(0).get(2)).isEqualTo(1.0);
        assertThat((double) rows.get(1).get(2)).isCloseTo((1 + Math.sqrt(0.5)) / 2, within(1e-12));
        assertThat((double) rows.get(2).get(2)).isEqualTo(0.5);
        assertThat((double) rows.get(3).get(2)).isEqualTo(0.0);
        // the relationship is a whole one: its ends can be matched
        assertThat(db.single("CALL db.index.vector.queryRelationships('links', 1, [0, 3]) YIELD relationship"
                + " MATCH (a)-[relationship]->(b) RETURN relationship.v")).isEqualTo("[0, 1]");
    }

    @Test
    void euclideanTiesGoToTheLowerRelationshipId() {
        db.run("CREATE VECTOR INDEX e FOR ()-[r:LINKS]-() ON (r.embedding) OPTIONS {indexConfig:"
                + " {`vector.similarity_function`: 'euclidean'}}");
        db.run("CREATE (a)-[:LINKS {embedding: [3, 4], n: 1}]->(b), (a)-[:LINKS {embedding: [0, 1], n: 2}]->(b),"
                + " (b)-[:LINKS {embedding: [0, -1], n: 3}]->(a), (a)-[:LINKS {embedding: [1, 2, 3], n: 4}]->(a)");
        assertThat(db.values("CALL db.index.vector.queryRelationships('e', 3, [0, 0]) YIELD relationship, score"
                + " RETURN relationship.n, score")).containsExactly(row(2L, 0.5), row(3L, 0.5), row(1L, 1.0 / 26));
        assertThat(db.values("CALL db.index.vector.queryRelationships('e', 3, [1, 2, 3]) YIELD relationship, score"
                + " RETURN relationship.n, score")).containsExactly(row(4L, 1.0));
    }

    @Test
    void theTransactionSeesItsOwnEdgesAndNotThoseItDeletedOrRetyped() {
        db.run(LINKS);
        links("[0, 1]", "[1, 1]", "[-1, 1]");
        Transaction tx = db.storage.begin();
        try {
            db.runIn(tx, "CREATE (:Doc)-[r:LINKS {v: 'mine'}]->(:Doc) WITH r"
                    + " CALL db.create.setRelationshipVectorProperty(r, 'embedding', [1, 0])");
            db.runIn(tx, "MATCH ()-[r:LINKS {v: '[0, 1]'}]->() DELETE r");
            // a retyping: the same ends and properties under another type, the old relationship deleted
            db.runIn(tx, "MATCH (a)-[r:LINKS {v: '[1, 1]'}]->(b) CREATE (a)-[s:OTHER]->(b) SET s = properties(r)"
                    + " DELETE r");
            db.runIn(tx, "MATCH ()-[r:LINKS {v: '[-1, 1]'}]->() SET r.embedding = [1, -1]");
            assertThat(db.runIn(tx, "CALL db.index.vector.queryRelationships('links', 5, [1, 0]) YIELD relationship,"
                    + " score RETURN relationship.v AS v, score")).containsExactly(Map.of("v", "mine", "score", 1.0),
                            Map.of("v", "[-1, 1]", "score", (1 + Math.sqrt(0.5)) / 2));
        } finally {
            tx.close();
        }
        assertThat(db.values("CALL db.index.vector.queryRelationships('links', 5, [1, 0]) YIELD relationship"
                + " RETURN relationship.v")).containsExactly(row("[1, 1]"), row("[0, 1]"), row("[-1, 1]"));
    }

    @Test
    void anOlderSnapshotFindsWhatItSees() {
        db.run(LINKS);
        links("[1, 0]", "[0, 1]");
        Transaction old = db.storage.begin();
        try {
            db.run("MATCH ()-[r:LINKS {v: '[1, 0]'}]->() DELETE r");
            db.run("MATCH ()-[r:LINKS {v: '[0, 1]'}]->() SET r.embedding = [1, 0.5]");
            links("[1, 0.1]");
            assertThat(db.runIn(old, "CALL db.index.vector.queryRelationships('links', 5, [1, 0]) YIELD relationship"
                    + " RETURN relationship.v AS v")).containsExactly(Map.of("v", "[1, 0]"), Map.of("v", "[0, 1]"));
        } finally {
            old.close();
        }
        assertThat(db.values("CALL db.index.vector.queryRelationships('links', 5, [1, 0]) YIELD relationship"
                + " RETURN relationship.v")).containsExactly(row("[1, 0.1]"), row("[0, 1]"));
    }

    @Test
    void aSearchOfTheOtherEntitiesIsRefusedNamingTheProcedureThatSearchesThem() {
        db.run(LINKS);
        db.run("CREATE VECTOR INDEX docs FOR (d:Doc) ON (d.embedding)");
        assertThat(failure("CALL db.index.vector.queryNodes('links', 1, [1, 0])").getMessage())
                .contains("The vector index 'links' is on relationships (:LINKS), not nodes: query it with"
                        + " db.index.vector.queryRelationships").doesNotContain("\n");
        assertThat(failure("CALL db.index.vector.queryRelationships('docs', 1, [1, 0])").getMessage())
                .contains("The vector index 'docs' is on nodes (:Doc), not relationships: query it with"
                        + " db.index.vector.queryNodes");
        assertThat(failure("CALL vector_search.search('links', 1, [1, 0])").getMessage())
                .contains("query it with vector_search.search_edges");
        assertThat(failure("CALL vector_search.search_edges('docs', 1, [1, 0])").getMessage())
                .contains("query it with vector_search.search");
        assertThat(failure("CALL db.index.vector.queryRelationships('nope', 1, [1, 0])").getMessage())
                .contains("There is no such vector schema index: nope");
        assertThat(failure("CALL db.index.vector.queryRelationships('links', 0, [1, 0])").getMessage())
                .contains("must be a positive INTEGER, but was 0");
        assertThat(failure("CALL db.index.vector.queryRelationships('links', 1, [1, 0, 0])").getMessage())
                .contains("Index query vector has 3 dimensions, but indexed vectors have 2.");
        assertThat(failure("CALL db.index.vector.queryRelationships('links', 1, [0, 0])").getMessage())
                .contains("not valid for cosine similarity");
    }

    // ------------------------------------------------------------------ Memgraph's forms

    @Test
    void memgraphsEdgeFormsCreateSearchShowAndDrop() {
        db.run("CREATE VECTOR EDGE INDEX test_index ON :E1(prop1) WITH CONFIG {\"dimension\": 2, \"capacity\": 10}");
        assertThat(db.storage.schemaDefinitions()).extracting(SchemaDefinition::item).containsExactly(
                new SchemaItem.VectorIndex("E1", "prop1", 2, "euclidean", true));
        db.run("CREATE (a)-[:E1 {prop1: [1.0, 2.0]}]->(b) CREATE (a)-[:E1 {prop1: [1.0, 1.0]}]->(b)"
                + " CREATE (a)-[:E1 {prop1: [100.0, 150.0]}]->(b)");
        assertThat(db.values("CALL vector_search.search_edges(\"test_index\", 2, [1.0, 1.0]) YIELD distance, edge,"
                + " similarity RETURN distance, edge.prop1, similarity")).containsExactly(
                        row(0.0, List.of(1.0, 1.0), 1.0), row(1.0, List.of(1.0, 2.0), 0.5));
        assertThat(db.values("CALL vector_search.search_edges('test_index', 1, [2, 2]) YIELD edge RETURN type(edge)"))
                .containsExactly(row("E1"));
        List<Object> info = Arrays.asList(null, 2L, "test_index", "E1", "prop1", "l2sq", 3L, "f64",
                "edge-type+property_vector");
        assertThat(db.values("SHOW VECTOR INDEX INFO")).containsExactly(info);
        assertThat(db.values("CALL vector_search.show_index_info() YIELD *")).containsExactly(info);
        assertThat(db.values("SHOW INDEX INFO")).containsExactly(row("()-[:E1(prop1)]-()",
                "edge-type+property_vector", "E1", "prop1", 3L));
        assertThat(db.values("SHOW VECTOR INDEXES YIELD name, entityType")).containsExactly(
                row("test_index", "RELATIONSHIP"));
        db.run("DROP VECTOR INDEX test_index");
        assertThat(db.values("SHOW VECTOR INDEX INFO")).isEmpty();
        db.run("CREATE VECTOR EDGE INDEX c ON :E1(prop1) WITH CONFIG {\"dimension\": 2, \"metric\": \"cos\"}");
        assertThat(db.values("CALL vector_search.search_edges('c', 1, [1.0, 1.0]) YIELD distance, similarity"))
                .containsExactly(row(0.0, 1.0));
    }

    @Test
    void theProceduresAreListed() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode, signature WHERE name IN"
                + " ['db.index.vector.queryRelationships', 'vector_search.search_edges'] RETURN name, mode, signature"))
                .containsExactly(row("db.index.vector.queryRelationships", "READ",
                        "db.index.vector.queryRelationships(indexName :: STRING, numberOfNearestNeighbours :: INTEGER,"
                                + " query :: ANY) :: (relationship :: RELATIONSHIP, score :: FLOAT)"),
                        row("vector_search.search_edges", "READ", "vector_search.search_edges(index_name :: STRING,"
                                + " result_set_size :: INTEGER, query_vector :: LIST<ANY>) :: (edge :: RELATIONSHIP,"
                                + " distance :: FLOAT, similarity :: FLOAT)"));
    }
}

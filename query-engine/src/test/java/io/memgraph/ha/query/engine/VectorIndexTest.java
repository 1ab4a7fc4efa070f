package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Vector indexes of nodes as Neo4j 5 and Memgraph write them: the statements, {@code SHOW} and
 * {@code DUMP}, the exact search procedures and their scores, the vector property procedures and
 * the similarity functions. The search against a brute-force oracle: {@link VectorSearchProperties};
 * indexes of relationships: {@link RelationshipVectorIndexTest}.
 */
class VectorIndexTest {
    private final Db db = new Db();

    private CypherException failure(String query, Object... params) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> db.run(query, params));
        assertThat(e).as("expected an error from %s", query).isNotNull();
        return e;
    }

    private static final String DOCS = "CREATE VECTOR INDEX docs FOR (d:Doc) ON (d.embedding) OPTIONS {indexConfig:"
            + " {`vector.dimensions`: 2, `vector.similarity_function`: 'cosine'}}";

    // ------------------------------------------------------------------ statements

    @Test
    void createVectorIndexIsListedAsNeo4jListsIt() {
        db.run(DOCS);
        assertThat(db.lastStats).containsEntry("indexes-added", 1L);
        assertThat(db.values("SHOW VECTOR INDEXES YIELD name, type, entityType, labelsOrTypes, properties,"
                + " indexProvider, options")).containsExactly(row("docs", "VECTOR", "NODE", List.of("Doc"),
                        List.of("embedding"), "vector-2.0", Map.of("indexProvider", "vector-2.0", "indexConfig",
                                Map.of("vector.dimensions", 2L, "vector.similarity_function", "COSINE"))));
        assertThat(db.single("SHOW INDEXES YIELD name, createStatement WHERE name = 'docs' RETURN createStatement"))
                .isEqualTo("CREATE VECTOR INDEX `docs` FOR (n:`Doc`) ON (n.`embedding`) OPTIONS {indexConfig:"
                        + " {`vector.dimensions`: 2, `vector.similarity_function`: 'cosine'}}");
        assertThat(db.values("SHOW RANGE INDEXES")).isEmpty();
        // the createStatement creates it again
        db.run("DROP INDEX docs");
        assertThat(db.lastStats).containsEntry("indexes-removed", 1L);
        assertThat(db.values("SHOW INDEXES")).isEmpty();
        db.run("CREATE VECTOR INDEX `docs` FOR (n:`Doc`) ON (n.`embedding`) OPTIONS {indexConfig:"
                + " {`vector.dimensions`: 2, `vector.similarity_function`: 'cosine'}}");
        assertThat(db.storage.schemaDefinitions().get(0).item())
                .isEqualTo(new SchemaItem.VectorIndex("Doc", "embedding", 2, "cosine"));
    }

    @Test
    void withoutOptionsItTakesAnyDimensionsAndCosineAndTheDefaultName() {
        db.run("CREATE VECTOR INDEX FOR (c:Chunk) ON c.embedding");
        SchemaItem item = new SchemaItem.VectorIndex("Chunk", "embedding", 0, "cosine");
        assertThat(db.values("SHOW VECTOR INDEXES YIELD name, options RETURN name, options.indexConfig"))
                .containsExactly(row(SchemaItem.defaultName(item), Map.of("vector.similarity_function", "COSINE")));
        assertThat(db.typeOf("CREATE VECTOR INDEX x IF NOT EXISTS FOR (c:Chunk) ON c.embedding"))
                .isEqualTo(QueryType.SCHEMA_WRITE);
    }

    @Test
    void namesAndEquivalentIndexesFailAsForOtherIndexes() {
        db.run(DOCS);
        assertThat(failure(DOCS).statusCode()).isEqualTo("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists");
        // one vector index per label and property, whatever its configuration
        CypherException other = failure("CREATE VECTOR INDEX other FOR (d:Doc) ON (d.embedding) OPTIONS"
                + " {indexConfig: {`vector.similarity_function`: 'euclidean'}}");
        assertThat(other.statusCode()).isEqualTo("Neo.ClientError.Schema.IndexAlreadyExists");
        assertThat(other.getMessage()).isEqualTo("There already exists an index (:Doc {embedding}).");
        db.run("CREATE VECTOR INDEX other IF NOT EXISTS FOR (d:Doc) ON (d.embedding)");
        assertThat(db.lastStats).doesNotContainKey("indexes-added");
        assertThat(failure("CREATE VECTOR INDEX docs FOR (p:Page) ON (p.v)").statusCode())
                .isEqualTo("Neo.ClientError.Schema.IndexWithNameAlreadyExists");
        assertThat(failure("CREATE CONSTRAINT docs FOR (p:Page) REQUIRE p.id IS UNIQUE").statusCode())
                .isEqualTo("Neo.ClientError.Schema.IndexWithNameAlreadyExists");
        // a range index on the same property is another index
        db.run("CREATE INDEX range_docs FOR (d:Doc) ON (d.embedding)");
        assertThat(db.values("SHOW INDEXES YIELD name, type RETURN name, type"))
                .containsExactly(row("docs", "VECTOR"), row("range_docs", "RANGE"));
    }

    @Test
    void badOptionsAreOneLineErrorsNamingTheKey() {
        assertThat(failure("CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {indexConfig: {`vector.dimension`: 3}}")
                .getMessage()).contains("`vector.dimension`").doesNotContain("\n");
        assertThat(failure("CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {indexConfig: {`vector.dimensions`:"
                + " 5000}}").getMessage()).isEqualTo("Invalid vector index setting `vector.dimensions`: expected an"
                        + " INTEGER from 1 to 4096, but got 5000");
        assertThat(failure("CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {indexConfig: {`vector.dimensions`:"
                + " 0}}").getMessage()).contains("`vector.dimensions`");
        assertThat(failure("CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {indexConfig:"
                + " {`vector.similarity_function`: 'dot'}}").getMessage()).contains("`vector.similarity_function`")
                        .contains("'dot'");
        assertThat(failure("CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {indexProvider: 'range-1.0'}")
                .getMessage()).contains("indexProvider");
        assertThat(failure("CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {config: {}}").getMessage())
                .contains("'config'");
        assertThat(failure("CREATE VECTOR INDEX v FOR (d:Doc) ON (d.a, d.b)").getMessage())
                .contains("exactly one property");
        assertThat(db.storage.schemaDefinitions()).isEmpty();
        // HNSW and quantization settings are accepted and tune nothing
        db.run("CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {indexProvider: 'vector-2.0', indexConfig:"
                + " {`vector.dimensions`: 3, `vector.hnsw.m`: 16, `vector.hnsw.ef_construction`: 100,"
                + " `vector.quantization.enabled`: true}}");
    }

    @Test
    void theNameAndOptionsMayBeParametersAsGraphRagToolsSendThem() {
        db.run("CREATE VECTOR INDEX $name IF NOT EXISTS FOR (m:Chunk) ON m.embedding OPTIONS {indexConfig:"
                + " {`vector.dimensions`: toInteger($dim), `vector.similarity_function`: $fn}}",
                "name", "chunks", "dim", 3.0, "fn", "EUCLIDEAN");
        assertThat(db.storage.schemaDefinitions().get(0).name()).isEqualTo("chunks");
        assertThat(db.storage.schemaDefinitions().get(0).item())
                .isEqualTo(new SchemaItem.VectorIndex("Chunk", "embedding", 3, "euclidean"));
        assertThat(failure("CREATE VECTOR INDEX $name FOR (m:Chunk) ON m.x", "name", 3L).getMessage())
                .contains("must be a STRING");
    }

    @Test
    void theDumpCreatesTheIndexAgain() {
        db.run(DOCS);
        List<Object> statements = db.values("DUMP DATABASE").stream().map(r -> r.get(0)).toList();
        assertThat(statements).contains("CREATE VECTOR INDEX `docs` FOR (n:`Doc`) ON (n.`embedding`) OPTIONS"
                + " {indexConfig: {`vector.dimensions`: 2, `vector.similarity_function`: 'cosine'}};");
    }

    // ------------------------------------------------------------------ db.index.vector.queryNodes

    private void docs(String... vectors) {
        for (String v : vectors) {
            db.run("CREATE (:Doc {embedding: " + v + ", v: '" + v.replace("'", "") + "'})");
        }
    }

    @Test
    void queryNodesGivesTheNearestBestFirstWithNeo4jsCosineScore() {
        db.run(DOCS);
        docs("[1, 0]", "[0, 1]", "[1.0, 1.0]", "[0, 0]", "'text'", "[1, 0, 0]", "[1, null]", "[-1, 0]");
        List<List<Object>> rows = db.values("CALL db.index.vector.queryNodes('docs', 10, [2.0, 0.0]) YIELD node,"
                + " score RETURN node.v, score");
        // [0, 0] (norm 0), 'text', [1, 0, 0] (3 dimensions) and [1, null] are no candidates
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("[1, 0]", "[1.0, 1.0]", "[0, 1]", "[-1, 0]");
        assertThat((double) rows.get(0).get(1)).isEqualTo(1.0);
        assertThat((double) rows.get(1).get(1)).isCloseTo((1 + Math.sqrt(0.5)) / 2, within(1e-12));
        assertThat((double) rows.get(2).get(1)).isEqualTo(0.5);
        assertThat((double) rows.get(3).get(1)).isEqualTo(0.0);
        assertThat(db.values("CALL db.index.vector.queryNodes('docs', 2, [2.0, 0.0]) YIELD node RETURN node.v"))
                .containsExactly(row("[1, 0]"), row("[1.0, 1.0]"));
    }

    @Test
    void euclideanScoresAreOneOverOnePlusTheSquaredDistanceAndTiesGoToTheLowerId() {
        db.run("CREATE VECTOR INDEX e FOR (d:Doc) ON (d.embedding) OPTIONS {indexConfig:"
                + " {`vector.similarity_function`: 'euclidean'}}");
        db.run("CREATE (:Doc {embedding: [3, 4], n: 1}), (:Doc {embedding: [0, 1], n: 2}),"
                + " (:Doc {embedding: [0, -1], n: 3}), (:Doc {embedding: [1, 2, 3], n: 4})");
        assertThat(db.values("CALL db.index.vector.queryNodes('e', 3, [0, 0]) YIELD node, score"
                + " RETURN node.n, score")).containsExactly(row(2L, 0.5), row(3L, 0.5), row(1L, 1.0 / 26));
        // an index of any dimensions compares vectors of the query's length
        assertThat(db.values("CALL db.index.vector.queryNodes('e', 3, [1, 2, 3]) YIELD node, score"
                + " RETURN node.n, score")).containsExactly(row(4L, 1.0));
    }

    @Test
    void theTransactionSeesItsOwnVectorsAndARollbackTakesThemAway() {
        db.run(DOCS);
        docs("[0, 1]");
        Transaction tx = db.storage.begin();
        try {
            db.runIn(tx, "CREATE (d:Doc {v: 'mine'}) WITH d CALL db.create.setNodeVectorProperty(d, 'embedding',"
                    + " [1, 0])");
            db.runIn(tx, "MATCH (d:Doc {v: '[0, 1]'}) REMOVE d:Doc");
            assertThat(db.runIn(tx, "CALL db.index.vector.queryNodes('docs', 5, [1, 0]) YIELD node RETURN node.v"))
                    .containsExactly(Map.of("node.v", "mine"));
        } finally {
            tx.close();
        }
        assertThat(db.values("CALL db.index.vector.queryNodes('docs', 5, [1, 0]) YIELD node RETURN node.v"))
                .containsExactly(row("[0, 1]"));
    }

    @Test
    void queryNodesRefusesWhatNeo4jRefuses() {
        db.run(DOCS);
        assertThat(failure("CALL db.index.vector.queryNodes('nope', 1, [1, 0])").getMessage())
                .contains("There is no such vector schema index: nope");
        db.run("CREATE INDEX ranged FOR (d:Doc) ON (d.x)");
        assertThat(failure("CALL db.index.vector.queryNodes('ranged', 1, [1, 0])").getMessage())
                .contains("There is no such vector schema index: ranged");
        assertThat(failure("CALL db.index.vector.queryNodes('docs', 0, [1, 0])").getMessage())
                .contains("must be a positive INTEGER, but was 0");
        assertThat(failure("CALL db.index.vector.queryNodes('docs', 1.5, [1, 0])").getMessage())
                .contains("expects INTEGER but got 1.5");
        assertThat(failure("CALL db.index.vector.queryNodes('docs', 1, [1, 0, 0])").getMessage())
                .contains("Index query vector has 3 dimensions, but indexed vectors have 2.");
        assertThat(failure("CALL db.index.vector.queryNodes('docs', 1, ['a', 0])").getMessage())
                .contains("Index query vector must be a LIST<INTEGER | FLOAT>");
        assertThat(failure("CALL db.index.vector.queryNodes('docs', 1, [0, 0])").getMessage())
                .contains("not valid for cosine similarity");
    }

    @Test
    void theSearchHonoursTheMemoryAndTimeLimits() {
        db.run("CREATE VECTOR INDEX big FOR (d:Doc) ON (d.e)");
        db.run("UNWIND range(1, 20000) AS i CREATE (:Doc {e: [toFloat(i), 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})");
        assertThat(db.failureUnder(new QueryControl(null, 256 * 1024),
                "CALL db.index.vector.queryNodes('big', 20000, [1, 1, 1, 1, 1, 1, 1, 1]) YIELD node RETURN count(*)"))
                .isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
        assertThat(db.failureUnder(new QueryControl(Duration.ofMillis(1), 0),
                "CALL db.index.vector.queryNodes('big', 5, [1, 1, 1, 1, 1, 1, 1, 1]) YIELD node RETURN count(*)"))
                .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
        assertThat(db.single("CALL db.index.vector.queryNodes('big', 20000, [1, 1, 1, 1, 1, 1, 1, 1]) YIELD node"
                + " RETURN count(*)")).isEqualTo(20000L);
    }

    // ------------------------------------------------------------------ the other procedures and functions

    @Test
    void setVectorPropertyStoresFloatsInTheCallersTransaction() {
        db.run("CREATE (:Doc {id: 1})-[:NEXT]->(:Doc {id: 2})");
        db.run("MATCH (d:Doc {id: 1}) CALL db.create.setNodeVectorProperty(d, 'embedding', [1, 2.5, 3])");
        assertThat(db.lastStats).containsEntry("properties-set", 1L);
        assertThat(db.single("MATCH (d:Doc {id: 1}) RETURN d.embedding")).isEqualTo(List.of(1.0, 2.5, 3.0));
        db.run("MATCH ()-[r:NEXT]->() CALL db.create.setRelationshipVectorProperty(r, 'v', [4])");
        assertThat(db.single("MATCH ()-[r:NEXT]->() RETURN r.v")).isEqualTo(List.of(4.0));
        assertThat(failure("MATCH (d:Doc {id: 1}) CALL db.create.setNodeVectorProperty(d, 'embedding', [1, 'x'])")
                .getMessage()).contains("vector must be a LIST<INTEGER | FLOAT>");
    }

    @Test
    void createNodeIndexIsTheStatementsProcedure() {
        db.run("CALL db.index.vector.createNodeIndex('moviePlots', 'Movie', 'plot', 3, 'EUCLIDEAN')");
        assertThat(db.lastStats).containsEntry("indexes-added", 1L);
        assertThat(db.storage.schemaDefinitions().get(0).item())
                .isEqualTo(new SchemaItem.VectorIndex("Movie", "plot", 3, "euclidean"));
        assertThat(failure("CALL db.index.vector.createNodeIndex('moviePlots', 'Movie', 'plot', 3, 'cosine')")
                .statusCode()).isEqualTo("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists");
        assertThat(failure("CALL db.index.vector.createNodeIndex('plots', 'Movie', 'plot', 3, 'cosine')")
                .statusCode()).isEqualTo("Neo.ClientError.Schema.IndexAlreadyExists");
        assertThat(failure("CALL db.index.vector.createNodeIndex('p', 'Movie', 'poster', 0, 'cosine')").getMessage())
                .contains("`vectorDimension`");
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'db.index.vector'"
                + " OR name STARTS WITH 'db.create' OR name STARTS WITH 'vector_search' RETURN name, mode"))
                .containsExactly(row("db.create.setNodeVectorProperty", "WRITE"),
                        row("db.create.setRelationshipVectorProperty", "WRITE"),
                        row("db.index.vector.createNodeIndex", "WRITE"), row("db.index.vector.queryNodes", "READ"),
                        row("db.index.vector.queryRelationships", "READ"), row("vector_search.search", "READ"),
                        row("vector_search.search_edges", "READ"), row("vector_search.show_index_info", "READ"));
    }

    @Test
    void similarityFunctionsScoreAsTheIndexes() {
        assertThat(db.values("RETURN vector.similarity.cosine([1, 0], [1, 1]) AS c,"
                + " vector.similarity.euclidean([0, 0], [3, 4]) AS e, vector.similarity.cosine(null, [1]) AS n,"
                + " vector.similarity.cosine([0, 0], [1, 1]) AS zero")).containsExactly(
                        Arrays.asList((1 + Math.sqrt(0.5)) / 2, 1.0 / 26, null, null));
        assertThat(failure("RETURN vector.similarity.euclidean([1, 2], [1])").getMessage())
                .contains("same dimension, but got 2 and 1");
        assertThat(failure("RETURN vector.similarity.cosine([1, 'a'], [1, 2])").getMessage())
                .contains("lists of numbers");
        assertThat(failure("RETURN vector.similarity.cosine('a', [1, 2])").getMessage()).contains("Type mismatch");
        assertThat(db.values("SHOW FUNCTIONS YIELD name WHERE name STARTS WITH 'vector.' RETURN name"))
                .containsExactly(row("vector.similarity.cosine"), row("vector.similarity.euclidean"));
        // Memgraph's gives the cosine itself
        assertThat(db.values("RETURN vector_search.cosine_similarity([1, 0], [1, 1]) AS c,"
                + " vector_search.cosine_similarity([1, 0], [-1, 0]) AS opposite,"
                + " vector_search.cosine_similarity(null, [1]) AS n")).containsExactly(
                        Arrays.asList(1 / Math.sqrt(2), -1.0, null));
        assertThat(failure("RETURN vector_search.cosine_similarity([1, 2], [1])").getMessage())
                .contains("vector_search.cosine_similarity() needs vectors of the same dimension");
    }

    // ------------------------------------------------------------------ Memgraph's forms

    @Test
    void memgraphsFormsCreateSearchShowAndDrop() {
        db.run("CREATE VECTOR INDEX test_index ON :L1(prop1) WITH CONFIG {\"dimension\": 2, \"capacity\": 10}");
        db.run("CREATE (:L1 {prop1: [1.0, 2.0]}), (:L1 {prop1: [1.0, 1.0]}), (:L1 {prop1: [100.0, 150.0]})");
        assertThat(db.values("CALL vector_search.search(\"test_index\", 2, [1.0, 1.0]) YIELD distance, node,"
                + " similarity RETURN distance, node.prop1, similarity")).containsExactly(row(0.0, List.of(1.0, 1.0), 1.0),
                        row(1.0, List.of(1.0, 2.0), 0.5));
        List<Object> info = Arrays.asList(null, 2L, "test_index", "L1", "prop1", "l2sq", 3L, "f64",
                "label+property_vector");
        assertThat(db.values("SHOW VECTOR INDEX INFO")).containsExactly(info);
        assertThat(db.values("CALL vector_search.show_index_info() YIELD *")).containsExactly(info);
        assertThat(db.values("SHOW INDEX INFO")).containsExactly(row(":L1(prop1)", "label+property_vector", "L1",
                "prop1", 3L));
        db.run("DROP VECTOR INDEX test_index");
        assertThat(db.values("SHOW VECTOR INDEX INFO")).isEmpty();
        db.run("CREATE VECTOR INDEX c ON :L1(prop1) WITH CONFIG {\"dimension\": 2, \"capacity\": 10, \"metric\":"
                + " \"cos\"}");
        assertThat(db.values("CALL vector_search.search('c', 1, [1.0, 1.0]) YIELD distance, similarity"))
                .containsExactly(row(0.0, 1.0));
        assertThat(failure("CREATE VECTOR INDEX d ON :L2(p) WITH CONFIG {\"dimension\": 2, \"capacity\": 10,"
                + " \"metric\": \"ip\"}").getMessage()).contains("`metric`").contains("'ip'");
        assertThat(failure("CREATE VECTOR INDEX d ON :L2(p) WITH CONFIG {\"capacity\": 10}").getMessage())
                .contains("\"dimension\"");
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.storage.SchemaItem;

import java.util.Locale;
import java.util.Map;

import static io.memgraph.ha.query.exec.SchemaDescriptions.VECTOR_DIMENSIONS;
import static io.memgraph.ha.query.exec.SchemaDescriptions.VECTOR_SIMILARITY;

/**
 * The vector index a statement or procedure describes: Neo4j 5's {@code OPTIONS {indexProvider,
 * indexConfig: {`vector.dimensions`, `vector.similarity_function`, ...}}}, Memgraph's {@code WITH
 * CONFIG {dimension, capacity, metric, ...}}, or {@code db.index.vector.createNodeIndex}'s
 * arguments. Settings that tune an approximate structure (Neo4j's HNSW and quantization, Memgraph's
 * capacity and resizing) are checked and then have nothing to tune: the search here is exact. A
 * key or value we do not know is an error naming it.
 */
public final class VectorIndexConfig {
    /** Memgraph's metric for cosine similarity. */
    public static final String MEMGRAPH_COSINE = "cos";
    /** Memgraph's metric for squared euclidean distance, its default. */
    public static final String MEMGRAPH_L2SQ = "l2sq";

    private static final String KIND = "vector index";

    private VectorIndexConfig() {
    }

    /**
     * Neo4j's form, of nodes with {@code label} or of relationships of that type: no OPTIONS gives
     * any number of dimensions and cosine similarity.
     */
    public static SchemaItem.VectorIndex neo4j(String label, boolean relationships, String property, Object options) {
        int dimensions = 0;
        String similarity = SchemaItem.VectorIndex.COSINE;
        for (Map.Entry<String, Object> e : map("OPTIONS", options).entrySet()) {
            switch (e.getKey()) {
                case "indexProvider" -> {
                    if (!"vector-1.0".equals(e.getValue()) && !"vector-2.0".equals(e.getValue())) {
                        throw invalid("indexProvider", "'vector-2.0' (or 'vector-1.0')", e.getValue());
                    }
                }
                case "indexConfig" -> {
                    for (Map.Entry<String, Object> c : map("indexConfig", e.getValue()).entrySet()) {
                        switch (c.getKey()) {
                            case VECTOR_DIMENSIONS -> dimensions = dimensions(VECTOR_DIMENSIONS, c.getValue());
                            case VECTOR_SIMILARITY -> similarity = similarity(VECTOR_SIMILARITY, c.getValue());
                            case "vector.hnsw.m", "vector.hnsw.ef_construction" -> positive(c.getKey(), c.getValue());
                            case "vector.quantization.enabled" -> {
                                if (!(c.getValue() instanceof Boolean)) {
                                    throw invalid(c.getKey(), "a BOOLEAN", c.getValue());
                                }
                            }
                            default -> throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                                    "Invalid indexConfig key `" + c.getKey() + "` for a vector index: valid keys are `"
                                            + VECTOR_DIMENSIONS + "`, `" + VECTOR_SIMILARITY + "`, `vector.hnsw.m`,"
                                            + " `vector.hnsw.ef_construction` and `vector.quantization.enabled`");
                        }
                    }
                }
                default -> throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Invalid option '"
                        + e.getKey() + "' for a vector index: valid options are 'indexProvider' and 'indexConfig'");
            }
        }
        return new SchemaItem.VectorIndex(label, property, dimensions, similarity, relationships);
    }

    /**
     * Memgraph's form: {@code dimension} is required; {@code metric} is {@code l2sq} (its default,
     * ranked as euclidean) or {@code cos}; {@code scalar_kind} {@code f32} or {@code f64} (vectors
     * are compared in float64 here); {@code capacity} and {@code resize_coefficient} positive. Of
     * relationships for {@code CREATE VECTOR EDGE INDEX}.
     */
    public static SchemaItem.VectorIndex memgraph(String label, boolean relationships, String property,
                                                  Object config) {
        Map<String, Object> map = map("WITH CONFIG", config);
        if (!map.containsKey("dimension")) {
            throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "A vector index needs \"dimension\" in WITH CONFIG, e.g. {\"dimension\": 256, \"capacity\": 1000}");
        }
        int dimensions = 0;
        String similarity = SchemaItem.VectorIndex.EUCLIDEAN;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            switch (e.getKey()) {
                case "dimension" -> dimensions = dimensions("dimension", e.getValue());
                case "capacity", "resize_coefficient" -> positive(e.getKey(), e.getValue());
                case "metric" -> {
                    if (MEMGRAPH_COSINE.equals(e.getValue())) {
                        similarity = SchemaItem.VectorIndex.COSINE;
                    } else if (!MEMGRAPH_L2SQ.equals(e.getValue())) {
                        throw invalid("metric", "'l2sq' or 'cos' (the metrics this server has)", e.getValue());
                    }
                }
                case "scalar_kind" -> {
                    if (!"f32".equals(e.getValue()) && !"f64".equals(e.getValue())) {
                        throw invalid("scalar_kind", "'f32' or 'f64' (vectors are compared in float64)", e.getValue());
                    }
                }
                default -> throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Invalid vector index"
                        + " config key \"" + e.getKey() + "\": valid keys are \"dimension\", \"capacity\", \"metric\","
                        + " \"resize_coefficient\" and \"scalar_kind\"");
            }
        }
        return new SchemaItem.VectorIndex(label, property, dimensions, similarity, relationships);
    }

    /** {@code db.index.vector.createNodeIndex}'s: dimensions 1 to 4096, similarity cosine or euclidean. */
    public static SchemaItem.VectorIndex of(String label, String property, Object dimensions, Object similarity) {
        return new SchemaItem.VectorIndex(label, property, dimensions("vectorDimension", dimensions),
                similarity("vectorSimilarityFunction", similarity));
    }

    /** Memgraph's name of the index's metric. */
    public static String memgraphMetric(SchemaItem.VectorIndex index) {
        return SchemaItem.VectorIndex.COSINE.equals(index.similarity()) ? MEMGRAPH_COSINE : MEMGRAPH_L2SQ;
    }

    private static Map<String, Object> map(String what, Object value) {
        return map(KIND, what, value);
    }

    /** {@code what} (OPTIONS, indexConfig, ...) of a {@code kind} as a map: none when null, else an error unless a map. */
    static Map<String, Object> map(String kind, String what, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, what + " of a " + kind + " must be a"
                    + " map, not " + CypherValues.typeName(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return map;
    }

    private static int dimensions(String key, Object value) {
        if (!(value instanceof Long n) || n < 1 || n > SchemaItem.VectorIndex.MAX_DIMENSIONS) {
            throw invalid(key, "an INTEGER from 1 to " + SchemaItem.VectorIndex.MAX_DIMENSIONS, value);
        }
        return n.intValue();
    }

    private static String similarity(String key, Object value) {
        String s = value instanceof String text ? text.toLowerCase(Locale.ROOT) : "";
        if (!s.equals(SchemaItem.VectorIndex.COSINE) && !s.equals(SchemaItem.VectorIndex.EUCLIDEAN)) {
            throw invalid(key, "'cosine' or 'euclidean'", value);
        }
        return s;
    }

    private static void positive(String key, Object value) {
        if (!(value instanceof Long n) || n < 1) {
            throw invalid(key, "a positive INTEGER", value);
        }
    }

    private static CypherException invalid(String key, String expected, Object value) {
        return invalid(KIND, key, expected, value);
    }

    /** A setting of a {@code kind} that is not what it may be. */
    static CypherException invalid(String kind, String key, String expected, Object value) {
        return new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Invalid " + kind + " setting `" + key
                + "`: expected " + expected + ", but got " + (value instanceof String s ? "'" + s + "'"
                : io.memgraph.ha.query.eval.Functions.show(value)));
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.eval.VectorSimilarity;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;

import java.util.ArrayList;
import java.util.List;

import static io.memgraph.ha.query.exec.ApocArguments.described;
import static io.memgraph.ha.query.exec.ApocArguments.failed;
import static io.memgraph.ha.query.exec.ApocArguments.string;

/**
 * The vector index procedures of Neo4j 5 ({@code db.index.vector.queryNodes},
 * {@code db.index.vector.createNodeIndex}, {@code db.create.setNodeVectorProperty} and
 * {@code setRelationshipVectorProperty}) and of Memgraph ({@code vector_search.search},
 * {@code vector_search.show_index_info}). Searches are exact ({@link VectorSearch}); the writing
 * ones write through the caller's transaction, so they replicate and roll back with it.
 */
public final class VectorProcedures {
    /** Memgraph's {@code index_type} (and {@code SHOW INDEX INFO}'s {@code index type}) of a vector index. */
    public static final String MEMGRAPH_INDEX_TYPE = "label+property_vector";
    private static final String QUERY_NODES = "db.index.vector.queryNodes";
    private static final String SEARCH = "vector_search.search";

    private VectorProcedures() {
    }

    static void register(Procedures p) {
        p.register(new Procedure(QUERY_NODES, List.of(new Field("indexName", "STRING"),
                new Field("numberOfNearestNeighbours", "INTEGER"), new Field("query", "ANY")),
                List.of(new Field("node", "NODE"), new Field("score", "FLOAT")), Mode.READ,
                "Query the given node vector index: the nearest nodes and their similarity scores, best first"
                        + " (an exact search).", (ctx, a) -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (VectorSearch.Hit h : search(ctx, QUERY_NODES, named(ctx, QUERY_NODES, a.get(0)), a)) {
                        rows.add(new Object[] {new GraphNode(h.id()), h.score()});
                    }
                    return rows;
                }));
        p.register(new Procedure("db.index.vector.createNodeIndex", List.of(new Field("indexName", "STRING"),
                new Field("label", "STRING"), new Field("propertyKey", "STRING"),
                new Field("vectorDimension", "INTEGER"), new Field("vectorSimilarityFunction", "STRING")), List.of(),
                Mode.WRITE, "Create a named node vector index for the label and property, with the given dimensions"
                        + " and similarity function (deprecated in Neo4j for CREATE VECTOR INDEX).", (ctx, a) -> {
                    String what = "db.index.vector.createNodeIndex";
                    SchemaItem.VectorIndex item = VectorIndexConfig.of(string(what, "label", a.get(1)),
                            string(what, "propertyKey", a.get(2)), a.get(3), a.get(4));
                    List<SchemaDefinition> schema = ctx.tx().schemaDefinitions();
                    if (SchemaCreation.create(ctx.tx(), schema, item, string(what, "indexName", a.get(0)), false,
                            true)) {
                        ctx.count("indexes-added", 1);
                    }
                    return List.of();
                }));
        p.register(new Procedure("db.create.setNodeVectorProperty", List.of(new Field("node", "NODE"),
                new Field("key", "STRING"), new Field("vector", "ANY")), List.of(), Mode.WRITE,
                "Set a vector property on the given node (a list of floats), in the caller's transaction.",
                (ctx, a) -> setVector(ctx, "db.create.setNodeVectorProperty", "node", a)));
        p.register(new Procedure("db.create.setRelationshipVectorProperty", List.of(
                new Field("relationship", "RELATIONSHIP"), new Field("key", "STRING"), new Field("vector", "ANY")),
                List.of(), Mode.WRITE,
                "Set a vector property on the given relationship (a list of floats), in the caller's transaction.",
                (ctx, a) -> setVector(ctx, "db.create.setRelationshipVectorProperty", "relationship", a)));
        p.register(new Procedure(SEARCH, List.of(new Field("index_name", "STRING"),
                new Field("result_set_size", "INTEGER"), new Field("query_vector", "LIST<ANY>")),
                List.of(new Field("node", "NODE"), new Field("distance", "FLOAT"), new Field("similarity", "FLOAT")),
                Mode.READ, "Search the vector index for the nearest nodes (Memgraph's vector_search; an exact"
                        + " search): l2sq gives the squared distance and 1 / (1 + distance), cos 1 - cosine and the"
                        + " cosine.", (ctx, a) -> {
                    List<Object[]> rows = new ArrayList<>();
                    SchemaItem.VectorIndex index = named(ctx, SEARCH, a.get(0));
                    boolean cosine = VectorSearch.cosine(index);
                    for (VectorSearch.Hit h : search(ctx, SEARCH, index, a)) {
                        rows.add(cosine ? new Object[] {new GraphNode(h.id()), 1 - h.raw(), h.raw()}
                                : new Object[] {new GraphNode(h.id()), h.raw(), h.score()});
                    }
                    return rows;
                }));
        p.register(new Procedure("vector_search.show_index_info", List.of(), List.of(
                new Field("capacity", "INTEGER"), new Field("dimension", "INTEGER"), new Field("index_name", "STRING"),
                new Field("label", "STRING"), new Field("property", "STRING"), new Field("metric", "STRING"),
                new Field("size", "INTEGER"), new Field("scalar_kind", "STRING"), new Field("index_type", "STRING")),
                Mode.READ, "The vector indexes, with Memgraph's columns (capacity null: nothing is preallocated;"
                        + " size: the vectors a search would consider).", VectorProcedures::indexInfo));
    }

    /**
     * Memgraph's rows of the vector indexes ({@code SHOW VECTOR INDEX INFO} too): no capacity (no
     * structure), the dimension (null: any), Memgraph's metric name, the vectors a search would
     * consider now, {@code f64}.
     */
    public static List<Object[]> indexInfo(ExecContext ctx, List<Object> arguments) {
        List<Object[]> rows = new ArrayList<>();
        for (SchemaDefinition d : ctx.tx().schemaDefinitions()) {
            if (d.item() instanceof SchemaItem.VectorIndex v) {
                rows.add(new Object[] {null, v.dimensions() == 0 ? null : (long) v.dimensions(), d.name(), v.label(),
                    v.property(), VectorIndexConfig.memgraphMetric(v), VectorSearch.size(ctx, v), "f64",
                    MEMGRAPH_INDEX_TYPE});
            }
        }
        return rows;
    }

    /** The vector index a call names; another name is refused as Neo4j refuses it. */
    private static SchemaItem.VectorIndex named(ExecContext ctx, String what, Object argument) {
        String name = string(what, "indexName", argument);
        SchemaItem.VectorIndex index = VectorSearch.index(ctx.tx(), name);
        if (index == null) {
            throw failed(what, "There is no such vector schema index: " + name);
        }
        return index;
    }

    /** The hits of a search call {@code (index name, k, query vector)} on {@code index}, its arguments checked. */
    private static List<VectorSearch.Hit> search(ExecContext ctx, String what, SchemaItem.VectorIndex index,
                                                 List<Object> a) {
        if (!(a.get(1) instanceof Long k) || k < 1) {
            throw failed(what, "The number of nearest neighbours must be a positive INTEGER, but was "
                    + (a.get(1) instanceof Long ? a.get(1) : described(a.get(1))));
        }
        double[] query = VectorSimilarity.numbers(a.get(2));
        if (query == null) {
            throw failed(what, "Index query vector must be a LIST<INTEGER | FLOAT> without nulls, but was "
                    + described(a.get(2)));
        }
        if (index.dimensions() > 0 && query.length != index.dimensions()) {
            throw failed(what, "Index query vector has " + query.length + " dimensions, but indexed vectors have "
                    + index.dimensions() + ".");
        }
        if (!VectorSimilarity.valid(query, VectorSearch.cosine(index))) {
            throw failed(what, "Index query vector is not valid for " + index.similarity() + " similarity (an element"
                    + " is not finite" + (VectorSearch.cosine(index) ? ", or its norm is 0)" : ")"));
        }
        return VectorSearch.nearest(ctx, index, query, k);
    }

    /** {@code db.create.set*VectorProperty(entity, key, vector)}: the vector stored as a list of floats. */
    private static List<Object[]> setVector(ExecContext ctx, String what, String kind, List<Object> a) {
        Object entity = a.get(0);
        if (entity != null && !(kind.equals("node") ? entity instanceof NodeValue : entity instanceof RelationshipValue)) {
            throw ApocArguments.typeMismatch(what, kind, kind.equals("node") ? "a NODE" : "a RELATIONSHIP", entity);
        }
        String key = string(what, "key", a.get(1));
        double[] v = VectorSimilarity.numbers(a.get(2));
        if (v == null) {
            throw failed(what, "vector must be a LIST<INTEGER | FLOAT> without nulls, but was " + described(a.get(2)));
        }
        List<Object> floats = new ArrayList<>(v.length);
        for (double x : v) {
            floats.add(x);
        }
        Updates.setProperty(ctx, entity, key, floats);
        return List.of();
    }
}

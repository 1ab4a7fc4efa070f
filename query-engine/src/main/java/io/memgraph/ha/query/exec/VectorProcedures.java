package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.eval.VectorSimilarity;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.memgraph.ha.query.exec.ApocArguments.described;
import static io.memgraph.ha.query.exec.ApocArguments.failed;
import static io.memgraph.ha.query.exec.ApocArguments.string;

/**
 * The vector index procedures of Neo4j 5 ({@code db.index.vector.queryNodes}, {@code
 * queryRelationships}, {@code db.index.vector.createNodeIndex}, {@code
 * db.create.setNodeVectorProperty} and {@code setRelationshipVectorProperty}) and of Memgraph
 * ({@code vector_search.search}, {@code search_edges}, {@code vector_search.show_index_info}).
 * Searches check and score every candidate in the transaction's snapshot ({@link VectorSearch}); a
 * search of nodes refuses an index of relationships and the reverse. The writing ones write through
 * the caller's transaction, so they replicate and roll back with it.
 */
public final class VectorProcedures {
    private static final String QUERY_NODES = "db.index.vector.queryNodes";
    private static final String QUERY_RELATIONSHIPS = "db.index.vector.queryRelationships";
    private static final String SEARCH = "vector_search.search";
    private static final String SEARCH_EDGES = "vector_search.search_edges";

    private VectorProcedures() {
    }

    static void register(Procedures p) {
        for (boolean edges : new boolean[] {false, true}) {
            String name = edges ? QUERY_RELATIONSHIPS : QUERY_NODES;
            String entity = edges ? "relationship" : "node";
            p.register(new Procedure(name, List.of(new Field("indexName", "STRING"),
                    new Field("numberOfNearestNeighbours", "INTEGER"), new Field("query", "ANY")),
                    List.of(new Field(entity, entity.toUpperCase(Locale.ROOT)), new Field("score", "FLOAT")), Mode.READ,
                    "Query the given " + entity + " vector index: the nearest " + entity + "s and their similarity"
                            + " scores, best first (each checked and scored exactly in the transaction's snapshot).",
                    (ctx, a) -> {
                        List<Object[]> rows = new ArrayList<>();
                        for (VectorSearch.Hit h : search(ctx, name, named(ctx, name, a.get(0), edges), a)) {
                            rows.add(new Object[] {entity(ctx, edges, h.id()), h.score()});
                        }
                        return rows;
                    }));
            String memgraphName = edges ? SEARCH_EDGES : SEARCH;
            String column = edges ? "edge" : "node";
            p.register(new Procedure(memgraphName, List.of(new Field("index_name", "STRING"),
                    new Field("result_set_size", "INTEGER"), new Field("query_vector", "LIST<ANY>")),
                    List.of(new Field(column, edges ? "RELATIONSHIP" : "NODE"), new Field("distance", "FLOAT"),
                            new Field("similarity", "FLOAT")),
                    Mode.READ, "Search the vector " + (edges ? "edge " : "") + "index for the nearest " + column
                            + "s (Memgraph's vector_search; each checked and scored exactly in the transaction's"
                            + " snapshot): l2sq gives the squared distance and 1 / (1 + distance), cos 1 - cosine"
                            + " and the cosine.", (ctx, a) -> {
                        List<Object[]> rows = new ArrayList<>();
                        SchemaItem.VectorIndex index = named(ctx, memgraphName, a.get(0), edges);
                        boolean cosine = VectorSearch.cosine(index);
                        for (VectorSearch.Hit h : search(ctx, memgraphName, index, a)) {
                            Object found = entity(ctx, edges, h.id());
                            rows.add(cosine ? new Object[] {found, 1 - h.raw(), h.raw()}
                                    : new Object[] {found, h.raw(), h.score()});
                        }
                        return rows;
                    }));
        }
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
        p.register(new Procedure("vector_search.show_index_info", List.of(), List.of(
                new Field("capacity", "INTEGER"), new Field("dimension", "INTEGER"), new Field("index_name", "STRING"),
                new Field("label", "STRING"), new Field("property", "STRING"), new Field("metric", "STRING"),
                new Field("size", "INTEGER"), new Field("scalar_kind", "STRING"), new Field("index_type", "STRING")),
                Mode.READ, "The vector indexes, with Memgraph's columns (capacity null: nothing is preallocated;"
                        + " size: the vectors a search would consider).", VectorProcedures::indexInfo));
    }

    /**
     * Memgraph's {@code index_type} of a vector index (and {@code SHOW INDEX INFO}'s {@code index
     * type}): {@code label+property_vector}, or {@code edge-type+property_vector} for relationships.
     */
    public static String memgraphIndexType(SchemaItem.VectorIndex index) {
        return index.relationships() ? "edge-type+property_vector" : "label+property_vector";
    }

    /**
     * Memgraph's rows of the vector indexes ({@code SHOW VECTOR INDEX INFO} too): no capacity (no
     * structure), the dimension (null: any), the label or edge type, Memgraph's metric name, the
     * vectors a search would consider now, {@code f64}, the index type.
     */
    public static List<Object[]> indexInfo(ExecContext ctx, List<Object> arguments) {
        List<Object[]> rows = new ArrayList<>();
        for (SchemaDefinition d : ctx.tx().schemaDefinitions()) {
            if (d.item() instanceof SchemaItem.VectorIndex v) {
                rows.add(new Object[] {null, v.dimensions() == 0 ? null : (long) v.dimensions(), d.name(), v.label(),
                    v.property(), VectorIndexConfig.memgraphMetric(v), VectorSearch.size(ctx, v), "f64",
                    memgraphIndexType(v)});
            }
        }
        return rows;
    }

    /**
     * The vector index a call names, of the entities the procedure searches; another name is refused
     * as Neo4j refuses it, an index of the other entities with the procedure that searches it.
     */
    private static SchemaItem.VectorIndex named(ExecContext ctx, String what, Object argument, boolean edges) {
        String name = string(what, "indexName", argument);
        SchemaItem.VectorIndex index = VectorSearch.index(ctx.tx(), name);
        if (index == null) {
            throw failed(what, "There is no such vector schema index: " + name);
        }
        if (index.relationships() != edges) {
            String other = what.startsWith("vector_search") ? (edges ? SEARCH : SEARCH_EDGES)
                    : edges ? QUERY_NODES : QUERY_RELATIONSHIPS;
            throw failed(what, "The vector index '" + name + "' is on " + (edges ? "nodes" : "relationships")
                    + " (:" + index.label() + "), not " + (edges ? "relationships" : "nodes") + ": query it with "
                    + other);
        }
        return index;
    }

    /** The node or relationship of a hit, which the transaction sees. */
    private static Object entity(ExecContext ctx, boolean edges, long id) {
        if (!edges) {
            return new GraphNode(id);
        }
        EdgeRef e = ctx.tx().edge(id);
        return new GraphRelationship(e.id(), e.from(), e.to(), e.type());
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

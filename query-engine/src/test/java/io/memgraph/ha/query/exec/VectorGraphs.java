package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A storage and engine with one vector index {@code v} on {@code :N(e)} (0 dimensions: any), or on
 * the relationships of type {@code N} by {@code e} ({@code edges}), for the HNSW tests. The ids are
 * of vertices or of edges accordingly.
 */
final class VectorGraphs {
    final Storage storage;
    final QueryEngine engine;
    final boolean cosine;
    final boolean edges;

    VectorGraphs(boolean cosine, int dimensions) {
        this(new Storage(), null, cosine, dimensions, false);
    }

    VectorGraphs(boolean cosine, int dimensions, boolean edges) {
        this(new Storage(), null, cosine, dimensions, edges);
    }

    /** Creates the index in {@code storage} (with {@code engine}, or a new one when null). */
    VectorGraphs(Storage storage, QueryEngine engine, boolean cosine, int dimensions, boolean edges) {
        this.storage = storage;
        this.engine = engine != null ? engine : new QueryEngine(storage);
        this.cosine = cosine;
        this.edges = edges;
        Transaction tx = storage.begin();
        try (Execution ex = this.engine.execute(tx, "CREATE VECTOR INDEX v FOR " + (edges ? "()-[n:N]->()" : "(n:N)")
                + " ON (n.e) OPTIONS {indexConfig: {"
                + (dimensions > 0 ? "`vector.dimensions`: " + dimensions + ", " : "") + "`vector.similarity_function`: '"
                + (cosine ? "cosine" : "euclidean") + "'}}", Map.of(), QueryControl.unlimited())) {
            ex.pull(-1, r -> { });
        }
        commit(tx);
    }

    /** The index's structure. */
    HnswIndex index() {
        try (Transaction tx = storage.begin()) {
            return (HnswIndex) tx.derivedIndex(VectorSearch.index(tx, "v"));
        }
    }

    void commit(Transaction tx) {
        if (!storage.commit(tx).committed()) {
            throw new AssertionError("commit refused");
        }
        tx.close();
    }

    /** A new committed {@code :N {e: vector}} (or {@code ()-[:N {e: vector}]->()}); its id. */
    long create(List<?> vector) {
        Transaction tx = storage.begin();
        long id = create(tx, vector);
        commit(tx);
        return id;
    }

    /** A new {@code :N {e: vector}} (or {@code ()-[:N {e: vector}]->()}) in {@code tx}; its id. */
    long create(Transaction tx, List<?> vector) {
        long id;
        if (edges) {
            id = tx.createEdge(tx.createVertex(), tx.createVertex(), "N");
        } else {
            id = tx.createVertex();
            tx.addLabel(id, "N");
        }
        set(tx, id, vector);
        return id;
    }

    /** Sets {@code e} of the vertex (edge) {@code id} in {@code tx}. */
    void set(Transaction tx, long id, Object vector) {
        if (edges) {
            tx.setEdgeProperty(id, "e", vector);
        } else {
            tx.setVertexProperty(id, "e", vector);
        }
    }

    /** {@code e} of the vertex (edge) {@code id} as {@code tx} sees it. */
    Object vector(Transaction tx, long id) {
        return edges ? tx.edgeProperty(id, "e") : tx.vertexProperty(id, "e");
    }

    /** Whether {@code tx} sees the vertex with label {@code N} (the edge of type {@code N}) {@code id}. */
    boolean covered(Transaction tx, long id) {
        if (edges) {
            io.memgraph.ha.storage.EdgeRef e = tx.edge(id);
            return e != null && e.type().equals("N");
        }
        return tx.vertexExists(id) && tx.hasLabel(id, "N");
    }

    /**
     * {@code db.index.vector.queryNodes('v', k, query)} (or {@code queryRelationships}) in {@code
     * tx}: {id, score} rows.
     */
    List<Object[]> search(Transaction tx, long k, List<?> query) {
        List<Object[]> rows = new ArrayList<>();
        String call = edges ? "queryRelationships('v', $k, $q) YIELD relationship AS n, score"
                : "queryNodes('v', $k, $q) YIELD node AS n, score";
        try (Execution ex = engine.execute(tx, "CALL db.index.vector." + call + " RETURN id(n), score",
                Map.of("k", k, "q", query), QueryControl.unlimited())) {
            ex.pull(-1, r -> rows.add(r.clone()));
        }
        return rows;
    }

    /** As {@link #search(Transaction, long, List)} in a transaction of its own. */
    List<Object[]> search(long k, List<?> query) {
        try (Transaction tx = storage.begin()) {
            return search(tx, k, query);
        }
    }

    /** Neo4j's score of {@code v} against {@code q} in float64, or null when {@code v} is no candidate. */
    Double score(Object value, List<? extends Number> q, int dimensions) {
        if (!(value instanceof List<?> v) || v.size() != dimensions || v.size() != q.size()) {
            return null;
        }
        double dot = 0;
        double vv = 0;
        double qq = 0;
        double squared = 0;
        for (int i = 0; i < v.size(); i++) {
            double a = ((Number) v.get(i)).doubleValue();
            double b = q.get(i).doubleValue();
            dot += a * b;
            vv += a * a;
            qq += b * b;
            squared += (a - b) * (a - b);
        }
        if (cosine) {
            return vv == 0 ? null : (1 + Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(vv * qq)))) / 2;
        }
        return 1 / (1 + squared);
    }

    /** Sets the test knobs of {@link HnswIndex}; the returned runnable sets them back. */
    static Runnable knobs(int exactBelow, int minCandidates, int rebuildAtLeast) {
        int e = HnswIndex.exactBelow;
        int m = HnswIndex.minCandidates;
        int r = HnswIndex.rebuildAtLeast;
        HnswIndex.exactBelow = exactBelow;
        HnswIndex.minCandidates = minCandidates;
        HnswIndex.rebuildAtLeast = rebuildAtLeast;
        return () -> {
            HnswIndex.exactBelow = e;
            HnswIndex.minCandidates = m;
            HnswIndex.rebuildAtLeast = r;
        };
    }

    static SchemaItem.VectorIndex item(Transaction tx) {
        return VectorSearch.index(tx, "v");
    }
}

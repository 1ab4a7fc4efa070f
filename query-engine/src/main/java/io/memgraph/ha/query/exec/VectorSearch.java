package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.eval.VectorSimilarity;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * The k nearest neighbours of a query vector in a vector index of nodes or of relationships. A
 * large index is searched through its HNSW graph ({@link HnswIndex}): the graph proposes
 * candidates (at least 100), and each one is checked at the transaction's snapshot (visible, of the
 * label or type) and scored exactly from the vector the transaction sees, as are the vectors not yet
 * in the graph and the transaction's own writes; so every hit and score is exact, while a true
 * neighbour the graph did not propose can be missed (recall@10 above 0.95 in HnswGraphTest). A
 * small index (under {@link HnswIndex#exactBelow} vectors), a k as large as the index, a graph
 * still being built, or a snapshot older than the structure is answered by an exact scan of the
 * label's vertices (the type's edges), O(n·d + n·log k). Either way the best k are kept in a
 * bounded heap, and ties in score go to the lower id, so every server answers the same. A value
 * that is not a list of numbers of the index's dimensions, or that the similarity cannot score (a
 * non-finite element; for cosine, norm 0), is no candidate, as Neo4j indexes no such value.
 */
public final class VectorSearch {
    /** What one neighbour held in the heap is counted as against the query's memory limit. */
    private static final long HIT_BYTES = 48;
    /** Higher score first, then lower id. */
    private static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble(Hit::score).reversed()
            .thenComparingLong(Hit::id);

    private VectorSearch() {
    }

    /**
     * One neighbour.
     *
     * @param raw the cosine (cosine index) or squared distance (euclidean index)
     * @param score Neo4j's score of {@code raw} ({@link VectorSimilarity#score})
     */
    public record Hit(long id, double raw, double score) {}

    /** The vector index called {@code name} in the newest schema, or null. */
    public static SchemaItem.VectorIndex index(Transaction tx, String name) {
        return SchemaCreation.named(tx, name, SchemaItem.VectorIndex.class);
    }

    /** Whether the index scores by cosine (else euclidean). */
    public static boolean cosine(SchemaItem.VectorIndex index) {
        return SchemaItem.VectorIndex.COSINE.equals(index.similarity());
    }

    /**
     * The best {@code k} candidates for {@code query} (a valid vector of the index's dimensions),
     * best first. Honours the query's time limit and counts the heap against its memory limit.
     */
    public static List<Hit> nearest(ExecContext ctx, SchemaItem.VectorIndex index, double[] query, long k) {
        boolean cosine = cosine(index);
        PriorityQueue<Hit> heap = new PriorityQueue<>(BEST_FIRST.reversed()); // the worst kept at the head
        MemoryScope memory = ctx.memory().child();
        try {
            Transaction tx = ctx.tx();
            LongConsumer score = id -> {
                double[] v = candidate(index, VectorSimilarity.numbers(vector(tx, index, id)), query.length);
                if (v == null) {
                    return;
                }
                double raw = VectorSimilarity.raw(cosine, query, v);
                Hit hit = new Hit(id, raw, VectorSimilarity.score(cosine, raw));
                if (heap.size() < k) {
                    memory.reserve(HIT_BYTES);
                    heap.add(hit);
                } else if (BEST_FIRST.compare(hit, heap.peek()) < 0) {
                    heap.poll();
                    heap.add(hit);
                }
            };
            long[] ids = tx.derivedIndex(index) instanceof HnswIndex hnsw
                    ? hnsw.candidates(tx, query, k, ctx::tick, memory) : null;
            if (ids == null) {
                scan(ctx, index, score);
            } else {
                // the structure holds more than this snapshot sees, some entities more than once
                Arrays.sort(ids);
                for (int i = 0; i < ids.length; i++) {
                    ctx.tick();
                    long id = ids[i];
                    if ((i == 0 || id != ids[i - 1]) && covered(tx, index, id)) {
                        score.accept(id);
                    }
                }
            }
        } finally {
            memory.releaseAll();
        }
        List<Hit> hits = new ArrayList<>(heap);
        hits.sort(BEST_FIRST);
        return hits;
    }

    /** How many of the index's vertices (edges) are candidates (of any length when the index fixes none). */
    public static long size(ExecContext ctx, SchemaItem.VectorIndex index) {
        long[] n = {0};
        Transaction tx = ctx.tx();
        scan(ctx, index, id -> {
            if (candidate(index, VectorSimilarity.numbers(vector(tx, index, id)), -1) != null) {
                n[0]++;
            }
        });
        return n[0];
    }

    /** Every vertex with the index's label, or edge of its type, the transaction sees. */
    private static void scan(ExecContext ctx, SchemaItem.VectorIndex index, LongConsumer each) {
        if (index.relationships()) {
            EntityScan.edges(ctx, List.of(index.label()), each);
        } else {
            EntityScan.vertices(ctx, List.of(index.label()), each);
        }
    }

    /** Whether the transaction sees the vertex with the index's label (the edge of its type). */
    private static boolean covered(Transaction tx, SchemaItem.VectorIndex index, long id) {
        if (index.relationships()) {
            EdgeRef e = tx.edge(id);
            return e != null && e.type().equals(index.label());
        }
        return tx.vertexExists(id) && tx.hasLabel(id, index.label());
    }

    /** The indexed property of a covered entity as the transaction sees it. */
    private static Object vector(Transaction tx, SchemaItem.VectorIndex index, long id) {
        return index.relationships() ? tx.edgeProperty(id, index.property()) : tx.vertexProperty(id, index.property());
    }

    /**
     * The stored vector {@code v} (null: not a list of numbers), or null when it is no candidate: not of
     * the index's dimensions (or of {@code length} when the index fixes none and it is not -1), or
     * not one the similarity can score.
     */
    static double[] candidate(SchemaItem.VectorIndex index, double[] v, int length) {
        if (v == null) {
            return null;
        }
        int wanted = index.dimensions() > 0 ? index.dimensions() : length;
        if (wanted >= 0 && v.length != wanted || !VectorSimilarity.valid(v, cosine(index))) {
            return null;
        }
        return v;
    }
}

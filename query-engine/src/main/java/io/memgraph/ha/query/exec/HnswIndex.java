package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.eval.VectorSimilarity;
import io.memgraph.ha.storage.DerivedIndex;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The approximate nearest-neighbour structure of one vector index, of nodes or of relationships: an
 * {@link HnswGraph} per vector length (one when the index fixes its dimensions), fed the index's
 * committed changes. Ids are vertex or edge ids as the index's entities are.
 *
 * <p>Like the property indexes it holds a superset of what any open snapshot sees: a vector
 * changed at commit {@code c} comes in as a new node and its old node is marked stale at {@code c};
 * the old node stops being a candidate once the garbage collection horizon reaches {@code c} (no
 * snapshot can see it), and the graph is rebuilt without such tombstones when they are more than
 * half its nodes. Searches ({@link VectorSearch}) check every candidate at their own snapshot and
 * score it exactly.
 *
 * <p>The apply thread only converts a vector to float32 and queues it ({@link #changed}); the
 * index's own daemon thread inserts the queue into the graph, and ends when idle. A change leaves
 * the queue only after it is in the graph, and a search reads the queue before the graph, so a
 * committed vector the thread has not reached yet is still checked exactly, never missed.
 */
final class HnswIndex implements DerivedIndex {
    private static final Logger LOG = LoggerFactory.getLogger(HnswIndex.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * Below this many nodes in the graph of the query's length (or for k at least as many) a
     * search scans the label (the type) exactly instead: as fast at that size, and exact. Tests lower it.
     */
    static volatile int exactBelow = 4096;
    /** The fewest candidates a search takes from the graph (its ef when k is less). Tests lower it. */
    static volatile int minCandidates = 100;
    /** Graphs smaller than this are not rebuilt for their tombstones. Tests lower it. */
    static volatile int rebuildAtLeast = 1024;

    private final SchemaItem.VectorIndex item;
    private final boolean cosine;
    private final ConcurrentLinkedQueue<Change> queue = new ConcurrentLinkedQueue<>();
    /** The queue's length (its own size() walks it). */
    private final AtomicInteger queued = new AtomicInteger();
    private final Map<Integer, Shelf> shelves = new ConcurrentHashMap<>();
    /** Each vertex's (edge's) newest node (indexer thread only). */
    private final Map<Long, HnswGraph.Node> newest = new HashMap<>();
    private final ThreadPoolExecutor indexer;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long horizon = Long.MIN_VALUE;
    /** The horizon at which some graph would be more than half tombstones (indexer publishes it). */
    private volatile long rebuildAt = Long.MAX_VALUE;
    /** The commit the structure was built at ({@link #built}): an older snapshot may see what it never got. */
    private volatile long builtAt = Long.MAX_VALUE;
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    /** Searches the graph served rather than a scan (tests tell the two paths apart by it). */
    private final AtomicInteger graphSearches = new AtomicInteger();

    /** One vertex's (edge's) vector (null: no longer indexed) as of a commit. */
    private record Change(long id, float[] vector, long commit) {}

    /** The graph of one vector length and its stale nodes in the order they went stale. */
    private static final class Shelf {
        volatile HnswGraph graph;
        List<HnswGraph.Node> stale = new ArrayList<>();
        /** How many of {@code stale}, from the front, are tombstones. */
        int tombstones;

        Shelf(HnswGraph graph) {
            this.graph = graph;
        }
    }

    HnswIndex(SchemaItem.VectorIndex item) {
        this.item = item;
        this.cosine = VectorSearch.cosine(item);
        String name = "vector-index-" + item.label() + "." + item.property() + "-" + THREADS.incrementAndGet();
        this.indexer = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        indexer.allowCoreThreadTimeOut(true);
    }

    @Override
    public boolean edges() {
        return item.relationships();
    }

    @Override
    public List<String> labels() {
        return List.of(item.label());
    }

    @Override
    public List<String> properties() {
        return List.of(item.property());
    }

    @Override
    public void changed(long id, Object[] before, Object[] after, long commit) {
        if (failure != null) {
            return;
        }
        float[] v = after == null ? null : graphVector(VectorSimilarity.numbers(after[0]));
        if (before == null && v == null) {
            return;
        }
        queue.add(new Change(id, v, commit));
        queued.incrementAndGet();
        schedule();
    }

    @Override
    public void built(long commit) {
        builtAt = commit;
    }

    @Override
    public void horizon(long h) {
        horizon = h;
        if (h >= rebuildAt) {
            schedule();
        }
    }

    @Override
    public void close() {
        closed = true;
        indexer.shutdownNow();
    }

    /**
     * The vertex (edge) ids to check for the {@code k} nearest to {@code query} (a valid vector for
     * the index) in {@code tx}: the graph's best candidates, the queued changes and the
     * transaction's own; or null when the label (type) should be scanned instead (a small graph, a
     * large k, more queued than in the graph, a snapshot older than the structure, or a failed
     * indexer).
     */
    long[] candidates(Transaction tx, double[] query, long k, Runnable tick, MemoryScope memory) {
        Shelf shelf = shelves.get(query.length);
        if (failure != null || closed || tx.snapshotIndex() < builtAt || shelf == null) {
            return null;
        }
        int size = shelf.graph.size();
        if (size < exactBelow || k >= size || queued.get() >= size) {
            return null; // (while the graph is built, checking the queue would cost more than the scan)
        }
        graphSearches.incrementAndGet();
        LongList ids = new LongList(memory);
        for (Change c : queue) { // before the graph: a change leaves the queue only once in the graph
            tick.run();
            ids.add(c.id());
        }
        float[] q = cosine ? HnswGraph.cosineUnit(query) : HnswGraph.euclidean(query);
        for (long id : shelf.graph.search(q, (int) Math.max(k, minCandidates), horizon, tick, memory::reserve)) {
            ids.add(id);
        }
        if (item.relationships()) {
            tx.ownChangedEdges(ids::add);
        } else {
            tx.ownChangedVertices(ids::add);
        }
        return ids.toArray();
    }

    /** Holds the indexer before its next change until {@link #resume} (tests). */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        schedule();
    }

    /** Whether the queue emptied within {@code millis} (tests and benchmarks). */
    boolean awaitIndexed(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!queue.isEmpty() || scheduled.get()) {
            if (System.nanoTime() > end || failure != null) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** How many searches took their candidates from the graph (tests). */
    int graphSearches() {
        return graphSearches.get();
    }

    /** Nodes in the graph of vectors of {@code length} (tombstones included), 0 without one. */
    int graphSize(int length) {
        Shelf s = shelves.get(length);
        return s == null ? 0 : s.graph.size();
    }

    /** The vector as the graph holds it, or null when the index holds none for it. */
    private float[] graphVector(double[] v) {
        if (v == null || item.dimensions() > 0 && v.length != item.dimensions() || !VectorSimilarity.valid(v, cosine)) {
            return null;
        }
        return cosine ? HnswGraph.cosineUnit(v) : HnswGraph.euclidean(v);
    }

    private void schedule() {
        if (!paused && !closed && failure == null && scheduled.compareAndSet(false, true)) {
            try {
                indexer.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                if (!closed) { // else closed meanwhile: nothing more to insert
                    throw e;
                }
            }
        }
    }

    private void drain() {
        try {
            for (Change c = queue.peek(); c != null && !paused && !closed; c = queue.peek()) {
                insert(c);
                queue.poll();
                queued.decrementAndGet();
            }
            if (!closed && !paused) {
                compact();
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the {} stopped indexing; its searches scan from now on", SchemaItem.describe(item), e);
        } finally {
            scheduled.set(false);
        }
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    private void insert(Change c) {
        HnswGraph.Node old = newest.remove(c.id());
        if (old != null) {
            old.staleAt = c.commit();
            shelves.get(old.vector.length).stale.add(old);
        }
        if (c.vector() != null) {
            Shelf shelf = shelves.computeIfAbsent(c.vector().length, n -> new Shelf(new HnswGraph(cosine)));
            newest.put(c.id(), shelf.graph.insert(c.id(), c.vector(), c.commit()));
        }
    }

    /** Rebuilds each graph that is more than half tombstones; publishes when to look again. */
    private void compact() {
        long h = horizon;
        long next = Long.MAX_VALUE;
        for (Map.Entry<Integer, Shelf> e : shelves.entrySet()) {
            Shelf s = e.getValue();
            while (s.tombstones < s.stale.size() && s.stale.get(s.tombstones).staleAt <= h) {
                s.tombstones++;
            }
            int size = s.graph.size();
            if (size >= rebuildAtLeast && 2L * s.tombstones > size) {
                rebuild(s, h);
                if (closed || paused) {
                    return;
                }
            }
            int needed = s.graph.size() / 2 + 1; // tombstones that make the graph due
            if (s.graph.size() >= rebuildAtLeast && needed <= s.stale.size()) {
                next = Math.min(next, s.stale.get(needed - 1).staleAt);
            }
        }
        rebuildAt = next;
    }

    /** A new graph of the nodes that are no tombstones at {@code h}, in their order, swapped in whole. */
    private void rebuild(Shelf s, long h) {
        long t0 = System.nanoTime();
        HnswGraph old = s.graph;
        HnswGraph fresh = new HnswGraph(cosine);
        List<HnswGraph.Node> stale = new ArrayList<>();
        Map<Long, HnswGraph.Node> renewed = new HashMap<>();
        int n = old.size();
        for (int i = 0; i < n; i++) {
            if (closed || paused) {
                return; // a rebuild left half-way is dropped; the old graph stays
            }
            HnswGraph.Node node = old.node(i);
            if (node.staleAt <= h) {
                continue;
            }
            HnswGraph.Node copy = fresh.insert(node.id, node.vector, node.commit);
            copy.staleAt = node.staleAt;
            if (node.staleAt != Long.MAX_VALUE) {
                stale.add(copy);
            } else {
                renewed.put(node.id, copy);
            }
        }
        stale.sort(Comparator.comparingLong(x -> x.staleAt));
        newest.putAll(renewed);
        s.stale = stale;
        s.tombstones = 0;
        s.graph = fresh;
        LOG.info("rebuilt the graph of the {} without {} tombstones: {} nodes in {} ms", SchemaItem.describe(item),
                n - fresh.size(), fresh.size(), (System.nanoTime() - t0) / 1_000_000);
    }
}

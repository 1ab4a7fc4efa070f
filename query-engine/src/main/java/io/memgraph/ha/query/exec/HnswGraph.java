package io.memgraph.ha.query.exec;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A hierarchical navigable small world graph (Malkov and Yashunin, 2016) over float vectors of one
 * length: the approximate nearest-neighbour structure behind a vector index. Each node is one
 * version of one vertex's vector; a node superseded at commit {@code c} is marked stale at
 * {@code c} and, once no snapshot can see that version any more (the garbage collection horizon
 * has reached {@code c}), is a tombstone: still walked through, never returned.
 *
 * <p>Distances: for cosine the vectors are normalised when they come in ({@link #cosineUnit}) and
 * the distance is {@code 1 - dot}; for euclidean it is the squared distance. Smaller is closer.
 *
 * <p>Concurrency: one writer (the index's background thread) and any number of readers, with no
 * lock. A neighbour list is never changed in place: the writer builds a new {@code int[]} and
 * publishes it through the node's {@link AtomicReferenceArray} (copy on write), so a reader sees a
 * whole old list or a whole new one. A node is stored in the node array before any list names it,
 * and the entry point is a volatile immutable pair, so whatever a reader reaches is complete.
 */
final class HnswGraph {
    /** Neighbours per node above level 0 (Neo4j's and hnswlib's default). */
    static final int M = 16;
    /** Neighbours per node at level 0. */
    static final int M0 = 2 * M;
    /** Candidates kept while inserting (Neo4j's default). */
    static final int EF_CONSTRUCTION = 100;
    /** The highest level a node can draw (1 in 16^16: never in practice). */
    private static final int MAX_LEVEL = 16;
    private static final double LEVEL_FACTOR = 1 / Math.log(M);
    private static final int[] NONE = new int[0];

    final boolean cosine;
    private volatile Node[] nodes = new Node[64];
    private volatile int count;
    private volatile Entry entry;
    /** The writer's visited set, kept from one insert to the next. */
    private Visited building;

    /** One vector version in the graph. */
    static final class Node {
        final long id;
        final long commit;
        final float[] vector;
        /** Neighbour lists by level, each replaced whole, never changed in place. */
        final AtomicReferenceArray<int[]> links;
        /** The commit that superseded this version; {@link Long#MAX_VALUE} while current. */
        volatile long staleAt = Long.MAX_VALUE;

        Node(long id, long commit, float[] vector, int level) {
            this.id = id;
            this.commit = commit;
            this.vector = vector;
            this.links = new AtomicReferenceArray<>(level + 1);
            for (int l = 0; l <= level; l++) {
                links.set(l, NONE);
            }
        }

        int level() {
            return links.length() - 1;
        }
    }

    private record Entry(int node, int level) {}

    HnswGraph(boolean cosine) {
        this.cosine = cosine;
    }

    /** The nodes inserted so far (tombstones included). */
    int size() {
        return count;
    }

    Node node(int i) {
        return nodes[i];
    }

    /**
     * The level of a new node, from a hash of its vertex id and commit so that every server builds
     * the same graph from the same sequence of changes: level l with probability (1 - 1/M)·M^-l.
     */
    static int level(long id, long commit) {
        long h = id * 0x9E3779B97F4A7C15L + commit * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        double u = ((h >>> 11) + 1) * 0x1.0p-53; // in (0, 1]
        return Math.min(MAX_LEVEL, (int) (-Math.log(u) * LEVEL_FACTOR));
    }

    /**
     * {@code v} scaled to norm 1, as float32, or null when it has no direction (norm 0 or not
     * finite). Normalising in float64 first keeps every finite vector representable.
     */
    static float[] cosineUnit(double[] v) {
        double squares = 0;
        for (double x : v) {
            squares += x * x;
        }
        double norm = Math.sqrt(squares);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            // the squares can overflow for huge elements: scale by the largest first
            double max = 0;
            for (double x : v) {
                max = Math.max(max, Math.abs(x));
            }
            if (!(max > 0) || !Double.isFinite(max)) {
                return null;
            }
            double[] scaled = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                scaled[i] = v[i] / max;
            }
            return cosineUnit(scaled);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) (v[i] / norm);
        }
        return f;
    }

    /**
     * {@code v} as float32 for a euclidean graph; an element beyond float's range is clamped (the
     * graph only navigates; readers score exactly in float64).
     */
    static float[] euclidean(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v[i]));
        }
        return f;
    }

    float distance(float[] a, float[] b) {
        // four accumulators: the JIT does not vectorise a float reduction, but it pipelines these
        int n = a.length;
        int i = 0;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        if (cosine) {
            for (; i + 3 < n; i += 4) {
                s0 += a[i] * b[i];
                s1 += a[i + 1] * b[i + 1];
                s2 += a[i + 2] * b[i + 2];
                s3 += a[i + 3] * b[i + 3];
            }
            for (; i < n; i++) {
                s0 += a[i] * b[i];
            }
            return 1 - (s0 + s1 + s2 + s3);
        }
        for (; i + 3 < n; i += 4) {
            float d0 = a[i] - b[i];
            float d1 = a[i + 1] - b[i + 1];
            float d2 = a[i + 2] - b[i + 2];
            float d3 = a[i + 3] - b[i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = a[i] - b[i];
            s0 += d * d;
        }
        return s0 + s1 + s2 + s3;
    }

    /**
     * The vertex ids of up to {@code ef} nodes nearest to {@code q} that are no tombstones at
     * {@code horizon} (stale at a commit after it), nearest first; a vertex can come more than
     * once (versions). With at most {@code ef} nodes in all, every such node. {@code tick} runs at
     * every node looked at (the query's time limit); {@code memory} is told the bytes this search
     * holds.
     */
    long[] search(float[] q, int ef, long horizon, Runnable tick, java.util.function.LongConsumer memory) {
        Entry e = entry;
        int n = count;
        if (e == null) {
            return new long[0];
        }
        if (n <= ef) {
            memory.accept(16L * n);
            Node[] all = nodes;
            long[] out = new long[n];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                tick.run();
                Node node = all[i];
                if (node.staleAt > horizon) {
                    out[kept++] = node.id;
                }
            }
            return Arrays.copyOf(out, kept);
        }
        Visited visited = new Visited(n);
        memory.accept(visited.bytes() + 32L * ef + 16L * ef);
        int cur = e.node();
        float curDistance = distance(q, node(cur).vector);
        for (int l = e.level(); l > 0; l--) {
            long best = greedy(q, cur, curDistance, l, tick);
            cur = (int) best;
            curDistance = unkey(best);
        }
        LongHeap results = searchLayer(q, cur, curDistance, ef, 0, horizon, visited, tick);
        long[] out = new long[results.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = node((int) ~results.pop()).id;
        }
        return out;
    }

    /** The node nearest to {@code q} reached greedily from {@code start} at level {@code l}, as a key. */
    private long greedy(float[] q, int start, float startDistance, int l, Runnable tick) {
        int cur = start;
        float best = startDistance;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int next : node(cur).links.get(l)) {
                tick.run();
                float d = distance(q, node(next).vector);
                if (d < best) {
                    best = d;
                    cur = next;
                    moved = true;
                }
            }
        }
        return key(best, cur);
    }

    /**
     * The best {@code ef} nodes reachable at level {@code l} from {@code start}, in a heap whose
     * head is the worst (keys stored bitwise negated); only nodes that are no tombstones at
     * {@code horizon} are kept, but all are walked through.
     */
    private LongHeap searchLayer(float[] q, int start, float startDistance, int ef, int l, long horizon,
                                 Visited visited, Runnable tick) {
        LongHeap candidates = new LongHeap(ef * 2);
        LongHeap results = new LongHeap(ef + 1);
        visited.add(start);
        candidates.push(key(startDistance, start));
        if (node(start).staleAt > horizon) {
            results.push(~key(startDistance, start));
        }
        while (candidates.size() > 0) {
            long c = candidates.pop();
            if (results.size() >= ef && unkey(c) > unkey(~results.peek())) {
                break;
            }
            for (int next : node((int) c).links.get(l)) {
                if (!visited.add(next)) {
                    continue;
                }
                tick.run();
                Node node = node(next);
                float d = distance(q, node.vector);
                if (results.size() < ef || d < unkey(~results.peek())) {
                    candidates.push(key(d, next));
                    if (node.staleAt > horizon) {
                        results.push(~key(d, next));
                        if (results.size() > ef) {
                            results.pop();
                        }
                    }
                }
            }
        }
        return results;
    }

    /**
     * Inserts a version of vertex {@code id}'s vector ({@link #cosineUnit} or {@link #euclidean})
     * committed at {@code commit}. Writer thread only.
     */
    Node insert(long id, float[] vector, long commit) {
        Node node = new Node(id, commit, vector, level(id, commit));
        int i = append(node);
        Entry e = entry;
        if (e == null) {
            entry = new Entry(i, node.level());
            return node;
        }
        Runnable noTick = () -> { };
        int cur = e.node();
        float curDistance = distance(vector, node(cur).vector);
        for (int l = e.level(); l > node.level(); l--) {
            long best = greedy(vector, cur, curDistance, l, noTick);
            cur = (int) best;
            curDistance = unkey(best);
        }
        Visited visited = building == null || building.bits.length <= (count >>> 6) ? new Visited(count * 2) : building;
        building = visited;
        for (int l = Math.min(node.level(), e.level()); l >= 0; l--) {
            visited.clear();
            LongHeap found = searchLayer(vector, cur, curDistance, EF_CONSTRUCTION, l, Long.MIN_VALUE, visited, noTick);
            long[] nearest = new long[found.size()]; // nearest first
            for (int k = nearest.length - 1; k >= 0; k--) {
                nearest[k] = ~found.pop();
            }
            node.links.set(l, diverse(vector, nearest, M));
            cur = (int) nearest[0];
            curDistance = unkey(nearest[0]);
        }
        // linked back only now: a reader that reaches the node at some level finds its lists at every level
        for (int l = Math.min(node.level(), e.level()); l >= 0; l--) {
            for (int other : node.links.get(l)) {
                connect(other, i, l);
            }
        }
        if (node.level() > e.level()) {
            entry = new Entry(i, node.level());
        }
        return node;
    }

    /** Adds {@code added} to {@code to}'s list at level {@code l}, pruning it back to its size. */
    private void connect(int to, int added, int l) {
        Node n = node(to);
        int[] old = n.links.get(l);
        int max = l == 0 ? M0 : M;
        if (old.length < max) {
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = added;
            n.links.set(l, grown);
            return;
        }
        long[] keyed = new long[old.length + 1];
        for (int k = 0; k < old.length; k++) {
            keyed[k] = key(distance(n.vector, node(old[k]).vector), old[k]);
        }
        keyed[old.length] = key(distance(n.vector, node(added).vector), added);
        Arrays.sort(keyed);
        n.links.set(l, diverse(n.vector, keyed, max));
    }

    /**
     * At most {@code m} of {@code nearest} (keys, nearest to {@code base} first): the paper's
     * heuristic, which skips a candidate closer to one already chosen than to the base, so the
     * links point in different directions and clusters stay connected.
     */
    private int[] diverse(float[] base, long[] nearest, int m) {
        int[] chosen = new int[Math.min(m, nearest.length)];
        int size = 0;
        for (long c : nearest) {
            if (size == chosen.length) {
                break;
            }
            int candidate = (int) c;
            float toBase = unkey(c);
            float[] v = node(candidate).vector;
            boolean keep = true;
            for (int k = 0; k < size && keep; k++) {
                keep = distance(v, node(chosen[k]).vector) >= toBase;
            }
            if (keep) {
                chosen[size++] = candidate;
            }
        }
        return size == chosen.length ? chosen : Arrays.copyOf(chosen, size);
    }

    private int append(Node node) {
        int i = count;
        Node[] a = nodes;
        if (i == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            a[i] = node;
            nodes = a;
        } else {
            a[i] = node;
        }
        count = i + 1;
        return i;
    }

    /** A distance and a node index as one long that orders by distance, then index. */
    static long key(float distance, int node) {
        int bits = Float.floatToIntBits(distance);
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | (node & 0xffffffffL);
    }

    static float unkey(long key) {
        int bits = (int) (key >> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }

    /** The nodes a search has looked at: a bit set that grows when the graph did meanwhile. */
    private static final class Visited {
        private long[] bits;

        Visited(int nodes) {
            bits = new long[(nodes >>> 6) + 1];
        }

        long bytes() {
            return 16L + 8L * bits.length;
        }

        /** Whether {@code i} was not yet visited (and is now). */
        boolean add(int i) {
            int w = i >>> 6;
            if (w >= bits.length) {
                bits = Arrays.copyOf(bits, Math.max(w + 1, bits.length * 2));
            }
            long mask = 1L << i;
            if ((bits[w] & mask) != 0) {
                return false;
            }
            bits[w] |= mask;
            return true;
        }

        void clear() {
            Arrays.fill(bits, 0);
        }
    }

    /** A binary min-heap of longs. */
    private static final class LongHeap {
        private long[] heap;
        private int size;

        LongHeap(int capacity) {
            heap = new long[Math.max(4, capacity)];
        }

        int size() {
            return size;
        }

        long peek() {
            return heap[0];
        }

        void push(long v) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= v) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = v;
        }

        long pop() {
            long top = heap[0];
            long last = heap[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < size && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (last <= heap[child]) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }
}

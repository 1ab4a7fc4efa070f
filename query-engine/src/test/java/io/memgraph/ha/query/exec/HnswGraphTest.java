package io.memgraph.ha.query.exec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HNSW graph alone: recall against brute force, tombstones, small graphs, concurrent readers. */
class HnswGraphTest {
    private static final Runnable NO_TICK = () -> { };

    @Test
    void recallAt10IsAtLeast95PercentOnClusteredVectorsByCosine() {
        assertRecall(true, 20_000, 96, 7);
    }

    @Test
    void recallAt10IsAtLeast95PercentOnClusteredVectorsByEuclideanDistance() {
        assertRecall(false, 20_000, 64, 11);
    }

    private static void assertRecall(boolean cosine, int n, int dimensions, long seed) {
        Random random = new Random(seed);
        float[][] all = clustered(random, n + 200, dimensions, 40, cosine); // the last 200 are queries
        float[][] vectors = Arrays.copyOf(all, n);
        HnswGraph g = new HnswGraph(cosine);
        for (int i = 0; i < n; i++) {
            g.insert(i, vectors[i], 1);
        }
        float[][] queries = Arrays.copyOfRange(all, n, n + 200);
        int found = 0;
        for (float[] q : queries) {
            long[] got = g.search(q, 100, Long.MIN_VALUE, NO_TICK, bytes -> { });
            Set<Long> top = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                top.add(got[i]);
            }
            for (long id : bruteForce(g, vectors, q, 10)) {
                found += top.contains(id) ? 1 : 0;
            }
        }
        double recall = found / (10.0 * queries.length);
        assertThat(recall).as("recall@10").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aTombstoneIsWalkedThroughButNeverReturned() {
        Random random = new Random(3);
        int n = 3_000;
        float[][] vectors = clustered(random, n, 32, 10, false);
        HnswGraph g = new HnswGraph(false);
        List<HnswGraph.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(g.insert(i, vectors[i], 1));
        }
        for (int i = 0; i < n; i += 2) {
            nodes.get(i).staleAt = 10 + i; // even ids superseded at commits 10..
        }
        for (int round = 0; round < 50; round++) {
            float[] q = vectors[random.nextInt(n)];
            long[] before = g.search(q, 100, 9, NO_TICK, bytes -> { }); // a snapshot before any: all are candidates
            assertThat(Arrays.stream(before).anyMatch(id -> id % 2 == 0)).isTrue();
            long horizon = 10 + n; // past every supersession: even ids are tombstones
            long[] after = g.search(q, 100, horizon, NO_TICK, bytes -> { });
            assertThat(after).hasSize(100);
            assertThat(Arrays.stream(after).allMatch(id -> id % 2 == 1)).as("only odd ids").isTrue();
            // and the live ones are still found: the best odd ones by brute force are among them
            Set<Long> got = new HashSet<>();
            for (long id : after) {
                got.add(id);
            }
            long[] best = bruteForce(g, vectors, q, 60);
            int odd = 0;
            int hit = 0;
            for (long id : best) {
                if (id % 2 == 1 && odd++ < 10) {
                    hit += got.contains(id) ? 1 : 0;
                }
            }
            assertThat(hit).isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void aGraphOfAtMostEfNodesGivesEveryNodeThatIsNoTombstone() {
        HnswGraph g = new HnswGraph(true);
        Random random = new Random(5);
        List<HnswGraph.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            nodes.add(g.insert(100 + i, HnswGraph.cosineUnit(random.doubles(8).toArray()), i));
        }
        nodes.get(7).staleAt = 60;
        long[] got = g.search(HnswGraph.cosineUnit(random.doubles(8).toArray()), 50, 60, NO_TICK, bytes -> { });
        assertThat(got).hasSize(49).doesNotContain(107L);
    }

    @Test
    void aSearchTicksAtEveryNodeItLooksAtAndCountsWhatItHolds() {
        Random random = new Random(4);
        int n = 5_000;
        float[][] vectors = clustered(random, n, 16, 5, false);
        HnswGraph g = new HnswGraph(false);
        for (int i = 0; i < n; i++) {
            g.insert(i, vectors[i], 1);
        }
        int[] ticks = {0};
        long[] bytes = {0};
        g.search(vectors[17], 100, Long.MIN_VALUE, () -> ticks[0]++, b -> bytes[0] += b);
        assertThat(ticks[0]).as("nodes looked at").isGreaterThan(100);
        assertThat(bytes[0]).as("at least the visited set's bits").isGreaterThanOrEqualTo(n / 8);
        // a tick that throws (the query's time limit, a cancellation) stops the search
        int[] left = {50};
        Runnable limit = () -> {
            if (--left[0] < 0) {
                throw new IllegalStateException("stopped");
            }
        };
        assertThatThrownBy(() -> g.search(vectors[17], 100, Long.MIN_VALUE, limit,
                b -> { })).hasMessage("stopped");
    }

    @Test
    void levelsAreDrawnFromTheIdAndCommitGeometrically() {
        assertThat(HnswGraph.level(12345, 678)).isEqualTo(HnswGraph.level(12345, 678));
        int[] counts = new int[4];
        int n = 160_000;
        for (int i = 0; i < n; i++) {
            int l = HnswGraph.level(i, 1_000 + i / 7);
            counts[Math.min(3, l)]++;
        }
        // P(level 0) = 15/16, P(level 1) = 15/256
        assertThat(counts[0] / (double) n).isBetween(0.93, 0.945);
        assertThat(counts[1] / (double) n).isBetween(0.053, 0.064);
    }

    @Test
    void readersSearchWhileTheWriterInserts() throws Exception {
        Random random = new Random(9);
        int n = 6_000;
        float[][] vectors = clustered(random, n, 24, 12, true);
        HnswGraph g = new HnswGraph(true);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++) {
            long seed = r;
            readers[r] = new Thread(() -> {
                Random rr = new Random(seed);
                try {
                    while (g.size() < n) {
                        int inserted = g.size();
                        long[] got = g.search(vectors[rr.nextInt(n)], 20, Long.MIN_VALUE, NO_TICK, bytes -> { });
                        for (long id : got) {
                            if (id < 0 || id >= n) {
                                throw new AssertionError("unknown id " + id + " with " + inserted + " inserted");
                            }
                        }
                        if (inserted > 20 && got.length < 20) {
                            throw new AssertionError(got.length + " of 20 with " + inserted + " inserted");
                        }
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            });
            readers[r].start();
        }
        for (int i = 0; i < n; i++) {
            g.insert(i, vectors[i], i);
        }
        for (Thread t : readers) {
            t.join();
        }
        assertThat(failed.get()).isNull();
    }

    /** Gaussian clusters around {@code clusters} random centres (unit length for cosine). */
    static float[][] clustered(Random random, int n, int dimensions, int clusters, boolean cosine) {
        double[][] centres = new double[clusters][dimensions];
        for (double[] c : centres) {
            for (int d = 0; d < dimensions; d++) {
                c[d] = random.nextGaussian() * 3;
            }
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            double[] c = centres[random.nextInt(clusters)];
            double[] v = new double[dimensions];
            for (int d = 0; d < dimensions; d++) {
                v[d] = c[d] + random.nextGaussian();
            }
            out[i] = cosine ? HnswGraph.cosineUnit(v) : HnswGraph.euclidean(v);
        }
        return out;
    }

    /** The ids (index into {@code vectors}) of the {@code k} nearest to {@code q}, by the graph's distance. */
    static long[] bruteForce(HnswGraph g, float[][] vectors, float[] q, int k) {
        long[] keys = new long[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            keys[i] = HnswGraph.key(g.distance(q, vectors[i]), i);
        }
        Arrays.sort(keys);
        long[] ids = new long[k];
        for (int i = 0; i < k; i++) {
            ids[i] = (int) keys[i];
        }
        return ids;
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What the HNSW structure of a vector index costs and gives at 100,000 x 384 (cosine, vectors in
 * 100 Gaussian clusters, as embeddings of related texts are; a second run with {@code uniform}
 * uses plain Gaussian vectors, the hardest case): how long the background thread takes to build
 * the graph over vectors already stored, the heap the structure adds per vector, the CPU time of
 * one {@code db.index.vector.queryNodes} k = 10 (median of 40 after 510 warm-ups) against the
 * exact scan (median of 45), and recall@10 against the exact scan over 50 queries. A plain main: prints lines.
 * In the exec package because it reads the structure's test hooks ({@link HnswIndex#awaitIndexed}).
 *
 * <p>Run from the repository root after {@code mvn -o -q -pl query-engine -am test-compile}:
 * {@code java -Xmx4g -cp "query-engine/target/classes:query-engine/target/test-classes:storage-engine/target/classes:$HOME/.m2/repository/org/slf4j/slf4j-api/1.7.33/slf4j-api-1.7.33.jar"
 * io.memgraph.ha.query.exec.HnswSearchBench [uniform]}
 */
public final class HnswSearchBench {
    private static final int NODES = 100_000;
    private static final int DIMENSIONS = 384;
    private static final String SEARCH = "CALL db.index.vector.queryNodes('v', 10, $q) YIELD node, score"
            + " RETURN id(node)";

    private HnswSearchBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean uniform = args.length > 0 && args[0].equals("uniform");
        Random random = new Random(42);
        double[][] centres = new double[100][DIMENSIONS];
        for (double[] c : centres) {
            for (int d = 0; d < DIMENSIONS; d++) {
                c[d] = random.nextGaussian();
            }
        }
        Storage storage = new Storage();
        QueryEngine engine = new QueryEngine(storage);
        for (int batch = 0; batch < NODES / 1000; batch++) {
            List<Object> vectors = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                vectors.add(vector(random, centres, uniform));
            }
            run(storage, engine, "UNWIND $vs AS v CREATE (:Doc {e: v})", Map.of("vs", vectors));
        }
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        run(storage, engine, "CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {indexConfig: {`vector.dimensions`:"
                + " 384}}", Map.of());
        HnswIndex index;
        try (Transaction tx = storage.begin()) {
            index = (HnswIndex) tx.derivedIndex(VectorSearch.index(tx, "v"));
        }
        if (!index.awaitIndexed(3_600_000)) {
            throw new IllegalStateException("the graph was not built in an hour");
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long heapAfter = usedHeap();
        System.out.printf("%s, %,d x %d cosine: graph built in %.1f s (%.0f vectors/s); heap +%,d bytes per vector"
                        + " (float32 vector %,d)%n", uniform ? "uniform Gaussian" : "100 clusters", NODES, DIMENSIONS,
                buildSeconds, NODES / buildSeconds, (heapAfter - heapBefore) / NODES, 16 + 4 * DIMENSIONS);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<List<Object>> queries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queries.add(vector(random, centres, uniform));
        }
        for (int i = 0; i < 500; i++) { // the JIT: 50 searches leave the checking of candidates half compiled
            search(storage, engine, vector(random, centres, uniform));
        }
        long[] cpu = new long[50];
        long[] allocated = new long[50];
        List<Set<Long>> approximate = new ArrayList<>();
        for (int round = 0; round < cpu.length; round++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long c0 = threads.getCurrentThreadCpuTime();
            approximate.add(search(storage, engine, queries.get(round)));
            cpu[round] = threads.getCurrentThreadCpuTime() - c0;
            allocated[round] = threads.getCurrentThreadAllocatedBytes() - a0;
        }
        HnswIndex.exactBelow = Integer.MAX_VALUE; // the scan, for the truth and its cost
        long[] exactCpu = new long[queries.size()];
        int found = 0;
        for (int round = 0; round < queries.size(); round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            Set<Long> exact = search(storage, engine, queries.get(round));
            exactCpu[round] = threads.getCurrentThreadCpuTime() - c0;
            for (long id : exact) {
                found += approximate.get(round).contains(id) ? 1 : 0;
            }
        }
        System.out.printf("queryNodes k=10: HNSW CPU median %.2f ms (allocated median %.1f MB) vs exact scan CPU"
                        + " median %.1f ms; recall@10 %.3f over %d queries%n", median(cpu, 10) / 1e6,
                median(allocated, 10) / 1e6, median(exactCpu, 5) / 1e6, found / (10.0 * queries.size()),
                queries.size());
        index.close();
    }

    private static Set<Long> search(Storage storage, QueryEngine engine, List<Object> q) {
        Set<Long> ids = new HashSet<>();
        try (Transaction tx = storage.begin(); Execution ex = engine.execute(tx, SEARCH, Map.of("q", q),
                QueryControl.unlimited())) {
            ex.pull(-1, r -> ids.add((Long) r[0]));
        }
        return ids;
    }

    private static void run(Storage storage, QueryEngine engine, String q, Map<String, Object> params) {
        Transaction tx = storage.begin();
        try (Execution ex = engine.execute(tx, q, params, QueryControl.unlimited())) {
            ex.pull(-1, r -> { });
        }
        if (!storage.commit(tx).committed()) {
            throw new IllegalStateException("commit refused: " + q);
        }
        tx.close();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The median of {@code rounds} after the first {@code warmUps}. */
    private static long median(long[] rounds, int warmUps) {
        long[] m = Arrays.copyOfRange(rounds, warmUps, rounds.length);
        Arrays.sort(m);
        return m[m.length / 2];
    }

    private static List<Object> vector(Random random, double[][] centres, boolean uniform) {
        double[] c = centres[random.nextInt(centres.length)];
        List<Object> v = new ArrayList<>(DIMENSIONS);
        for (int i = 0; i < DIMENSIONS; i++) {
            v.add(uniform ? random.nextGaussian() : c[i] + 0.5 * random.nextGaussian());
        }
        return v;
    }
}

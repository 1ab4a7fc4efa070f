package io.memgraph.ha.query.bench;

import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.storage.Storage;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What one {@code db.index.vector.queryNodes} costs: k = 10 over 10,000 nodes of 384 dimensions (a
 * small embedding model's), cosine; the fastest and the median of 20 runs after 5 warm-up runs. A
 * plain main, not a test: prints one line. Since the HNSW graph (2026-12-08) this size is searched
 * through it once the index's thread has inserted the vectors (an exact scan until then, so the
 * first runs may scan); {@code io.memgraph.ha.query.exec.HnswSearchBench} measures 100,000 with
 * recall against the scan.
 *
 * <p>Run from the repository root: {@code mvn -q -pl query-engine -am test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test}
 * then {@code java -cp "query-engine/target/classes:query-engine/target/test-classes:$(cat
 * query-engine/target/test-classpath.txt)" io.memgraph.ha.query.bench.VectorSearchBench}
 */
public final class VectorSearchBench {
    private static final int NODES = 10_000;
    private static final int DIMENSIONS = 384;

    private VectorSearchBench() {
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        Storage storage = new Storage();
        QueryEngine engine = new QueryEngine(storage);
        ScalingBench.run(storage, engine, "CREATE VECTOR INDEX v FOR (d:Doc) ON (d.e) OPTIONS {indexConfig: {`vector.dimensions`:"
                + " 384}}", Map.of());
        for (int batch = 0; batch < NODES / 1000; batch++) {
            List<Object> vectors = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                vectors.add(vector(random));
            }
            ScalingBench.run(storage, engine, "UNWIND $vs AS v CREATE (:Doc {e: v})", Map.of("vs", vectors));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] took = new long[25];
        long[] cpu = new long[took.length];
        long[] allocated = new long[took.length];
        for (int round = 0; round < took.length; round++) {
            Map<String, Object> q = Map.of("q", vector(random));
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ScalingBench.run(storage, engine, "CALL db.index.vector.queryNodes('v', 10, $q) YIELD node, score RETURN node, score",
                    q);
            took[round] = System.nanoTime() - t0;
            cpu[round] = threads.getCurrentThreadCpuTime() - c0;
            allocated[round] = threads.getCurrentThreadAllocatedBytes() - a0;
        }
        // the first five warm the code up; CPU time and allocation are steadier than wall time on a shared machine
        System.out.println(String.format("queryNodes k=10, %,d nodes x %d dimensions: wall fastest %.1f ms, median %.1f"
                + " ms; CPU median %.1f ms; allocated median %.1f MB", NODES, DIMENSIONS, fastest(took) / 1e6,
                median(took) / 1e6, median(cpu) / 1e6, median(allocated) / 1e6));
    }

    private static long fastest(long[] rounds) {
        return measured(rounds)[0];
    }

    private static long median(long[] rounds) {
        long[] m = measured(rounds);
        return m[m.length / 2];
    }

    private static long[] measured(long[] rounds) {
        long[] m = Arrays.copyOfRange(rounds, 5, rounds.length);
        Arrays.sort(m);
        return m;
    }

    private static List<Object> vector(Random random) {
        List<Object> v = new ArrayList<>(DIMENSIONS);
        for (int i = 0; i < DIMENSIONS; i++) {
            v.add(random.nextGaussian());
        }
        return v;
    }
}

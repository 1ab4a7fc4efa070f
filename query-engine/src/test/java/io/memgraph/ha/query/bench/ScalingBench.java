package io.memgraph.ha.query.bench;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How query shapes whose cost once grew with the square of the input grow now: each at 4,000,
 * 8,000 and 16,000 nodes, fastest of five runs per size (after one warm-up run), with the ratio
 * between sizes (2 means linear, 4 quadratic). A plain main, not a test: prints one line per shape.
 *
 * <ul>
 *   <li>{@code IN $ids}: a scan of {@code :A} nodes tested against a parameter of half as many
 *       ids, no index (ids looked up in a set since 372f748, scanned per row before);</li>
 *   <li>a shared list behind an eager barrier: {@code WITH collect(n) AS ls UNWIND ... CREATE},
 *       every row holding the same list (counted once since ca94e67, per row before);</li>
 *   <li>{@code IN} a list the query computed: {@code WITH collect(a.i) AS l MATCH (b:A) WHERE b.i
 *       IN l}, every :A node tested against the list of all their ids.</li>
 * </ul>
 *
 * <p>Run from the repository root: {@code mvn -q -pl query-engine -am test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test}
 * then {@code java -cp "query-engine/target/classes:query-engine/target/test-classes:$(cat
 * query-engine/target/test-classpath.txt)" io.memgraph.ha.query.bench.ScalingBench}
 */
public final class ScalingBench {
    private static final int[] SIZES = {4_000, 8_000, 16_000};

    private ScalingBench() {
    }

    public static void main(String[] args) {
        shape("IN $ids, no index", "MATCH (a:A) WHERE a.i IN $ids RETURN count(a)", false);
        shape("IN a list the query collected",
                "MATCH (a:A) WITH collect(a.i) AS l MATCH (b:A) WHERE b.i IN l RETURN count(b)", false);
        shape("shared list behind an eager barrier",
                "MATCH (n:A) WITH collect(n) AS ls UNWIND range(0, size(ls) - 1) AS k CREATE (:M {k: k})", true);
    }

    private static void shape(String name, String query, boolean writes) {
        StringBuilder line = new StringBuilder(name + ":");
        double previous = 0;
        for (int n : SIZES) {
            List<Object> ids = new ArrayList<>();
            for (long i = 0; i < n; i += 2) {
                ids.add(i);
            }
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 6; round++) {
                Storage storage = new Storage();
                QueryEngine engine = new QueryEngine(storage);
                run(storage, engine, "UNWIND range(0, $n - 1) AS i CREATE (:A {i: i})", Map.of("n", (long) n));
                long t0 = System.nanoTime();
                run(storage, engine, query, Map.of("ids", ids));
                long took = System.nanoTime() - t0;
                if (round > 0) { // the first run warms the code up
                    best = Math.min(best, took);
                }
            }
            double ms = best / 1e6;
            line.append(String.format(" %,d nodes %.1f ms%s;", n, ms,
                    previous > 0 ? String.format(" (x%.1f)", ms / previous) : ""));
            previous = ms;
        }
        System.out.println(line + (writes ? " (writes committed)" : ""));
    }

    /** Runs {@code q} to its end in a transaction of its own and commits it (for the other benches too). */
    static void run(Storage storage, QueryEngine engine, String q, Map<String, Object> params) {
        Transaction tx = storage.begin();
        try (Execution ex = engine.execute(tx, q, params, QueryControl.unlimited())) {
            ex.pull(-1, r -> { });
        }
        if (!storage.commit(tx).committed()) {
            throw new IllegalStateException("commit refused: " + q);
        }
    }

    /**
     * Times {@code rounds} runs of {@code body} and returns the last {@code rounds - warmUps}
     * durations in nanoseconds, sorted (the first runs warm the code up).
     */
    static long[] timed(int rounds, int warmUps, Runnable body) {
        long[] took = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            body.run();
            took[round] = System.nanoTime() - t0;
        }
        long[] measured = java.util.Arrays.copyOfRange(took, warmUps, rounds);
        java.util.Arrays.sort(measured);
        return measured;
    }
}

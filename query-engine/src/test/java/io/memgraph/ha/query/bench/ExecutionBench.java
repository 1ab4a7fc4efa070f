package io.memgraph.ha.query.bench;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * In-process throughput and latency of whole queries (parse/plan cached, execute, commit) on one
 * thread, over a graph of 100k Person nodes (indexed id) and 500k random KNOWS relationships. A
 * plain main, not a test: warm-up, then a timed run per query; prints ops/s and p50/p99.
 *
 * <p>Run from the repository root: {@code mvn -q -pl query-engine -am test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test}
 * then {@code java -cp "query-engine/target/classes:query-engine/target/test-classes:$(cat
 * query-engine/target/test-classpath.txt)" io.memgraph.ha.query.bench.ExecutionBench}
 */
public final class ExecutionBench {
    private static final int NODES = 100_000;
    private static final int EDGES = 500_000;

    private ExecutionBench() {
    }

    public static void main(String[] args) {
        Storage storage = new Storage();
        QueryEngine engine = new QueryEngine(storage);
        long t0 = System.nanoTime();
        run(storage, engine, "CREATE INDEX ON :Person(id)", Map.of());
        run(storage, engine, "UNWIND range(0, $n - 1) AS i CREATE (:Person {id: i, age: i % 80})", Map.of("n", NODES));
        SplittableRandom rnd = new SplittableRandom(42);
        for (int batch = 0; batch < EDGES / 10_000; batch++) {
            long[][] pairs = new long[10_000][];
            for (int k = 0; k < pairs.length; k++) {
                pairs[k] = new long[] {rnd.nextInt(NODES), rnd.nextInt(NODES)};
            }
            run(storage, engine, "UNWIND $pairs AS p MATCH (a:Person {id: p[0]}), (b:Person {id: p[1]}) "
                    + "CREATE (a)-[:KNOWS]->(b)", Map.of("pairs", Arrays.stream(pairs).map(p -> List.of(p[0], p[1])).toList()));
        }
        System.out.printf("load: %d nodes, %d relationships in %.1f s%n", NODES, EDGES, (System.nanoTime() - t0) / 1e9);
        measure("create one node", storage, engine, "CREATE (:Item {v: $v})", () -> Map.of("v", rnd.nextInt(1000)));
        measure("point lookup by indexed property", storage, engine, "MATCH (n:Person {id: $id}) RETURN n.age",
                () -> Map.of("id", rnd.nextInt(NODES)));
        measure("one-hop expansion", storage, engine, "MATCH (n:Person {id: $id})-[:KNOWS]->(m) RETURN m.id",
                () -> Map.of("id", rnd.nextInt(NODES)));
        measure("two-hop aggregate", storage, engine,
                "MATCH (n:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(f) RETURN f.age % 10 AS k, count(*) AS c",
                () -> Map.of("id", rnd.nextInt(NODES)));
    }

    private static long run(Storage storage, QueryEngine engine, String q, Map<String, Object> params) {
        Transaction tx = storage.begin();
        long[] rows = {0};
        try (Execution ex = engine.execute(tx, q, params, QueryControl.unlimited())) {
            ex.pull(-1, r -> rows[0]++);
        }
        if (!storage.commit(tx).committed()) {
            throw new IllegalStateException("commit refused: " + q);
        }
        return rows[0];
    }

    private static void measure(String name, Storage storage, QueryEngine engine, String q,
                                Supplier<Map<String, Object>> params) {
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            run(storage, engine, q, params.get());
        }
        long[] lat = new long[1 << 22];
        int n = 0;
        long start = System.nanoTime();
        end = start + 5_000_000_000L;
        long now = start;
        while (now < end && n < lat.length) {
            run(storage, engine, q, params.get());
            long t = System.nanoTime();
            lat[n++] = t - now;
            now = t;
        }
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        System.out.printf("%-34s %10.0f ops/s  p50 %8.1f us  p99 %8.1f us%n", name, n / ((now - start) / 1e9),
                sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3);
    }
}

package io.memgraph.ha.bench.workloads;

import io.memgraph.ha.bench.systems.MemgraphServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * Restart after a crash with a large graph, as a user would meet it: {@code vertices} persons and
 * twice as many {@code KNOWS} edges (with a {@code weight}) loaded over Bolt in transactions of
 * {@value #BATCH} rows, then {@code kill -9}, then the time from the new process's start to its
 * first answer (the count of persons, which must be all of them). What the restart reads is
 * whatever the server left on disk: its snapshots and the log after the newest one.
 */
public final class CrashRestart {
    /** Rows per loading transaction. */
    public static final int BATCH = 20_000;

    private CrashRestart() {
    }

    /** What one crash restart measured. */
    public record Outcome(long vertices, long edges, double loadSeconds, double restartSeconds) {}

    /**
     * Starts {@code server}, loads the graph through drivers from {@code drivers}, kills the server
     * and times its restart.
     *
     * @throws IllegalStateException when the restarted server does not have every person
     */
    public static Outcome run(MemgraphServer server, int vertices, Function<String, Driver> drivers)
            throws Exception {
        server.start();
        long t0 = System.nanoTime();
        long edges;
        try (Driver d = drivers.apply(server.boltUri())) {
            edges = load(d, vertices);
        }
        double load = (System.nanoTime() - t0) / 1e9;
        server.kill();
        long t1 = System.nanoTime();
        server.start();
        long persons;
        try (Driver d = drivers.apply(server.boltUri())) {
            persons = GraphData.countPersons(d);
        }
        double restart = (System.nanoTime() - t1) / 1e9;
        if (persons != vertices) {
            throw new IllegalStateException("after kill -9 the server has " + persons + " persons, not " + vertices);
        }
        return new Outcome(vertices, edges, load, restart);
    }

    /** Loads the persons with an index on their id, then two edges out of each; returns the edge count. */
    public static long load(Driver driver, int vertices) {
        try (Session s = driver.session()) {
            s.run(GraphData.INDEX).consume();
            for (int from = 0; from < vertices; from += BATCH) {
                Map<String, Object> range = Map.of("from", from, "to", Math.min(vertices, from + BATCH) - 1);
                s.executeWrite(tx -> tx.run("UNWIND range($from, $to) AS i CREATE (:Person {id: i, name: 'p' + toString(i)})",
                        range).consume());
            }
            SplittableRandom random = new SplittableRandom(7);
            long edges = 0;
            List<Map<String, Object>> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < vertices; i++) {
                for (int k = 0; k < 2; k++) {
                    batch.add(Map.of("a", i, "b", random.nextInt(vertices), "w", random.nextInt(100)));
                }
                if (batch.size() >= BATCH || i == vertices - 1) {
                    Map<String, Object> rows = Map.of("edges", List.copyOf(batch));
                    s.executeWrite(tx -> tx.run("UNWIND $edges AS e MATCH (a:Person {id: e.a}), (b:Person {id: e.b})"
                            + " CREATE (a)-[:KNOWS {weight: e.w}]->(b)", rows).consume());
                    edges += batch.size();
                    batch.clear();
                }
            }
            return edges;
        }
    }
}

package io.memgraph.ha.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * The graph the single-server workloads read: {@code persons} nodes {@code (:Person {id, name})}
 * with an index on {@code :Person(id)}, and {@code degree} {@code KNOWS} relationships out of each
 * to random persons (the same seed, so the same graph, on every system). Loaded with the same
 * statements on every system; the index statement is the Neo4j form, which ours accepts too.
 */
public final class GraphData {
    /** The one index, in the form both systems accept. */
    public static final String INDEX = "CREATE INDEX FOR (n:Person) ON (n.id)";
    private static final int NODE_BATCH = 1000;
    private static final int EDGE_BATCH = 2000;

    private GraphData() {
    }

    /**
     * Creates the index, runs {@code awaitIndexes}, then loads the persons and their relationships.
     */
    public static void load(Driver driver, List<String> awaitIndexes, int persons, int degree) {
        try (Session s = driver.session()) {
            s.run(INDEX).consume();
            awaitIndexes.forEach(q -> s.run(q).consume());
            for (int from = 0; from < persons; from += NODE_BATCH) {
                s.run("UNWIND range($from, $to) AS i CREATE (:Person {id: i, name: 'p' + toString(i)})",
                        Map.of("from", from, "to", Math.min(persons, from + NODE_BATCH) - 1)).consume();
            }
            SplittableRandom random = new SplittableRandom(42);
            List<Map<String, Object>> edges = new ArrayList<>();
            for (int i = 0; i < persons; i++) {
                for (int d = 0; d < degree; d++) {
                    edges.add(Map.of("a", i, "b", random.nextInt(persons)));
                }
                if (edges.size() >= EDGE_BATCH || i == persons - 1) {
                    s.run("UNWIND $edges AS e MATCH (a:Person {id: e.a}), (b:Person {id: e.b}) CREATE (a)-[:KNOWS]->(b)",
                            Map.of("edges", List.copyOf(edges))).consume();
                    edges.clear();
                }
            }
        }
    }

    /** The number of persons the system has: the first answer after a restart. */
    public static long countPersons(Driver driver) {
        try (Session s = driver.session()) {
            return s.run("MATCH (p:Person) RETURN count(p)").single().get(0).asLong();
        }
    }
}

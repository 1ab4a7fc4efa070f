package io.memgraph.ha.query.bench;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.query.eval.Row;
import io.memgraph.ha.query.parse.CypherParser;
import io.memgraph.ha.query.semantic.SemanticAnalyzer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput of the query front end: parse, parse + analyse, and expression evaluation per row.
 * A plain main (not a test): warm-up, then a timed run; prints one line per figure.
 *
 * <p>Run from the repository root ({@code exec:java} with {@code -am} would try the parent pom
 * first): {@code mvn -q -o -pl query-engine -am test-compile} then
 * {@code java -cp query-engine/target/classes:query-engine/target/test-classes
 * io.memgraph.ha.query.bench.FrontEndBench}
 */
public final class FrontEndBench {
    private static final List<String> QUERIES = List.of(
            "MATCH (n:Person {name: $name}) RETURN n",
            "MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE a.age > $age AND b.name STARTS WITH 'A' RETURN b.name, count(*) AS c ORDER BY c DESC LIMIT 10",
            "CREATE (n:Person {name: $name, age: $age, tags: ['a', 'b']}) RETURN id(n)",
            "MATCH (a:Person {id: $a}), (b:Person {id: $b}) MERGE (a)-[r:KNOWS]->(b) ON CREATE SET r.since = date() ON MATCH SET r.seen = r.seen + 1",
            "MATCH p = (a)-[*1..3]->(b) WHERE all(x IN nodes(p) WHERE x.active) RETURN [n IN nodes(p) | n.name] AS names, length(p)",
            "UNWIND range(1, 100) AS i WITH i WHERE i % 3 = 0 RETURN collect(i) AS l, sum(i) AS s, avg(i) AS a",
            "MATCH (n) WITH n, CASE WHEN n.age < 18 THEN 'minor' WHEN n.age < 65 THEN 'adult' ELSE 'senior' END AS g RETURN g, count(*)",
            "MATCH (n:Person) RETURN n {.name, .age, friends: size([(n)-[:KNOWS]->(f) | f])} AS person ORDER BY n.name SKIP 20 LIMIT 20");

    private FrontEndBench() {
    }

    public static void main(String[] args) {
        int warm = 20_000;
        int timed = 100_000;
        long sink = 0;

        for (int i = 0; i < warm; i++) {
            sink += CypherParser.parse(QUERIES.get(i % QUERIES.size())).hashCode();
        }
        long t0 = System.nanoTime();
        cpuStart = cpuNow();
        for (int i = 0; i < timed; i++) {
            sink += CypherParser.parse(QUERIES.get(i % QUERIES.size())).hashCode();
        }
        report("parse", timed, System.nanoTime() - t0);

        for (int i = 0; i < warm; i++) {
            Statement s = CypherParser.parse(QUERIES.get(i % QUERIES.size()));
            sink += SemanticAnalyzer.analyze(s).columns().size();
        }
        t0 = System.nanoTime();
        cpuStart = cpuNow();
        for (int i = 0; i < timed; i++) {
            Statement s = CypherParser.parse(QUERIES.get(i % QUERIES.size()));
            sink += SemanticAnalyzer.analyze(s).columns().size();
        }
        report("parse+analyse", timed, System.nanoTime() - t0);

        Expression e = CypherParser.parseExpression(
                "CASE WHEN x.age > 30 AND x.name STARTS WITH 'A' THEN x.age * 2 + 1 ELSE [y IN x.tags WHERE y <> 'b' | toUpper(y)] END");
        ExpressionEvaluator ev = new ExpressionEvaluator(Map.of());
        Map<String, Object> row = new HashMap<>();
        int rows = 1_000_000;
        for (int i = 0; i < rows / 5; i++) {
            row.put("x", Map.of("age", (long) (i % 60), "name", i % 2 == 0 ? "Ann" : "Bob", "tags", List.of("a", "b", "c")));
            sink += String.valueOf(ev.evaluate(e, Row.of(row))).length();
        }
        t0 = System.nanoTime();
        cpuStart = cpuNow();
        for (int i = 0; i < rows; i++) {
            row.put("x", Map.of("age", (long) (i % 60), "name", i % 2 == 0 ? "Ann" : "Bob", "tags", List.of("a", "b", "c")));
            sink += String.valueOf(ev.evaluate(e, Row.of(row))).length();
        }
        report("evaluate CASE/comprehension per row", rows, System.nanoTime() - t0);
        System.out.println("(checksum " + sink + ")");
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static long cpuStart;

    /** CPU time of this thread: wall time is meaningless on a machine shared with other builds. */
    private static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static void report(String what, int n, long wallNanos) {
        long cpu = cpuNow() - cpuStart;
        System.out.printf("%-38s %,12.0f ops/s CPU  %8.2f us/op CPU  (%8.2f us/op wall)%n",
                what, n / (cpu / 1e9), cpu / 1e3 / n, wallNanos / 1e3 / n);
    }
}

package io.memgraph.ha.server.bench;

import io.memgraph.ha.server.e2e.ServerProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/**
 * Throughput and latency of typical queries over Bolt, with the Neo4j Java driver 5: N concurrent
 * clients (each its own session, auto-commit queries), a warm-up, then a timed run; reports
 * queries per second and p50/p99 latency per workload and client count.
 *
 * <p>Arguments (all optional): {@code --address=host:port} (use a running server instead of
 * starting one), {@code --clients=1,8,32}, {@code --warmup-sec=3}, {@code --run-sec=5},
 * {@code --persons=10000}, {@code --degree=5}.
 */
public final class BoltQueryBench {

    private record Workload(String name, String query, LongFunction<Map<String, Object>> params) {}

    private record Result(long ops, double seconds, long[] latencies) {}

    private BoltQueryBench() {
    }

    public static void main(String[] args) throws Exception {
        String address = arg(args, "address", null);
        int[] clients = Arrays.stream(arg(args, "clients", "1,8,32").split(",")).mapToInt(Integer::parseInt).toArray();
        int warmup = Integer.parseInt(arg(args, "warmup-sec", "3"));
        int run = Integer.parseInt(arg(args, "run-sec", "5"));
        int persons = Integer.parseInt(arg(args, "persons", "10000"));
        int degree = Integer.parseInt(arg(args, "degree", "5"));
        int maxClients = Arrays.stream(clients).max().orElse(1);
        String only = arg(args, "only", "");

        ServerProcess server = address == null ? ServerProcess.start() : null;
        String uri = "bolt://" + (address == null ? "127.0.0.1:" + server.port() : address);
        try (Driver driver = GraphDatabase.driver(uri, AuthTokens.none(),
                Config.builder().withMaxConnectionPoolSize(maxClients + 4).build())) {
            load(driver, persons, degree);
            AtomicLong newIds = new AtomicLong(1_000_000_000L);
            List<Workload> workloads = List.of(
                    new Workload("create one node", "CREATE (:BenchNew {id: $id})",
                            r -> Map.of("id", newIds.incrementAndGet())),
                    new Workload("point lookup (indexed)", "MATCH (p:BenchPerson {id: $id}) RETURN p.name",
                            r -> Map.of("id", r % persons)),
                    new Workload("one-hop expansion", "MATCH (p:BenchPerson {id: $id})-[:KNOWS]->(f) RETURN f.id",
                            r -> Map.of("id", r % persons)),
                    new Workload("two-hop aggregate",
                            "MATCH (p:BenchPerson {id: $id})-[:KNOWS]->()-[:KNOWS]->(fof) RETURN count(DISTINCT fof)",
                            r -> Map.of("id", r % persons)));
            System.out.printf(Locale.ROOT, "memgraph_ha Bolt benchmark: %s, %d persons x %d KNOWS, warm-up %d s, run %d s,"
                    + " %d cores%n%n", uri, persons, degree, warmup, run, Runtime.getRuntime().availableProcessors());
            System.out.println("| workload | clients | queries/s | p50 ms | p99 ms |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Workload w : workloads) {
                if (!w.name().contains(only)) {
                    continue;
                }
                for (int c : clients) {
                    measure(driver, w, c, warmup);
                    Result r = measure(driver, w, c, run);
                    long[] lat = r.latencies();
                    Arrays.sort(lat);
                    System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.3f |%n", w.name(), c, r.ops() / r.seconds(),
                            percentile(lat, 0.50) / 1e6, percentile(lat, 0.99) / 1e6);
                }
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static void load(Driver driver, int persons, int degree) {
        try (Session s = driver.session()) {
            s.run("CREATE INDEX ON :BenchPerson(id)").consume();
            int batch = 1000;
            for (int from = 0; from < persons; from += batch) {
                s.run("UNWIND range($from, $to) AS i CREATE (:BenchPerson {id: i, name: 'p' + toString(i)})",
                        Map.of("from", from, "to", Math.min(persons, from + batch) - 1)).consume();
            }
            SplittableRandom random = new SplittableRandom(42);
            List<Map<String, Object>> edges = new ArrayList<>();
            for (int i = 0; i < persons; i++) {
                for (int d = 0; d < degree; d++) {
                    edges.add(Map.of("a", i, "b", random.nextInt(persons)));
                }
                if (edges.size() >= 2000 || i == persons - 1) {
                    s.run("UNWIND $edges AS e MATCH (a:BenchPerson {id: e.a}), (b:BenchPerson {id: e.b}) "
                            + "CREATE (a)-[:KNOWS]->(b)", Map.of("edges", edges)).consume();
                    edges.clear();
                }
            }
        }
    }

    private static Result measure(Driver driver, Workload w, int clients, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[][] perClient = new long[clients][];
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int me = c;
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 14];
                int n = 0;
                SplittableRandom random = new SplittableRandom(me * 7919L + 1);
                try (Session s = driver.session()) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        s.run(w.query(), w.params().apply(random.nextLong(Long.MAX_VALUE))).consume();
                        long t1 = System.nanoTime();
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = t1 - t0;
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    perClient[me] = lat;
                    counts[me] = n;
                    done.countDown();
                }
            }, "bench-client-" + c);
            t.start();
        }
        if (!done.await(seconds + 60L, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not finish");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " clients failed in " + w.name(), errors.get(0));
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient[c], 0, all, pos, counts[c]);
            pos += counts[c];
        }
        return new Result(total, elapsed, all);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)];
    }

    private static String arg(String[] args, String name, String def) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return def;
    }
}

package io.memgraph.ha.bench;

import io.memgraph.ha.bench.load.LoadGenerator;
import io.memgraph.ha.bench.load.Measurement;
import io.memgraph.ha.bench.load.ProcessCpu;
import io.memgraph.ha.bench.load.ThreadCpu;
import io.memgraph.ha.bench.systems.ChildProcesses;
import io.memgraph.ha.bench.systems.MemgraphCluster;
import io.memgraph.ha.bench.systems.MemgraphServer;
import io.memgraph.ha.bench.workloads.CypherWorkload;
import io.memgraph.ha.bench.workloads.GraphData;
import io.memgraph.ha.server.cluster.ClusterServer;
import io.memgraph.ha.server.e2e.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * {@code bin/bench-threads}: where one server's CPU goes, per operation and per kind of thread,
 * for single-server workloads at given client counts; with two or more server jars, side by side
 * (each round starts every jar in turn, the order reversed every other round). Prints a line per
 * jar, workload and client count: throughput, latency, the load generator's CPU and the server's,
 * user and kernel apart, then its threads. For comparing a change with the commit before it; the
 * side-by-side tables of {@code bin/bench} stay the measure of the goals.
 */
public final class ThreadsMain {
    static final String USAGE = """
            usage: bin/bench-threads [--jars=A.jar,B.jar] [--workloads=create,point-read,tx-create,tx-point-read]
                                     [--clients=1,8,32,128] [--warmup-sec=20] [--run-sec=10] [--rounds=1]
                                     [--persons=100000] [--cluster=leader,proxy]
              workloads: create, point-read, one-hop, two-hop, mix-90-10 (auto-commit, as bin/bench), and
                         tx-create, tx-point-read (the same in managed transactions)
              --jars: server jars to compare (default: the one bin/bench-threads built)
              --cluster: instead of one server, three and a proxy (each jar's sibling memgraph-ha-proxy.jar,
                         else the one bin/bench-threads built); the workloads (any of the above; default
                         create) directly to the leader and/or through the proxy; every process's threads""";

    private static final String LEADER = "leader";
    private static final String PROXY = "proxy";
    /** Whether the jars compared share a file name, so that lines name them by path. */
    private static boolean labelsByPath;

    private ThreadsMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return;
            }
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                System.err.println("bench-threads: unknown argument " + a + "\n" + USAGE);
                System.exit(2);
            }
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        List<String> jars;
        List<String> workloads;
        List<Integer> clients;
        int warmup;
        int run;
        int rounds;
        int persons;
        List<String> paths;
        try {
            jars = list("jars", opts.remove("jars"), System.getProperty(ServerProcess.JAR_PROPERTY));
            workloads = list("workloads", opts.remove("workloads"),
                    opts.containsKey("cluster") ? Workloads.CREATE : "create,point-read,tx-create,tx-point-read");
            clients = list("clients", opts.remove("clients"), "1,8,32,128").stream().map(Integer::parseInt).toList();
            warmup = Integer.parseInt(opts.getOrDefault("warmup-sec", "20"));
            run = Integer.parseInt(opts.getOrDefault("run-sec", "10"));
            rounds = Integer.parseInt(opts.getOrDefault("rounds", "1"));
            persons = Integer.parseInt(opts.getOrDefault("persons", "100000"));
            paths = opts.containsKey("cluster") ? list("cluster", opts.remove("cluster"), null) : List.of();
            for (String path : paths) {
                if (!path.equals(LEADER) && !path.equals(PROXY)) {
                    throw new IllegalArgumentException("--cluster takes leader and proxy, not " + path);
                }
            }
            opts.keySet().removeAll(List.of("warmup-sec", "run-sec", "rounds", "persons"));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            System.err.println("bench-threads: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        if (!opts.isEmpty()) {
            System.err.println("bench-threads: unknown option --" + opts.keySet().iterator().next() + "\n" + USAGE);
            System.exit(2);
        }
        Map<String, CypherWorkload> known = new LinkedHashMap<>();
        Stream.concat(CypherWorkload.singleServer(persons).stream(),
                CypherWorkload.managedTransactions(persons).stream()).forEach(w -> known.put(w.key(), w));
        for (String w : workloads) {
            if (!known.containsKey(w)) {
                System.err.println("bench-threads: unknown workload " + w + "\n" + USAGE);
                System.exit(2);
            }
        }
        for (String jar : jars) {
            if (!Files.isRegularFile(Path.of(jar))) {
                System.err.println("bench-threads: no server jar at " + jar);
                System.exit(2);
            }
        }
        labelsByPath = jars.stream().map(j -> Path.of(j).getFileName().toString()).distinct().count() < jars.size();
        Path work = Files.createTempDirectory("bench-threads");
        ChildProcesses.deleteOnExit(work); // after killing the servers, also on Ctrl-C
        try {
            for (int round = 0; round < rounds; round++) {
                List<String> order = new ArrayList<>(jars);
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String jar : order) {
                    if (!paths.isEmpty()) {
                        measureCluster(work, jar, paths, workloads.stream().map(known::get).toList(), clients,
                                warmup, run, persons, round);
                        continue;
                    }
                    measure(work, jar, workloads.stream().map(known::get).toList(), clients, warmup, run, persons,
                            round);
                }
            }
        } catch (Exception e) {
            System.err.println("bench-threads: failed: " + e);
            System.exit(1);
        }
    }

    /** The jar's file name, or its whole path when two jars compared share the file name. */
    private static String label(String jar) {
        return labelsByPath ? jar : Path.of(jar).getFileName().toString();
    }

    private static List<String> list(String option, String value, String fallback) {
        String v = value == null ? fallback : value;
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + option + " names nothing");
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void measure(Path work, String jar, List<CypherWorkload> workloads, List<Integer> clients,
            int warmup, int run, int persons, int round) throws Exception {
        System.setProperty(ServerProcess.JAR_PROPERTY, jar);
        MemgraphServer server = new MemgraphServer(Files.createTempDirectory(work, "server"));
        try {
            server.start();
            long pid = server.processes().get(0).pid();
            Config config = Config.builder().withoutEncryption().withMaxConnectionPoolSize(256).build();
            try (Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none(), config)) {
                GraphData.load(driver, server.awaitIndexes(), persons, 5);
                for (CypherWorkload w : workloads) {
                    LoadGenerator.run(w.on(driver), clients.get(clients.size() - 1), Duration.ofSeconds(warmup));
                    for (int n : clients) {
                        report(jar, round, w.key(), n, pid, w, driver, run);
                    }
                }
            }
        } finally {
            server.stop();
        }
    }

    private static void measureCluster(Path work, String jar, List<String> paths, List<CypherWorkload> workloads,
            List<Integer> clients, int warmup, int run, int persons, int round) throws Exception {
        System.setProperty(ServerProcess.JAR_PROPERTY, jar);
        // <checkout>/memgraph-ha-server/target/memgraph-ha.jar -> <checkout>/memgraph-ha-proxy/target/...
        Path checkout = Path.of(jar).toAbsolutePath().getParent();
        for (int i = 0; i < 2 && checkout != null; i++) {
            checkout = checkout.getParent();
        }
        Path sibling = checkout == null ? null : checkout.resolve("memgraph-ha-proxy/target/memgraph-ha-proxy.jar");
        String builtProxy = System.getProperty(MemgraphCluster.PROXY_JAR_PROPERTY);
        if (sibling != null && Files.isRegularFile(sibling)) {
            System.setProperty(MemgraphCluster.PROXY_JAR_PROPERTY, sibling.toString());
        }
        try (MemgraphCluster cluster = MemgraphCluster.start(Files.createTempDirectory(work, "cluster"))) {
            Config config = Config.builder().withoutEncryption().withMaxConnectionPoolSize(256).build();
            if (workloads.stream().anyMatch(w -> !w.key().equals(Workloads.CREATE))) {
                try (Driver driver = GraphDatabase.driver(cluster.leaderUri(), AuthTokens.none(), config)) {
                    GraphData.load(driver, List.of(), persons, 5);
                }
            }
            for (String path : paths) {
                String uri = path.equals(LEADER) ? cluster.leaderUri() : cluster.proxyUri();
                try (Driver driver = GraphDatabase.driver(uri, AuthTokens.none(), config)) {
                    for (CypherWorkload w : workloads) {
                        LoadGenerator.run(w.on(driver), clients.get(clients.size() - 1), Duration.ofSeconds(warmup));
                        for (int n : clients) {
                            reportCluster(jar, round, path, n, cluster, w, driver, run);
                        }
                    }
                }
            }
        } finally {
            if (builtProxy != null) {
                System.setProperty(MemgraphCluster.PROXY_JAR_PROPERTY, builtProxy);
            }
        }
    }

    private static void reportCluster(String jar, int round, String path, int clients, MemgraphCluster cluster,
            CypherWorkload w, Driver driver, int run) throws InterruptedException {
        int leader = cluster.harness().awaitLeader(Duration.ofSeconds(30));
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("leader", cluster.harness().server(leader).pid());
        for (ClusterServer s : cluster.harness().servers()) {
            if (s.id() != leader) {
                pids.put("follower " + s.id(), s.pid());
            }
        }
        if (path.equals(PROXY)) {
            cluster.proxyProcess().ifPresent(p -> pids.put("proxy", p.pid()));
        }
        LongSupplier own = ProcessCpu.of(() -> List.of(ProcessHandle.current()));
        Map<String, Map<String, ThreadCpu.Ticks>> before = new LinkedHashMap<>();
        pids.forEach((name, pid) -> before.put(name, ThreadCpu.of(pid)));
        long ownBefore = own.getAsLong();
        Measurement m = LoadGenerator.run(w.on(driver), clients, Duration.ofSeconds(run));
        long ownAfter = own.getAsLong();
        double perOp = ThreadCpu.TICK_NANOS / 1e3 / Math.max(1, m.ops());
        Map<String, Map<String, ThreadCpu.Ticks>> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> used.put(name, ThreadCpu.between(before.get(name), ThreadCpu.of(pid))));
        double total = used.values().stream().map(ThreadCpu::total).mapToLong(t -> t.user() + t.system()).sum()
                * perOp;
        System.out.printf("%s round %d  %-14s via %-6s %4d clients: %8.0f ops/s  p50 %.3f ms  p99 %.3f ms"
                        + "  errors %d; load generator %.1f µs/op; servers%s %.1f µs/op%n",
                label(jar), round + 1, w.key(), path, clients, m.throughput(), m.millisAt(50), m.millisAt(99),
                m.errors(), (ownAfter - ownBefore) / 1e3 / Math.max(1, m.ops()),
                path.equals(PROXY) ? " and proxy" : "", total);
        used.forEach((name, threads) -> {
            ThreadCpu.Ticks sum = ThreadCpu.total(threads);
            System.out.printf("  %-12s user %6.1f  kernel %6.1f = %6.1f µs/op%n", name, sum.user() * perOp,
                    sum.system() * perOp, (sum.user() + sum.system()) * perOp);
            printThreads(threads, perOp, "      ");
        });
        System.out.flush();
    }

    private static void printThreads(Map<String, ThreadCpu.Ticks> threads, double perOp, String indent) {
        threads.forEach((kind, t) -> {
            if ((t.user() + t.system()) * perOp >= 0.5) {
                System.out.printf("%s%-24s user %6.1f  kernel %6.1f µs/op%n", indent, kind, t.user() * perOp,
                        t.system() * perOp);
            }
        });
    }

    private static void report(String jar, int round, String workload, int clients, long pid, CypherWorkload w,
            Driver driver, int run) throws InterruptedException {
        LongSupplier own = ProcessCpu.of(() -> List.of(ProcessHandle.current()));
        Map<String, ThreadCpu.Ticks> before = ThreadCpu.of(pid);
        long ownBefore = own.getAsLong();
        Measurement m = LoadGenerator.run(w.on(driver), clients, Duration.ofSeconds(run));
        long ownAfter = own.getAsLong();
        Map<String, ThreadCpu.Ticks> used = ThreadCpu.between(before, ThreadCpu.of(pid));
        double perOp = ThreadCpu.TICK_NANOS / 1e3 / Math.max(1, m.ops());
        ThreadCpu.Ticks sum = ThreadCpu.total(used);
        long user = sum.user();
        long system = sum.system();
        System.out.printf("%s round %d  %-14s %4d clients: %8.0f ops/s  p50 %.3f ms  p99 %.3f ms  errors %d;"
                        + " load generator %.1f µs/op; server user %.1f + kernel %.1f = %.1f µs/op%n",
                label(jar), round + 1, workload, clients, m.throughput(), m.millisAt(50),
                m.millisAt(99), m.errors(), (ownAfter - ownBefore) / 1e3 / Math.max(1, m.ops()), user * perOp,
                system * perOp, (user + system) * perOp);
        printThreads(used, perOp, "    ");
        System.out.flush();
    }
}

package io.memgraph.ha.bench;

import io.etcd.jetcd.Client;
import io.memgraph.ha.bench.load.Measurement;
import io.memgraph.ha.bench.load.ProcessCpu;
import io.memgraph.ha.bench.load.SideBySide;
import io.memgraph.ha.bench.load.SideBySide.Contender;
import io.memgraph.ha.bench.systems.BoltSystem;
import io.memgraph.ha.bench.systems.ChildProcesses;
import io.memgraph.ha.bench.systems.EtcdCluster;
import io.memgraph.ha.bench.systems.MemgraphCluster;
import io.memgraph.ha.bench.systems.MemgraphServer;
import io.memgraph.ha.bench.systems.Neo4jServer;
import io.memgraph.ha.bench.workloads.CrashRestart;
import io.memgraph.ha.bench.workloads.CypherWorkload;
import io.memgraph.ha.bench.workloads.EtcdPut;
import io.memgraph.ha.bench.workloads.Failover;
import io.memgraph.ha.bench.workloads.GraphData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * {@code bin/bench}: memgraph_ha side by side with what users would pick instead. The single
 * server against Neo4j Community on the same graph and queries; the 3-server cluster, through the
 * proxy and directly to the leader, against a 3-node etcd cluster on small durable writes; then
 * failover, restart with a loaded graph and heap per graph object. Prints the tables and writes
 * them (with charts) into the generated section of {@code docs/benchmarks.md}.
 */
public final class BenchMain {
    private static final List<String> SINGLE = List.of(Workloads.CREATE, Workloads.POINT_READ, Workloads.ONE_HOP,
            Workloads.TWO_HOP, Workloads.MIX);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        MachineInfo machine = MachineInfo.probe();
        machine.version("memgraph_ha", System.getProperty("bench.version", "unknown"));
        Results results = new Results();
        Path work = Files.createTempDirectory("bin-bench-");
        ChildProcesses.deleteOnExit(work);
        System.out.printf(Locale.ROOT, "bin/bench (%s): clients %s, warm-up %d s, %d rounds of %d s per system;"
                + " data under %s%n", o.preset(), o.clients(), o.warmup().toSeconds(), o.rounds(), o.run().toSeconds(),
                work);
        try {
            if (o.wantsAny("single", SINGLE) || o.wants("restart", "restart")) {
                singleServer(o, results, machine, work);
            }
            if (o.wants("cluster", Workloads.CLUSTER_WRITE) || o.wants("failover", "failover")) {
                cluster(o, results, machine, work);
            }
            if (o.wants("memory", "memory")) {
                double bytes = HeapPerObject.measure(o.heapVertices());
                results.heapBytesPerObject(bytes);
                results.note("memory", String.format(Locale.ROOT, "Heap per object: StorageBench with %,d vertices"
                        + " and %,d edges, minimum used heap over five full GCs.", o.heapVertices(), 2 * o.heapVertices()));
                System.out.printf(Locale.ROOT, "heap per graph object: %.1f bytes%n", bytes);
            }
            report(o, results, machine);
        } finally {
            ChildProcesses.killAll();
        }
    }

    private static void singleServer(BenchOptions o, Results results, MachineInfo machine, Path work) throws Exception {
        List<BoltSystem> systems = List.of(new MemgraphServer(work.resolve("memgraph_ha")),
                new Neo4jServer(work.resolve("neo4j")));
        try {
            for (BoltSystem s : systems) {
                long t0 = System.nanoTime();
                s.start();
                if (s instanceof Neo4jServer n) {
                    machine.version("Neo4j", n.version());
                }
                try (Driver d = driver(s.boltUri(), 4)) {
                    GraphData.load(d, s.awaitIndexes(), o.persons(), o.degree());
                }
                System.out.printf(Locale.ROOT, "%s: started and loaded %d persons x %d KNOWS in %.1f s%n", s.name(),
                        o.persons(), o.degree(), (System.nanoTime() - t0) / 1e9);
            }
            results.note("graph", String.format(Locale.ROOT, "Single server graph: %,d `:Person` nodes with an index on"
                    + " `id`, %d `KNOWS` out of each to random persons; every query an auto-commit transaction with"
                    + " parameters, every record read. First the workloads run %d s per system in all, shared"
                    + " among them, at %d clients (JIT warm-up); then for each workload and client count a"
                    + " warm-up of %d s per system and %d rounds of %d s each.", o.persons(), o.degree(),
                    o.jitWarmup().toSeconds(), maxClients(o), o.warmup().toSeconds(), o.rounds(), o.run().toSeconds()));
            int pool = poolSize(o);
            Map<BoltSystem, Driver> drivers = new LinkedHashMap<>();
            try {
                for (BoltSystem s : systems) {
                    drivers.put(s, driver(s.boltUri(), pool));
                }
                List<CypherWorkload> workloads = CypherWorkload.singleServer(o.persons()).stream()
                        .filter(w -> o.wants("single", w.key())).toList();
                for (CypherWorkload w : workloads) {
                    SideBySide.warmUp(contenders(drivers, w), maxClients(o), o.jitWarmup().dividedBy(workloads.size()));
                }
                for (CypherWorkload w : workloads) {
                    List<Contender> contenders = contenders(drivers, w);
                    for (int c : o.clients()) {
                        record(results, w.key(), c, SideBySide.measure(contenders, c, o.warmup(), o.run(), o.rounds()));
                    }
                }
            } finally {
                drivers.values().forEach(Driver::close);
            }
            if (o.wants("restart", "restart")) {
                for (BoltSystem s : systems) {
                    results.restart(s.name(), restart(s));
                }
            }
        } finally {
            systems.forEach(BoltSystem::stop);
        }
        if (o.wants("restart", "restart")) {
            crashRestart(o, results, work);
        }
    }

    /** The restart after kill -9 with a large graph, on a server of its own. */
    private static void crashRestart(BenchOptions o, Results results, Path work) throws Exception {
        MemgraphServer server = new MemgraphServer(work.resolve("memgraph_ha-crash"));
        try {
            System.out.printf(Locale.ROOT, "restart after kill -9: loading %,d persons and %,d KNOWS in transactions"
                    + " of %,d rows%n", o.restartVertices(), 2L * o.restartVertices(), CrashRestart.BATCH);
            CrashRestart.Outcome c = CrashRestart.run(server, o.restartVertices(), uri -> driver(uri, 2));
            results.crashRestart(c);
            System.out.printf(Locale.ROOT, "restart after kill -9: loaded in %.1f s; first answer %.2f s after the"
                    + " start%n", c.loadSeconds(), c.restartSeconds());
        } finally {
            server.stop();
        }
    }

    /** Stops {@code s} and times its start on the same data until it has counted the persons. */
    private static double restart(BoltSystem s) throws Exception {
        s.stop();
        long t0 = System.nanoTime();
        s.start();
        try (Driver d = driver(s.boltUri(), 1)) {
            long persons = GraphData.countPersons(d);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s: restart to the first answer (%d persons) in %.2f s%n", s.name(), persons,
                    seconds);
            return seconds;
        }
    }

    private static void cluster(BenchOptions o, Results results, MachineInfo machine, Path work) throws Exception {
        try (MemgraphCluster ours = MemgraphCluster.start(work.resolve("cluster"), o.logs())) {
            try {
                clusterGroups(o, results, machine, work, ours);
            } finally {
                if (o.logs() != null) {
                    ours.writeLogs(o.logs());
                    System.out.println("the cluster's output: " + o.logs());
                }
            }
        }
    }

    private static void clusterGroups(BenchOptions o, Results results, MachineInfo machine, Path work,
            MemgraphCluster ours) throws Exception {
        if (o.wants("cluster", Workloads.CLUSTER_WRITE)) {
            machine.version("etcd", EtcdCluster.version());
            clusterWrites(o, results, ours, work);
        }
        if (o.wants("failover", "failover") && o.kills() + o.freezes() + o.plannedRestarts() > 0) {
            Failover.Outcome f = Failover.run(ours, o.kills(), o.freezes(), o.plannedRestarts());
            if (o.kills() > 0) {
                results.failover(f.killGaps());
                System.out.println("failover (ms): " + f.killGaps().stream().sorted().toList());
            }
            if (o.freezes() > 0) {
                results.silentFailover(f.freezeGaps());
                System.out.println("failover after a silent death (ms): " + f.freezeGaps().stream().sorted().toList());
            }
            results.plannedRestarts(f.plannedPauses());
            System.out.println("planned restart, longest pause (ms): " + f.plannedPauses().stream().sorted().toList());
        }
    }

    private static void clusterWrites(BenchOptions o, Results results, MemgraphCluster ours, Path work)
            throws Exception {
        int pool = poolSize(o);
        CypherWorkload w = CypherWorkload.clusterWrite();
        try (EtcdCluster etcd = EtcdCluster.start(work.resolve("etcd"));
                Driver proxy = driver(ours.proxyUri(), pool);
                Driver leader = driver(ours.leaderUri(), pool);
                Client client = etcd.client()) {
            List<Contender> contenders = List.of(
                    new Contender(Systems.OURS_PROXY, w.on(proxy), ProcessCpu.of(ours::serverAndProxyProcesses)),
                    new Contender(Systems.OURS_LEADER, w.on(leader), ProcessCpu.of(ours::serverProcesses)),
                    new Contender(Systems.ETCD, EtcdPut.on(client.getKVClient()), ProcessCpu.of(etcd::processes)));
            SideBySide.warmUp(contenders, maxClients(o), o.jitWarmup());
            for (int c : o.clients()) {
                record(results, w.key(), c, SideBySide.measure(contenders, c, o.warmup(), o.run(), o.rounds()));
            }
        }
        results.note("cluster", "Cluster: three memgraph_ha servers with the shipped `raft.json` and"
                + " memgraph_ha_proxy, each its own process; etcd: three members, etcd's defaults (fsync on"
                + " commit), one jetcd client over all three members; all on 127.0.0.1. Each first runs the load "
                + o.jitWarmup().toSeconds() + " s at " + maxClients(o) + " clients (JIT warm-up).");
    }

    private static void record(Results results, String workload, int clients, Map<String, Measurement> measured) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %4d clients:", workload, clients));
        measured.forEach((system, m) -> {
            results.add(Sample.of(workload, clients, system, m));
            line.append(String.format(Locale.ROOT, "  %s %.0f/s p50 %.2f p99 %.2f ms%s, CPU µs/op %.0f (load"
                    + " generator %.0f)", system, m.throughput(), m.millisAt(50), m.millisAt(99),
                    m.errors() > 0 ? " (" + m.errors() + " failed)" : "", m.cpuMicrosPerOp(), m.clientCpuMicrosPerOp()));
        });
        System.out.println(line);
    }

    private static void report(BenchOptions o, Results results, MachineInfo machine) throws IOException {
        Map<String, String> charts = new LinkedHashMap<>();
        if (o.write()) {
            Path docsDir = o.docs().toAbsolutePath().getParent();
            Charts.write(results, o.images()).forEach((w, file) -> charts.put(w,
                    docsDir.relativize(file.toAbsolutePath()).toString()));
        }
        String section = ReportWriter.render(results, machine, o.command(), charts);
        System.out.println();
        System.out.println(section);
        if (o.write()) {
            ReportWriter.write(o.docs(), section);
            System.out.println("written: " + o.docs() + " and " + charts.size() + " charts under " + o.images());
        }
    }

    /** {@code w}'s clients on each single-server system, with the CPU of the system's processes. */
    private static List<Contender> contenders(Map<BoltSystem, Driver> drivers, CypherWorkload w) {
        List<Contender> contenders = new ArrayList<>();
        drivers.forEach((s, d) -> contenders.add(new Contender(s.name(), w.on(d), ProcessCpu.of(s::processes))));
        return contenders;
    }

    /**
     * The drivers' connection pool: two per client and a few more. A connection the driver puts
     * back is busy until its RESET is answered, while the client already asks for the next one;
     * with one per client the driver's queue of waiting acquisitions (100 at most) overflowed at
     * 128 clients and failed operations.
     */
    private static int poolSize(BenchOptions o) {
        return 2 * maxClients(o) + 4;
    }

    private static int maxClients(BenchOptions o) {
        return o.clients().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    private static Driver driver(String uri, int pool) {
        return GraphDatabase.driver(uri, AuthTokens.none(), Config.builder().withoutEncryption()
                .withMaxConnectionPoolSize(pool).build());
    }
}

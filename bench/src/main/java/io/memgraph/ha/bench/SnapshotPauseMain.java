package io.memgraph.ha.bench;

import io.memgraph.ha.bench.systems.ChildProcesses;
import io.memgraph.ha.bench.workloads.CrashRestart;
import io.memgraph.ha.server.e2e.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/**
 * {@code bin/bench-snapshot-pause}: what a snapshot costs the writers of one server with a large
 * graph. For each server jar in turn: a fresh server, {@code vertices} persons and twice as many
 * {@code KNOWS} loaded over Bolt (as the restart group of {@code bin/bench}), then {@code clients}
 * threads creating one node each per auto-commit query for {@code seconds}; every write's latency
 * is kept. Prints per jar the writes per second, p50, p99, p99.9 and the longest write, the writes
 * slower than 100 ms, and the snapshots the server wrote during the timed run (its log lines).
 * With the shipped {@code raft.json} a snapshot falls due every 50,000 entries.
 */
public final class SnapshotPauseMain {
    private static final String USAGE = """
            usage: bin/bench-snapshot-pause [--jars=A.jar,B.jar] [--vertices=1000000] [--clients=8] [--seconds=60]""";

    private static final long SLOW_MICROS = 100_000;

    private SnapshotPauseMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> jars = List.of(System.getProperty(ServerProcess.JAR_PROPERTY));
        int vertices = 1_000_000;
        int clients = 8;
        int seconds = 60;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "--jars" -> jars = Arrays.asList(kv[1].split(","));
                case "--vertices" -> vertices = Integer.parseInt(kv[1]);
                case "--clients" -> clients = Integer.parseInt(kv[1]);
                case "--seconds" -> seconds = Integer.parseInt(kv[1]);
                default -> {
                    System.err.println("unknown option " + a + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        for (String jar : jars) {
            System.setProperty(ServerProcess.JAR_PROPERTY, jar);
            run(jar, vertices, clients, seconds);
        }
    }

    private static void run(String jar, int vertices, int clients, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("snapshot-pause");
        try (ServerProcess server = ServerProcess.startIn(dir)) {
            ProcessHandle.of(server.pid()).ifPresent(ChildProcesses::track);
            try (Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none(),
                    Config.builder().withoutEncryption().withMaxConnectionPoolSize(clients + 2).build())) {
                long t0 = System.nanoTime();
                long edges = CrashRestart.load(driver, vertices);
                System.out.printf(Locale.ROOT, "%s: loaded %,d persons and %,d KNOWS in %.1f s%n", jar, vertices,
                        edges, (System.nanoTime() - t0) / 1e9);
                int logLinesBefore = server.stderr().size();
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                AtomicLong next = new AtomicLong();
                long[][] latencies = new long[clients][];
                List<long[]> slow = Collections.synchronizedList(new ArrayList<>());
                List<Thread> threads = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    Thread t = new Thread(() -> latencies[client] = writeUntil(driver, end, next, slow),
                            "writer-" + c);
                    threads.add(t);
                    t.start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                List<String> log = server.stderr();
                List<String> snapshotLines = log.subList(Math.min(logLinesBefore, log.size()), log.size())
                        .stream().filter(l -> l.contains("wrote snapshot")).toList();
                long snapshots = snapshotLines.size();
                long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
                report(jar, all, seconds, snapshots);
                printStalls(new ArrayList<>(slow));
                snapshotLines.forEach(l -> System.out.println("  server: " + l));
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * One client's writes until {@code end}: each write's latency in microseconds; the wall-clock
     * start (ms) and latency of each over 100 ms go to {@code slow}.
     */
    private static long[] writeUntil(Driver driver, long end, AtomicLong next, List<long[]> slow) {
        long[] lat = new long[1 << 16];
        int n = 0;
        try (Session s = driver.session()) {
            while (System.nanoTime() < end) {
                long wall = System.currentTimeMillis();
                long t = System.nanoTime();
                s.run("CREATE (:Probe {i: $i})", Map.of("i", next.getAndIncrement())).consume();
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, 2 * n);
                }
                long us = (System.nanoTime() - t) / 1000;
                lat[n++] = us;
                if (us > SLOW_MICROS) {
                    slow.add(new long[] {wall, us});
                }
            }
        }
        return Arrays.copyOf(lat, n);
    }

    /**
     * The slow writes grouped into stalls (starts within 200 ms of the last one's end), each printed
     * with its wall-clock start, how many writes it held and the longest of them.
     */
    private static void printStalls(List<long[]> slow) {
        slow.sort((a, b) -> Long.compare(a[0], b[0]));
        long start = -1;
        long until = -1;
        long count = 0;
        long longest = 0;
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
        for (int i = 0; i <= slow.size(); i++) {
            long[] w = i < slow.size() ? slow.get(i) : null;
            if (start >= 0 && (w == null || w[0] > until + 200)) {
                System.out.printf(Locale.ROOT, "  stall at %s: %d writes over 100 ms, the longest %.1f ms%n",
                        clock.format(Instant.ofEpochMilli(start)), count, longest / 1000.0);
                start = -1;
            }
            if (w == null) {
                break;
            }
            if (start < 0) {
                start = w[0];
                until = w[0];
                count = 0;
                longest = 0;
            }
            until = Math.max(until, w[0] + w[1] / 1000);
            count++;
            longest = Math.max(longest, w[1]);
        }
    }

    private static void report(String jar, long[] sorted, int seconds, long snapshots) {
        int n = sorted.length;
        long slow = Arrays.stream(sorted).filter(us -> us > SLOW_MICROS).count();
        System.out.printf(Locale.ROOT, "%s: %,d writes/s; p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms;"
                        + " %d writes over 100 ms; %d snapshots written during the run%n", jar, n / seconds,
                at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[n - 1] / 1000.0, slow, snapshots);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1000.0;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}

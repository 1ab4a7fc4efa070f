package io.memgraph.ha.server.bench;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterServer;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * The three-server cluster on loopback, with fsync, measured from outside with the Neo4j Java
 * driver 5: small writes ({@code CREATE} of one node) by 1..256 clients, indexed point lookups on
 * the leader and on followers (READ sessions with a bookmark), failover (kill -9 of the leader to
 * the first successful write, repeated) and a planned restart of the leader (SIGTERM: the longest
 * pause between two successful writes). Prints Markdown tables.
 *
 * <p>Arguments (all optional): {@code --clients=1,16,64,256}, {@code --warmup-sec=3},
 * {@code --run-sec=5}, {@code --persons=10000}, {@code --kills=20}, {@code --restarts=5},
 * {@code --only=writes|reads|failover|restart} (comma list), {@code --dir=/tmp/...},
 * {@code --via=direct,proxy} (what the writes, leader reads, failover and restart go through: the
 * servers directly, a {@link BoltProxy} in this JVM, or both), {@code --rounds=3} (timed runs per
 * client count and way, the ways taking turns), {@code --proxy-workers=2}. Each row also gives the
 * CPU time per operation of the proxy, of the client side of this JVM and of the three servers
 * ({@link CpuMeter}). Timing is the shipped
 * {@code raft.json} (750/1000/100/20000/50000).
 */
public final class ClusterBench {
    private static final RaftTiming SHIPPED = RaftTiming.DEFAULTS;

    private record Result(long ops, double seconds, long[] latencies, CpuMeter.Spent cpu) {
        static final Result NONE = new Result(0, 0, new long[0], CpuMeter.Spent.NONE);

        Result plus(Result o) {
            long[] all = Arrays.copyOf(latencies, latencies.length + o.latencies.length);
            System.arraycopy(o.latencies, 0, all, latencies.length, o.latencies.length);
            return new Result(ops + o.ops, seconds + o.seconds, all, cpu.plus(o.cpu));
        }
    }

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] clients = Arrays.stream(arg(args, "clients", "1,16,64,256").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int warmup = Integer.parseInt(arg(args, "warmup-sec", "3"));
        int run = Integer.parseInt(arg(args, "run-sec", "5"));
        int persons = Integer.parseInt(arg(args, "persons", "10000"));
        int kills = Integer.parseInt(arg(args, "kills", "20"));
        int restarts = Integer.parseInt(arg(args, "restarts", "5"));
        int rounds = Integer.parseInt(arg(args, "rounds", "3"));
        List<String> only = List.of(arg(args, "only", "writes,reads,failover,restart").split(","));
        List<String> via = List.of(arg(args, "via", "direct,proxy").split(","));
        Path dir = Path.of(arg(args, "dir", Files.createTempDirectory("memgraph-ha-bench").toString()));
        int maxClients = Arrays.stream(clients).max().orElse(1);
        System.out.printf(Locale.ROOT, "memgraph_ha 3-server cluster on 127.0.0.1, raft.json %s, %d cores, data in %s%n%n",
                SHIPPED.toJson().replaceAll("\\s+", " "), Runtime.getRuntime().availableProcessors(), dir);
        try (ClusterHarness cluster = startCluster(dir);
                BoltProxy proxy = BoltProxy.start(proxySettings(cluster, Integer.parseInt(arg(args, "proxy-workers", "2"))))) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String proxyUri = "bolt://127.0.0.1:" + proxy.port();
            if (only.contains("writes")) {
                System.out.println("| writes: CREATE one node, auto-commit | clients | commits/s | p50 ms | p99 ms"
                        + CpuMeter.HEADER + " |");
                System.out.println("|---|---:|---:|---:|---:" + CpuMeter.ALIGN + "|");
                AtomicLong ids = new AtomicLong();
                try (Driver direct = driver(cluster.server(leader).boltUri(), maxClients);
                        Driver proxied = driver(proxyUri, maxClients)) {
                    Map<String, Driver> drivers = new LinkedHashMap<>();
                    for (String v : via) {
                        drivers.put(v.equals("proxy") ? "leader through the proxy" : "leader",
                                v.equals("proxy") ? proxied : direct);
                    }
                    for (int c : clients) {
                        sideBySide(drivers, c, warmup, run, rounds, AccessMode.WRITE, List.of(),
                                x -> "CREATE (:BenchNew {id: " + ids.incrementAndGet() + "})");
                    }
                }
                System.out.println();
            }
            if (only.contains("reads")) {
                reads(cluster, leader, persons, clients, warmup, run, rounds, maxClients,
                        via.contains("proxy") ? proxyUri : null);
            }
            for (String v : via) {
                String uri = v.equals("proxy") ? proxyUri : null;
                if (only.contains("failover")) {
                    failover(cluster, kills, uri);
                }
                if (only.contains("restart")) {
                    plannedRestart(cluster, restarts, uri);
                }
            }
        }
    }

    /** The cluster whose servers' CPU time each measurement reports. */
    private static volatile ClusterHarness cpuCluster;

    private static ClusterHarness startCluster(Path dir) throws Exception {
        ClusterHarness cluster = ClusterHarness.start(3, SHIPPED, dir);
        cpuCluster = cluster;
        return cluster;
    }

    private static ProxySettings proxySettings(ClusterHarness cluster, int workers) {
        ProxySettings p = ProxySettings.plain(cluster.servers().stream()
                .map(s -> new Endpoint(ClusterServer.HOST, s.boltPort())).toList());
        return new ProxySettings(p.endpoints(), p.bindAddress(), p.port(), p.clientTls(), p.serverTls(), workers,
                p.sessionInactivityTimeout(), p.numRetries(), p.retryDelay(), p.connectTimeout(), p.maxMessageSize(),
                p.shutdownGrace());
    }

    private static void reads(ClusterHarness cluster, int leader, int persons, int[] clients, int warmup, int run,
            int rounds, int maxClients, String proxyUri) throws Exception {
        List<Bookmark> bookmarks;
        try (Session s = cluster.driver(leader).session()) {
            s.run("CREATE INDEX ON :BenchPerson(id)").consume();
            for (int from = 0; from < persons; from += 1000) {
                s.run("UNWIND range($from, $to) AS i CREATE (:BenchPerson {id: i, name: 'p' + toString(i)})",
                        Map.of("from", from, "to", Math.min(persons, from + 1000) - 1)).consume();
            }
            bookmarks = List.copyOf(s.lastBookmarks());
        }
        System.out.println("| reads: indexed point lookup | clients | queries/s | p50 ms | p99 ms" + CpuMeter.HEADER
                + " |");
        System.out.println("|---|---:|---:|---:|---:" + CpuMeter.ALIGN + "|");
        SplittableRandom random = new SplittableRandom(7);
        if (proxyUri != null) {
            try (Driver direct = driver(cluster.server(leader).boltUri(), maxClients);
                    Driver proxied = driver(proxyUri, maxClients)) {
                Map<String, Driver> drivers = new LinkedHashMap<>();
                drivers.put("leader (linearizable, ReadIndex)", direct);
                drivers.put("leader through the proxy", proxied);
                for (int c : clients) {
                    sideBySide(drivers, c, warmup, run, rounds, AccessMode.WRITE, bookmarks,
                            x -> lookup(random, persons));
                }
            }
        }
        for (ClusterServer server : cluster.servers()) {
            if (proxyUri != null && server.id() == leader) {
                continue; // measured above, beside the proxy
            }
            boolean isLeader = server.id() == leader;
            try (Driver driver = driver(server.boltUri(), maxClients)) {
                for (int c : clients) {
                    AccessMode mode = isLeader ? AccessMode.WRITE : AccessMode.READ;
                    measure(driver, c, warmup, mode, bookmarks, x -> lookup(random, persons));
                    Result r = measure(driver, c, run, mode, bookmarks, x -> lookup(random, persons));
                    row(isLeader ? "leader (linearizable, ReadIndex)" : "follower " + server.id()
                            + " (READ, bookmark)", c, r);
                }
            }
        }
        System.out.println();
    }

    private static synchronized String lookup(SplittableRandom random, int persons) {
        return "MATCH (p:BenchPerson {id: " + random.nextInt(persons) + "}) RETURN p.name";
    }

    /**
     * Kills the leader {@code kills} times while one client writes in a loop (on failure it tries
     * the next server at once); reports kill to first successful write.
     */
    private static void failover(ClusterHarness cluster, int kills, String proxyUri) throws Exception {
        List<Long> gaps = new ArrayList<>();
        Writer writer = new Writer(cluster, proxyUri);
        writer.start();
        try {
            for (int i = 0; i < kills; i++) {
                int leader = cluster.awaitLeader(Duration.ofSeconds(30));
                writer.awaitSuccessAfter(System.nanoTime(), Duration.ofSeconds(30));
                Thread.sleep(300);
                long killedAt = System.nanoTime();
                cluster.server(leader).kill9();
                long firstWrite = writer.awaitSuccessAfter(killedAt, Duration.ofSeconds(60));
                gaps.add(firstWrite - killedAt);
                cluster.server(leader).start();
                cluster.awaitCaughtUp(49, Duration.ofSeconds(60));
            }
        } finally {
            writer.stop();
        }
        report("failover: kill -9 of the leader to the first successful write"
                + (proxyUri != null ? ", through the proxy" : ", client trying the servers in turn"), gaps);
    }

    /** SIGTERM of the leader while writers run: the longest pause between successful writes. */
    private static void plannedRestart(ClusterHarness cluster, int restarts, String proxyUri) throws Exception {
        List<Long> pauses = new ArrayList<>();
        Writer writer = new Writer(cluster, proxyUri);
        writer.start();
        try {
            for (int i = 0; i < restarts; i++) {
                int leader = cluster.awaitLeader(Duration.ofSeconds(30));
                writer.awaitSuccessAfter(System.nanoTime(), Duration.ofSeconds(30));
                Thread.sleep(500);
                writer.resetLongestPause();
                cluster.server(leader).stop();
                writer.awaitSuccessAfter(System.nanoTime(), Duration.ofSeconds(60));
                Thread.sleep(500);
                pauses.add(writer.longestPause());
                cluster.server(leader).start();
                cluster.awaitCaughtUp(49, Duration.ofSeconds(60));
            }
        } finally {
            writer.stop();
        }
        report("planned restart (SIGTERM) of the leader: longest pause between successful writes"
                + (proxyUri != null ? ", through the proxy" : ""), pauses);
    }

    /**
     * One client writing in a loop through plain {@code bolt://} connections: it stays on the server
     * that last took a write and, on any failure, tries the next server at once.
     */
    private static final class Writer {
        private final ClusterHarness cluster;
        private final Map<Integer, Driver> drivers = new HashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile long lastSuccess;
        private volatile long longestPause;
        private long pauseFrom;
        private Thread thread;

        /** @param proxyUri the proxy every write goes through, or null to try the servers in turn */
        Writer(ClusterHarness cluster, String proxyUri) {
            this.cluster = cluster;
            for (ClusterServer s : cluster.servers()) {
                drivers.put(s.id(), GraphDatabase.driver(proxyUri != null ? proxyUri : s.boltUri(), AuthTokens.none(),
                        Config.builder().withoutEncryption().withConnectionTimeout(200, TimeUnit.MILLISECONDS)
                                .withConnectionAcquisitionTimeout(500, TimeUnit.MILLISECONDS)
                                .withMaxConnectionPoolSize(4).build()));
            }
        }

        void start() {
            thread = new Thread(this::loop, "bench-writer");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            int target = 1;
            long seq = 0;
            try {
                while (running.get()) {
                    try (Session s = drivers.get(target).session()) {
                        s.run("CREATE (:BenchFailover {seq: $seq})", Map.of("seq", seq++)).consume();
                        long now = System.nanoTime();
                        synchronized (this) {
                            if (lastSuccess != 0 && pauseFrom != 0 && now - pauseFrom > 0) {
                                longestPause = Math.max(longestPause, now - lastSuccess);
                            }
                            lastSuccess = now;
                            notifyAll();
                        }
                    } catch (RuntimeException e) {
                        target = target % cluster.size() + 1;
                    }
                }
            } finally {
                drivers.values().forEach(Driver::close);
                stopped.countDown();
            }
        }

        /** Waits for a successful write that started after {@code since}; returns when it completed. */
        synchronized long awaitSuccessAfter(long since, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lastSuccess - since <= 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no successful write within " + timeout);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return lastSuccess;
        }

        synchronized void resetLongestPause() {
            longestPause = 0;
            pauseFrom = System.nanoTime();
        }

        synchronized long longestPause() {
            return longestPause;
        }

        void stop() throws InterruptedException {
            running.set(false);
            stopped.await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Measures each driver with {@code clients} clients: one warm-up each, then {@code rounds}
     * rounds in which they take turns, the order reversed every other round, so that drift in the
     * machine's load and the servers' warming up hit them alike. One row per driver, all its rounds
     * together.
     */
    private static void sideBySide(Map<String, Driver> drivers, int clients, int warmup, int run, int rounds,
            AccessMode mode, List<Bookmark> bookmarks, QuerySource queries) throws InterruptedException {
        List<String> order = new ArrayList<>(drivers.keySet());
        Map<String, Result> results = new LinkedHashMap<>();
        for (String name : order) {
            measure(drivers.get(name), clients, warmup, mode, bookmarks, queries);
            results.put(name, Result.NONE);
        }
        for (int round = 0; round < rounds; round++) {
            for (String name : order) {
                results.merge(name, measure(drivers.get(name), clients, run, mode, bookmarks, queries), Result::plus);
            }
            Collections.reverse(order);
        }
        results.forEach((name, r) -> row(name, clients, r));
    }

    private static Driver driver(String uri, int maxClients) {
        return GraphDatabase.driver(uri, AuthTokens.none(),
                Config.builder().withoutEncryption().withMaxConnectionPoolSize(maxClients + 4).build());
    }

    private interface QuerySource {
        String next(long i);
    }

    private static Result measure(Driver driver, int clients, int seconds, AccessMode mode, List<Bookmark> bookmarks,
            QuerySource queries) throws InterruptedException {
        CpuMeter cpu = CpuMeter.start(cpuCluster);
        long[][] latencies = new long[clients][];
        long[] counts = new long[clients];
        CountDownLatch done = new CountDownLatch(clients);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                SessionConfig config = SessionConfig.builder().withDefaultAccessMode(mode).withBookmarks(bookmarks)
                        .build();
                try (Session s = driver.session(config)) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        s.run(queries.next(n)).consume();
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, lat.length * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                } finally {
                    latencies[id] = Arrays.copyOf(lat, n);
                    counts[id] = n;
                    done.countDown();
                }
            }, "bench-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await(seconds + 120L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = Arrays.stream(counts).sum();
        long[] all = Arrays.stream(latencies).filter(a -> a != null).flatMapToLong(Arrays::stream).toArray();
        return new Result(total, elapsed, all, cpu.stop());
    }

    private static void row(String where, int clients, Result r) {
        long[] lat = r.latencies();
        Arrays.sort(lat);
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.3f%s |%n", where, clients, r.ops() / r.seconds(),
                percentile(lat, 0.50) / 1e6, percentile(lat, 0.99) / 1e6, r.cpu().perOp(r.ops()));
    }

    private static void report(String what, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "| %s | n | p50 ms | p99 ms | max ms |%n|---|---:|---:|---:|---:|%n", what);
        System.out.printf(Locale.ROOT, "| | %d | %.0f | %.0f | %.0f |%n%n", sorted.length, percentile(sorted, 0.5) / 1e6,
                percentile(sorted, 0.99) / 1e6, sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.println("all (ms): " + Arrays.toString(Arrays.stream(sorted).map(n -> n / 1_000_000).toArray()));
        System.out.println();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
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

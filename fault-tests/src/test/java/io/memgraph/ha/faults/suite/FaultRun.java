package io.memgraph.ha.faults.suite;

import io.memgraph.ha.faults.checker.AvailabilityChecker;
import io.memgraph.ha.faults.history.History;
import io.memgraph.ha.faults.history.Op;
import io.memgraph.ha.faults.history.Operation;
import io.memgraph.ha.faults.net.FaultNetwork;
import io.memgraph.ha.faults.schedule.FaultKind;
import io.memgraph.ha.faults.schedule.FaultSchedule;
import io.memgraph.ha.faults.schedule.PlannedFault;
import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterServer;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the fault suite: three server processes whose Raft traffic crosses a
 * {@link FaultNetwork}, the proxy in this JVM, concurrent clients of three workloads through the
 * proxy, and a seeded schedule of faults; then healing, a last write, equal state hashes on every
 * server, and the checks. Everything it saw goes to {@code <runs>/<seed>/}.
 */
final class FaultRun {
    private static final Logger LOG = LoggerFactory.getLogger(FaultRun.class);
    /** Elections after 0.5-1 s of silence, commits give up after 5 s, a snapshot every 2000 entries. */
    static final RaftTiming TIMING = new RaftTiming(500, 1000, 100, 5000, 2000);
    /** An operation still open this long after the clients were told to stop is hung. */
    static final Duration HUNG_AFTER = Duration.ofSeconds(90);
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final Duration LAST_WRITE = Duration.ofSeconds(30);
    /**
     * A fault shorter than this is not judged for availability: two election timeouts, as long as a
     * leader that hears nothing takes to step down and the others to elect (a cold restart of the
     * leader lasts about a second).
     */
    static final Duration MIN_JUDGED_FAULT = Duration.ofMillis(2 * TIMING.electionTimeoutMax());

    /**
     * What to run.
     *
     * @param seed the schedule's (and the clients' choices') seed
     * @param duration how long to keep injecting faults; null for one round of every fault kind
     * @param root an empty directory for the servers
     * @param runs where each run's folder goes ({@code <runs>/<seed>})
     */
    record Settings(long seed, Duration duration, Path root, Path runs) {
    }

    /**
     * What a run found.
     *
     * @param anomalies everything that was wrong, one line each; empty for a clean run
     * @param folder where the history, schedule and logs are
     * @param summary counts, for the log
     */
    record Report(List<String> anomalies, Path folder, String summary) {
    }

    private final Settings settings;
    private final History history = new History();
    private final List<Nemesis.Executed> executed = new ArrayList<>();
    private final List<String> anomalies = new ArrayList<>();
    private final List<Workload> workloads = List.of(new RegisterWorkload(3), new SetWorkload(), new BankWorkload(5, 100));
    /** Which workload each client runs: registers get most clients (their checker is the strictest). */
    private final int[] clientWorkload = {0, 0, 0, 1, 1, 2, 2};

    FaultRun(Settings settings) {
        this.settings = settings;
    }

    /** The command that repeats a run with {@code seed}. */
    static String repeatCommand(long seed, Duration duration) {
        return "mvn -B -ntp verify -pl fault-tests -am -Dtest=FaultSuiteTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dfaults.seed=" + seed + (duration == null ? "" : " -Dfaults.minutes=" + duration.toMinutes());
    }

    Report run() throws Exception {
        long seed = settings.seed();
        Path folder = settings.runs().resolve(Long.toString(seed));
        deleteRecursively(folder);
        Files.createDirectories(folder);
        LOG.info("Fault run with seed {} ({}); its files go to {}", seed,
                settings.duration() == null ? "every fault kind once" : settings.duration().toMinutes() + " minutes", folder);
        FaultSchedule schedule = new FaultSchedule(seed, 1500, 3000, 2500, 5000);
        ClusterHarness cluster = ClusterHarness.prepare(3, TIMING, settings.root());
        FaultNetwork network = null;
        TmpfsDisk disk = null;
        BoltProxy proxy = null;
        Driver driver = null;
        ElectionMonitor monitor = null;
        ExecutorService pool = Executors.newFixedThreadPool(clientWorkload.length);
        String summary = "";
        try {
            network = new FaultNetwork(cluster.servers().stream().map(ClusterServer::rpcPort).toList());
            cluster.routePeersThrough(network::port);
            int diskServer = (int) Math.floorMod(seed, (long) cluster.size()) + 1;
            TmpfsDisk.Result mounted = TmpfsDisk.mount(cluster.server(diskServer).directory(), "128m");
            disk = mounted.disk();
            cluster.startAll();
            cluster.awaitLeader(Duration.ofSeconds(30));
            proxy = BoltProxy.start(ProxySettings.plain(cluster.servers().stream()
                    .map(s -> new Endpoint(ClusterServer.HOST, s.boltPort())).toList()));
            driver = clientDriver(proxy.port());
            for (Workload w : workloads) {
                w.setUp(driver);
            }
            Nemesis nemesis = new Nemesis(cluster, network, disk, diskServer, mounted.whyNot(), history::now);
            monitor = new ElectionMonitor(cluster, nemesis.paused());

            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> clients = startClients(pool, driver, stop);
            injectFaults(schedule, nemesis);
            Thread.sleep(2000);
            stop.set(true);
            awaitClients(clients);
            lastWrite(driver);
            converge(cluster);
            for (Workload w : workloads) {
                List<String> found = w.check(history.events(), driver);
                LOG.info("{}: {} anomalies", w.name(), found.size());
                anomalies.addAll(found);
            }
            List<String> unavailable = AvailabilityChecker.check(history.events(), faultWindows(),
                    MIN_JUDGED_FAULT.toNanos());
            LOG.info("availability: {} anomalies", unavailable.size());
            anomalies.addAll(unavailable);
            summary = summary(monitor);
        } catch (Exception | AssertionError e) {
            LOG.error("The fault run with seed {} broke off", seed, e);
            anomalies.add("the run broke off: " + e);
            summary = summary(monitor);
        } finally {
            pool.shutdownNow();
            if (monitor != null) {
                monitor.close();
            }
            if (driver != null) {
                driver.close();
            }
            if (proxy != null) {
                proxy.close();
            }
            cluster.close();
            if (disk != null) {
                disk.close();
            }
            if (network != null) {
                network.close();
            }
            save(folder, cluster, summary);
        }
        if (!anomalies.isEmpty()) {
            LOG.error("The fault run with seed {} found {} anomalies; its history, schedule and server logs are in {}."
                    + " Repeat it with:\n  {}", seed, anomalies.size(), folder, repeatCommand(seed, settings.duration()));
        }
        return new Report(List.copyOf(anomalies), folder, summary);
    }

    private static Driver clientDriver(int port) {
        return GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none(), Config.builder()
                .withoutEncryption()
                .withLogging(Logging.slf4j())
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .withConnectionAcquisitionTimeout(30, TimeUnit.SECONDS)
                .withMaxTransactionRetryTime(10, TimeUnit.SECONDS)
                .withMaxConnectionPoolSize(16)
                .build());
    }

    private List<Future<?>> startClients(ExecutorService pool, Driver driver, AtomicBoolean stop) {
        List<Future<?>> clients = new ArrayList<>();
        for (int slot = 0; slot < clientWorkload.length; slot++) {
            Workload w = workloads.get(clientWorkload[slot]);
            Client c = new Client(slot, clientWorkload.length, driver, history, settings.seed());
            clients.add(pool.submit(() -> {
                while (!stop.get()) {
                    w.step(c);
                }
                return null;
            }));
        }
        return clients;
    }

    private void injectFaults(FaultSchedule schedule, Nemesis nemesis) throws InterruptedException {
        long end = settings.duration() == null ? Long.MAX_VALUE : System.nanoTime() + settings.duration().toNanos();
        int count = 0;
        while (settings.duration() == null ? count < FaultSchedule.allKinds() : System.nanoTime() < end) {
            PlannedFault f = schedule.next();
            count++;
            Thread.sleep(f.gapMillis());
            Nemesis.Executed e = nemesis.inject(f);
            synchronized (executed) {
                executed.add(e);
            }
        }
    }

    private void awaitClients(List<Future<?>> clients) throws InterruptedException {
        long deadline = System.nanoTime() + HUNG_AFTER.toNanos();
        for (Future<?> f : clients) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (ExecutionException e) {
                anomalies.add("a client thread died: " + e.getCause());
                LOG.error("A client thread died", e.getCause());
            }
        }
        for (Op open : history.pending()) {
            anomalies.add("hung: operation " + open + " did not complete within " + HUNG_AFTER.toSeconds()
                    + " s of the end of the faults");
        }
    }

    /** One more write through the proxy must succeed once everything is healed. */
    private void lastWrite(Driver driver) throws InterruptedException {
        long deadline = System.nanoTime() + LAST_WRITE.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try (Session s = driver.session()) {
                s.executeWrite(tx -> tx.run("CREATE (:Final {at: timestamp()})").consume());
                LOG.info("The write after healing succeeded");
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        anomalies.add("no write succeeded within " + LAST_WRITE.toSeconds() + " s after healing: " + last);
    }

    /** Waits until every server reports the same state hash at the same applied index. */
    private void converge(ClusterHarness cluster) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        Map<Integer, String> hashes = new TreeMap<>();
        while (true) {
            hashes.clear();
            for (ClusterServer s : cluster.servers()) {
                hashes.put(s.id(), stateHash(cluster, s.id()));
            }
            if (hashes.values().stream().distinct().count() == 1 && !hashes.get(1).startsWith("error")) {
                LOG.info("Every server has the same state: {}", hashes.get(1));
                return;
            }
            if (System.nanoTime() > deadline) {
                anomalies.add("state mismatch: the servers' SHOW STATE HASH still differ after " + CONVERGE.toSeconds()
                        + " s: " + hashes);
                return;
            }
            Thread.sleep(500);
        }
    }

    private static String stateHash(ClusterHarness cluster, int id) {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try (Session s = cluster.driver(id).session()) {
                Map<String, Object> rows = new LinkedHashMap<>();
                for (Record r : s.run("SHOW STATE HASH").list()) {
                    rows.put(r.get("info").asString(), r.get("value").asObject());
                }
                return "index " + rows.get("applied_index") + " hash " + rows.get("state_hash");
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "error: " + (e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error: interrupted";
        }
    }

    /**
     * Every injected fault's window. Each leaves a majority that can serve (at most one server is
     * hit, or the leader alone loses one direction), so the clients must be served again before it
     * heals.
     */
    private List<AvailabilityChecker.Window> faultWindows() {
        List<AvailabilityChecker.Window> windows = new ArrayList<>();
        synchronized (executed) {
            for (Nemesis.Executed e : executed) {
                if (!e.skipped()) {
                    windows.add(new AvailabilityChecker.Window("#" + e.plan().number() + " " + e.plan().kind() + " on "
                            + e.target(), e.inPlaceNanos(), e.healNanos()));
                }
            }
        }
        return windows;
    }

    private String summary(ElectionMonitor monitor) {
        List<Op> events = history.events();
        StringBuilder s = new StringBuilder();
        s.append("seed ").append(settings.seed()).append('\n');
        for (Workload w : workloads) {
            Map<Op.Type, Integer> counts = new EnumMap<>(Op.Type.class);
            for (Op op : events) {
                if (w.owns(op.f())) {
                    counts.merge(op.type(), 1, Integer::sum);
                }
            }
            s.append(w.name()).append(": ").append(counts.getOrDefault(Op.Type.INVOKE, 0)).append(" operations, ")
                    .append(counts.getOrDefault(Op.Type.OK, 0)).append(" ok, ")
                    .append(counts.getOrDefault(Op.Type.FAIL, 0)).append(" fail, ")
                    .append(counts.getOrDefault(Op.Type.INFO, 0)).append(" info\n");
        }
        Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
        Map<FaultKind, Integer> skipped = new EnumMap<>(FaultKind.class);
        synchronized (executed) {
            for (Nemesis.Executed e : executed) {
                (e.skipped() ? skipped : injected).merge(e.plan().kind(), 1, Integer::sum);
            }
        }
        s.append("faults injected: ").append(injected).append('\n');
        if (!skipped.isEmpty()) {
            s.append("faults skipped: ").append(skipped).append('\n');
        }
        List<Operation> operations = Operation.pair(events);
        List<String> served = new ArrayList<>();
        for (AvailabilityChecker.Window w : faultWindows()) {
            OptionalLong r = AvailabilityChecker.recovery(operations, w);
            served.add(w.name().replaceFirst(" on .*", "") + " "
                    + (r.isPresent() ? TimeUnit.NANOSECONDS.toMillis(r.getAsLong()) + " ms" : "never"));
        }
        s.append("served again after each fault was in place: ").append(String.join(", ", served)).append('\n');
        if (monitor != null) {
            s.append("elections seen: ").append(monitor.leaderChanges()).append(" leader changes, highest term ")
                    .append(monitor.highestTerm()).append('\n');
        }
        s.append("anomalies: ").append(anomalies.size()).append('\n');
        return s.toString();
    }

    private void save(Path folder, ClusterHarness cluster, String summary) {
        try {
            history.save(folder.resolve("history.jsonl"));
            List<String> faults = new ArrayList<>();
            synchronized (executed) {
                for (Nemesis.Executed e : executed) {
                    faults.add(e.toString());
                }
            }
            Files.write(folder.resolve("faults.txt"), faults);
            Files.write(folder.resolve("anomalies.txt"), anomalies);
            Files.writeString(folder.resolve("summary.txt"), summary + "repeat: " + repeatCommand(settings.seed(),
                    settings.duration()) + "\n");
            for (ClusterServer s : cluster.servers()) {
                Files.write(folder.resolve("server-" + s.id() + ".log"), s.allOutputLines());
            }
        } catch (IOException e) {
            LOG.error("Cannot save the run's files to {}", folder, e);
            anomalies.add("cannot save the run's files to " + folder + ": " + e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

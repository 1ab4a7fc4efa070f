package io.memgraph.ha.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An N-server {@code memgraph_ha} cluster on 127.0.0.1 for end-to-end tests: one JVM process per
 * server, Bolt and Raft RPC ports chosen at run time, and under a root directory
 * {@code coordination.json}, {@code raft.json} and {@code server-<id>/durability} per server.
 *
 * <pre>{@code
 * try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.FAST, tempDir)) {
 *     int leader = cluster.awaitLeader(Duration.ofSeconds(10));
 *     try (Session s = cluster.driver(leader).session()) {
 *         s.executeWrite(tx -> tx.run("CREATE (:N)").consume());
 *     }
 *     cluster.server(leader).kill9();
 *     int next = cluster.awaitLeader(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Every wait is bounded. {@link #close()} stops every server (SIGTERM, then SIGKILL after 20 s),
 * closes the drivers and logs the last {@value #TAIL_LINES} output lines of each server: at WARN when
 * {@link ClusterLogsOnFailure} saw the test fail, else at DEBUG. Processes never outlive the test JVM
 * (see {@link ClusterServer}). The default size is 3, or the system property
 * {@value #SIZE_PROPERTY} (e.g. {@code -Dmemgraph-ha.cluster.size=5}).
 */
public final class ClusterHarness implements AutoCloseable {
    /** System property: the size of {@link #defaultSize()}. */
    public static final String SIZE_PROPERTY = "memgraph-ha.cluster.size";
    /** Lines of each server's output logged when the harness closes. */
    public static final int TAIL_LINES = 50;
    /** How long one {@code SHOW RAFT INFO} may take. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterHarness.class);
    private static final AtomicLong CREATED = new AtomicLong();
    /** Harnesses that {@link ClusterLogsOnFailure} may have to report on. */
    private static final List<ClusterHarness> RECENT = Collections.synchronizedList(new ArrayList<>());

    private final long serial;
    private final Path root;
    private final RaftTiming timing;
    private final List<ClusterServer> servers;
    private final Map<Integer, Driver> drivers = new LinkedHashMap<>();
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "memgraph-ha-cluster-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean failed;
    private volatile boolean closed;
    private volatile boolean logsDumped;

    private ClusterHarness(Path root, RaftTiming timing, List<ClusterServer> servers) {
        this.serial = CREATED.incrementAndGet();
        this.root = root;
        this.timing = timing;
        this.servers = List.copyOf(servers);
        RECENT.add(this);
    }

    /** 3, or the value of the system property {@value #SIZE_PROPERTY}. */
    public static int defaultSize() {
        return Integer.getInteger(SIZE_PROPERTY, 3);
    }

    /** {@link #start(int, RaftTiming, Path, String...)} with {@link #defaultSize()} and {@link RaftTiming#FAST}. */
    public static ClusterHarness start(Path root) {
        return start(defaultSize(), RaftTiming.FAST, root);
    }

    /**
     * Writes the configuration under {@code root} and starts every server at once, then waits (at most
     * 60 s each) until all of them listen. Does not wait for a leader: see {@link #awaitLeader}.
     *
     * @param size the number of servers, at least 1
     * @param timing the contents of {@code raft.json}
     * @param root an empty (e.g. temporary) directory
     * @param extraFlags flags added to every server's command line
     * @throws AssertionError when a server does not come up; everything is stopped then
     */
    public static ClusterHarness start(int size, RaftTiming timing, Path root, String... extraFlags) {
        ClusterHarness h = prepare(size, timing, root, extraFlags);
        try {
            h.startAll();
        } catch (RuntimeException | Error e) {
            h.failed = true;
            h.close();
            throw e;
        }
        return h;
    }

    /**
     * Chooses the ports and writes {@code coordination.json}, {@code raft.json} and the server
     * directories under {@code root}, but starts nothing: for tests that run a server to its exit
     * (see {@link #runToExit}) or start servers one by one.
     */
    public static ClusterHarness prepare(int size, RaftTiming timing, Path root, String... extraFlags) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one server, not " + size);
        }
        List<Integer> ports = FreePorts.pick(2 * size);
        Path coordination = root.resolve("coordination.json");
        Path raft = root.resolve("raft.json");
        List<ClusterServer> servers = new ArrayList<>();
        try {
            Files.createDirectories(root);
            for (int id = 1; id <= size; id++) {
                int bolt = ports.get(2 * (id - 1));
                int rpc = ports.get(2 * (id - 1) + 1);
                Path dir = Files.createDirectories(root.resolve("server-" + id));
                List<String> flags = new ArrayList<>(List.of(
                        "--server-id=" + id,
                        "--coordination-config-file=" + coordination,
                        "--raft-config-file=" + raft,
                        "--durability-directory=" + dir.resolve("durability"),
                        "--bolt-address=" + ClusterServer.HOST,
                        "--bolt-port=" + bolt,
                        "--log-file=",
                        "--log-level=INFO"));
                flags.addAll(List.of(extraFlags));
                servers.add(new ClusterServer(id, size, bolt, rpc, dir, flags));
            }
            Files.writeString(coordination, coordinationJson(size, id -> ports.get(2 * (id - 1) + 1)));
            Files.writeString(raft, timing.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster configuration under " + root, e);
        }
        return new ClusterHarness(root, timing, servers);
    }

    /** Starts every server that is not running, all at once, and waits until each listens. */
    public void startAll() {
        List<ClusterServer> started = new ArrayList<>();
        for (ClusterServer s : servers) {
            if (!s.isRunning()) {
                s.launch();
                started.add(s);
            }
        }
        for (ClusterServer s : started) {
            s.awaitListening(ClusterServer.START_TIMEOUT);
        }
        LOG.info("Cluster of {} under {} is up: {}", servers.size(), root, servers);
    }

    /**
     * Gives each server a coordination file of its own, {@code <root>/coordination-<id>.json},
     * that lists each peer {@code j} of server {@code i} at {@code 127.0.0.1:peerPort(i, j)} instead
     * of its RPC port (its own entry keeps its RPC port, which it binds): for a relay between the
     * servers that can cut each direction of each pair. Servers read the new file from their next
     * start on, so call this before {@link #startAll()}.
     */
    public void routePeersThrough(IntBinaryOperator peerPort) {
        for (ClusterServer s : servers) {
            String json = coordinationJson(servers.size(),
                    peer -> peer == s.id() ? s.rpcPort() : peerPort.applyAsInt(s.id(), peer));
            Path file = root.resolve("coordination-" + s.id() + ".json");
            try {
                Files.writeString(file, json);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            s.useFlags("--coordination-config-file=" + file);
        }
    }

    /** The number of servers. */
    public int size() {
        return servers.size();
    }

    /** The Raft settings written to {@code raft.json}. */
    public RaftTiming timing() {
        return timing;
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /** {@code <root>/coordination.json}. */
    public Path coordinationFile() {
        return root.resolve("coordination.json");
    }

    /** {@code <root>/raft.json}. */
    public Path raftConfigFile() {
        return root.resolve("raft.json");
    }

    /**
     * The server with {@code id}.
     *
     * @throws IllegalArgumentException when {@code id} is not in 1..N
     */
    public ClusterServer server(int id) {
        if (id < 1 || id > servers.size()) {
            throw new IllegalArgumentException("no server " + id + " in a cluster of " + servers.size());
        }
        return servers.get(id - 1);
    }

    /** All servers, by id. */
    public List<ClusterServer> servers() {
        return servers;
    }

    /**
     * Waits until a running server says it is the leader ({@code is_leader} in {@code SHOW RAFT
     * INFO}); when several do (an old leader that has not noticed yet), the one with the highest
     * {@code term_id} wins.
     *
     * @return the leader's id
     * @throws AssertionError when there is none within {@code timeout}; the message has what each
     *     server last said
     */
    public int awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, String> last = new LinkedHashMap<>();
        while (true) {
            int leader = -1;
            long leaderTerm = Long.MIN_VALUE;
            for (ClusterServer s : servers) {
                if (!s.isRunning()) {
                    last.put(s.id(), "not running");
                    continue;
                }
                long left = deadline - System.nanoTime();
                Duration wait = Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(200),
                        Math.min(left, PROBE_TIMEOUT.toNanos())));
                try {
                    Map<String, Object> info = raftInfo(s.id(), wait);
                    last.put(s.id(), summary(info));
                    long term = asLong(info.get("term_id"));
                    if (isTrue(info.get("is_leader")) && term > leaderTerm) {
                        leader = s.id();
                        leaderTerm = term;
                    }
                } catch (RuntimeException e) {
                    last.put(s.id(), e.toString());
                }
            }
            if (leader > 0) {
                return leader;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("no leader within " + timeout + "; the servers said " + last);
            }
            sleep(100);
        }
    }

    /**
     * {@code SHOW RAFT INFO} on server {@code id}: {@code info} to {@code value} (Boolean, Long, String,
     * ... as the driver maps them), in row order.
     *
     * @throws RuntimeException when the server does not answer within {@code timeout}
     */
    public Map<String, Object> raftInfo(int id, Duration timeout) {
        Driver driver = driver(id);
        Future<Map<String, Object>> f = probes.submit(() -> {
            try (Session s = driver.session()) {
                Map<String, Object> info = new LinkedHashMap<>();
                for (Record r : s.run("SHOW RAFT INFO").list()) {
                    info.put(r.get("info").asString(), r.get("value").asObject());
                }
                return info;
            }
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("server " + id + " did not answer SHOW RAFT INFO within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until the applied indexes of all servers differ by at most {@code maxLag} (a server that
     * is still starting is asked again).
     *
     * @throws IllegalStateException when they do not within {@code timeout}
     */
    public void awaitCaughtUp(long maxLag, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (ClusterServer s : servers()) {
                    long applied = asLong(raftInfo(s.id(), PROBE_TIMEOUT).get("applied_index"));
                    min = Math.min(min, applied);
                    max = Math.max(max, applied);
                }
                if (max - min <= maxLag) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.debug("Catching up: {}", e.toString());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the servers' applied indexes did not come within " + maxLag + " of each"
                + " other within " + timeout);
    }

    /**
     * A {@code bolt://} driver (no routing, no auth, no TLS) for server {@code id}, created on first
     * use and closed by {@link #close()}; it survives restarts of the server (connections are checked
     * before use). Transaction functions retry for at most 15 s.
     */
    public synchronized Driver driver(int id) {
        ClusterServer s = server(id);
        if (closed) {
            throw new IllegalStateException("the harness is closed");
        }
        return drivers.computeIfAbsent(id, k -> GraphDatabase.driver(s.boltUri(), AuthTokens.none(),
                Config.builder()
                        .withoutEncryption()
                        .withLogging(Logging.slf4j())
                        .withConnectionTimeout(10, TimeUnit.SECONDS)
                        .withConnectionAcquisitionTimeout(10, TimeUnit.SECONDS)
                        .withConnectionLivenessCheckTimeout(0, TimeUnit.MILLISECONDS)
                        .withMaxTransactionRetryTime(15, TimeUnit.SECONDS)
                        .withMaxConnectionPoolSize(32)
                        .build()));
    }

    /** The driver of the leader, after {@link #awaitLeader} with 10 s. */
    public Driver leaderDriver() {
        return driver(awaitLeader(Duration.ofSeconds(10)));
    }

    /** The number of nodes with {@code label} that server {@code id} has, in a READ transaction. */
    public long countNodes(int id, String label) {
        return countNodes(id, label, List.of());
    }

    /**
     * The number of nodes with {@code label} that server {@code id} has, in a READ transaction that
     * waits for {@code bookmarks} (e.g. the leader session's {@code lastBookmarks()}).
     */
    public long countNodes(int id, String label, Iterable<Bookmark> bookmarks) {
        SessionConfig config = SessionConfig.builder()
                .withDefaultAccessMode(AccessMode.READ)
                .withBookmarks(bookmarks)
                .build();
        String query = "MATCH (n:`" + label.replace("`", "``") + "`) RETURN count(n) AS c";
        try (Session s = driver(id).session(config)) {
            return s.executeRead(tx -> tx.run(query).single().get("c").asLong());
        }
    }

    /**
     * Marks the test as failed: {@link #close()} then logs the servers' last lines at WARN (called
     * by {@link ClusterLogsOnFailure}). When the harness is already closed, logs them now.
     */
    public void markFailed() {
        failed = true;
        if (closed) {
            dumpLogs("the test failed", true);
        }
    }

    /**
     * Logs the last {@value #TAIL_LINES} output lines of every server, once per harness at WARN.
     *
     * @param reason why, for the log
     */
    public void dumpLogs(String reason) {
        dumpLogs(reason, true);
    }

    private void dumpLogs(String reason, boolean warn) {
        if (warn) {
            if (logsDumped) {
                return;
            }
            logsDumped = true;
        } else if (!LOG.isDebugEnabled()) {
            return;
        }
        for (ClusterServer s : servers) {
            String text = "{} ({}): last {} lines of {}:\n{}";
            Object[] args = {root, reason, TAIL_LINES, s, s.tail(TAIL_LINES)};
            if (warn) {
                LOG.warn(text, args);
            } else {
                LOG.debug(text, args);
            }
        }
    }

    /**
     * Stops every running server (SIGTERM to all, at most 20 s, then SIGKILL), closes the drivers
     * and logs the servers' last lines (WARN after a failure, else DEBUG). Never throws; idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (ClusterServer s : servers) {
            s.terminate();
        }
        long deadline = System.nanoTime() + ClusterServer.STOP_TIMEOUT.toNanos();
        for (ClusterServer s : servers) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!s.awaitTermination(left)) {
                LOG.warn("{} did not stop within {} of SIGTERM and was killed", s, ClusterServer.STOP_TIMEOUT);
            }
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        synchronized (this) {
            for (Driver d : drivers.values()) {
                closing.add(d.closeAsync().toCompletableFuture());
            }
            drivers.clear();
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Closing the drivers of {}: {}", root, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.shutdownNow();
        if (failed) {
            dumpLogs("the test failed", true);
        } else {
            dumpLogs("closed", false);
        }
    }

    /**
     * Runs the server's main class with exactly {@code flags} (e.g. {@code server(1).flags("--server-id=4")})
     * and waits for it to exit.
     *
     * @throws AssertionError when it does not exit within {@code timeout} (it is then killed)
     */
    public static Finished runToExit(List<String> flags, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(ClusterServer.command(flags));
        pb.environment().remove("MEMGRAPH_CONFIG");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start memgraph_ha", e);
        }
        ClusterServer.track(p);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("memgraph_ha did not exit within " + timeout + " for " + flags
                        + "; standard error:\n" + err.getNow("<not read>"));
            }
            return new Finished(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the output of memgraph_ha", e);
        }
    }

    /**
     * What a process that ran to its end printed.
     *
     * @param exitCode its exit status
     * @param stdout its standard output
     * @param stderr its standard error
     */
    public record Finished(int exitCode, String stdout, String stderr) {
        /** The lines of standard error that report a start-up problem ({@code memgraph_ha: ...}). */
        public List<String> problems() {
            return stderr.lines().filter(l -> l.startsWith("memgraph_ha: ")).toList();
        }
    }

    /** Harnesses created after {@code serialAbove}, or not closed yet; for {@link ClusterLogsOnFailure}. */
    static List<ClusterHarness> recent(long serialAbove) {
        synchronized (RECENT) {
            return RECENT.stream().filter(h -> h.serial > serialAbove || !h.closed).toList();
        }
    }

    /** The serial of the newest harness; forgets closed ones (they belong to earlier tests). */
    static long newestSerialForgettingClosed() {
        synchronized (RECENT) {
            RECENT.removeIf(h -> h.closed);
            return CREATED.get();
        }
    }

/** {@code coordination.json} for servers 1..size on {@link ClusterServer#HOST}, server {@code i} at port {@code port(i)}. */
    private static String coordinationJson(int size, IntUnaryOperator port) {
        StringBuilder json = new StringBuilder("[\n");
        for (int id = 1; id <= size; id++) {
            json.append("  [").append(id).append(", \"").append(ClusterServer.HOST).append("\", ")
                    .append(port.applyAsInt(id)).append(id < size ? "],\n" : "]\n");
        }
        return json.append("]\n").toString();
    }

        private static String summary(Map<String, Object> info) {
        return "role=" + info.get("role") + " term=" + info.get("term_id") + " leader=" + info.get("leader_id")
                + " commit=" + info.get("commit_index") + " applied=" + info.get("applied_index");
    }

    private static boolean isTrue(Object v) {
        return v instanceof Boolean b ? b : v != null && v.toString().equalsIgnoreCase("true");
    }

    private static long asLong(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? Long.MIN_VALUE : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read: " + e + ">";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

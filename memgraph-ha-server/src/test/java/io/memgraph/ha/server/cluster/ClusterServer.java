package io.memgraph.ha.server.cluster;

import io.memgraph.ha.server.e2e.ServerJvm;
import io.memgraph.ha.server.e2e.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One server of a {@link ClusterHarness}: a {@code memgraph_ha} process ({@code java -cp <test class
 * path> io.memgraph.ha.server.MemgraphHa ...}) with a fixed id, Bolt port, Raft RPC port and
 * durability directory, so that it can be stopped, killed and started again on the same data.
 *
 * <p>The process's standard error and output are read by two daemon threads; {@link #start()}
 * returns once the server logs {@code listening on 127.0.0.1:<port> (server <id> of <n>)}. Every wait
 * is bounded. Processes are registered with a JVM shutdown hook that kills them, so none outlives the
 * test JVM even when a test forgets to close its harness.
 */
public final class ClusterServer {
    /** The only address servers listen on and connect to. */
    public static final String HOST = "127.0.0.1";
    /** System property: the heap option of each server process (default {@value #DEFAULT_HEAP}). */
    public static final String HEAP_PROPERTY = "memgraph-ha.cluster.heap";
    /** System property: more JVM options for each server, separated by spaces (default {@value #DEFAULT_JVM_OPTIONS}). */
    public static final String JVM_OPTIONS_PROPERTY = "memgraph-ha.cluster.jvm-options";
    /** System property naming a built {@code memgraph-ha.jar} to run instead of the test class path. */
    public static final String JAR_PROPERTY = ServerJvm.JAR_PROPERTY;
    static final String DEFAULT_HEAP = "-Xmx384m";
    /**
     * Few GC threads: several server JVMs share a small machine; and no query warm-up, a second of
     * CPU per start that the tests' many starts on two cores cannot spare (QueryWarmupTest covers it).
     */
    static final String DEFAULT_JVM_OPTIONS = "-XX:+UseSerialGC -Dmemgraph.query-warmup=0";
    /** How long {@link #start()} waits for the listening line. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #stop()} waits after SIGTERM, and {@link #kill9()} after SIGKILL. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern LISTENING =
            Pattern.compile("listening on (\\S+):(\\d+) \\((single server|server (\\d+) of (\\d+))\\)");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
        }, "memgraph-ha-cluster-reaper"));
    }

    private final int id;
    private final int clusterSize;
    private final int boltPort;
    private final int rpcPort;
    private final Path directory;
    /** Replaced only before a start, by {@link #useFlags}. */
    private volatile List<String> baseFlags;
    /** Every line of every run, with a separator line per start; guarded by itself. */
    private final List<String> history = new ArrayList<>();
    private Process process;
    private Run run;
    private int starts;

    ClusterServer(int id, int clusterSize, int boltPort, int rpcPort, Path directory, List<String> baseFlags) {
        this.id = id;
        this.clusterSize = clusterSize;
        this.boltPort = boltPort;
        this.rpcPort = rpcPort;
        this.directory = directory;
        this.baseFlags = List.copyOf(baseFlags);
    }

    /** The server id (1..N), as in {@code coordination.json}. */
    public int id() {
        return id;
    }

    /** The Bolt port, fixed for the life of the harness. */
    public int boltPort() {
        return boltPort;
    }

    /** The Raft RPC port listed for this server in {@code coordination.json}. */
    public int rpcPort() {
        return rpcPort;
    }

    /** {@code 127.0.0.1:<bolt port>}, the form servers use to name a leader. */
    public String boltAddress() {
        return HOST + ":" + boltPort;
    }

    /** {@code bolt://127.0.0.1:<bolt port>}. */
    public String boltUri() {
        return "bolt://" + boltAddress();
    }

    /** This server's directory: {@code <root>/server-<id>}. */
    public Path directory() {
        return directory;
    }

    /** The {@code --durability-directory}: {@code <root>/server-<id>/durability}. */
    public Path durabilityDirectory() {
        return directory.resolve("durability");
    }

    /** The flags {@link #start()} passes. */
    public List<String> flags() {
        return baseFlags;
    }

    /**
     * The flags with {@code overrides} applied: an override {@code --name=value} replaces the flag
     * of the same name, or is appended when there is none; {@code --name} alone (no {@code =})
     * removes the flag. For running the server to its exit with one thing changed.
     */
    public List<String> flags(String... overrides) {
        List<String> flags = new ArrayList<>(baseFlags);
        for (String o : overrides) {
            int eq = o.indexOf('=');
            String prefix = (eq < 0 ? o : o.substring(0, eq)) + "=";
            int at = -1;
            for (int i = 0; i < flags.size(); i++) {
                if (flags.get(i).startsWith(prefix)) {
                    at = i;
                    break;
                }
            }
            if (eq < 0) {
                if (at >= 0) {
                    flags.remove(at);
                }
            } else if (at >= 0) {
                flags.set(at, o);
            } else {
                flags.add(o);
            }
        }
        return List.copyOf(flags);
    }

    /**
     * Changes the flags of every later start, as {@link #flags(String...)} describes: for a cluster
     * in which one server is configured differently.
     */
    public synchronized void useFlags(String... overrides) {
        baseFlags = flags(overrides);
    }

    /**
     * Starts the process and waits (at most 60 s) until it listens.
     *
     * @throws IllegalStateException when it is already running
     * @throws AssertionError when it exits or stays silent instead; it is then killed
     */
    public void start() {
        launch();
        awaitListening(START_TIMEOUT);
    }

    /** Starts the process without waiting; see {@link #awaitListening}. */
    synchronized void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("server " + id + " is already running (pid " + process.pid() + ")");
        }
        ProcessBuilder pb = new ProcessBuilder(command(baseFlags));
        pb.environment().remove("MEMGRAPH_CONFIG");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start server " + id, e);
        }
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        starts++;
        record("=== server " + id + " start " + starts + ", pid " + p.pid() + " ===");
        process = p;
        run = new Run(p);
    }

    /**
     * Waits until the running process logs that it listens on its Bolt port.
     *
     * @throws AssertionError when it exits, reports another port or server id, or says nothing in
     *     time (it is then killed)
     */
    void awaitListening(Duration timeout) {
        Run r;
        Process p;
        synchronized (this) {
            r = run;
            p = process;
        }
        if (r == null) {
            throw new IllegalStateException("server " + id + " was never started");
        }
        Matcher m;
        try {
            m = r.listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError("server " + id + " did not report listening within " + timeout
                    + "; its last lines:\n" + tail(50), e);
        } catch (ExecutionException e) {
            awaitExit(p, DRAIN_TIMEOUT);
            r.awaitDrained();
            throw new AssertionError("server " + id + " ended before listening (exit "
                    + (p.isAlive() ? "none yet" : p.exitValue()) + "); its last lines:\n" + tail(50), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted while waiting for server " + id, e);
        }
        String problem = null;
        if (Integer.parseInt(m.group(2)) != boltPort) {
            problem = "reports Bolt port " + m.group(2) + ", expected " + boltPort;
        } else if (m.group(4) == null && clusterSize > 1) {
            problem = "started as a single server, not as server " + id + " of " + clusterSize;
        } else if (m.group(4) != null && (Integer.parseInt(m.group(4)) != id || Integer.parseInt(m.group(5)) != clusterSize)) {
            problem = "reports itself as server " + m.group(4) + " of " + m.group(5) + ", expected " + id + " of "
                    + clusterSize;
        }
        if (problem != null) {
            p.destroyForcibly();
            awaitExit(p, STOP_TIMEOUT);
            throw new AssertionError("server " + id + " " + problem + ": " + m.group());
        }
    }

    /** The running (or last) process's id. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("server " + id + " was never started");
        }
        return process.pid();
    }

    /** Whether the process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The exit status of the last process, if it has ended. */
    public synchronized Optional<Integer> exitCode() {
        return process == null || process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /**
     * Stops the running process with SIGSTOP: it answers nothing and refuses nothing, and its
     * connections stay open, as with a server whose machine lost power or whose network was cut.
     * {@link #resume} lets it go on.
     *
     * Returns once every thread of it is stopped: {@code kill} returns once the signal is sent, and
     * a thread running on another core stops a moment later.
     *
     * @throws AssertionError when the signal cannot be sent, or the process is not stopped within a second
     */
    public void pause() {
        signal("STOP");
        long pid = pid();
        try {
            if (!awaitStopped(pid, Duration.ofSeconds(1))) {
                throw new AssertionError("pid " + pid + " is not stopped 1 s after SIGSTOP");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for pid " + pid + " to stop", e);
        }
    }

    /** Waits at most {@code timeout} until every thread of {@code pid} is stopped; false if it is not. */
    public static boolean awaitStopped(long pid, Duration timeout) throws InterruptedException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allStopped(tasks)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** True when every thread under {@code tasks} ({@code /proc/<pid>/task}) is in state T (stopped). */
    static boolean allStopped(Path tasks) {
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                String stat = Files.readString(t.resolve("stat"));
                // "<tid> (<name>) <state> ...": the name may hold spaces and parentheses
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            // a thread that ended while we looked: look again
            return false;
        }
    }

    /** Lets a process stopped by {@link #pause} go on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        long pid = pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new AssertionError("kill -" + name + " " + pid + " did not finish within 10 s");
            }
            if (kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending SIG" + name + " to " + pid, e);
        }
    }

    /**
     * Kills the process with SIGKILL (no shutdown hook runs, nothing is flushed) and waits for it.
     * Does nothing when it is not running.
     *
     * @throws AssertionError when it is still alive after 20 s
     */
    public void kill9() {
        Process p;
        Run r;
        synchronized (this) {
            p = process;
            r = run;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly();
        if (!awaitExit(p, STOP_TIMEOUT)) {
            throw new AssertionError("server " + id + " (pid " + p.pid() + ") did not die within " + STOP_TIMEOUT
                    + " of SIGKILL");
        }
        r.awaitDrained();
    }

    /**
     * Stops the process with SIGTERM and returns its exit status (0 for a clean stop).
     * Returns the old status when it is not running.
     *
     * @throws AssertionError when it does not stop within 20 s; it is then killed
     */
    public int stop() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            throw new IllegalStateException("server " + id + " was never started");
        }
        if (p.isAlive()) {
            terminate();
            if (!awaitTermination(STOP_TIMEOUT)) {
                throw new AssertionError("server " + id + " did not stop within " + STOP_TIMEOUT
                        + " of SIGTERM and was killed; its last lines:\n" + tail(50));
            }
        }
        return p.exitValue();
    }

    /** Sends SIGTERM (through the handle, so the output streams stay open until the last line is read). */
    synchronized void terminate() {
        if (process != null && process.isAlive()) {
            process.toHandle().destroy();
        }
    }

    /**
     * Waits for the process to end after {@link #terminate()}; when it does not within {@code timeout}
     * it is killed.
     *
     * @return false when it had to be killed
     */
    boolean awaitTermination(Duration timeout) {
        Process p;
        Run r;
        synchronized (this) {
            p = process;
            r = run;
        }
        if (p == null) {
            return true;
        }
        boolean clean = awaitExit(p, timeout);
        if (!clean) {
            p.destroyForcibly();
            awaitExit(p, STOP_TIMEOUT);
        }
        r.awaitDrained();
        return clean;
    }

    /**
     * Deletes the durability directory (the server then starts as a new, empty member).
     *
     * @throws IllegalStateException when the server is running
     */
    public void wipeDurability() {
        if (isRunning()) {
            throw new IllegalStateException("server " + id + " is running; stop or kill it before wiping its data");
        }
        Path dir = durabilityDirectory();
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** The standard-error lines of the current (or last) run. */
    public synchronized List<String> stderrLines() {
        return run == null ? List.of() : run.stderr();
    }

    /** Every line of every run (standard output prefixed {@code [stdout]}), with one separator line per start. */
    public List<String> allOutputLines() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** The last {@code n} lines of {@link #allOutputLines()}, joined by newlines. */
    public String tail(int n) {
        List<String> all = allOutputLines();
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    @Override
    public String toString() {
        return "server " + id + " (bolt " + boltAddress() + ", rpc " + HOST + ":" + rpcPort + ")";
    }

    private void record(String line) {
        synchronized (history) {
            history.add(line);
        }
    }

    private static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
    }

    /**
     * The command line that runs the server's main class with this JVM and the test class path (or
     * the jar named by {@value #JAR_PROPERTY}), the heap of {@value #HEAP_PROPERTY} and
     * {@code flags}.
     */
    static List<String> command(List<String> flags) {
        List<String> options = new ArrayList<>();
        options.add(System.getProperty(HEAP_PROPERTY, DEFAULT_HEAP));
        options.addAll(ServerProcess.jvmOptions(JVM_OPTIONS_PROPERTY, DEFAULT_JVM_OPTIONS));
        return ServerJvm.command(options, flags);
    }

    /** Registers a process started elsewhere (e.g. run to its exit) with the shutdown hook. */
    static void track(Process p) {
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
    }

    /** One process: its output pumps and the listening line. */
    private final class Run {
        final CompletableFuture<Matcher> listening = new CompletableFuture<>();
        private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch drained = new CountDownLatch(2);

        Run(Process p) {
            pump(p.getErrorStream(), true, "memgraph-ha-cluster-" + id + "-stderr");
            pump(p.getInputStream(), false, "memgraph-ha-cluster-" + id + "-stdout");
        }

        List<String> stderr() {
            synchronized (stderr) {
                return List.copyOf(stderr);
            }
        }

        void awaitDrained() {
            try {
                drained.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void pump(InputStream in, boolean isStderr, String name) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (isStderr) {
                            stderr.add(line);
                            record(line);
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                listening.complete(m);
                            }
                        } else {
                            record("[stdout] " + line);
                        }
                    }
                } catch (IOException e) {
                    record("<" + (isStderr ? "stderr" : "stdout") + " closed: " + e + ">");
                } finally {
                    if (isStderr) {
                        listening.completeExceptionally(new IllegalStateException("the server's standard error ended"));
                    }
                    drained.countDown();
                }
            }, name);
            t.setDaemon(true);
            t.start();
        }
    }
}

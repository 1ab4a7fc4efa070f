package io.memgraph.ha.server.e2e;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code memgraph_ha} server started as a separate process ({@code java -cp <test class path>
 * io.memgraph.ha.server.MemgraphHa ...}) on 127.0.0.1 and an ephemeral port (it logs the bound
 * port, which is read from its standard error). Every wait is bounded; {@link #close()} sends
 * SIGTERM and, if the process does not stop in time, kills it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) \\(single server\\)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path dir;
    private final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> stdout = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(2);

    private ServerProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        pump(process.getErrorStream(), stderr, true);
        pump(process.getInputStream(), stdout, false);
    }

    /** System property naming a built {@code memgraph-ha.jar} to run instead of the test class path. */
    public static final String JAR_PROPERTY = ServerJvm.JAR_PROPERTY;
    /** System property: more JVM options for the server, separated by spaces (default none). */
    public static final String JVM_OPTIONS_PROPERTY = "memgraph-ha.server.jvm-options";

    /** The JVM options in the system property {@code property} (else {@code defaults}), split at white space. */
    public static List<String> jvmOptions(String property, String defaults) {
        String value = System.getProperty(property, defaults).trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    /**
     * The command line that runs the server's main class with this JVM and the test class path (or
     * the jar named by the system property {@value #JAR_PROPERTY}): see {@link ServerJvm}.
     */
    public static List<String> command(List<String> flags) {
        List<String> options = new ArrayList<>();
        options.add(System.getProperty("memgraph-ha.server.heap", "-Xmx512m"));
        options.addAll(jvmOptions(JVM_OPTIONS_PROPERTY, ""));
        return ServerJvm.command(options, flags);
    }

    /** Runs the main class with exactly {@code flags} (no defaults added) and waits for it to exit. */
    public static Finished runToExit(List<String> flags, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(flags));
        pb.environment().remove("MEMGRAPH_CONFIG");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("memgraph_ha did not exit within " + timeout + " for " + flags);
        }
        return new Finished(p.exitValue(), out.join(), err.join());
    }

    /** What a process that ran to its end printed. */
    public record Finished(int exitCode, String stdout, String stderr) {}

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read: " + e + ">";
        }
    }

    /**
     * Starts a server with its own temporary durability directory and no coordination file.
     *
     * @param extraFlags more flags, e.g. {@code --query-execution-time-sec=1}
     */
    public static ServerProcess start(String... extraFlags) throws IOException {
        return startIn(Files.createTempDirectory("memgraph-ha-e2e"), extraFlags);
    }

    /**
     * Starts a server on {@code dir}: durability directory {@code dir/durability}, Raft settings
     * from {@code dir/raft.json} if the test wrote one (else the defaults), no coordination file. A
     * second call on the same directory restarts on the same data.
     */
    public static ServerProcess startIn(Path dir, String... extraFlags) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(flags(dir, extraFlags)));
        pb.environment().remove("MEMGRAPH_CONFIG");
        ServerProcess server = new ServerProcess(pb.start(), dir);
        server.awaitPort();
        return server;
    }

    /** The flags {@link #startIn} uses for {@code dir}, followed by {@code extraFlags}. */
    public static List<String> flags(Path dir, String... extraFlags) {
        List<String> flags = new ArrayList<>(List.of(
                "--bolt-address=127.0.0.1",
                "--bolt-port=0",
                "--durability-directory=" + dir.resolve("durability"),
                "--coordination-config-file=" + dir.resolve("no-coordination.json"),
                "--raft-config-file=" + dir.resolve("raft.json"),
                "--log-file=",
                "--log-level=INFO"));
        flags.addAll(List.of(extraFlags));
        return flags;
    }

    private void awaitPort() {
        try {
            port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("memgraph_ha did not report its port within " + START_TIMEOUT
                    + "; exit " + (process.isAlive() ? "none" : process.exitValue()) + "; stderr:\n"
                    + String.join("\n", stderr), e);
        }
    }

    private void pump(InputStream in, List<String> sink, boolean watchPort) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.add(line);
                    if (watchPort) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(2)));
                        }
                    }
                }
            } catch (IOException e) {
                sink.add("<stream closed: " + e + ">");
            } finally {
                port.completeExceptionally(new IllegalStateException("the server's output ended"));
                drained.countDown();
            }
        }, "memgraph-ha-e2e-pump");
        t.setDaemon(true);
        t.start();
    }

    /** The Bolt port. */
    public int port() {
        return port.join();
    }

    /** {@code bolt://127.0.0.1:<port>}. */
    public String boltUri() {
        return "bolt://127.0.0.1:" + port();
    }

    /**
     * A Neo4j driver of this server that logs in with {@code token}: no encryption, a small pool,
     * 10 s to connect. The caller closes it.
     */
    public org.neo4j.driver.Driver driver(org.neo4j.driver.AuthToken token) {
        return org.neo4j.driver.GraphDatabase.driver(boltUri(), token, org.neo4j.driver.Config.builder()
                .withoutEncryption().withMaxConnectionPoolSize(4).withConnectionTimeout(10, TimeUnit.SECONDS).build());
    }

    /** {@code neo4j://127.0.0.1:<port>} (routing driver). */
    public String neo4jUri() {
        return "neo4j://127.0.0.1:" + port();
    }

    /**
     * A raw Bolt client of this server: connected, handshaken at {@code version} and greeted
     * (HELLO, or INIT in Bolt 1 and 2) without credentials as {@code userAgent}.
     */
    public BoltClientConnection boltClient(BoltVersion version, String userAgent) {
        BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port(), Duration.ofSeconds(20));
        c.handshake(version);
        Response hello = c.hello(BoltClientConnection.helloExtra(userAgent, java.util.Map.of("scheme", "none")));
        if (!(hello instanceof Response.Success)) {
            c.close();
            throw new AssertionError("the server answered HELLO with " + hello);
        }
        return c;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the server wrote to standard error so far. */
    public List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** The server's temporary directory. */
    public Path directory() {
        return dir;
    }

    /**
     * Stops the server with SIGTERM and returns its exit code.
     *
     * @throws AssertionError when it does not stop within 20 s (it is then killed)
     */
    public int stop() throws InterruptedException {
        // Through the handle, so that the process's output streams stay open for the pump threads
        // (Process.destroy closes them) and its last lines are read.
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("memgraph_ha did not stop within 20 s of SIGTERM; stderr:\n"
                    + String.join("\n", stderr()));
        }
        drained.await(5, TimeUnit.SECONDS);
        return process.exitValue();
    }

    /**
     * Kills the process with SIGKILL ({@code kill -9}: no shutdown hook runs) and waits for it.
     *
     * @throws AssertionError when it is still alive after 20 s
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("memgraph_ha did not die within 20 s of SIGKILL");
        }
        drained.await(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

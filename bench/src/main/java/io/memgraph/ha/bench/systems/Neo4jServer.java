package io.memgraph.ha.bench.systems;

import io.memgraph.ha.bench.Systems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/**
 * Neo4j Community, embedded in a child JVM ({@link Neo4jMain}) started with this JVM's class path,
 * the heap of the system property {@value #HEAP_PROPERTY} (default {@value #DEFAULT_HEAP}) and a
 * page cache of {@value #PAGE_CACHE_PROPERTY} MiB (default {@value #DEFAULT_PAGE_CACHE_MIB}).
 */
public final class Neo4jServer implements BoltSystem {
    public static final String HEAP_PROPERTY = "bench.neo4j.heap";
    public static final String PAGE_CACHE_PROPERTY = "bench.neo4j.pagecache-mib";
    static final String DEFAULT_HEAP = "-Xmx4g";
    static final String DEFAULT_PAGE_CACHE_MIB = "2048";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private Process process;
    private int port;

    public Neo4jServer(Path home) {
        this.home = home;
    }

    @Override
    public String name() {
        return Systems.NEO4J;
    }

    @Override
    public String boltUri() {
        return "bolt://127.0.0.1:" + port;
    }

    @Override
    public List<ProcessHandle> processes() {
        Process p = process;
        return p == null || !p.isAlive() ? List.of() : List.of(p.toHandle());
    }

    @Override
    public List<String> awaitIndexes() {
        return List.of("CALL db.awaitIndexes(300)");
    }

    @Override
    public void start() throws Exception {
        port = ChildProcesses.freePort();
        List<String> cmd = List.of(ChildProcesses.java(), System.getProperty(HEAP_PROPERTY, DEFAULT_HEAP),
                "-cp", System.getProperty("java.class.path"), Neo4jMain.class.getName(), home.toString(),
                Integer.toString(port), System.getProperty(PAGE_CACHE_PROPERTY, DEFAULT_PAGE_CACHE_MIB));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ChildProcesses.track(process.toHandle());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        ChildProcesses.pump(process.getInputStream(), "neo4j-output", line -> {
            output.add(line);
            if (line.contains(Neo4jMain.READY)) {
                ready.complete(null);
            }
        }).thenRun(() -> ready.completeExceptionally(new IllegalStateException("Neo4j exited")));
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Neo4j did not start within " + START_TIMEOUT + "; its output:\n"
                    + String.join("\n", tail(40)), e);
        }
    }

    /** The version Neo4j reports ({@code dbms.components()}). */
    public String version() {
        try (Driver d = GraphDatabase.driver(boltUri(), AuthTokens.none());
                Session s = d.session()) {
            return s.run("CALL dbms.components() YIELD versions, edition RETURN versions[0] + ' ' + edition")
                    .single().get(0).asString();
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            ChildProcesses.stop(process.toHandle(), Duration.ofSeconds(60));
            process = null;
        }
    }

    private List<String> tail(int n) {
        synchronized (output) {
            return List.copyOf(output.subList(Math.max(0, output.size() - n), output.size()));
        }
    }
}

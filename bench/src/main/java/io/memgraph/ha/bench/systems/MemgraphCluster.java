package io.memgraph.ha.bench.systems;

import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterServer;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Three {@code memgraph_ha} servers with the shipped {@code raft.json} (one process each, started by
 * the server tests' {@link ClusterHarness}) and a {@code memgraph_ha_proxy} in front of them, a
 * process of its own run from the jar named by {@value #PROXY_JAR_PROPERTY}.
 */
public final class MemgraphCluster implements AutoCloseable {
    public static final String PROXY_JAR_PROPERTY = "bench.proxy.jar";
    /** JVM options added to the proxy's (space-separated; for profiling, e.g. a perf map). */
    public static final String PROXY_JVM_OPTIONS_PROPERTY = "bench.proxy.jvm-options";
    private static final Pattern LISTENING = Pattern.compile("listening on \\S*:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ClusterHarness harness;
    private final List<String> proxyOutput = Collections.synchronizedList(new ArrayList<>());
    private Process proxy;
    private int proxyPort;

    private MemgraphCluster(ClusterHarness harness) {
        this.harness = harness;
    }

    /** Starts the servers and the proxy and waits for a leader. */
    public static MemgraphCluster start(Path dir) throws Exception {
        return start(dir, null);
    }

    /**
     * Starts the servers and the proxy and waits for a leader; with {@code gcLogs}, every process
     * (each start of a server too) logs its collections and safepoints to {@code gcLogs/gc-<pid>.log}
     * (the servers' own logs name each start's pid).
     */
    public static MemgraphCluster start(Path dir, Path gcLogs) throws Exception {
        List<String> gcOption = List.of();
        if (gcLogs != null) {
            Files.createDirectories(gcLogs);
            gcOption = List.of(gcLogOption(gcLogs));
            String servers = System.getProperty(ClusterServer.JVM_OPTIONS_PROPERTY, "");
            System.setProperty(ClusterServer.JVM_OPTIONS_PROPERTY, (servers + " " + gcOption.get(0)).strip());
        }
        MemgraphCluster c = new MemgraphCluster(ClusterHarness.start(3, RaftTiming.DEFAULTS, dir));
        try {
            c.harness.servers().forEach(s -> ProcessHandle.of(s.pid()).ifPresent(ChildProcesses::track));
            c.harness.awaitLeader(Duration.ofSeconds(30));
            c.startProxy(gcOption);
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The JVM option that logs collections and safepoints, with wall-clock times, to {@code dir/gc-<pid>.log}. */
    static String gcLogOption(Path dir) {
        String file = dir.toAbsolutePath().resolve("gc-%p.log").toString();
        if (file.contains(" ") || file.contains(":")) {
            throw new IllegalArgumentException("a directory for GC logs may not contain a space or a colon: " + dir);
        }
        return "-Xlog:gc,safepoint:file=" + file + ":time,uptimemillis";
    }

    private void startProxy(List<String> jvmOptions) throws Exception {
        String jar = System.getProperty(PROXY_JAR_PROPERTY);
        if (jar == null) {
            throw new IllegalStateException("the system property " + PROXY_JAR_PROPERTY + " must name memgraph-ha-proxy.jar");
        }
        String endpoints = harness.servers().stream().map(s -> ClusterServer.HOST + ":" + s.boltPort())
                .collect(Collectors.joining(","));
        // the collector its launchers choose (bin/memgraph_ha_proxy, the package's /usr/bin/memgraph_ha_proxy)
        List<String> cmd = new ArrayList<>(List.of(ChildProcesses.java(), "-Xmx512m", "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        String extra = System.getProperty(PROXY_JVM_OPTIONS_PROPERTY, "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar, "--endpoints=" + endpoints, "--bolt-address=127.0.0.1", "--bolt-port=0",
                "--use-ssl=false", "--log-file=", "--log-level=" + System.getProperty("bench.proxy.log-level", "info")));
        proxy = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        proxyOutput.add("=== proxy, pid " + proxy.pid() + " ===");
        ChildProcesses.track(proxy.toHandle());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        ChildProcesses.pump(proxy.getInputStream(), "proxy-output", line -> {
            proxyOutput.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port.complete(Integer.parseInt(m.group(1)));
            }
        }).thenRun(() -> port.completeExceptionally(new IllegalStateException("the proxy exited")));
        try {
            proxyPort = port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("memgraph_ha_proxy did not start; its output:\n"
                    + String.join("\n", proxyOutput), e);
        }
    }

    /** The servers. */
    public ClusterHarness harness() {
        return harness;
    }

    /** {@code bolt://} of the current leader. */
    public String leaderUri() {
        return harness.server(harness.awaitLeader(Duration.ofSeconds(30))).boltUri();
    }

    /** The three servers' processes, for their CPU time. */
    public List<ProcessHandle> serverProcesses() {
        return harness.servers().stream().flatMap(s -> ProcessHandle.of(s.pid()).stream()).toList();
    }

    /** The servers' processes and the proxy's. */
    public List<ProcessHandle> serverAndProxyProcesses() {
        List<ProcessHandle> all = new ArrayList<>(serverProcesses());
        proxyProcess().ifPresent(all::add);
        return all;
    }

    /** The proxy's process while it runs. */
    public Optional<ProcessHandle> proxyProcess() {
        return proxy != null && proxy.isAlive() ? Optional.of(proxy.toHandle()) : Optional.empty();
    }

    /** {@code bolt://} of the proxy. */
    public String proxyUri() {
        return "bolt://127.0.0.1:" + proxyPort;
    }

    /**
     * Writes every line each server and the proxy printed so far into {@code dir}
     * ({@code server-N.log}, one separator line per start, and {@code proxy.log}).
     */
    public void writeLogs(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (ClusterServer s : harness.servers()) {
            Files.write(dir.resolve("server-" + s.id() + ".log"), s.allOutputLines());
        }
        List<String> proxyLines;
        synchronized (proxyOutput) {
            proxyLines = List.copyOf(proxyOutput);
        }
        Files.write(dir.resolve("proxy.log"), proxyLines);
    }

    @Override
    public void close() {
        if (proxy != null) {
            ChildProcesses.stop(proxy.toHandle(), Duration.ofSeconds(15));
        }
        harness.close();
    }
}

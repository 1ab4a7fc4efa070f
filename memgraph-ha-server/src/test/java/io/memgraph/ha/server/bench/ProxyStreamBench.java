package io.memgraph.ha.server.bench;

import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * A large result through the proxy process: one server, {@code memgraph_ha_proxy} as its own JVM
 * (from {@code memgraph-ha-proxy/target/memgraph-ha-proxy.jar}) with a small heap, and the Neo4j
 * Java driver pulling {@code --rows} rows with fetch size {@code --fetch}. The proxy's used heap is
 * sampled with {@code jstat -gc} every 100 ms while the rows stream; a proxy that buffered the
 * result would need the whole result in its heap (and fail with the small {@code -Xmx}).
 *
 * <p>Arguments: {@code --rows=1000000}, {@code --fetch=1000}, {@code --heap=64m},
 * {@code --proxy-jar=...}.
 */
public final class ProxyStreamBench {
    private ProxyStreamBench() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(arg(args, "rows", "1000000"));
        int fetch = Integer.parseInt(arg(args, "fetch", "1000"));
        String heap = arg(args, "heap", "64m");
        Path jar = Path.of(arg(args, "proxy-jar", "../memgraph-ha-proxy/target/memgraph-ha-proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: mvn -B -ntp -pl memgraph-ha-proxy -am package -DskipTests");
        }
        Path dir = Files.createTempDirectory("memgraph-ha-stream-bench");
        try (ClusterHarness cluster = ClusterHarness.start(1, RaftTiming.FAST, dir)) {
            cluster.awaitLeader(java.time.Duration.ofSeconds(30));
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Process proxy = new ProcessBuilder(javaBin(), "-Xmx" + heap, "-Xms" + heap, "-XX:+UseSerialGC", "-jar",
                    jar.toString(), "--endpoints=127.0.0.1:" + cluster.server(1).boltPort(), "--bolt-port=" + port,
                    "--use-ssl=false", "--log-level=WARN").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("proxy.log").toFile()).start();
            try {
                awaitPort(port);
                String pad = "x".repeat(40);
                List<Long> samples = new ArrayList<>();
                AtomicBoolean streaming = new AtomicBoolean(true);
                Thread sampler = new Thread(() -> {
                    while (streaming.get()) {
                        long used = usedHeapKb(proxy.pid());
                        if (used >= 0) {
                            synchronized (samples) {
                                samples.add(used);
                            }
                        }
                        sleep(100);
                    }
                }, "heap-sampler");
                long before = usedHeapKb(proxy.pid());
                AtomicLong received = new AtomicLong();
                long t0;
                long t1;
                try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none(),
                        Config.builder().withoutEncryption().withFetchSize(fetch).build());
                        Session s = driver.session(SessionConfig.builder().withFetchSize(fetch).build())) {
                    s.run("RETURN 1").consume();
                    sampler.start();
                    t0 = System.nanoTime();
                    Result r = s.run("UNWIND range(1, $n) AS i RETURN i, $pad AS s", Map.of("n", rows, "pad", pad));
                    long sum = 0;
                    while (r.hasNext()) {
                        sum += r.next().get(0).asLong();
                        received.incrementAndGet();
                    }
                    t1 = System.nanoTime();
                    if (sum != rows * (rows + 1) / 2) {
                        throw new IllegalStateException("wrong rows: sum " + sum);
                    }
                } finally {
                    streaming.set(false);
                    sampler.join(5000);
                }
                long max;
                long n;
                synchronized (samples) {
                    max = samples.stream().mapToLong(Long::longValue).max().orElse(-1);
                    n = samples.size();
                }
                System.out.printf(Locale.ROOT, "| rows | fetch size | approx. result MB | proxy -Xmx | proxy heap used"
                        + " before, KB | max used while streaming, KB (%d samples) | rows/s |%n", n);
                System.out.println("|---:|---:|---:|---|---:|---:|---:|");
                System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %s | %d | %d | %.0f |%n", received.get(), fetch,
                        received.get() * (pad.length() + 12) / 1e6, heap, before, max,
                        received.get() / ((t1 - t0) / 1e9));
            } finally {
                proxy.destroy();
                proxy.waitFor(15, TimeUnit.SECONDS);
                proxy.destroyForcibly();
            }
        }
    }

    /** S0U + S1U + EU + OU of {@code jstat -gc}, in KB; -1 when jstat fails. */
    private static long usedHeapKb(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    Long.toString(pid)).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line.trim());
                }
            }
            p.waitFor(5, TimeUnit.SECONDS);
            if (lines.size() < 2) {
                return -1;
            }
            String[] head = lines.get(0).split("\\s+");
            String[] vals = lines.get(1).split("\\s+");
            double used = 0;
            for (int i = 0; i < head.length && i < vals.length; i++) {
                if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
                    used += Double.parseDouble(vals[i]);
                }
            }
            return (long) used;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void awaitPort(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                sleep(100);
            }
        }
        throw new IllegalStateException("the proxy did not listen on " + port + " within 30 s");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code memgraph_ha_proxy} process itself ({@code java -cp <test class path>
 * io.memgraph.ha.proxy.MemgraphHaProxy}): refusals in one line with status 1, {@code --help}, and a
 * graceful stop on SIGTERM with status 0. Every wait is bounded; all traffic stays on 127.0.0.1.
 */
class MemgraphHaProxyProcessTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");

    private static List<String> command(List<String> flags) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), MemgraphHaProxy.class.getName()));
        cmd.addAll(flags);
        return cmd;
    }

    /** What a process that ran to its end printed. */
    private record Finished(int exitCode, String stdout, String stderr) {}

    private static Finished runToExit(String... flags) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(List.of(flags))).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("memgraph_ha_proxy did not exit within " + EXIT_TIMEOUT + " for "
                    + List.of(flags));
        }
        return new Finished(p.exitValue(), out.join(), err.join());
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read: " + e + ">";
        }
    }

    /** A port on 127.0.0.1 nothing listens on: the proxy's endpoint, which it may try and fail to reach. */
    private static String closedEndpoint() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    @Timeout(120)
    void aBadFlagIsOneLineNamingItAndStatusOne(@TempDir Path dir) throws Exception {
        Finished f = runToExit("--endpoints=" + closedEndpoint(), "--bolt-port=http");
        assertThat(f.exitCode()).isEqualTo(MemgraphHaProxy.EXIT_CONFIG);
        assertThat(f.stdout()).isEmpty();
        assertThat(f.stderr().lines().toList()).containsExactly(
                "memgraph_ha_proxy: command line: --bolt-port=http must be an integer between 0 and 65535");

        Path conf = dir.resolve("proxy.conf");
        Files.writeString(conf, "# proxy\n--endpoints=" + closedEndpoint() + "\n--port=-1\n");
        Finished fromFile = runToExit("--flag-file=" + conf);
        assertThat(fromFile.exitCode()).isEqualTo(MemgraphHaProxy.EXIT_CONFIG);
        assertThat(fromFile.stdout()).isEmpty();
        assertThat(fromFile.stderr().lines().toList()).containsExactly(
                "memgraph_ha_proxy: " + conf + ":3: --port=-1 must be between 0 and 65535");
    }

    @Test
    @Timeout(120)
    void missingEndpointsAreOneLineAndStatusOne() throws Exception {
        Finished f = runToExit("--bolt-port=0");
        assertThat(f.exitCode()).isEqualTo(MemgraphHaProxy.EXIT_CONFIG);
        assertThat(f.stdout()).isEmpty();
        assertThat(f.stderr().lines().toList()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("memgraph_ha_proxy: --endpoints is not set"));
    }

    @Test
    @Timeout(120)
    void aTakenPortIsOneLineNamingTheAddressAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            String address = "127.0.0.1:" + taken.getLocalPort();
            Finished f = runToExit("--endpoints=" + closedEndpoint(), "--bolt-address=127.0.0.1",
                    "--bolt-port=" + taken.getLocalPort());
            assertThat(f.exitCode()).isEqualTo(MemgraphHaProxy.EXIT_CONFIG);
            assertThat(f.stdout()).isEmpty();
            assertThat(f.stderr().lines().toList()).singleElement().satisfies(l -> assertThat(l)
                    .startsWith("memgraph_ha_proxy: cannot listen on " + address + " "));
        }
    }

    @Test
    @Timeout(120)
    void helpListsTheFlagsAndTheOriginalNames() throws Exception {
        Finished f = runToExit("--help");
        assertThat(f.exitCode()).isZero();
        assertThat(f.stdout()).contains("--endpoints").contains("--bolt-address").contains("--use-ssl")
                .contains("--trusted-cert-file").contains("--shutdown-timeout-sec").contains("--flag-file")
                .contains("(also --address)").contains("(also --port)");
        assertThat(f.stderr()).isEmpty();
    }

    /**
     * Reads the proxy's standard error into {@code stderr} on a daemon thread: {@code port} gets the
     * Bolt port of its start-up line (or fails when the stream ends first), {@code drained} opens at
     * the end of the stream.
     */
    private static void pumpStandardError(Process p, List<String> stderr, CompletableFuture<Integer> port,
            CountDownLatch drained) {
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                stderr.add("<stream closed: " + e + ">");
            } finally {
                port.completeExceptionally(new IllegalStateException("the proxy's standard error ended"));
                drained.countDown();
            }
        }, "proxy-stderr");
        pump.setDaemon(true);
        pump.start();
    }

    @Test
    @Timeout(120)
    void sigtermStopsGracefullyWithStatusZeroWithinTheGrace() throws Exception {
        int graceSeconds = 10;
        Process p = new ProcessBuilder(command(List.of("--endpoints=" + closedEndpoint(), "--bolt-address=127.0.0.1",
                "--bolt-port=0", "--shutdown-timeout-sec=" + graceSeconds))).start();
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CountDownLatch drained = new CountDownLatch(1);
        pumpStandardError(p, stderr, port, drained);
        try {
            int bound;
            try {
                bound = port.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("no start-up line within 60 s; stderr: " + stderr, e);
            }
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", bound), 5_000);
            }
            // Through the handle, so that the pump can still read the last lines (Process.destroy
            // closes the streams); both send SIGTERM.
            long stopAt = System.nanoTime();
            p.toHandle().destroy();
            assertThat(p.waitFor(graceSeconds, TimeUnit.SECONDS)).as("exited within the grace").isTrue();
            assertThat(p.exitValue()).as("exit status after SIGTERM; stderr: %s", stderr).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(graceSeconds));
            assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<String> lines = List.copyOf(stderr);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("INFO").contains("servers 127.0.0.1:")
                .contains("(plain Bolt)").contains("(TLS, certificates not verified)"));
        assertThat(lines).filteredOn(l -> l.contains("WARN") && l.contains("not verified")).hasSize(1);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("memgraph_ha_proxy stopping"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("memgraph_ha_proxy stopped"));
    }

    @Test
    @Timeout(120)
    void theMetricsEndpointAnswersWhileTheProxyRunsAndATakenMetricsPortIsOneLine() throws Exception {
        int metricsPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            metricsPort = free.getLocalPort();
        }
        Process p = new ProcessBuilder(command(List.of("--endpoints=" + closedEndpoint(), "--bolt-address=127.0.0.1",
                "--bolt-port=0", "--use-ssl=false", "--metrics-port=" + metricsPort))).start();
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        pumpStandardError(p, stderr, listening, new CountDownLatch(1));
        try {
            try {
                listening.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("no start-up line within 60 s; stderr: " + stderr, e);
            }
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body().lines().toList()).contains("memgraph_ha_proxy_leader_known 0",
                    "memgraph_ha_proxy_client_connections_open 0", "memgraph_ha_proxy_client_connections_total 0")
                    .anyMatch(l -> l.startsWith("memgraph_ha_proxy_info{version=\""))
                    .anyMatch(l -> l.startsWith("process_cpu_seconds_total "));

            // a second proxy on the same metrics port: one line, status 1, and the first goes on
            Finished second = runToExit("--endpoints=" + closedEndpoint(), "--bolt-address=127.0.0.1", "--bolt-port=0",
                    "--use-ssl=false", "--metrics-address=127.0.0.1", "--metrics-port=" + metricsPort);
            assertThat(second.exitCode()).isEqualTo(MemgraphHaProxy.EXIT_CONFIG);
            assertThat(second.stderr().lines().toList()).singleElement().satisfies(l -> assertThat(l)
                    .startsWith("memgraph_ha_proxy: cannot listen on 127.0.0.1:" + metricsPort
                            + " (--metrics-address, --metrics-port): "));
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** The metrics endpoint of a real server process, scraped over HTTP as Prometheus does. */
class MetricsE2ETest {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*="
                    + "\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

    /** A metric's name in a PromQL expression: ours, Neo4j's, the process's and the JVM's. */
    private static final Pattern METRIC_IN_EXPR = Pattern.compile(
            "\\b((?:memgraph_ha|neo4j|process|jvm)_[a-zA-Z0-9_]+)");

    private static final Path ALERTS = Path.of("..", "etc", "prometheus", "memgraph_ha_alerts.yml");

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The samples of a scrape by name and labels; every line checked to be a comment or a well-formed sample. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: %s", line).isTrue();
            String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            assertThat(samples.put(key, Double.parseDouble(m.group(3).replace("+Inf", "Infinity")
                    .replace("-Inf", "-Infinity")))).as("one sample of %s", key).isNull();
            String family = m.group(1).replaceFirst("_(bucket|sum|count)$", "");
            assertThat(text.contains("# TYPE " + m.group(1) + " ") || text.contains("# TYPE " + family + " histogram"))
                    .as("HELP and TYPE of %s", m.group(1)).isTrue();
        }
        return samples;
    }

    @Test
    void aScrapeGivesTheRaftStateAndTheGraphAndFollowsWrites() throws Exception {
        int port = freePort();
        try (OneServer server = OneServer.start("--metrics-address=127.0.0.1", "--metrics-port=" + port)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> first = get(http, port, "/metrics", "GET");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("content-type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            Map<String, Double> before = parse(first.body());
            assertThat(before).containsEntry("memgraph_ha_raft_is_leader", 1.0)
                    .containsEntry("memgraph_ha_raft_role{role=\"leader\"}", 1.0)
                    .containsEntry("memgraph_ha_raft_ready_for_writes", 1.0)
                    .containsEntry("memgraph_ha_raft_cluster_size", 1.0)
                    .containsEntry("neo4j_database_memgraph_ids_in_use_node", 0.0)
                    .containsKeys("neo4j_dbms_vm_heap_used", "process_cpu_seconds_total", "memgraph_ha_raft_term",
                            "neo4j_database_memgraph_transaction_last_committed_tx_id_total");
            assertThat(before.keySet()).anyMatch(k -> k.startsWith("memgraph_ha_info{version=\""));

            server.write("UNWIND range(1, 3) AS i CREATE (:Scraped {i: i})");
            Map<String, Double> after = parse(get(http, port, "/metrics", "GET").body());
            assertThat(after).containsEntry("neo4j_database_memgraph_ids_in_use_node", 3.0);
            for (String grows : List.of("memgraph_ha_raft_applied_index", "memgraph_ha_raft_log_syncs_total")) {
                assertThat(after.get(grows)).as(grows).isGreaterThan(before.get(grows));
            }
            assertThat(after.get("memgraph_ha_commits_total{outcome=\"committed\"}")).isGreaterThanOrEqualTo(1.0);
            assertThat(after.get("memgraph_ha_commit_seconds_count"))
                    .isEqualTo(after.get("memgraph_ha_commits_total{outcome=\"committed\"}"));
            assertThat(after.get("memgraph_ha_commit_seconds_bucket{le=\"+Inf\"}"))
                    .isEqualTo(after.get("memgraph_ha_commit_seconds_count"));
            assertThat(after.get("memgraph_ha_query_seconds_count"))
                    .isGreaterThan(before.get("memgraph_ha_query_seconds_count"));
            assertThat(after.get("memgraph_ha_bolt_connections_total")).isGreaterThanOrEqualTo(1.0);
            assertThat(after.get("memgraph_ha_bolt_connections_open")).isGreaterThanOrEqualTo(1.0);
            String syntaxErrors = "memgraph_ha_bolt_failures_total{code=\"Neo.ClientError.Statement.SyntaxError\"}";
            assertThat(after).doesNotContainKey(syntaxErrors);
            server.failure("RETURN RETURN");
            assertThat(parse(get(http, port, "/metrics", "GET").body())).containsEntry(syntaxErrors, 1.0);
        }
    }

    /**
     * Every metric the shipped Grafana dashboard and alerting rules query is one a server or a
     * proxy gives: the families of a real server's scrape (after a write and a failure) and of a
     * proxy in front of it (after a query through it), plus the few that only some states give,
     * each checked by name elsewhere.
     */
    @Test
    void theShippedDashboardAndAlertsQueryOnlyFiguresTheServerAndTheProxyGive() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "etc", "grafana", "memgraph_ha_dashboard.json")
                .toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.get("expr").asText());
            }
        }
        assertThat(expressions).hasSizeGreaterThan(20);
        List<String> alerts = Files.readAllLines(ALERTS).stream().filter(l -> l.strip().startsWith("expr:")).toList();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        expressions.addAll(alerts);
        Set<String> queried = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = METRIC_IN_EXPR.matcher(e);
            while (m.find()) {
                queried.add(m.group(1).replaceFirst("_(bucket|sum|count)$", ""));
            }
        }
        int port = freePort();
        Set<String> given = new TreeSet<>(List.of(
                "memgraph_ha_raft_peer_match_index", "memgraph_ha_raft_peer_last_contact_seconds", // ServerMetricsTest
                "memgraph_ha_proxy_failures_total")); // ProxyReplayTest
        try (OneServer server = OneServer.start("--metrics-address=127.0.0.1", "--metrics-port=" + port);
                BoltProxy proxy = BoltProxy.start(ProxySettings.plain(
                        List.of(new Endpoint("127.0.0.1", server.process.port()))));
                Driver viaProxy = GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(), AuthTokens.none())) {
            server.write("CREATE (:Dashboard)");
            server.failure("RETURN RETURN");
            try (Session s = viaProxy.session()) {
                assertThat(s.run("MATCH (n:Dashboard) RETURN count(n)").single().get(0).asLong()).isEqualTo(1);
            }
            String scrapes = get(HttpClient.newHttpClient(), port, "/metrics", "GET").body() + "\n"
                    + proxy.metricsText("test");
            scrapes.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> given.add(l.split(" ")[2]));
        }
        assertThat(queried).as("metrics the dashboard queries").isNotEmpty().allSatisfy(
                name -> assertThat(given).as("families the server and the proxy give").contains(name));
    }

    /**
     * The alerting rules load in Prometheus and fire as their unit tests say (no leader, every
     * server gone, a silent follower, repeated elections), by {@code promtool}: Debian's
     * {@code prometheus} package, which {@code .ci/run} installs; skipped where it is missing
     * outside CI.
     */
    @Test
    void theShippedAlertingRulesPassPromtoolsChecksAndUnitTests() throws Exception {
        boolean present = new ProcessBuilder("sh", "-c", "command -v promtool").start().waitFor() == 0;
        assumeTrue(present || System.getenv("CI") != null, "promtool is not installed (apt-get install prometheus)");
        assertThat(present).as("promtool on the PATH in CI").isTrue();
        for (List<String> command : List.of(List.of("promtool", "check", "rules", ALERTS.getFileName().toString()),
                List.of("promtool", "test", "rules", "memgraph_ha_alerts_test.yml"))) {
            Process p = new ProcessBuilder(command).directory(ALERTS.getParent().toFile()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
            assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
            assertThat(out).contains("SUCCESS");
        }
    }

    @Test
    void otherPathsMethodsAndBytesAreRefusedAndTheEndpointGoesOn() throws Exception {
        int port = freePort();
        try (OneServer server = OneServer.start("--metrics-address=127.0.0.1", "--metrics-port=" + port)) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, port, "/", "GET").statusCode()).isEqualTo(404);
            assertThat(get(http, port, "/metrics", "POST").statusCode()).isEqualTo(405);
            HttpResponse<String> head = get(http, port, "/metrics", "HEAD");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 0, 0, 5, '\r', '\n', '\r', '\n'});
                out.flush();
                InputStream in = s.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 400");
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(20_000)
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).matches("(?s)HTTP/1.1 (400|431).*");
            }
            assertThat(parse(get(http, port, "/metrics", "GET").body()))
                    .containsEntry("memgraph_ha_raft_is_leader", 1.0);
            assertThat(server.rows("RETURN 1")).containsExactly(List.of(1L));
        }
    }

    @Test
    void aTakenMetricsPortStopsStartUpWithOneLine(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerProcess.Finished f = ServerProcess.runToExit(ServerProcess.flags(dir, "--metrics-address=127.0.0.1",
                    "--metrics-port=" + taken.getLocalPort()), Duration.ofSeconds(60));
            assertThat(f.exitCode()).as("stderr: %s", f.stderr()).isEqualTo(1);
            assertThat(f.stderr().strip().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("memgraph_ha: --metrics-address=127.0.0.1 --metrics-port=" + taken.getLocalPort()
                            + ": cannot listen: "));
        }
    }
}

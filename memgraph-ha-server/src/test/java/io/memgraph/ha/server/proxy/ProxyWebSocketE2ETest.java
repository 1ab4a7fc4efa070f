package io.memgraph.ha.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.testing.TestTls;
import io.memgraph.ha.bolt.testing.WebSocketBoltClient;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import io.memgraph.ha.server.cluster.ClusterLogsOnFailure;
import io.memgraph.ha.server.cluster.ClusterServer;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * Bolt over WebSocket, as browser tools speak it, through the proxy in front of a three-server
 * cluster of real processes, and straight to a server: the JDK's WebSocket client writes and reads
 * with Bolt 5 and 4.4, in frames cut anywhere, a result spread over many frames, {@code wss://} on
 * a proxy with client TLS, the 400 answer to a plain HTTP request, the 403 to a page of another
 * origin, a Java driver over TCP on the
 * same port meanwhile, and a graceful stop that lets a WebSocket client's transaction commit.
 */
@ExtendWith(ClusterLogsOnFailure.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProxyWebSocketE2ETest {

    static ProxiedCluster fixture;

    @BeforeAll
    static void startCluster(@TempDir Path dir) throws Exception {
        fixture = ProxiedCluster.start(dir);
    }

    @AfterAll
    static void stopCluster() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static URI ws(int port) {
        return URI.create("ws://127.0.0.1:" + port);
    }

    /** RUN and PULL everything; the records' values, row by row. */
    private static List<List<Object>> query(WebSocketBoltClient c, String cypher, Map<String, Object> params)
            throws Exception {
        c.send(new Request.Run(cypher, params, Map.of()), new Request.Pull(-1, -1));
        Response run = c.receive();
        assertThat(run).as("RUN %s", cypher).isInstanceOf(Response.Success.class);
        List<Response> rest = c.untilSummary();
        assertThat(rest.get(rest.size() - 1)).as("PULL of %s", cypher).isInstanceOf(Response.Success.class);
        List<List<Object>> rows = new ArrayList<>();
        rest.subList(0, rest.size() - 1).forEach(r -> rows.add(((Response.RecordMessage) r).values()));
        return rows;
    }

    @Test
    void webSocketClientsWriteAndReadThroughTheProxy() throws Exception {
        int[][] versions = {{5, 8}, {4, 4}};
        for (int[] v : versions) {
            BoltVersion version = new BoltVersion(v[0], v[1]);
            try (WebSocketBoltClient c = WebSocketBoltClient.connect(ws(fixture.proxy().port()), null)) {
                assertThat(c.handshake(version.encode())).isEqualTo(version);
                assertThat(c.login()).isInstanceOf(Response.Success.class);
                String tag = "ws-" + version;
                query(c, "CREATE (:WsProxy {tag: $tag, i: 1}), (:WsProxy {tag: $tag, i: 2})", Map.of("tag", tag));
                assertThat(query(c, "MATCH (n:WsProxy {tag: $tag}) RETURN n.i AS i ORDER BY i", Map.of("tag", tag)))
                        .containsExactly(List.of(1L), List.of(2L));
                int before = c.messagesReceived();
                List<List<Object>> big = query(c, "UNWIND range(1, 5000) AS i RETURN i, 'row ' + toString(i) AS s",
                        Map.of());
                assertThat(big).hasSize(5000);
                assertThat(big.get(4999)).containsExactly(5000L, "row 5000");
                assertThat(c.messagesReceived() - before).as("frames of a 5000-row result").isGreaterThan(1);
            }
        }
    }

    @Test
    void framesCutAnywhereAndPingsThroughTheProxy() throws Exception {
        for (boolean fragmented : new boolean[] {false, true}) {
            try (WebSocketBoltClient c = WebSocketBoltClient.connect(ws(fixture.proxy().port()), null)) {
                c.frameSize(1).fragmented(fragmented);
                assertThat(c.ping("hello proxy")).isEqualTo("hello proxy");
                c.handshake(new BoltVersion(5, 4).encode(), new BoltVersion(4, 4).encode());
                assertThat(c.login()).isInstanceOf(Response.Success.class);
                assertThat(query(c, "RETURN $x AS x", Map.of("x", "one byte per frame")))
                        .containsExactly(List.of("one byte per frame"));
                c.sendClose(1000, "done");
                assertThat(c.awaitClosed().status()).isEqualTo(1000);
            }
        }
    }

    /** The servers serve WebSocket themselves too (a browser pointed at one server). */
    @Test
    void aWebSocketClientStraightToAServer() throws Exception {
        int leader = fixture.cluster().awaitLeader(Duration.ofSeconds(15));
        try (WebSocketBoltClient c = WebSocketBoltClient.connect(ws(fixture.cluster().server(leader).boltPort()), null)) {
            c.frameSize(3);
            c.handshake(new BoltVersion(5, 8).encodeRange(8));
            assertThat(c.login()).isInstanceOf(Response.Success.class);
            assertThat(query(c, "RETURN 40 + 2 AS answer", Map.of())).containsExactly(List.of(42L));
        }
        // a page from elsewhere may not use a browser to reach the server (nor the proxy)
        for (int port : new int[] {fixture.cluster().server(leader).boltPort(), fixture.proxy().port()}) {
            try (Socket http = new Socket("127.0.0.1", port)) {
                http.setSoTimeout(10_000);
                http.getOutputStream().write(WebSocketBoltClient.browserUpgrade("https://evil.example")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .startsWith("HTTP/1.1 403 ").contains("origin https://evil.example");
            }
        }
        try (WebSocketBoltClient local = WebSocketBoltClient.connect(ws(fixture.cluster().server(leader).boltPort()),
                null, "http://localhost:7474")) {
            local.handshake(new BoltVersion(5, 4).encode());
            assertThat(local.login()).isInstanceOf(Response.Success.class);
        }
    }

    @Test
    void plainHttpGets400AndATcpDriverWorksAlongside() throws Exception {
        try (WebSocketBoltClient c = WebSocketBoltClient.connect(ws(fixture.proxy().port()), null);
                Driver driver = ProxyClusterE2ETest.driver("bolt", fixture.proxy().port());
                Session s = driver.session()) {
            c.handshake(new BoltVersion(5, 4).encode());
            c.login();
            String page;
            try (Socket http = new Socket("127.0.0.1", fixture.proxy().port())) {
                http.setSoTimeout(10_000);
                http.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = http.getInputStream();
                page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(page).startsWith("HTTP/1.1 400 ").contains("This is a Bolt port");
            for (int i = 0; i < 3; i++) {
                assertThat(s.run("RETURN $i AS i", Map.of("i", i)).single().get("i").asLong()).isEqualTo(i);
                assertThat(query(c, "RETURN $i AS i", Map.of("i", i))).containsExactly(List.of((long) i));
            }
        }
    }

    @Test
    void wssThroughAProxyWithClientTls(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.selfSigned(dir);
        List<Endpoint> endpoints = fixture.cluster().servers().stream()
                .map(s -> new Endpoint(ClusterServer.HOST, s.boltPort())).toList();
        ProxySettings plain = ProxySettings.plain(endpoints);
        ProxySettings withTls = new ProxySettings(endpoints, plain.bindAddress(), 0, tls.server(), null,
                plain.workerThreads(), plain.sessionInactivityTimeout(), plain.numRetries(), plain.retryDelay(),
                plain.connectTimeout(), plain.maxMessageSize(), plain.shutdownGrace());
        try (BoltProxy tlsProxy = BoltProxy.start(withTls);
                WebSocketBoltClient c = WebSocketBoltClient.connect(URI.create("wss://127.0.0.1:" + tlsProxy.port()),
                        tls.client())) {
            c.handshake(new BoltVersion(5, 4).encode());
            assertThat(c.login()).isInstanceOf(Response.Success.class);
            assertThat(query(c, "RETURN 'secure' AS s", Map.of())).containsExactly(List.of("secure"));
        }
    }

    /** A graceful stop of the proxy waits for a WebSocket client's open transaction, as for a TCP one. */
    @Test
    void aGracefulStopLetsAWebSocketTransactionCommit() throws Exception {
        BoltProxy stopping = ProxyClusterE2ETest.proxy(fixture.cluster());
        try (WebSocketBoltClient c = WebSocketBoltClient.connect(ws(stopping.port()), null)) {
            c.handshake(new BoltVersion(5, 4).encode());
            c.login();
            c.send(new Request.Begin(Map.of()));
            assertThat(c.receive()).isInstanceOf(Response.Success.class);
            query(c, "CREATE (:WsStop {i: 1})", Map.of());
            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                    () -> stopping.stopGracefully(Duration.ofSeconds(30)));
            Thread.sleep(500);
            assertThat(stopped).as("the stop waits for the open transaction").isNotDone();
            query(c, "CREATE (:WsStop {i: 2})", Map.of());
            c.send(new Request.Commit());
            assertThat(c.receive()).isInstanceOf(Response.Success.class);
            assertThat(stopped.get(20, TimeUnit.SECONDS)).as("every session ended within the grace").isTrue();
            assertThat(c.awaitClosed().withoutCloseFrame()).isTrue();
        } finally {
            stopping.close();
        }
        try (Session s = fixture.cluster().leaderDriver().session()) {
            assertThat(s.run("MATCH (n:WsStop) RETURN count(n) AS c").single().get("c").asLong()).isEqualTo(2);
        }
    }
}

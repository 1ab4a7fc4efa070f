package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.server.BoltServer;
import io.memgraph.ha.bolt.testing.TestTls;
import io.memgraph.ha.bolt.testing.WebSocketBoltClient;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bolt over WebSocket on the proxy's client port, in front of a fake server that speaks plain
 * Bolt: the JDK's WebSocket client with Bolt 5 and 4.4, frames of one byte, a result over many
 * frames, {@code wss://}, the 400 answer to plain HTTP, a text frame, and a TCP client alongside.
 */
class ProxyWebSocketTest {

    private BoltServer server;
    private BoltProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = BoltServer.builder(info -> new FakeSessions.Quiet() {
            @Override
            public io.memgraph.ha.bolt.server.spi.ResultStream run(String query, Map<String, Object> parameters,
                    io.memgraph.ha.bolt.server.spi.TxOptions options) {
                return FakeSessions.rows(query);
            }
        }).host("127.0.0.1").port(0).build();
        proxy = BoltProxy.start(ProxySettings.plain(List.of(new Endpoint("127.0.0.1", server.start()))));
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    private static long rows(WebSocketBoltClient c, int n) throws Exception {
        c.send(new Request.Run("rows " + n, Map.of(), Map.of()), new Request.Pull(-1, -1));
        assertThat(c.receive()).isInstanceOf(Response.Success.class);
        List<Response> rest = c.untilSummary();
        assertThat(rest).hasSize(n + 1);
        assertThat(rest.get(n)).isInstanceOf(Response.Success.class);
        return (Long) ((Response.RecordMessage) rest.get(n - 1)).values().get(0);
    }

    @Test
    void webSocketClientsQueryThroughTheProxyInFramesCutAnywhere() throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + proxy.port());
        try (WebSocketBoltClient five = WebSocketBoltClient.connect(uri, null);
                WebSocketBoltClient four = WebSocketBoltClient.connect(uri, null);
                BoltClientConnection tcp = BoltClientConnection.connect("127.0.0.1", proxy.port(), Duration.ofSeconds(10))) {
            assertThat(five.handshake(new BoltVersion(5, 8).encodeRange(8))).isEqualTo(new BoltVersion(5, 8));
            four.frameSize(1).fragmented(true);
            assertThat(four.handshake(new BoltVersion(4, 4).encode())).isEqualTo(new BoltVersion(4, 4));
            assertThat(five.login()).isInstanceOf(Response.Success.class);
            assertThat(four.login()).isInstanceOf(Response.Success.class);
            tcp.handshake(new BoltVersion(5, 4));
            tcp.hello(BoltClientConnection.helloExtra("tcp", Map.of()));
            tcp.logon(Map.of("scheme", "none"));
            assertThat(rows(four, 3)).isEqualTo(3L);
            int before = five.messagesReceived();
            assertThat(rows(five, 3000)).isEqualTo(3000L);
            assertThat(five.messagesReceived() - before).isGreaterThan(1);
            assertThat(five.ping("p")).isEqualTo("p");
            tcp.run("rows 2", Map.of(), Map.of());
            assertThat(tcp.pull(-1, -1)).hasSize(3);
        }
    }

    @Test
    void wssOnATlsClientPort(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.selfSigned(dir);
        ProxySettings p = ProxySettings.plain(List.of(new Endpoint("127.0.0.1", server.port())));
        try (BoltProxy tlsProxy = BoltProxy.start(new ProxySettings(p.endpoints(), p.bindAddress(), 0, tls.server(),
                null, p.workerThreads(), p.sessionInactivityTimeout(), p.numRetries(), p.retryDelay(),
                p.connectTimeout(), p.maxMessageSize(), p.shutdownGrace()));
                WebSocketBoltClient c = WebSocketBoltClient.connect(URI.create("wss://127.0.0.1:" + tlsProxy.port()),
                        tls.client())) {
            c.handshake(new BoltVersion(5, 4).encode());
            assertThat(c.login()).isInstanceOf(Response.Success.class);
            assertThat(rows(c, 5)).isEqualTo(5L);
        }
    }

    /** A page from elsewhere gets a 403 on the proxy's port too, unless the flag lists it. */
    @Test
    void aWebPageOfAnotherOriginIsRefusedUnlessListed() throws Exception {
        String upgrade = WebSocketBoltClient.browserUpgrade("https://evil.example");
        try (Socket http = new Socket("127.0.0.1", proxy.port())) {
            http.setSoTimeout(10_000);
            http.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 403 ").contains("origin https://evil.example");
        }
        try (WebSocketBoltClient local = WebSocketBoltClient.connect(URI.create("ws://127.0.0.1:" + proxy.port()), null,
                "http://localhost:3000")) {
            local.handshake(new BoltVersion(5, 4).encode());
            assertThat(local.login()).isInstanceOf(Response.Success.class);
            assertThat(rows(local, 2)).isEqualTo(2L);
        }
        ProxySettings listed = ProxyConfig.load(new String[] {"--endpoints=127.0.0.1:" + server.port(),
            "--bolt-port=0", "--use-ssl=false", "--bolt-websocket-allowed-origins=https://evil.example"},
                Path.of("/nonexistent/memgraph_ha_proxy.conf")).settings();
        try (BoltProxy open = BoltProxy.start(listed);
                WebSocketBoltClient c = WebSocketBoltClient.connect(URI.create("ws://127.0.0.1:" + open.port()), null,
                        "https://evil.example")) {
            c.handshake(new BoltVersion(5, 4).encode());
            assertThat(c.login()).isInstanceOf(Response.Success.class);
            assertThat(rows(c, 2)).isEqualTo(2L);
        }
    }

    @Test
    void plainHttpAndTextFramesAreRefused() throws Exception {
        try (Socket http = new Socket("127.0.0.1", proxy.port())) {
            http.setSoTimeout(10_000);
            http.getOutputStream().write("GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = http.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 400 ")
                    .contains("This is a Bolt port");
        }
        try (WebSocketBoltClient c = WebSocketBoltClient.connect(URI.create("ws://127.0.0.1:" + proxy.port()), null)) {
            c.handshake(new BoltVersion(5, 4).encode());
            c.login();
            c.sendText("RETURN 1");
            assertThat(c.awaitClosed().status()).isEqualTo(1003);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (proxy.sessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(proxy.sessionCount()).as("the refused connection's session is gone").isZero();
    }
}

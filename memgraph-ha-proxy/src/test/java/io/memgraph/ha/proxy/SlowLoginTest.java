package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.server.BoltServer;
import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server that takes longer than the proxy's connect timeout to check a password (a slow KDF on a
 * busy machine): the proxy waits for the answer instead of sending the credentials again to every
 * server, so the client hears the refusal once and the server checks once.
 */
class SlowLoginTest {
    private static final long CHECK_MILLIS = 2_500; // longer than the 2 s connect timeout of ProxySettings.plain

    /** A backend that refuses every login it checks, slowly, and counts the checks. */
    private static BoltServer slowServer(AtomicInteger checks) {
        return BoltServer.builder(info -> new FakeSessions.Quiet() {
            @Override
            public void authenticate(Map<String, Object> authToken) {
                checks.incrementAndGet();
                try {
                    Thread.sleep(CHECK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new BoltFailureException(BoltFailureException.UNAUTHORIZED, "refused after a slow check");
            }

            @Override
            public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
                throw new BoltFailureException("Neo.ClientError.Statement.SyntaxError", "not in this test");
            }
        }).host("127.0.0.1").port(0).build();
    }

    @Test
    void aLoginSlowerThanTheConnectTimeoutIsAnsweredOnceNotRetried() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        BoltServer server = slowServer(checks);
        int port = server.start();
        try (BoltProxy proxy = BoltProxy.start(ProxySettings.plain(List.of(new Endpoint("127.0.0.1", port))))) {
            BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", proxy.port(), Duration.ofSeconds(30));
            try {
                c.handshake(new BoltVersion(4, 4));
                Response r = c.hello(BoltClientConnection.helloExtra("slow-login-test",
                        Map.of("scheme", "basic", "principal", "ada", "credentials", "wrong")));
                assertThat(r).isEqualTo(new Response.Failure(BoltFailureException.UNAUTHORIZED,
                        "refused after a slow check"));
                assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
            } finally {
                c.close();
            }
            assertThat(checks.get()).as("password checks on the server").isEqualTo(1);
        } finally {
            server.close();
        }
    }
}

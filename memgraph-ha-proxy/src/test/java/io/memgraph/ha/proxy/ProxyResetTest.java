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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drivers send a RESET each time they put a connection back in their pool. The proxy answers it
 * itself when the backend's session is idle, and sends it on whenever the server has something to
 * reset: a failure, an open transaction, an unfinished result.
 */
class ProxyResetTest {

    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger rollbacks = new AtomicInteger();
    private BoltServer server;
    private BoltProxy proxy;
    private BoltClientConnection client;

    /** A backend whose queries return the rows 1..n for "rows n" and fail for "fail". */
    private BoltServer countingServer() {
        return BoltServer.builder(info -> new FakeSessions.Quiet() {
            private boolean inTx;

            @Override
            public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
                if (query.equals("fail")) {
                    throw new BoltFailureException("Neo.ClientError.Statement.SyntaxError", "fails on purpose");
                }
                return FakeSessions.rows(query);
            }

            @Override
            public void begin(TxOptions options) {
                inTx = true;
            }

            @Override
            public String commit() {
                inTx = false;
                return "bm-1";
            }

            @Override
            public void rollback() {
                inTx = false;
                rollbacks.incrementAndGet();
            }

            @Override
            public void reset() {
                resets.incrementAndGet();
                if (inTx) {
                    rollback();
                }
            }
        }).host("127.0.0.1").port(0).build();
    }

    @BeforeEach
    void start() throws Exception {
        server = countingServer();
        int port = server.start();
        proxy = BoltProxy.start(ProxySettings.plain(List.of(new Endpoint("127.0.0.1", port))));
        client = BoltClientConnection.connect("127.0.0.1", proxy.port(), Duration.ofSeconds(30));
        client.handshake(new BoltVersion(5, 4));
        assertThat(client.hello(BoltClientConnection.helloExtra("reset-test", Map.of("scheme", "none"))))
                .isInstanceOf(Response.Success.class);
        if (client.protocol().version().compareTo(new BoltVersion(5, 1)) >= 0) {
            assertThat(client.logon(Map.of("scheme", "none"))).isInstanceOf(Response.Success.class);
        }
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void runToTheEnd(String query) {
        assertThat(client.run(query, Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        List<Response> pulled = client.pull(-1, -1);
        assertThat(pulled.get(pulled.size() - 1)).isInstanceOf(Response.Success.class);
    }

    @Test
    void aResetAfterAFinishedAutoCommitQueryIsAnsweredByTheProxy() {
        runToTheEnd("rows 3");
        assertThat(client.reset()).isInstanceOf(Response.Success.class);
        runToTheEnd("rows 2");
        assertThat(client.reset()).isInstanceOf(Response.Success.class);
        assertThat(resets.get()).as("RESETs that reached the server").isZero();
    }

    @Test
    void aResetAfterAFailureReachesTheServerAndClearsIt() {
        assertThat(client.run("fail", Map.of(), Map.of())).isInstanceOf(Response.Failure.class);
        assertThat(client.reset()).isInstanceOf(Response.Success.class);
        assertThat(resets.get()).isEqualTo(1);
        runToTheEnd("rows 1"); // the server left its FAILED state
        assertThat(client.reset()).isInstanceOf(Response.Success.class);
        assertThat(resets.get()).isEqualTo(1);
    }

    @Test
    void aResetInsideATransactionReachesTheServerAndRollsItBack() {
        assertThat(client.begin(Map.of())).isInstanceOf(Response.Success.class);
        runToTheEnd("rows 2");
        assertThat(client.reset()).isInstanceOf(Response.Success.class);
        assertThat(resets.get()).isEqualTo(1);
        assertThat(rollbacks.get()).as("the open transaction was rolled back").isEqualTo(1);
        // after it, and after a committed transaction, the backend is idle again
        assertThat(client.begin(Map.of())).isInstanceOf(Response.Success.class);
        assertThat(client.commit()).isInstanceOf(Response.Success.class);
        assertThat(client.reset()).isInstanceOf(Response.Success.class);
        assertThat(resets.get()).isEqualTo(1);
    }

    @Test
    void aResetWithAResultStillOpenReachesTheServer() {
        assertThat(client.run("rows 5", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        List<Response> firstTwo = client.pull(2, -1);
        assertThat(firstTwo).hasSize(3);
        assertThat(((Response.Success) firstTwo.get(2)).metadata()).containsEntry("has_more", true);
        assertThat(client.reset()).isInstanceOf(Response.Success.class);
        assertThat(resets.get()).isEqualTo(1);
        runToTheEnd("rows 1");
    }
}

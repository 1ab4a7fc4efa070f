package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * A test of the proxy in front of fake servers: what it opens is closed after each test, the last
 * first.
 */
abstract class FakeServerTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** {@code resource}, closed after the test. */
    <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    /** A proxy in front of {@code leader}, leader of term 1, and {@code follower}, which follows it. */
    BoltProxy proxyOver(FakeSessions.Server leader, FakeSessions.Server follower) throws Exception {
        leader.hello = Map.of("role", "leader", "term", 1L);
        follower.hello = Map.of("role", "follower", "leader", leader.address(), "term", 1L);
        return opened(BoltProxy.start(ProxySettings.plain(List.of(new Endpoint("127.0.0.1", leader.port),
                new Endpoint("127.0.0.1", follower.port)))));
    }

    /** A Bolt 5.4 client connected to {@code port} and logged on (no auth). */
    BoltClientConnection client(int port, Duration timeout) throws Exception {
        BoltClientConnection client = BoltClientConnection.connect("127.0.0.1", port, timeout);
        opened(client::close);
        client.handshake(new BoltVersion(5, 4));
        assertThat(client.hello(BoltClientConnection.helloExtra("proxy-test", Map.of("scheme", "none"))))
                .isInstanceOf(Response.Success.class);
        assertThat(client.logon(Map.of("scheme", "none"))).isInstanceOf(Response.Success.class);
        return client;
    }
}

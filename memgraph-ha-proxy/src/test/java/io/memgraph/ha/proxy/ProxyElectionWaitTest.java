package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that connects while the cluster elects its leader (a brand-new cluster does so about
 * three election timeouts after its servers start) waits for the election, even when it takes
 * longer than the proxy's {@code num-retries} rounds; when no server answers at all, the search
 * still fails after those rounds.
 */
class ProxyElectionWaitTest extends FakeServerTest {

    /** Five rounds 100 ms apart: a search of about half a second when nobody answers. */
    private static ProxySettings fiveRounds(List<Endpoint> endpoints) {
        ProxySettings p = ProxySettings.plain(endpoints);
        return new ProxySettings(p.endpoints(), p.bindAddress(), 0, null, null, 2, p.sessionInactivityTimeout(), 5,
                Duration.ofMillis(100), p.connectTimeout(), p.maxMessageSize(), p.shutdownGrace());
    }

    @Test
    void aClientConnectingDuringTheFirstElectionWaitsForItsLeader() throws Exception {
        FakeSessions.Rows a = opened(new FakeSessions.Rows());
        FakeSessions.Rows b = opened(new FakeSessions.Rows());
        // as servers answer while they elect: a role, a term, and no leader
        a.hello = Map.of("role", "candidate", "term", 1L, "leader", "");
        b.hello = Map.of("role", "follower", "term", 1L, "leader", "");
        BoltProxy proxy = opened(BoltProxy.start(fiveRounds(List.of(new Endpoint("127.0.0.1", a.port),
                new Endpoint("127.0.0.1", b.port)))));
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        opened(clock::shutdownNow);
        long start = System.nanoTime();
        clock.schedule(() -> {
            a.hello = Map.of("role", "leader", "term", 2L, "leader", a.address());
            b.hello = Map.of("role", "follower", "term", 2L, "leader", a.address());
        }, 2, TimeUnit.SECONDS);

        BoltClientConnection client = client(proxy.port(), Duration.ofSeconds(15));
        assertThat(client.run("rows 2", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        assertThat(client.pull(-1, -1)).hasSize(3); // two records and the summary
        // five rounds alone would have given up after about half a second
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1900);
    }

    @Test
    void withNoServerAnsweringTheSearchEndsAfterItsRounds() throws Exception {
        FakeSessions.Rows a = new FakeSessions.Rows();
        FakeSessions.Rows b = new FakeSessions.Rows();
        List<Endpoint> gone = List.of(new Endpoint("127.0.0.1", a.port), new Endpoint("127.0.0.1", b.port));
        a.close();
        b.close();
        BoltProxy proxy = opened(BoltProxy.start(fiveRounds(gone)));
        BoltClientConnection client = BoltClientConnection.connect("127.0.0.1", proxy.port(), Duration.ofSeconds(15));
        opened(client::close);
        client.handshake(new BoltVersion(5, 4));
        long start = System.nanoTime();
        Response hello = client.hello(BoltClientConnection.helloExtra("proxy-test", Map.of("scheme", "none")));
        Response answer = hello instanceof Response.Success ? client.logon(Map.of("scheme", "none")) : hello;
        assertThat(answer).isInstanceOfSatisfying(Response.Failure.class, f -> {
            assertThat(f.code()).isEqualTo("Neo.TransientError.General.DatabaseUnavailable");
            assertThat(f.message()).startsWith("No leader found among").contains("after 5 tries");
        });
        // the rounds, not the wait for an election that nobody holds
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(8);
    }
}

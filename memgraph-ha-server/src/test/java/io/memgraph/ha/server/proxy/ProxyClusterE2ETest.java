package io.memgraph.ha.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterLogsOnFailure;
import io.memgraph.ha.server.cluster.ClusterServer;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.exceptions.ClientException;

/**
 * The proxy in front of a three-server cluster of real processes, with the real Neo4j Java driver as
 * the client: reads and writes reach the leader whichever server the proxy tried first, server
 * errors keep their codes, {@code neo4j://} drivers route through the proxy, and after the leader
 * is killed the same driver writes again; a client of a brand-new cluster waits for its first
 * leader; an endpoint that accepts connections and never answers does not hold anyone up; a
 * graceful stop lets an open transaction commit, then closes.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ProxyClusterE2ETest {

    static Driver driver(String scheme, int port) {
        return GraphDatabase.driver(scheme + "://127.0.0.1:" + port, AuthTokens.none(), Config.builder()
                .withoutEncryption()
                .withLogging(Logging.slf4j())
                .withConnectionTimeout(10, TimeUnit.SECONDS)
                .withMaxTransactionRetryTime(20, TimeUnit.SECONDS)
                .build());
    }

    /**
     * Waits past the followers' rejoin guard (it ends an election timeout after they first followed
     * a leader): killed under it, they would come back guarded and delay the next election, and the
     * two survivors of a killed leader would not elect one of them at once.
     */
    static void pastRejoinGuard() throws InterruptedException {
        Thread.sleep(RaftTiming.STEADY.electionTimeoutMax() + 1000);
    }

    static BoltProxy proxy(ClusterHarness cluster) throws Exception {
        List<Endpoint> endpoints = cluster.servers().stream()
                .map(s -> new Endpoint(ClusterServer.HOST, s.boltPort())).toList();
        return BoltProxy.start(ProxySettings.plain(endpoints));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void driversReachTheLeaderThroughTheProxyAndKeepWritingAfterItDies(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.STEADY, dir);
                BoltProxy proxy = proxy(cluster);
                Driver direct = driver("bolt", proxy.port());
                Driver routing = driver("neo4j", proxy.port())) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(15));

            try (Session s = direct.session()) {
                // the summary's database, forwarded as the server sent it (cypher-shell's prompt shows it)
                assertThat(s.run("CREATE (:P {id: 1})").consume().database().name()).isEqualTo("memgraph");
                assertThat(s.run("MATCH (n:P) RETURN count(n) AS c").single().get("c").asLong()).isEqualTo(1);
                assertThat(s.run("SHOW DATABASES YIELD name, writer WHERE writer RETURN name").single().get(0)
                        .asString()).isEqualTo("memgraph");
                try (Transaction tx = s.beginTransaction()) {
                    tx.run("CREATE (:P {id: 2})").consume();
                    tx.commit();
                }
                try (Transaction tx = s.beginTransaction()) {
                    tx.run("CREATE (:P {id: 3})").consume();
                    tx.rollback();
                }
                assertThatThrownBy(() -> s.run("RETURN nope(").consume())
                        .isInstanceOf(ClientException.class)
                        .satisfies(e -> assertThat(((ClientException) e).code())
                                .isEqualTo("Neo.ClientError.Statement.SyntaxError"));
                assertThat(s.run("MATCH (n:P) RETURN collect(n.id) AS ids").single().get("ids").asList())
                        .containsExactlyInAnyOrder(1L, 2L);
            }
            try (Session s = routing.session()) {
                long n = s.executeWrite(tx -> tx.run("CREATE (n:P {id: 4}) RETURN n.id AS id").single().get("id").asLong());
                assertThat(n).isEqualTo(4);
            }
            assertThat(proxy.leader()).isEqualTo(cluster.server(leader).boltAddress());

            cluster.server(leader).kill9();
            try (Session s = routing.session()) {
                s.executeWrite(tx -> tx.run("CREATE (:P {id: 5})").consume());
                long count = s.executeRead(tx -> tx.run("MATCH (n:P) RETURN count(n) AS c").single().get("c").asLong());
                assertThat(count).isEqualTo(4);
            }
            int next = cluster.awaitLeader(Duration.ofSeconds(15));
            assertThat(next).isNotEqualTo(leader);
            assertThat(proxy.leader()).isEqualTo(cluster.server(next).boltAddress());
        }
    }

    /**
     * A brand-new cluster elects its first leader about three election timeouts after its servers
     * start (they listen for two first): with 1-2 s timeouts, 4-6 s, longer than the proxy's default
     * search of 30 rounds 100 ms apart. A client that connects and writes at once, without a
     * driver's retries, waits for the election through the proxy instead of failing.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aClientOfABrandNewClusterWaitsForItsFirstLeader(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.STEADY, dir);
                BoltProxy proxy = proxy(cluster);
                Driver driver = driver("bolt", proxy.port());
                Session s = driver.session()) {
            long start = System.nanoTime();
            s.run("CREATE (:First {at: 1})").consume();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int leader = cluster.awaitLeader(Duration.ofSeconds(15));
            assertThat(s.run("MATCH (n:First) RETURN count(n) AS c").single().get("c").asLong()).isEqualTo(1);
            assertThat(proxy.leader()).isEqualTo(cluster.server(leader).boltAddress());
            // the write did wait for the election, longer than the proxy's 30 rounds alone would have
            assertThat(ms).as("the first write's wait, ms").isGreaterThan(3000);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSilentEndpointHoldsNobodyUp(@TempDir Path dir) throws Exception {
        // accepts connections (the kernel completes them) but never reads or answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.FAST, dir)) {
            List<Endpoint> endpoints = new ArrayList<>();
            endpoints.add(new Endpoint(ClusterServer.HOST, silent.getLocalPort()));
            cluster.servers().forEach(s -> endpoints.add(new Endpoint(ClusterServer.HOST, s.boltPort())));
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "silent-endpoint");
            acceptor.setDaemon(true);
            acceptor.start();
            cluster.awaitLeader(Duration.ofSeconds(15));
            try (BoltProxy proxy = BoltProxy.start(ProxySettings.plain(endpoints));
                    Driver driver = driver("bolt", proxy.port())) {
                long start = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    try (Session s = driver.session()) {
                        s.run("CREATE (:Q {i: $i})", Map.of("i", i)).consume();
                    }
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                try (Session s = driver.session()) {
                    assertThat(s.run("MATCH (n:Q) RETURN count(n) AS c").single().get("c").asLong()).isEqualTo(20);
                }
                // the proxy's connect timeout is 2 s: 20 sessions waiting on the silent one would take 40 s
                assertThat(ms).as("20 writes with a silent endpoint listed first, ms").isLessThan(20_000);
            }
            for (Socket a : accepted) {
                a.close();
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aGracefulStopLetsAnOpenTransactionCommitThenCloses(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.STEADY, dir)) {
            cluster.awaitLeader(Duration.ofSeconds(15));
            BoltProxy proxy = proxy(cluster);
            try (Driver driver = driver("bolt", proxy.port()); Session s = driver.session()) {
                s.run("RETURN 1").consume();
                Transaction tx = s.beginTransaction();
                tx.run("CREATE (:G {id: 1})").consume();
                CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                        () -> proxy.stopGracefully(Duration.ofSeconds(30)));
                Thread.sleep(500);
                assertThat(stopped).as("the stop waits for the open transaction").isNotDone();
                assertThat(proxy.sessionCount()).isEqualTo(1);
                tx.run("CREATE (:G {id: 2})").consume();
                tx.commit();
                tx.close();
                assertThat(stopped.get(20, TimeUnit.SECONDS)).as("every session ended within the grace").isTrue();
            }
            try (Session s = cluster.leaderDriver().session()) {
                assertThat(s.run("MATCH (n:G) RETURN count(n) AS c").single().get("c").asLong()).isEqualTo(2);
            }
        }
    }
}

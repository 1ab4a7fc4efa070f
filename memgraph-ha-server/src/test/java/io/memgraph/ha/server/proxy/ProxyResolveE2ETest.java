package io.memgraph.ha.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterLogsOnFailure;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A commit whose outcome the proxy must learn while the cluster has no leader for longer than the
 * proxy's {@code num-retries} rounds (30 of 100 ms here): the proxy keeps looking (up to 30 s) and
 * answers the client with the real outcome, never with "outcome unknown".
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ProxyResolveE2ETest {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyResolveE2ETest.class);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anUnknownCommitOutcomeWaitsForTheNextLeaderBeyondTheRetryRounds(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.STEADY, dir);
                BoltProxy proxy = ProxyClusterE2ETest.proxy(cluster);
                Driver driver = ProxyClusterE2ETest.driver("bolt", proxy.port())) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(15));
            try (Session s = driver.session()) {
                s.run("CREATE (:Warm)").consume();
            }
            ProxyClusterE2ETest.pastRejoinGuard();
            List<Integer> followers = IntStream.rangeClosed(1, 3).filter(i -> i != leader).boxed().toList();
            for (int f : followers) {
                cluster.server(f).kill9();
            }
            // at once, before the leader notices it lost its majority: it takes the write but cannot
            // commit it, steps down, and the outcome is unknown to the proxy
            CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
                try (Session s = driver.session()) {
                    s.run("CREATE (:R {id: 1})").consume();
                    return "committed";
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(1000);
            cluster.server(leader).kill9();
            // no server at all for far longer than 30 rounds of 100 ms
            Thread.sleep(6000);
            assertThat(outcome).as("the client still waits for the outcome").isNotDone();
            for (int f : followers) {
                cluster.server(f).start();
            }
            cluster.server(leader).start();
            cluster.awaitLeader(Duration.ofSeconds(20));
            Object result = outcome.get(60, TimeUnit.SECONDS);
            LOG.info("The write's outcome through the proxy: {}", String.valueOf(result));
            long stored;
            try (Session s = driver.session()) {
                stored = s.run("MATCH (n:R) RETURN count(n) AS c").single().get("c").asLong();
            }
            if ("committed".equals(result)) {
                assertThat(stored).as("an acknowledged write is stored once").isEqualTo(1);
            } else {
                assertThat(result).as("the only other answer: not committed, safe to retry")
                        .isInstanceOfSatisfying(TransientException.class, e ->
                                assertThat(e.code()).isEqualTo("Neo.TransientError.Cluster.LeaderSwitch"));
                assertThat(stored).as("a write refused as not committed is not stored").isZero();
            }
        }
    }
}

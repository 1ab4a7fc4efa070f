package io.memgraph.ha.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterLogsOnFailure;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's promise under {@code kill -9}: eight clients run {@code executeWrite} through the
 * proxy, each creating nodes with ids of its own, while the leader is killed five times (and
 * restarted after a new leader is elected). Afterwards every acknowledged id exists exactly once,
 * no id exists that no client attempted, and no client saw an error escape its managed
 * transaction (every error the proxy gave was retryable). Kill-to-next-write times are logged.
 * The same with planned restarts (SIGTERM) of the leader.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ProxyFailoverE2ETest {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyFailoverE2ETest.class);
    private static final int CLIENTS = 8;
    private static final int KILLS = 5;

    /** Kills (or stops) the leader once; returns its id. */
    @FunctionalInterface
    private interface Disruption {
        int apply(ClusterHarness cluster, int leader) throws Exception;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyAcknowledgedWriteExistsOnceThroughFiveLeaderKills(@TempDir Path dir) throws Exception {
        writeThrough(dir, KILLS, (cluster, leader) -> {
            cluster.server(leader).kill9();
            return leader;
        });
    }

    /**
     * Planned restarts: SIGTERM makes the leader hand leadership over while transactions run on it,
     * so the proxy sees NotALeader refusals (sent again to the new leader) and connections that close.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyAcknowledgedWriteExistsOnceThroughThreePlannedLeaderRestarts(@TempDir Path dir) throws Exception {
        writeThrough(dir, 3, (cluster, leader) -> {
            cluster.server(leader).stop();
            return leader;
        });
    }

    private void writeThrough(Path dir, int rounds, Disruption disruption) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.FAST, dir);
                BoltProxy proxy = ProxyClusterE2ETest.proxy(cluster);
                Driver driver = ProxyClusterE2ETest.driver("bolt", proxy.port())) {
            cluster.awaitLeader(Duration.ofSeconds(15));
            Set<Long> attempted = ConcurrentHashMap.newKeySet();
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            List<Throwable> escaped = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong lastAck = new AtomicLong(System.nanoTime());
            List<Future<?>> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long base = (c + 1) * 1_000_000L;
                writers.add(pool.submit(() -> {
                    try (Session s = driver.session()) {
                        for (long seq = 0; !stop.get(); seq++) {
                            long id = base + seq;
                            attempted.add(id);
                            try {
                                s.executeWrite(tx -> tx.run("CREATE (:F {id: $id})", Map.of("id", id)).consume());
                                acknowledged.add(id);
                                lastAck.set(System.nanoTime());
                            } catch (RuntimeException e) {
                                LOG.warn("An error escaped executeWrite for id {}: {}", id, e.toString());
                                synchronized (escaped) {
                                    escaped.add(e);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            List<Long> recoveries = new ArrayList<>();
            for (int k = 0; k < rounds; k++) {
                Thread.sleep(1500);
                int leader = cluster.awaitLeader(Duration.ofSeconds(20));
                long killedAt = System.nanoTime();
                disruption.apply(cluster, leader);
                long before = acknowledged.size();
                while (lastAck.get() < killedAt && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(5);
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(lastAck.get() - killedAt);
                recoveries.add(ms);
                LOG.info("Round {}, leader {} killed or stopped: next acknowledged write after {} ms ({} acknowledged before)", k + 1,
                        leader, ms, before);
                cluster.awaitLeader(Duration.ofSeconds(20));
                cluster.server(leader).start();
            }
            Thread.sleep(1000);
            stop.set(true);
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            LOG.info("Disruption to next acknowledged write through the proxy (ms): {}", recoveries);

            Map<Long, Integer> stored = new HashMap<>();
            try (Session s = driver.session()) {
                for (Record r : s.run("MATCH (n:F) RETURN n.id AS id").list()) {
                    stored.merge(r.get("id").asLong(), 1, Integer::sum);
                }
            }
            assertThat(escaped).as("errors that escaped executeWrite").isEmpty();
            assertThat(acknowledged).as("acknowledged writes").hasSizeGreaterThan(CLIENTS * rounds);
            assertThat(stored.entrySet().stream().filter(e -> e.getValue() > 1).toList())
                    .as("ids stored more than once").isEmpty();
            assertThat(stored.keySet()).as("every acknowledged id is stored").containsAll(acknowledged);
            assertThat(attempted).as("every stored id was attempted").containsAll(stored.keySet());
            LOG.info("{} attempted, {} acknowledged, {} stored", attempted.size(), acknowledged.size(), stored.size());
        } finally {
            pool.shutdownNow();
        }
    }
}

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

    /** Kills, stops or pauses the leader once, and later heals what it did. */
    private interface Disruption {
        void apply(ClusterHarness cluster, int leader) throws Exception;

        /** After a new leader took writes: the server is started again (or let go on). */
        default void heal(ClusterHarness cluster, int leader) throws Exception {
            cluster.server(leader).start();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyAcknowledgedWriteExistsOnceThroughFiveLeaderKills(@TempDir Path dir) throws Exception {
        writeThrough(dir, KILLS, (cluster, leader) -> cluster.server(leader).kill9());
    }

    /**
     * Planned restarts: SIGTERM makes the leader hand leadership over while transactions run on it,
     * so the proxy sees NotALeader refusals (sent again to the new leader) and connections that close.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyAcknowledgedWriteExistsOnceThroughThreePlannedLeaderRestarts(@TempDir Path dir) throws Exception {
        writeThrough(dir, 3, (cluster, leader) -> cluster.server(leader).stop());
    }

    /**
     * Silent deaths: SIGSTOP makes the leader answer nothing and refuse nothing, as when its machine
     * loses power, so the proxy's connections to it hang with requests (and commits) in flight. The
     * proxy must notice the new leader and give up on the stopped one by itself; the writers would
     * otherwise wait forever. The stopped server gets SIGCONT once writes flow again.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyAcknowledgedWriteExistsOnceThroughThreeSilentLeaderDeaths(@TempDir Path dir) throws Exception {
        writeThrough(dir, 3, new Disruption() {
            @Override
            public void apply(ClusterHarness cluster, int leader) {
                cluster.server(leader).pause();
            }

            @Override
            public void heal(ClusterHarness cluster, int leader) {
                cluster.server(leader).resume();
            }
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
            // when the latest of the acknowledged writes was started
            AtomicLong lastAckStarted = new AtomicLong(System.nanoTime());
            List<Future<?>> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long base = (c + 1) * 1_000_000L;
                writers.add(pool.submit(() -> {
                    try (Session s = driver.session()) {
                        for (long seq = 0; !stop.get(); seq++) {
                            long id = base + seq;
                            attempted.add(id);
                            long started = System.nanoTime();
                            try {
                                s.executeWrite(tx -> tx.run("CREATE (:F {id: $id})", Map.of("id", id)).consume());
                                acknowledged.add(id);
                                lastAckStarted.accumulateAndGet(started, Math::max);
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
                disruption.apply(cluster, leader);
                long killedAt = System.nanoTime(); // the signal was delivered (kill9 and stop wait for the exit)
                long before = acknowledged.size();
                while (lastAckStarted.get() < killedAt && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(5);
                }
                boolean flowed = lastAckStarted.get() > killedAt;
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                LOG.info("Round {}, leader {} disrupted: a write started after it acknowledged within {} ms ({} acknowledged"
                        + " before)",
                        k + 1, leader, flowed ? ms : -1, before);
                if (!flowed) {
                    disruption.heal(cluster, leader);
                }
                assertThat(flowed).as("a write started after disrupting leader %d acknowledged within 30 s (round %d)", leader,
                        k + 1).isTrue();
                recoveries.add(ms);
                cluster.awaitLeader(Duration.ofSeconds(20));
                disruption.heal(cluster, leader);
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

package io.memgraph.ha.bench.workloads;

import io.memgraph.ha.bench.systems.MemgraphCluster;
import io.memgraph.ha.server.cluster.ClusterHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover as a client sees it: one client writes through the proxy in a loop while the leader is
 * killed with {@code kill -9}, {@code kills} times; each time the figure is from the kill to the
 * end of the first write that was sent after the kill and succeeded (a write sent before the kill
 * may still have been answered by the dying leader, which says nothing about failover). The killed
 * server is started again and allowed to catch up before the next kill.
 *
 * <p>Then the silent deaths: the leader is stopped with SIGSTOP ({@code freezes} times), so that
 * it answers nothing and refuses nothing, as when its machine loses power or its network is cut:
 * the survivors learn of it only by their election timeouts, and the proxy's connections to it
 * hang. The figure is again from the signal to the end of the first write sent after it that
 * succeeded; the server then gets SIGCONT, steps down on hearing the new term, and catches up.
 *
 * <p>Then the planned restarts: the leader gets SIGTERM ({@code plannedRestarts} times; it hands
 * leadership over before it stops), and the figure is the longest pause between two successful
 * writes from the signal until half a second after the server exited (before it is started again).
 */
public final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Object lock = new Object();
    /** When the last successful write was sent, and when its answer came. */
    private long lastSent;
    private long lastSuccess;
    /** While measuring: the longest gap between successful writes since the measurement began. */
    private boolean measuringPause;
    private long longestPause;
    /** When the longest pause began (the answer to the last write before it). */
    private long longestPauseFrom;
    private volatile boolean running = true;

    private Failover() {
    }

    /**
     * What a run measured, in milliseconds.
     *
     * @param killGaps from each kill to the first successful write
     * @param freezeGaps from each SIGSTOP of the leader to the first successful write
     * @param plannedPauses for each planned restart, the longest pause between successful writes
     */
    public record Outcome(List<Long> killGaps, List<Long> freezeGaps, List<Long> plannedPauses) {}

    /**
     * Kills the leader {@code kills} times, stops it silently (SIGSTOP) {@code freezes} times, then
     * restarts it with SIGTERM {@code plannedRestarts} times.
     */
    public static Outcome run(MemgraphCluster cluster, int kills, int freezes, int plannedRestarts)
            throws InterruptedException {
        return new Failover().measure(cluster, kills, freezes, plannedRestarts);
    }

    private Outcome measure(MemgraphCluster cluster, int kills, int freezes, int plannedRestarts)
            throws InterruptedException {
        ClusterHarness harness = cluster.harness();
        List<Long> gaps = new ArrayList<>();
        List<Long> freezeGaps = new ArrayList<>();
        List<Long> pauses = new ArrayList<>();
        Config config = Config.builder().withoutEncryption().withConnectionTimeout(1, TimeUnit.SECONDS)
                .withConnectionAcquisitionTimeout(2, TimeUnit.SECONDS).withMaxConnectionPoolSize(2).build();
        try (Driver driver = GraphDatabase.driver(cluster.proxyUri(), AuthTokens.none(), config)) {
            Thread writer = new Thread(() -> writeLoop(driver), "bench-failover-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                for (int i = 0; i < kills; i++) {
                    int leader = leaderTakingWrites(harness);
                    long killed = System.nanoTime();
                    Instant killedAt = Instant.now();
                    harness.server(leader).kill9();
                    long gap = awaitWriteAfter(killed) - killed;
                    gaps.add(TimeUnit.NANOSECONDS.toMillis(gap));
                    LOG.info("kill {} of {}: server {} killed at {}, first write after {} ms", i + 1, kills, leader,
                            killedAt, TimeUnit.NANOSECONDS.toMillis(gap));
                    harness.server(leader).start();
                    awaitRejoined(harness, leader, false);
                }
                for (int i = 0; i < freezes; i++) {
                    int leader = leaderTakingWrites(harness);
                    harness.server(leader).pause();
                    // after the signal was delivered: a write sent while kill started may still succeed
                    long stopped = System.nanoTime();
                    Instant stoppedAt = Instant.now();
                    long gap;
                    try {
                        gap = awaitWriteAfter(stopped) - stopped;
                    } finally {
                        harness.server(leader).resume();
                    }
                    freezeGaps.add(TimeUnit.NANOSECONDS.toMillis(gap));
                    LOG.info("silent death {} of {}: server {} stopped (SIGSTOP) at {}, first write after {} ms", i + 1,
                            freezes, leader, stoppedAt, TimeUnit.NANOSECONDS.toMillis(gap));
                    awaitRejoined(harness, leader, true);
                }
                for (int i = 0; i < plannedRestarts; i++) {
                    int leader = leaderTakingWrites(harness);
                    startPauseMeasurement();
                    long signalled = System.nanoTime();
                    Instant signalledAt = Instant.now();
                    harness.server(leader).stop();
                    awaitWriteAfter(System.nanoTime());
                    Thread.sleep(500);
                    // Ends before the restart: on a shared machine a JVM starting takes the servers' CPU.
                    long pause = TimeUnit.NANOSECONDS.toMillis(endPauseMeasurement());
                    long pauseFrom = TimeUnit.NANOSECONDS.toMillis(longestPauseFrom - signalled);
                    harness.server(leader).start();
                    awaitRejoined(harness, leader, false);
                    pauses.add(pause);
                    LOG.info("planned restart {} of {}: server {} sent SIGTERM at {}, longest pause between writes {} ms,"
                            + " from {} ms after the signal", i + 1, plannedRestarts, leader, signalledAt, pause,
                            pauseFrom);
                }
            } finally {
                running = false;
                writer.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
        return new Outcome(gaps, freezeGaps, pauses);
    }

    /** The leader, once a write sent now has succeeded and 300 ms more have passed (writes flow steadily). */
    private int leaderTakingWrites(ClusterHarness harness) throws InterruptedException {
        int leader = harness.awaitLeader(WAIT);
        awaitWriteAfter(System.nanoTime());
        Thread.sleep(300);
        return leader;
    }

    private void startPauseMeasurement() {
        synchronized (lock) {
            measuringPause = true;
            longestPause = 0;
            longestPauseFrom = 0;
        }
    }

    private long endPauseMeasurement() {
        synchronized (lock) {
            measuringPause = false;
            return longestPause;
        }
    }

    private void writeLoop(Driver driver) {
        long seq = 0;
        while (running) {
            long sent = System.nanoTime();
            try (Session s = driver.session()) {
                s.run("CREATE (:BenchFailover {seq: $seq})", Map.of("seq", seq++)).consume();
                synchronized (lock) {
                    long now = System.nanoTime();
                    if (measuringPause && lastSuccess != 0 && now - lastSuccess > longestPause) {
                        longestPause = now - lastSuccess;
                        longestPauseFrom = lastSuccess;
                    }
                    lastSent = sent;
                    lastSuccess = now;
                    lock.notifyAll();
                }
            } catch (RuntimeException e) {
                // the proxy answers a lost leader with a retryable error: write again at once
            }
        }
    }

    /** Waits for a successful write sent after {@code since}; returns when its answer came. */
    private long awaitWriteAfter(long since) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (lock) {
            while (lastSent - since <= 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no write succeeded within " + WAIT + " of the fault");
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return lastSuccess;
        }
    }

    /**
     * Waits until {@code id} answers again and has applied about as much as the leader, which must be
     * another server unless {@code mayLead} (a server let go on after SIGSTOP may be elected again).
     */
    private static void awaitRejoined(ClusterHarness harness, int id, boolean mayLead) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                int leader = harness.awaitLeader(WAIT);
                long theirs = applied(harness, leader);
                if ((mayLead || leader != id) && theirs - applied(harness, id) < 100) {
                    return;
                }
            } catch (RuntimeException e) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server " + id + " did not catch up within " + WAIT);
    }

    private static long applied(ClusterHarness harness, int id) {
        return ((Number) harness.raftInfo(id, Duration.ofSeconds(5)).get("applied_index")).longValue();
    }
}

package io.memgraph.ha.faults.suite;

import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code SHOW RAFT INFO} on the running servers a few times a second and counts the leader
 * changes it observes (a server claiming leadership in a higher term than the last leader seen).
 * It sees most elections, not necessarily all: one that is over between two polls is missed.
 */
final class ElectionMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionMonitor.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final long INTERVAL_MS = 300;

    private final ClusterHarness cluster;
    private final Set<Integer> skip;
    private final AtomicInteger leaderChanges = new AtomicInteger();
    private final AtomicLong highestTerm = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean stopped;
    private int lastLeader = -1;

    /** @param skip servers not to probe right now (paused ones), read at every poll */
    ElectionMonitor(ClusterHarness cluster, Set<Integer> skip) {
        this.cluster = cluster;
        this.skip = skip;
        this.thread = new Thread(this::loop, "fault-election-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Leader changes observed so far. */
    int leaderChanges() {
        return leaderChanges.get();
    }

    /** The highest term a leader was seen in. */
    long highestTerm() {
        return highestTerm.get();
    }

    private void loop() {
        while (!stopped) {
            for (ClusterServer s : cluster.servers()) {
                if (stopped || !s.isRunning() || skip.contains(s.id())) {
                    continue;
                }
                try {
                    Map<String, Object> info = cluster.raftInfo(s.id(), PROBE_TIMEOUT);
                    observe(s.id(), info);
                } catch (RuntimeException e) {
                    LOG.trace("server {} did not answer SHOW RAFT INFO: {}", s.id(), e.toString());
                }
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void observe(int id, Map<String, Object> info) {
        if (!Boolean.TRUE.equals(info.get("is_leader")) || !(info.get("term_id") instanceof Number t)) {
            return;
        }
        long term = t.longValue();
        if (term > highestTerm.get()) {
            highestTerm.set(term);
            if (lastLeader != -1) {
                leaderChanges.incrementAndGet();
                LOG.info("Leader change observed: server {} leads in term {} (before: server {})", id, term, lastLeader);
            }
            lastLeader = id;
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

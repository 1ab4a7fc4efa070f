package io.memgraph.ha.server.bolt;

import io.memgraph.ha.daemon.PrometheusText;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which query texts run in microseconds, from the evidence of their recent runs (execution, every
 * batch of records and the commit's hand-off to Raft, from the RUN to the end of its result): a
 * query is quick once its quick runs (at most {@link #QUICK_NANOS} each) outnumber
 * {@link #SLOW_PENALTY} times its slow ones by {@link #STREAK}, counted since its last very slow
 * run (over {@link #VERY_SLOW_NANOS}), failure or cut-short result, which start the count again.
 * The times are wall-clock, so on a busy machine a quick query whose thread was preempted looks
 * slow now and then: such a run costs {@link #SLOW_PENALTY} quick runs rather than the whole count
 * (which would send the next {@link #STREAK} runs of every session to workers), while a query
 * slow in more than one run in {@code SLOW_PENALTY + 1} never qualifies. A quick query may run on a
 * Bolt event loop (see {@code BoltSession.runsWithoutWaiting}), where a wrong judgement stalls the
 * loop's other connections: by at most {@link #VERY_SLOW_NANOS} in one run in
 * {@code SLOW_PENALTY + 1}, or once by longer before the count starts again. Shared by every
 * session of a server; holds at most {@link #MAX_QUERIES} texts (when full, it forgets them all and
 * learns again).
 */
final class QueryTimings {
    /** The longest run that counts as quick. */
    static final long QUICK_NANOS = 250_000;
    /** The longest slow run that only costs {@link #SLOW_PENALTY} quick runs. */
    static final long VERY_SLOW_NANOS = 1_000_000;
    /** How many more quick runs than slow ones (weighted) make a query quick. */
    static final int STREAK = 64;
    /** What a slow run costs. */
    static final int SLOW_PENALTY = 16;
    /** The most the count reaches, so that slow runs always tell. */
    static final int MAX_COUNT = 2 * STREAK;
    static final int MAX_QUERIES = 4_096;

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    /** Every recorded run's time, for the metrics endpoint. */
    private final PrometheusText.Histogram times = new PrometheusText.Histogram();

    /** The times of every run recorded so far. */
    PrometheusText.Histogram times() {
        return times;
    }

    /** Whether {@code query}'s recent runs make it quick. */
    boolean quick(String query) {
        AtomicInteger count = counts.get(query);
        return count != null && count.get() >= STREAK;
    }

    /**
     * Records a run of {@code query} that took {@code nanos} and ended as it should ({@code clean}:
     * its result consumed; not failed, interrupted or abandoned).
     */
    void record(String query, long nanos, boolean clean) {
        times.observe(nanos);
        AtomicInteger count = counts.get(query);
        if (count == null) {
            if (counts.size() >= MAX_QUERIES) {
                counts.clear();
            }
            count = counts.computeIfAbsent(query, q -> new AtomicInteger());
        }
        if (!clean || nanos > VERY_SLOW_NANOS) {
            count.set(0);
        } else if (nanos > QUICK_NANOS) {
            count.updateAndGet(c -> Math.max(0, c - SLOW_PENALTY));
        } else if (count.get() < MAX_COUNT) {
            count.incrementAndGet(); // racing runs may pass MAX_COUNT by a few: harmless
        }
    }
}

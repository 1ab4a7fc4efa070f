package io.memgraph.ha.server.bolt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which query texts run in microseconds, from the evidence of their recent runs: a query is quick
 * once its last {@link #STREAK} runs (execution, every batch of records and the commit's hand-off
 * to Raft, from the RUN to the end of its result) each took at most {@link #QUICK_NANOS}; one
 * slower run, a failure or a cut-short result starts the count again. A quick auto-commit query
 * may run on a Bolt event loop (see {@code BoltSession.runsWithoutWaiting}), where a wrong
 * judgement stalls the loop's other connections, so the bar is high and the cost of being wrong
 * is bounded: a query whose cost varies with its parameters stalls a loop at most once per
 * {@link #STREAK} runs. Shared by every session of a server; holds at most {@link #MAX_QUERIES}
 * texts (when full, it forgets them all and learns again).
 */
final class QueryTimings {
    /** The longest run that counts as quick. */
    static final long QUICK_NANOS = 250_000;
    /** How many quick runs in a row make a query quick. */
    static final int STREAK = 64;
    static final int MAX_QUERIES = 4_096;

    private final Map<String, AtomicInteger> streaks = new ConcurrentHashMap<>();

    /** Whether {@code query}'s last {@link #STREAK} runs were all quick. */
    boolean quick(String query) {
        AtomicInteger streak = streaks.get(query);
        return streak != null && streak.get() >= STREAK;
    }

    /**
     * Records a run of {@code query} that took {@code nanos} and ended as it should ({@code clean}:
     * its result consumed; not failed, interrupted or abandoned).
     */
    void record(String query, long nanos, boolean clean) {
        AtomicInteger streak = streaks.get(query);
        if (streak == null) {
            if (streaks.size() >= MAX_QUERIES) {
                streaks.clear();
            }
            streak = streaks.computeIfAbsent(query, q -> new AtomicInteger());
        }
        if (clean && nanos <= QUICK_NANOS) {
            if (streak.get() < STREAK) {
                streak.incrementAndGet(); // racing runs may pass STREAK by a few: harmless
            }
        } else {
            streak.set(0);
        }
    }
}

package io.memgraph.ha.server.bolt;

import io.memgraph.ha.daemon.PrometheusText;
import io.memgraph.ha.raft.node.NotLeaderException;
import io.memgraph.ha.raft.node.OutcomeUnknownException;
import io.memgraph.ha.server.replication.Completions;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.WriteSet;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Committer} that counts how the commits it passes on end, for the metrics endpoint:
 * {@code committed}, rejected by the deterministic apply ({@code conflict},
 * {@code constraint_violation}, {@code invalid}, {@code not_committed}), {@code not_leader}
 * (nothing appended), {@code outcome_unknown}, or {@code failed} (anything else). Resolve fences
 * are passed on uncounted.
 */
public final class CountingCommitter implements Committer {
    private final Committer inner;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final PrometheusText.Histogram times = new PrometheusText.Histogram();

    public CountingCommitter(Committer inner) {
        this.inner = inner;
    }

    @Override
    public CompletableFuture<ApplyResult> commit(WriteSet writeSet, String txId) {
        long start = System.nanoTime();
        CompletableFuture<ApplyResult> f = inner.commit(writeSet, txId);
        f.whenComplete((r, e) -> {
            times.observe(System.nanoTime() - start);
            count(e == null ? outcome(r) : outcome(e));
        });
        return f;
    }

    @Override
    public CompletableFuture<ApplyResult> fence(String txId) {
        return inner.fence(txId);
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private static String outcome(ApplyResult r) {
        return r.committed() ? "committed" : r.reason().name().toLowerCase(Locale.ROOT);
    }

    private static String outcome(Throwable e) {
        Throwable cause = Completions.cause(e);
        if (cause instanceof NotLeaderException) {
            return "not_leader";
        }
        return cause instanceof OutcomeUnknownException ? "outcome_unknown" : "failed";
    }

    /** How long each commit took, from its proposal to its end (replication and apply). */
    public PrometheusText.Histogram times() {
        return times;
    }

    /** The commits ended so far by outcome, in name order. */
    public Map<String, Long> outcomes() {
        Map<String, Long> out = new TreeMap<>();
        outcomes.forEach((k, n) -> out.put(k, n.sum()));
        return out;
    }
}

package io.memgraph.ha.query;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.QueryStoppedException;

/**
 * Cancellation and deadline of one running query. Operators call {@link #check()} regularly (scans,
 * expansions, loops); another thread may {@link #cancel()} at any time (Bolt RESET).
 */
public final class QueryControl {
    /** A control that never cancels and has no deadline. */
    public static QueryControl unlimited() {
        return new QueryControl(Long.MAX_VALUE);
    }

    private final long deadlineNanos;
    private final long timeoutSeconds;
    private volatile boolean cancelled;

    /**
     * @param deadlineNanos a {@link System#nanoTime()} value after which the query fails, or
     *                      {@link Long#MAX_VALUE} for none
     */
    public QueryControl(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.timeoutSeconds = deadlineNanos == Long.MAX_VALUE ? -1
                : Math.max(0, (deadlineNanos - System.nanoTime() + 999_999_999L) / 1_000_000_000L);
    }

    /** A control whose deadline is {@code seconds} from now (0 or less: no deadline). */
    public static QueryControl withTimeoutSeconds(long seconds) {
        return seconds <= 0 ? unlimited() : new QueryControl(System.nanoTime() + seconds * 1_000_000_000L);
    }

    /** Asks the query to stop; it fails at its next {@link #check()}. Safe from any thread. */
    public void cancel() {
        cancelled = true;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Throws when the query must stop: {@code Neo.TransientError.Transaction.Terminated} after
     * {@link #cancel()}, or {@code Neo.ClientError.Transaction.TransactionTimedOut} after the deadline.
     */
    public void check() throws CypherException {
        if (cancelled) {
            throw QueryStoppedException.terminated();
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw QueryStoppedException.timedOut(timeoutSeconds);
        }
    }
}

package io.memgraph.ha.query;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.QueryStoppedException;

import java.time.Duration;

/**
 * Cancellation, time limit and memory limit of one running query. Operators call {@link #check()}
 * regularly (scans, expansions, loops); another thread may {@link #cancel()} at any time (Bolt
 * RESET).
 *
 * <p>The time limit counts the server's work on the query, not the time a client takes to ask for
 * the next part of a streamed result: whoever runs the query {@link #pause() pauses} the clock
 * between pulls and {@link #resume() resumes} it for the next one. A new control is running.
 *
 * <p>The memory limit bounds what the query's own growing structures hold (sort buffers, groups,
 * DISTINCT sets, collected lists, expansion frontiers, the writes it buffers): they {@link
 * #reserve} an estimate of each addition and {@link #release} it when they let go. Going past the
 * limit fails the query with {@code Neo.TransientError.General.MemoryPoolOutOfMemoryError}; the
 * structures then become garbage with the query. Everything but {@link #cancel()} is called by the
 * one thread running the query at a time.
 *
 * <p>It also carries who runs the query (the session's user), for what tells about it
 * ({@code dbms.showCurrentUser()}, {@code ALTER CURRENT USER}): set once, with the limits.
 */
public final class QueryControl {
    /** A control that never cancels and has no limits. */
    public static QueryControl unlimited() {
        return new QueryControl(null, 0);
    }

    private final long limitNanos;
    private final long timeoutSeconds;
    private final long memoryLimitBytes;
    private final String user;
    private volatile boolean cancelled;
    private long activeNanos;
    private long resumedAt;
    private boolean paused;
    private long reservedBytes;
    private long peakBytes;

    /**
     * @param timeLimit the longest the server may work on the query, or null for no limit
     * @param memoryLimitBytes the most the query's structures may hold, or 0 for no limit
     */
    public QueryControl(Duration timeLimit, long memoryLimitBytes) {
        this(timeLimit, memoryLimitBytes, "");
    }

    /**
     * @param timeLimit the longest the server may work on the query, or null for no limit
     * @param memoryLimitBytes the most the query's structures may hold, or 0 for no limit
     * @param user the user the query runs for, or {@code ""} when logins are not checked
     */
    public QueryControl(Duration timeLimit, long memoryLimitBytes, String user) {
        if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
            throw new IllegalArgumentException("time limit must be positive, got " + timeLimit);
        }
        if (memoryLimitBytes < 0) {
            throw new IllegalArgumentException("memory limit must not be negative, got " + memoryLimitBytes);
        }
        this.limitNanos = timeLimit == null ? Long.MAX_VALUE : timeLimit.toNanos();
        this.timeoutSeconds = timeLimit == null ? -1 : (limitNanos + 999_999_999L) / 1_000_000_000L;
        this.memoryLimitBytes = memoryLimitBytes == 0 ? Long.MAX_VALUE : memoryLimitBytes;
        this.resumedAt = System.nanoTime();
        this.user = java.util.Objects.requireNonNull(user, "user");
    }

    /** The user the query runs for, or {@code ""} when logins are not checked. */
    public String user() {
        return user;
    }

    /** A control whose time limit is {@code seconds} (0 or less: no limit), without a memory limit. */
    public static QueryControl withTimeoutSeconds(long seconds) {
        return new QueryControl(seconds <= 0 ? null : Duration.ofSeconds(seconds), 0);
    }

    /** Asks the query to stop; it fails at its next {@link #check()}. Safe from any thread. */
    public void cancel() {
        cancelled = true;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Stops the clock: the server is waiting for the client, not working on the query. */
    public void pause() {
        if (!paused) {
            activeNanos += System.nanoTime() - resumedAt;
            paused = true;
        }
    }

    /** Starts the clock again for the next part of the work. */
    public void resume() {
        if (paused) {
            resumedAt = System.nanoTime();
            paused = false;
        }
    }

    /** How long the server has worked on the query so far. */
    public Duration activeTime() {
        return Duration.ofNanos(paused ? activeNanos : activeNanos + System.nanoTime() - resumedAt);
    }

    /**
     * Throws when the query must stop: {@code Neo.TransientError.Transaction.Terminated} after
     * {@link #cancel()}, or {@code Neo.ClientError.Transaction.TransactionTimedOut} once the server
     * has worked on it for longer than the limit.
     */
    public void check() throws CypherException {
        if (cancelled) {
            throw QueryStoppedException.terminated();
        }
        if (limitNanos != Long.MAX_VALUE && !paused && activeNanos + (System.nanoTime() - resumedAt) > limitNanos) {
            throw QueryStoppedException.timedOut(timeoutSeconds);
        }
    }

    /**
     * Counts {@code bytes} more held by the query's structures until {@link #release}d.
     *
     * @throws QueryStoppedException {@code Neo.TransientError.General.MemoryPoolOutOfMemoryError}
     *     when that would pass the limit (nothing is counted then)
     */
    public void reserve(long bytes) {
        checkAllocation(bytes);
        reservedBytes += bytes;
        peakBytes = Math.max(peakBytes, reservedBytes);
    }

    /**
     * Checks that a value of {@code bytes} that lives only for a moment (a list that {@code range()}
     * builds, say) fits beside what the query holds, without counting it.
     */
    public void checkAllocation(long bytes) {
        if (bytes > memoryLimitBytes - reservedBytes) {
            throw QueryStoppedException.outOfMemory(memoryLimitBytes, reservedBytes, bytes);
        }
    }

    /**
     * Counts {@code bytes} more, as {@link #reserve} does, when they fit beside what the query
     * holds; else counts nothing and says so, for a structure the query can do without (a lookup
     * set that only makes it faster).
     */
    public boolean reserveIfFits(long bytes) {
        if (bytes > memoryLimitBytes - reservedBytes) {
            return false;
        }
        reserve(bytes);
        return true;
    }

    /** Counts {@code bytes} less: a structure let go of what it {@link #reserve reserved}. */
    public void release(long bytes) {
        reservedBytes = Math.max(0, reservedBytes - bytes);
    }

    /** What the query's structures hold now, by the estimates they reserved. */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** The most the query's structures held at once. */
    public long peakBytes() {
        return peakBytes;
    }
}

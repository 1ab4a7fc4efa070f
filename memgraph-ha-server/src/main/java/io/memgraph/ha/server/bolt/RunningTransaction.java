package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.query.show.ShowColumns;
import io.memgraph.ha.query.value.CypherDuration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One transaction of one Bolt session (an explicit one, or the auto-commit transaction of one
 * query) as {@code SHOW TRANSACTIONS} and {@code TERMINATE TRANSACTIONS} see it. The session
 * writes it, any thread reads it. Its id is taken from the {@link TransactionRegistry} only when
 * somebody first looks at it, so a transaction nobody lists costs no shared counter.
 *
 * <p>{@link #terminate} and {@link #beginCommit} race for the one change of state a transaction
 * makes: a transaction that began to commit (its write set may be in the Raft log) is never
 * terminated, and a terminated one never commits.
 */
final class RunningTransaction {
    /** What {@code SHOW TRANSACTIONS} reports in its {@code status} column. */
    enum Status { RUNNING("Running"), TERMINATED("Terminated"), COMMITTING("Committing");
        final String shown;

        Status(String shown) {
            this.shown = shown;
        }
    }

    // Field updaters, not atomics: one object per transaction, not three.
    private static final AtomicIntegerFieldUpdater<RunningTransaction> STATUS =
            AtomicIntegerFieldUpdater.newUpdater(RunningTransaction.class, "status");
    private static final AtomicLongFieldUpdater<RunningTransaction> ID =
            AtomicLongFieldUpdater.newUpdater(RunningTransaction.class, "id");
    private static final int RUNNING = 0;
    private static final int TERMINATED = 1;
    private static final int COMMITTING = 2;

    private final AtomicLong ids;
    private final String connectionId;
    private final String clientAddress;
    private final String username;
    private final Map<String, Object> metadata;
    private final Runnable cancel;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    /** {@link #RUNNING}, {@link #TERMINATED} or {@link #COMMITTING} (the ordinals of {@link Status}). */
    private volatile int status = RUNNING;
    /** 0 until asked for; then the same for the transaction's life. */
    private volatile long id;
    private volatile String currentQuery;
    /** When the current query began ({@link System#nanoTime}); the transaction's start for an auto-commit one. */
    private volatile long queryStartNanos = startNanos;
    private volatile String terminatedBy;

    /**
     * @param ids where ids come from (the registry's counter)
     * @param cancel stops the queries the transaction runs now (at their next check)
     */
    RunningTransaction(AtomicLong ids, String connectionId, String clientAddress, String username,
            Map<String, Object> metadata, String query, Runnable cancel) {
        this.ids = ids;
        this.connectionId = connectionId;
        this.clientAddress = clientAddress;
        this.username = username;
        this.metadata = metadata;
        this.currentQuery = query;
        this.cancel = cancel;
    }

    /** The id's number: given out on the first call, then stable. */
    long number() {
        long n = id;
        if (n == 0) {
            ID.compareAndSet(this, 0, ids.incrementAndGet());
            n = id;
        }
        return n;
    }

    /** The number if somebody has seen the id, else 0 (then nobody can name this transaction). */
    long numberIfShown() {
        return id;
    }

    /** The id clients see: {@code memgraph-transaction-<n>}. */
    String transactionId() {
        return TransactionRegistry.ID_PREFIX + number();
    }

    String username() {
        return username;
    }

    /** The query the transaction runs now, or {@code ""} when it waits for the client. */
    void running(String query) {
        currentQuery = query;
    }

    /** The query the explicit transaction runs now, which began at {@code startNanos} ({@link System#nanoTime}). */
    void running(String query, long startNanos) {
        queryStartNanos = startNanos; // written before the query, so whoever sees the query sees its start
        currentQuery = query;
    }

    Status status() {
        return Status.values()[status];
    }

    boolean terminated() {
        return status == TERMINATED;
    }

    /**
     * Marks the transaction terminated by {@code by} and stops what it runs, unless it already
     * began to commit.
     *
     * @return its status after the call: {@code TERMINATED} (now or earlier) or {@code COMMITTING}
     */
    Status terminate(String by) {
        if (status == RUNNING) {
            terminatedBy = by; // written before the status, so whoever sees TERMINATED sees who
            if (STATUS.compareAndSet(this, RUNNING, TERMINATED)) {
                cancel.run();
            }
        }
        return status();
    }

    /** Whether the transaction may commit: false once it was terminated. After true it can no longer be. */
    boolean beginCommit() {
        return STATUS.compareAndSet(this, RUNNING, COMMITTING);
    }

    /** What the client of a terminated transaction gets, at the query it ran or its next request. */
    BoltFailureException terminatedFailure() {
        return new BoltFailureException(FailureMapper.TERMINATED, "The transaction " + transactionId()
                + " was terminated by " + terminatedBy + " (TERMINATE TRANSACTIONS) and rolled back.");
    }

    /**
     * Its row of {@code SHOW TRANSACTIONS}: a value for every column of
     * {@link ShowColumns#TRANSACTIONS}, in that order, in the query engine's value model. What we
     * know is filled in; the columns Neo4j fills from what we do not have (CPU time, memory, page
     * cache, query plans and parameters) are null; there are no locks, so nothing waits for one.
     * Memgraph's {@code query} lists only the query it runs now (earlier ones are not kept).
     */
    Object[] row() {
        long now = System.nanoTime();
        String query = currentQuery;
        long queryStart = queryStartNanos;
        boolean runs = !query.isEmpty();
        Map<String, Object> meta = BoltValueConverter.parametersToEngine(metadata);
        return new Object[] {
            TransactionRegistry.DATABASE, transactionId(), "", connectionId, clientAddress, username, query,
            Instant.ofEpochMilli(startMillis).toString(), status().shown, duration(now - startNanos),
            "", // outerTransactionId: the batches of CALL { } IN TRANSACTIONS are not listed apart
            meta,
            null, null, null, null, // parameters, planner, runtime, indexes
            runs ? Instant.ofEpochMilli(startMillis + (queryStart - startNanos) / 1_000_000).toString() : null,
            "bolt", null, runs ? "running" : null, "", Map.of(), // protocol, requestUri, status, details, resources
            0L, runs ? 0L : null, // activeLockCount, currentQueryActiveLockCount
            null, duration(0), null, // cpuTime, waitTime, idleTime
            runs ? duration(now - queryStart) : null, null, runs ? duration(0) : null, null, // currentQuery times
            null, null, null, null, null, null, null, // allocated bytes, heap, page hits and faults
            "", // initializationStackTrace
            // Memgraph's: its id, the queries it runs (the one it runs now), its metadata
            transactionId(), runs ? List.of(query) : List.of(), meta
        };
    }

    private static CypherDuration duration(long nanos) {
        return CypherDuration.of(0, 0, 0, nanos);
    }
}

package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.value.BoltDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** Its row of {@code SHOW TRANSACTIONS}, in the order of {@link io.memgraph.ha.query.TransactionCommand#SHOW_COLUMNS}. */
    List<Object> row() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        List<Object> row = new ArrayList<>(11);
        row.add(TransactionRegistry.DATABASE);
        row.add(transactionId());
        row.add(""); // queries have no ids of their own
        row.add(connectionId);
        row.add(clientAddress);
        row.add(username);
        row.add(currentQuery);
        row.add(Instant.ofEpochMilli(startMillis).toString());
        row.add(status().shown);
        row.add(new BoltDuration(0, 0, elapsed.getSeconds(), elapsed.getNano()));
        row.add(metadata);
        return row;
    }
}

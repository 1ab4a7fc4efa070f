package io.memgraph.ha.server.bolt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The transactions running on this server, for {@code SHOW TRANSACTIONS} and
 * {@code TERMINATE TRANSACTIONS}. Each Bolt session holds one {@link Slot}, added when the
 * connection opens and removed when it closes; per query the session only swaps the slot's
 * {@link RunningTransaction} (a volatile write, a compare-and-set to clear it). Listing walks the
 * slots: it is the rare operation, so it does the work.
 */
final class TransactionRegistry {
    /** The one database's name, as the routing table gives it. */
    static final String DATABASE = "memgraph";
    /** Ids are {@code memgraph-transaction-<n>}, Neo4j's form {@code <database>-transaction-<n>}. */
    static final String ID_PREFIX = DATABASE + "-transaction-";
    static final String TERMINATED = "Transaction terminated.";
    static final String NOT_FOUND = "Transaction not found.";
    static final String COMMITTING = "Transaction is committing: its write is on its way through the Raft log"
            + " and cannot be stopped.";

    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();

    /** A new session's slot; {@link Slot#close()} it with the session. */
    Slot open() {
        Slot slot = new Slot();
        slots.add(slot);
        return slot;
    }

    /** The transactions running now, oldest id first (those never shown get their ids now). */
    List<RunningTransaction> running() {
        List<RunningTransaction> all = new ArrayList<>();
        for (Slot slot : slots) {
            RunningTransaction tx = slot.current.get();
            if (tx != null) {
                all.add(tx);
            }
        }
        all.sort(Comparator.comparingLong(RunningTransaction::number));
        return all;
    }

    /** How many transactions run now (no id is given out: this is not a listing). */
    int active() {
        int n = 0;
        for (Slot slot : slots) {
            if (slot.current.get() != null) {
                n++;
            }
        }
        return n;
    }

    /** The running transaction {@code id} names, or null. Only a shown id can name one. */
    RunningTransaction find(String id) {
        long n = number(id);
        if (n <= 0) {
            return null;
        }
        for (Slot slot : slots) {
            RunningTransaction tx = slot.current.get();
            if (tx != null && tx.numberIfShown() == n) {
                return tx;
            }
        }
        return null;
    }

    /**
     * The number in an id: {@code memgraph-transaction-7} (any database name before
     * {@code -transaction-}, since there is one database), or Memgraph's bare {@code 7}; -1 for
     * anything else.
     */
    static long number(String id) {
        int at = id.lastIndexOf("-transaction-");
        String digits = at < 0 ? id : id.substring(at + "-transaction-".length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    /**
     * {@code TERMINATE TRANSACTIONS}: one row per id ({@code transactionId}, {@code username},
     * {@code message}, and Memgraph's {@code transaction_id} and {@code killed}), in the order
     * given. Every transaction named is terminated, whatever the command's WHERE later keeps of
     * these rows.
     *
     * @param by who asks, for the terminated client's error message
     */
    List<Object[]> terminate(List<String> ids, String by) {
        List<Object[]> rows = new ArrayList<>();
        for (String id : ids) {
            RunningTransaction tx = find(id);
            if (tx == null) {
                rows.add(new Object[] {id, "", NOT_FOUND, id, false});
            } else {
                boolean committing = tx.terminate(by) == RunningTransaction.Status.COMMITTING;
                rows.add(new Object[] {id, tx.username(), committing ? COMMITTING : TERMINATED, id, !committing});
            }
        }
        return rows;
    }

    /** {@code SHOW TRANSACTIONS}: every running transaction, or those {@code ids} name ({@link RunningTransaction#row}). */
    List<Object[]> show(List<String> ids) {
        List<Object[]> rows = new ArrayList<>();
        for (RunningTransaction tx : running()) {
            if (ids.isEmpty() || ids.stream().anyMatch(id -> number(id) == tx.number())) {
                rows.add(tx.row());
            }
        }
        return rows;
    }

    /** Creates transactions with ids from this registry. */
    RunningTransaction newTransaction(String connectionId, String clientAddress, String username,
            java.util.Map<String, Object> metadata, String query, Runnable cancel) {
        return new RunningTransaction(ids, connectionId, clientAddress, username, metadata, query, cancel);
    }

    /** One session's place in the registry: the transaction it runs now, if any. */
    final class Slot implements AutoCloseable {
        private final AtomicReference<RunningTransaction> current = new AtomicReference<>();

        /** {@code tx} is the session's transaction from now on. */
        void begin(RunningTransaction tx) {
            current.set(tx);
        }

        /** {@code tx} ended; a later transaction of the session stays. */
        void end(RunningTransaction tx) {
            current.compareAndSet(tx, null);
        }

        /** The session runs nothing any more (RESET, close). */
        void clear() {
            current.set(null);
        }

        @Override
        public void close() {
            current.set(null);
            slots.remove(this);
        }
    }
}

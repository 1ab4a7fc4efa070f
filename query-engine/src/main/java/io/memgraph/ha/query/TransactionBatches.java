package io.memgraph.ha.query;

import io.memgraph.ha.storage.Transaction;

/**
 * How {@code CALL { ... } IN TRANSACTIONS} ends one inner transaction and starts the next. The
 * owner of an auto-commit (implicit) transaction supplies it: the server commits through its
 * write path (Raft: proposed, replicated, applied), a single-node caller commits to its storage.
 * Without one (an explicit transaction) such a query is refused.
 */
public interface TransactionBatches {

    /**
     * Commits what {@code tx} wrote, closes it, and returns a new transaction that sees the
     * commit. Throws {@link BatchNotCommittedException} when the commit was refused and nothing of
     * it was written (a constraint violation or a write conflict found at commit): with
     * {@code ON ERROR CONTINUE | BREAK} the query then goes on through {@link #rollbackAndBegin}.
     * Throws anything else when the query cannot go on, in particular when the commit's outcome is
     * unknown or the server lost its leadership: the query then fails, whatever its ON ERROR says,
     * and the batches committed before stay committed.
     */
    Transaction commitAndBegin(Transaction tx);

    /**
     * Discards what {@code tx} wrote, closes it (it may be closed already, after a refused commit),
     * and returns a new transaction: a failed batch of {@code ON ERROR CONTINUE | BREAK}.
     */
    Transaction rollbackAndBegin(Transaction tx);
}

package io.memgraph.ha.query;

import io.memgraph.ha.storage.Transaction;

/**
 * How {@code CALL { ... } IN TRANSACTIONS} ends one inner transaction and starts the next. The
 * owner of an auto-commit (implicit) transaction supplies it: the server commits through its
 * write path (Raft: proposed, replicated, applied), a single-node caller commits to its storage.
 * Without one (an explicit transaction) such a query is refused.
 */
@FunctionalInterface
public interface TransactionBatches {

    /**
     * Commits what {@code tx} wrote, closes it, and returns a new transaction that sees the
     * commit. Throws when the commit is refused or its outcome is unknown: the query then fails,
     * and the batches committed before stay committed.
     */
    Transaction commitAndBegin(Transaction tx);
}

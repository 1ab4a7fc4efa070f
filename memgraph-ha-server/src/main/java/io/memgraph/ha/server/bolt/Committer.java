package io.memgraph.ha.server.bolt;

import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.WriteSet;

/**
 * Makes a transaction's write set part of the replicated state: proposes it to Raft and returns,
 * once it is applied, storage's deterministic result (committed at its log index, or rejected).
 * Called on a Bolt worker thread, which it may block (boundedly).
 */
@FunctionalInterface
public interface Committer {

    /**
     * Commits {@code writeSet} (never empty).
     *
     * @throws RuntimeException when the outcome is not known or nothing was appended; mapped to
     *     a Bolt failure by {@link FailureMapper#commitFailure}
     */
    ApplyResult commit(WriteSet writeSet);
}

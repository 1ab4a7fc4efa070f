package io.memgraph.ha.server.bolt;

import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.WriteSet;
import java.util.concurrent.CompletableFuture;

/**
 * Makes a transaction's write set part of the replicated state: proposes it to Raft and completes,
 * once it is applied, with storage's deterministic result (committed at its log index, or
 * rejected). Never blocks the caller.
 */
@FunctionalInterface
public interface Committer {

    /**
     * Commits {@code writeSet} (never empty).
     *
     * @param txId the client's transaction id ({@code ha_tx_id}) for exactly-once commits, or null
     * @return completes with the result, or exceptionally when the outcome is not known or nothing
     *     was appended (mapped to a Bolt failure by {@link FailureMapper#commitFailure})
     */
    CompletableFuture<ApplyResult> commit(WriteSet writeSet, String txId);
}

package io.memgraph.ha.server.bolt;

import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.WriteSet;
import java.util.concurrent.CompletableFuture;

/**
 * Makes a transaction's write set part of the replicated state: proposes it to Raft and completes,
 * once it is applied, with storage's deterministic result (committed at its log index, or
 * rejected). Never blocks the caller.
 */
public interface Committer {

    /**
     * Commits {@code writeSet} (never empty).
     *
     * @param txId the client's transaction id ({@code ha_tx_id}) for exactly-once commits, or null
     * @return completes with the result, or exceptionally when the outcome is not known or nothing
     *     was appended (mapped to a Bolt failure by {@link FailureMapper#commitFailure})
     */
    CompletableFuture<ApplyResult> commit(WriteSet writeSet, String txId);

    /**
     * Proposes a resolve fence for {@code txId} and completes once it is applied: committed (at the
     * index of the transaction's commit, earlier in the log) or rejected with
     * {@code RejectReason.NOT_COMMITTED} (no commit of it before the fence, and none will apply after).
     *
     * @param txId the client's transaction id, not null
     * @return completes with the result, or exceptionally like {@link #commit}
     */
    CompletableFuture<ApplyResult> fence(String txId);
}

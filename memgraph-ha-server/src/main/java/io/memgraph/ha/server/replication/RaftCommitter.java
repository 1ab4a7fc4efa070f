package io.memgraph.ha.server.replication;

import io.memgraph.ha.raft.node.OutcomeUnknownException;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.server.bolt.Committer;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.WriteSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Commits a write set through Raft (DESIGN.md section 2): proposes it, with the client's
 * transaction id and the leader's clock ({@link HaEntry}), and completes once the entry is
 * applied with storage's deterministic result. No thread waits meanwhile. A resolve fence
 * ({@link HaEntry#fence}) takes the same path.
 *
 * <p>Failures are the node's own exceptions, unwrapped: {@code NotLeaderException} (nothing was
 * appended), {@link OutcomeUnknownException} (not committed within {@code replication_timeout},
 * leadership lost, node closing, or this commit's own backstop passed),
 * {@code ProposalLostException}, {@code RejectedExecutionException} (too many in flight).
 */
public final class RaftCommitter implements Committer {
    private final RaftNode node;
    private final Duration maxWait;

    /**
     * @param node the local Raft node
     * @param maxWait how long a commit waits at most; the node itself gives up at
     *     {@code replication_timeout}, so this is only a backstop a little above it
     */
    public RaftCommitter(RaftNode node, Duration maxWait) {
        this.node = node;
        this.maxWait = maxWait;
    }

    @Override
    public CompletableFuture<ApplyResult> commit(WriteSet writeSet, String txId) {
        return propose(new HaEntry(txId, System.currentTimeMillis(), writeSet.toBytes()).encode());
    }

    @Override
    public CompletableFuture<ApplyResult> fence(String txId) {
        return propose(HaEntry.fence(txId, System.currentTimeMillis()).encode());
    }

    private CompletableFuture<ApplyResult> propose(byte[] entry) {
        long term = node.term();
        return Deadlines.SHARED.within(node.propose(entry), maxWait.toMillis(), TimeUnit.MILLISECONDS)
                .handle((r, e) -> {
                    if (e == null) {
                        return ApplyResultCodec.decode(r.result());
                    }
                    Throwable cause = Completions.cause(e);
                    if (cause instanceof TimeoutException) {
                        throw new OutcomeUnknownException(OutcomeUnknownException.Reason.REPLICATION_TIMEOUT, -1,
                                term, "no answer from the Raft node within " + maxWait.toMillis() + " ms");
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException("proposal failed: " + cause, cause);
                });
    }
}

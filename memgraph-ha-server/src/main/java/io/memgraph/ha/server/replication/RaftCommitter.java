package io.memgraph.ha.server.replication;

import io.memgraph.ha.raft.node.OutcomeUnknownException;
import io.memgraph.ha.raft.node.ProposalResult;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.server.bolt.Committer;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.WriteSet;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Commits a write set through Raft (DESIGN.md section 2): proposes it and waits, on the calling
 * Bolt worker thread, until the entry is applied, then returns storage's deterministic result.
 *
 * <p>Failures are the node's own exceptions, unwrapped: {@code NotLeaderException} (nothing was
 * appended), {@link OutcomeUnknownException} (not committed within {@code replication_timeout},
 * leadership lost, node closing, or this wait's own bound passed),
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
    public ApplyResult commit(WriteSet writeSet) {
        CompletableFuture<ProposalResult> f = node.propose(writeSet.toBytes());
        ProposalResult r;
        try {
            r = f.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("proposal failed: " + cause, cause);
        } catch (TimeoutException | CancellationException e) {
            throw new OutcomeUnknownException(OutcomeUnknownException.Reason.REPLICATION_TIMEOUT, -1, node.term(),
                    "no answer from the Raft node within " + maxWait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutcomeUnknownException(OutcomeUnknownException.Reason.SHUTDOWN, -1, node.term(),
                    "interrupted while waiting for the commit");
        }
        return ApplyResultCodec.decode(r.result());
    }
}

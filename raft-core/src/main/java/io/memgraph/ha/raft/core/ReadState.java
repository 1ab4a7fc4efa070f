package io.memgraph.ha.raft.core;

/**
 * A confirmed linearizable read: once the state machine has applied {@code index}, the read with
 * {@code requestId} may be served from local state.
 *
 * @param requestId the id the application passed to {@link RaftCore#readIndex(long)}
 * @param index the commit index at the time the read was requested (confirmed by a quorum)
 */
public record ReadState(long requestId, long index) {
}

package io.memgraph.ha.raft.node;

/**
 * A proposal that was committed and applied.
 *
 * @param index the log index of the entry (usable as a bookmark)
 * @param term the term in which it was proposed
 * @param result what {@link StateMachine#apply} returned for it
 */
public record ProposalResult(long index, long term, byte[] result) {
}

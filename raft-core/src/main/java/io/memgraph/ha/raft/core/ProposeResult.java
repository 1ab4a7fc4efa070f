package io.memgraph.ha.raft.core;

/**
 * The answer of {@link RaftCore#propose(byte[])}: accepted at a log position, or refused.
 *
 * <p>An accepted proposal succeeded once the entry at {@code index} is applied with the same
 * {@code term}; if a different term is applied at that index it was lost. If the node stops
 * being leader (see {@link SoftState}) before that, the outcome is unknown.
 */
public sealed interface ProposeResult {

  /** Appended to the leader's log at {@code index} in {@code term}. */
  record Accepted(long index, long term) implements ProposeResult {
  }

  /** Not appended. {@code leader} is the leader's id if known, else 0. */
  record Refused(RefusalReason reason, int leader) implements ProposeResult {
  }
}

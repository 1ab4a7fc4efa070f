package io.memgraph.ha.raft.core;

/**
 * The state a node must persist before it answers any message (Raft paper figure 2,
 * "persistent state on all servers"), plus the commit index so that a restarted node can
 * replay committed entries without waiting for a leader.
 *
 * @param term the latest term this node has seen
 * @param vote the candidate this node voted for in {@code term}; 0 = none
 * @param commit the highest index known committed (may lag the in-memory value)
 */
public record HardState(long term, int vote, long commit) {

  /** The state of a node that has never run. */
  public static final HardState EMPTY = new HardState(0, 0, 0);

  /** Rejects negative values, which can only come from a corrupt file. */
  public HardState {
    if (term < 0 || vote < 0 || commit < 0) {
      throw new IllegalArgumentException("invalid hard state term=" + term + " vote=" + vote
          + " commit=" + commit);
    }
  }
}

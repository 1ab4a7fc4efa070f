package io.memgraph.ha.raft.core;

/** The roles of a Raft node; {@link #PRE_CANDIDATE} is the pre-vote phase (thesis 9.6). */
public enum Role {
  /** Follows a leader (or waits for one). */
  FOLLOWER,
  /** Asks for pre-votes without incrementing its term. */
  PRE_CANDIDATE,
  /** Asks for votes in a new term. */
  CANDIDATE,
  /** Accepts proposals and replicates the log. */
  LEADER
}

package io.memgraph.ha.raft.core;

/** How the leader confirms it is still leader before serving a read. */
public enum ReadMode {
  /** ReadIndex (thesis 6.4): a heartbeat round acknowledged by a majority per batch of reads. */
  SAFE,
  /**
   * Lease reads (thesis 6.4.1): served without a round trip while a majority acknowledged a
   * heartbeat less than {@code electionTicksMin - 2} ticks ago. Requires check-quorum, which makes
   * followers refuse votes while they hear from a leader, and assumes clocks tick at the same rate.
   */
  LEASE
}

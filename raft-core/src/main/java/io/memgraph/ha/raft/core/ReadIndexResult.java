package io.memgraph.ha.raft.core;

/** The answer of {@link RaftCore#readIndex(long)}. */
public sealed interface ReadIndexResult {

  /**
   * The request is pending; a {@link ReadState} with the same id appears in a later (or the same)
   * {@link Ready}, or the id appears in {@link Ready#abortedReads()} if leadership is lost first.
   */
  record Pending(long requestId) implements ReadIndexResult {
  }

  /** Refused; {@code leader} is the leader's id if known, else 0. */
  record Refused(RefusalReason reason, int leader) implements ReadIndexResult {
  }
}

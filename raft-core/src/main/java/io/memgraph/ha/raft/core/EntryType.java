package io.memgraph.ha.raft.core;

/** What a log entry carries. Membership is static, so there are no configuration-change entries. */
public enum EntryType {
  /** An application command: {@link Entry#data()} is handed to the state machine. */
  NORMAL,
  /**
   * The empty entry a new leader appends at the start of its term. Committing it commits every
   * earlier entry (Raft paper 5.4.2) and lets ReadIndex proceed; the state machine ignores it.
   */
  NOOP
}

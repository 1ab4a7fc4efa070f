package io.memgraph.ha.raft.node;

/**
 * The proposal was appended to the leader's log but this node cannot tell whether it will be
 * applied: it was not committed within {@code replication_timeout}, leadership was lost, or the
 * node shut down. The entry may still be applied later. Retrying blindly can apply it twice.
 */
public final class OutcomeUnknownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the outcome is unknown. */
  public enum Reason {
    /** Not committed within {@code replication_timeout}. */
    REPLICATION_TIMEOUT,
    /** This node stopped being leader before the entry was applied. */
    LEADERSHIP_LOST,
    /** The node was closed before the entry was applied. */
    SHUTDOWN
  }

  private final Reason reason;
  private final long index;
  private final long term;

  /** Creates the exception for the entry at {@code index} in {@code term}. */
  public OutcomeUnknownException(Reason reason, long index, long term, String detail) {
    super("outcome unknown for the entry at index " + index + " (term " + term + "): " + detail);
    this.reason = reason;
    this.index = index;
    this.term = term;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }

  /** The entry's log index. */
  public long index() {
    return index;
  }

  /** The entry's term. */
  public long term() {
    return term;
  }
}

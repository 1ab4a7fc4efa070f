package io.memgraph.ha.storage;

/** Why {@code apply} refused a write set. Identical on every node for the same log. */
public enum RejectReason {
  /** An object the transaction wrote was changed by a later commit: retry the transaction. */
  CONFLICT(true),
  /** A unique or existence constraint would be violated: retrying cannot help. */
  CONSTRAINT_VIOLATION(false),
  /** The write set is malformed or refers to schema that does not allow it (e.g. a duplicate index). */
  INVALID(false),
  /**
   * Never produced by storage itself: the replicated state machine above it answers a resolve
   * fence for a transaction id that did not commit with it, and refuses every later write set of
   * that id with it. The transaction did not commit and never will, so running it again (under a
   * new id) is safe.
   */
  NOT_COMMITTED(true);

  private final boolean retryable;

  RejectReason(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether running the transaction again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}

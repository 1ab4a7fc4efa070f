package io.memgraph.ha.storage;

/** Why {@code apply} refused a write set. Identical on every node for the same log. */
public enum RejectReason {
  /** An object the transaction wrote was changed by a later commit: retry the transaction. */
  CONFLICT(true),
  /** A unique or existence constraint would be violated: retrying cannot help. */
  CONSTRAINT_VIOLATION(false),
  /** The write set is malformed or refers to schema that does not allow it (e.g. a duplicate index). */
  INVALID(false);

  private final boolean retryable;

  RejectReason(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether running the transaction again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}

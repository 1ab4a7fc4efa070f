package io.memgraph.ha.storage;

/**
 * The outcome of applying a write set at a log index: committed, or rejected with a reason and a
 * message a person can act on.
 *
 * @param index the log index the write set was applied at
 * @param reason null when committed
 * @param message null when committed
 */
public record ApplyResult(long index, RejectReason reason, String message) {
  static ApplyResult committed(long index) {
    return new ApplyResult(index, null, null);
  }

  /** Whether the write set's changes are now part of the state. */
  public boolean committed() {
    return reason == null;
  }

  /** Whether the transaction was rejected with a reason for which a retry may succeed. */
  public boolean retryable() {
    return reason != null && reason.retryable();
  }
}

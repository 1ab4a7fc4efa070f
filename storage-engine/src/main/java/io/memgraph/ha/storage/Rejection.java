package io.memgraph.ha.storage;

/** Thrown inside apply to reject a write set; carries the deterministic reason and message. */
final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final RejectReason reason;

  Rejection(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }
}

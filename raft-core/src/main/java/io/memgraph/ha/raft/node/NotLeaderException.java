package io.memgraph.ha.raft.node;

import io.memgraph.ha.raft.core.RefusalReason;

/**
 * A proposal or read was refused because this node is not the leader (or is handing leadership
 * over). Nothing was appended: the request may be retried on {@link #leaderId()}.
 */
public final class NotLeaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int leaderId;
  private final RefusalReason reason;

  /** Creates the exception; {@code leaderId} 0 = unknown. */
  public NotLeaderException(int leaderId, RefusalReason reason) {
    super(reason == RefusalReason.NOT_LEADER
        ? "not the leader; "
            + (leaderId == 0 ? "the leader is unknown" : "the leader is server " + leaderId)
        : "leadership is being transferred; retry on the new leader");
    this.leaderId = leaderId;
    this.reason = reason;
  }

  /** The leader's server id, or 0 if unknown. */
  public int leaderId() {
    return leaderId;
  }

  /** Why the request was refused. */
  public RefusalReason reason() {
    return reason;
  }
}

package io.memgraph.ha.raft.node;

/**
 * The node closed or halted before it could complete this request. For a read or
 * {@code awaitApplied} nothing happened; for a proposal it means the proposal never reached the
 * Raft log (one that did fails with {@link OutcomeUnknownException} instead).
 */
public final class NodeShutdownException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int serverId;

  /** Creates the exception for server {@code serverId}. */
  public NodeShutdownException(int serverId) {
    super("server " + serverId + " is closed or shutting down");
    this.serverId = serverId;
  }

  /** The server that shut down. */
  public int serverId() {
    return serverId;
  }
}

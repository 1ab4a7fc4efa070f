package io.memgraph.ha.raft.transport;

/** A frame from a peer is malformed; the connection is closed. */
public final class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a description of what is wrong with the frame. */
  public WireFormatException(String message) {
    super(message);
  }
}

package io.memgraph.ha.bolt.client;

/** A client-side Bolt error: the server answered unexpectedly, the connection closed, or a timeout passed. */
public class BoltClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param message what happened, with the server address */
  public BoltClientException(String message) {
    super(message);
  }

  /**
   * @param message what happened
   * @param cause the underlying error
   */
  public BoltClientException(String message, Throwable cause) {
    super(message, cause);
  }
}

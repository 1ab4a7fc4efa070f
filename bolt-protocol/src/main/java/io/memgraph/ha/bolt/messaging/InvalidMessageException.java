package io.memgraph.ha.bolt.messaging;

/**
 * A Bolt message that is well framed but not valid: unknown signature, wrong field count, a field
 * of the wrong type, malformed PackStream inside. The connection survives; the client gets a
 * FAILURE {@code Neo.ClientError.Request.Invalid} with this message.
 */
public final class InvalidMessageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param message what is wrong, naming the message and field */
  public InvalidMessageException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong
   * @param cause the underlying decoding error
   */
  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}

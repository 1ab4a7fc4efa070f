package io.memgraph.ha.bolt.packstream;

/**
 * Malformed PackStream input (unknown marker, truncated data, an impossible size, a wrong
 * structure field count, invalid UTF-8, ...) or a value the writer cannot encode.
 *
 * <p>Unchecked so that decoding can run inside lambdas and Netty handlers; the Bolt layer turns
 * it into a {@code Neo.ClientError.Request.Invalid} failure. The message names what was expected,
 * what was found and the byte offset in the buffer.
 */
public final class PackStreamException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what is wrong and where. */
  public PackStreamException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (e.g. an invalid date-time value). */
  public PackStreamException(String message, Throwable cause) {
    super(message, cause);
  }
}

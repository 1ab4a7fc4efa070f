package io.memgraph.ha.bolt.server.spi;

/**
 * A failure the client should see as a Bolt FAILURE with a Neo4j status code, for example
 * {@code Neo.ClientError.Statement.SyntaxError}. The code's classification ({@code ClientError},
 * {@code TransientError}, {@code DatabaseError}) decides whether drivers retry.
 */
public class BoltFailureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Status code for requests that are malformed or illegal in the connection's current state. */
  public static final String REQUEST_INVALID = "Neo.ClientError.Request.Invalid";

  /** Status code for refused credentials. */
  public static final String UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized";

  /** Status code for a transaction stopped by RESET or by the server. */
  public static final String TERMINATED = "Neo.TransientError.Transaction.Terminated";

  /** Status code for bugs only. */
  public static final String UNKNOWN_ERROR = "Neo.DatabaseError.General.UnknownError";

  private final String code;

  /**
   * @param code the Neo4j status code, e.g. {@code Neo.ClientError.Statement.SyntaxError}
   * @param message what went wrong, with what the user needs to fix it (query position, name)
   */
  public BoltFailureException(String code, String message) {
    super(message);
    this.code = code;
  }

  /**
   * @param code the Neo4j status code
   * @param message what went wrong
   * @param cause the underlying exception
   */
  public BoltFailureException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The Neo4j status code. */
  public String code() {
    return code;
  }
}

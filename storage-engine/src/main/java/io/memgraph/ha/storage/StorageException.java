package io.memgraph.ha.storage;

/**
 * A transaction operation that cannot be done: the object does not exist (in this transaction's
 * view), a vertex to delete still has edges, an id is already in use, or a value is unsupported.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the object and the problem. */
  public StorageException(String message) {
    super(message);
  }
}

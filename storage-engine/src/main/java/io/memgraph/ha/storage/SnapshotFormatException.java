package io.memgraph.ha.storage;

import java.io.IOException;

/** A snapshot that cannot be loaded: wrong magic or version, checksum mismatch, truncation, bad content. */
public class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the file (or stream) and what is wrong. */
  public SnapshotFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

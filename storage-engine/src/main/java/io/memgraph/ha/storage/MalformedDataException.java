package io.memgraph.ha.storage;

/** Thrown by decoders on input that does not follow the format; the message names the position. */
final class MalformedDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedDataException(String message) {
    super(message);
  }
}

package io.memgraph.ha.bolt.messaging;

import java.util.List;
import java.util.Map;

/** A message from server to client; the same four kinds in every Bolt version this module speaks. */
public sealed interface Response {

  /** Signature {@code 0x70}: the request succeeded, with metadata. */
  record Success(Map<String, Object> metadata) implements Response {}

  /** Signature {@code 0x71}: one record of a result. */
  record RecordMessage(List<Object> values) implements Response {}

  /** Signature {@code 0x7E}: the request was ignored (the connection is FAILED or INTERRUPTED). */
  record Ignored() implements Response {}

  /**
   * Signature {@code 0x7F}: the request failed.
   *
   * @param code a Neo4j status code, e.g. {@code Neo.ClientError.Request.Invalid}
   * @param message what went wrong
   */
  record Failure(String code, String message) implements Response {}
}

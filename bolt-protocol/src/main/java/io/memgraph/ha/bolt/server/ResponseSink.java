package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.server.spi.RecordSink;
import java.util.List;
import java.util.Map;

/**
 * Where the state machine writes its responses. The connection encodes them into one outbound
 * batch and flushes once after the batch of requests it is working through.
 */
interface ResponseSink extends RecordSink {

  /** A SUCCESS. */
  void success(Map<String, Object> metadata);

  /** A RECORD. */
  @Override
  void accept(List<Object> values);

  /** A FAILURE. */
  void failure(String code, String message);

  /** An IGNORED. */
  void ignored();

  /** After everything written so far, close the connection. */
  void close();

  /**
   * Whether the client is not keeping up: the connection's outbound buffer is above its high
   * water mark, so a PULL in progress should pause until {@link BoltStateMachine#resume()}.
   */
  default boolean backedUp() {
    return false;
  }

  /** Bytes encoded so far on this connection (to size the slices of a PULL). */
  default long encodedBytes() {
    return 0;
  }
}

package io.memgraph.ha.bolt.server.spi;

import java.util.List;

/** Receives the records of a {@link ResultStream#pull}; the server encodes each one immediately. */
@FunctionalInterface
public interface RecordSink {

  /**
   * One record.
   *
   * @param values the values in field order, in the bolt value model (see {@code io.memgraph.ha.bolt.value})
   */
  void accept(List<Object> values);
}

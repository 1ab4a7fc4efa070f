package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.messaging.RequestCodecs;
import java.util.Map;

/**
 * Bolt 1: INIT (user agent and auth token), RUN (query and parameters), PULL_ALL, DISCARD_ALL,
 * ACK_FAILURE and RESET. Results report {@code result_available_after} and
 * {@code result_consumed_after}; HELLO SUCCESS carries only {@code server}.
 */
public class BoltV1 extends BoltProtocol {

  private static final BoltVersion VERSION = new BoltVersion(1, 0);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  protected void requests(Map<Byte, RequestCodec<?>> table) {
    put(table, RequestCodecs.INIT);
    put(table, RequestCodecs.RUN_V1);
    put(table, RequestCodecs.PULL_ALL);
    put(table, RequestCodecs.DISCARD_ALL);
    put(table, RequestCodecs.ACK_FAILURE);
    put(table, RequestCodecs.RESET);
  }

  /** Adds or replaces the form with the codec's signature. */
  protected static void put(Map<Byte, RequestCodec<?>> table, RequestCodec<?> codec) {
    table.put(codec.signature(), codec);
  }
}

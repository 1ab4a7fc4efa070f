package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.messaging.RequestCodecs;
import java.util.Map;

/**
 * Bolt 5.4 adds TELEMETRY (which driver API ran a query), legal only in READY; drivers send it only
 * when the HELLO SUCCESS hints carry {@code telemetry.enabled: true}.
 */
public class BoltV54 extends BoltV53 {

  private static final BoltVersion VERSION = new BoltVersion(5, 4);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  protected void requests(Map<Byte, RequestCodec<?>> table) {
    super.requests(table);
    put(table, RequestCodecs.TELEMETRY);
  }
}

package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.messaging.RequestCodecs;
import java.util.List;
import java.util.Map;

/**
 * Bolt 4.3 adds ROUTE (routing context, bookmarks and a bare database name) and the {@code hints}
 * map in the HELLO SUCCESS; handshake ranges also date from 4.3.
 */
public class BoltV43 extends BoltV42 {

  private static final BoltVersion VERSION = new BoltVersion(4, 3);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  protected void requests(Map<Byte, RequestCodec<?>> table) {
    super.requests(table);
    put(table, RequestCodecs.ROUTE_V43);
  }

  @Override
  public Map<String, Object> helloSuccess(
      String serverAgent, String connectionId, Map<String, Object> hints, List<String> patches) {
    Map<String, Object> m = super.helloSuccess(serverAgent, connectionId, hints, patches);
    m.put("hints", hints);
    return m;
  }
}

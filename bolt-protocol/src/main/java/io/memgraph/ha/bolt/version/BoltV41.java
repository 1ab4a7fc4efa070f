package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.Fields;
import java.util.Map;

/**
 * Bolt 4.1 adds the {@code routing} context to HELLO (present for {@code neo4j://} URIs, absent for
 * {@code bolt://}) and NOOP keep-alive chunks (handled by the chunk decoder for every version).
 */
public class BoltV41 extends BoltV40 {

  private static final BoltVersion VERSION = new BoltVersion(4, 1);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  public Map<String, Object> routingContext(Map<String, Object> helloExtra) {
    return Fields.optionalMap(helloExtra, "routing", "HELLO");
  }
}

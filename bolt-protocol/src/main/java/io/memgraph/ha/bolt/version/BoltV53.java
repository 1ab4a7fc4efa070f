package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.Fields;
import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import java.util.Map;

/** Bolt 5.3 adds the required {@code bolt_agent} map (with at least {@code product}) to HELLO. */
public class BoltV53 extends BoltV52 {

  private static final BoltVersion VERSION = new BoltVersion(5, 3);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  public void checkHello(Map<String, Object> extra) {
    super.checkHello(extra);
    Map<String, Object> agent = Fields.optionalMap(extra, "bolt_agent", "HELLO");
    if (agent == null) {
      throw new InvalidMessageException("HELLO is missing the required field 'bolt_agent' (Bolt 5.3+)");
    }
    if (!(agent.get("product") instanceof String)) {
      throw Fields.wrongType("HELLO", "bolt_agent.product", "a string", agent.get("product"));
    }
  }
}

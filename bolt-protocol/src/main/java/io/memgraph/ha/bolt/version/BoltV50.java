package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.packstream.StructShape;
import java.util.List;
import java.util.Map;

/**
 * Bolt 5.0 adds element ids to Node, Relationship and UnboundRelationship and makes the UTC-based
 * date-time structures the only ones (no patch needed or echoed).
 */
public class BoltV50 extends BoltV44 {

  private static final BoltVersion VERSION = new BoltVersion(5, 0);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  public List<String> acceptedPatches(Map<String, Object> helloExtra) {
    return List.of();
  }

  @Override
  public StructShape structShape(List<String> patches) {
    return StructShape.V5;
  }
}

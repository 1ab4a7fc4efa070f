package io.memgraph.ha.bolt.value;

import java.util.Map;
import java.util.Objects;

/**
 * A relationship with both end points known (PackStream structure tag {@code 0x52}).
 *
 * <p>The property map is not copied; callers must not mutate what they passed in.
 *
 * @param id                 the legacy numeric id
 * @param startNodeId        numeric id of the start node
 * @param endNodeId          numeric id of the end node
 * @param type               the relationship type
 * @param properties         the properties
 * @param elementId          element id (5.0+), {@code String.valueOf(id)} from a pre-5.0 shape
 * @param startNodeElementId element id of the start node (5.0+)
 * @param endNodeElementId   element id of the end node (5.0+)
 */
public record Relationship(long id, long startNodeId, long endNodeId, String type,
             Map<String, Object> properties, String elementId,
             String startNodeElementId, String endNodeElementId) {

  /** Validates that no component is null. */
  public Relationship {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(elementId, "elementId");
    Objects.requireNonNull(startNodeElementId, "startNodeElementId");
    Objects.requireNonNull(endNodeElementId, "endNodeElementId");
  }

  /** A relationship whose element ids are derived from the numeric ids, as pre-5.0 Bolt does. */
  public Relationship(long id, long startNodeId, long endNodeId, String type, Map<String, Object> properties) {
    this(id, startNodeId, endNodeId, type, properties, String.valueOf(id),
        String.valueOf(startNodeId), String.valueOf(endNodeId));
  }
}

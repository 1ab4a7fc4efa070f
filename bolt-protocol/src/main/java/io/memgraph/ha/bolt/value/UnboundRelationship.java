package io.memgraph.ha.bolt.value;

import java.util.Map;
import java.util.Objects;

/**
 * A relationship without end points, used only inside a {@link Path} (PackStream tag {@code 0x72}).
 *
 * @param id         the legacy numeric id
 * @param type       the relationship type
 * @param properties the properties (not copied)
 * @param elementId  element id (5.0+), {@code String.valueOf(id)} from a pre-5.0 shape
 */
public record UnboundRelationship(long id, String type, Map<String, Object> properties, String elementId) {

  /** Validates that no component is null. */
  public UnboundRelationship {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(elementId, "elementId");
  }

  /** An unbound relationship whose element id is derived from its numeric id. */
  public UnboundRelationship(long id, String type, Map<String, Object> properties) {
    this(id, type, properties, String.valueOf(id));
  }
}

package io.memgraph.ha.bolt.value;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A graph node as it travels over Bolt (PackStream structure tag {@code 0x4E}).
 *
 * <p>The collections are not copied (records are built on the decoding hot path); callers that
 * keep a node must not mutate what they passed in.
 *
 * @param id         the legacy numeric id
 * @param labels     the labels, in order
 * @param properties the properties, keys are property names
 * @param elementId  the element id (Bolt 5.0+); when decoded from a pre-5.0 shape it is
 *                   {@code String.valueOf(id)}
 */
public record Node(long id, List<String> labels, Map<String, Object> properties, String elementId) {

  /** Validates that no component is null. */
  public Node {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(elementId, "elementId");
  }

  /** A node whose element id is derived from its numeric id, as pre-5.0 Bolt does. */
  public Node(long id, List<String> labels, Map<String, Object> properties) {
    this(id, labels, properties, String.valueOf(id));
  }
}

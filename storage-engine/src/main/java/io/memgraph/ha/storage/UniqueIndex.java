package io.memgraph.ha.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The state of one unique constraint at the newest committed version: value tuple -> the vertex
 * that holds it. Used only by the apply thread, so a plain hash map suffices.
 */
final class UniqueIndex {
  final SchemaItem.UniqueConstraint constraint;
  final HashMap<List<Object>, Long> owners = new HashMap<>();

  UniqueIndex(SchemaItem.UniqueConstraint constraint) {
    this.constraint = constraint;
  }

  /** The hash key for a vertex with these labels and properties, or null when it is not constrained. */
  static List<Object> key(SchemaItem.UniqueConstraint c, java.util.Set<String> labels,
      java.util.Map<String, Object> props) {
    if (!labels.contains(c.label())) {
      return null;
    }
    List<Object> key = new ArrayList<>(c.properties().size());
    for (String p : c.properties()) {
      Object v = props.get(p);
      if (v == null) {
        return null;
      }
      key.add(Values.hashKey(v));
    }
    return key;
  }
}

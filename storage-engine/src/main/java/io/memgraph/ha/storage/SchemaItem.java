package io.memgraph.ha.storage;

import java.util.List;
import java.util.TreeSet;

/**
 * An index or constraint definition. Created and dropped through a transaction (so the change
 * travels in the write set and every node applies it at the same log index).
 */
public sealed interface SchemaItem {
  /** The label the item applies to. */
  String label();

  /** An index of all vertices with a label. */
  record LabelIndex(String label) implements SchemaItem {}

  /** An index of the vertices with a label by the value of one property. */
  record LabelPropertyIndex(String label, String property) implements SchemaItem {}

  /**
   * No two vertices with the label have equal values for all of the properties (vertices missing
   * any of them are not constrained). Properties are kept sorted and unique.
   */
  record UniqueConstraint(String label, List<String> properties) implements SchemaItem {
    /** Sorts and de-duplicates the property names. */
    public UniqueConstraint {
      if (properties.isEmpty()) {
        throw new IllegalArgumentException("a unique constraint needs at least one property");
      }
      properties = List.copyOf(new TreeSet<>(properties));
    }
  }

  /** Every vertex with the label has the property. */
  record ExistenceConstraint(String label, String property) implements SchemaItem {}
}

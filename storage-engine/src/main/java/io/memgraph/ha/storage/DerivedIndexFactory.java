package io.memgraph.ha.storage;

/** Makes the {@link DerivedIndex} of a schema item (see {@link Storage#deriveIndexes}). */
@FunctionalInterface
public interface DerivedIndexFactory {
  /** The structure for {@code item}, or null when the item needs none. Called on the apply thread. */
  DerivedIndex create(SchemaItem item);
}

package io.memgraph.ha.storage;

/**
 * An index or constraint in force: its id (assigned at apply, one above the highest id in force,
 * so every node assigns the same), its name (chosen by the leader and replicated) and the item.
 */
public record SchemaDefinition(long id, String name, SchemaItem item) {}

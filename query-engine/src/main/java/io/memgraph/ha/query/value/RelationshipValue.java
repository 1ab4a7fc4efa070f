package io.memgraph.ha.query.value;

/**
 * A relationship as a query value; same contract as {@link NodeValue}: identity is the id, the
 * type and properties come from the graph accessor.
 */
public interface RelationshipValue {
    /** The relationship's id, unique in the database. */
    long id();
}

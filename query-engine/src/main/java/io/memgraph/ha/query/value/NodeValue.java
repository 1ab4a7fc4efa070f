package io.memgraph.ha.query.value;

/**
 * A node as a query value. The planner implements it over the storage engine; labels and
 * properties are read through the evaluator's graph accessor because they depend on the
 * transaction. Two nodes are the same node when their ids are equal.
 */
public interface NodeValue {
    /** The node's id, unique in the database. */
    long id();
}

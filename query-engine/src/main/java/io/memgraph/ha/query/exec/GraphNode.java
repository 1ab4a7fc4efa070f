package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.value.NodeValue;

/** A node in a result row: just its id; labels and properties are read through the transaction. */
public record GraphNode(long id) implements NodeValue {
    @Override
    public String toString() {
        return "Node[" + id + "]";
    }
}

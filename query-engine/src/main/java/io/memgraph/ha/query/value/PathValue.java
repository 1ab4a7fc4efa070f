package io.memgraph.ha.query.value;

import java.util.List;

/**
 * A path: n+1 nodes and the n relationships between them, in walking order.
 */
public record PathValue(List<NodeValue> nodes, List<RelationshipValue> relationships) {
    public PathValue {
        nodes = List.copyOf(nodes);
        relationships = List.copyOf(relationships);
        if (nodes.size() != relationships.size() + 1) {
            throw new IllegalArgumentException("a path needs one node more than relationships, got "
                    + nodes.size() + " nodes and " + relationships.size() + " relationships");
        }
    }

    /** The number of relationships. */
    public int length() {
        return relationships.size();
    }
}

package io.memgraph.ha.tck;

import java.util.List;
import java.util.Map;

/**
 * Graph values as the TCK compares them: a node is its labels and properties, a relationship its
 * type and properties, a path the sequence of both with directions. Identity plays no part, because
 * expected results are written as literals such as {@code (:A {name: 'a'})}.
 */
sealed interface TckGraphValue {

    /** A node: labels (order is irrelevant) and properties. */
    record Node(List<String> labels, Map<String, Object> properties) implements TckGraphValue {
    }

    /** A relationship: type and properties. */
    record Relationship(String type, Map<String, Object> properties) implements TckGraphValue {
    }

    /**
     * A path of n + 1 nodes and n relationships; {@code forward.get(i)} says whether relationship i
     * points from node i to node i + 1.
     */
    record Path(List<Node> nodes, List<Relationship> relationships, List<Boolean> forward) implements TckGraphValue {
    }
}

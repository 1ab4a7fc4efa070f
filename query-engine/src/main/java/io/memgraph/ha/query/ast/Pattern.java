package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * A comma-separated list of pattern parts as in MATCH or CREATE.
 */
public record Pattern(List<Part> parts) {
    public Pattern {
        parts = List.copyOf(parts);
    }

    /** How a part is wrapped in a path function. */
    public enum PathKind { PLAIN, SHORTEST, ALL_SHORTEST }

    /**
     * One part: {@code [p =] element}, optionally inside {@code shortestPath(...)}.
     *
     * @param pathVariable the path variable or null
     */
    public record Part(String pathVariable, PathKind kind, Element element, Position position) {}

    /** A node followed by zero or more (relationship, node) steps. */
    public record Element(NodePattern start, List<Step> steps) {
        public Element {
            steps = List.copyOf(steps);
        }
    }

    /** One hop of an element: the relationship and the node it leads to. */
    public record Step(RelationshipPattern relationship, NodePattern node) {}

    /**
     * {@code (variable:L1:L2 {props})}; variable and properties may be null. Properties is a
     * {@link Expression.MapLiteral} or a {@link Expression.Parameter}.
     */
    public record NodePattern(String variable, List<String> labels, Expression properties, Position position) {
        public NodePattern {
            labels = List.copyOf(labels);
        }
    }

    /** Which way a relationship pattern points. */
    public enum Direction {
        /** {@code -->}. */ OUTGOING,
        /** {@code <--}. */ INCOMING,
        /** {@code --} (or {@code <-->}). */ BOTH
    }

    /**
     * {@code -[variable:T1|T2 *min..max {props}]->}. {@code length} is null for a single hop.
     */
    public record RelationshipPattern(String variable, Direction direction, List<String> types, Range length,
                                      Expression properties, Position position) {
        public RelationshipPattern {
            types = List.copyOf(types);
        }
    }

    /**
     * The bounds of a variable-length relationship; null for an open bound ({@code *} has both
     * null, {@code *2} has min = max = 2).
     */
    public record Range(Long min, Long max) {}
}

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
     * {@link Expression.MapLiteral} or a {@link Expression.Parameter}. {@code labelExpression} is
     * null unless the labels are written as a label expression other than a conjunction of names
     * ({@code (n:A|B)}, {@code (n:!A)}, {@code (n:%)}); {@code labels} is then empty.
     */
    public record NodePattern(String variable, List<String> labels, LabelExpression labelExpression,
                              Expression properties, Position position) {
        public NodePattern {
            labels = List.copyOf(labels);
        }

        /** A node pattern with a plain conjunction of labels. */
        public NodePattern(String variable, List<String> labels, Expression properties, Position position) {
            this(variable, labels, null, properties, position);
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
     * {@code typeExpression} is null unless the types are written as a label expression other than
     * a disjunction of names ({@code [:!T]}, {@code [:%]}, {@code [:T&U]}); {@code types} is then
     * empty.
     */
    public record RelationshipPattern(String variable, Direction direction, List<String> types,
                                      LabelExpression typeExpression, Range length, Expression properties,
                                      Position position) {
        public RelationshipPattern {
            types = List.copyOf(types);
        }

        /** A relationship pattern with a plain disjunction of types. */
        public RelationshipPattern(String variable, Direction direction, List<String> types, Range length,
                                   Expression properties, Position position) {
            this(variable, direction, types, null, length, properties, position);
        }
    }

    /**
     * The bounds of a variable-length relationship; null for an open bound ({@code *} has both
     * null, {@code *2} has min = max = 2).
     */
    public record Range(Long min, Long max) {}
}

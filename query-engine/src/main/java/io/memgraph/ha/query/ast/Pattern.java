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
     * One part: {@code [p =] [selector] element}, optionally inside {@code shortestPath(...)}, or
     * {@code selector (p = element WHERE where)}.
     *
     * @param pathVariable the path variable or null
     * @param selector     {@code SHORTEST k}, {@code ANY k}... or null (also for the non-selective {@code ALL})
     * @param where        the predicate of a parenthesised path pattern (a pre-filter of the selector), or null
     */
    public record Part(String pathVariable, PathKind kind, Element element, Position position, Selector selector,
                       Expression where) {
        /** A part without a selector. */
        public Part(String pathVariable, PathKind kind, Element element, Position position) {
            this(pathVariable, kind, element, position, null, null);
        }

        /**
         * Whether matching the part needs more than expansions and filters: a quantified path
         * pattern, a selector, a path predicate, an inline {@code WHERE} in a node or relationship, or
         * one of Memgraph's traversals.
         */
        public boolean graphPatternMatching() {
            return selector != null || where != null || element.graphPatternMatching();
        }
    }

    /**
     * A selective path selector: {@code SHORTEST k} and {@code ANY k} ({@code groups} false) keep the
     * first {@code count} paths of each pair of end nodes, shortest first; {@code SHORTEST k GROUPS}
     * and {@code ALL SHORTEST} ({@code count} 1) keep the paths of the {@code count} shortest lengths.
     */
    public record Selector(long count, boolean groups, String text, Position position) {}

    /**
     * A node followed by zero or more steps. A step is a relationship and the node it leads to, or a
     * quantified path pattern and the node after it (the nodes a quantified path pattern starts and
     * ends on are anonymous when nothing is written there, as in {@code ((a)-->(b))+}).
     */
    public record Element(NodePattern start, List<Step> steps) {
        public Element {
            steps = List.copyOf(steps);
        }

        /**
         * Whether a step is quantified, a node or relationship has an inline WHERE, or a relationship
         * is one of Memgraph's traversals.
         */
        public boolean graphPatternMatching() {
            if (start.where() != null) {
                return true;
            }
            for (Step s : steps) {
                if (s.quantified() != null || s.node().where() != null || s.relationship().where() != null
                        || s.relationship().traversal() != null) {
                    return true;
                }
            }
            return false;
        }

        /** The first plain variable-length relationship with a filter lambda, or null. */
        public RelationshipPattern filtered() {
            for (Step s : steps) {
                if (s.relationship() != null && s.relationship().filter() != null) {
                    return s.relationship();
                }
            }
            return null;
        }

        /** The first relationship that is one of Memgraph's traversals ({@code *BFS}...), or null. */
        public RelationshipPattern traversal() {
            for (Step s : steps) {
                if (s.relationship() != null && s.relationship().traversal() != null) {
                    return s.relationship();
                }
            }
            return null;
        }
    }

    /**
     * One hop of an element: the relationship and the node it leads to; or, with {@code quantified}
     * set and {@code relationship} null, a quantified path pattern and the node after it.
     */
    public record Step(RelationshipPattern relationship, NodePattern node, Quantified quantified) {
        /** A relationship step. */
        public Step(RelationshipPattern relationship, NodePattern node) {
            this(relationship, node, null);
        }
    }

    /**
     * {@code (element [WHERE where]){min,max}} (also {@code +}, {@code *}, {@code {n}}), or a quantified
     * relationship {@code -[r]->{min,max}}, read as {@code (()-[r]->()){min,max}}. {@code max} is null
     * when unbounded. {@code body} and {@code quantifier} are the source text, for messages.
     */
    public record Quantified(Element element, Expression where, long min, Long max, String body, String quantifier,
                             Position position) {
        /** The source text, e.g. {@code ((a)-->(b)){1,3}}. */
        public String text() {
            return body + quantifier;
        }
    }

    /**
     * {@code (variable:L1:L2 {props} [WHERE where])}; variable, properties and where may be null. Properties is a
     * {@link Expression.MapLiteral} or a {@link Expression.Parameter}. {@code labelExpression} is
     * null unless the labels are written as a label expression other than a conjunction of names
     * ({@code (n:A|B)}, {@code (n:!A)}, {@code (n:%)}); {@code labels} is then empty. With dynamic
     * labels ({@code (n:Person&$($extra))}) the names of a top-level conjunction stay in
     * {@code labels} and {@code labelExpression} holds the rest.
     */
    public record NodePattern(String variable, List<String> labels, LabelExpression labelExpression,
                              Expression properties, Expression where, Position position) {
        public NodePattern {
            labels = List.copyOf(labels);
        }

        /** A node pattern without an inline WHERE. */
        public NodePattern(String variable, List<String> labels, LabelExpression labelExpression,
                           Expression properties, Position position) {
            this(variable, labels, labelExpression, properties, null, position);
        }

        /** A node pattern with a plain conjunction of labels. */
        public NodePattern(String variable, List<String> labels, Expression properties, Position position) {
            this(variable, labels, null, properties, null, position);
        }
    }

    /** Which way a relationship pattern points. */
    public enum Direction {
        /** {@code -->}. */ OUTGOING,
        /** {@code <--}. */ INCOMING,
        /** {@code --} (or {@code <-->}). */ BOTH
    }

    /**
     * {@code -[variable:T1|T2 *min..max {props} [WHERE where]]->}. {@code length} is null for a single hop.
     * {@code typeExpression} is null unless the types are written as a label expression other than
     * a disjunction of names ({@code [:!T]}, {@code [:%]}, {@code [:T&U]}); {@code types} is then
     * empty. {@code traversal} is null unless the relationship is one of Memgraph's traversals
     * ({@code *BFS}, ...); {@code length} is then {@code Range(null, null)}, the traversal holding the bounds.
     * {@code filter} is Memgraph's filter lambda on a plain variable-length relationship
     * ({@code [*1..3 (e, n | e.w > 2)]}), else null.
     */
    public record RelationshipPattern(String variable, Direction direction, List<String> types,
                                      LabelExpression typeExpression, Range length, Expression properties,
                                      Expression where, Position position, Traversal traversal, Lambda filter) {
        public RelationshipPattern {
            types = List.copyOf(types);
        }

        /** A relationship pattern without a filter lambda on a plain {@code *}. */
        public RelationshipPattern(String variable, Direction direction, List<String> types,
                                   LabelExpression typeExpression, Range length, Expression properties,
                                   Expression where, Position position, Traversal traversal) {
            this(variable, direction, types, typeExpression, length, properties, where, position, traversal, null);
        }

        /** A relationship pattern that is not one of Memgraph's traversals. */
        public RelationshipPattern(String variable, Direction direction, List<String> types,
                                   LabelExpression typeExpression, Range length, Expression properties,
                                   Expression where, Position position) {
            this(variable, direction, types, typeExpression, length, properties, where, position, null);
        }

        /** A relationship pattern without an inline WHERE. */
        public RelationshipPattern(String variable, Direction direction, List<String> types,
                                   LabelExpression typeExpression, Range length, Expression properties,
                                   Position position) {
            this(variable, direction, types, typeExpression, length, properties, null, position);
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

    /** Memgraph's traversals, written after the {@code *} of a relationship pattern. */
    public enum TraversalKind {
        /** Breadth-first: one shortest path per node reached. */ BFS,
        /** Dijkstra: one lightest path per node reached. */ WSHORTEST,
        /** Every lightest path per node reached. */ ALLSHORTEST,
        /** Yen: the k shortest simple paths between two bound nodes. */ KSHORTEST
    }

    /**
     * {@code *KIND [min][..[max]] [| limit] [(e, n | weight) [totalWeight]] [(e, n[, p[, w]] | filter)]}. A bound
     * or the limit is null when not written; each is an integer literal, a parameter or a variable (a
     * property of one). For WSHORTEST and ALLSHORTEST a bound without {@code ..} is the maximum.
     *
     * @param weight      the weight lambda (WSHORTEST, ALLSHORTEST) or null
     * @param totalWeight the variable bound to a path's weight, or null
     * @param filter      the filter lambda or null
     * @param text        the source text from {@code *}, for messages and EXPLAIN
     */
    public record Traversal(TraversalKind kind, Expression min, Expression max, Expression limit, Lambda weight,
                            String totalWeight, Lambda filter, String text, Position position) {}

    /**
     * {@code (edge, node[, path[, weight]] | body)}: evaluated for each relationship a traversal
     * walks, with {@code edge} bound to it, {@code node} to the node it leads to, {@code path} to the
     * path so far including both, {@code weight} to that path's weight; null when not written.
     */
    public record Lambda(String edge, String node, String path, String weight, Expression body, Position position) {
        /** The variables it declares, in order. */
        public List<String> variables() {
            List<String> out = new java.util.ArrayList<>(4);
            out.add(edge);
            out.add(node);
            if (path != null) {
                out.add(path);
            }
            if (weight != null) {
                out.add(weight);
            }
            return out;
        }
    }
}

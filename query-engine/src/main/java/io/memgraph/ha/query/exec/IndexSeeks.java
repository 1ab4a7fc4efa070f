package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;

/**
 * Seeks through the indexes on several properties and on relationship properties: a composite
 * index equality ({@code n.a = x AND n.b = y}) and a relationship property equality
 * ({@code ()-[r:T {p: x}]->()}). As with the other index scans, the predicates stay as filters
 * above, so an index only narrows.
 */
public final class IndexSeeks {
    private IndexSeeks() {
    }

    /** The values for this row, or null when one is null (nothing equals null). */
    private static List<Object> evaluate(ExecContext ctx, Frame f, List<Expression> values) {
        List<Object> vs = new ArrayList<>(values.size());
        for (Expression e : values) {
            Object v = ctx.eval().evaluate(e, f);
            if (v == null) {
                return null;
            }
            vs.add(v);
        }
        return vs;
    }

    /** Nodes with a label whose properties equal values, through the composite index on them. */
    public static final class ScanByLabelProperties extends Scans.NodeScan {
        final String label;
        final List<String> keys;
        final List<Expression> values;

        /** Looks up {@code label} nodes with {@code keys[i] = values[i]} for every i. */
        public ScanByLabelProperties(Operator input, int slot, String variable, String label, List<String> keys,
                                     List<Expression> values) {
            super(input, slot, variable);
            this.label = label;
            this.keys = List.copyOf(keys);
            this.values = List.copyOf(values);
        }

        @Override
        PrimitiveIterator.OfLong ids(ExecContext ctx, Frame f) {
            List<Object> vs = evaluate(ctx, f, values);
            if (vs == null) {
                return java.util.stream.LongStream.empty().iterator();
            }
            if (!vs.stream().allMatch(Scans::indexable)) {
                return ctx.tx().verticesWithLabel(label); // the filter above decides
            }
            return ctx.tx().verticesWithProperties(label, keys, vs);
        }

        @Override
        public String describe() {
            return "ScanByLabelProperties (" + variable + " :" + label + " {" + String.join(", ", keys) + "})";
        }
    }

    /**
     * {@code (left)-[rel:T]-(right)} from the relationships of type T whose properties equal values,
     * through the relationship index on them: binds the relationship and both ends, once per
     * matching relationship and direction the pattern allows (an undirected pattern matches a
     * relationship both ways, a self-loop once).
     */
    public static final class ScanRelationshipsByProperties implements Operator {
        final Operator input;
        final int leftSlot;
        final int relSlot;
        final int rightSlot;
        final Pattern.Direction direction;
        final String type;
        final List<String> keys;
        final List<Expression> values;
        /** The step as an expansion would see it, for relationship uniqueness within the MATCH. */
        final Expands.Hop hop;
        final String text;

        /**
         * A seek for the step {@code (left)-[rel:type]-(right)} in {@code direction}; a relationship
         * already bound in {@code otherRelSlots} or listed in {@code otherRelListSlots} (the MATCH's
         * other relationships) is skipped.
         */
        public ScanRelationshipsByProperties(Operator input, int leftSlot, int relSlot, int rightSlot,
                                             Pattern.Direction direction, String type, List<String> keys,
                                             List<Expression> values, int[] otherRelSlots,
                                             int[] otherRelListSlots, String text) {
            this.input = input;
            this.leftSlot = leftSlot;
            this.relSlot = relSlot;
            this.rightSlot = rightSlot;
            this.direction = direction;
            this.type = type;
            this.keys = List.copyOf(keys);
            this.values = List.copyOf(values);
            this.hop = new Expands.Hop(leftSlot, relSlot, rightSlot, false, direction, List.of(type), otherRelSlots,
                    otherRelListSlots, text);
            this.text = text;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return new Cursor() {
                PrimitiveIterator.OfLong it;
                EdgeRef pending; // an undirected match's second orientation

                @Override
                public boolean next(Frame f) {
                    while (true) {
                        if (pending != null) {
                            EdgeRef e = pending;
                            pending = null;
                            if (bind(f, e, e.to(), e.from())) {
                                return true;
                            }
                        }
                        if (it != null && it.hasNext()) {
                            ctx.tick();
                            EdgeRef e = ctx.tx().edge(it.nextLong());
                            if (e == null || !e.type().equals(type) || hop.usedElsewhere(f, e.id())) {
                                continue;
                            }
                            if (direction == Pattern.Direction.BOTH && e.from() != e.to()) {
                                pending = e;
                            }
                            boolean forward = direction != Pattern.Direction.INCOMING;
                            if (bind(f, e, forward ? e.from() : e.to(), forward ? e.to() : e.from())) {
                                return true;
                            }
                            continue;
                        }
                        if (!in.next(f)) {
                            return false;
                        }
                        ctx.check();
                        it = seek(ctx, f);
                    }
                }
            };
        }

        /** Binds the row; false when the pattern names one node at both ends and the ends differ. */
        private boolean bind(Frame f, EdgeRef e, long left, long right) {
            if (leftSlot == rightSlot && left != right) {
                return false;
            }
            f.set(relSlot, TransactionGraph.rel(e));
            f.set(leftSlot, new GraphNode(left));
            f.set(rightSlot, new GraphNode(right));
            return true;
        }

        private PrimitiveIterator.OfLong seek(ExecContext ctx, Frame f) {
            List<Object> vs = evaluate(ctx, f, values);
            if (vs == null) {
                return java.util.stream.LongStream.empty().iterator();
            }
            if (!vs.stream().allMatch(Scans::indexable)) {
                return ctx.tx().edgeIds(); // the filter above decides; next() keeps the type
            }
            return ctx.tx().edgesWithProperties(type, keys, vs);
        }

        @Override
        public String describe() {
            return "ScanRelationshipsByProperties " + text;
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }

}

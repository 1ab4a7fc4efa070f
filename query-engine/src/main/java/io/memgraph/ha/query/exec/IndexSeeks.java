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
     * {@code (left)-[rel]-(right)} from relationships a seek finds: binds the relationship and both
     * ends, once per found relationship of an allowed type and direction the pattern allows (an
     * undirected pattern matches a relationship both ways, a self-loop once).
     */
    abstract static class RelationshipSeek implements Operator {
        final Operator input;
        final int leftSlot;
        final int relSlot;
        final int rightSlot;
        final Pattern.Direction direction;
        /** The types the pattern allows; empty for any. */
        final List<String> types;
        /** The step as an expansion would see it, for relationship uniqueness within the MATCH. */
        final Expands.Hop hop;
        final String text;

        RelationshipSeek(Operator input, int leftSlot, int relSlot, int rightSlot, Pattern.Direction direction,
                         List<String> types, int[] otherRelSlots, int[] otherRelListSlots, String text) {
            this.input = input;
            this.leftSlot = leftSlot;
            this.relSlot = relSlot;
            this.rightSlot = rightSlot;
            this.direction = direction;
            this.types = List.copyOf(types);
            this.hop = new Expands.Hop(leftSlot, relSlot, rightSlot, false, direction, this.types, otherRelSlots,
                    otherRelListSlots, text);
            this.text = text;
        }

        /** The ids of the relationships that may match the input row {@code f}; others are filtered out above. */
        abstract PrimitiveIterator.OfLong seek(ExecContext ctx, Frame f);

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
                            if (e == null || !types.isEmpty() && !types.contains(e.type())
                                    || hop.usedElsewhere(f, e.id())) {
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

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }

    /**
     * {@code (left)-[rel:T]-(right)} from the relationships of type T whose properties equal values,
     * through the relationship index on them.
     */
    public static final class ScanRelationshipsByProperties extends RelationshipSeek {
        final String type;
        final List<String> keys;
        final List<Expression> values;

        /**
         * A seek for the step {@code (left)-[rel:type]-(right)} in {@code direction}; a relationship
         * already bound in {@code otherRelSlots} or listed in {@code otherRelListSlots} (the MATCH's
         * other relationships) is skipped.
         */
        public ScanRelationshipsByProperties(Operator input, int leftSlot, int relSlot, int rightSlot,
                                             Pattern.Direction direction, String type, List<String> keys,
                                             List<Expression> values, int[] otherRelSlots,
                                             int[] otherRelListSlots, String text) {
            super(input, leftSlot, relSlot, rightSlot, direction, List.of(type), otherRelSlots, otherRelListSlots,
                    text);
            this.type = type;
            this.keys = List.copyOf(keys);
            this.values = List.copyOf(values);
        }

        @Override
        PrimitiveIterator.OfLong seek(ExecContext ctx, Frame f) {
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
    }

    /**
     * {@code (left)-[rel]-(right)} from the relationship whose id or element id is a value
     * ({@code id(r) = $id}, {@code elementId(r) = $e}), or from those of a list ({@code elementId(r)
     * IN $ids}, as Spring Data Neo4j loads relationships). The comparison stays as a filter above,
     * which reports a value of the wrong type.
     */
    public static final class ScanRelationshipsById extends RelationshipSeek {
        final Expression id;
        final boolean list;

        /** As {@link ScanRelationshipsByProperties}, for the types {@code types} (empty for any). */
        public ScanRelationshipsById(Operator input, int leftSlot, int relSlot, int rightSlot,
                                     Pattern.Direction direction, List<String> types, Expression id, boolean list,
                                     int[] otherRelSlots, int[] otherRelListSlots, String text) {
            super(input, leftSlot, relSlot, rightSlot, direction, types, otherRelSlots, otherRelListSlots, text);
            this.id = id;
            this.list = list;
        }

        @Override
        PrimitiveIterator.OfLong seek(ExecContext ctx, Frame f) {
            Object v = ctx.eval().evaluate(id, f);
            if (!list) {
                Long l = Scans.idValue(v);
                return l == null ? java.util.stream.LongStream.empty().iterator()
                        : java.util.stream.LongStream.of(l).iterator();
            }
            if (v == null) {
                return java.util.stream.LongStream.empty().iterator(); // IN null is null: no row
            }
            if (!(v instanceof List<?> values)) {
                return ctx.tx().edgeIds(); // the filter above reports what is wrong with it
            }
            java.util.Set<Long> found = new java.util.LinkedHashSet<>(); // each once, however often listed
            for (Object x : values) {
                Long l = Scans.idValue(x);
                if (l != null) {
                    found.add(l);
                }
            }
            return found.stream().mapToLong(Long::longValue).iterator();
        }

        @Override
        public String describe() {
            return "ScanRelationshipsById " + text;
        }
    }

}

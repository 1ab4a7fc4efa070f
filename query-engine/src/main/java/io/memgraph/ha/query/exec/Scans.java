package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.storage.Bound;

import java.util.List;
import java.util.PrimitiveIterator;

/**
 * The operators that start rows: {@link Once}, {@link Rows} and the node scans. A scan runs once
 * per input row and binds one node variable, streaming ids from the storage cursor (never
 * materialised).
 */
public final class Scans {
    private Scans() {
    }

    private static final PrimitiveIterator.OfLong EMPTY = new PrimitiveIterator.OfLong() {
        @Override
        public long nextLong() {
            throw new java.util.NoSuchElementException();
        }

        @Override
        public boolean hasNext() {
            return false;
        }
    };

    /**
     * One row: the start of a query ({@code Once}), or the current outer row inside a branch
     * ({@code Argument}: OPTIONAL MATCH, FOREACH, MERGE, subqueries).
     */
    public record Once(boolean argument) implements Operator {
        @Override
        public Cursor start(ExecContext ctx) {
            boolean[] done = {false};
            return f -> {
                if (done[0]) {
                    return false;
                }
                done[0] = true;
                return true;
            };
        }

        @Override
        public String describe() {
            return argument ? "Argument" : "Once";
        }

        @Override
        public List<Operator> children() {
            return List.of();
        }
    }

    /**
     * The rows of a table computed before the query (a SHOW command's): one row per element of
     * {@code rows}, binding {@code slots[i]} to its value at {@code fields[i]}. It holds its rows, so
     * a plan with it is built for one execution and never cached.
     */
    public record Rows(String describe, List<Object[]> rows, int[] fields, int[] slots) implements Operator {
        @Override
        public Cursor start(ExecContext ctx) {
            int[] next = {0};
            return f -> {
                if (next[0] >= rows.size()) {
                    return false;
                }
                ctx.tick();
                Object[] row = rows.get(next[0]++);
                for (int i = 0; i < fields.length; i++) {
                    f.set(slots[i], row[fields[i]]);
                }
                return true;
            };
        }

        @Override
        public List<Operator> children() {
            return List.of();
        }
    }

    /** A scan that binds {@code slot} to each node of an id cursor, once per input row. */
    abstract static class NodeScan implements Operator {
        final Operator input;
        final int slot;
        final String variable;

        NodeScan(Operator input, int slot, String variable) {
            this.input = input;
            this.slot = slot;
            this.variable = variable;
        }

        /** The ids for the current input row. */
        abstract PrimitiveIterator.OfLong ids(ExecContext ctx, Frame f);

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return new Cursor() {
                PrimitiveIterator.OfLong it;

                @Override
                public boolean next(Frame f) {
                    while (true) {
                        if (it != null && it.hasNext()) {
                            ctx.tick();
                            f.set(slot, new GraphNode(it.nextLong()));
                            return true;
                        }
                        if (!in.next(f)) {
                            return false;
                        }
                        ctx.check();
                        it = ids(ctx, f);
                    }
                }
            };
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }

    /** Every node. */
    public static final class ScanAll extends NodeScan {
        /** Scans all nodes into {@code slot}. */
        public ScanAll(Operator input, int slot, String variable) {
            super(input, slot, variable);
        }

        @Override
        PrimitiveIterator.OfLong ids(ExecContext ctx, Frame f) {
            return ctx.tx().vertices();
        }

        @Override
        public String describe() {
            return "ScanAll (" + variable + ")";
        }
    }

    /** Nodes with a label (label index when there is one). */
    public static final class ScanByLabel extends NodeScan {
        final String label;

        /** Scans the nodes with {@code label}. */
        public ScanByLabel(Operator input, int slot, String variable, String label) {
            super(input, slot, variable);
            this.label = label;
        }

        @Override
        PrimitiveIterator.OfLong ids(ExecContext ctx, Frame f) {
            return ctx.tx().verticesWithLabel(label);
        }

        @Override
        public String describe() {
            return "ScanByLabel (" + variable + " :" + label + ")";
        }
    }

    /** Whether the label+property index can look up this value (others fall back to the label). */
    static boolean indexable(Object v) {
        return v instanceof Long || v instanceof String || v instanceof Boolean
                || (v instanceof Double d && !d.isNaN());
    }

    /**
     * The node with an id ({@code WHERE id(n) = expr}, {@code WHERE elementId(n) = expr}) or the
     * nodes with the ids of a list ({@code WHERE id(n) IN list}, {@code elementId(n) IN list}).
     * It only narrows: the filter above still decides, so a value that names no node (a float, an
     * element id of another shape) may be looked up or skipped alike.
     */
    private static final String MAX_ID_TEXT = Long.toString(Long.MAX_VALUE);

    /**
     * The id an id or element id value names: an integer, a whole float, or the decimal text of one
     * (our element ids); null for anything else.
     */
    static Long idValue(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return d.longValue();
        }
        if (v instanceof String s && !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')
                && (s.length() < MAX_ID_TEXT.length()
                    || s.length() == MAX_ID_TEXT.length() && s.compareTo(MAX_ID_TEXT) <= 0)) {
            return Long.parseLong(s);
        }
        return null;
    }

    public static final class ScanById extends NodeScan {
        final Expression id;
        final boolean list;

        /** Looks up the node whose id is the value of {@code id}. */
        public ScanById(Operator input, int slot, String variable, Expression id) {
            this(input, slot, variable, id, false);
        }

        /** Looks up the node whose id is the value of {@code id}, or when {@code list} the nodes of the ids it lists. */
        public ScanById(Operator input, int slot, String variable, Expression id, boolean list) {
            super(input, slot, variable);
            this.id = id;
            this.list = list;
        }

        @Override
        PrimitiveIterator.OfLong ids(ExecContext ctx, Frame f) {
            Object v = ctx.eval().evaluate(id, f);
            if (!list) {
                Long l = idValue(v);
                return l != null && ctx.tx().vertexExists(l) ? java.util.stream.LongStream.of(l).iterator() : EMPTY;
            }
            if (v == null) {
                return EMPTY; // IN null is null: no row
            }
            if (!(v instanceof List<?> values)) {
                return ctx.tx().vertices(); // the filter above reports what is wrong with it
            }
            java.util.Set<Long> found = new java.util.LinkedHashSet<>(); // each node once, however often listed
            for (Object x : values) {
                Long l = idValue(x);
                if (l != null && ctx.tx().vertexExists(l)) {
                    found.add(l);
                }
            }
            return found.stream().mapToLong(Long::longValue).iterator();
        }

        @Override
        public String describe() {
            return "ScanById (" + variable + ")";
        }
    }

    /** Nodes with a label whose property equals a value, through the label+property index. */
    public static final class ScanByLabelPropertyEquality extends NodeScan {
        final String label;
        final String key;
        final Expression value;

        /** Looks up {@code label.key = value}. */
        public ScanByLabelPropertyEquality(Operator input, int slot, String variable, String label, String key,
                                           Expression value) {
            super(input, slot, variable);
            this.label = label;
            this.key = key;
            this.value = value;
        }

        @Override
        PrimitiveIterator.OfLong ids(ExecContext ctx, Frame f) {
            Object v = ctx.eval().evaluate(value, f);
            if (v == null) {
                return EMPTY;
            }
            if (!indexable(v)) {
                return ctx.tx().verticesWithLabel(label); // the filter above decides
            }
            return ctx.tx().verticesWithProperty(label, key, v);
        }

        @Override
        public String describe() {
            return "ScanByLabelPropertyEquality (" + variable + " :" + label + " {" + key + "})";
        }
    }

    /** Nodes with a label whose property lies in a range. */
    public static final class ScanByLabelPropertyRange extends NodeScan {
        final String label;
        final String key;
        final Expression lower;
        final boolean lowerInclusive;
        final Expression upper;
        final boolean upperInclusive;

        /** Looks up {@code lower <(=) label.key <(=) upper}; either bound may be null. */
        public ScanByLabelPropertyRange(Operator input, int slot, String variable, String label, String key,
                                        Expression lower, boolean lowerInclusive, Expression upper,
                                        boolean upperInclusive) {
            super(input, slot, variable);
            this.label = label;
            this.key = key;
            this.lower = lower;
            this.lowerInclusive = lowerInclusive;
            this.upper = upper;
            this.upperInclusive = upperInclusive;
        }

        @Override
        PrimitiveIterator.OfLong ids(ExecContext ctx, Frame f) {
            Object lo = lower == null ? null : ctx.eval().evaluate(lower, f);
            Object hi = upper == null ? null : ctx.eval().evaluate(upper, f);
            if ((lower != null && lo == null) || (upper != null && hi == null)) {
                return EMPTY; // a comparison with null is never true
            }
            boolean ok = (lo == null || rangeable(lo)) && (hi == null || rangeable(hi));
            if (!ok) {
                return ctx.tx().verticesWithLabel(label);
            }
            return ctx.tx().verticesInRange(label, key, lo == null ? null : new Bound(lo, lowerInclusive),
                    hi == null ? null : new Bound(hi, upperInclusive));
        }

        private static boolean rangeable(Object v) {
            return v instanceof Long || v instanceof String || (v instanceof Double d && !d.isNaN());
        }

        @Override
        public String describe() {
            return "ScanByLabelPropertyRange (" + variable + " :" + label + " {" + key + "})";
        }
    }

    /** Nodes with a label whose string property starts with a prefix. */
    public static final class ScanByLabelPropertyPrefix extends NodeScan {
        final String label;
        final String key;
        final Expression prefix;

        /** Looks up {@code label.key STARTS WITH prefix}. */
        public ScanByLabelPropertyPrefix(Operator input, int slot, String variable, String label, String key,
                                         Expression prefix) {
            super(input, slot, variable);
            this.label = label;
            this.key = key;
            this.prefix = prefix;
        }

        @Override
        PrimitiveIterator.OfLong ids(ExecContext ctx, Frame f) {
            Object v = ctx.eval().evaluate(prefix, f);
            if (!(v instanceof String s)) {
                return EMPTY;
            }
            return ctx.tx().verticesWithPrefix(label, key, s);
        }

        @Override
        public String describe() {
            return "ScanByLabelPropertyPrefix (" + variable + " :" + label + " {" + key + "})";
        }
    }

    /** The node bound in a slot, or null when unbound/null (OPTIONAL MATCH). */
    static NodeValue node(Frame f, int slot) {
        return f.get(slot) instanceof NodeValue n ? n : null;
    }
}

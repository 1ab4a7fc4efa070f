package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.eval.Aggregations;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.ValueSizes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Row-shaping operators: filters, projections, aggregation, ordering, paging, UNWIND, and the
 * operators that run a branch per input row (OPTIONAL MATCH, CALL subqueries, FOREACH).
 * Only {@link Eager}, {@link OrderBy} and {@link Aggregate} hold rows; the rest stream.
 */
public final class Flow {
    private Flow() {
    }

    private abstract static class Unary implements Operator {
        final Operator input;

        Unary(Operator input) {
            this.input = input;
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }

    /** Keeps rows where the predicate is TRUE. */
    public static final class Filter extends Unary {
        final Expression[] predicates;
        final String text;

        /** A filter; {@code text} is shown by EXPLAIN. */
        public Filter(Operator input, Expression predicate, String text) {
            this(input, List.of(predicate), text);
        }

        /**
         * A row passes when every predicate is true, tried in order: the same as one filter per
         * predicate stacked in that order, as one operator however many there are.
         */
        public Filter(Operator input, List<Expression> predicates, String text) {
            super(input);
            if (predicates.isEmpty()) {
                throw new IllegalArgumentException("a filter needs a predicate");
            }
            this.predicates = predicates.toArray(new Expression[0]);
            this.text = text;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return f -> {
                rows:
                while (in.next(f)) {
                    ctx.tick();
                    for (Expression predicate : predicates) {
                        if (!ctx.eval().isTrue(predicate, f)) {
                            continue rows;
                        }
                    }
                    return true;
                }
                return false;
            };
        }

        @Override
        public String describe() {
            return "Filter" + (text.isEmpty() ? "" : " " + text);
        }
    }

    /** Computes expressions into slots (all evaluated before any is assigned). */
    public static final class Projection extends Unary {
        final Expression[] expressions;
        final int[] slots;
        final String text;

        /** Evaluates {@code expressions[i]} into {@code slots[i]}. */
        public Projection(Operator input, List<Expression> expressions, int[] slots, String text) {
            super(input);
            this.expressions = expressions.toArray(new Expression[0]);
            this.slots = slots;
            this.text = text;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            Object[] tmp = new Object[slots.length];
            // Operators above a projection may overwrite slots the operators below still read for
            // their next rows (`RETURN n.name AS n` while an Expand has more rows from the same n,
            // or a later MATCH rebinding a name the WITH dropped): the frame the input produced is
            // put back before the input is pulled again.
            Object[][] snapshot = {null};
            return f -> {
                if (snapshot[0] != null) {
                    System.arraycopy(snapshot[0], 0, f.values, 0, snapshot[0].length);
                } else {
                    snapshot[0] = new Object[f.values.length];
                }
                if (!in.next(f)) {
                    return false;
                }
                System.arraycopy(f.values, 0, snapshot[0], 0, f.values.length);
                for (int k = 0; k < slots.length; k++) {
                    tmp[k] = ctx.eval().evaluate(expressions[k], f);
                }
                for (int k = 0; k < slots.length; k++) {
                    f.set(slots[k], tmp[k]);
                }
                return true;
            };
        }

        @Override
        public String describe() {
            return "Produce {" + text + "}";
        }
    }

    /** Drops rows equal (by Cypher equivalence) on the given slots to an earlier one; streams. */
    public static final class Distinct extends Unary {
        final int[] slots;

        /** Distinct over {@code slots}. */
        public Distinct(Operator input, int[] slots) {
            super(input);
            this.slots = slots;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            MemoryScope memory = ctx.memory().child(); // what this cursor keeps, released as a whole
            return new Cursor() {
                Set<CypherValues.Key> seen = new HashSet<>();

                @Override
                public boolean next(Frame f) {
                    while (seen != null && in.next(f)) {
                        ctx.tick();
                        List<Object> key = new ArrayList<>(slots.length);
                        for (int s : slots) {
                            key.add(f.get(s));
                        }
                        if (seen.add(new CypherValues.Key(key))) {
                            memory.reserve(ValueSizes.HASH_ENTRY + ValueSizes.of(key));
                            return true;
                        }
                    }
                    seen = null;
                    memory.releaseAll();
                    return false;
                }
            };
        }

        @Override
        public String describe() {
            return "Distinct";
        }
    }

    /** Copies every remaining row of {@code in}, each counted in {@code memory}. */
    static List<Object[]> drain(Cursor in, Frame f, ExecContext ctx, MemoryScope memory) {
        return drain(in, f, ctx, memory, Long.MAX_VALUE);
    }

    /** The same, at most {@code max} rows (fewer at the input's end): a batch of a longer input. */
    static List<Object[]> drain(Cursor in, Frame f, ExecContext ctx, MemoryScope memory, long max) {
        List<Object[]> rows = new ArrayList<>();
        ValueSizes.KeptRows kept = new ValueSizes.KeptRows();
        while (rows.size() < max && in.next(f)) {
            ctx.tick();
            Object[] row = f.copy();
            memory.reserve(ValueSizes.REFERENCE + kept.of(row));
            rows.add(row);
        }
        return rows;
    }

    /** Pulls all input rows before emitting the first: separates writes from later reads. */
    public static final class Eager extends Unary {
        /** An eager barrier over {@code input}. */
        public Eager(Operator input) {
            super(input);
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            MemoryScope memory = ctx.memory().child(); // what this cursor keeps, released as a whole
            return new Cursor() {
                List<Object[]> rows;
                int next;

                @Override
                public boolean next(Frame f) {
                    if (rows == null) {
                        rows = drain(in, f, ctx, memory);
                    }
                    if (next >= rows.size()) {
                        memory.releaseAll();
                        return false;
                    }
                    f.restore(rows.get(next));
                    rows.set(next++, null);
                    return true;
                }
            };
        }

        @Override
        public String describe() {
            return "Accumulate";
        }
    }

    /** ORDER BY: sorts all rows (stable) by the keys. */
    public static final class OrderBy extends Unary {
        final Expression[] keys;
        final boolean[] ascending;
        final String text;

        /** Orders by {@code keys}. */
        public OrderBy(Operator input, List<Expression> keys, boolean[] ascending, String text) {
            super(input);
            this.keys = keys.toArray(new Expression[0]);
            this.ascending = ascending;
            this.text = text;
        }

        private record Entry(Object[] keys, Object[] row) {}

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            MemoryScope memory = ctx.memory().child(); // what this cursor keeps, released as a whole
            return new Cursor() {
                List<Entry> rows;
                int next;

                @Override
                public boolean next(Frame f) {
                    if (rows == null) {
                        rows = new ArrayList<>();
                        ValueSizes.KeptRows kept = new ValueSizes.KeptRows();
                        while (in.next(f)) {
                            ctx.tick();
                            Object[] k = new Object[keys.length];
                            for (int i = 0; i < keys.length; i++) {
                                k[i] = ctx.eval().evaluate(keys[i], f);
                            }
                            Entry e = new Entry(k, f.copy());
                            memory.reserve(ValueSizes.REFERENCE * 2 + kept.of(e.keys()) + kept.of(e.row()));
                            rows.add(e);
                        }
                        ctx.check();
                        rows.sort((a, b) -> {
                            for (int i = 0; i < keys.length; i++) {
                                int c = CypherValues.ORDER.compare(a.keys()[i], b.keys()[i]);
                                if (c != 0) {
                                    return ascending[i] ? c : -c;
                                }
                            }
                            return 0;
                        });
                    }
                    if (next >= rows.size()) {
                        memory.releaseAll();
                        return false;
                    }
                    f.restore(rows.get(next).row());
                    rows.set(next++, null);
                    return true;
                }
            };
        }

        @Override
        public String describe() {
            return "OrderBy " + text;
        }
    }

    /** SKIP n. */
    public static final class Skip extends Unary {
        final Expression count;

        /** Skips the first {@code count} rows. */
        public Skip(Operator input, Expression count) {
            super(input);
            this.count = count;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            long n = ctx.eval().evaluateCount(count, "SKIP");
            long[] skipped = {0};
            return f -> {
                while (skipped[0] < n) {
                    if (!in.next(f)) {
                        return false;
                    }
                    skipped[0]++;
                }
                return in.next(f);
            };
        }

        @Override
        public String describe() {
            return "Skip";
        }
    }

    /** LIMIT n: stops pulling its input after n rows. */
    public static final class Limit extends Unary {
        final Expression count;
        final boolean drain;

        /** Emits at most {@code count} rows. */
        public Limit(Operator input, Expression count) {
            this(input, count, false);
        }

        /**
         * Emits at most {@code count} rows. With {@code drain}, a limit of 0 still pulls its input
         * once: the planner puts an eager barrier under a LIMIT that follows writes, and that one
         * pull runs the writes for every row (LIMIT limits the result, not the side effects).
         */
        public Limit(Operator input, Expression count, boolean drain) {
            super(input);
            this.count = count;
            this.drain = drain;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            long n = ctx.eval().evaluateCount(count, "LIMIT");
            Cursor in = n == 0 && !drain ? null : input.open(ctx);
            long[] emitted = {0};
            boolean[] pulled = {false};
            return f -> {
                if (emitted[0] >= n) {
                    if (n == 0 && drain && !pulled[0]) {
                        pulled[0] = true;
                        Object[] keep = f.copy();
                        in.next(f);
                        f.restore(keep);
                    }
                    return false;
                }
                if (!in.next(f)) {
                    return false;
                }
                emitted[0]++;
                return true;
            };
        }

        @Override
        public String describe() {
            return "Limit";
        }
    }

    /** UNWIND list AS x: one row per element (null or an empty list gives none). */
    public static final class Unwind extends Unary {
        final Expression list;
        final int slot;

        /** Unwinds {@code list} into {@code slot}. */
        public Unwind(Operator input, Expression list, int slot) {
            super(input);
            this.list = list;
            this.slot = slot;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return new Cursor() {
                List<?> items = List.of();
                int next;

                @Override
                public boolean next(Frame f) {
                    while (next >= items.size()) {
                        if (!in.next(f)) {
                            return false;
                        }
                        Object v = ctx.eval().evaluate(list, f);
                        items = v == null ? List.of() : v instanceof List<?> l ? l : java.util.Collections.singletonList(v);
                        next = 0;
                    }
                    ctx.tick();
                    f.set(slot, items.get(next++));
                    return true;
                }
            };
        }

        @Override
        public String describe() {
            return "Unwind";
        }
    }

    /** One aggregate output: slot, function (null for count(*)), DISTINCT, arguments. */
    public record AggregateSpec(int slot, String function, boolean distinct, List<Expression> arguments) {}

    /** Groups rows by key expressions and computes aggregates per group. */
    public static final class Aggregate extends Unary {
        final Expression[] keys;
        final int[] keySlots;
        final List<AggregateSpec> aggregates;
        final String text;

        /** Groups by {@code keys} (into {@code keySlots}) and computes {@code aggregates}. */
        public Aggregate(Operator input, List<Expression> keys, int[] keySlots, List<AggregateSpec> aggregates,
                         String text) {
            super(input);
            this.keys = keys.toArray(new Expression[0]);
            this.keySlots = keySlots;
            this.aggregates = List.copyOf(aggregates);
            this.text = text;
        }

        private record Group(Object[] keys, Aggregations.Accumulator[] accumulators) {}

        private Group newGroup(Object[] keyValues) {
            Aggregations.Accumulator[] acc = new Aggregations.Accumulator[aggregates.size()];
            for (int i = 0; i < acc.length; i++) {
                AggregateSpec a = aggregates.get(i);
                acc[i] = a.function() == null ? Aggregations.countStar() : Aggregations.create(a.function(), a.distinct());
            }
            return new Group(keyValues, acc);
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            MemoryScope memory = ctx.memory().child(); // what this cursor keeps, released as a whole
            return new Cursor() {
                List<Group> groups;
                int next;

                @Override
                public boolean next(Frame f) {
                    if (groups == null) {
                        Map<CypherValues.Key, Group> byKey = new LinkedHashMap<>();
                        while (in.next(f)) {
                            ctx.tick();
                            Object[] kv = new Object[keys.length];
                            for (int i = 0; i < keys.length; i++) {
                                kv[i] = ctx.eval().evaluate(keys[i], f);
                            }
                            CypherValues.Key key = new CypherValues.Key(Arrays.asList(kv));
                            Group g = byKey.get(key);
                            if (g == null) {
                                memory.reserve(ValueSizes.HASH_ENTRY + ValueSizes.ofRow(kv)
                                        + (ValueSizes.SMALL_OBJECT + ValueSizes.REFERENCE) * (aggregates.size() + 1));
                                g = newGroup(kv);
                                byKey.put(key, g);
                            }
                            for (int i = 0; i < aggregates.size(); i++) {
                                AggregateSpec a = aggregates.get(i);
                                List<Object> args = new ArrayList<>(a.arguments().size());
                                for (Expression e : a.arguments()) {
                                    args.add(ctx.eval().evaluate(e, f));
                                }
                                Aggregations.Accumulator acc = g.accumulators()[i];
                                long before = acc.heldBytes();
                                acc.add(args);
                                memory.reserve(acc.heldBytes() - before);
                            }
                        }
                        groups = new ArrayList<>(byKey.values());
                        if (groups.isEmpty() && keys.length == 0) {
                            groups.add(newGroup(new Object[0]));
                        }
                    }
                    if (next >= groups.size()) {
                        memory.releaseAll();
                        return false;
                    }
                    Group g = groups.get(next);
                    groups.set(next++, null);
                    for (int i = 0; i < keySlots.length; i++) {
                        f.set(keySlots[i], g.keys()[i]);
                    }
                    for (int i = 0; i < aggregates.size(); i++) {
                        f.set(aggregates.get(i).slot(), g.accumulators()[i].result());
                    }
                    return true;
                }
            };
        }

        @Override
        public String describe() {
            return "Aggregate {" + text + "}";
        }
    }

    /**
     * Runs {@code branch} (which starts at an Argument) for each input row; OPTIONAL MATCH emits
     * the input row with {@code nullSlots} set to null when the branch finds nothing.
     */
    public static final class Optional extends Unary {
        final Operator branch;
        final int[] nullSlots;

        /** OPTIONAL MATCH over {@code branch}. */
        public Optional(Operator input, Operator branch, int[] nullSlots) {
            super(input);
            this.branch = branch;
            this.nullSlots = nullSlots;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            MemoryScope branchMemory = ctx.memory().child();
            return new Cursor() {
                Cursor b;
                boolean matched;
                Object[] saved;

                @Override
                public boolean next(Frame f) {
                    while (true) {
                        if (b != null) {
                            if (b.next(f)) {
                                matched = true;
                                return true;
                            }
                            b = null;
                            branchMemory.releaseAll();
                            if (!matched) {
                                f.restore(saved);
                                for (int s : nullSlots) {
                                    f.set(s, null);
                                }
                                return true;
                            }
                        }
                        if (!in.next(f)) {
                            return false;
                        }
                        saved = f.copy();
                        matched = false;
                        b = ctx.openIn(branchMemory, branch);
                    }
                }
            };
        }

        @Override
        public String describe() {
            return "Optional";
        }

        @Override
        public List<Operator> children() {
            return List.of(input, branch);
        }
    }

    /**
     * CALL { subquery }: runs the subquery plan (own frame layout) per input row, importing
     * variables and copying its RETURN columns back; a unit subquery passes the row through once.
     * OPTIONAL CALL keeps an input row the subquery has no rows for, its columns null.
     */
    public static final class Apply extends Unary {
        final Operator subquery;
        final Symbols subSymbols;
        final int[] importFrom;
        final int[] importTo;
        final int[] returnFrom;
        final int[] returnTo;
        final boolean optional;

        /** A correlated subquery call. */
        public Apply(Operator input, Operator subquery, Symbols subSymbols, int[] importFrom, int[] importTo,
                     int[] returnFrom, int[] returnTo) {
            this(input, subquery, subSymbols, importFrom, importTo, returnFrom, returnTo, false);
        }

        /** A correlated subquery call; {@code optional} for OPTIONAL CALL. */
        public Apply(Operator input, Operator subquery, Symbols subSymbols, int[] importFrom, int[] importTo,
                     int[] returnFrom, int[] returnTo, boolean optional) {
            super(input);
            this.subquery = subquery;
            this.subSymbols = subSymbols;
            this.importFrom = importFrom;
            this.importTo = importTo;
            this.returnFrom = returnFrom;
            this.returnTo = returnTo;
            this.optional = optional;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            boolean unit = returnFrom.length == 0;
            MemoryScope subMemory = ctx.memory().child();
            return new Cursor() {
                Cursor sub;
                Frame subFrame;
                boolean produced;

                @Override
                public boolean next(Frame f) {
                    while (true) {
                        if (sub != null) {
                            if (sub.next(subFrame)) {
                                produced = true;
                                copyReturns(subFrame, f);
                                return true;
                            }
                            sub = null;
                            subMemory.releaseAll();
                            if (optional && !produced) {
                                for (int slot : returnTo) {
                                    f.set(slot, null);
                                }
                                return true;
                            }
                        }
                        if (!in.next(f)) {
                            return false;
                        }
                        subFrame = argument(f);
                        Cursor c = ctx.openIn(subMemory, subquery);
                        if (unit) {
                            while (c.next(subFrame)) {
                                ctx.tick();
                            }
                            subMemory.releaseAll();
                            return true;
                        }
                        sub = c;
                        produced = false;
                    }
                }
            };
        }

        /** The subquery's frame for the outer row in {@code outer}, its imported variables set. */
        Frame argument(Frame outer) {
            Frame sub = new Frame(subSymbols);
            for (int i = 0; i < importFrom.length; i++) {
                sub.set(importTo[i], outer.get(importFrom[i]));
            }
            return sub;
        }

        /** Copies the subquery's RETURN columns into the outer row. */
        void copyReturns(Frame sub, Frame outer) {
            for (int i = 0; i < returnFrom.length; i++) {
                outer.set(returnTo[i], sub.get(returnFrom[i]));
            }
        }

        @Override
        public String describe() {
            return optional ? "OptionalApply" : "Apply";
        }

        @Override
        public List<Operator> children() {
            return List.of(input, subquery);
        }
    }

    /**
     * UNION ALL of the parts of a subquery body: each part runs from the same argument row (the
     * frame as it was when the first part started), one after the other. The parts share one
     * frame layout, so their RETURN columns are the same slots.
     */
    public static final class UnionAll implements Operator {
        final List<Operator> parts;

        /** The parts in order. */
        public UnionAll(List<Operator> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        public Cursor start(ExecContext ctx) {
            return new Cursor() {
                int next;
                Cursor current;
                Object[] argument;

                @Override
                public boolean next(Frame f) {
                    while (true) {
                        if (current == null) {
                            if (next == parts.size()) {
                                return false;
                            }
                            if (argument == null) {
                                argument = f.copy();
                            } else {
                                f.restore(argument);
                            }
                            current = parts.get(next++).open(ctx);
                        }
                        if (current.next(f)) {
                            return true;
                        }
                        current = null;
                    }
                }
            };
        }

        @Override
        public String describe() {
            return "UnionAll";
        }

        @Override
        public List<Operator> children() {
            return parts;
        }
    }

    /** FOREACH (x IN list | updates): runs the body per element, then passes the row on. */
    public static final class Foreach extends Unary {
        final Expression list;
        final int slot;
        final Operator body;

        /** FOREACH over {@code list} binding {@code slot}, running {@code body} (from an Argument). */
        public Foreach(Operator input, Expression list, int slot, Operator body) {
            super(input);
            this.list = list;
            this.slot = slot;
            this.body = body;
        }

        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return f -> {
                if (!in.next(f)) {
                    return false;
                }
                Object v = ctx.eval().evaluate(list, f);
                List<?> items = v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
                Object[] saved = f.copy();
                for (Object item : items) {
                    ctx.tick();
                    f.set(slot, item);
                    Cursor c = body.open(ctx);
                    while (c.next(f)) {
                        ctx.tick();
                    }
                    f.restore(saved);
                }
                return true;
            };
        }

        @Override
        public String describe() {
            return "Foreach";
        }

        @Override
        public List<Operator> children() {
            return List.of(input, body);
        }
    }
}

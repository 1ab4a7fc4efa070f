package io.memgraph.ha.query.ast;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A label expression of Neo4j 5 (GQL): {@code :A|B}, {@code :A&B}, {@code :!A}, {@code :%} and
 * parenthesised combinations, on a node (its labels) or a relationship (its one type). A plain
 * conjunction of names ({@code :A:B}, {@code :A&B}) is kept as a label list instead, and a plain
 * disjunction of relationship types ({@code :T|U}) as a type list, so only the other forms get
 * here. A {@link Dynamic} part ({@code $(expr)}, Neo4j 5.26) names labels computed per row.
 */
public sealed interface LabelExpression {

    /**
     * The names a {@link Dynamic} part stands for in the current row: the evaluator validates the
     * value (a STRING or a LIST of them) and gives the names.
     */
    @FunctionalInterface
    interface Resolver {
        /** The names {@code d} evaluates to. */
        List<String> names(Dynamic d);
    }

    /** Whether a node with {@code labels} (or a relationship whose type is the one element) matches. */
    default boolean matches(Collection<String> labels) {
        return matches(labels, null);
    }

    /**
     * Like {@link #matches(Collection)}; {@code resolver} gives the names of the dynamic parts (it
     * may be null when there are none).
     */
    boolean matches(Collection<String> labels, Resolver resolver);

    /** Whether a {@link Dynamic} part occurs in this expression. */
    default boolean dynamic() {
        return false;
    }

    /** This expression with the expression of every dynamic part mapped through {@code f}. */
    default LabelExpression mapDynamic(UnaryOperator<Expression> f) {
        return this;
    }

    /** Adds the expressions of the dynamic parts to {@code out}. */
    default void dynamicExpressions(List<Expression> out) {
    }

    /** The expression as Cypher text, without the leading colon. */
    String text();

    /** A label or type name. */
    record Name(String name) implements LabelExpression {
        @Override
        public boolean matches(Collection<String> labels, Resolver resolver) {
            return labels.contains(name);
        }

        @Override
        public String text() {
            return name;
        }
    }

    /** {@code %}: any label at all (a node with none does not match; a relationship always has a type). */
    record Any() implements LabelExpression {
        @Override
        public boolean matches(Collection<String> labels, Resolver resolver) {
            return !labels.isEmpty();
        }

        @Override
        public String text() {
            return "%";
        }
    }

    /** {@code !e}. */
    record Not(LabelExpression operand) implements LabelExpression {
        @Override
        public boolean matches(Collection<String> labels, Resolver resolver) {
            return !operand.matches(labels, resolver);
        }

        @Override
        public boolean dynamic() {
            return operand.dynamic();
        }

        @Override
        public LabelExpression mapDynamic(UnaryOperator<Expression> f) {
            return dynamic() ? new Not(operand.mapDynamic(f)) : this;
        }

        @Override
        public void dynamicExpressions(List<Expression> out) {
            operand.dynamicExpressions(out);
        }

        @Override
        public String text() {
            return "!" + operand.text();
        }
    }

    /** {@code a & b & ...}. */
    record And(List<LabelExpression> operands) implements LabelExpression {
        /** Copies the operands. */
        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(Collection<String> labels, Resolver resolver) {
            for (LabelExpression e : operands) {
                if (!e.matches(labels, resolver)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String text() {
            return join(operands, "&");
        }

        @Override
        public boolean dynamic() {
            return anyDynamic(operands);
        }

        @Override
        public LabelExpression mapDynamic(UnaryOperator<Expression> f) {
            return dynamic() ? new And(mapAll(operands, f)) : this;
        }

        @Override
        public void dynamicExpressions(List<Expression> out) {
            for (LabelExpression e : operands) {
                e.dynamicExpressions(out);
            }
        }
    }

    /** {@code a | b | ...}. */
    record Or(List<LabelExpression> operands) implements LabelExpression {
        /** Copies the operands. */
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(Collection<String> labels, Resolver resolver) {
            for (LabelExpression e : operands) {
                if (e.matches(labels, resolver)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String text() {
            return join(operands, "|");
        }

        @Override
        public boolean dynamic() {
            return anyDynamic(operands);
        }

        @Override
        public LabelExpression mapDynamic(UnaryOperator<Expression> f) {
            return dynamic() ? new Or(mapAll(operands, f)) : this;
        }

        @Override
        public void dynamicExpressions(List<Expression> out) {
            for (LabelExpression e : operands) {
                e.dynamicExpressions(out);
            }
        }
    }

    /**
     * {@code $(expression)} or {@code $all(expression)} ({@code any} false: every name the value
     * gives), {@code $any(expression)} ({@code any}: at least one of them). The value must be a
     * STRING or a LIST of STRINGs; an empty list is no condition for {@code $all} and matches
     * nothing for {@code $any}. {@code text} is the source text, for plans and messages.
     */
    record Dynamic(Expression expression, boolean any, String text, Position position) implements LabelExpression {
        @Override
        public boolean matches(Collection<String> labels, Resolver resolver) {
            List<String> names = resolver.names(this);
            if (any) {
                for (String n : names) {
                    if (labels.contains(n)) {
                        return true;
                    }
                }
                return false;
            }
            return labels.containsAll(names);
        }

        @Override
        public boolean dynamic() {
            return true;
        }

        @Override
        public LabelExpression mapDynamic(UnaryOperator<Expression> f) {
            return new Dynamic(f.apply(expression), any, text, position);
        }

        @Override
        public void dynamicExpressions(List<Expression> out) {
            out.add(expression);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Dynamic d && d.any == any && d.expression.equals(expression);
        }

        @Override
        public int hashCode() {
            return expression.hashCode() * 31 + (any ? 1 : 0);
        }
    }

    private static boolean anyDynamic(List<LabelExpression> operands) {
        for (LabelExpression e : operands) {
            if (e.dynamic()) {
                return true;
            }
        }
        return false;
    }

    private static List<LabelExpression> mapAll(List<LabelExpression> operands, UnaryOperator<Expression> f) {
        List<LabelExpression> out = new ArrayList<>(operands.size());
        for (LabelExpression e : operands) {
            out.add(e.mapDynamic(f));
        }
        return out;
    }

    /**
     * The parts a label list can be written with in CREATE, MERGE, SET and REMOVE: {@code e} itself
     * when it is a {@code $(...)} or {@code $all(...)}, the operands of a conjunction of those, or
     * null for any other form.
     */
    static List<Dynamic> conjunctionOfDynamics(LabelExpression e) {
        List<LabelExpression> operands = e instanceof And a ? a.operands() : List.of(e);
        List<Dynamic> out = new ArrayList<>(operands.size());
        for (LabelExpression o : operands) {
            if (!(o instanceof Dynamic d) || d.any()) {
                return null;
            }
            out.add(d);
        }
        return out;
    }

    private static String join(List<LabelExpression> operands, String op) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < operands.size(); i++) {
            sb.append(i == 0 ? "" : op).append(operands.get(i).text());
        }
        return sb.append(')').toString();
    }

    /** The names of a conjunction of plain names ({@code A}, {@code A&B&C}), or null for any other form. */
    static List<String> conjunctionOfNames(LabelExpression e) {
        if (e instanceof Name n) {
            return List.of(n.name());
        }
        if (e instanceof And a && a.operands().stream().allMatch(o -> o instanceof Name)) {
            return a.operands().stream().map(o -> ((Name) o).name()).toList();
        }
        return null;
    }

    /** The names of a disjunction of plain names ({@code T}, {@code T|U}), or null for any other form. */
    static List<String> disjunctionOfNames(LabelExpression e) {
        if (e instanceof Name n) {
            return List.of(n.name());
        }
        if (e instanceof Or o && o.operands().stream().allMatch(x -> x instanceof Name)) {
            return o.operands().stream().map(x -> ((Name) x).name()).toList();
        }
        return null;
    }
}

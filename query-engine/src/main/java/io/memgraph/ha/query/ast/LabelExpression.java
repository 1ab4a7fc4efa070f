package io.memgraph.ha.query.ast;

import java.util.Collection;
import java.util.List;

/**
 * A label expression of Neo4j 5 (GQL): {@code :A|B}, {@code :A&B}, {@code :!A}, {@code :%} and
 * parenthesised combinations, on a node (its labels) or a relationship (its one type). A plain
 * conjunction of names ({@code :A:B}, {@code :A&B}) is kept as a label list instead, and a plain
 * disjunction of relationship types ({@code :T|U}) as a type list, so only the other forms get
 * here.
 */
public sealed interface LabelExpression {

    /** Whether a node with {@code labels} (or a relationship whose type is the one element) matches. */
    boolean matches(Collection<String> labels);

    /** The expression as Cypher text, without the leading colon. */
    String text();

    /** A label or type name. */
    record Name(String name) implements LabelExpression {
        @Override
        public boolean matches(Collection<String> labels) {
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
        public boolean matches(Collection<String> labels) {
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
        public boolean matches(Collection<String> labels) {
            return !operand.matches(labels);
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
        public boolean matches(Collection<String> labels) {
            for (LabelExpression e : operands) {
                if (!e.matches(labels)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String text() {
            return join(operands, "&");
        }
    }

    /** {@code a | b | ...}. */
    record Or(List<LabelExpression> operands) implements LabelExpression {
        /** Copies the operands. */
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(Collection<String> labels) {
            for (LabelExpression e : operands) {
                if (e.matches(labels)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String text() {
            return join(operands, "|");
        }
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

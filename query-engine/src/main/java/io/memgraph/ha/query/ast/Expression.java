package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * A Cypher expression. Every node knows where it was written; positions do not take part in
 * equality (see {@link Position}). Optional parts are null when absent.
 */
public sealed interface Expression {

    /** Where the expression starts in the query text. */
    Position position();

    /** null, a Boolean, a Long, a Double or a String. */
    record Literal(Object value, Position position) implements Expression {}

    /** {@code [e1, e2, ...]}. */
    record ListLiteral(List<Expression> elements, Position position) implements Expression {
        public ListLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** One {@code key: value} entry of a map literal. */
    record MapEntry(String key, Expression value) {}

    /** {@code {k1: e1, ...}}, entries in written order. */
    record MapLiteral(List<MapEntry> entries, Position position) implements Expression {
        public MapLiteral {
            entries = List.copyOf(entries);
        }
    }

    /** {@code $name} or {@code $0}. */
    record Parameter(String name, Position position) implements Expression {}

    /** A variable reference. */
    record Variable(String name, Position position) implements Expression {}

    /** {@code subject.key}. */
    record Property(Expression subject, String key, Position position) implements Expression {}

    /** Binary operators; comparison chains are split into AND of pairwise comparisons. */
    enum BinaryOperator {
        OR("OR"), XOR("XOR"), AND("AND"),
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="),
        REGEX("=~"), STARTS_WITH("STARTS WITH"), ENDS_WITH("ENDS WITH"), CONTAINS("CONTAINS"), IN("IN"),
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%"), POWER("^");

        private final String symbol;

        BinaryOperator(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in Cypher. */
        public String symbol() {
            return symbol;
        }
    }

    /** {@code left op right}. */
    record Binary(BinaryOperator operator, Expression left, Expression right, Position position)
            implements Expression {}

    /** Unary operators. */
    enum UnaryOperator { NOT, MINUS, PLUS }

    /** {@code NOT e}, {@code -e}, {@code +e}. */
    record Unary(UnaryOperator operator, Expression operand, Position position) implements Expression {}

    /** {@code e IS NULL} or, when {@code negated}, {@code e IS NOT NULL}. */
    record IsNull(Expression operand, boolean negated, Position position) implements Expression {}

    /** {@code subject[index]}. */
    record Subscript(Expression subject, Expression index, Position position) implements Expression {}

    /** {@code subject[from..to]}; either bound may be null. */
    record Slice(Expression subject, Expression from, Expression to, Position position) implements Expression {}

    /** {@code e:L1:L2} as a predicate. */
    record HasLabels(Expression subject, List<String> labels, Position position) implements Expression {
        public HasLabels {
            labels = List.copyOf(labels);
        }
    }

    /**
     * A function call. {@code name} is as written including any namespace ({@code a.b.c});
     * function names are case-insensitive, compare with {@link #lowerName()}.
     */
    record FunctionCall(String name, boolean distinct, List<Expression> arguments, Position position)
            implements Expression {
        public FunctionCall {
            arguments = List.copyOf(arguments);
        }

        /** The name in lower case, for lookups. */
        public String lowerName() {
            return name.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code count(*)}. */
    record CountStar(Position position) implements Expression {}

    /** {@code WHEN when THEN then}. */
    record CaseAlternative(Expression when, Expression then) {}

    /**
     * {@code CASE [subject] WHEN .. THEN .. [ELSE ..] END}; subject null for the generic form.
     */
    record Case(Expression subject, List<CaseAlternative> alternatives, Expression elseExpression,
                Position position) implements Expression {
        public Case {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** {@code [variable IN list WHERE where | projection]}; where and projection may be null. */
    record ListComprehension(String variable, Expression list, Expression where, Expression projection,
                             Position position) implements Expression {}

    /** The list quantifiers. */
    enum QuantifierKind { ALL, ANY, NONE, SINGLE }

    /** {@code all(variable IN list WHERE where)} and its siblings. */
    record Quantifier(QuantifierKind kind, String variable, Expression list, Expression where,
                      Position position) implements Expression {}

    /** {@code reduce(accumulator = init, variable IN list | expression)}. */
    record Reduce(String accumulator, Expression init, String variable, Expression list, Expression expression,
                  Position position) implements Expression {}

    /** {@code [p = (a)-->(b) WHERE where | projection]}; pathVariable and where may be null. */
    record PatternComprehension(String pathVariable, Pattern.Element element, Expression where,
                                Expression projection, Position position) implements Expression {}

    /** A relationship pattern used as an expression: true in WHERE when a match exists. */
    record PatternPredicate(Pattern.Element element, Position position) implements Expression {}

    /** {@code EXISTS { query }} or {@code EXISTS { pattern [WHERE ...] }} (as a MATCH query). */
    record ExistsSubquery(Query query, Position position) implements Expression {}

    /** One selector of a map projection. */
    sealed interface MapProjectionItem {}

    /** {@code .key}. */
    record PropertySelector(String key) implements MapProjectionItem {}

    /** {@code key: expression}. */
    record LiteralEntry(String key, Expression value) implements MapProjectionItem {}

    /** {@code variable} (adds {@code variable: value}). */
    record VariableSelector(String name) implements MapProjectionItem {}

    /** {@code .*}. */
    record AllPropertiesSelector() implements MapProjectionItem {}

    /** {@code variable {items}}. */
    record MapProjection(String variable, List<MapProjectionItem> items, Position position) implements Expression {
        public MapProjection {
            items = List.copyOf(items);
        }
    }
}

package io.memgraph.ha.query.ast;

import java.util.List;
import java.util.Objects;

/**
 * A Cypher expression. Every node knows where it was written; positions do not take part in
 * equality (see {@link Position}). Optional parts are null when absent.
 *
 * <p>The records with sub-expressions define {@code equals} and {@code hashCode} themselves:
 * equality is structural as a record's, but costs one small stack frame per level (the generated
 * methods go through several method-handle frames per level, which a deeply nested expression
 * turns into a stack overflow), and the hash code only looks at the node itself, never at its
 * sub-expressions, so hashing an expression (the planner and the semantic analyser key maps by
 * expression) neither recurses nor costs more than a node's worth of work.
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

        @Override
        public boolean equals(Object o) {
            return o instanceof ListLiteral x && elements.equals(x.elements);
        }

        @Override
        public int hashCode() {
            return 0x4c15 + elements.size();
        }
    }

    /** One {@code key: value} entry of a map literal. */
    record MapEntry(String key, Expression value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MapEntry x && key.equals(x.key) && value.equals(x.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }
    }

    /** {@code {k1: e1, ...}}, entries in written order. */
    record MapLiteral(List<MapEntry> entries, Position position) implements Expression {
        public MapLiteral {
            entries = List.copyOf(entries);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MapLiteral x && entries.equals(x.entries);
        }

        @Override
        public int hashCode() {
            int h = 0x3a9;
            for (MapEntry e : entries) {
                h = 31 * h + e.key().hashCode();
            }
            return h;
        }
    }

    /** {@code $name} or {@code $0}. */
    record Parameter(String name, Position position) implements Expression {}

    /** A variable reference. */
    record Variable(String name, Position position) implements Expression {}

    /** {@code subject.key}. */
    record Property(Expression subject, String key, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Property x && key.equals(x.key) && subject.equals(x.subject);
        }

        @Override
        public int hashCode() {
            return 0x7e + key.hashCode();
        }
    }

    /** Binary operators; comparison chains are split into AND of pairwise comparisons. */
    enum BinaryOperator {
        OR("OR"), XOR("XOR"), AND("AND"),
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="),
        REGEX("=~"), STARTS_WITH("STARTS WITH"), ENDS_WITH("ENDS WITH"), CONTAINS("CONTAINS"), IN("IN"),
        ADD("+"), SUBTRACT("-"), CONCAT("||"), MULTIPLY("*"), DIVIDE("/"), MODULO("%"), POWER("^");

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
            implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Binary x && operator == x.operator && left.equals(x.left) && right.equals(x.right);
        }

        @Override
        public int hashCode() {
            return 0xb1 + operator.ordinal();
        }
    }

    /**
     * {@code operands[0] operators[0] operands[1] operators[1] ...}: a long left-associative run of
     * operators of one precedence level, e.g. {@code 1 + 2 - 3 + ...} or {@code a AND b AND ...}.
     * It means exactly what the left-deep tree of {@link Binary} nodes means (same evaluation
     * order, same short-circuits), but it is one node: a sum of 10,000 terms does not nest 10,000
     * levels deep. The parser and the planner make one only for runs of more than
     * {@link Expressions#CHAIN_THRESHOLD} operands (see {@link Expressions#leftAssociative});
     * shorter runs stay {@link Binary} trees.
     *
     * @param operands  at least two operands, in written order
     * @param operators {@code operands.size() - 1} operators; {@code operators[k]} joins the value
     *                  of everything before {@code operands[k + 1]} with it
     * @param position  where the first operator was written
     */
    record BinaryChain(List<Expression> operands, List<BinaryOperator> operators, Position position)
            implements Expression {
        public BinaryChain {
            operands = List.copyOf(operands);
            operators = List.copyOf(operators);
            if (operands.size() < 2 || operators.size() != operands.size() - 1) {
                throw new IllegalArgumentException("a chain of " + operands.size() + " operands needs "
                        + Math.max(0, operands.size() - 1) + " operators, got " + operators.size());
            }
        }

        /** The operator that is applied last (the root of the equivalent {@link Binary} tree). */
        public BinaryOperator lastOperator() {
            return operators.get(operators.size() - 1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BinaryChain x && operators.equals(x.operators) && operands.equals(x.operands);
        }

        @Override
        public int hashCode() {
            return 0xc4a1 + operators.hashCode();
        }
    }

    /** Unary operators. */
    enum UnaryOperator { NOT, MINUS, PLUS }

    /** {@code NOT e}, {@code -e}, {@code +e}. */
    record Unary(UnaryOperator operator, Expression operand, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Unary x && operator == x.operator && operand.equals(x.operand);
        }

        @Override
        public int hashCode() {
            return 0x01 + operator.ordinal();
        }
    }

    /** {@code e IS NULL} or, when {@code negated}, {@code e IS NOT NULL}. */
    record IsNull(Expression operand, boolean negated, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof IsNull x && negated == x.negated && operand.equals(x.operand);
        }

        @Override
        public int hashCode() {
            return negated ? 0x150 : 0x151;
        }
    }

    /**
     * A type predicate: {@code operand IS :: type}, {@code operand :: type}, {@code operand IS TYPED type},
     * or, when {@code negated}, {@code operand IS NOT :: type} / {@code IS NOT TYPED}. Never null itself:
     * a null operand is of every nullable type.
     */
    record IsType(Expression operand, CypherType type, boolean negated, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof IsType x && negated == x.negated && type.equals(x.type) && operand.equals(x.operand);
        }

        @Override
        public int hashCode() {
            return 0x1517 + type.hashCode() + (negated ? 1 : 0);
        }
    }

    /**
     * {@code operand IS [NOT] [NFC | NFD | NFKC | NFKD] NORMALIZED} (Neo4j 5.17): whether a string is in
     * the Unicode normal form {@code form} (NFC when none is written); null for null or a value that is
     * not a string.
     */
    record IsNormalized(Expression operand, java.text.Normalizer.Form form, boolean negated, Position position)
            implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof IsNormalized x && negated == x.negated && form == x.form && operand.equals(x.operand);
        }

        @Override
        public int hashCode() {
            return 0x150f + form.ordinal() + (negated ? 8 : 0);
        }
    }

    /** Which ends of a string {@code trim(... FROM s)} trims. */
    enum TrimSide { BOTH, LEADING, TRAILING }

    /**
     * {@code trim([BOTH | LEADING | TRAILING] [characters] FROM source)} (Neo4j 5.20): {@code characters}
     * is null when not written (white space is trimmed), else an expression that must give one character.
     * The plain {@code trim(s)} is a {@link FunctionCall}.
     */
    record Trim(TrimSide side, Expression characters, Expression source, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Trim x && side == x.side && Objects.equals(characters, x.characters)
                    && source.equals(x.source);
        }

        @Override
        public int hashCode() {
            return 0x7e1a + side.ordinal();
        }
    }

    /**
     * The subject of the enclosing simple {@code CASE}, in a test of its extended form: {@code WHEN < 0} is
     * {@code Binary(LT, CaseSubject, 0)}, {@code WHEN IS NULL} is {@code IsNull(CaseSubject)}, {@code WHEN IS
     * TYPED INTEGER} an {@link IsType} of it. Only ever the left operand of an alternative's test; the
     * evaluator applies the test to the subject's value, evaluated once.
     */
    record CaseSubject(Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof CaseSubject;
        }

        @Override
        public int hashCode() {
            return 0xca5b;
        }
    }

    /** {@code subject[index]}. */
    record Subscript(Expression subject, Expression index, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Subscript x && subject.equals(x.subject) && index.equals(x.index);
        }

        @Override
        public int hashCode() {
            return 0x5b5;
        }
    }

    /** {@code subject[from..to]}; either bound may be null. */
    record Slice(Expression subject, Expression from, Expression to, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Slice x && subject.equals(x.subject) && Objects.equals(from, x.from)
                    && Objects.equals(to, x.to);
        }

        @Override
        public int hashCode() {
            return 0x51c + (from == null ? 1 : 0) + (to == null ? 2 : 0);
        }
    }

    /**
     * {@code e:L1:L2} as a predicate; {@code expression} is null unless it was written as a label
     * expression other than a conjunction of names ({@code e:A|B}, {@code e:!A}), {@code labels}
     * then being empty.
     */
    record HasLabels(Expression subject, List<String> labels, LabelExpression expression, Position position)
            implements Expression {
        public HasLabels {
            labels = List.copyOf(labels);
        }

        /** A check of a plain conjunction of labels. */
        public HasLabels(Expression subject, List<String> labels, Position position) {
            this(subject, labels, null, position);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HasLabels x && labels.equals(x.labels) && java.util.Objects.equals(expression, x.expression)
                    && subject.equals(x.subject);
        }

        @Override
        public int hashCode() {
            return labels.hashCode();
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

        @Override
        public boolean equals(Object o) {
            return o instanceof FunctionCall x && distinct == x.distinct && name.equals(x.name)
                    && arguments.equals(x.arguments);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + arguments.size() + (distinct ? 1 : 0);
        }
    }

    /** {@code count(*)}. */
    record CountStar(Position position) implements Expression {}

    /**
     * {@code WHEN when THEN then}. In a simple CASE, {@code when} is a value compared with the subject,
     * or a test of the subject written with a {@link CaseSubject} ({@code WHEN < 0}, {@code WHEN IS NULL});
     * {@code WHEN a, b THEN r} is read as {@code WHEN a THEN r WHEN b THEN r}.
     */
    record CaseAlternative(Expression when, Expression then) {
        @Override
        public boolean equals(Object o) {
            return o instanceof CaseAlternative x && when.equals(x.when) && then.equals(x.then);
        }

        @Override
        public int hashCode() {
            return 0xca5e;
        }
    }

    /**
     * {@code CASE [subject] WHEN .. THEN .. [ELSE ..] END}; subject null for the generic form.
     */
    record Case(Expression subject, List<CaseAlternative> alternatives, Expression elseExpression,
                Position position) implements Expression {
        public Case {
            alternatives = List.copyOf(alternatives);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Case x && Objects.equals(subject, x.subject) && alternatives.equals(x.alternatives)
                    && Objects.equals(elseExpression, x.elseExpression);
        }

        @Override
        public int hashCode() {
            return 0xca5 + alternatives.size() + (subject == null ? 0 : 1 << 16) + (elseExpression == null ? 0 : 1 << 17);
        }
    }

    /** {@code [variable IN list WHERE where | projection]}; where and projection may be null. */
    record ListComprehension(String variable, Expression list, Expression where, Expression projection,
                             Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof ListComprehension x && variable.equals(x.variable) && list.equals(x.list)
                    && Objects.equals(where, x.where) && Objects.equals(projection, x.projection);
        }

        @Override
        public int hashCode() {
            return 0x1c + variable.hashCode();
        }
    }

    /** The list quantifiers. */
    enum QuantifierKind { ALL, ANY, NONE, SINGLE }

    /** {@code all(variable IN list WHERE where)} and its siblings. */
    record Quantifier(QuantifierKind kind, String variable, Expression list, Expression where,
                      Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Quantifier x && kind == x.kind && variable.equals(x.variable) && list.equals(x.list)
                    && Objects.equals(where, x.where);
        }

        @Override
        public int hashCode() {
            return 31 * variable.hashCode() + kind.ordinal();
        }
    }

    /** {@code reduce(accumulator = init, variable IN list | expression)}. */
    record Reduce(String accumulator, Expression init, String variable, Expression list, Expression expression,
                  Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Reduce x && accumulator.equals(x.accumulator) && variable.equals(x.variable)
                    && init.equals(x.init) && list.equals(x.list) && expression.equals(x.expression);
        }

        @Override
        public int hashCode() {
            return 31 * accumulator.hashCode() + variable.hashCode();
        }
    }

    /** {@code [p = (a)-->(b) WHERE where | projection]}; pathVariable and where may be null. */
    record PatternComprehension(String pathVariable, Pattern.Element element, Expression where,
                                Expression projection, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof PatternComprehension x && Objects.equals(pathVariable, x.pathVariable)
                    && element.equals(x.element) && Objects.equals(where, x.where) && projection.equals(x.projection);
        }

        @Override
        public int hashCode() {
            return 0x9c + element.steps().size();
        }
    }

    /** A relationship pattern used as an expression: true in WHERE when a match exists. */
    record PatternPredicate(Pattern.Element element, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof PatternPredicate x && element.equals(x.element);
        }

        @Override
        public int hashCode() {
            return 0x99 + element.steps().size();
        }
    }

    /** {@code EXISTS { query }} or {@code EXISTS { pattern [WHERE ...] }} (as a MATCH query). */
    record ExistsSubquery(Query query, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof ExistsSubquery x && query.equals(x.query);
        }

        @Override
        public int hashCode() {
            return 0xe5 + query.first().clauses().size();
        }
    }

    /** What a {@link Subquery} expression makes of its rows. */
    enum SubqueryKind { COUNT, COLLECT }

    /**
     * {@code COUNT { query }} (the number of rows; also {@code COUNT { pattern [WHERE ...] }}) or
     * {@code COLLECT { query RETURN one column }} (the list of that column's values).
     */
    record Subquery(SubqueryKind kind, Query query, Position position) implements Expression {
        @Override
        public boolean equals(Object o) {
            return o instanceof Subquery x && kind == x.kind && query.equals(x.query);
        }

        @Override
        public int hashCode() {
            return 0xc5 + kind.ordinal() + query.first().clauses().size();
        }
    }

    /** One selector of a map projection. */
    sealed interface MapProjectionItem {}

    /** {@code .key}. */
    record PropertySelector(String key) implements MapProjectionItem {}

    /** {@code key: expression}. */
    record LiteralEntry(String key, Expression value) implements MapProjectionItem {
        @Override
        public boolean equals(Object o) {
            return o instanceof LiteralEntry x && key.equals(x.key) && value.equals(x.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }
    }

    /** {@code variable} (adds {@code variable: value}). */
    record VariableSelector(String name) implements MapProjectionItem {}

    /** {@code .*}. */
    record AllPropertiesSelector() implements MapProjectionItem {}

    /** {@code variable {items}}. */
    record MapProjection(String variable, List<MapProjectionItem> items, Position position) implements Expression {
        public MapProjection {
            items = List.copyOf(items);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MapProjection x && variable.equals(x.variable) && items.equals(x.items);
        }

        @Override
        public int hashCode() {
            return 31 * variable.hashCode() + items.size();
        }
    }
}

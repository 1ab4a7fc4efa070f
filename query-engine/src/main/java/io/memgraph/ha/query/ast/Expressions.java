package io.memgraph.ha.query.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Walking and building expression trees: shared by the parser, the semantic analyser and the planner. */
public final class Expressions {
    /**
     * A left-associative run of more operands than this is built as one
     * {@link Expression.BinaryChain}, so that long sums and long AND lists add one level of
     * nesting rather than one per operator; shorter runs stay nested {@link Expression.Binary}.
     */
    public static final int CHAIN_THRESHOLD = 32;

    private Expressions() {
    }

    /**
     * {@code operands[0] operators[0] operands[1] ...} grouped to the left: nested
     * {@link Expression.Binary} nodes for up to {@link #CHAIN_THRESHOLD} operands, one
     * {@link Expression.BinaryChain} for more. A single operand is returned as it is.
     *
     * @param positions where each operator was written (the position of its Binary node)
     */
    public static Expression leftAssociative(List<Expression> operands, List<Expression.BinaryOperator> operators,
                                             List<Position> positions) {
        if (operands.isEmpty() || operators.size() != operands.size() - 1 || positions.size() != operators.size()) {
            throw new IllegalArgumentException(operands.size() + " operands, " + operators.size() + " operators and "
                    + positions.size() + " positions do not make a chain");
        }
        if (operands.size() > CHAIN_THRESHOLD) {
            return new Expression.BinaryChain(operands, operators, positions.get(0));
        }
        Expression left = operands.get(0);
        for (int k = 0; k < operators.size(); k++) {
            left = new Expression.Binary(operators.get(k), left, operands.get(k + 1), positions.get(k));
        }
        return left;
    }

    /** The conjunction of {@code conjuncts} (at least one), grouped to the left, all at {@code position}. */
    public static Expression and(List<Expression> conjuncts, Position position) {
        List<Expression.BinaryOperator> ands = new ArrayList<>(conjuncts.size());
        List<Position> positions = new ArrayList<>(conjuncts.size());
        for (int k = 1; k < conjuncts.size(); k++) {
            ands.add(Expression.BinaryOperator.AND);
            positions.add(position);
        }
        return leftAssociative(conjuncts, ands, positions);
    }

    /** True when {@code e} or any same-scope sub-expression satisfies {@code test}. */
    public static boolean anyMatch(Expression e, Predicate<Expression> test) {
        if (test.test(e)) {
            return true;
        }
        for (Expression c : children(e)) {
            if (anyMatch(c, test)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The direct sub-expressions of {@code e} that are evaluated in the same scope as {@code e}
     * (for a list comprehension, quantifier or reduce: the list and initial value, not the parts
     * that see the iteration variable; pattern-based expressions have none).
     */
    public static List<Expression> children(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e instanceof Expression.ListLiteral l) {
            out.addAll(l.elements());
        } else if (e instanceof Expression.MapLiteral m) {
            for (Expression.MapEntry en : m.entries()) {
                out.add(en.value());
            }
        } else if (e instanceof Expression.Property p) {
            out.add(p.subject());
        } else if (e instanceof Expression.Binary b) {
            out.add(b.left());
            out.add(b.right());
        } else if (e instanceof Expression.BinaryChain c) {
            out.addAll(c.operands());
        } else if (e instanceof Expression.Unary u) {
            out.add(u.operand());
        } else if (e instanceof Expression.IsNull n) {
            out.add(n.operand());
        } else if (e instanceof Expression.IsType t) {
            out.add(t.operand());
        } else if (e instanceof Expression.IsNormalized n) {
            out.add(n.operand());
        } else if (e instanceof Expression.Trim t) {
            if (t.characters() != null) {
                out.add(t.characters());
            }
            out.add(t.source());
        } else if (e instanceof Expression.Subscript s) {
            out.add(s.subject());
            out.add(s.index());
        } else if (e instanceof Expression.Slice s) {
            out.add(s.subject());
            if (s.from() != null) {
                out.add(s.from());
            }
            if (s.to() != null) {
                out.add(s.to());
            }
        } else if (e instanceof Expression.HasLabels h) {
            out.add(h.subject());
            if (h.expression() != null) {
                h.expression().dynamicExpressions(out);
            }
        } else if (e instanceof Expression.FunctionCall f) {
            out.addAll(f.arguments());
        } else if (e instanceof Expression.Case c) {
            if (c.subject() != null) {
                out.add(c.subject());
            }
            for (Expression.CaseAlternative a : c.alternatives()) {
                out.add(a.when());
                out.add(a.then());
            }
            if (c.elseExpression() != null) {
                out.add(c.elseExpression());
            }
        } else if (e instanceof Expression.ListComprehension lc) {
            out.add(lc.list());
        } else if (e instanceof Expression.Quantifier q) {
            out.add(q.list());
        } else if (e instanceof Expression.Reduce r) {
            out.add(r.init());
            out.add(r.list());
        } else if (e instanceof Expression.MapProjection mp) {
            for (Expression.MapProjectionItem item : mp.items()) {
                if (item instanceof Expression.LiteralEntry le) {
                    out.add(le.value());
                }
            }
        }
        return out;
    }
}

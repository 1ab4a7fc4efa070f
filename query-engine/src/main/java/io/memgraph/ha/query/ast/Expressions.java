package io.memgraph.ha.query.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Walking expression trees: shared by the semantic analyser and the planner. */
public final class Expressions {
    private Expressions() {
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
        } else if (e instanceof Expression.Unary u) {
            out.add(u.operand());
        } else if (e instanceof Expression.IsNull n) {
            out.add(n.operand());
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

package io.memgraph.ha.query.plan;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Expression tree utilities the planner needs: substitution of sub-expressions (aggregates and
 * grouping keys become variables), free variables, and splitting a predicate into conjuncts.
 * Equality of sub-expressions is structural (positions never take part).
 */
final class ExpressionRewriter {
    private ExpressionRewriter() {
    }

    /** A name that no query can write, so it never clashes with a user's variable. */
    static final String MARKER = " ";

    /** Stands for variables we cannot see (inside EXISTS subqueries): never bound. */
    static final String OPAQUE = " opaque";

    /** {@code e} with every sub-expression found in {@code subst} replaced (outermost first). */
    static Expression replace(Expression e, Map<Expression, Expression> subst) {
        if (subst.isEmpty()) {
            return e;
        }
        Expression r = subst.get(e);
        if (r != null) {
            return r;
        }
        return mapChildren(e, c -> replace(c, subst));
    }

    /**
     * Rewrites {@code size((a)-->(b))} (the number of matches of a pattern, Neo4j 4 style) into the
     * size of a pattern comprehension, which the graph accessor evaluates.
     */
    static Expression patternSizes(Expression e) {
        if (e == null || !io.memgraph.ha.query.ast.Expressions.anyMatch(e, ExpressionRewriter::isPatternSize)) {
            return e; // the common case: nothing to rebuild
        }
        return rewritePatternSizes(e);
    }

    private static boolean isPatternSize(Expression e) {
        return e instanceof Expression.FunctionCall f && f.lowerName().equals("size") && f.arguments().size() == 1
                && f.arguments().get(0) instanceof Expression.PatternPredicate;
    }

    private static Expression rewritePatternSizes(Expression e) {
        if (e instanceof Expression.FunctionCall f && f.lowerName().equals("size") && f.arguments().size() == 1
                && f.arguments().get(0) instanceof Expression.PatternPredicate pp) {
            Expression.PatternComprehension pc = new Expression.PatternComprehension(null, pp.element(), null,
                    new Expression.Literal(1L, pp.position()), pp.position());
            return new Expression.FunctionCall(f.name(), false, List.of(pc), f.position());
        }
        return mapChildren(e, ExpressionRewriter::rewritePatternSizes);
    }

    /** Rebuilds {@code e} with {@code f} applied to its same-scope children. */
    static Expression mapChildren(Expression e, UnaryOperator<Expression> f) {
        if (e instanceof Expression.ListLiteral l) {
            return new Expression.ListLiteral(map(l.elements(), f), l.position());
        }
        if (e instanceof Expression.MapLiteral m) {
            List<Expression.MapEntry> out = new ArrayList<>();
            for (Expression.MapEntry en : m.entries()) {
                out.add(new Expression.MapEntry(en.key(), f.apply(en.value())));
            }
            return new Expression.MapLiteral(out, m.position());
        }
        if (e instanceof Expression.Property p) {
            return new Expression.Property(f.apply(p.subject()), p.key(), p.position());
        }
        if (e instanceof Expression.Binary b) {
            return new Expression.Binary(b.operator(), f.apply(b.left()), f.apply(b.right()), b.position());
        }
        if (e instanceof Expression.BinaryChain c) {
            return new Expression.BinaryChain(map(c.operands(), f), c.operators(), c.position());
        }
        if (e instanceof Expression.Unary u) {
            return new Expression.Unary(u.operator(), f.apply(u.operand()), u.position());
        }
        if (e instanceof Expression.IsNull n) {
            return new Expression.IsNull(f.apply(n.operand()), n.negated(), n.position());
        }
        if (e instanceof Expression.IsType t) {
            return new Expression.IsType(f.apply(t.operand()), t.type(), t.negated(), t.position());
        }
        if (e instanceof Expression.IsNormalized n) {
            return new Expression.IsNormalized(f.apply(n.operand()), n.form(), n.negated(), n.position());
        }
        if (e instanceof Expression.Trim t) {
            return new Expression.Trim(t.side(), t.characters() == null ? null : f.apply(t.characters()),
                    f.apply(t.source()), t.position());
        }
        if (e instanceof Expression.Subscript s) {
            return new Expression.Subscript(f.apply(s.subject()), f.apply(s.index()), s.position());
        }
        if (e instanceof Expression.Slice s) {
            return new Expression.Slice(f.apply(s.subject()), s.from() == null ? null : f.apply(s.from()),
                    s.to() == null ? null : f.apply(s.to()), s.position());
        }
        if (e instanceof Expression.HasLabels h) {
            return new Expression.HasLabels(f.apply(h.subject()), h.labels(),
                    h.expression() == null ? null : h.expression().mapDynamic(f), h.position());
        }
        if (e instanceof Expression.FunctionCall fc) {
            return new Expression.FunctionCall(fc.name(), fc.distinct(), map(fc.arguments(), f), fc.position());
        }
        if (e instanceof Expression.Case c) {
            List<Expression.CaseAlternative> alts = new ArrayList<>();
            for (Expression.CaseAlternative a : c.alternatives()) {
                alts.add(new Expression.CaseAlternative(f.apply(a.when()), f.apply(a.then())));
            }
            return new Expression.Case(c.subject() == null ? null : f.apply(c.subject()), alts,
                    c.elseExpression() == null ? null : f.apply(c.elseExpression()), c.position());
        }
        if (e instanceof Expression.ListComprehension lc) {
            return new Expression.ListComprehension(lc.variable(), f.apply(lc.list()), lc.where(), lc.projection(),
                    lc.position());
        }
        if (e instanceof Expression.Quantifier q) {
            return new Expression.Quantifier(q.kind(), q.variable(), f.apply(q.list()), q.where(), q.position());
        }
        if (e instanceof Expression.Reduce r) {
            return new Expression.Reduce(r.accumulator(), f.apply(r.init()), r.variable(), f.apply(r.list()),
                    r.expression(), r.position());
        }
        if (e instanceof Expression.MapProjection mp) {
            List<Expression.MapProjectionItem> items = new ArrayList<>();
            for (Expression.MapProjectionItem item : mp.items()) {
                items.add(item instanceof Expression.LiteralEntry le
                        ? new Expression.LiteralEntry(le.key(), f.apply(le.value())) : item);
            }
            return new Expression.MapProjection(mp.variable(), items, mp.position());
        }
        return e;
    }

    /** {@code f} applied to each element, in a plain loop: this recurses once per nesting level, streams cost ten frames. */
    private static List<Expression> map(List<Expression> in, UnaryOperator<Expression> f) {
        List<Expression> out = new ArrayList<>(in.size());
        for (Expression x : in) {
            out.add(f.apply(x));
        }
        return out;
    }

    /** The variables {@code e} reads from its row (a superset for pattern expressions). */
    static Set<String> freeVariables(Expression e) {
        Set<String> out = new HashSet<>();
        free(e, out);
        return out;
    }

    private static void free(Expression e, Set<String> out) {
        if (e == null) {
            return;
        }
        if (e instanceof Expression.Variable v) {
            out.add(v.name());
        } else if (e instanceof Expression.ListComprehension lc) {
            free(lc.list(), out);
            Set<String> inner = new HashSet<>();
            free(lc.where(), inner);
            free(lc.projection(), inner);
            inner.remove(lc.variable());
            out.addAll(inner);
        } else if (e instanceof Expression.Quantifier q) {
            free(q.list(), out);
            Set<String> inner = new HashSet<>();
            free(q.where(), inner);
            inner.remove(q.variable());
            out.addAll(inner);
        } else if (e instanceof Expression.Reduce r) {
            free(r.init(), out);
            free(r.list(), out);
            Set<String> inner = new HashSet<>();
            free(r.expression(), inner);
            inner.remove(r.variable());
            inner.remove(r.accumulator());
            out.addAll(inner);
        } else if (e instanceof Expression.MapProjection mp) {
            out.add(mp.variable());
            for (Expression.MapProjectionItem item : mp.items()) {
                if (item instanceof Expression.LiteralEntry le) {
                    free(le.value(), out);
                } else if (item instanceof Expression.VariableSelector vs) {
                    out.add(vs.name());
                }
            }
        } else if (e instanceof Expression.PatternPredicate pp) {
            element(pp.element(), out);
        } else if (e instanceof Expression.PatternComprehension pc) {
            Set<String> inner = new HashSet<>();
            element(pc.element(), inner);
            free(pc.where(), inner);
            free(pc.projection(), inner);
            out.addAll(inner); // a superset: the filter is only placed later than needed
        } else if (e instanceof Expression.ExistsSubquery || e instanceof Expression.Subquery) {
            out.add(OPAQUE);
        } else {
            for (Expression c : io.memgraph.ha.query.ast.Expressions.children(e)) {
                free(c, out);
            }
        }
    }

    private static void element(Pattern.Element el, Set<String> out) {
        node(el.start(), out);
        for (Pattern.Step s : el.steps()) {
            if (s.relationship().variable() != null) {
                out.add(s.relationship().variable());
            }
            free(s.relationship().properties(), out);
            dynamic(s.relationship().typeExpression(), out);
            node(s.node(), out);
        }
    }

    private static void node(Pattern.NodePattern n, Set<String> out) {
        if (n.variable() != null) {
            out.add(n.variable());
        }
        free(n.properties(), out);
        dynamic(n.labelExpression(), out);
    }

    /** The variables of the dynamic labels or types ({@code $(x.kind)}) of a pattern. */
    private static void dynamic(io.memgraph.ha.query.ast.LabelExpression e, Set<String> out) {
        if (e != null && e.dynamic()) {
            List<Expression> exprs = new ArrayList<>();
            e.dynamicExpressions(exprs);
            for (Expression x : exprs) {
                free(x, out);
            }
        }
    }

    /** The conjuncts of a predicate ({@code a AND b AND c} gives three). */
    static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e != null) {
            split(e, out);
        }
        return out;
    }

    private static void split(Expression e, List<Expression> out) {
        if (e instanceof Expression.Binary b && b.operator() == Expression.BinaryOperator.AND) {
            split(b.left(), out);
            split(b.right(), out);
        } else if (e instanceof Expression.BinaryChain c
                && c.operators().stream().allMatch(op -> op == Expression.BinaryOperator.AND)) {
            for (Expression operand : c.operands()) {
                split(operand, out);
            }
        } else {
            out.add(e);
        }
    }
}

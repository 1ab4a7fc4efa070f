package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.QueryLimits;
import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Projection;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.ast.Statement;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Measures how deep a parsed statement nests, with an explicit stack (no recursion), and refuses
 * one deeper than {@link QueryLimits#MAX_NESTING_DEPTH}. The semantic analyser, the planner's
 * rewriters and the evaluator all recurse over the tree, so this is what bounds their stacks.
 *
 * <p>Every expression node counts one level, and so does each step of a pattern (relationship and
 * node); the body of {@code FOREACH} and the query inside {@code CALL { }} or {@code EXISTS { }}
 * count {@link QueryLimits#SUBQUERY_LEVELS}; clauses and projections are containers and count
 * nothing.
 * The parser counts its own recursion as it goes; this pass also sees what the parser builds in
 * loops: chains of property accesses, subscripts, label tests and {@code IS NULL}, and the
 * nested {@link Expression.Binary} nodes of short operator runs.
 */
final class NestingDepth {
    private final Deque<Object> nodes = new ArrayDeque<>();
    private final Deque<Integer> depths = new ArrayDeque<>();

    private NestingDepth() {
    }

    /** Throws the nesting error when {@code statement} is too deep. */
    static void check(Statement statement) {
        NestingDepth walk = new NestingDepth();
        walk.push(statement, 0);
        walk.run();
    }

    /** Throws the nesting error when {@code expression} is too deep. */
    static void check(Expression expression) {
        NestingDepth walk = new NestingDepth();
        walk.push(expression, 0);
        walk.run();
    }

    /** Queues {@code node} (may be null) whose container is at {@code depth}. */
    private void push(Object node, int depth) {
        if (node != null) {
            nodes.push(node);
            depths.push(depth);
        }
    }

    private void run() {
        while (!nodes.isEmpty()) {
            Object node = nodes.pop();
            int depth = depths.pop();
            if (node instanceof Expression e) {
                expression(e, level(depth, e.position()));
            } else if (node instanceof Clause c) {
                clause(c, depth);
            } else if (node instanceof Query q) {
                for (Query.SingleQuery part : q.parts()) {
                    for (Clause c : part.clauses()) {
                        push(c, depth);
                    }
                }
            } else if (node instanceof Statement.Explain ex) {
                push(ex.query(), depth);
            } else if (node instanceof Statement.Profile pr) {
                push(pr.query(), depth);
            } else if (node instanceof Statement.Listing l && l.tail() != null) {
                push(l.tail().with(), depth);
                push(l.tail().ret(), depth);
            } else if (node instanceof Projection p) {
                projection(p, depth);
            } else if (node instanceof Pattern p) {
                for (Pattern.Part part : p.parts()) {
                    push(part.element(), depth);
                    push(part.where(), depth);
                }
            } else if (node instanceof Pattern.Element el) {
                // Pattern matching recurses once per step, so each step is a level of its own.
                push(el.start().properties(), depth);
                push(el.start().where(), depth);
                int stepDepth = depth;
                for (Pattern.Step step : el.steps()) {
                    if (step.quantified() != null) {
                        stepDepth = level(stepDepth, step.quantified().position());
                        push(step.quantified().element(), stepDepth);
                        push(step.quantified().where(), stepDepth);
                    } else {
                        stepDepth = level(stepDepth, step.relationship().position());
                        push(step.relationship().properties(), stepDepth);
                        push(step.relationship().where(), stepDepth);
                    }
                    push(step.node().properties(), stepDepth);
                    push(step.node().where(), stepDepth);
                }
            } else if (node instanceof Clause.SetItem item) {
                if (item instanceof Clause.SetProperty sp) {
                    push(sp.target(), depth);
                    push(sp.value(), depth);
                } else if (item instanceof Clause.SetVariable sv) {
                    push(sv.value(), depth);
                }
            }
            // schema and SHOW statements hold no expressions
        }
    }

    /** The depth of a node one level below {@code depth}, refused when over the limit. */
    private static int level(int depth, Position at) {
        return level(depth, 1, at);
    }

    /** The depth of a node {@code levels} below {@code depth}, refused when over the limit. */
    private static int level(int depth, int levels, Position at) {
        if (depth + levels > QueryLimits.MAX_NESTING_DEPTH) {
            throw QueryLimits.nestingTooDeep(at);
        }
        return depth + levels;
    }

    private void clause(Clause c, int depth) {
        if (c instanceof Clause.Match m) {
            push(m.pattern(), depth);
            push(m.where(), depth);
        } else if (c instanceof Clause.Unwind u) {
            push(u.expression(), depth);
        } else if (c instanceof Clause.LoadCsv l) {
            push(l.source(), depth);
        } else if (c instanceof Clause.With w) {
            push(w.projection(), depth);
            push(w.where(), depth);
        } else if (c instanceof Clause.Return r) {
            push(r.projection(), depth);
        } else if (c instanceof Clause.Create cr) {
            push(cr.pattern(), depth);
        } else if (c instanceof Clause.Merge m) {
            push(m.part().element(), depth);
            for (Clause.MergeAction a : m.actions()) {
                for (Clause.SetItem item : a.items()) {
                    push(item, depth);
                }
            }
        } else if (c instanceof Clause.Set s) {
            for (Clause.SetItem item : s.items()) {
                push(item, depth);
            }
        } else if (c instanceof Clause.Remove r) {
            for (Clause.RemoveItem item : r.items()) {
                if (item instanceof Clause.RemoveProperty rp) {
                    push(rp.target(), depth);
                }
            }
        } else if (c instanceof Clause.Delete d) {
            for (Expression e : d.expressions()) {
                push(e, depth);
            }
        } else if (c instanceof Clause.Foreach f) {
            push(f.list(), depth);
            int inner = level(depth, QueryLimits.SUBQUERY_LEVELS, f.position());
            for (Clause b : f.body()) {
                push(b, inner);
            }
        } else if (c instanceof Clause.CallSubquery cs) {
            push(cs.query(), level(depth, QueryLimits.SUBQUERY_LEVELS, cs.position()));
        } else if (c instanceof Clause.CallProcedure cp) {
            if (cp.arguments() != null) {
                for (Expression e : cp.arguments()) {
                    push(e, depth);
                }
            }
            push(cp.where(), depth);
        }
    }

    private void projection(Projection p, int depth) {
        for (Projection.Item item : p.items()) {
            push(item.expression(), depth);
        }
        for (Projection.SortItem s : p.orderBy()) {
            push(s.expression(), depth);
        }
        push(p.skip(), depth);
        push(p.limit(), depth);
    }

    /** Queues every sub-expression of {@code e} (also those in its own scope) at {@code depth}. */
    private void expression(Expression e, int depth) {
        if (e instanceof Expression.ListLiteral l) {
            for (Expression x : l.elements()) {
                push(x, depth);
            }
        } else if (e instanceof Expression.MapLiteral m) {
            for (Expression.MapEntry en : m.entries()) {
                push(en.value(), depth);
            }
        } else if (e instanceof Expression.Property p) {
            push(p.subject(), depth);
        } else if (e instanceof Expression.Binary b) {
            push(b.left(), depth);
            push(b.right(), depth);
        } else if (e instanceof Expression.BinaryChain c) {
            for (Expression x : c.operands()) {
                push(x, depth);
            }
        } else if (e instanceof Expression.Unary u) {
            push(u.operand(), depth);
        } else if (e instanceof Expression.IsNull n) {
            push(n.operand(), depth);
        } else if (e instanceof Expression.IsType t) {
            push(t.operand(), depth);
        } else if (e instanceof Expression.IsNormalized n) {
            push(n.operand(), depth);
        } else if (e instanceof Expression.Trim t) {
            push(t.characters(), depth);
            push(t.source(), depth);
        } else if (e instanceof Expression.Subscript s) {
            push(s.subject(), depth);
            push(s.index(), depth);
        } else if (e instanceof Expression.Slice s) {
            push(s.subject(), depth);
            push(s.from(), depth);
            push(s.to(), depth);
        } else if (e instanceof Expression.HasLabels h) {
            push(h.subject(), depth);
        } else if (e instanceof Expression.FunctionCall f) {
            for (Expression x : f.arguments()) {
                push(x, depth);
            }
        } else if (e instanceof Expression.Case c) {
            push(c.subject(), depth);
            for (Expression.CaseAlternative a : c.alternatives()) {
                push(a.when(), depth);
                push(a.then(), depth);
            }
            push(c.elseExpression(), depth);
        } else if (e instanceof Expression.ListComprehension lc) {
            push(lc.list(), depth);
            push(lc.where(), depth);
            push(lc.projection(), depth);
        } else if (e instanceof Expression.Quantifier q) {
            push(q.list(), depth);
            push(q.where(), depth);
        } else if (e instanceof Expression.Reduce r) {
            push(r.init(), depth);
            push(r.list(), depth);
            push(r.expression(), depth);
        } else if (e instanceof Expression.PatternComprehension pc) {
            push(pc.element(), depth);
            push(pc.where(), depth);
            push(pc.projection(), depth);
        } else if (e instanceof Expression.PatternPredicate pp) {
            push(pp.element(), depth);
        } else if (e instanceof Expression.ExistsSubquery es) {
            // the EXISTS node counted one level; its query counts as a subquery
            push(es.query(), level(depth, QueryLimits.SUBQUERY_LEVELS - 1, es.position()));
        } else if (e instanceof Expression.Subquery sq) {
            push(sq.query(), level(depth, QueryLimits.SUBQUERY_LEVELS - 1, sq.position()));
        } else if (e instanceof Expression.MapProjection mp) {
            for (Expression.MapProjectionItem item : mp.items()) {
                if (item instanceof Expression.LiteralEntry le) {
                    push(le.value(), depth);
                }
            }
        }
        // literals, parameters, variables and count(*) have no sub-expressions
    }
}

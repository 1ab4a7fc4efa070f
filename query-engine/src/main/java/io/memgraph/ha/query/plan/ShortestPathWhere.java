package io.memgraph.ha.query.plan;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.exec.PathConditions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The conjuncts of a {@code MATCH}'s {@code WHERE} that a {@code shortestPath(...)} must meet while
 * it searches, as Neo4j reads them: those that refer to its path variable or to its relationship
 * list are conditions on the path (the shortest path that passes them is returned, not the shortest
 * path filtered afterwards); the others (on the end nodes, say) filter the rows as usual. Of the
 * conditions on the path, {@code all(x IN list WHERE ...)}, {@code none(...)} and
 * {@code NOT any(...)} over the relationships ({@code r}, {@code relationships(p)}) or the nodes
 * ({@code nodes(p)}) whose body reads nothing else of the path are checked on each element during
 * the search; the rest on whole paths.
 */
final class ShortestPathWhere {
    private ShortestPathWhere() {
    }

    /** The conditions claimed, by kind: each element one is a quantifier over {@link PathConditions#ELEMENT}. */
    record Claimed(List<Expression.Quantifier> relationships, List<Expression.Quantifier> nodes,
                   List<Expression> paths) {
        boolean isEmpty() {
            return relationships.isEmpty() && nodes.isEmpty() && paths.isEmpty();
        }
    }

    /**
     * Removes from {@code conjuncts} those on the path of {@code path} (null: no path variable) and
     * {@code rel} (its relationship list) that can be checked once the variables in {@code bound}
     * are, and returns them. A conjunct that also reads a variable bound later stays a filter.
     */
    static Claimed claim(List<Expression> conjuncts, String path, String rel, Set<String> bound) {
        Claimed out = new Claimed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Iterator<Expression> it = conjuncts.iterator(); it.hasNext(); ) {
            Expression c = it.next();
            Set<String> free = ExpressionRewriter.freeVariables(c);
            boolean onPath = free.remove(rel) | (path != null && free.remove(path));
            if (!onPath || !bound.containsAll(free)) {
                continue;
            }
            it.remove();
            Expression.Quantifier q = element(c, path, rel);
            if (q == null) {
                out.paths.add(c);
            } else if (q.list() instanceof Expression.FunctionCall f && f.name().equalsIgnoreCase("nodes")) {
                out.nodes.add(at(q));
            } else {
                out.relationships.add(at(q));
            }
        }
        return out;
    }

    /**
     * {@code c} as a condition every element of the path must pass: a universal quantifier (as
     * {@code all} or {@code none}) over the path's relationships or nodes whose body reads neither
     * the path nor its relationships; else null.
     */
    private static Expression.Quantifier element(Expression c, String path, String rel) {
        Expression.Quantifier q;
        if (c instanceof Expression.Quantifier x && x.kind() != Expression.QuantifierKind.ANY
                && x.kind() != Expression.QuantifierKind.SINGLE) {
            q = x;
        } else if (c instanceof Expression.Unary u && u.operator() == Expression.UnaryOperator.NOT
                && u.operand() instanceof Expression.Quantifier x && x.kind() == Expression.QuantifierKind.ANY) {
            q = new Expression.Quantifier(Expression.QuantifierKind.NONE, x.variable(), x.list(), x.where(),
                    x.position());
        } else {
            return null;
        }
        if (q.where() == null || !overPath(q.list(), path, rel)) {
            return null;
        }
        Set<String> body = ExpressionRewriter.freeVariables(q.where());
        body.remove(q.variable());
        return body.contains(rel) || (path != null && body.contains(path)) ? null : q;
    }

    /** Whether {@code list} is {@code rel}, {@code relationships(path)} or {@code nodes(path)}. */
    private static boolean overPath(Expression list, String path, String rel) {
        if (list instanceof Expression.Variable v) {
            return v.name().equals(rel);
        }
        if (path == null || !(list instanceof Expression.FunctionCall f) || f.distinct()
                || f.arguments().size() != 1 || !(f.arguments().get(0) instanceof Expression.Variable v)
                || !v.name().equals(path)) {
            return false;
        }
        String name = f.name().toLowerCase(Locale.ROOT);
        return name.equals("relationships") || name.equals("nodes");
    }

    /** {@code q} over the one element being checked. */
    private static Expression.Quantifier at(Expression.Quantifier q) {
        return new Expression.Quantifier(q.kind(), q.variable(),
                new Expression.Variable(PathConditions.ELEMENT, q.list().position()), q.where(), q.position());
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.value.NodeValue;

import java.util.List;

/**
 * What the {@code WHERE} of a {@code MATCH} asks of the paths a {@code shortestPath(...)} or
 * {@code allShortestPaths(...)} may return, split by when it can be checked. A condition every
 * relationship, or every node, of the path must meet ({@code all(x IN r WHERE x.w > 2)},
 * {@code none(n IN nodes(p) WHERE n:Blocked)}) is checked during the search, which never goes over
 * a relationship or into a node that fails it: the search stays breadth-first. Any other condition
 * on the path ({@code length(p) > 1}) can only be checked on whole paths, shortest first.
 *
 * @param relationships each relationship of the path must pass each of these
 * @param nodes each node of the path, its ends included, must pass each of these
 * @param path the condition on the whole path, or null
 * @param relSlot where the path's relationship list is read from while {@code path} is checked
 * @param pathSlot where the path is read from while {@code path} is checked, or -1 (no path variable)
 */
public record PathConditions(List<Expression.Quantifier> relationships, List<Expression.Quantifier> nodes,
                             Expression path, int relSlot, int pathSlot) {

    /**
     * The name the element checked is bound to: each element condition is a quantifier over a
     * one-element list of that name, so it is evaluated (nulls, types, errors) exactly as the
     * {@code all(...)} or {@code none(...)} it comes from.
     */
    public static final String ELEMENT = " element";

    public PathConditions {
        relationships = List.copyOf(relationships);
        nodes = List.copyOf(nodes);
    }

    /** Whether {@code r} may be on the path. */
    boolean admits(ExecContext ctx, Frame f, GraphRelationship r) {
        return passAll(relationships, ctx, f, r);
    }

    /** Whether {@code n} may be on the path. */
    boolean admits(ExecContext ctx, Frame f, NodeValue n) {
        return passAll(nodes, ctx, f, n);
    }

    boolean checksNodes() {
        return !nodes.isEmpty();
    }

    boolean checksPaths() {
        return path != null;
    }

    /**
     * Whether the path from {@code start} over {@code rels} meets the condition on whole paths; the
     * relationship list (and the path) are bound in {@code f} to evaluate it.
     */
    boolean accepts(ExecContext ctx, Frame f, NodeValue start, List<GraphRelationship> rels) {
        if (path == null) {
            return true;
        }
        f.set(relSlot, rels);
        if (pathSlot >= 0) {
            f.set(pathSlot, Expands.path(start, rels));
        }
        return Boolean.TRUE.equals(ctx.eval().evaluate(path, f));
    }

    private static boolean passAll(List<Expression.Quantifier> tests, ExecContext ctx, Frame f, Object element) {
        for (Expression.Quantifier q : tests) {
            if (!Boolean.TRUE.equals(ctx.eval().evaluate(q, f.with(ELEMENT, List.of(element))))) {
                return false;
            }
        }
        return true;
    }

    /** For plans: the conditions as written. */
    String describe() {
        StringBuilder b = new StringBuilder();
        int n = relationships.size() + nodes.size() + (path == null ? 0 : 1);
        b.append(n == 1 ? " (1 condition" : " (" + n + " conditions");
        if (path != null) {
            b.append(", on whole paths");
        }
        return b.append(')').toString();
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.query.eval.Row;

import java.util.List;

/**
 * {@code EXISTS { MATCH pattern [WHERE ...] }} (and {@code EXISTS { pattern }}): matched part by
 * part with {@link PatternMatcher}, the fast path; bodies with other clauses run as planned
 * subqueries ({@link SubqueryPlan}).
 */
public final class SubqueryMatcher {
    private SubqueryMatcher() {
    }

    /**
     * Whether the matcher can answer this EXISTS body: MATCH clauses (not OPTIONAL) with their
     * WHERE and without quantified path patterns, selectors or inline predicates, perhaps a final
     * RETURN, no UNION. Other bodies are planned as subqueries.
     */
    public static boolean handles(Query q) {
        if (!q.unions().isEmpty()) {
            return false;
        }
        List<Clause> clauses = q.first().clauses();
        for (int k = 0; k < clauses.size(); k++) {
            Clause c = clauses.get(k);
            boolean ok = c instanceof Clause.Match m && !m.optional()
                    && m.pattern().parts().stream().noneMatch(Pattern.Part::graphPatternMatching)
                    || (k == clauses.size() - 1 && c instanceof Clause.Return r && !r.projection().distinct()
                        && r.projection().skip() == null && r.projection().limit() == null
                        && r.projection().items().stream().noneMatch(i -> io.memgraph.ha.query.ast.Expressions
                                .anyMatch(i.expression(), io.memgraph.ha.query.eval.Aggregations::isAggregate)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean exists(TransactionGraph graph, Expression.ExistsSubquery sq, Row row, ExpressionEvaluator eval,
                          java.util.Set<String> outer) {
        if (!handles(sq.query())) {
            throw new CypherException(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                    "EXISTS { ... } with more than MATCH clauses was not planned", sq.position());
        }
        List<Clause> clauses = sq.query().first().clauses();
        java.util.Set<String> bound = new java.util.HashSet<>();
        java.util.function.Predicate<String> outerBound = outer != null ? outer::contains : row::contains;
        return new SubqueryMatcher.Search(graph, eval, v -> bound.contains(v) || outerBound.test(v), bound)
                .matchClauses(clauses, 0, 0, row);
    }

    /** Matching state: names bound by earlier parts of the subquery count as bound for later ones. */
    private record Search(TransactionGraph graph, ExpressionEvaluator eval, java.util.function.Predicate<String> isBound,
                          java.util.Set<String> local) {

    boolean matchClauses(List<Clause> clauses, int clause, int part, Row row) {
        if (clause >= clauses.size() || !(clauses.get(clause) instanceof Clause.Match m)) {
            return true;
        }
        List<Pattern.Part> parts = m.pattern().parts();
        if (part == parts.size()) {
            if (m.where() != null && !eval.isTrue(m.where(), row)) {
                return false;
            }
            return matchClauses(clauses, clause + 1, 0, row);
        }
        Pattern.Part p = parts.get(part);
        boolean[] found = {false};
        java.util.Set<String> before = java.util.Set.copyOf(local);
        new PatternMatcher(graph, eval).match(p.element(), row, isBound, (r, path) -> {
            Row next = p.pathVariable() == null ? r : r.with(p.pathVariable(), path);
            names(p, local);
            boolean ok = matchClauses(clauses, clause, part + 1, next);
            local.retainAll(before);
            if (ok) {
                found[0] = true;
                return false;
            }
            return true;
        });
        return found[0];
    }

    private static void names(Pattern.Part p, java.util.Set<String> out) {
        if (p.pathVariable() != null) {
            out.add(p.pathVariable());
        }
        if (p.element().start().variable() != null) {
            out.add(p.element().start().variable());
        }
        for (Pattern.Step s : p.element().steps()) {
            if (s.relationship().variable() != null) {
                out.add(s.relationship().variable());
            }
            if (s.node().variable() != null) {
                out.add(s.node().variable());
            }
        }
    }
    }
}

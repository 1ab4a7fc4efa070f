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
 * part with {@link PatternMatcher}. Subqueries with other clauses are refused with a clear error.
 */
final class SubqueryMatcher {
    private SubqueryMatcher() {
    }

    static boolean exists(TransactionGraph graph, Expression.ExistsSubquery sq, Row row, ExpressionEvaluator eval) {
        Query q = sq.query();
        if (!q.unions().isEmpty()) {
            throw unsupported(sq);
        }
        List<Clause> clauses = q.first().clauses();
        for (int k = 0; k < clauses.size(); k++) {
            Clause c = clauses.get(k);
            boolean ok = c instanceof Clause.Match m && !m.optional()
                    || (k == clauses.size() - 1 && c instanceof Clause.Return);
            if (!ok) {
                throw unsupported(sq);
            }
        }
        return matchClauses(graph, clauses, 0, 0, row, eval);
    }

    private static boolean matchClauses(TransactionGraph graph, List<Clause> clauses, int clause, int part, Row row,
                                        ExpressionEvaluator eval) {
        if (clause >= clauses.size() || !(clauses.get(clause) instanceof Clause.Match m)) {
            return true;
        }
        List<Pattern.Part> parts = m.pattern().parts();
        if (part == parts.size()) {
            if (m.where() != null && !eval.isTrue(m.where(), row)) {
                return false;
            }
            return matchClauses(graph, clauses, clause + 1, 0, row, eval);
        }
        Pattern.Part p = parts.get(part);
        boolean[] found = {false};
        new PatternMatcher(graph, eval).match(p.element(), row, row::contains, (r, path) -> {
            Row next = p.pathVariable() == null ? r : r.with(p.pathVariable(), path);
            if (matchClauses(graph, clauses, clause, part + 1, next, eval)) {
                found[0] = true;
                return false;
            }
            return true;
        });
        return found[0];
    }

    private static CypherException unsupported(Expression.ExistsSubquery sq) {
        return new CypherException(CypherErrorKind.INVALID_CLAUSE_COMPOSITION,
                "EXISTS { ... } supports only MATCH clauses with WHERE here", sq.position());
    }
}

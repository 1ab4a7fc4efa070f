package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Expressions;
import io.memgraph.ha.query.ast.LabelExpression;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.DynamicNames;
import io.memgraph.ha.query.eval.ExpressionEvaluator;

import java.util.Map;

/**
 * Checks of dynamic labels and types ({@code $(expr)}, Neo4j 5.26) before the query runs: where
 * each form may be written, and the value of a constant expression ({@code $(1 + 2)},
 * {@code $('')}, {@code $(null)}), which is refused at compile time as Neo4j does. Values that
 * depend on the row or on parameters are checked at run time ({@link DynamicNames}).
 */
final class DynamicLabelCheck {
    private DynamicLabelCheck() {
    }

    /**
     * Whether a node pattern of CREATE or MERGE may carry {@code e} beside its plain labels: only a
     * conjunction of {@code $(...)} / {@code $all(...)} (all the names are given to the node).
     */
    static boolean creatableLabels(LabelExpression e) {
        return e.dynamic() && LabelExpression.conjunctionOfDynamics(e) != null;
    }

    /** Whether a relationship pattern of CREATE or MERGE may have {@code e} as its type: one {@code $(...)}. */
    static boolean creatableType(LabelExpression e) {
        return e instanceof LabelExpression.Dynamic d && !d.any();
    }

    /**
     * Refuses a constant dynamic label or type whose value is not a name or a list of names (and,
     * with {@code singleTypeClause} CREATE or MERGE, a relationship type that is not exactly one).
     */
    static void constant(LabelExpression.Dynamic d, String singleTypeClause) {
        Expression e = d.expression();
        if (!isConstant(e)) {
            return;
        }
        Object value = new ExpressionEvaluator(Map.of()).evaluate(e, io.memgraph.ha.query.eval.Row.EMPTY);
        try {
            if (singleTypeClause != null) {
                DynamicNames.type(value, d.text());
            } else {
                DynamicNames.labels(value, d.text());
            }
        } catch (CypherException ex) {
            throw new CypherSemanticException(CypherErrorKind.INVALID_ARGUMENT_TYPE, ex.getMessage(), d.position());
        }
    }

    /** No variable, parameter, pattern or subquery: the value is known before the query runs. */
    private static boolean isConstant(Expression e) {
        return !Expressions.anyMatch(e, x -> x instanceof Expression.Variable || x instanceof Expression.Parameter
                || x instanceof Expression.PatternPredicate || x instanceof Expression.PatternComprehension
                || x instanceof Expression.Subquery || x instanceof Expression.ExistsSubquery
                || x instanceof Expression.MapProjection || x instanceof Expression.ListComprehension
                || x instanceof Expression.Quantifier || x instanceof Expression.Reduce
                || x instanceof Expression.CountStar
                || (x instanceof Expression.FunctionCall f && io.memgraph.ha.query.eval.Aggregations.isAggregate(f.name())));
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.Functions;
import io.memgraph.ha.query.eval.Row;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.PathValue;

import java.util.function.Supplier;

/**
 * Memgraph's filter lambda {@code (e, n[, p[, w]] | body)}, evaluated for one step of a walk: the
 * depth-first {@code *} ({@link Expands.VarLengthExpand}) and the traversals ({@link TraversalExpand}).
 */
final class ExpansionFilter {
    private ExpansionFilter() {
    }

    /**
     * Whether {@code lambda} lets the walk go over {@code r} to {@code node}, reading the row's
     * variables besides its own; {@code path} is the path so far, {@code r} and {@code node}
     * included, {@code weight} its weight (each made only when the lambda names it). Null refuses.
     */
    static boolean pass(ExecContext ctx, Row row, Pattern.Lambda lambda, GraphRelationship r, long node,
                        Supplier<PathValue> path, Object weight) {
        Row inner = row.with(lambda.edge(), r).with(lambda.node(), new GraphNode(node));
        if (lambda.path() != null) {
            inner = inner.with(lambda.path(), path.get());
        }
        if (lambda.weight() != null) {
            inner = inner.with(lambda.weight(), weight);
        }
        Object v = ctx.eval().evaluate(lambda.body(), inner);
        if (v != null && !(v instanceof Boolean)) {
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Expansion condition must evaluate to "
                    + "boolean or null, got " + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
        }
        return Boolean.TRUE.equals(v);
    }
}

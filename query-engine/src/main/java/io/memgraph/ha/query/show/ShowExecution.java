package io.memgraph.ha.query.show;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.ast.ShowTail;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.query.exec.ExecContext;
import io.memgraph.ha.query.exec.PatternScopes;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.query.exec.QueryExecution;
import io.memgraph.ha.query.exec.RowsExecution;
import io.memgraph.ha.query.exec.TransactionGraph;
import io.memgraph.ha.query.plan.Planner;
import io.memgraph.ha.query.plan.QueryPlan;
import io.memgraph.ha.storage.Transaction;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of a SHOW command (or {@code TERMINATE TRANSACTIONS}) from its full table, for every
 * such command alike: without a tail its default columns; with one, the tail planned as the query
 * it means ({@link ShowTail#query}) over the table's rows and run by the engine's own operators,
 * so YIELD, WHERE and RETURN have the whole expression language, aggregation, ORDER BY, SKIP and
 * LIMIT.
 */
public final class ShowExecution {
    private ShowExecution() {
    }

    /**
     * Starts the result of {@code command} whose table is {@code table}.
     *
     * @param table one row per item, one value per column of {@link ShowColumns#of} the command
     * @param resultColumns the result's columns, as semantic analysis found them
     * @param tx the transaction the tail may read (an {@code EXISTS { }} in its WHERE)
     * @param parameters the query's parameters, normalized
     */
    public static Execution start(Statement.Listing command, List<Object[]> table, List<String> resultColumns,
                                  Transaction tx, Map<String, Object> parameters, QueryControl control,
                                  Procedures procedures) {
        ShowColumns columns = ShowColumns.of(command);
        ShowTail tail = command.tail();
        if (tail == null) {
            List<Object[]> shown = new ArrayList<>(table.size());
            for (Object[] row : table) {
                shown.add(columns.defaultsOf(row));
            }
            return new RowsExecution(columns.defaults(), shown, QueryType.READ_ONLY, Map.of(),
                    new TransactionGraph(tx, control, PatternScopes.NONE));
        }
        List<String> visible = tail.visible(columns.all(), columns.defaults());
        QueryPlan plan = Planner.planOver(tail.query(columns.all(), columns.defaults()), resultColumns,
                describe(command), table, visible, columns.indexes(visible), tx, procedures);
        TransactionGraph graph = new TransactionGraph(tx, control, plan.scopes());
        ExpressionEvaluator evaluator = new ExpressionEvaluator(parameters, graph,
                Clock.fixed(Instant.now(), ZoneId.systemDefault()));
        return new QueryExecution(plan, new ExecContext(tx, graph, evaluator, control, false));
    }

    private static String describe(Statement.Listing command) {
        String name = command.getClass().getSimpleName(); // ShowIndexes, TerminateTransactions, ...
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT);
    }
}

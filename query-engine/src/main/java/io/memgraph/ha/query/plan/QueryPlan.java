package io.memgraph.ha.query.plan;

import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.exec.Operator;
import io.memgraph.ha.query.exec.PatternScopes;
import io.memgraph.ha.query.exec.Symbols;

import java.util.List;

/**
 * A planned query: one operator tree per UNION part. Immutable and free of parameter values, so
 * it is cached by query text and shared by concurrent executions.
 *
 * @param parts    the single queries, in order
 * @param distinct UNION (not UNION ALL): rows equal to an earlier one are dropped
 * @param columns  the result columns
 * @param type     read, write or read-write
 * @param writes   the query changes the graph: executions run it to the end on the first pull
 * @param scopes   the bound variables of pattern expressions, by where they were planned
 */
public record QueryPlan(List<Part> parts, boolean distinct, List<String> columns, QueryType type, boolean writes,
                        PatternScopes scopes) {
    public QueryPlan {
        parts = List.copyOf(parts);
        columns = List.copyOf(columns);
    }

    /**
     * One single query's plan.
     *
     * @param root        the operator that produces its rows
     * @param symbols     its frame layout
     * @param outputSlots the slots of the result columns, in column order
     */
    public record Part(Operator root, Symbols symbols, int[] outputSlots) {}
}

package io.memgraph.ha.query.plan;

import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.exec.Operator;
import io.memgraph.ha.query.exec.PatternScopes;
import io.memgraph.ha.query.exec.Symbols;

import io.memgraph.ha.query.notice.NameChecks;
import io.memgraph.ha.query.notice.Notification;

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
 * @param notifications what analysis and planning found to tell about the query's text and the
 *                      schema it was planned for (hints, cartesian products, deprecations):
 *                      every execution of the plan reports them
 * @param names    the labels, types and property keys its MATCH clauses name, checked per execution
 */
public record QueryPlan(List<Part> parts, boolean distinct, List<String> columns, QueryType type, boolean writes,
                        PatternScopes scopes, List<Notification> notifications, NameChecks names) {
    public QueryPlan {
        parts = List.copyOf(parts);
        columns = List.copyOf(columns);
        notifications = List.copyOf(notifications);
    }

    /** A plan with nothing to report. */
    public QueryPlan(List<Part> parts, boolean distinct, List<String> columns, QueryType type, boolean writes,
                     PatternScopes scopes) {
        this(parts, distinct, columns, type, writes, scopes, List.of(), NameChecks.NONE);
    }

    /** This plan reporting {@code more} (analysis found them) before its own notifications. */
    public QueryPlan withNotifications(List<Notification> more) {
        return more.isEmpty() ? this : new QueryPlan(parts, distinct, columns, type, writes, scopes,
                io.memgraph.ha.query.notice.Notifications.concat(more, notifications), names);
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

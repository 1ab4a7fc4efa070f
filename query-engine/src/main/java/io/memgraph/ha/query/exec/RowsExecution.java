package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.eval.GraphAccessor;
import io.memgraph.ha.query.notice.Notification;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A result computed up front: EXPLAIN, PROFILE, SHOW ... INFO and schema statements. */
public final class RowsExecution implements Execution {
    private final List<String> columns;
    private final List<Object[]> rows;
    private final QueryType type;
    private final Map<String, Object> stats;
    private final GraphAccessor accessor;
    private final List<Notification> notifications;
    private int next;

    /** A fixed result. */
    public RowsExecution(List<String> columns, List<Object[]> rows, QueryType type, Map<String, Object> stats,
                         GraphAccessor accessor) {
        this(columns, rows, type, stats, accessor, List.of());
    }

    /** A fixed result with notifications for its summary. */
    public RowsExecution(List<String> columns, List<Object[]> rows, QueryType type, Map<String, Object> stats,
                         GraphAccessor accessor, List<Notification> notifications) {
        this.notifications = List.copyOf(notifications);
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        this.type = type;
        this.stats = Map.copyOf(stats);
        this.accessor = accessor;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean pull(long n, Consumer<Object[]> sink) {
        long emitted = 0;
        while (next < rows.size() && (n < 0 || emitted < n)) {
            sink.accept(rows.get(next++));
            emitted++;
        }
        return next < rows.size();
    }

    @Override
    public QueryType type() {
        return type;
    }

    @Override
    public Map<String, Object> stats() {
        return stats;
    }

    @Override
    public List<Notification> notifications() {
        return notifications;
    }

    @Override
    public GraphAccessor accessor() {
        return accessor;
    }

    @Override
    public void close() {
        next = rows.size();
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.GraphAccessor;
import io.memgraph.ha.query.notice.Notification;
import io.memgraph.ha.query.plan.QueryPlan;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.storage.StorageException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a {@link QueryPlan}: UNION parts one after the other, rows pulled lazily from the root
 * operator. A query that writes runs to its end on the first pull (its effects must not depend
 * on how many records the client reads); its rows are then served from memory.
 */
public final class QueryExecution implements Execution {
    private final QueryPlan plan;
    private final ExecContext ctx;
    private final Set<CypherValues.Key> seen;
    private final List<Notification> notifications;
    private int part = -1;
    private Cursor cursor;
    private Frame frame;
    private List<Object[]> buffered;
    private int bufferedNext;
    private boolean done;
    private boolean closed;

    /** Starts {@code plan} in {@code ctx}; nothing runs until the first pull. */
    public QueryExecution(QueryPlan plan, ExecContext ctx) {
        this(plan, ctx, List.of());
    }

    /** As {@link #QueryExecution(QueryPlan, ExecContext)}, reporting {@code notifications}. */
    public QueryExecution(QueryPlan plan, ExecContext ctx, List<Notification> notifications) {
        this.plan = plan;
        this.ctx = ctx;
        this.seen = plan.distinct() ? new HashSet<>() : null;
        this.notifications = notifications;
    }

    @Override
    public List<Notification> notifications() {
        return notifications;
    }

    @Override
    public List<String> columns() {
        return plan.columns();
    }

    @Override
    public boolean pull(long n, Consumer<Object[]> sink) throws CypherException {
        if (closed || done) {
            return false;
        }
        try {
            if (plan.writes() && buffered == null) {
                buffered = new ArrayList<>();
                Object[] row;
                while ((row = nextRow()) != null) {
                    buffered.add(row);
                }
            }
            long emitted = 0;
            while (n < 0 || emitted < n) {
                Object[] row;
                if (buffered != null) {
                    row = bufferedNext < buffered.size() ? buffered.get(bufferedNext) : null;
                    if (row != null) {
                        buffered.set(bufferedNext++, null);
                    }
                } else {
                    row = nextRow();
                }
                if (row == null) {
                    end();
                    return false;
                }
                sink.accept(row);
                emitted++;
            }
            boolean more = buffered != null ? bufferedNext < buffered.size() : peekMore();
            if (!more) {
                end();
            }
            return more;
        } catch (StorageException e) {
            end();
            throw new StatusException(io.memgraph.ha.query.error.CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "Neo.ClientError.Statement.EntityNotFound", e.getMessage());
        } catch (RuntimeException | Error e) {
            end();
            throw e;
        }
    }

    /** No more rows will be computed: files the operators opened are closed now, not when the client lets go. */
    private void end() {
        done = true;
        ctx.closeResources();
    }

    private Object[] peeked;

    /** Whether another row exists; computes it ahead (one row) when streaming. */
    private boolean peekMore() {
        if (peeked == null) {
            peeked = nextRowRaw();
        }
        return peeked != null;
    }

    private Object[] nextRow() {
        if (peeked != null) {
            Object[] r = peeked;
            peeked = null;
            return r;
        }
        return nextRowRaw();
    }

    private Object[] nextRowRaw() {
        while (true) {
            if (cursor == null) {
                part++;
                if (part >= plan.parts().size()) {
                    return null;
                }
                QueryPlan.Part p = plan.parts().get(part);
                frame = new Frame(p.symbols());
                ctx.check();
                cursor = p.root().open(ctx);
            }
            if (!cursor.next(frame)) {
                cursor = null;
                continue;
            }
            if (plan.columns().isEmpty()) {
                continue; // no RETURN: run for the effects, produce no records
            }
            int[] slots = plan.parts().get(part).outputSlots();
            Object[] row = new Object[slots.length];
            for (int i = 0; i < slots.length; i++) {
                row[i] = frame.get(slots[i]);
            }
            if (seen != null && !seen.add(new CypherValues.Key(java.util.Arrays.asList(row)))) {
                continue;
            }
            return row;
        }
    }

    /** Runs the rest of the query, dropping its rows (PROFILE, and DISCARD of a whole result). */
    public void drain() {
        pull(-1, r -> { });
    }

    @Override
    public QueryType type() {
        return plan.type();
    }

    @Override
    public Map<String, Object> stats() {
        return new LinkedHashMap<>(ctx.counters());
    }

    @Override
    public GraphAccessor accessor() {
        // Clients may receive entities the query deleted (DELETE n RETURN n): read them as empty.
        return ctx.graph().lenient();
    }

    @Override
    public void close() {
        closed = true;
        cursor = null;
        buffered = null;
        ctx.closeResources();
    }
}

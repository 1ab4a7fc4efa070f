package io.memgraph.ha.query;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.GraphAccessor;
import io.memgraph.ha.query.notice.Notification;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A started query: rows are produced lazily by {@link #pull}, so a client that pulls n records
 * makes the engine compute about n rows (where the plan allows: aggregation, ORDER BY and write
 * queries compute everything on the first pull). Belongs to one thread at a time, like the
 * transaction it runs in.
 */
public interface Execution extends AutoCloseable {

    /** The result column names, in order. */
    List<String> columns();

    /**
     * Emits up to {@code n} rows ({@code n < 0}: all) to {@code sink}; each row holds one value per
     * column, in the engine's value model. Returns true when more rows remain.
     */
    boolean pull(long n, Consumer<Object[]> sink) throws CypherException;

    /** Whether the statement reads, writes or changes the schema. */
    QueryType type();

    /**
     * The Bolt summary counters that are non-zero so far: {@code nodes-created},
     * {@code nodes-deleted}, {@code relationships-created}, {@code relationships-deleted},
     * {@code properties-set}, {@code labels-added}, {@code labels-removed}, {@code indexes-added},
     * {@code indexes-removed}, {@code constraints-added}, {@code constraints-removed}.
     */
    Map<String, Object> stats();

    /**
     * The notifications for the result summary (Neo4j's warnings and information: unfulfillable
     * hints, cartesian products, unknown names, deprecations, schema commands that did nothing),
     * known when the execution starts. The shared empty list when there are none.
     */
    default List<Notification> notifications() {
        return List.of();
    }

    /**
     * Reads labels, properties, types and endpoints of the nodes and relationships in the rows;
     * valid while the transaction is open.
     */
    GraphAccessor accessor();

    /** Stops the query; rows not pulled are dropped. Idempotent. */
    @Override
    void close();
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;

/**
 * A query stopped from outside: cancelled (Bolt RESET), past its time limit
 * ({@code --query-execution-time-sec}) or its memory limit ({@code --query-memory-limit-mb}).
 * Carries its own Neo4j status code, because these are not errors of the query text.
 */
public final class QueryStoppedException extends CypherException {
    private static final long serialVersionUID = 1L;

    private QueryStoppedException(String statusCode, String message) {
        super(CypherErrorKind.INVALID_ARGUMENT_VALUE, statusCode, message);
    }

    /** The query was cancelled (RESET or an explicit termination). */
    public static QueryStoppedException terminated() {
        return new QueryStoppedException("Neo.TransientError.Transaction.Terminated",
                "The transaction has been terminated. Retry your operation in a new transaction, "
                        + "and you should see a successful result. Explicitly terminated by the user.");
    }

    /** The query ran longer than allowed. */
    public static QueryStoppedException timedOut(long seconds) {
        return new QueryStoppedException("Neo.ClientError.Transaction.TransactionTimedOut",
                "The query was stopped because it ran longer than the limit"
                        + (seconds >= 0 ? " of " + seconds + " s" : "")
                        + " set by --query-execution-time-sec.");
    }

    /**
     * The query's structures would hold more than its limit: {@code used} bytes already and
     * {@code more} wanted. Transient, as in Neo4j: the same query may fit when run with less data
     * or a higher limit, and other queries are not affected.
     */
    public static QueryStoppedException outOfMemory(long limit, long used, long more) {
        return new QueryStoppedException("Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                "The query was stopped because it needs more memory than its limit of " + mib(limit)
                        + " set by --query-memory-limit-mb (it held " + mib(used) + " and asked for "
                        + mib(more) + " more).");
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}

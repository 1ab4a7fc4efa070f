package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;

/**
 * A query stopped from outside: cancelled (Bolt RESET) or past its deadline
 * ({@code --query-execution-time-sec}). Carries its own Neo4j status code, because these are not
 * errors of the query text.
 */
public final class QueryStoppedException extends CypherException {
    private static final long serialVersionUID = 1L;

    private final String statusCode;

    private QueryStoppedException(String statusCode, String message) {
        super(CypherErrorKind.INVALID_ARGUMENT_VALUE, message);
        this.statusCode = statusCode;
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

    @Override
    public String statusCode() {
        return statusCode;
    }
}

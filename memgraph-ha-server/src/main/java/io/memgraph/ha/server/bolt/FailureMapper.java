package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.parse.PasswordRedaction;
import io.memgraph.ha.raft.node.NodeShutdownException;
import io.memgraph.ha.raft.node.NotLeaderException;
import io.memgraph.ha.raft.node.OutcomeUnknownException;
import io.memgraph.ha.raft.node.ProposalLostException;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.StorageException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what went wrong while running a query into the Bolt FAILURE a client sees, with the codes
 * of DESIGN.md section 7. The code's classification decides whether drivers retry: a write conflict
 * is a {@code TransientError} (retried), a constraint violation a {@code ClientError} (not retried),
 * and {@code Neo.DatabaseError.General.UnknownError} is reserved for bugs, which are logged with
 * their stack trace while the client gets one line.
 */
public final class FailureMapper {
    private static final Logger LOG = LoggerFactory.getLogger(FailureMapper.class);

    /** A write-write conflict: another transaction committed a change to an object this one wrote. */
    public static final String OUTDATED = "Neo.TransientError.Transaction.Outdated";
    /** A unique or existence constraint would be violated. */
    public static final String CONSTRAINT_VALIDATION_FAILED = "Neo.ClientError.Schema.ConstraintValidationFailed";
    /** A write query in a transaction the client opened in read mode. */
    public static final String ACCESS_MODE = "Neo.ClientError.Statement.AccessMode";
    /** A statement that is well formed but cannot run (also: schema rules that do not allow it). */
    public static final String SEMANTIC_ERROR = "Neo.ClientError.Statement.SemanticError";
    /** A transaction stopped by {@code TERMINATE TRANSACTIONS} (Neo4j 5's code: drivers do not retry it). */
    public static final String TERMINATED = "Neo.ClientError.Transaction.Terminated";
    /** A transaction-control misuse, e.g. COMMIT without a transaction. */
    public static final String TRANSACTION_NOT_FOUND = "Neo.ClientError.Transaction.TransactionNotFound";
    /** A statement that may not run in this kind of transaction (user management in an explicit one). */
    public static final String FORBIDDEN_IN_TRANSACTION = "Neo.ClientError.Transaction.ForbiddenDueToTransactionType";
    /** A request field with a value the server cannot use (e.g. a malformed {@code ha_tx_id}). */
    public static final String REQUEST_INVALID = "Neo.ClientError.Request.Invalid";
    /** A bookmark this server cannot read or has not reached in time. */
    public static final String INVALID_BOOKMARK = "Neo.ClientError.Transaction.InvalidBookmark";
    /** The bookmark's index was not applied within the wait. */
    public static final String BOOKMARK_TIMEOUT = "Neo.TransientError.Transaction.BookmarkTimeout";
    /**
     * The transaction with this {@code ha_tx_id} did not commit and never will: a resolve fence for
     * the id is in the log before any commit of it. Running it again with a new id is safe.
     */
    public static final String NOT_COMMITTED = "Neo.TransientError.Transaction.NotCommitted";
    /** The commit was not known to be replicated in time: its outcome is unknown. */
    public static final String REPLICATION_TIMEOUT = "Neo.TransientError.Cluster.ReplicationTimeout";
    /** This server is not the Raft leader: writes go to the leader. */
    public static final String NOT_A_LEADER = "Neo.ClientError.Cluster.NotALeader";
    /** The server cannot take the write now (overloaded or shutting down); nothing was written. */
    public static final String SERVICE_UNAVAILABLE = "Neo.TransientError.General.DatabaseUnavailable";

    private FailureMapper() {
    }

    /**
     * Maps an exception thrown while parsing, planning or running a query.
     *
     * @param e what was thrown
     * @param query the query text, for the log line of a bug (passwords in it are hidden)
     * @return the failure to send
     */
    public static BoltFailureException map(Throwable e, String query) {
        if (e instanceof BoltFailureException b) {
            return b;
        }
        if (e instanceof CypherException c) {
            // Syntax errors already carry "(line L, column C (offset: O))" and an excerpt.
            return new BoltFailureException(c.statusCode(), c.getMessage(), c);
        }
        if (e instanceof StorageException s) {
            String message = s.getMessage();
            if (message != null && message.contains("still has edges")) {
                return new BoltFailureException(CONSTRAINT_VALIDATION_FAILED,
                        "Cannot delete a node that still has relationships (" + message + ")", s);
            }
            return new BoltFailureException(SEMANTIC_ERROR, message, s);
        }
        LOG.error("Bug while running query '{}'", oneLine(PasswordRedaction.redact(query)), e);
        return new BoltFailureException(BoltFailureException.UNKNOWN_ERROR,
                "Internal server error (" + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
                        + "); the server log has the details", e);
    }

    /**
     * Maps a commit that storage refused.
     *
     * @param result the refused apply result
     * @return the failure to send
     */
    public static BoltFailureException rejected(ApplyResult result) {
        if (result.committed()) {
            throw new IllegalArgumentException("result at index " + result.index() + " was committed");
        }
        return switch (result.reason()) {
            case CONFLICT -> new BoltFailureException(OUTDATED,
                    "Cannot commit: a concurrent transaction changed the same data first (" + result.message()
                            + "); retry the transaction");
            case CONSTRAINT_VIOLATION -> new BoltFailureException(CONSTRAINT_VALIDATION_FAILED, result.message());
            case INVALID -> new BoltFailureException(SEMANTIC_ERROR, result.message());
            case NOT_COMMITTED -> new BoltFailureException(NOT_COMMITTED, result.message());
        };
    }

    /**
     * Maps a failure of {@link Committer#commit}: what Raft says when the write set could not be
     * applied, or when nobody can tell whether it will be.
     *
     * @param e what the committer threw
     * @param leaderBoltAddress the leader's Bolt address as {@code host:port}, or null if unknown
     * @return the failure to send
     */
    public static BoltFailureException commitFailure(RuntimeException e, String leaderBoltAddress) {
        if (e instanceof OutcomeUnknownException u) {
            return new BoltFailureException(REPLICATION_TIMEOUT, "The outcome of the commit is unknown: it may or"
                    + " may not have been applied (" + u.getMessage() + "); check the data before retrying", u);
        }
        if (e instanceof NotLeaderException n) {
            String where = leaderBoltAddress != null ? "the leader is at " + leaderBoltAddress
                    : n.leaderId() != 0 ? "the leader is server " + n.leaderId() + " (its Bolt address is unknown here)"
                    : "the leader is unknown";
            return new BoltFailureException(NOT_A_LEADER,
                    "This server is not the leader, so it cannot commit writes; " + where, n);
        }
        if (e instanceof ProposalLostException || e instanceof RejectedExecutionException
                || e instanceof NodeShutdownException) {
            return new BoltFailureException(SERVICE_UNAVAILABLE,
                    "The commit was not accepted and nothing was written (" + oneLine(e.getMessage()) + "); retry", e);
        }
        return map(e, "COMMIT");
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}

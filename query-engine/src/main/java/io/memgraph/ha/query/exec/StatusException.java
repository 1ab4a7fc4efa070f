package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;

/**
 * A run-time error whose Neo4j status code is not one of the Cypher front end's kinds, e.g.
 * deleting a node that still has relationships ({@code Neo.ClientError.Schema.ConstraintValidationFailed}).
 */
public final class StatusException extends CypherException {
    private static final long serialVersionUID = 1L;

    /** An error with an explicit status code; {@code kind} stays for the TCK detail. */
    public StatusException(CypherErrorKind kind, String statusCode, String message) {
        super(kind, statusCode, message);
    }

    /** Deleting a node with relationships without DETACH. */
    public static StatusException deleteConnectedNode(long id) {
        return new StatusException(CypherErrorKind.DELETE_CONNECTED_NODE,
                CypherErrorKind.DELETE_CONNECTED_NODE.statusCode(),
                "Cannot delete node<" + id + ">, because it still has relationships. "
                        + "To delete this node, you must first delete its relationships (or use DETACH DELETE).");
    }
}

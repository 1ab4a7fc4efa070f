package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;

/**
 * A query that parses but cannot mean anything: an undefined variable, a misplaced aggregate, a
 * UNION of different columns... Its {@link #kind()} names the error as the openCypher TCK does;
 * the status code is {@code Neo.ClientError.Statement.SemanticError}. The message ends with the
 * position, as Neo4j's do.
 */
public final class CypherSemanticException extends CypherException {
    private static final long serialVersionUID = 1L;

    /** An error of {@code kind} at {@code position} (may be null when the query has no single place). */
    public CypherSemanticException(CypherErrorKind kind, String message, Position position) {
        super(kind, position == null ? message : message + " (" + position + ")", position);
    }
}

package io.memgraph.ha.query.error;

import io.memgraph.ha.query.ast.Position;

/**
 * An error in a Cypher query that the client caused: a syntax error, a semantic error found before
 * execution, or a type/argument/arithmetic error found while evaluating. It carries the kind (and
 * so the Neo4j status code) and, where known, the position in the query text.
 */
public class CypherException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final CypherErrorKind kind;
    /** The Neo4j status code when it is not the kind's own, else null. */
    private final String statusCode;
    private final transient Position position;

    /** An error without a known position in the query text. */
    public CypherException(CypherErrorKind kind, String message) {
        this(kind, null, message, null);
    }

    /** An error at {@code position} (may be null when unknown). */
    public CypherException(CypherErrorKind kind, String message, Position position) {
        this(kind, null, message, position);
    }

    /**
     * An error of run time whose Neo4j status code is not {@code kind}'s (a query stopped from
     * outside, a constraint found at commit); {@code kind} stays for the TCK's detail.
     */
    protected CypherException(CypherErrorKind kind, String statusCode, String message) {
        this(kind, statusCode, message, null);
    }

    private CypherException(CypherErrorKind kind, String statusCode, String message, Position position) {
        super(message);
        this.kind = kind;
        this.statusCode = statusCode;
        this.position = position;
    }

    /** The kind of error. */
    public CypherErrorKind kind() {
        return kind;
    }

    /** The Neo4j status code, e.g. {@code Neo.ClientError.Statement.TypeError}. */
    public String statusCode() {
        return statusCode != null ? statusCode : kind.statusCode();
    }

    /** Where in the query the error is, or null when unknown (e.g. errors of evaluation). */
    public Position position() {
        return position;
    }
}

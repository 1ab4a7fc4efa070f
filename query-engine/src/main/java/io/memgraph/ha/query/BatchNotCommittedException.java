package io.memgraph.ha.query;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;

/**
 * A batch of {@code CALL { } IN TRANSACTIONS} whose commit was refused, and so is known not to be
 * written: a constraint violation or a write conflict found when it was applied. Thrown by
 * {@link TransactionBatches#commitAndBegin}; {@code ON ERROR CONTINUE | BREAK} take it as the
 * batch's failure. Never for a commit whose outcome is unknown.
 */
public final class BatchNotCommittedException extends CypherException {
    private static final long serialVersionUID = 1L;

    /**
     * @param statusCode the Neo4j status code of the refusal, e.g.
     *                   {@code Neo.ClientError.Schema.ConstraintValidationFailed}
     * @param message    why it was refused, as a client would read it
     */
    public BatchNotCommittedException(String statusCode, String message) {
        super(CypherErrorKind.INVALID_ARGUMENT_VALUE, statusCode, message);
    }
}

package io.memgraph.ha.query.csv;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.exec.StatusException;

/** The one status code every {@code LOAD CSV} failure has, as in Neo4j: the external resource failed. */
final class CsvErrors {
    static final String STATUS = "Neo.ClientError.Statement.ExternalResourceFailed";

    private CsvErrors() {
    }

    static StatusException failure(String message) {
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, STATUS, message);
    }
}

package io.memgraph.ha.query.csv;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.exec.StatusException;

/**
 * The one status code every failure to read an import file has ({@code LOAD CSV}, {@code apoc.load.*},
 * {@code json_util.*}), as in Neo4j: the external resource failed.
 */
public final class CsvErrors {
    public static final String STATUS = "Neo.ClientError.Statement.ExternalResourceFailed";

    private CsvErrors() {
    }

    /** A one-line failure to read an import file. */
    public static StatusException failure(String message) {
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, STATUS, message);
    }
}

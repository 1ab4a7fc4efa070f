package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherValues;

/** Builders for the run-time errors the evaluator raises, so their wording stays uniform. */
final class Errors {
    private Errors() {
    }

    static CypherException typeMismatch(String message) {
        return new CypherException(CypherErrorKind.TYPE_MISMATCH, message);
    }

    /** A wrong argument type: names the function, the argument and what it got. */
    static CypherException argumentType(String function, int argument, String expected, Object actual) {
        return new CypherException(CypherErrorKind.TYPE_MISMATCH,
                "Type mismatch: expected " + expected + " for argument " + argument + " of " + function
                        + "() but was " + CypherValues.typeName(actual) + " (" + Functions.show(actual) + ")");
    }

    /** Like {@link #argumentType} but an ArgumentError, as openCypher classifies {@code range()}'s bounds. */
    static CypherException invalidArgumentType(String function, int argument, String expected, Object actual) {
        return new CypherException(CypherErrorKind.ARGUMENT_INVALID_ARGUMENT_TYPE,
                "Invalid argument type: expected " + expected + " for argument " + argument + " of " + function
                        + "() but was " + CypherValues.typeName(actual) + " (" + Functions.show(actual) + ")");
    }

    static CypherException argumentValue(String message) {
        return new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, message);
    }

    static CypherException overflow(String what) {
        return new CypherException(CypherErrorKind.INTEGER_OVERFLOW, "integer overflow: " + what);
    }

    static CypherException divisionByZero() {
        return new CypherException(CypherErrorKind.DIVISION_BY_ZERO, "/ by zero");
    }
}

package io.memgraph.ha.tck;

import java.util.List;

/**
 * What running one query produced: the columns and converted rows, or the error and the phase it
 * surfaced in.
 *
 * @param columns result column names (empty on error)
 * @param rows    rows in the TCK comparison model (empty on error)
 * @param error   the failure, or null when the query succeeded and committed
 */
record QueryOutcome(List<String> columns, List<List<Object>> rows, Failure error) {

    /** When an error surfaced: while compiling ({@code execute}) or while running (pull, commit). */
    enum Phase {
        COMPILE("compile time"), RUNTIME("runtime");

        private final String tckName;

        Phase(String tckName) {
            this.tckName = tckName;
        }

        /** The phase as the TCK writes it. */
        String tckName() {
            return tckName;
        }
    }

    /**
     * A failed query.
     *
     * @param phase      where it surfaced
     * @param type       the TCK error type (e.g. {@code TypeError}), or null when the engine threw
     *                   something that is not a Cypher error (a bug) or the query timed out
     * @param detail     the TCK error detail (e.g. {@code InvalidArgumentType}), or null as above
     * @param compileKind whether the error's kind is a compile-time kind (syntax or semantic)
     * @param description one line for people: status code or exception class, and message
     */
    record Failure(Phase phase, String type, String detail, boolean compileKind, String description) {
    }

    static QueryOutcome success(List<String> columns, List<List<Object>> rows) {
        return new QueryOutcome(List.copyOf(columns), rows, null);
    }

    static QueryOutcome failure(Failure f) {
        return new QueryOutcome(List.of(), List.of(), f);
    }

    boolean failed() {
        return error != null;
    }
}

package io.memgraph.ha.query;

/**
 * What a statement does, as Bolt reports it in the summary's {@code type} field.
 */
public enum QueryType {
    /** Reads only. */
    READ_ONLY("r"),
    /** Reads and writes. */
    READ_WRITE("rw"),
    /** Writes without reading the graph. */
    WRITE("w"),
    /** Changes indexes or constraints. */
    SCHEMA_WRITE("s");

    private final String code;

    QueryType(String code) {
        this.code = code;
    }

    /** The Bolt code: {@code r}, {@code rw}, {@code w} or {@code s}. */
    public String code() {
        return code;
    }
}

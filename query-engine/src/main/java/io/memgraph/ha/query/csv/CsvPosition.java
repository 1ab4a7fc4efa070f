package io.memgraph.ha.query.csv;

/**
 * Where the current row of a {@code LOAD CSV} came from: what {@code file()} and
 * {@code linenumber()} return. It travels with the row in a slot of its own under
 * {@link #VARIABLE}, a name no query can write, so the functions answer for the row they are
 * evaluated on (after a WITH, in a subquery, in a later batch of CALL IN TRANSACTIONS), as in
 * Neo4j, where they follow the most recent LOAD CSV of the row.
 *
 * @param file the file's real path
 * @param line the line the row starts on (the header is line 1)
 */
public record CsvPosition(String file, long line) {
    /** The hidden variable that holds the position. */
    public static final String VARIABLE = " load csv position";
}

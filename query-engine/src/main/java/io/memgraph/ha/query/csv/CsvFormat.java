package io.memgraph.ha.query.csv;

/**
 * How one {@code LOAD CSV} clause reads its file. The two syntaxes differ in more than words, and
 * each keeps its product's rules:
 * <ul>
 *   <li>{@link Dialect#NEO4J}: an empty unquoted field is null ({@code ""} is the empty string); a
 *   backslash before a quote inside quotes escapes it (Neo4j's default
 *   {@code dbms.import.csv.legacy_quote_escaping}); with headers, a short row's missing columns are
 *   null, a long row's extra fields are dropped, a column whose header is empty is left out and a
 *   repeated header name takes the later column.</li>
 *   <li>{@link Dialect#MEMGRAPH}: every field is a string (empty too) unless it equals
 *   {@code nullIf}; with a header, a row must have as many fields as the header (else it is a bad
 *   row), and the header must name every column once.</li>
 * </ul>
 *
 * @param dialect whose syntax the clause was written in
 * @param headers whether the first row names the columns (rows are then maps)
 * @param delimiter the field separator
 * @param quote the quote character
 * @param nullIf the field text read as null (Memgraph's NULLIF), or null for none
 * @param ignoreBad skip malformed rows instead of failing (Memgraph's IGNORE BAD)
 */
public record CsvFormat(Dialect dialect, boolean headers, char delimiter, char quote, String nullIf,
                        boolean ignoreBad) {

    /** The product whose syntax, and so whose rules, a clause uses. */
    public enum Dialect { NEO4J, MEMGRAPH }
}

package io.memgraph.ha.query.error;

import io.memgraph.ha.query.ast.Position;

/**
 * A syntax error with its 1-based line and column, the 0-based offset and the offending line of
 * the query. The message follows Neo4j's shape:
 * {@code Invalid input 'X': expected ... (line 1, column 8 (offset: 7))}, followed by the query
 * line and a caret under the error.
 */
public final class CypherSyntaxException extends CypherException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final int offset;
    private final String excerpt;
    private final String shortMessage;

    /**
     * @param kind         the detail (usually {@link CypherErrorKind#UNEXPECTED_SYNTAX})
     * @param shortMessage the message without the position, e.g. {@code Invalid input 'X': expected 'Y'}
     * @param query        the whole query text, to cut the excerpt from
     * @param position     where the error is
     */
    public CypherSyntaxException(CypherErrorKind kind, String shortMessage, String query, Position position) {
        super(kind, format(shortMessage, query, position), position);
        this.line = position.line();
        this.column = position.column();
        this.offset = position.offset();
        this.excerpt = lineOf(query, position.offset());
        this.shortMessage = shortMessage;
    }

    private static String format(String shortMessage, String query, Position p) {
        String excerpt = lineOf(query, p.offset());
        return shortMessage + " (line " + p.line() + ", column " + p.column() + " (offset: " + p.offset() + "))"
                + "\n\"" + excerpt + "\"\n" + " ".repeat(Math.max(0, p.column())) + "^";
    }

    private static String lineOf(String query, int offset) {
        int o = Math.min(Math.max(offset, 0), query.length());
        int start = o;
        while (start > 0 && query.charAt(start - 1) != '\n' && query.charAt(start - 1) != '\r') {
            start--;
        }
        int end = o;
        while (end < query.length() && query.charAt(end) != '\n' && query.charAt(end) != '\r') {
            end++;
        }
        return query.substring(start, end);
    }

    /** 1-based line of the error. */
    public int line() {
        return line;
    }

    /** 1-based column of the error. */
    public int column() {
        return column;
    }

    /** 0-based character offset of the error in the query. */
    public int offset() {
        return offset;
    }

    /** The query line that holds the error. */
    public String excerpt() {
        return excerpt;
    }

    /** The message without position and excerpt. */
    public String shortMessage() {
        return shortMessage;
    }
}

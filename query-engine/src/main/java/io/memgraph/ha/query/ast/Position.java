package io.memgraph.ha.query.ast;

/**
 * A place in the query text: 0-based character offset, 1-based line and column.
 *
 * <p>Positions never take part in equality: two AST nodes are equal when they have the same
 * structure wherever they were written. The semantic analyser relies on that to recognise an
 * ORDER BY expression that repeats a projected one, and tests build expected ASTs without
 * positions.
 */
public record Position(int offset, int line, int column) {
    /** A position for synthesised nodes that have no place in the text. */
    public static final Position NONE = new Position(0, 1, 1);

    @Override
    public boolean equals(Object o) {
        return o instanceof Position;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "line " + line + ", column " + column + " (offset: " + offset + ")";
    }
}

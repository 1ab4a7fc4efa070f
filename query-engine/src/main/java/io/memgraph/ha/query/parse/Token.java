package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.ast.Position;

/**
 * One token. {@code text} is the source text; {@code value} is the decoded string for string
 * literals, the name for identifiers (without backticks) and parameters (without {@code $}).
 */
record Token(TokenType type, String text, String value, Position position, int end) {

    /** True for an unescaped identifier equal to {@code keyword}, ignoring case. */
    boolean isKeyword(String keyword) {
        return type == TokenType.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    boolean is(TokenType t) {
        return type == t;
    }
}

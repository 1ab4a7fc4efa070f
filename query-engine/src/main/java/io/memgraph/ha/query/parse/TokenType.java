package io.memgraph.ha.query.parse;

/** The kinds of tokens the lexer produces. Keywords are identifiers, recognised by the parser. */
enum TokenType {
    IDENTIFIER, ESCAPED_IDENTIFIER, STRING, INTEGER, FLOAT, PARAMETER, INVALID_NUMBER,
    LPAREN("("), RPAREN(")"), LBRACKET("["), RBRACKET("]"), LBRACE("{"), RBRACE("}"),
    COMMA(","), DOT("."), DOTDOT(".."), COLON(":"), COLONCOLON("::"), SEMICOLON(";"), PIPE("|"), CONCAT("||"),
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), REGEX("=~"), PLUS_EQ("+="),
    PLUS("+"), MINUS("-"), STAR("*"), SLASH("/"), PERCENT("%"), CARET("^"),
    BANG("!"), AMP("&"),
    /** A {@code $} directly before {@code (}: a dynamic label {@code $(expr)}. */
    DOLLAR("$"),
    EOF;

    private final String symbol;

    TokenType() {
        this.symbol = null;
    }

    TokenType(String symbol) {
        this.symbol = symbol;
    }

    /** How the token is shown in "expected ..." messages. */
    String display() {
        return switch (this) {
            case IDENTIFIER, ESCAPED_IDENTIFIER -> "an identifier";
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case FLOAT -> "a float";
            case INVALID_NUMBER -> "a number";
            case PARAMETER -> "a parameter";
            case EOF -> "end of input";
            default -> "'" + symbol + "'";
        };
    }
}

package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.QueryLimits;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherSyntaxException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns query text into tokens. Skips whitespace and comments; decodes string escapes and
 * backtick identifiers. Stops with an error at {@link QueryLimits#MAX_QUERY_TOKENS} tokens (each
 * costs about a hundred bytes until the query is parsed). Number tokens keep their text: the parser converts them, so that a
 * minus sign in front of an integer literal can extend its range.
 */
final class Lexer {
    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        return new Lexer(src).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipTrivia();
            if (pos >= src.length()) {
                out.add(new Token(TokenType.EOF, "", "", here(), pos));
                return out;
            }
            if (out.size() >= QueryLimits.MAX_QUERY_TOKENS) {
                throw QueryLimits.tooManyTokens(here());
            }
            out.add(next());
        }
    }

    private Position here() {
        return new Position(pos, line, pos - lineStart + 1);
    }

    private CypherSyntaxException error(CypherErrorKind kind, String message, Position p) {
        return new CypherSyntaxException(kind, message, src, p);
    }

    private void newline() {
        line++;
        lineStart = pos;
    }

    private void skipTrivia() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                newline();
            } else if (c == '\r') {
                pos++;
                if (pos < src.length() && src.charAt(pos) == '\n') {
                    pos++;
                }
                newline();
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pos++;
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '*') {
                Position start = here();
                pos += 2;
                while (true) {
                    if (pos >= src.length()) {
                        throw error(CypherErrorKind.UNEXPECTED_SYNTAX,
                                "Failed to parse comment: missing '*/'", start);
                    }
                    char d = src.charAt(pos);
                    if (d == '*' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                        pos += 2;
                        break;
                    }
                    pos++;
                    if (d == '\n' || (d == '\r' && (pos >= src.length() || src.charAt(pos) != '\n'))) {
                        newline();
                    }
                }
            } else {
                return;
            }
        }
    }

    private Token token(TokenType type, int start, Position p) {
        String text = src.substring(start, pos);
        return new Token(type, text, text, p, pos);
    }

    private Token next() {
        Position p = here();
        int start = pos;
        char c = src.charAt(pos);
        if (Character.isJavaIdentifierStart(c) && c != '$') {
            pos++;
            while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos)) && src.charAt(pos) != '$') {
                pos++;
            }
            return token(TokenType.IDENTIFIER, start, p);
        }
        if (c == '`') {
            String name = readBacktick(p);
            return new Token(TokenType.ESCAPED_IDENTIFIER, src.substring(start, pos), name, p, pos);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))
                && !(start > 0 && Character.isJavaIdentifierPart(src.charAt(start - 1))))) {
            return number(p);
        }
        if (c == '\'' || c == '"') {
            String value = readString(c, p);
            return new Token(TokenType.STRING, src.substring(start, pos), value, p, pos);
        }
        if (c == '$') {
            pos++;
            if (pos < src.length() && src.charAt(pos) == '(') {
                return token(TokenType.DOLLAR, start, p);
            }
            if (pos < src.length() && src.charAt(pos) == '`') {
                String name = readBacktick(p);
                return new Token(TokenType.PARAMETER, src.substring(start, pos), name, p, pos);
            }
            int nameStart = pos;
            while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos)) && src.charAt(pos) != '$') {
                pos++;
            }
            if (pos == nameStart) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX,
                        "Invalid input '" + describeChar(pos) + "': expected a parameter name", here());
            }
            return new Token(TokenType.PARAMETER, src.substring(start, pos), src.substring(nameStart, pos), p, pos);
        }
        pos++;
        char n = pos < src.length() ? src.charAt(pos) : '\0';
        TokenType t = switch (c) {
            case '(' -> TokenType.LPAREN;
            case ')' -> TokenType.RPAREN;
            case '[' -> TokenType.LBRACKET;
            case ']' -> TokenType.RBRACKET;
            case '{' -> TokenType.LBRACE;
            case '}' -> TokenType.RBRACE;
            case ',' -> TokenType.COMMA;
            case ':' -> two(n, ':', TokenType.COLONCOLON, TokenType.COLON); // '::' starts a type predicate
            case ';' -> TokenType.SEMICOLON;
            case '|' -> two(n, '|', TokenType.CONCAT, TokenType.PIPE); // '||' concatenates strings and lists
            case '*' -> TokenType.STAR;
            case '/' -> TokenType.SLASH;
            case '%' -> TokenType.PERCENT;
            case '^' -> TokenType.CARET;
            case '-' -> TokenType.MINUS;
            case '.' -> two(n, '.', TokenType.DOTDOT, TokenType.DOT);
            case '+' -> two(n, '=', TokenType.PLUS_EQ, TokenType.PLUS);
            case '=' -> two(n, '~', TokenType.REGEX, TokenType.EQ);
            case '>' -> two(n, '=', TokenType.GE, TokenType.GT);
            case '<' -> n == '=' ? advance(TokenType.LE) : n == '>' ? advance(TokenType.NE) : TokenType.LT;
            case '!' -> two(n, '=', TokenType.NE, TokenType.BANG); // '!' alone: label negation, (n:!A)
            case '&' -> TokenType.AMP; // label conjunction, (n:A&B)
            default -> {
                pos--;
                if (Character.getType(c) == Character.DASH_PUNCTUATION || c == '\u2212') {
                    throw error(CypherErrorKind.INVALID_UNICODE_CHARACTER, "Invalid input '" + c
                            + "': a Unicode dash is not an operator, use '-' (U+002D)", p);
                }
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX,
                        "Invalid input '" + describeChar(pos) + "': expected an identifier, a literal or an operator", p);
            }
        };
        return token(t, start, p);
    }

    private String describeChar(int at) {
        if (at >= src.length()) {
            return "";
        }
        return new String(Character.toChars(src.codePointAt(at)));
    }

    private TokenType two(char next, char want, TokenType ifTwo, TokenType ifOne) {
        return next == want ? advance(ifTwo) : ifOne;
    }

    private TokenType advance(TokenType t) {
        pos++;
        return t;
    }

    private String readBacktick(Position p) {
        pos++; // opening backtick
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Unexpected end of input: expected '`'", here());
            }
            char c = src.charAt(pos++);
            if (c == '`') {
                if (pos < src.length() && src.charAt(pos) == '`') {
                    sb.append('`');
                    pos++;
                    continue;
                }
                break;
            }
            if (c == '\n') {
                newline();
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private String readString(char quote, Position p) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(CypherErrorKind.UNEXPECTED_SYNTAX,
                        "Unexpected end of input: expected " + quote + " to close the string started at " + p, here());
            }
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                return sb.toString();
            }
            if (c == '\\') {
                Position escPos = here();
                pos++;
                if (pos >= src.length()) {
                    throw error(CypherErrorKind.UNEXPECTED_SYNTAX, "Unexpected end of input: expected an escape", here());
                }
                char e = src.charAt(pos++);
                switch (e) {
                    case '\\' -> sb.append('\\');
                    case '\'' -> sb.append('\'');
                    case '"' -> sb.append('"');
                    case 'b', 'B' -> sb.append('\b');
                    case 'f', 'F' -> sb.append('\f');
                    case 'n', 'N' -> sb.append('\n');
                    case 'r', 'R' -> sb.append('\r');
                    case 't', 'T' -> sb.append('\t');
                    case 'u', 'U' -> {
                        int digits = e == 'u' ? 4 : 8;
                        if (pos + digits > src.length() || !isHex(src, pos, digits)) {
                            throw error(CypherErrorKind.INVALID_UNICODE_LITERAL,
                                    "Invalid input '\\" + e + "': expected " + digits
                                            + " hexadecimal digits after \\" + e, escPos);
                        }
                        int cp = (int) Long.parseLong(src.substring(pos, pos + digits), 16);
                        if (!Character.isValidCodePoint(cp)) {
                            throw error(CypherErrorKind.INVALID_UNICODE_LITERAL,
                                    "Invalid unicode code point \\" + e + src.substring(pos, pos + digits), escPos);
                        }
                        sb.appendCodePoint(cp);
                        pos += digits;
                    }
                    default -> throw error(CypherErrorKind.UNEXPECTED_SYNTAX,
                            "Invalid input '\\" + e + "': expected one of \\\\, \\', \\\", \\b, \\f, \\n, \\r, \\t, \\u or \\U",
                            escPos);
                }
                continue;
            }
            if (c == '\n') {
                pos++;
                newline();
                sb.append(c);
                continue;
            }
            sb.append(c);
            pos++;
        }
    }

    private static boolean isHex(String s, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private Token number(Position p) {
        int start = pos;
        char c = src.charAt(pos);
        if (c == '0' && pos + 1 < src.length() && (src.charAt(pos + 1) == 'x' || src.charAt(pos + 1) == 'X'
                || src.charAt(pos + 1) == 'o' || src.charAt(pos + 1) == 'O')) {
            pos += 2;
            while (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
                pos++;
            }
            return token(TokenType.INTEGER, start, p);
        }
        boolean isFloat = false;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            isFloat = true;
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                isFloat = true;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        // A number glued to letters or '#' (e.g. 1a, 12#3) is one invalid literal, not several
        // tokens; the parser decides the error (an invalid number where an expression may
        // stand, unexpected syntax elsewhere, e.g. as a map key).
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_'
                || src.charAt(pos) == '#')) {
            while (pos < src.length() && (Character.isJavaIdentifierPart(src.charAt(pos)) || src.charAt(pos) == '#')) {
                pos++;
            }
            return token(TokenType.INVALID_NUMBER, start, p);
        }
        return token(isFloat ? TokenType.FLOAT : TokenType.INTEGER, start, p);
    }
}

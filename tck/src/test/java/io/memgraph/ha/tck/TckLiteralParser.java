package io.memgraph.ha.tck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the value syntax of the TCK's result and parameter tables: {@code null}, booleans,
 * integers, floats (including {@code NaN}, {@code Inf}, {@code -Inf}), single-quoted strings with
 * backslash escapes, lists, maps, node literals {@code (:A:B {k: v})}, relationship literals
 * {@code [:T {k: v}]} and path literals {@code <(:A)-[:T]->(:B)>}.
 *
 * <p>Results are plain Java values (Long, Double, String, Boolean, List, Map) and
 * {@link TckGraphValue}s, so they can be passed as query parameters or compared with results.
 */
final class TckLiteralParser {
    private final String text;
    private int pos;

    private TckLiteralParser(String text) {
        this.text = text;
    }

    /** Parses one whole literal; anything after it but blanks is an error. */
    static Object parse(String literal) {
        TckLiteralParser p = new TckLiteralParser(literal);
        Object v = p.value();
        p.skipBlanks();
        if (p.pos != p.text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    private Object value() {
        skipBlanks();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '\'':
                return string();
            case '[':
                return peekAfterBlanks(pos + 1) == ':' ? relationship() : list();
            case '{':
                return map();
            case '(':
                return node();
            case '<':
                return path();
            default:
                break;
        }
        if (keyword("null")) {
            return null;
        }
        if (keyword("true")) {
            return Boolean.TRUE;
        }
        if (keyword("false")) {
            return Boolean.FALSE;
        }
        if (keyword("NaN")) {
            return Double.NaN;
        }
        if (keyword("Inf") || keyword("Infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (keyword("-Inf") || keyword("-Infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        return number();
    }

    private char peekAfterBlanks(int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private boolean keyword(String word) {
        if (text.startsWith(word, pos)) {
            int end = pos + word.length();
            if (end == text.length() || !Character.isLetterOrDigit(text.charAt(end))) {
                pos = end;
                return true;
            }
        }
        return false;
    }

    private Object number() {
        int start = pos;
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            pos++;
        }
        boolean isFloat = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isDigit(c)) {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                isFloat = true;
                pos++;
                if ((c == 'e' || c == 'E') && pos < text.length()
                        && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                    pos++;
                }
            } else {
                break;
            }
        }
        String s = text.substring(start, pos);
        if (s.isEmpty() || s.equals("-") || s.equals("+")) {
            throw error("expected a value");
        }
        try {
            return isFloat ? (Object) Double.parseDouble(s) : (Object) Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error("bad number '" + s + "'");
        }
    }

    private String string() {
        expect('\'');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> sb.append(e); // \' \" \\ and anything else stand for themselves
            }
        }
    }

    private List<Object> list() {
        expect('[');
        List<Object> items = new ArrayList<>();
        skipBlanks();
        if (tryConsume(']')) {
            return items;
        }
        do {
            items.add(value());
            skipBlanks();
        } while (tryConsume(','));
        expect(']');
        return items;
    }

    private Map<String, Object> map() {
        expect('{');
        Map<String, Object> m = new LinkedHashMap<>();
        skipBlanks();
        if (tryConsume('}')) {
            return m;
        }
        do {
            skipBlanks();
            String key = name();
            skipBlanks();
            expect(':');
            m.put(key, value());
            skipBlanks();
        } while (tryConsume(','));
        expect('}');
        return m;
    }

    private TckGraphValue.Node node() {
        expect('(');
        List<String> labels = new ArrayList<>();
        skipBlanks();
        while (tryConsume(':')) {
            labels.add(name());
            skipBlanks();
        }
        Map<String, Object> props = Map.of();
        if (pos < text.length() && text.charAt(pos) == '{') {
            props = map();
            skipBlanks();
        }
        expect(')');
        return new TckGraphValue.Node(labels, props);
    }

    private TckGraphValue.Relationship relationship() {
        expect('[');
        skipBlanks();
        expect(':');
        String type = name();
        skipBlanks();
        Map<String, Object> props = Map.of();
        if (pos < text.length() && text.charAt(pos) == '{') {
            props = map();
            skipBlanks();
        }
        expect(']');
        return new TckGraphValue.Relationship(type, props);
    }

    private TckGraphValue.Path path() {
        expect('<');
        skipBlanks();
        List<TckGraphValue.Node> nodes = new ArrayList<>();
        List<TckGraphValue.Relationship> rels = new ArrayList<>();
        List<Boolean> forward = new ArrayList<>();
        nodes.add(node());
        skipBlanks();
        while (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '<')) {
            boolean backward = tryConsume('<');
            expect('-');
            rels.add(relationship());
            expect('-');
            boolean towards = tryConsume('>');
            if (backward == towards) {
                throw error("a path relationship needs exactly one direction");
            }
            forward.add(towards);
            skipBlanks();
            nodes.add(node());
            skipBlanks();
        }
        expect('>');
        return new TckGraphValue.Path(nodes, rels, forward);
    }

    /** A label, type or key: an identifier, or any text in backticks. */
    private String name() {
        if (tryConsume('`')) {
            int end = text.indexOf('`', pos);
            if (end < 0) {
                throw error("unterminated backtick name");
            }
            String n = text.substring(pos, end);
            pos = end + 1;
            return n;
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean tryConsume(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!tryConsume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("Cannot parse TCK value " + what + " at offset " + pos + " of: " + text);
    }
}

package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.PointValue;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text for {@code apoc.convert.toJson} and values from it for {@code apoc.convert.fromJson*}.
 * Writing follows APOC's shapes: a node is {@code {"id", "type": "node", "labels",
 * "properties"}}, a relationship {@code {"id", "type": "relationship", "label", "start", "end",
 * "properties"}}, a path the list of its nodes and relationships in order, temporal values and
 * durations their ISO text, a point its map. Reading gives maps (keys in order), lists, STRINGs,
 * INTEGERs (FLOATs for numbers with a fraction or exponent, or beyond 64 bits), booleans and null;
 * nesting is bounded, and text that is not JSON is an {@code ArgumentError} that says where. The
 * export procedures write their JSON and the lists and maps of their CSV cells with {@link #append}.
 */
public final class Json {
    /** Deeper nesting than this is refused (reading recurses per level). */
    static final int MAX_DEPTH = 1000;

    private Json() {
    }

    static String write(Object v, GraphAccessor g) {
        StringBuilder sb = new StringBuilder();
        write(v, g, sb, 0);
        return sb.toString();
    }

    /**
     * Appends the JSON text of {@code v} to {@code sb}, as {@code apoc.convert.toJson} writes it
     * (nodes, relationships and paths in its shapes, read through {@code g}).
     */
    public static void append(StringBuilder sb, Object v, GraphAccessor g) {
        write(v, g, sb, 0);
    }

    private static void write(Object v, GraphAccessor g, StringBuilder sb, int depth) {
        if (depth > MAX_DEPTH) {
            throw Errors.argumentValue("apoc.convert.toJson(): the value nests deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(s, sb);
        } else if (v instanceof Boolean || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "\"" + d + "\"" : d.toString());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                string(String.valueOf(e.getKey()), sb);
                sb.append(':');
                write(e.getValue(), g, sb, depth + 1);
            }
            sb.append('}');
        } else if (v instanceof List<?> || v instanceof byte[]) {
            List<?> l = io.memgraph.ha.query.value.CypherValues.asList(v);
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                write(l.get(i), g, sb, depth + 1);
            }
            sb.append(']');
        } else if (v instanceof NodeValue n) {
            write(node(n, g), g, sb, depth + 1);
        } else if (v instanceof RelationshipValue r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", Long.toString(r.id()));
            m.put("type", "relationship");
            m.put("label", g.type(r));
            m.put("start", node(g.startNode(r), g));
            m.put("end", node(g.endNode(r), g));
            m.put("properties", g.properties(r));
            write(m, g, sb, depth + 1);
        } else if (v instanceof PathValue p) {
            List<Object> parts = new ArrayList<>();
            for (int i = 0; i < p.nodes().size(); i++) {
                parts.add(p.nodes().get(i));
                if (i < p.relationships().size()) {
                    parts.add(p.relationships().get(i));
                }
            }
            write(parts, g, sb, depth + 1);
        } else if (v instanceof PointValue || v instanceof TemporalAccessor || v instanceof CypherDuration) {
            string(Functions.show(v), sb);
        } else {
            string(v.toString(), sb);
        }
    }

    private static Map<String, Object> node(NodeValue n, GraphAccessor g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(n.id()));
        m.put("type", "node");
        m.put("labels", g.labels(n));
        Map<String, Object> props = g.properties(n);
        if (!props.isEmpty()) {
            m.put("properties", props);
        }
        return m;
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** The value of JSON {@code text}; {@code fn} names the function in errors. */
    static Object read(String text, String fn) {
        Reader r = new Reader(text, fn);
        r.space();
        Object v = r.value(0);
        r.space();
        if (r.pos < text.length()) {
            throw r.error("unexpected text after the value");
        }
        return v;
    }

    /**
     * The Cypher value of a JSON number's text: an INTEGER, or a FLOAT for a fraction, an exponent
     * or an integer beyond 64 bits (also what {@link JsonStream} gives).
     */
    static Object number(String t) {
        if (t.matches("-?[0-9]+")) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException tooBig) {
                return Double.parseDouble(t);
            }
        }
        return Double.parseDouble(t);
    }

    private static final class Reader {
        final String s;
        final String fn;
        int pos;

        Reader(String s, String fn) {
            this.s = s;
            this.fn = fn;
        }

        RuntimeException error(String what) {
            return Errors.argumentValue(fn + "(): the text is not JSON: " + what + " at offset " + pos);
        }

        void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= s.length()) {
                throw error("the text ends where a value should be");
            }
            char ch = s.charAt(pos);
            if (ch == '{') {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                space();
                if (peek('}')) {
                    return m;
                }
                do {
                    space();
                    if (pos >= s.length() || s.charAt(pos) != '"') {
                        throw error("expected a key in double quotes");
                    }
                    String key = string();
                    space();
                    expect(':');
                    space();
                    m.put(key, value(depth + 1));
                    space();
                } while (peek(','));
                expect('}');
                return m;
            }
            if (ch == '[') {
                pos++;
                List<Object> l = new ArrayList<>();
                space();
                if (peek(']')) {
                    return l;
                }
                do {
                    space();
                    l.add(value(depth + 1));
                    space();
                } while (peek(','));
                expect(']');
                return l;
            }
            if (ch == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            return number();
        }

        boolean peek(char ch) {
            if (pos < s.length() && s.charAt(pos) == ch) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char ch) {
            if (!peek(ch)) {
                throw error("expected '" + ch + "'");
            }
        }

        String string() {
            pos++; // the opening quote
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return sb.toString();
                }
                if (ch != '\\') {
                    sb.append(ch);
                    continue;
                }
                if (pos >= s.length()) {
                    break;
                }
                char esc = s.charAt(pos++);
                switch (esc) {
                    case '"', '\\', '/' -> sb.append(esc);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException e) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        pos += 4;
                    }
                    default -> throw error("unknown escape \\" + esc);
                }
            }
            throw error("a string is not closed");
        }

        Object number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String t = s.substring(start, pos);
            if (t.isEmpty()) {
                throw error("unexpected '" + s.charAt(pos) + "'");
            }
            try {
                return Json.number(t);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("'" + t + "' is not a number");
            }
        }
    }
}

package io.memgraph.ha.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a TCK value (as produced by {@link TckLiteralParser} or {@link ResultConverter}) to a
 * canonical text, so that two values are equal under the TCK's rules exactly when their texts are
 * equal: integers and floats stay distinct ({@code 1} vs {@code 1.0}), NaN equals NaN, map keys and
 * node labels are sorted, graph entities compare by labels/type and properties only, and lists
 * optionally compare as multisets.
 */
final class CanonicalForm {
    private CanonicalForm() {
    }

    /** The canonical text of {@code value}; with {@code ignoreListOrder}, list elements are sorted. */
    static String of(Object value, boolean ignoreListOrder) {
        StringBuilder sb = new StringBuilder();
        append(sb, value, ignoreListOrder);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v, boolean ignoreListOrder) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Double d) {
            // Double.toString always has a '.', 'E', NaN or Infinity, so floats never equal integers.
            sb.append(d == 0.0 ? "0.0" : Double.toString(d));
        } else if (v instanceof String s) {
            sb.append('\'').append(s.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        } else if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>(l.size());
            for (Object o : l) {
                items.add(of(o, ignoreListOrder));
            }
            if (ignoreListOrder) {
                items.sort(null);
            }
            sb.append('[').append(String.join(", ", items)).append(']');
        } else if (v instanceof Map<?, ?> m) {
            appendMap(sb, m, ignoreListOrder);
        } else if (v instanceof TckGraphValue.Node n) {
            appendNode(sb, n, ignoreListOrder);
        } else if (v instanceof TckGraphValue.Relationship r) {
            appendRelationship(sb, r, ignoreListOrder);
        } else if (v instanceof TckGraphValue.Path p) {
            sb.append('<');
            appendNode(sb, p.nodes().get(0), ignoreListOrder);
            for (int i = 0; i < p.relationships().size(); i++) {
                boolean fwd = p.forward().get(i);
                sb.append(fwd ? "-" : "<-");
                appendRelationship(sb, p.relationships().get(i), ignoreListOrder);
                sb.append(fwd ? "->" : "-");
                appendNode(sb, p.nodes().get(i + 1), ignoreListOrder);
            }
            sb.append('>');
        } else {
            // Not a TCK value: render it so that it can never equal an expected literal.
            sb.append("?").append(v.getClass().getSimpleName()).append('(').append(v).append(')');
        }
    }

    private static void appendMap(StringBuilder sb, Map<?, ?> m, boolean ignoreListOrder) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append(": ");
            append(sb, e.getValue(), ignoreListOrder);
            first = false;
        }
        sb.append('}');
    }

    private static void appendNode(StringBuilder sb, TckGraphValue.Node n, boolean ignoreListOrder) {
        sb.append('(');
        n.labels().stream().sorted().distinct().forEach(l -> sb.append(':').append(l));
        if (!n.properties().isEmpty()) {
            sb.append(n.labels().isEmpty() ? "" : " ");
            appendMap(sb, n.properties(), ignoreListOrder);
        }
        sb.append(')');
    }

    private static void appendRelationship(StringBuilder sb, TckGraphValue.Relationship r, boolean ignoreListOrder) {
        sb.append("[:").append(r.type());
        if (!r.properties().isEmpty()) {
            sb.append(' ');
            appendMap(sb, r.properties(), ignoreListOrder);
        }
        sb.append(']');
    }
}

package io.memgraph.ha.query.eval;

import static io.memgraph.ha.query.eval.Functions.reg;

import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * APOC's node functions: {@code apoc.node.degree}, {@code degree.in}, {@code degree.out},
 * {@code labels}, {@code relationship.exists}, {@code relationship.types},
 * {@code apoc.nodes.connected} and {@code apoc.nodes.isDense}. The relationship types are APOC's
 * pattern ({@code TYPE}, {@code <TYPE}, {@code TYPE>}, {@code A|B}; empty or null: all), as the
 * path expanders read it. A self-loop is one relationship (Neo4j's degree), not two as Memgraph's
 * {@code degree()} counts it. A null node gives null; another type is a type mismatch that names
 * the argument.
 */
final class ApocNodeFunctions {
    private ApocNodeFunctions() {
    }

    /** Neo4j's default {@code db.relationship_grouping_threshold}: a node with this many relationships is dense. */
    static final int DENSE = 50;

    static void register() {
        reg("apoc.node.degree", 1, 2, (a, g, c) -> {
            NodeValue n = node("apoc.node.degree", a, 0);
            return n == null ? null : (long) g.relationships("apoc.node.degree", n, types("apoc.node.degree", a, 1)).size();
        });
        directedDegree("apoc.node.degree.in", "<", "");
        directedDegree("apoc.node.degree.out", "", ">");
        reg("apoc.node.labels", 1, 1, (a, g, c) -> {
            NodeValue n = node("apoc.node.labels", a, 0);
            return n == null ? null : g.labels(n);
        });
        reg("apoc.node.relationship.exists", 1, 2, (a, g, c) -> {
            String fn = "apoc.node.relationship.exists";
            NodeValue n = node(fn, a, 0);
            return n == null ? null : !g.relationships(fn, n, types(fn, a, 1)).isEmpty();
        });
        reg("apoc.node.relationship.types", 1, 2, (a, g, c) -> {
            String fn = "apoc.node.relationship.types";
            NodeValue n = node(fn, a, 0);
            if (n == null) {
                return null;
            }
            Set<String> types = new LinkedHashSet<>();
            for (EdgeRef e : g.relationships(fn, n, types(fn, a, 1))) {
                types.add(e.type());
            }
            return new ArrayList<>(types);
        });
        reg("apoc.nodes.connected", 2, 3, (a, g, c) -> {
            String fn = "apoc.nodes.connected";
            NodeValue start = node(fn, a, 0);
            NodeValue end = node(fn, a, 1);
            if (start == null || end == null) {
                return null;
            }
            for (EdgeRef e : g.relationships(fn, start, types(fn, a, 2))) {
                if (e.from() == start.id() && e.to() == end.id() || e.to() == start.id() && e.from() == end.id()) {
                    return true;
                }
            }
            return false;
        });
        reg("apoc.nodes.isDense", 1, 1, (a, g, c) -> {
            NodeValue n = node("apoc.nodes.isDense", a, 0);
            return n == null ? null : g.relationships("apoc.nodes.isDense", n, "").size() >= DENSE;
        });
    }

    /** {@code degree.in} and {@code degree.out}: the relationships of one type (empty: any) that way. */
    private static void directedDegree(String fn, String before, String after) {
        reg(fn, 1, 2, (a, g, c) -> {
            NodeValue n = node(fn, a, 0);
            if (n == null) {
                return null;
            }
            StringBuilder pattern = new StringBuilder(); // "A|B" -> "<A|<B" or "A>|B>"
            for (String type : types(fn, a, 1).split("\\|", -1)) {
                pattern.append(pattern.length() == 0 ? "" : "|").append(before).append(type.trim()).append(after);
            }
            return (long) g.relationships(fn, n, pattern.toString()).size();
        });
    }

    /** The node argument {@code k}; null for null; anything else is a type mismatch. */
    private static NodeValue node(String fn, List<Object> a, int k) {
        Object v = a.get(k);
        if (v == null || v instanceof NodeValue) {
            return (NodeValue) v;
        }
        throw Errors.argumentType(fn, k + 1, "a Node", v);
    }

    /** The relationship types argument {@code k} when given; absent or null: all. */
    private static String types(String fn, List<Object> a, int k) {
        if (a.size() <= k || a.get(k) == null) {
            return "";
        }
        return Functions.str(fn, a, k).trim();
    }
}

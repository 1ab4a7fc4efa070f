package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;

import java.util.ArrayList;
import java.util.List;

import static io.memgraph.ha.query.eval.Functions.reg;

/**
 * APOC's path functions {@code apoc.path.create}, {@code combine}, {@code slice} and
 * {@code elements}. A null path (or start node) gives null; {@code combine} with one null path
 * gives the other. A relationship that does not continue from the path's end, or two paths that do
 * not meet, is an ArgumentError.
 */
final class ApocPathFunctions {
    private ApocPathFunctions() {
    }

    static void register() {
        reg("apoc.path.create", 1, 2, (a, g, c) -> {
            Object start = a.get(0);
            if (start == null) {
                return null;
            }
            if (!(start instanceof NodeValue node)) {
                throw Errors.argumentType("apoc.path.create", 1, "a Node", start);
            }
            List<?> rels = a.size() > 1 && a.get(1) != null ? Functions.list("apoc.path.create", a, 1) : List.of();
            List<NodeValue> nodes = new ArrayList<>(List.of(node));
            List<RelationshipValue> walked = new ArrayList<>();
            for (Object x : rels) {
                if (x == null) {
                    continue; // as APOC: the relationship of an OPTIONAL MATCH that found none
                }
                if (!(x instanceof RelationshipValue r)) {
                    throw Errors.argumentType("apoc.path.create", 2, "a List of Relationships", rels);
                }
                NodeValue end = nodes.get(nodes.size() - 1);
                NodeValue from = g.startNode(r);
                NodeValue to = g.endNode(r);
                NodeValue next;
                if (from.id() == end.id()) {
                    next = to;
                } else if (to.id() == end.id()) {
                    next = from;
                } else {
                    throw Errors.argumentValue("apoc.path.create(): relationship " + r.id() + " (" + from.id()
                            + " to " + to.id() + ") does not continue the path from its end node " + end.id());
                }
                walked.add(r);
                nodes.add(next);
            }
            return new PathValue(nodes, walked);
        });
        reg("apoc.path.combine", 2, 2, (a, g, c) -> {
            PathValue first = path(a, 0, "apoc.path.combine");
            PathValue second = path(a, 1, "apoc.path.combine");
            if (first == null || second == null) {
                return first == null ? second : first;
            }
            NodeValue end = first.nodes().get(first.length());
            NodeValue start = second.nodes().get(0);
            if (end.id() != start.id()) {
                throw Errors.argumentValue("apoc.path.combine(): the second path starts at node " + start.id()
                        + ", not at the first path's end node " + end.id());
            }
            List<NodeValue> nodes = new ArrayList<>(first.nodes());
            nodes.addAll(second.nodes().subList(1, second.nodes().size()));
            List<RelationshipValue> rels = new ArrayList<>(first.relationships());
            rels.addAll(second.relationships());
            return new PathValue(nodes, rels);
        });
        reg("apoc.path.slice", 1, 3, (a, g, c) -> {
            PathValue p = path(a, 0, "apoc.path.slice");
            if (p == null) {
                return null;
            }
            long offset = a.size() > 1 && a.get(1) != null ? Functions.integer("apoc.path.slice", a, 1) : 0;
            long length = a.size() > 2 && a.get(2) != null ? Functions.integer("apoc.path.slice", a, 2) : -1;
            // as APOC: the offset clamps to [0, length(path)] (past the end: the end node alone);
            // -1 takes the rest, any other negative length no relationship
            int from = (int) Math.max(0, Math.min(offset, p.length()));
            long rest = p.length() - from;
            int to = from + (int) (length == -1 ? rest : Math.max(0, Math.min(length, rest)));
            return new PathValue(p.nodes().subList(from, to + 1), p.relationships().subList(from, to));
        });
        reg("apoc.path.elements", 1, 1, (a, g, c) -> {
            PathValue p = path(a, 0, "apoc.path.elements");
            if (p == null) {
                return null;
            }
            List<Object> out = new ArrayList<>(2 * p.length() + 1);
            out.add(p.nodes().get(0));
            for (int i = 0; i < p.length(); i++) {
                out.add(p.relationships().get(i));
                out.add(p.nodes().get(i + 1));
            }
            return out;
        });
    }

    /** The path argument {@code k}; null for null; anything else is a TypeError. */
    private static PathValue path(List<Object> a, int k, String fn) {
        Object v = a.get(k);
        if (v == null || v instanceof PathValue) {
            return (PathValue) v;
        }
        throw Errors.argumentType(fn, k + 1, "a Path", v);
    }
}

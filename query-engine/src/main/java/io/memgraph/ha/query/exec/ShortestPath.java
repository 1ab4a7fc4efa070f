package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.ValueSizes;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code shortestPath((a)-[r*min..max]->(b))} and {@code allShortestPaths(...)} between two bound
 * nodes: breadth-first search from {@code a}, keeping every parent found at the first level a node
 * is reached, then one path (or all of them) rebuilt backwards. Binds {@code r} to the list of
 * relationships.
 *
 * <p>With {@code where} (the {@code WHERE} of the {@code MATCH} on the path), the search goes over
 * no relationship and into no node that fails a condition on every element of the path, and the
 * shortest paths are those that pass the condition on whole paths: when none of the shortest does,
 * the trails of the following lengths are walked ({@link TrailSearch}) until one passes. Without
 * it (null) the search is the plain one.
 */
public record ShortestPath(Operator input, int fromSlot, int toSlot, int relSlot, Pattern.Direction direction,
                           List<String> types, long min, long max, Expression edgeProperties, boolean all,
                           PathConditions where, String text) implements Operator {

    @Override
    public Cursor start(ExecContext ctx) {
        Cursor in = input.open(ctx);
        MemoryScope memory = ctx.memory().child();
        return new Cursor() {
            Iterator<List<GraphRelationship>> paths = List.<List<GraphRelationship>>of().iterator();

            @Override
            public boolean next(Frame f) {
                while (!paths.hasNext()) {
                    memory.releaseAll();
                    if (!in.next(f)) {
                        return false;
                    }
                    paths = search(ctx, memory, f).iterator();
                }
                f.set(relSlot, List.copyOf(paths.next()));
                return true;
            }
        };
    }

    /** Per node reached: its depth and parent-list entries, a frontier slot, the boxed id. */
    private static final long PER_NODE = 2 * ValueSizes.HASH_ENTRY + 3 * ValueSizes.SMALL_OBJECT + ValueSizes.REFERENCE;

    private List<List<GraphRelationship>> search(ExecContext ctx, MemoryScope memory, Frame f) {
        NodeValue a = Scans.node(f, fromSlot);
        NodeValue b = Scans.node(f, toSlot);
        if (a == null || b == null || !ctx.tx().vertexExists(a.id()) || !ctx.tx().vertexExists(b.id())) {
            return List.of();
        }
        if (where != null && (!where.admits(ctx, f, a) || !where.admits(ctx, f, b))) {
            return List.of();
        }
        Object p = edgeProperties == null ? null : ctx.eval().evaluate(edgeProperties, f);
        Map<?, ?> props = p instanceof Map<?, ?> m ? m : null;
        if (a.id() == b.id()) {
            if (min != 0) {
                return List.of();
            }
            if (where == null || where.accepts(ctx, f, a, List.of())) {
                return List.of(List.of());
            }
            return exhaustive(ctx, memory, f, a, b, props, 1);
        }
        Map<Long, List<ParentLinks.Link<Long>>> parents = new HashMap<>();
        Map<Long, Long> depth = new HashMap<>();
        depth.put(a.id(), 0L);
        List<Long> frontier = List.of(a.id());
        long level = 0;
        boolean found = false;
        while (!frontier.isEmpty() && !found && level < max) {
            level++;
            List<Long> next = new ArrayList<>();
            for (long node : frontier) {
                for (EdgeRef e : ctx.graph().edges(node, direction, types)) {
                    ctx.tick();
                    long other = e.other(node);
                    Long d = depth.get(other);
                    if (d != null && d != level) {
                        continue;
                    }
                    GraphRelationship r = admit(ctx, f, props, e);
                    if (r == null || (d == null && other != b.id() && !admitsNode(ctx, f, other))) {
                        continue;
                    }
                    if (d == null) {
                        memory.reserve(PER_NODE);
                        depth.put(other, level);
                        next.add(other);
                    }
                    memory.reserve(ParentLinks.PER_LINK);
                    parents.computeIfAbsent(other, k -> new ArrayList<>()).add(new ParentLinks.Link<>(node, r));
                    if (other == b.id()) {
                        found = true;
                    }
                }
            }
            frontier = next;
        }
        if (!found || level < min) {
            return List.of();
        }
        if (where == null || !where.checksPaths()) {
            return ParentLinks.paths(b.id(), a.id(), parents::get, Long::longValue, all, ctx, memory);
        }
        List<List<GraphRelationship>> passing = ParentLinks.paths(b.id(), a.id(), parents::get, Long::longValue,
                all, ctx, memory, rels -> where.accepts(ctx, f, a, rels));
        if (!passing.isEmpty() || level == max) {
            return passing;
        }
        parents.clear();
        depth.clear();
        memory.releaseAll();
        return exhaustive(ctx, memory, f, a, b, props, level + 1);
    }

    /** The shortest trails of {@code fromLength} relationships or more that pass the condition on whole paths. */
    private List<List<GraphRelationship>> exhaustive(ExecContext ctx, MemoryScope memory, Frame f, NodeValue a,
                                                     NodeValue b, Map<?, ?> props, long fromLength) {
        TrailSearch trails = new TrailSearch(ctx, memory, direction, types, e -> admit(ctx, f, props, e),
                node -> admitsNode(ctx, f, node), a.id(), b.id(), max);
        return trails.shortestPassing(fromLength, max, rels -> where.accepts(ctx, f, a, rels), all);
    }

    /** The relationship of {@code e} when it has the pattern's properties and passes the conditions. */
    private GraphRelationship admit(ExecContext ctx, Frame f, Map<?, ?> props, EdgeRef e) {
        GraphRelationship r = TransactionGraph.rel(e);
        if (props != null && !ctx.graph().propertiesMatch(r, props)) {
            return null;
        }
        return where == null || where.admits(ctx, f, r) ? r : null;
    }

    private boolean admitsNode(ExecContext ctx, Frame f, long node) {
        return where == null || !where.checksNodes() || where.admits(ctx, f, new GraphNode(node));
    }

    @Override
    public String describe() {
        return (all ? "AllShortestPaths " : "ShortestPath ") + text + (where == null ? "" : where.describe());
    }

    @Override
    public List<Operator> children() {
        return List.of(input);
    }
}

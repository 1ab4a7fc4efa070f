package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.ValueSizes;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayDeque;
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
 */
public record ShortestPath(Operator input, int fromSlot, int toSlot, int relSlot, Pattern.Direction direction,
                           List<String> types, long min, long max, Expression edgeProperties, boolean all,
                           String text) implements Operator {

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

    private record Parent(long node, GraphRelationship edge) {}

    /** Per node reached: its depth and parent-list entries, a frontier slot, the boxed id. */
    private static final long PER_NODE = 2 * ValueSizes.HASH_ENTRY + 3 * ValueSizes.SMALL_OBJECT + ValueSizes.REFERENCE;
    /** Per parent link: the record, its relationship and the list slot. */
    private static final long PER_PARENT = 2 * ValueSizes.SMALL_OBJECT + ValueSizes.REFERENCE;

    private List<List<GraphRelationship>> search(ExecContext ctx, MemoryScope memory, Frame f) {
        NodeValue a = Scans.node(f, fromSlot);
        NodeValue b = Scans.node(f, toSlot);
        if (a == null || b == null || !ctx.tx().vertexExists(a.id()) || !ctx.tx().vertexExists(b.id())) {
            return List.of();
        }
        if (a.id() == b.id()) {
            return min == 0 ? List.of(List.of()) : List.of();
        }
        Object p = edgeProperties == null ? null : ctx.eval().evaluate(edgeProperties, f);
        Map<?, ?> props = p instanceof Map<?, ?> m ? m : null;
        Map<Long, List<Parent>> parents = new HashMap<>();
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
                    GraphRelationship r = TransactionGraph.rel(e);
                    if (props != null && !ctx.graph().propertiesMatch(r, props)) {
                        continue;
                    }
                    long other = e.other(node);
                    Long d = depth.get(other);
                    if (d == null) {
                        memory.reserve(PER_NODE);
                        depth.put(other, level);
                        next.add(other);
                    } else if (d != level) {
                        continue;
                    }
                    memory.reserve(PER_PARENT);
                    parents.computeIfAbsent(other, k -> new ArrayList<>()).add(new Parent(node, r));
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
        return rebuild(b.id(), a.id(), parents, memory);
    }

    /**
     * The paths from {@code start} to {@code end} through the parent links, walked back from
     * {@code end} depth first with an explicit stack (a path may be as long as the graph: no
     * recursion); only the first path unless {@code all}.
     */
    private List<List<GraphRelationship>> rebuild(long end, long start, Map<Long, List<Parent>> parents,
                                                  MemoryScope memory) {
        List<List<GraphRelationship>> out = new ArrayList<>();
        ArrayDeque<GraphRelationship> suffix = new ArrayDeque<>();
        ArrayDeque<long[]> stack = new ArrayDeque<>(); // {node, index of the next parent link to try}
        stack.push(new long[] {end, 0});
        while (!stack.isEmpty()) {
            long[] top = stack.peek();
            if (top[0] == start) {
                // allShortestPaths can find very many paths: each one kept counts
                memory.reserve(ValueSizes.ofPathList(suffix.size()));
                out.add(new ArrayList<>(suffix));
                if (!all) {
                    return out;
                }
                stack.pop();
                if (!suffix.isEmpty()) {
                    suffix.removeFirst();
                }
                continue;
            }
            List<Parent> links = parents.getOrDefault(top[0], List.of());
            if (top[1] < links.size()) {
                Parent p = links.get((int) top[1]++);
                suffix.addFirst(p.edge());
                stack.push(new long[] {p.node(), 0});
            } else {
                stack.pop();
                if (!suffix.isEmpty() && !stack.isEmpty()) {
                    suffix.removeFirst();
                }
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return (all ? "AllShortestPaths " : "ShortestPath ") + text;
    }

    @Override
    public List<Operator> children() {
        return List.of(input);
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.value.ValueSizes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * What a shortest-path search leaves behind: for each state it reached (a node, or a node at a
 * depth), the states it was reached from and over which relationship. The paths are read back
 * from the end.
 */
final class ParentLinks {
    private ParentLinks() {
    }

    /** {@code to} was reached from {@code from} over {@code rel}. */
    record Link<K>(K from, GraphRelationship rel) {}

    /** Per parent link kept: the record, its relationship and the list slot. */
    static final long PER_LINK = 2 * ValueSizes.SMALL_OBJECT + ValueSizes.REFERENCE;

    private static final class Visit<K> {
        final K state;
        int next;

        Visit(K state) {
            this.state = state;
        }
    }

    /**
     * The paths from {@code start} to {@code end} through {@code links}, each as its relationships
     * from start to end, walked back from {@code end} depth first with an explicit stack (a path may
     * be as long as the graph: no recursion). A path that would pass a node twice is skipped, which
     * only equal-weight cycles (zero weights) can offer. Only the first path unless {@code all}; each
     * path kept counts in {@code memory}, each link followed ticks {@code ctx} (there may be very many paths).
     * With {@code keep}, only the paths it accepts are kept (and the first it accepts unless {@code all}).
     */
    static <K> List<List<GraphRelationship>> paths(K end, K start, Function<K, List<Link<K>>> links,
                                                   ToLongFunction<K> nodeOf, boolean all, ExecContext ctx,
                                                   MemoryScope memory) {
        return paths(end, start, links, nodeOf, all, ctx, memory, null);
    }

    static <K> List<List<GraphRelationship>> paths(K end, K start, Function<K, List<Link<K>>> links,
                                                   ToLongFunction<K> nodeOf, boolean all, ExecContext ctx,
                                                   MemoryScope memory, Predicate<List<GraphRelationship>> keep) {
        List<List<GraphRelationship>> out = new ArrayList<>();
        ArrayDeque<GraphRelationship> suffix = new ArrayDeque<>();
        ArrayDeque<Visit<K>> stack = new ArrayDeque<>();
        Set<Long> onPath = new HashSet<>();
        stack.push(new Visit<>(end));
        onPath.add(nodeOf.applyAsLong(end));
        while (!stack.isEmpty()) {
            Visit<K> top = stack.peek();
            if (top.state.equals(start)) {
                List<GraphRelationship> path = new ArrayList<>(suffix);
                if (keep == null || keep.test(path)) {
                    memory.reserve(ValueSizes.ofPathList(path.size()));
                    out.add(path);
                    if (!all) {
                        return out;
                    }
                }
                pop(stack, suffix, onPath, nodeOf);
                continue;
            }
            List<Link<K>> from = links.apply(top.state);
            if (from != null && top.next < from.size()) {
                Link<K> l = from.get(top.next++);
                ctx.tick();
                if (onPath.add(nodeOf.applyAsLong(l.from()))) {
                    suffix.addFirst(l.rel());
                    stack.push(new Visit<>(l.from()));
                }
            } else {
                pop(stack, suffix, onPath, nodeOf);
            }
        }
        return out;
    }

    private static <K> void pop(ArrayDeque<Visit<K>> stack, ArrayDeque<GraphRelationship> suffix, Set<Long> onPath,
                                ToLongFunction<K> nodeOf) {
        onPath.remove(nodeOf.applyAsLong(stack.pop().state));
        if (!stack.isEmpty()) {
            suffix.removeFirst();
        }
    }
}

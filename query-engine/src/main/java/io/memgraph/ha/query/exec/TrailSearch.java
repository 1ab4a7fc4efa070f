package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.value.ValueSizes;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The exhaustive fallback of a {@code shortestPath(...)} whose {@code WHERE} must see whole paths
 * (say {@code length(p) > 1}) when no shortest path passes it: the trails from one node to another
 * (no relationship twice, as a variable-length pattern matches them), one length after another,
 * until a length has a trail that passes. Each length is an iterative-deepening depth-first walk,
 * which holds one trail at a time, pruned by each node's distance to the end (a breadth-first
 * search backwards from it, first): a branch that cannot reach the end in time is not walked.
 * There may be exponentially many trails: the walk ticks once per relationship looked at (the time
 * limit and cancellation stop it) and what it holds counts in the query's memory.
 */
final class TrailSearch {

    /** Which relationships a trail may go over: its type and properties, and the search's conditions. */
    interface Relationships {
        /** The relationship of {@code e} when a trail may go over it, else null. */
        GraphRelationship admit(EdgeRef e);
    }

    private final ExecContext ctx;
    private final MemoryScope memory;
    private final Pattern.Direction direction;
    private final List<String> types;
    private final Relationships relationships;
    private final long start;
    private final long end;
    /** The fewest relationships from each node to the end, for the nodes that can reach it. */
    private final Map<Long, Long> distance = new HashMap<>();

    /** Per node whose distance is kept: its hash entry and boxed id and distance. */
    private static final long PER_NODE = ValueSizes.HASH_ENTRY + 2 * ValueSizes.SMALL_OBJECT;

    /**
     * @param nodes which nodes other than {@code start} and {@code end} a trail may pass
     * @param maxLength the longest trail wanted
     */
    TrailSearch(ExecContext ctx, MemoryScope memory, Pattern.Direction direction, List<String> types,
                Relationships relationships, LongPredicate nodes, long start, long end, long maxLength) {
        this.ctx = ctx;
        this.memory = memory;
        this.direction = direction;
        this.types = types;
        this.relationships = relationships;
        this.start = start;
        this.end = end;
        distances(nodes, maxLength);
    }

    /** Breadth first from the end, against the pattern's direction, over what a trail may use. */
    private void distances(LongPredicate nodes, long maxLength) {
        Pattern.Direction back = switch (direction) {
            case OUTGOING -> Pattern.Direction.INCOMING;
            case INCOMING -> Pattern.Direction.OUTGOING;
            case BOTH -> Pattern.Direction.BOTH;
        };
        memory.reserve(PER_NODE);
        distance.put(end, 0L);
        List<Long> frontier = List.of(end);
        for (long d = 1; d <= maxLength && !frontier.isEmpty(); d++) {
            List<Long> next = new ArrayList<>();
            for (long node : frontier) {
                for (EdgeRef e : ctx.graph().edges(node, back, types)) {
                    ctx.tick();
                    long other = e.other(node);
                    if (distance.containsKey(other) || relationships.admit(e) == null
                            || (other != start && !nodes.test(other))) {
                        continue;
                    }
                    memory.reserve(PER_NODE);
                    distance.put(other, d);
                    next.add(other);
                }
            }
            frontier = next;
        }
    }

    /**
     * The trails of the least length from {@code fromLength} to {@code maxLength} that {@code passes}
     * accepts: the first found, or all of that length with {@code all}; none when no trail passes.
     */
    List<List<GraphRelationship>> shortestPassing(long fromLength, long maxLength,
                                                  Predicate<List<GraphRelationship>> passes, boolean all) {
        for (long length = fromLength; length <= maxLength; length++) {
            List<List<GraphRelationship>> found = new ArrayList<>();
            if (!walk(length, passes, all, found)) {
                return found; // no trail was cut short: none is longer
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    /** One node of the trail being walked: the relationship it was reached over and those left to try. */
    private static final class Visit {
        final long node;
        final GraphRelationship via;
        final List<EdgeRef> edges;
        int next;

        Visit(long node, GraphRelationship via, List<EdgeRef> edges) {
            this.node = node;
            this.via = via;
            this.edges = edges;
        }

        long size() {
            return ValueSizes.SMALL_OBJECT + ValueSizes.HASH_ENTRY + edges.size() * ValueSizes.REFERENCE;
        }
    }

    /**
     * The trails of exactly {@code length} relationships from the start to the end, into {@code found}
     * when {@code passes} accepts them. Returns whether some trail was cut short by the length, that
     * is whether a longer walk could find more.
     */
    private boolean walk(long length, Predicate<List<GraphRelationship>> passes, boolean all,
                         List<List<GraphRelationship>> found) {
        if (!distance.containsKey(start)) {
            return false;
        }
        boolean cut = false;
        ArrayDeque<Visit> trail = new ArrayDeque<>();
        Set<Long> used = new HashSet<>();
        push(trail, new Visit(start, null, length == 0 ? List.of() : ctx.graph().edges(start, direction, types)));
        try {
            while (!trail.isEmpty()) {
                Visit top = trail.peek();
                int depth = trail.size() - 1;
                if (depth == length) {
                    if (top.node == end && accept(trail, passes, found) && !all) {
                        return true;
                    }
                    pop(trail, used);
                    continue;
                }
                if (top.next == top.edges.size()) {
                    pop(trail, used);
                    continue;
                }
                EdgeRef e = top.edges.get(top.next++);
                ctx.tick();
                if (used.contains(e.id())) {
                    continue;
                }
                long other = e.other(top.node);
                Long left = distance.get(other);
                if (left == null) {
                    continue;
                }
                if (depth + 1 + left > length) {
                    cut = true;
                    continue;
                }
                GraphRelationship r = relationships.admit(e);
                if (r == null) {
                    continue;
                }
                used.add(e.id());
                push(trail, new Visit(other, r, depth + 1 == length ? List.of()
                        : ctx.graph().edges(other, direction, types)));
            }
            return cut;
        } finally {
            while (!trail.isEmpty()) {
                pop(trail, used);
            }
        }
    }

    private boolean accept(ArrayDeque<Visit> trail, Predicate<List<GraphRelationship>> passes,
                           List<List<GraphRelationship>> found) {
        List<GraphRelationship> rels = new ArrayList<>(trail.size() - 1);
        for (Iterator<Visit> it = trail.descendingIterator(); it.hasNext(); ) {
            Visit v = it.next();
            if (v.via != null) {
                rels.add(v.via);
            }
        }
        if (!passes.test(rels)) {
            return false;
        }
        memory.reserve(ValueSizes.ofPathList(rels.size()));
        found.add(rels);
        return true;
    }

    private void push(ArrayDeque<Visit> trail, Visit v) {
        memory.reserve(v.size());
        trail.push(v);
    }

    private void pop(ArrayDeque<Visit> trail, Set<Long> used) {
        Visit v = trail.pop();
        if (v.via != null) {
            used.remove(v.via.id());
        }
        memory.release(v.size());
    }
}

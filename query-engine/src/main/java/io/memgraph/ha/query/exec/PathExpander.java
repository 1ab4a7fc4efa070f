package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.query.value.ValueSizes;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The walk of APOC's path expanders ({@code apoc.path.expand}, {@code expandConfig},
 * {@code subgraphNodes}, {@code subgraphAll}, {@code spanningTree}), as Neo4j's traversal framework
 * walks under them: from every start node at once, breadth first (level by level) or depth first,
 * each new path first checked for uniqueness, then judged by the level bounds, the label filter and
 * the node lists, which must all agree to return it ({@link Verdict#include}) and to go on from it
 * ({@link Verdict#expand}). Paths are found in that order, the start nodes' zero-length paths first
 * when breadth first; a node's relationships are taken outgoing first, then incoming, each in the
 * storage's order (Neo4j's order among one node's relationships may differ).
 *
 * <p>The walk holds its frontier in a queue or a stack, never on the Java stack, so depth is
 * bounded by memory alone: what it holds counts in the query's memory while it runs, and it ticks
 * once per relationship looked at (the time limit and cancellation stop it). It reads through the
 * query's transaction, so it sees the transaction's own writes.
 */
final class PathExpander {
    /** Which paths may be walked, as Neo4j's {@code Uniqueness}. */
    enum Uniqueness {
        /** No relationship twice in a path (Cypher's and {@code expand}'s default). */
        RELATIONSHIP_PATH,
        /** No node twice in a path. */
        NODE_PATH,
        /** Each node reached once in the whole walk, by the first path to it (the subgraph procedures'). */
        NODE_GLOBAL,
        /** Each relationship taken once in the whole walk. */
        RELATIONSHIP_GLOBAL,
        /** Any path: on a graph with a cycle only {@code maxLevel} ends the walk. */
        NONE
    }

    /** Whether a path is returned, and whether the walk goes on from its last node. */
    record Verdict(boolean include, boolean expand) {
        static final Verdict PRUNE = new Verdict(false, false);

        Verdict and(Verdict other) {
            return new Verdict(include && other.include, expand && other.expand);
        }
    }

    /** A path the walk found: its last relationship and node, and the path before them. */
    static final class Branch {
        final Branch parent;
        final EdgeRef edge;
        final long node;
        final int depth;

        private Branch(Branch parent, EdgeRef edge, long node) {
            this.parent = parent;
            this.edge = edge;
            this.node = node;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }

        PathValue path() {
            List<NodeValue> nodes = new ArrayList<>(depth + 1);
            List<RelationshipValue> rels = new ArrayList<>(depth);
            for (Branch b = this; b != null; b = b.parent) {
                nodes.add(new GraphNode(b.node));
                if (b.edge != null) {
                    rels.add(TransactionGraph.rel(b.edge));
                }
            }
            Collections.reverse(nodes);
            Collections.reverse(rels);
            return new PathValue(nodes, rels);
        }
    }

    /** A branch, its node's relationships and a reference to each, and the queue's or stack's slot. */
    private static final long PER_BRANCH = 2 * ValueSizes.SMALL_OBJECT + 4 * ValueSizes.REFERENCE;
    /** A node or relationship id in a set of those seen. */
    private static final long PER_SEEN = ValueSizes.HASH_ENTRY + ValueSizes.SMALL_OBJECT;

    private final ExecContext ctx;
    private final PathExpandConfig config;
    private final MemoryScope memory;
    private final Set<Long> seen = new HashSet<>();
    private final List<Branch> found = new ArrayList<>();

    private PathExpander(ExecContext ctx, PathExpandConfig config, MemoryScope memory) {
        this.ctx = ctx;
        this.config = config;
        this.memory = memory;
    }

    /** The paths from {@code starts} that {@code config} returns, in the order found, at most its limit. */
    static List<Branch> walk(ExecContext ctx, List<NodeValue> starts, PathExpandConfig config) {
        MemoryScope memory = ctx.memory().child();
        try {
            PathExpander w = new PathExpander(ctx, config, memory);
            if (config.bfs()) {
                w.breadthFirst(starts);
            } else {
                w.depthFirst(starts);
            }
            return w.found;
        } finally {
            memory.releaseAll();
        }
    }

    private void breadthFirst(List<NodeValue> starts) {
        ArrayDeque<Branch> queue = new ArrayDeque<>();
        for (NodeValue s : starts) {
            Branch b = offer(null, null, s.id());
            if (b != null) {
                queue.add(b);
            }
        }
        while (!queue.isEmpty() && !full()) {
            Branch from = queue.poll();
            for (EdgeRef e : config.relationships().edges(ctx.graph(), from.node, from.depth + 1)) {
                Branch b = offer(from, e, e.other(from.node));
                if (b != null) {
                    queue.add(b);
                }
                if (full()) {
                    return;
                }
            }
        }
    }

    /** A start node's walk to its end before the next start's, as Neo4j's depth-first traversal. */
    private void depthFirst(List<NodeValue> starts) {
        ArrayDeque<Branch> branches = new ArrayDeque<>();
        ArrayDeque<Iterator<EdgeRef>> edges = new ArrayDeque<>();
        for (NodeValue s : starts) {
            push(offer(null, null, s.id()), branches, edges);
            while (!branches.isEmpty() && !full()) {
                if (!edges.peek().hasNext()) {
                    branches.pop();
                    edges.pop();
                    continue;
                }
                Branch from = branches.peek();
                EdgeRef e = edges.peek().next();
                push(offer(from, e, e.other(from.node)), branches, edges);
            }
        }
    }

    private void push(Branch b, ArrayDeque<Branch> branches, ArrayDeque<Iterator<EdgeRef>> edges) {
        if (b != null) {
            branches.push(b);
            edges.push(config.relationships().edges(ctx.graph(), b.node, b.depth + 1).iterator());
        }
    }

    /**
     * The path {@code parent} then {@code edge} to {@code node} (a start node when {@code parent} is
     * null): returned if the verdict says so; itself when the walk goes on from it, else null.
     */
    private Branch offer(Branch parent, EdgeRef edge, long node) {
        ctx.tick();
        if (full() || !unique(parent, edge, node)) {
            return null;
        }
        memory.reserve(PER_BRANCH);
        Branch b = new Branch(parent, edge, node);
        Verdict v = verdict(b);
        if (v.include()) {
            found.add(b);
        }
        return v.expand() ? b : null;
    }

    private boolean full() {
        return config.limit() >= 0 && found.size() >= config.limit();
    }

    private boolean unique(Branch parent, EdgeRef edge, long node) {
        switch (config.uniqueness()) {
            case NODE_GLOBAL:
                return firstSeen(node);
            case RELATIONSHIP_GLOBAL:
                return edge == null || firstSeen(edge.id());
            case NODE_PATH:
                for (Branch b = parent; b != null; b = b.parent) {
                    if (b.node == node) {
                        return false;
                    }
                }
                return true;
            case RELATIONSHIP_PATH:
                for (Branch b = parent; edge != null && b != null && b.edge != null; b = b.parent) {
                    if (b.edge.id() == edge.id()) {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    private boolean firstSeen(long id) {
        if (!seen.add(id)) {
            return false;
        }
        memory.reserve(PER_SEEN);
        return true;
    }

    /** The level bounds, the label filter and the node lists, all of which must agree. */
    private Verdict verdict(Branch b) {
        PathExpandConfig c = config;
        Verdict v = new Verdict(b.depth >= c.minLevel(), c.maxLevel() < 0 || b.depth < c.maxLevel());
        if (!c.labels().isEmpty()) {
            v = v.and(c.labels().verdict(ctx.tx().labels(b.node), b.depth, c.minLevel(),
                    c.filterStartNode() && c.beginSequenceAtStart()));
        }
        return v.and(c.nodes().verdict(b.node, b.depth, c.minLevel(), c.filterStartNode()));
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.query.value.ValueSizes;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Operators that walk relationships from bound nodes, and the one that builds named paths. */
public final class Expands {
    private Expands() {
    }

    /** What an expansion binds and how it is constrained. */
    public record Hop(int fromSlot, int relSlot, int toSlot, boolean toBound, Pattern.Direction direction,
                      List<String> types, int[] otherRelSlots, int[] otherRelListSlots, String text) {
        public Hop {
            types = List.copyOf(types);
        }

        /** Relationship uniqueness within one MATCH: no relationship twice. */
        boolean usedElsewhere(Frame f, long edgeId) {
            return bound(f, edgeId, otherRelSlots, otherRelListSlots);
        }

        /** Whether the far end is acceptable (equals the bound node when expanding into it). */
        boolean targetOk(Frame f, long target) {
            if (!toBound) {
                return true;
            }
            NodeValue n = Scans.node(f, toSlot);
            return n != null && n.id() == target;
        }
    }

    /**
     * Whether relationship {@code edgeId} is bound in one of {@code relSlots} or is in the list of
     * one of {@code relListSlots}: the relationships other parts of a MATCH walked.
     */
    static boolean bound(Frame f, long edgeId, int[] relSlots, int[] relListSlots) {
        for (int s : relSlots) {
            if (f.get(s) instanceof RelationshipValue r && r.id() == edgeId) {
                return true;
            }
        }
        for (int s : relListSlots) {
            if (f.get(s) instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof RelationshipValue r && r.id() == edgeId) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** One hop: {@code (from)-[rel]->(to)}, to a new node or into a bound one. */
    public record Expand(Operator input, Hop hop) implements Operator {
        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return new Cursor() {
                List<EdgeRef> edges = List.of();
                int next;
                long from;

                @Override
                public boolean next(Frame f) {
                    while (true) {
                        while (next < edges.size()) {
                            ctx.tick();
                            EdgeRef e = edges.get(next++);
                            long target = e.other(from);
                            if (hop.usedElsewhere(f, e.id()) || !hop.targetOk(f, target)) {
                                continue;
                            }
                            f.set(hop.relSlot(), TransactionGraph.rel(e));
                            if (!hop.toBound()) {
                                f.set(hop.toSlot(), new GraphNode(target));
                            }
                            return true;
                        }
                        if (!in.next(f)) {
                            return false;
                        }
                        NodeValue n = Scans.node(f, hop.fromSlot());
                        if (n == null || !ctx.tx().vertexExists(n.id())) {
                            edges = List.of();
                            continue;
                        }
                        from = n.id();
                        edges = ctx.graph().edges(from, hop.direction(), hop.types());
                        next = 0;
                    }
                }
            };
        }

        @Override
        public String describe() {
            return "Expand " + hop.text();
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }

    /**
     * {@code (from)-[rels*min..max]->(to)}: depth-first, lazily, one path per row; a relationship
     * appears at most once per path (and not in the other relationships of the MATCH). With
     * {@code reversed} the pattern was expanded from its right end, so the list is reversed to stay
     * in the pattern's left-to-right order (as named paths and results expect). A {@code filter}
     * lambda (Memgraph's, or null) is asked before each step, in walk order: a step it refuses is
     * not taken, so the walk does not go on through it.
     */
    public record VarLengthExpand(Operator input, Hop hop, long min, long max, Expression edgeProperties,
                                  boolean reversed, Pattern.Lambda filter) implements Operator {
        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            MemoryScope memory = ctx.memory().child();
            return new Cursor() {
                final ArrayDeque<Level> stack = new ArrayDeque<>();
                final List<RelationshipValue> path = new ArrayList<>();
                final Set<Long> used = new HashSet<>();
                Map<?, ?> props;
                long pending = -1;
                long origin;

                final class Level {
                    final long node;
                    final List<EdgeRef> edges;
                    final long bytes;
                    int next;

                    Level(long node, List<EdgeRef> edges) {
                        this.node = node;
                        this.edges = edges;
                        // the level, its edge list, and the path and used-set entries of the edge that led here
                        this.bytes = PER_LEVEL + edges.size() * (ValueSizes.REFERENCE + ValueSizes.SMALL_OBJECT);
                    }
                }

                private Level level(long node) {
                    Level l = new Level(node, path.size() < max
                            ? ctx.graph().edges(node, hop.direction(), hop.types()) : List.of());
                    memory.reserve(l.bytes);
                    return l;
                }

                @Override
                public boolean next(Frame f) {
                    while (true) {
                        if (pending >= 0) {
                            long target = pending;
                            pending = -1;
                            if (hop.targetOk(f, target)) {
                                f.set(hop.relSlot(), reversed ? reverse(path) : List.copyOf(path));
                                if (!hop.toBound()) {
                                    f.set(hop.toSlot(), new GraphNode(target));
                                }
                                return true;
                            }
                        }
                        Level top = stack.peek();
                        if (top == null) {
                            if (!in.next(f)) {
                                return false;
                            }
                            start(f);
                            continue;
                        }
                        if (top.next < top.edges.size()) {
                            ctx.tick();
                            EdgeRef e = top.edges.get(top.next++);
                            if (used.contains(e.id()) || hop.usedElsewhere(f, e.id())) {
                                continue;
                            }
                            GraphRelationship r = TransactionGraph.rel(e);
                            if (props != null && !ctx.graph().propertiesMatch(r, props)) {
                                continue;
                            }
                            long node = e.other(top.node);
                            if (filter != null && !ExpansionFilter.pass(ctx, f, filter, r, node,
                                    () -> pathThen(r), null)) {
                                continue;
                            }
                            used.add(e.id());
                            path.add(r);
                            stack.push(level(node));
                            if (path.size() >= min) {
                                pending = node;
                            }
                        } else {
                            memory.release(stack.pop().bytes);
                            if (!stack.isEmpty()) {
                                RelationshipValue last = path.remove(path.size() - 1);
                                used.remove(last.id());
                            }
                        }
                    }
                }

                /** The path from the walk's start over the relationships so far and {@code r}: the lambda's path. */
                private PathValue pathThen(GraphRelationship r) {
                    List<GraphRelationship> rels = new ArrayList<>(path.size() + 1);
                    for (RelationshipValue v : path) {
                        rels.add((GraphRelationship) v);
                    }
                    rels.add(r);
                    return path(new GraphNode(origin), rels);
                }

                private void start(Frame f) {
                    path.clear();
                    used.clear();
                    memory.releaseAll();
                    NodeValue n = Scans.node(f, hop.fromSlot());
                    if (n == null || !ctx.tx().vertexExists(n.id())) {
                        return;
                    }
                    Object p = edgeProperties == null ? null : ctx.eval().evaluate(edgeProperties, f);
                    props = p instanceof Map<?, ?> m ? m : null;
                    origin = n.id();
                    stack.push(level(n.id()));
                    if (min == 0) {
                        pending = n.id();
                    }
                }
            };
        }

        /** A DFS level's own objects and the path and used-set entries of the edge that led to it. */
        private static final long PER_LEVEL = 3 * ValueSizes.SMALL_OBJECT + ValueSizes.HASH_ENTRY + 2 * ValueSizes.REFERENCE;

        private static List<RelationshipValue> reverse(List<RelationshipValue> path) {
            List<RelationshipValue> out = new ArrayList<>(path);
            java.util.Collections.reverse(out);
            return List.copyOf(out);
        }

        @Override
        public String describe() {
            return "VarLengthExpand " + hop.text();
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }

    /** The path from {@code start} over {@code rels}, each relationship leading on from the node before it. */
    static PathValue path(NodeValue start, List<GraphRelationship> rels) {
        List<NodeValue> nodes = new ArrayList<>(rels.size() + 1);
        nodes.add(start);
        long at = start.id();
        for (GraphRelationship r : rels) {
            at = r.other(at);
            nodes.add(new GraphNode(at));
        }
        return new PathValue(nodes, new ArrayList<RelationshipValue>(rels));
    }

    /** One piece of a named path: a node slot, a relationship slot or a relationship-list slot. */
    public record PathPiece(int slot, boolean relationship, boolean list) {}

    /** Builds {@code p = (a)-[r]->(b)...} from the bound pieces (null when a piece is null). */
    public record ConstructPath(Operator input, int pathSlot, List<PathPiece> pieces, String variable)
            implements Operator {
        @Override
        public Cursor start(ExecContext ctx) {
            Cursor in = input.open(ctx);
            return f -> {
                if (!in.next(f)) {
                    return false;
                }
                f.set(pathSlot, build(f));
                return true;
            };
        }

        private PathValue build(Frame f) {
            List<NodeValue> nodes = new ArrayList<>();
            List<RelationshipValue> rels = new ArrayList<>();
            for (PathPiece p : pieces) {
                Object v = f.get(p.slot());
                if (v == null) {
                    return null;
                }
                if (!p.relationship()) {
                    if (nodes.size() == rels.size()) {
                        nodes.add((NodeValue) v);
                    }
                } else if (!p.list()) {
                    GraphRelationship r = (GraphRelationship) v;
                    rels.add(r);
                    nodes.add(new GraphNode(r.other(nodes.get(nodes.size() - 1).id())));
                } else {
                    for (Object o : (List<?>) v) {
                        GraphRelationship r = (GraphRelationship) o;
                        rels.add(r);
                        nodes.add(new GraphNode(r.other(nodes.get(nodes.size() - 1).id())));
                    }
                }
            }
            return new PathValue(nodes, rels);
        }

        @Override
        public String describe() {
            return "ConstructNamedPath (" + variable + ")";
        }

        @Override
        public List<Operator> children() {
            return List.of(input);
        }
    }
}

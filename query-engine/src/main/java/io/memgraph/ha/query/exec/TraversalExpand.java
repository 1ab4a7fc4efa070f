package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.LabelExpression;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.Functions;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.ValueSizes;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Memgraph's traversals, from the node in {@code fromSlot} (the walk's start) to the node in
 * {@code toSlot} (bound by the walk, or bound before when {@code toBound}):
 * <ul>
 * <li>{@code *BFS}: breadth-first, one shortest path per node reached, nearer nodes first;</li>
 * <li>{@code *WSHORTEST}: Dijkstra, one lightest path per node reached, lighter first;</li>
 * <li>{@code *ALLSHORTEST}: every lightest path per node reached;</li>
 * <li>{@code *KSHORTEST}: Yen's k shortest simple paths between the two bound nodes, shorter first.</li>
 * </ul>
 * The filter lambda decides, for each relationship looked at, whether the walk may go over it to
 * the node it leads to; the weight lambda gives its weight (and that of the start, with a null
 * relationship). With {@code reversed} the walk starts at the pattern's right end, so the
 * relationships are bound in reverse walk order. A path never ends where it starts. Every state the
 * search holds counts in the operator's memory scope; it ticks once per relationship looked at.
 */
public record TraversalExpand(Operator input, Pattern.Traversal traversal, int fromSlot, int toSlot, boolean toBound,
                              int relSlot, int weightSlot, boolean reversed, Pattern.Direction direction,
                              List<String> types, LabelExpression typeExpression, Expression edgeProperties,
                              String text) implements Operator {

    public TraversalExpand {
        types = List.copyOf(types);
    }

    /** A path found: its relationships in walk order (a list of its own), the node it ends on, its weight (or null). */
    private record Found(List<GraphRelationship> rels, long end, Object weight) {}

    /** The paths of one input row, one at a time. */
    private interface Search {
        /** The next path, or null when there are no more. */
        Found next();
    }

    @Override
    public Cursor start(ExecContext ctx) {
        Cursor in = input.open(ctx);
        MemoryScope memory = ctx.memory().child();
        return new Cursor() {
            Search search;

            @Override
            public boolean next(Frame f) {
                while (true) {
                    Found found = search == null ? null : search.next();
                    if (found != null) {
                        List<GraphRelationship> rels = found.rels();
                        if (reversed) {
                            rels = new ArrayList<>(rels);
                            Collections.reverse(rels);
                        }
                        // the search made the list for this row alone: no copy (a path may be long)
                        f.set(relSlot, Collections.unmodifiableList(rels));
                        if (!toBound) {
                            f.set(toSlot, new GraphNode(found.end()));
                        }
                        if (weightSlot >= 0) {
                            f.set(weightSlot, found.weight());
                        }
                        return true;
                    }
                    search = null;
                    memory.releaseAll();
                    if (!in.next(f)) {
                        return false;
                    }
                    search = open(new Walk(ctx, memory, f));
                }
            }
        };
    }

    /** The search for one input row, or null when it has nothing to find. */
    private Search open(Walk w) {
        NodeValue a = Scans.node(w.frame, fromSlot);
        if (a == null || !w.ctx.tx().vertexExists(a.id())) {
            return null;
        }
        long target = -1;
        if (toBound) {
            NodeValue b = Scans.node(w.frame, toSlot);
            if (b == null || b.id() == a.id() || !w.ctx.tx().vertexExists(b.id())) {
                return null;
            }
            target = b.id();
        }
        return switch (traversal.kind()) {
            case BFS -> {
                long min = w.bound(traversal.min(), 1, "Min depth in breadth-first expansion");
                long max = w.bound(traversal.max(), Long.MAX_VALUE, "Max depth in breadth-first expansion");
                yield max < 1 || min > max ? null : new Bfs(w, a.id(), target, min, max);
            }
            case WSHORTEST, ALLSHORTEST -> {
                String what = traversal.kind() == Pattern.TraversalKind.WSHORTEST
                        ? "weighted shortest path" : "all shortest paths";
                long max = w.bound(traversal.max(), Long.MAX_VALUE, "Max depth in " + what + " expansion");
                if (max < 1) {
                    throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Maximum depth in " + what + " expansion must be at least 1.");
                }
                Dijkstra d = new Dijkstra(w, a.id(), target, traversal.max() != null ? max : -1);
                yield traversal.kind() == Pattern.TraversalKind.WSHORTEST ? d::nextLightest : d.allLightest();
            }
            case KSHORTEST -> {
                long limit = w.bound(traversal.limit(), Long.MAX_VALUE, "Limit in KSHORTEST path expansion");
                long min = w.bound(traversal.min(), 1, "Min depth in KSHORTEST path expansion");
                long max = w.bound(traversal.max(), Long.MAX_VALUE, "Max depth in KSHORTEST path expansion");
                if (limit < 0) {
                    throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Limit in KSHORTEST path expansion must not be negative.");
                }
                if (max < 1) {
                    throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Maximum depth in KSHORTEST path expansion must be at least 1.");
                }
                if (min < 0) {
                    throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                            "Minimum depth in KSHORTEST path expansion must not be negative.");
                }
                yield limit == 0 || min > max ? null : new Yen(w, a.id(), target, min, max, limit);
            }
        };
    }

    /** One input row's walk: its frame, the relationships it may take, and the lambdas. */
    private final class Walk {
        final ExecContext ctx;
        final MemoryScope memory;
        final Frame frame;
        final Map<?, ?> props;

        Walk(ExecContext ctx, MemoryScope memory, Frame frame) {
            this.ctx = ctx;
            this.memory = memory;
            this.frame = frame;
            Object p = edgeProperties == null ? null : ctx.eval().evaluate(edgeProperties, frame);
            this.props = p instanceof Map<?, ?> m ? m : null;
        }

        /** The relationships the walk may take from {@code node}, each ticked. */
        List<EdgeRef> edges(long node) {
            return ctx.graph().edges(node, direction, types);
        }

        Pattern.Lambda filter() {
            return traversal.filter();
        }

        /** Whether {@code e} has a type and the properties the pattern asks for. */
        GraphRelationship admit(EdgeRef e) {
            ctx.tick();
            if (typeExpression != null && !typeExpression.matches(List.of(e.type()))) {
                return null;
            }
            GraphRelationship r = TransactionGraph.rel(e);
            return props == null || ctx.graph().propertiesMatch(r, props) ? r : null;
        }

        /** A bound or limit, an integer; {@code otherwise} when not written. */
        long bound(Expression e, long otherwise, String what) {
            if (e == null) {
                return otherwise;
            }
            Object v = ctx.eval().evaluate(e, frame);
            if (!(v instanceof Long l)) {
                throw new CypherException(CypherErrorKind.TYPE_MISMATCH, what + " must be an integer, got "
                        + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
            }
            return l;
        }

        /**
         * Whether the filter lets the walk go over {@code r} to {@code node}; {@code path} is the path
         * so far, {@code r} and {@code node} included, {@code weight} its weight (read when the lambda
         * names them).
         */
        boolean pass(GraphRelationship r, long node, Supplier<PathValue> path, Object weight) {
            Pattern.Lambda l = traversal.filter();
            return l == null || ExpansionFilter.pass(ctx, frame, l, r, node, path, weight);
        }

        /** The weight of going over {@code r} (null for the start) to {@code node}: a number, not negative. */
        Object weigh(GraphRelationship r, long node) {
            Pattern.Lambda l = traversal.weight();
            Object v = ctx.eval().evaluate(l.body(), frame.with(l.edge(), r).with(l.node(), new GraphNode(node)));
            if (v == null && r == null) {
                return null; // the start weighs nothing, e.g. (r, n | r.w)
            }
            if (!(v instanceof Long) && !(v instanceof Double)) {
                throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Weight must be a number, got "
                        + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
            }
            if (v instanceof Long x ? x < 0 : !((Double) v >= 0)) {
                throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                        "Weight must be non-negative, got " + Functions.show(v));
            }
            return v;
        }
    }

    /** Per node reached: its hash entry, its hop and its frontier slot. */
    private static final long PER_NODE = ValueSizes.HASH_ENTRY + 2 * ValueSizes.SMALL_OBJECT + ValueSizes.REFERENCE;

    /**
     * The last relationship of a path from the start and the hop before it (null at the start):
     * paths that share a beginning share its hops, and a path is read back without a lookup per hop.
     */
    private record Hop(GraphRelationship rel, Hop prev, int length) {
        static final Hop START = new Hop(null, null, 0);

        Hop then(GraphRelationship r) {
            return new Hop(r, this, length + 1);
        }

        /** The relationships from the start. */
        List<GraphRelationship> rels() {
            GraphRelationship[] out = new GraphRelationship[length];
            for (Hop h = this; h.rel != null; h = h.prev) {
                out[h.length - 1] = h.rel;
            }
            return java.util.Arrays.asList(out);
        }

        /** The path from {@code start} over these relationships: the lambdas' path so far. */
        PathValue path(long start) {
            return Expands.path(new GraphNode(start), rels());
        }
    }

    /**
     * {@code *BFS}: level by level; a node is reached once, by the first relationship the filter
     * lets through, and is a result when its depth is within the bounds. Lazy: a level is walked
     * when the previous one's results are used up.
     */
    private static final class Bfs implements Search {
        private final Walk w;
        private final long start;
        private final long target;
        private final long min;
        private final long max;
        private final Map<Long, Hop> reached = new HashMap<>();
        private final ArrayDeque<Long> ready = new ArrayDeque<>();
        private List<Long> frontier;
        private long depth;
        private boolean done;

        Bfs(Walk w, long start, long target, long min, long max) {
            this.w = w;
            this.start = start;
            this.target = target;
            this.min = min;
            this.max = max;
            this.frontier = List.of(start);
            reached.put(start, Hop.START);
            w.memory.reserve(PER_NODE);
        }

        @Override
        public Found next() {
            while (ready.isEmpty()) {
                if (done || frontier.isEmpty() || depth >= max) {
                    return null;
                }
                level();
            }
            long node = ready.poll();
            return new Found(reached.get(node).rels(), node, null);
        }

        private void level() {
            depth++;
            List<Long> next = new ArrayList<>();
            for (long node : frontier) {
                Hop here = reached.get(node);
                for (EdgeRef e : w.edges(node)) {
                    long other = e.other(node);
                    if (reached.containsKey(other)) {
                        w.ctx.tick();
                        continue;
                    }
                    GraphRelationship r = w.admit(e);
                    if (r == null || !w.pass(r, other, () -> here.then(r).path(start), null)) {
                        continue;
                    }
                    w.memory.reserve(PER_NODE);
                    reached.put(other, here.then(r));
                    next.add(other);
                    if (target < 0 && depth >= min) {
                        ready.add(other);
                    } else if (other == target) {
                        done = true;
                        if (depth >= min) {
                            ready.add(other);
                        }
                        return;
                    }
                }
            }
            frontier = next;
        }
    }

    /** A node at a depth; the depth is 0 throughout when there is no maximum depth. */
    private record State(long node, long depth) {}

    /** A state offered at a weight, from a state (null for the start) over the last hop of a path. */
    private record Entry(Object weight, State state, State from, Hop hop, long seq) {
        long hops() {
            return hop.length();
        }

        GraphRelationship rel() {
            return hop.rel();
        }
    }

    /** Per queue entry and per state settled: the record, its key, its hash entry. */
    private static final long PER_ENTRY = 3 * ValueSizes.SMALL_OBJECT + ValueSizes.HASH_ENTRY;

    /**
     * {@code *WSHORTEST} and {@code *ALLSHORTEST}: Dijkstra over states, lightest first. With a maximum
     * depth a state is a node at a depth, so that a heavier path with fewer relationships is kept
     * for nodes further on; without one it is the node. WSHORTEST yields each node the first time
     * one of its states is settled (lazily); ALLSHORTEST keeps every link that reaches a state at its
     * settled weight, searches to the end (or until the bound end node is settled and nothing as
     * light is left) and then spells out every path of each node's least weight.
     */
    private static final class Dijkstra {
        private final Walk w;
        private final long start;
        private final long target;
        private final long max;
        private final PriorityQueue<Entry> queue = new PriorityQueue<>(
                Comparator.<Entry, Object>comparing(Entry::weight, Weights::compare).thenComparingLong(Entry::seq));
        private final Map<State, Object> settled = new HashMap<>();
        private final Set<Long> yielded = new HashSet<>();
        private long seq;
        /** ALLSHORTEST: every link reaching a state at its settled weight is kept. */
        private boolean ties;

        /** {@code max} -1: no maximum depth. */
        Dijkstra(Walk w, long start, long target, long max) {
            this.w = w;
            this.start = start;
            this.target = target;
            this.max = max;
            queue.add(new Entry(w.weigh(null, start), new State(start, 0), null, Hop.START, seq++));
            w.memory.reserve(PER_ENTRY);
            yielded.add(start);
        }

        /** WSHORTEST's next node and its lightest path. */
        Found nextLightest() {
            while (!queue.isEmpty()) {
                Entry e = queue.poll();
                if (!settle(e, null)) {
                    continue;
                }
                long node = e.state().node();
                if ((target >= 0 && node != target) || !yielded.add(node)) {
                    continue;
                }
                if (target >= 0) {
                    queue.clear();
                }
                return new Found(e.hop().rels(), node, e.weight());
            }
            return null;
        }

        /** Settles {@code e}'s state unless it is already, then walks on from it; false if it was. */
        private boolean settle(Entry e, Map<State, List<ParentLinks.Link<State>>> links) {
            Object known = settled.get(e.state());
            if (known != null || settled.containsKey(e.state())) {
                if (links != null && e.from() != null && Weights.equal(known, e.weight())) {
                    w.memory.reserve(ParentLinks.PER_LINK);
                    links.get(e.state()).add(new ParentLinks.Link<>(e.from(), e.rel()));
                }
                return false;
            }
            settled.put(e.state(), e.weight());
            if (links != null) {
                List<ParentLinks.Link<State>> l = new ArrayList<>(1);
                if (e.from() != null) {
                    l.add(new ParentLinks.Link<>(e.from(), e.rel()));
                }
                links.put(e.state(), l);
            }
            if (max < 0 || e.hops() < max) {
                relax(e);
            }
            return true;
        }

        /**
         * Offers the states one relationship on from {@code e}'s. The weight is computed for the
         * relationships the filter lets through (before the filter when it reads the weight). A
         * settled state is offered again only to ALLSHORTEST, at its own weight (a zero-weight tie).
         */
        private void relax(Entry e) {
            long node = e.state().node();
            Pattern.Lambda filter = w.filter();
            boolean weightFirst = filter != null && filter.weight() != null;
            for (EdgeRef edge : w.edges(node)) {
                GraphRelationship r = w.admit(edge);
                if (r == null) {
                    continue;
                }
                long other = edge.other(node);
                State next = new State(other, max < 0 ? 0 : e.hops() + 1);
                if (!ties && settled.containsKey(next)) {
                    continue;
                }
                Object weight = weightFirst ? Weights.add(e.weight(), w.weigh(r, other)) : null;
                if (filter != null && !w.pass(r, other, () -> e.hop().then(r).path(start), weight)) {
                    continue;
                }
                if (!weightFirst) {
                    weight = Weights.add(e.weight(), w.weigh(r, other));
                }
                if (settled.containsKey(next) && !Weights.equal(settled.get(next), weight)) {
                    continue;
                }
                w.memory.reserve(PER_ENTRY);
                queue.add(new Entry(weight, next, e.state(), e.hop().then(r), seq++));
            }
        }

        /** ALLSHORTEST: searches, then yields node by node (in the order first settled) every lightest path. */
        Search allLightest() {
            ties = true;
            Map<State, List<ParentLinks.Link<State>>> links = new HashMap<>();
            Map<Long, Object> best = new HashMap<>();
            Map<Long, List<State>> lightest = new java.util.LinkedHashMap<>();
            while (!queue.isEmpty()) {
                Entry e = queue.peek();
                Object found = target >= 0 ? best.get(target) : null;
                if (found != null && Weights.compare(e.weight(), found) > 0 && !Weights.equal(e.weight(), found)) {
                    break; // nothing left weighs as little as the bound end's paths
                }
                queue.poll();
                if (!settle(e, links)) {
                    continue;
                }
                long node = e.state().node();
                if (node == start || (target >= 0 && node != target)) {
                    continue;
                }
                Object b = best.putIfAbsent(node, e.weight());
                if (b == null || Weights.equal(b, e.weight())) {
                    w.memory.reserve(PER_ENTRY);
                    lightest.computeIfAbsent(node, k -> new ArrayList<>()).add(e.state());
                }
            }
            queue.clear();
            State origin = new State(start, 0);
            Iterator<Map.Entry<Long, List<State>>> nodes = lightest.entrySet().iterator();
            return new Search() {
                Iterator<List<GraphRelationship>> paths = Collections.emptyIterator();
                long node;

                @Override
                public Found next() {
                    while (!paths.hasNext()) {
                        if (!nodes.hasNext()) {
                            return null;
                        }
                        Map.Entry<Long, List<State>> n = nodes.next();
                        node = n.getKey();
                        List<List<GraphRelationship>> all = new ArrayList<>();
                        for (State s : n.getValue()) {
                            all.addAll(ParentLinks.paths(s, origin, links::get, State::node, true, w.ctx, w.memory));
                        }
                        paths = all.iterator();
                    }
                    return new Found(paths.next(), node, best.get(node));
                }
            };
        }
    }

    /**
     * {@code *KSHORTEST}: Yen's algorithm over hop counts. Each next path deviates from the last one
     * found at one of its nodes: the part before is kept, the nodes on it and the relationships
     * the paths found so far take there are barred, and a breadth-first search finds the rest.
     * Paths are simple (no node twice), shortest first, ties in the order found.
     */
    private static final class Yen implements Search {
        private final Walk w;
        private final long source;
        private final long target;
        private final long min;
        private final long max;
        private final long limit;
        private final List<List<GraphRelationship>> found = new ArrayList<>();
        private final PriorityQueue<Candidate> candidates = new PriorityQueue<>(
                Comparator.comparingInt((Candidate c) -> c.rels().size()).thenComparingLong(Candidate::seq));
        private final Set<List<Long>> seen = new HashSet<>();
        private long served;
        private long seq;

        private record Candidate(List<GraphRelationship> rels, long seq) {}

        Yen(Walk w, long source, long target, long min, long max, long limit) {
            this.w = w;
            this.source = source;
            this.target = target;
            this.min = min;
            this.max = max;
            this.limit = limit;
        }

        @Override
        public Found next() {
            while (served < limit) {
                List<GraphRelationship> p = nextPath();
                if (p == null) {
                    return null;
                }
                if (p.size() >= min) {
                    served++;
                    return new Found(p, target, null);
                }
            }
            return null;
        }

        private List<GraphRelationship> nextPath() {
            if (found.isEmpty()) {
                List<GraphRelationship> first = shortest(source, Set.of(), Set.of(), max);
                if (first == null) {
                    return null;
                }
                keep(first);
                seen.add(ids(first));
                return first;
            }
            List<GraphRelationship> last = found.get(found.size() - 1);
            Set<Long> rootNodes = new HashSet<>();
            // the paths found that begin as the last one does up to its i-th node
            List<List<GraphRelationship>> sameRoot = new ArrayList<>(found);
            long spur = source;
            for (int i = 0; i < last.size(); i++) {
                List<GraphRelationship> root = last.subList(0, i);
                Set<Long> barred = new HashSet<>();
                for (List<GraphRelationship> p : sameRoot) {
                    if (p.size() > i) {
                        barred.add(p.get(i).id());
                    }
                }
                int k = i;
                long taken = last.get(i).id();
                sameRoot.removeIf(p -> p.size() <= k || p.get(k).id() != taken);
                List<GraphRelationship> rest = shortest(spur, rootNodes, barred, max - i);
                if (rest != null) {
                    List<GraphRelationship> c = new ArrayList<>(root);
                    c.addAll(rest);
                    if (seen.add(ids(c))) {
                        w.memory.reserve(ValueSizes.ofPathList(c.size()) + PER_ENTRY);
                        candidates.add(new Candidate(c, seq++));
                    }
                }
                rootNodes.add(spur);
                spur = last.get(i).other(spur);
            }
            Candidate next = candidates.poll();
            if (next == null) {
                return null;
            }
            keep(next.rels());
            return next.rels();
        }

        private void keep(List<GraphRelationship> p) {
            w.memory.reserve(ValueSizes.ofPathList(p.size()));
            found.add(p);
        }

        private static List<Long> ids(List<GraphRelationship> rels) {
            List<Long> out = new ArrayList<>(rels.size());
            for (GraphRelationship r : rels) {
                out.add(r.id());
            }
            return out;
        }

        /**
         * A shortest path from {@code from} to the target of at most {@code maxHops} relationships,
         * avoiding {@code barredNodes} and {@code barredRels}, or null; its search's memory is given back.
         */
        private List<GraphRelationship> shortest(long from, Set<Long> barredNodes, Set<Long> barredRels,
                                                 long maxHops) {
            Map<Long, Hop> reached = new HashMap<>();
            reached.put(from, Hop.START);
            long held = PER_NODE;
            w.memory.reserve(PER_NODE);
            try {
                List<Long> frontier = List.of(from);
                for (long depth = 1; depth <= maxHops && !frontier.isEmpty(); depth++) {
                    List<Long> next = new ArrayList<>();
                    for (long node : frontier) {
                        Hop here = reached.get(node);
                        for (EdgeRef e : w.edges(node)) {
                            long other = e.other(node);
                            if (reached.containsKey(other) || barredNodes.contains(other) || barredRels.contains(e.id())) {
                                w.ctx.tick();
                                continue;
                            }
                            GraphRelationship r = w.admit(e);
                            if (r == null || !w.pass(r, other, null, null)) {
                                continue;
                            }
                            w.memory.reserve(PER_NODE);
                            held += PER_NODE;
                            reached.put(other, here.then(r));
                            if (other == target) {
                                return here.then(r).rels();
                            }
                            next.add(other);
                        }
                    }
                    frontier = next;
                }
                return null;
            } finally {
                w.memory.release(held);
            }
        }
    }

    /** Weights: integers while every weight is one, else floats; null (a start that weighs nothing) is least. */
    private static final class Weights {
        private Weights() {
        }

        static Object add(Object total, Object w) {
            if (total == null) {
                return w;
            }
            if (total instanceof Long a && w instanceof Long b) {
                long sum = a + b;
                if (sum < 0) { // weights are not negative: only an overflow makes the sum so
                    throw new CypherException(CypherErrorKind.INTEGER_OVERFLOW,
                            "integer overflow: the weight of a path passes " + Long.MAX_VALUE);
                }
                return sum;
            }
            return ((Number) total).doubleValue() + ((Number) w).doubleValue();
        }

        static int compare(Object a, Object b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            if (a instanceof Long x && b instanceof Long y) {
                return Long.compare(x, y);
            }
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }

        /** Equal, floats within a relative 1e-12 (sums in another order differ in the last bits). */
        static boolean equal(Object a, Object b) {
            if (a == null || b == null || (a instanceof Long && b instanceof Long)) {
                return compare(a, b) == 0;
            }
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            double diff = Math.abs(x - y);
            return diff < 1e-12 || diff < Math.max(Math.abs(x), Math.abs(y)) * 1e-12;
        }
    }

    @Override
    public String describe() {
        return "TraversalExpand " + text;
    }

    @Override
    public List<Operator> children() {
        return List.of(input);
    }
}

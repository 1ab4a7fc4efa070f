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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One path pattern of Neo4j 5's graph pattern matching, walked from its first node (bound by the
 * input): relationship steps and quantified path patterns ({@code ((a)-[r]->(b) WHERE ...){1,3}},
 * {@code -[r]->+}) in a row, each relationship at most once per match (trail semantics, also across
 * the other relationships of the MATCH). Variables of a quantified path pattern are bound to lists
 * (group variables); inside it they are singletons, for its predicates, which are checked at the
 * end of each iteration.
 *
 * <p>Without a selector the walk is depth-first and lazy, one row per match. With one
 * ({@code SHORTEST k}, {@code ANY k}, {@code SHORTEST k GROUPS}, {@code ALL SHORTEST}) it is
 * breadth-first, so matches come in order of length; for each end node (the partition: the start
 * node is the input row's) it keeps the first {@code k} paths, or those of the first {@code k}
 * lengths, after the path predicate ({@code SHORTEST 1 (p = ... WHERE ...)}), a pre-filter.
 *
 * <p>A partial match is an {@link Event} chain (a parent pointer per relationship walked), so
 * breadth-first search shares prefixes and no walk recurses. Every event held counts in the
 * operator's memory scope; the search ticks once per relationship looked at.
 */
public record PathPatternMatch(Operator input, int startSlot, List<Segment> segments, Selection selection,
                               Expression pathWhere, int relsSlot, int pathSlot, int[] otherRelSlots,
                               int[] otherRelListSlots, String text) implements Operator {

    /** A node the walk reaches: the slot it is bound in, and whether it must equal a node bound before. */
    public record NodeSpec(int slot, boolean into, boolean exposed) {}

    /** One relationship of the pattern and the node it leads to; {@code exposed}: a variable the user named. */
    public record HopSpec(Pattern.Direction direction, List<String> types, int relSlot, boolean relExposed,
                          NodeSpec node) {
        public HopSpec {
            types = List.copyOf(types);
        }
    }

    /** A part of the path pattern: a relationship step or a quantified path pattern. */
    public sealed interface Segment {}

    /**
     * {@code -[r]->(n)} outside quantified path patterns; {@code condition} (or null) checks r and n;
     * {@code local}: it reads no other variable of the pattern (so only r and n need binding).
     */
    public record Single(HopSpec hop, Expression condition, boolean local) implements Segment {}

    /**
     * A quantified path pattern, {@code min} to {@code max} iterations of {@code hops} from the node
     * in {@code firstSlot}; {@code condition} (or null) holds all its predicates, checked once an
     * iteration is complete; {@code after} is the node written after it, checked by
     * {@code afterCondition} (or null), which is {@code afterLocal} when it reads no other variable
     * of the pattern. The condition of an iteration reads only that iteration's variables.
     */
    public record Repeat(List<HopSpec> hops, NodeSpec first, Expression condition, long min, long max,
                         NodeSpec after, Expression afterCondition, boolean afterLocal) implements Segment {
        public Repeat {
            hops = List.copyOf(hops);
        }
    }

    /** The selector: per end node, the first {@code count} paths ({@code groups}: path lengths). */
    public record Selection(long count, boolean groups) {}

    /**
     * A partial match: the relationship walked last (null for the start, or for leaving a
     * quantified path pattern, {@code hop} -1) and where in the pattern it was walked.
     */
    private record Event(Event parent, long node, GraphRelationship rel, int seg, long iter, int hop, int length,
                         int depth) {
        Event(Event parent, long node, GraphRelationship rel, int seg, long iter, int hop, int length) {
            this(parent, node, rel, seg, iter, hop, length, parent == null ? 1 : parent.depth + 1);
        }
    }

    /** An event, its slot in the stack or queue, and its relationship. */
    private static final long PER_EVENT = 3 * ValueSizes.SMALL_OBJECT + ValueSizes.REFERENCE;

    @Override
    public Cursor start(ExecContext ctx) {
        Cursor in = input.open(ctx);
        MemoryScope memory = ctx.memory().child();
        return new Cursor() {
            final ArrayDeque<Event> stack = new ArrayDeque<>();
            Iterator<Event> selected = List.<Event>of().iterator();
            /** Events of the chain being walked, counted beside those waiting on the stack. */
            long chainCounted;
            /** The chain being walked, first to last, and the ids of its relationships. */
            final ArrayList<Event> chain = new ArrayList<>();
            final java.util.HashSet<Long> onChain = new java.util.HashSet<>();

            @Override
            public boolean next(Frame f) {
                if (selection != null) {
                    while (!selected.hasNext()) {
                        memory.releaseAll();
                        Event root = nextRoot(f);
                        if (root == null) {
                            return false;
                        }
                        selected = select(ctx, memory, f, root).iterator();
                    }
                    bind(selected.next(), f);
                    return true;
                }
                while (true) {
                    Event e = stack.poll();
                    if (e == null) {
                        memory.releaseAll();
                        chainCounted = 0;
                        chain.clear();
                        onChain.clear();
                        Event root = nextRoot(f);
                        if (root == null) {
                            return false;
                        }
                        memory.reserve(PER_EVENT);
                        stack.push(root);
                        continue;
                    }
                    memory.release(PER_EVENT);
                    // the events e's chain holds through its parents stay alive while it is walked on
                    if (e.depth() > chainCounted) {
                        memory.reserve((e.depth() - chainCounted) * PER_EVENT);
                    } else {
                        memory.release((chainCounted - e.depth()) * PER_EVENT);
                    }
                    chainCounted = e.depth();
                    // depth first, e's parent is on the chain: cut the chain back to it and add e
                    while (chain.size() >= e.depth()) {
                        Event gone = chain.remove(chain.size() - 1);
                        if (gone.rel() != null) {
                            onChain.remove(gone.rel().id());
                        }
                    }
                    chain.add(e);
                    if (e.rel() != null) {
                        onChain.add(e.rel().id());
                    }
                    if (complete(e)) {
                        bind(e, f);
                        if (pathWhere == null || ctx.eval().isTrue(pathWhere, f)) {
                            return true;
                        }
                        continue;
                    }
                    List<Event> children = expand(ctx, f, e, onChain);
                    for (int k = children.size() - 1; k >= 0; k--) {
                        memory.reserve(PER_EVENT);
                        stack.push(children.get(k));
                    }
                }
            }

            /** The start of the next input row's walk, or null when the input is exhausted. */
            private Event nextRoot(Frame f) {
                while (in.next(f)) {
                    NodeValue n = Scans.node(f, startSlot);
                    if (n != null && ctx.tx().vertexExists(n.id())) {
                        return new Event(null, n.id(), null, -1, 0, -1, 0);
                    }
                }
                return null;
            }
        };
    }

    /**
     * Breadth-first, level by level (a level: the matches of one length; leaving a quantified path
     * pattern walks no relationship and stays in its level), keeping per end node what the
     * selector asks for. Stops early when the end node is bound and has all it needs.
     */
    private List<Event> select(ExecContext ctx, MemoryScope memory, Frame f, Event root) {
        Map<Long, long[]> partitions = new HashMap<>(); // end node -> {paths kept, groups seen, last length}
        List<Event> out = new ArrayList<>();
        NodeSpec end = endSpec();
        List<Event> level = List.of(root);
        memory.reserve(PER_EVENT);
        while (!level.isEmpty()) {
            List<Event> next = new ArrayList<>();
            ArrayDeque<Event> work = new ArrayDeque<>(level);
            while (!work.isEmpty()) {
                Event e = work.poll();
                if (complete(e)) {
                    keep(ctx, memory, f, e, partitions, out);
                    continue;
                }
                for (Event c : expand(ctx, f, e, null)) {
                    memory.reserve(PER_EVENT);
                    (c.rel() == null ? work : next).add(c);
                }
            }
            level = next;
            if (end != null && end.into() && boundEndSatisfied(f, end, partitions, level)) {
                break;
            }
        }
        return out;
    }

    private void keep(ExecContext ctx, MemoryScope memory, Frame f, Event e, Map<Long, long[]> partitions,
                      List<Event> out) {
        if (pathWhere != null) {
            bind(e, f);
            if (!ctx.eval().isTrue(pathWhere, f)) {
                return;
            }
        }
        long[] p = partitions.computeIfAbsent(e.node(), k -> {
            memory.reserve(ValueSizes.HASH_ENTRY + 3 * ValueSizes.SMALL_OBJECT);
            return new long[] {0, 0, -1};
        });
        if (selection.groups()) {
            if (p[2] != e.length()) {
                p[1]++;
                p[2] = e.length();
            }
            if (p[1] > selection.count()) {
                return;
            }
        } else if (p[0] >= selection.count()) {
            return;
        }
        p[0]++;
        memory.reserve(ValueSizes.REFERENCE);
        out.add(e);
    }

    /** With the end node bound there is one partition: done once it has all its paths or groups. */
    private boolean boundEndSatisfied(Frame f, NodeSpec end, Map<Long, long[]> partitions, List<Event> nextLevel) {
        NodeValue n = Scans.node(f, end.slot());
        long[] p = n == null ? null : partitions.get(n.id());
        if (p == null) {
            return false;
        }
        // a group is complete only once the next level is longer, which it is from here on
        return selection.groups() ? p[1] >= selection.count() : p[0] >= selection.count();
    }

    /** The last node of the pattern. */
    private NodeSpec endSpec() {
        Segment last = segments.get(segments.size() - 1);
        return last instanceof Single s ? s.hop().node() : ((Repeat) last).after();
    }

    /** Whether {@code e} has walked the whole pattern. */
    private boolean complete(Event e) {
        int last = segments.size() - 1;
        if (e.parent() == null || e.seg() != last) {
            return false;
        }
        return e.rel() == null || segments.get(last) instanceof Single;
    }

    /**
     * The partial matches one step on from {@code e} that pass their checks; {@code onChain}, when
     * not null, holds the ids of the relationships of {@code e}'s chain (else the chain is searched).
     */
    private List<Event> expand(ExecContext ctx, Frame f, Event e, java.util.Set<Long> onChain) {
        List<Event> out = new ArrayList<>();
        if (e.parent() == null || e.rel() == null || segments.get(e.seg()) instanceof Single) {
            int seg = e.parent() == null ? 0 : e.seg() + 1;
            if (seg < segments.size() && segments.get(seg) instanceof Single) {
                walk(ctx, f, e, seg, 0, 0, onChain, out);
            } else if (seg < segments.size()) {
                iteration(ctx, f, e, seg, 0, onChain, out);
            }
            return out;
        }
        Repeat r = (Repeat) segments.get(e.seg());
        if (e.hop() < r.hops().size() - 1) {
            walk(ctx, f, e, e.seg(), e.iter(), e.hop() + 1, onChain, out);
        } else {
            iteration(ctx, f, e, e.seg(), e.iter() + 1, onChain, out);
        }
        return out;
    }

    /** At the start of iteration {@code iter} of a quantified path pattern: leave it, or walk on. */
    private void iteration(ExecContext ctx, Frame f, Event e, int seg, long iter, java.util.Set<Long> onChain,
                           List<Event> out) {
        Repeat r = (Repeat) segments.get(seg);
        if (iter >= r.min()) {
            Event exit = new Event(e, e.node(), null, seg, iter, -1, e.length());
            if (nodeOk(f, r.after(), e.node()) && afterOk(ctx, f, exit, r)) {
                out.add(exit);
            }
        }
        if (iter < r.max()) {
            walk(ctx, f, e, seg, iter, 0, onChain, out);
        }
    }

    /** Walks hop {@code hop} of segment {@code seg} from {@code e}'s node. */
    private void walk(ExecContext ctx, Frame f, Event e, int seg, long iter, int hop, java.util.Set<Long> onChain,
                      List<Event> out) {
        Segment s = segments.get(seg);
        HopSpec spec = s instanceof Single single ? single.hop() : ((Repeat) s).hops().get(hop);
        for (EdgeRef edge : ctx.graph().edges(e.node(), spec.direction(), spec.types())) {
            ctx.tick();
            if ((onChain != null ? onChain.contains(edge.id()) : walked(e, edge.id())) || Expands.bound(f, edge.id(), otherRelSlots, otherRelListSlots)) {
                continue;
            }
            long target = edge.other(e.node());
            Event c = new Event(e, target, TransactionGraph.rel(edge), seg, iter, hop, e.length() + 1);
            if (s instanceof Single single) {
                if (nodeOk(f, spec.node(), target) && singleOk(ctx, f, c, single)) {
                    out.add(c);
                }
            } else {
                Repeat r = (Repeat) s;
                if (hop < r.hops().size() - 1 || iterationOk(ctx, f, c, r)) {
                    out.add(c);
                }
            }
        }
    }

    /** A node that must equal one bound before (in an earlier clause or part) does. */
    private static boolean nodeOk(Frame f, NodeSpec spec, long node) {
        if (!spec.into()) {
            return true;
        }
        NodeValue bound = Scans.node(f, spec.slot());
        return bound != null && bound.id() == node;
    }

    private boolean singleOk(ExecContext ctx, Frame f, Event e, Single s) {
        if (s.condition() == null) {
            return true;
        }
        if (!s.local()) {
            bind(e, f); // it reads other variables of the pattern, group variables too
        }
        f.set(s.hop().relSlot(), e.rel());
        setNode(f, s.hop().node(), e.node());
        return ctx.eval().isTrue(s.condition(), f);
    }

    private boolean afterOk(ExecContext ctx, Frame f, Event exit, Repeat r) {
        if (r.afterCondition() == null) {
            return true;
        }
        if (!r.afterLocal()) {
            bind(exit, f);
        }
        setNode(f, r.after(), exit.node());
        return ctx.eval().isTrue(r.afterCondition(), f);
    }

    /** The predicates of the iteration {@code last} completes, with that iteration's singletons bound. */
    private boolean iterationOk(ExecContext ctx, Frame f, Event last, Repeat r) {
        if (r.condition() == null) {
            return true;
        }
        for (Event x = last; x != null && x.hop() >= 0; x = x.parent()) {
            HopSpec h = r.hops().get(x.hop());
            f.set(h.relSlot(), x.rel());
            setNode(f, h.node(), x.node());
            if (x.hop() == 0) {
                setNode(f, r.first(), x.parent().node());
                break;
            }
        }
        return ctx.eval().isTrue(r.condition(), f);
    }

    /** Whether the match so far has walked relationship {@code id} already. */
    private static boolean walked(Event e, long id) {
        for (Event x = e; x != null; x = x.parent()) {
            if (x.rel() != null && x.rel().id() == id) {
                return true;
            }
        }
        return false;
    }

    /** The events of {@code e}'s chain, first to last. */
    private static List<Event> chain(Event e) {
        ArrayList<Event> events = new ArrayList<>(e.length() + 4);
        for (Event x = e; x != null; x = x.parent()) {
            events.add(x);
        }
        java.util.Collections.reverse(events);
        return events;
    }

    private static void setNode(Frame f, NodeSpec spec, long node) {
        if (!spec.into()) {
            f.set(spec.slot(), new GraphNode(node));
        }
    }

    /**
     * Binds a match (complete, or so far for a predicate that reads more than its own step): the
     * singletons outside quantified path patterns, the group variables (one list per variable of
     * each quantified path pattern), the list of all relationships (for uniqueness against later
     * parts) and the path.
     */
    private void bind(Event e, Frame f) {
        List<Event> events = chain(e);
        List<RelationshipValue> rels = new ArrayList<>(e.length());
        Map<Integer, List<Object>> groups = new HashMap<>();
        for (int seg = 0; seg < segments.size(); seg++) {
            if (segments.get(seg) instanceof Repeat r) {
                if (r.first().exposed()) {
                    groups.put(r.first().slot(), new ArrayList<>());
                }
                for (HopSpec h : r.hops()) {
                    if (h.relExposed()) {
                        groups.put(h.relSlot(), new ArrayList<>());
                    }
                    if (h.node().exposed()) {
                        groups.put(h.node().slot(), new ArrayList<>());
                    }
                }
            }
        }
        for (int k = 1; k < events.size(); k++) {
            Event x = events.get(k);
            Segment s = segments.get(x.seg());
            if (x.rel() != null) {
                rels.add(x.rel());
            }
            if (s instanceof Single single) {
                if (single.hop().relExposed()) {
                    f.set(single.hop().relSlot(), x.rel());
                }
                setExposed(f, single.hop().node(), x.node());
                continue;
            }
            Repeat r = (Repeat) s;
            if (x.rel() == null) {
                setExposed(f, r.after(), x.node());
                continue;
            }
            HopSpec h = r.hops().get(x.hop());
            if (x.hop() == 0 && r.first().exposed()) {
                groups.get(r.first().slot()).add(new GraphNode(events.get(k - 1).node()));
            }
            if (h.relExposed()) {
                groups.get(h.relSlot()).add(x.rel());
            }
            if (h.node().exposed()) {
                groups.get(h.node().slot()).add(new GraphNode(x.node()));
            }
        }
        for (Map.Entry<Integer, List<Object>> g : groups.entrySet()) {
            f.set(g.getKey(), List.copyOf(g.getValue()));
        }
        f.set(relsSlot, List.copyOf(rels));
        if (pathSlot >= 0) {
            List<NodeValue> nodes = new ArrayList<>(rels.size() + 1);
            nodes.add(new GraphNode(events.get(0).node()));
            for (Event x : events) {
                if (x.rel() != null) {
                    nodes.add(new GraphNode(x.node()));
                }
            }
            f.set(pathSlot, new PathValue(nodes, rels));
        }
    }

    private static void setExposed(Frame f, NodeSpec spec, long node) {
        if (spec.exposed() && !spec.into()) {
            f.set(spec.slot(), new GraphNode(node));
        }
    }

    @Override
    public String describe() {
        return (selection == null ? "PathPatternMatch " : "StatefulShortestPath ") + text;
    }

    @Override
    public List<Operator> children() {
        return List.of(input);
    }
}

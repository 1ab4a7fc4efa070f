package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.exec.PathExpandConfig.Kind;
import io.memgraph.ha.query.exec.PathExpander.Branch;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * APOC's path expanders ({@code apoc.path.expand}, {@code expandConfig}, {@code subgraphNodes},
 * {@code subgraphAll}, {@code spanningTree}), under APOC 5's names, arguments and columns. Each
 * walks from its start nodes (a node, an id, an element id or a list of them) as {@link
 * PathExpander} says, with the settings {@link PathExpandConfig} reads. The subgraph procedures
 * and {@code spanningTree} are {@code expandConfig} with uniqueness NODE_GLOBAL: one path to each
 * node reached, the first found.
 */
final class ApocPathProcedures {
    private ApocPathProcedures() {
    }

    private static final Field START = new Field("startNode", "ANY");
    private static final Field CONFIG = new Field("config", "MAP");
    private static final List<Field> PATH = List.of(new Field("path", "PATH"));

    static void register(Procedures p) {
        p.register(new Procedure("apoc.path.expand", List.of(START, new Field("relationshipFilter", "STRING"),
                new Field("labelFilter", "STRING"), new Field("minLevel", "INTEGER"), new Field("maxLevel", "INTEGER")),
                PATH, Mode.READ, "Returns the paths from the start nodes over the relationships the filter names,"
                        + " through the nodes the label filter lets pass, from minLevel to maxLevel relationships"
                        + " long.",
                (ctx, a) -> {
                    String what = "apoc.path.expand";
                    return paths(ctx, what, a.get(0), PathExpandConfig.expand(what, a.get(1), a.get(2), a.get(3),
                            a.get(4)));
                }));
        p.register(new Procedure("apoc.path.expandConfig", List.of(START, CONFIG), PATH, Mode.READ,
                "Returns the paths from the start nodes that the config allows (filters, levels, uniqueness, order,"
                        + " limit).", (ctx, a) -> {
                    String what = "apoc.path.expandConfig";
                    return paths(ctx, what, a.get(0), PathExpandConfig.of(ctx, what, Kind.EXPAND, a.get(1)));
                }));
        p.register(new Procedure("apoc.path.spanningTree", List.of(START, CONFIG), PATH, Mode.READ,
                "Returns one path to each node reachable from the start nodes as the config allows; together they"
                        + " form a spanning tree.", (ctx, a) -> {
                    String what = "apoc.path.spanningTree";
                    return paths(ctx, what, a.get(0), PathExpandConfig.of(ctx, what, Kind.SUBGRAPH, a.get(1)));
                }));
        p.register(new Procedure("apoc.path.subgraphNodes", List.of(START, CONFIG), List.of(new Field("node", "NODE")),
                Mode.READ, "Returns the nodes reachable from the start nodes as the config allows.", (ctx, a) -> {
                    String what = "apoc.path.subgraphNodes";
                    PathExpandConfig config = PathExpandConfig.of(ctx, what, Kind.SUBGRAPH, a.get(1));
                    List<Object[]> rows = new ArrayList<>();
                    for (Branch b : PathExpander.walk(ctx, starts(ctx, what, a.get(0)), config)) {
                        rows.add(new Object[] {new GraphNode(b.node)});
                    }
                    return orNull(rows, config);
                }));
        p.register(new Procedure("apoc.path.subgraphAll", List.of(START, CONFIG), List.of(
                new Field("nodes", "LIST<NODE>"), new Field("relationships", "LIST<RELATIONSHIP>")), Mode.READ,
                "Returns the nodes reachable from the start nodes as the config allows, and every relationship"
                        + " between them (of any type).", (ctx, a) -> {
                    String what = "apoc.path.subgraphAll";
                    PathExpandConfig config = PathExpandConfig.of(ctx, what, Kind.SUBGRAPH, a.get(1));
                    return subgraph(ctx, PathExpander.walk(ctx, starts(ctx, what, a.get(0)), config));
                }));
    }

    private static List<NodeValue> starts(ExecContext ctx, String what, Object startNode) {
        return ApocArguments.nodes(ctx, what, "startNode", startNode);
    }

    private static List<Object[]> paths(ExecContext ctx, String what, Object startNode, PathExpandConfig config) {
        List<Object[]> rows = new ArrayList<>();
        for (Branch b : PathExpander.walk(ctx, starts(ctx, what, startNode), config)) {
            rows.add(new Object[] {b.path()});
        }
        return orNull(rows, config);
    }

    /** With {@code optional}, a call that found nothing yields one row of null, as APOC's. */
    private static List<Object[]> orNull(List<Object[]> rows, PathExpandConfig config) {
        if (rows.isEmpty() && config.optional()) {
            rows.add(new Object[] {null});
        }
        return rows;
    }

    /**
     * One row: the nodes found, and every relationship between two of them, whatever the
     * relationship filter (as APOC's, which covers the nodes afterwards), by start node in the
     * nodes' order. {@code optional} changes nothing: the row is there, with empty lists.
     */
    private static List<Object[]> subgraph(ExecContext ctx, List<Branch> found) {
        List<Object> nodes = new ArrayList<>(found.size());
        Set<Long> ids = new HashSet<>();
        for (Branch b : found) {
            nodes.add(new GraphNode(b.node));
            ids.add(b.node);
        }
        List<Object> rels = new ArrayList<>();
        for (Branch b : found) {
            for (EdgeRef e : ctx.tx().outEdges(b.node)) {
                ctx.tick();
                if (ids.contains(e.to())) {
                    rels.add(TransactionGraph.rel(e));
                }
            }
        }
        List<Object[]> rows = new ArrayList<>(1);
        rows.add(new Object[] {nodes, rels});
        return rows;
    }
}

package io.memgraph.ha.query.exec;

import static io.memgraph.ha.query.exec.ApocArguments.described;
import static io.memgraph.ha.query.exec.ApocArguments.failed;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * APOC's {@code apoc.nodes.get} (the nodes that nodes, ids or element ids name),
 * {@code apoc.nodes.delete} (deletes them with their relationships) and {@code apoc.nodes.link}
 * (a relationship from each node of a list to the next). The two writing ones are of mode WRITE
 * and write through the caller's transaction, as DETACH DELETE and CREATE do: counted in the
 * summary, replicated with the transaction, rolled back with it. Unlike APOC,
 * {@code apoc.nodes.delete} does not commit every {@code batchSize} nodes: the deletes are the
 * caller's transaction's.
 */
final class ApocNodeProcedures {
    private ApocNodeProcedures() {
    }

    static void register(Procedures p) {
        p.register(new Procedure("apoc.nodes.get", List.of(new Field("nodes", "ANY")),
                List.of(new Field("node", "NODE")), Mode.READ,
                "Returns all NODE values with the given ids.", (ctx, a) -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (NodeValue n : ApocArguments.nodes(ctx, "apoc.nodes.get", "nodes", a.get(0))) {
                        ctx.tick();
                        rows.add(new Object[] {n});
                    }
                    return rows;
                }));
        p.register(new Procedure("apoc.nodes.delete", List.of(new Field("nodes", "ANY"),
                new Field("batchSize", "INTEGER")), List.of(new Field("value", "INTEGER")), Mode.WRITE,
                "Deletes all NODE values with the given ids, with their relationships.", (ctx, a) -> {
                    String what = "apoc.nodes.delete";
                    List<NodeValue> nodes = ApocArguments.nodes(ctx, what, "nodes", a.get(0));
                    if (!(a.get(1) instanceof Long batchSize)) {
                        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + what
                                + " expects an INTEGER for `batchSize` but got " + described(a.get(1)));
                    }
                    if (batchSize < 1) {
                        throw failed(what, "batchSize must be at least 1, not " + batchSize);
                    }
                    long deleted = 0;
                    for (NodeValue n : nodes) {
                        ctx.tick();
                        if (ctx.tx().vertexExists(n.id())) { // not named twice
                            Updates.Delete.detachDelete(ctx, n.id());
                            deleted++;
                        }
                    }
                    List<Object[]> rows = new ArrayList<>(1);
                    rows.add(new Object[] {deleted});
                    return rows;
                }));
        p.register(new Procedure("apoc.nodes.link", List.of(new Field("nodes", "LIST<NODE>"),
                new Field("type", "STRING"), new Field("config", "MAP", Map.of())), List.of(), Mode.WRITE,
                "Creates a linked list of the given NODE values connected by the given RELATIONSHIP type.",
                ApocNodeProcedures::link));
    }

    /** A relationship of {@code type} from each node to the next; with avoidDuplicates none where there is one. */
    private static List<Object[]> link(ExecContext ctx, List<Object> a) {
        String what = "apoc.nodes.link";
        if (a.get(0) != null && !(a.get(0) instanceof List<?>)) {
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + what
                    + " expects a LIST<NODE> for `nodes` but got " + described(a.get(0)));
        }
        List<NodeValue> nodes = ApocArguments.nodes(ctx, what, "nodes", a.get(0));
        String type = ApocWriteProcedures.type(what, a.get(1));
        Map<String, Object> config = ApocArguments.map(what, "config", a.get(2));
        boolean avoidDuplicates = GraphRefactoring.MergeConfig.flag(what, config, "avoidDuplicates", false);
        for (int i = 1; i < nodes.size(); i++) {
            long from = nodes.get(i - 1).id();
            long to = nodes.get(i).id();
            if (!avoidDuplicates || !linked(ctx, from, to, type)) {
                GraphRefactoring.createRelationship(ctx, from, to, type, Map.of());
            }
        }
        return List.of();
    }

    private static boolean linked(ExecContext ctx, long from, long to, String type) {
        for (EdgeRef e : ctx.tx().outEdges(from, type)) {
            ctx.tick();
            if (e.to() == to) {
                return true;
            }
        }
        return false;
    }
}

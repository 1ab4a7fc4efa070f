package io.memgraph.ha.query.exec;

import static io.memgraph.ha.query.exec.ApocArguments.failed;
import static io.memgraph.ha.query.exec.ApocArguments.map;
import static io.memgraph.ha.query.exec.ApocArguments.one;
import static io.memgraph.ha.query.exec.ApocArguments.typeMismatch;

import io.memgraph.ha.query.ast.BatchProcedureColumns;
import io.memgraph.ha.query.eval.DynamicNames;
import io.memgraph.ha.query.exec.GraphRefactoring.MergeConfig;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.function.Predicate;

/**
 * APOC's {@code apoc.refactor.*} and MAGE's {@code refactor.*} procedures, all of mode WRITE: a
 * query that calls one is a write, and what they change ({@link GraphRefactoring}) is written
 * through the caller's transaction, replicated, counted in the summary and rolled back with it.
 * The renames APOC runs in batches of their own transactions ({@code apoc.periodic.iterate}) run
 * here in the caller's transaction, as one batch. A failure fails the query (APOC reports some in
 * an {@code error} column and goes on): the {@code error} column is null, but for
 * {@code collapseNode}'s refusal of a node it leaves as it was, which APOC reports there.
 */
final class RefactorProcedures {
    private RefactorProcedures() {
    }

    private static final String INTEGER = "INTEGER";
    private static final String STRING = "STRING";
    private static final String NODE = "NODE";
    private static final String RELATIONSHIP = "RELATIONSHIP";
    private static final String MAP = "MAP";
    private static final List<Field> REL_RESULT = List.of(new Field("input", INTEGER),
            new Field("output", RELATIONSHIP), new Field("error", STRING));
    private static final List<Field> NODE_RESULT = List.of(new Field("input", INTEGER), new Field("output", NODE),
            new Field("error", STRING));
    /** APOC's renames give {@code apoc.periodic.iterate}'s first ten columns and the schema they touch. */
    private static final List<Field> RENAME_RESULT;

    static {
        List<Field> fields = new ArrayList<>();
        BatchProcedureColumns.APOC_ITERATE.subList(0, 10).forEach(c -> fields.add(new Field(c.name(), c.type())));
        fields.add(new Field("constraints", "LIST<STRING>"));
        fields.add(new Field("indexes", "LIST<STRING>"));
        RENAME_RESULT = List.copyOf(fields);
    }

    private static Field config() {
        return new Field("config", MAP, Map.of());
    }

    // ------------------------------------------------------------------ APOC

    static void register(Procedures p) {
        p.register(new Procedure("apoc.refactor.setType", List.of(new Field("rel", RELATIONSHIP),
                new Field("newType", STRING)), REL_RESULT, Mode.WRITE, "Changes the type of the given relationship"
                + " (a new relationship with its endpoints and properties; the old one is deleted).", (ctx, a) -> {
                    String what = "apoc.refactor.setType";
                    return a.get(0) == null ? List.of() : relRow(ctx, what, a.get(0),
                            e -> GraphRefactoring.recreate(ctx, e, e.from(), e.to(), name(what, "newType", a.get(1))));
                }));
        p.register(new Procedure("apoc.refactor.invert", List.of(new Field("rel", RELATIONSHIP), config()), REL_RESULT,
                Mode.WRITE, "Inverts the direction of the given relationship.", (ctx, a) -> a.get(0) == null
                        ? List.of() : relRow(ctx, "apoc.refactor.invert", a.get(0),
                                e -> GraphRefactoring.recreate(ctx, e, e.to(), e.from(), e.type()))));
        p.register(new Procedure("apoc.refactor.from", List.of(new Field("rel", RELATIONSHIP),
                new Field("newNode", NODE), config()), REL_RESULT, Mode.WRITE,
                "Redirects the given relationship to the given start node.", (ctx, a) -> a.get(0) == null
                        || a.get(1) == null ? List.of() : relRow(ctx, "apoc.refactor.from", a.get(0),
                                e -> redirect(ctx, "apoc.refactor.from", e, "newNode", a.get(1), true))));
        p.register(new Procedure("apoc.refactor.to", List.of(new Field("rel", RELATIONSHIP),
                new Field("endNode", NODE), config()), REL_RESULT, Mode.WRITE,
                "Redirects the given relationship to the given end node.", (ctx, a) -> a.get(0) == null
                        || a.get(1) == null ? List.of() : relRow(ctx, "apoc.refactor.to", a.get(0),
                                e -> redirect(ctx, "apoc.refactor.to", e, "endNode", a.get(1), false))));
        p.register(new Procedure("apoc.refactor.cloneNodes", List.of(new Field("nodes", "LIST<NODE>"),
                new Field("withRelationships", "BOOLEAN", false), new Field("skipProperties", "LIST<STRING>", List.of())),
                NODE_RESULT, Mode.WRITE, "Clones the given nodes with their labels and properties (but"
                        + " skipProperties), and with withRelationships their relationships.",
                (ctx, a) -> cloneNodes(ctx, "apoc.refactor.cloneNodes", a)));
        p.register(new Procedure("apoc.refactor.mergeNodes", List.of(new Field("nodes", "LIST<NODE>"), config()),
                List.of(new Field("node", NODE)), Mode.WRITE, "Merges the given nodes onto the first one, with their"
                        + " relationships.", (ctx, a) -> mergeNodes(ctx, "apoc.refactor.mergeNodes", a)));
        p.register(new Procedure("apoc.refactor.mergeRelationships", List.of(new Field("rels", "LIST<RELATIONSHIP>"),
                config()), List.of(new Field("rel", RELATIONSHIP)), Mode.WRITE,
                "Merges the given relationships onto the first one.", (ctx, a) -> {
                    String what = "apoc.refactor.mergeRelationships";
                    List<GraphRelationship> rels = distinctRelationships(ctx, what, "rels", a.get(0));
                    MergeConfig conf = MergeConfig.of(what, map(what, "config", a.get(1)));
                    return rels.isEmpty() ? List.of() : one(GraphRefactoring.mergeRelationships(ctx, what, rels, conf));
                }));
        p.register(new Procedure("apoc.refactor.rename.label", List.of(new Field("oldLabel", STRING),
                new Field("newLabel", STRING), new Field("nodes", "LIST<NODE>", List.of())), RENAME_RESULT, Mode.WRITE,
                "Renames a label on all nodes, or on the given nodes only.", (ctx, a) -> {
                    String what = "apoc.refactor.rename.label";
                    String old = name(what, "oldLabel", a.get(0));
                    long started = System.nanoTime();
                    long total = renameLabel(ctx, old, name(what, "newLabel", a.get(1)),
                            givenOrNull(ctx, what, a.get(2), true));
                    return renamed(ctx, total, started, item -> item.label().equals(old)
                            && !(item instanceof SchemaItem.EdgePropertyIndex), true);
                }));
        p.register(new Procedure("apoc.refactor.rename.type", List.of(new Field("oldType", STRING),
                new Field("newType", STRING), new Field("rels", "LIST<RELATIONSHIP>", List.of()), config()),
                RENAME_RESULT, Mode.WRITE, "Renames a relationship type on all relationships, or on the given ones"
                        + " only.", (ctx, a) -> {
                    String what = "apoc.refactor.rename.type";
                    long started = System.nanoTime();
                    long total = renameType(ctx, name(what, "oldType", a.get(0)), name(what, "newType", a.get(1)),
                            givenOrNull(ctx, what, a.get(2), false));
                    return renamed(ctx, total, started, item -> false, false);
                }));
        apocPropertyRename(p, "apoc.refactor.rename.nodeProperty", true);
        apocPropertyRename(p, "apoc.refactor.rename.typeProperty", false);
        p.register(new Procedure("apoc.refactor.collapseNode", List.of(new Field("nodes", "ANY"),
                new Field("relType", STRING)), REL_RESULT, Mode.WRITE, "Replaces each given node that has one"
                        + " incoming and one outgoing relationship by a relationship of the given type.",
                (ctx, a) -> collapseNodes(ctx, "apoc.refactor.collapseNode", "relType", a)));
        p.register(new Procedure("apoc.refactor.extractNode", List.of(new Field("rels", "ANY"),
                new Field("labels", "LIST<STRING>"), new Field("outType", STRING), new Field("inType", STRING)),
                NODE_RESULT, Mode.WRITE, "Replaces each given relationship by a node with its properties between its"
                        + " endpoints.", (ctx, a) -> extractNodes(ctx, "apoc.refactor.extractNode", "rels", a)));
    }

    /**
     * {@code apoc.refactor.rename.nodeProperty} ({@code typeProperty} when not {@code nodes}):
     * renames a property on all nodes (relationships) that have it, or on the given ones only.
     */
    private static void apocPropertyRename(Procedures p, String what, boolean nodes) {
        p.register(new Procedure(what, List.of(new Field("oldName", STRING), new Field("newName", STRING),
                new Field(nodes ? "nodes" : "rels", nodes ? "LIST<NODE>" : "LIST<RELATIONSHIP>", List.of()), config()),
                RENAME_RESULT, Mode.WRITE, "Renames a property on all " + (nodes ? "nodes" : "relationships")
                        + ", or on the given ones only.", (ctx, a) -> {
                    String old = key(what, "oldName", a.get(0));
                    long started = System.nanoTime();
                    long total = renameProperty(ctx, old, key(what, "newName", a.get(1)),
                            orAll(ctx, givenOrNull(ctx, what, a.get(2), nodes), nodes));
                    return renamed(ctx, total, started, item -> SchemaDescriptions.properties(item).contains(old), true);
                }));
    }

    // ------------------------------------------------------------------ MAGE

    static void registerMage(Procedures p) {
        List<Field> relationship = List.of(new Field("relationship", RELATIONSHIP));
        p.register(new Procedure("refactor.from", List.of(new Field("relationship", RELATIONSHIP),
                new Field("new_from", NODE)), relationship, Mode.WRITE,
                "Redirects the relationship to a new start node (MAGE's).", (ctx, a) -> one(redirect(ctx,
                        "refactor.from", edge(ctx, "refactor.from", "relationship", a.get(0)), "new_from", a.get(1),
                        true))));
        p.register(new Procedure("refactor.to", List.of(new Field("relationship", RELATIONSHIP),
                new Field("new_to", NODE)), relationship, Mode.WRITE,
                "Redirects the relationship to a new end node (MAGE's).", (ctx, a) -> one(redirect(ctx,
                        "refactor.to", edge(ctx, "refactor.to", "relationship", a.get(0)), "new_to", a.get(1),
                        false))));
        p.register(new Procedure("refactor.invert", List.of(new Field("relationship", "ANY")), REL_RESULT,
                Mode.WRITE, "Inverts the direction of the relationship (MAGE's).", (ctx, a) ->
                        relRow(ctx, "refactor.invert", a.get(0),
                                e -> GraphRefactoring.recreate(ctx, e, e.to(), e.from(), e.type()))));
        mageRename(p, "refactor.rename_label", "old_label", "new_label", true, false,
                "Renames a label on the given nodes", RefactorProcedures::renameLabel);
        mageRename(p, "refactor.rename_type", "oldType", "newType", false, false,
                "Renames a relationship type on the given relationships", RefactorProcedures::renameType);
        mageRename(p, "refactor.rename_node_property", "old_property", "new_property", true, true,
                "Renames a property on the given nodes", RefactorProcedures::renameProperty);
        mageRename(p, "refactor.rename_type_property", "old_property", "new_property", false, true,
                "Renames a property on the given relationships", RefactorProcedures::renameProperty);
        p.register(new Procedure("refactor.clone_nodes", List.of(new Field("nodes", "LIST<NODE>"),
                new Field("withRelationships", "BOOLEAN", false), new Field("skipProperties", "LIST<STRING>", List.of())),
                NODE_RESULT, Mode.WRITE, "Clones the given nodes (MAGE's).", (ctx, a) -> {
                    given("refactor.clone_nodes", "nodes", a.get(0), null);
                    return cloneNodes(ctx, "refactor.clone_nodes", a);
                }));
        p.register(new Procedure("refactor.merge_nodes", List.of(new Field("nodes", "LIST<NODE>"), config()),
                List.of(new Field("node", NODE)), Mode.WRITE, "Merges the given nodes onto the first one (MAGE's).",
                (ctx, a) -> {
                    given("refactor.merge_nodes", "nodes", a.get(0), null);
                    return mergeNodes(ctx, "refactor.merge_nodes", a);
                }));
        p.register(new Procedure("refactor.collapse_node", List.of(new Field("nodes", "ANY"),
                new Field("type", STRING)), List.of(new Field("id_collapsed", INTEGER),
                new Field("new_relationship", RELATIONSHIP)), Mode.WRITE, "Replaces each given node that has one"
                        + " incoming and one outgoing relationship by a relationship of the given type (MAGE's).",
                (ctx, a) -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (Object[] row : collapseNodes(ctx, "refactor.collapse_node", "type", a)) {
                        if (row[2] != null) {
                            throw failed("refactor.collapse_node", (String) row[2]);
                        }
                        rows.add(new Object[] {row[0], row[1]});
                    }
                    return rows;
                }));
        p.register(new Procedure("refactor.extract_node", List.of(new Field("relationships", "ANY"),
                new Field("labels", "LIST<STRING>"), new Field("outType", STRING), new Field("inType", STRING)),
                NODE_RESULT, Mode.WRITE, "Replaces each given relationship by a node between its endpoints (MAGE's).",
                (ctx, a) -> extractNodes(ctx, "refactor.extract_node", "relationships", a)));
    }

    /** What a rename does: renames {@code old} on {@code entities} (null: all), and counts those renamed. */
    @FunctionalInterface
    private interface Rename {
        long apply(ExecContext ctx, String old, String renamed, List<?> entities);
    }

    /**
     * A MAGE rename, {@code (old, new, nodes | rels) :: (nodes_changed | relationships_changed)}:
     * renames on the given nodes (relationships) only, as MAGE does.
     */
    private static void mageRename(Procedures p, String name, String oldArgument, String newArgument, boolean nodes,
                                   boolean property, String description, Rename rename) {
        String listArgument = nodes ? "nodes" : "rels";
        p.register(new Procedure(name, List.of(new Field(oldArgument, STRING), new Field(newArgument, STRING),
                new Field(listArgument, nodes ? "LIST<NODE>" : "LIST<RELATIONSHIP>")),
                List.of(new Field(nodes ? "nodes_changed" : "relationships_changed", INTEGER)), Mode.WRITE,
                description + " (MAGE's).", (ctx, a) -> {
                    String old = property ? key(name, oldArgument, a.get(0)) : name(name, oldArgument, a.get(0));
                    String renamed = property ? key(name, newArgument, a.get(1)) : name(name, newArgument, a.get(1));
                    Object v = a.get(2);
                    return one(rename.apply(ctx, old, renamed, given(name, listArgument, v, nodes
                            ? ApocArguments.nodes(ctx, name, listArgument, v)
                            : ApocArguments.relationships(ctx, name, listArgument, v))));
                }));
    }

    // ------------------------------------------------------------------ shared bodies

    private static List<Object[]> cloneNodes(ExecContext ctx, String what, List<Object> a) {
        boolean withRels = bool(what, "withRelationships", a.get(1));
        Set<String> skip = new LinkedHashSet<>(strings(what, "skipProperties", a.get(2)));
        List<Object[]> rows = new ArrayList<>();
        for (NodeValue n : ApocArguments.nodes(ctx, what, "nodes", list(what, "nodes", a.get(0)))) {
            rows.add(new Object[] {n.id(), GraphRefactoring.cloneNode(ctx, n.id(), skip, withRels), null});
        }
        return rows;
    }

    private static List<Object[]> mergeNodes(ExecContext ctx, String what, List<Object> a) {
        Set<Long> ids = new LinkedHashSet<>();
        for (NodeValue n : ApocArguments.nodes(ctx, what, "nodes", list(what, "nodes", a.get(0)))) {
            ids.add(n.id());
        }
        MergeConfig conf = MergeConfig.of(what, map(what, "config", a.get(1)));
        return ids.isEmpty() ? List.of() : one(GraphRefactoring.mergeNodes(ctx, new ArrayList<>(ids), conf));
    }

    /** APOC's {@code collapseNode} rows: {@code input}, {@code output}, {@code error}. */
    private static List<Object[]> collapseNodes(ExecContext ctx, String what, String typeArgument, List<Object> a) {
        String type = name(what, typeArgument, a.get(1));
        List<Object[]> rows = new ArrayList<>();
        Transaction tx = ctx.tx();
        for (NodeValue n : ApocArguments.nodes(ctx, what, "nodes", a.get(0))) {
            long id = n.id();
            List<EdgeRef> out = tx.outEdges(id);
            List<EdgeRef> in = tx.inEdges(id);
            if (out.size() != 1 || in.size() != 1 || out.get(0).id() == in.get(0).id()) {
                rows.add(new Object[] {id, null, "Node " + id + " has " + out.size() + " outgoing and " + in.size()
                        + " incoming relationships (a self-loop counts as both); it needs exactly one of each, each"
                        + " to another node, to be collapsed"});
                continue;
            }
            EdgeRef o = out.get(0);
            EdgeRef i = in.get(0);
            Map<String, Object> props = new LinkedHashMap<>(tx.edgeProperties(o.id()));
            props.putAll(tx.edgeProperties(i.id()));
            props.putAll(tx.vertexProperties(id));
            GraphRefactoring.deleteRelationship(ctx, o.id());
            GraphRefactoring.deleteRelationship(ctx, i.id());
            tx.deleteVertex(id);
            ctx.count("nodes-deleted", 1);
            rows.add(new Object[] {id, GraphRefactoring.createRelationship(ctx, i.from(), o.to(), type, props), null});
        }
        return rows;
    }

    private static List<Object[]> extractNodes(ExecContext ctx, String what, String relsArgument, List<Object> a) {
        List<String> labels = strings(what, "labels", a.get(1));
        labels.forEach(l -> name(what, "labels", l));
        String outType = name(what, "outType", a.get(2));
        String inType = name(what, "inType", a.get(3));
        List<Object[]> rows = new ArrayList<>();
        for (GraphRelationship r : ApocArguments.relationships(ctx, what, relsArgument, a.get(0))) {
            Map<String, Object> props = new LinkedHashMap<>(ctx.tx().edgeProperties(r.id()));
            GraphRefactoring.deleteRelationship(ctx, r.id());
            GraphNode n = GraphRefactoring.createNode(ctx, labels, props);
            GraphRefactoring.createRelationship(ctx, n.id(), r.end(), outType, Map.of());
            GraphRefactoring.createRelationship(ctx, r.start(), n.id(), inType, Map.of());
            rows.add(new Object[] {r.id(), n, null});
        }
        return rows;
    }

    /** One row {@code input}, {@code output}, {@code error} for the relationship {@code v} names, re-created by {@code change}. */
    private static List<Object[]> relRow(ExecContext ctx, String what, Object v,
                                         java.util.function.Function<EdgeRef, GraphRelationship> change) {
        EdgeRef e = edge(ctx, what, what.startsWith("apoc.") ? "rel" : "relationship", v);
        return List.<Object[]>of(new Object[] {e.id(), change.apply(e), null});
    }

    /** Relationship {@code e} re-created with the node {@code node} names as its start (else its end). */
    private static GraphRelationship redirect(ExecContext ctx, String what, EdgeRef e, String nodeArgument,
                                              Object node, boolean start) {
        long n = node(ctx, what, nodeArgument, node);
        return GraphRefactoring.recreate(ctx, e, start ? n : e.from(), start ? e.to() : n, e.type());
    }

    // ------------------------------------------------------------------ renames

    /** Renames label {@code old} on {@code nodes} (null: every node with it); the number of nodes renamed. */
    private static long renameLabel(ExecContext ctx, String old, String renamed, List<?> nodes) {
        Transaction tx = ctx.tx();
        long[] ids = nodes == null ? collect(ctx, tx.verticesWithLabel(old)) : nodes.stream()
                .mapToLong(n -> ((NodeValue) n).id()).distinct().toArray();
        long total = 0;
        for (long id : ids) {
            ctx.tick();
            if (tx.hasLabel(id, old)) {
                total++;
                if (!old.equals(renamed)) {
                    Updates.removeLabels(ctx, id, List.of(old));
                    Updates.addLabels(ctx, id, List.of(renamed));
                }
            }
        }
        return total;
    }

    /** Re-creates the relationships of type {@code old} among {@code rels} (null: all) with type {@code renamed}. */
    private static long renameType(ExecContext ctx, String old, String renamed, List<?> rels) {
        Transaction tx = ctx.tx();
        long[] ids = rels == null ? collect(ctx, tx.edgeIds()) : rels.stream()
                .mapToLong(r -> ((RelationshipValue) r).id()).distinct().toArray();
        long total = 0;
        for (long id : ids) {
            ctx.tick();
            EdgeRef e = tx.edge(id);
            if (e != null && e.type().equals(old)) {
                total++;
                if (!old.equals(renamed)) {
                    GraphRefactoring.recreate(ctx, e, e.from(), e.to(), renamed);
                }
            }
        }
        return total;
    }

    /**
     * Renames property {@code old} on the {@code entities} (nodes or relationships) that have it, or
     * when null on every node ({@link GraphNode}) or relationship ({@link GraphRelationship}) with
     * it, as the caller's list type says.
     */
    private static long renameProperty(ExecContext ctx, String old, String renamed, List<?> entities) {
        long total = 0;
        for (Object entity : entities) {
            ctx.tick();
            Object value = ctx.graph().property(entity, old);
            if (value != null) {
                total++;
                if (!old.equals(renamed)) {
                    Updates.setProperty(ctx, entity, old, null);
                    Updates.setProperty(ctx, entity, renamed, value);
                }
            }
        }
        return total;
    }

    /** The nodes (relationships) an APOC rename's list argument gives; null when it gives none (then all are renamed). */
    private static List<?> givenOrNull(ExecContext ctx, String what, Object v, boolean nodes) {
        String argument = nodes ? "nodes" : "rels";
        List<?> given = nodes ? ApocArguments.nodes(ctx, what, argument, list(what, argument, v))
                : ApocArguments.relationships(ctx, what, argument, list(what, argument, v));
        return given.isEmpty() ? null : given;
    }

    /** {@code given}, or when null every node (relationship) now. */
    private static List<?> orAll(ExecContext ctx, List<?> given, boolean nodes) {
        if (given != null) {
            return given;
        }
        List<Object> all = new ArrayList<>();
        for (long id : collect(ctx, nodes ? ctx.tx().vertices() : ctx.tx().edgeIds())) {
            all.add(nodes ? new GraphNode(id) : TransactionGraph.rel(ctx.tx().edge(id)));
        }
        return all;
    }

    /** The ids {@code it} gives, taken before anything changes. */
    private static long[] collect(ExecContext ctx, PrimitiveIterator.OfLong it) {
        long[] ids = new long[16];
        int n = 0;
        while (it.hasNext()) {
            ctx.tick();
            if (n == ids.length) {
                ctx.checkAllocation(16L * n);
                ids = java.util.Arrays.copyOf(ids, 2 * n);
            }
            ids[n++] = it.nextLong();
        }
        return java.util.Arrays.copyOf(ids, n);
    }

    /**
     * APOC's one row for a rename, run here as one batch in the caller's transaction: {@code total}
     * the entities renamed, every one of them committed with the transaction; the constraints and
     * indexes the renamed name had, as Neo4j describes them, for the user to see to.
     */
    private static List<Object[]> renamed(ExecContext ctx, long total, long started, Predicate<SchemaItem> touched,
                                          boolean withIndexes) {
        long batches = total > 0 ? 1 : 0;
        List<String> constraints = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        for (SchemaDefinition d : ctx.tx().schemaDefinitions()) {
            if (touched.test(d.item())) {
                if (!SchemaItem.isIndex(d.item())) {
                    constraints.add(SchemaDescriptions.description(d));
                } else if (withIndexes) {
                    indexes.add(SchemaDescriptions.description(d));
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        return List.<Object[]>of(new Object[] {batches, total, seconds, total, 0L, 0L, 0L, Map.of(),
                Map.of("total", batches, "committed", batches, "failed", 0L, "errors", Map.of()),
                Map.of("total", total, "committed", total, "failed", 0L, "errors", Map.of()), constraints, indexes});
    }

    // ------------------------------------------------------------------ arguments

    /** The relationship an argument names, as the transaction has it (a deleted one is refused). */
    private static EdgeRef edge(ExecContext ctx, String what, String argument, Object v) {
        if (v == null) {
            throw typeMismatch(what, argument, "a RELATIONSHIP", null);
        }
        GraphRelationship r = ApocArguments.relationship(ctx, what, argument, v);
        return ctx.tx().edge(r.id());
    }

    private static long node(ExecContext ctx, String what, String argument, Object v) {
        if (v == null) {
            throw typeMismatch(what, argument, "a NODE", null);
        }
        return ApocArguments.node(ctx, what, argument, v).id();
    }

    /** A label or relationship type argument: a non-empty string. */
    private static String name(String what, String argument, Object v) {
        if (!(v instanceof String s)) {
            throw typeMismatch(what, argument, "a STRING", v);
        }
        if (s.isEmpty()) {
            throw failed(what, "`" + argument + "` must not be the empty string");
        }
        return s;
    }

    private static String key(String what, String argument, Object v) {
        if (!(v instanceof String)) {
            throw typeMismatch(what, argument, "a STRING", v);
        }
        return DynamicNames.key(v, what);
    }

    /** A LIST argument (null: none, as APOC takes it). */
    private static List<?> list(String what, String argument, Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw typeMismatch(what, argument, "a LIST", v);
        }
        return l;
    }

    /** MAGE's list arguments may not be null; returns {@code read}. */
    private static <T> T given(String what, String argument, Object v, T read) {
        if (v == null) {
            throw typeMismatch(what, argument, "a LIST", null);
        }
        return read;
    }

    private static List<String> strings(String what, String argument, Object v) {
        List<String> out = new ArrayList<>();
        for (Object x : list(what, argument, v)) {
            if (!(x instanceof String s)) {
                throw typeMismatch(what, argument, "a LIST<STRING>", v);
            }
            out.add(s);
        }
        return out;
    }

    private static boolean bool(String what, String argument, Object v) {
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw typeMismatch(what, argument, "a BOOLEAN", v);
        }
        return b;
    }

    private static List<GraphRelationship> distinctRelationships(ExecContext ctx, String what, String argument,
                                                                 Object v) {
        Map<Long, GraphRelationship> out = new LinkedHashMap<>();
        for (Object x : list(what, argument, v)) {
            if (x != null) {
                GraphRelationship r = ApocArguments.relationship(ctx, what, argument, x);
                out.putIfAbsent(r.id(), r);
            }
        }
        return new ArrayList<>(out.values());
    }
}

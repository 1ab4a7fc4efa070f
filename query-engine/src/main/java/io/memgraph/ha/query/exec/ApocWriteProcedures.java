package io.memgraph.ha.query.exec;

import static io.memgraph.ha.query.exec.ApocArguments.described;
import static io.memgraph.ha.query.exec.ApocArguments.failed;
import static io.memgraph.ha.query.exec.ApocArguments.map;
import static io.memgraph.ha.query.exec.ApocArguments.node;
import static io.memgraph.ha.query.exec.ApocArguments.one;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.DynamicNames;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;

/**
 * APOC's writing procedures ({@code apoc.create.*}, {@code apoc.merge.node},
 * {@code apoc.merge.relationship}). They are of mode WRITE, so a query that calls one is a write
 * (the leader runs it, a read-mode session refuses it), and they write through the transaction
 * exactly as CREATE, MERGE, SET and REMOVE do ({@link Updates}): the changes go into the write set
 * that Raft replicates, and count in the summary ({@code nodes-created}, {@code labels-added},
 * {@code properties-set}, ...).
 */
final class ApocWriteProcedures {
    private ApocWriteProcedures() {
    }

    private static final List<Field> NODE = List.of(new Field("node", "NODE"));
    private static final List<Field> REL = List.of(new Field("rel", "RELATIONSHIP"));

    static void register(Procedures p) {
        p.register(new Procedure("apoc.create.node", List.of(new Field("labels", "LIST<STRING>"),
                new Field("props", "MAP")), NODE, Mode.WRITE, "Creates a node with the given dynamic labels.",
                (ctx, a) -> one(createNode(ctx, labels("apoc.create.node", a.get(0)),
                        map("apoc.create.node", "props", a.get(1))))));
        p.register(new Procedure("apoc.create.relationship", List.of(new Field("from", "NODE"),
                new Field("relType", "STRING"), new Field("props", "MAP"), new Field("to", "NODE")), REL, Mode.WRITE,
                "Creates a relationship with the given dynamic type.", (ctx, a) -> {
                    String what = "apoc.create.relationship";
                    return one(createRelationship(ctx, node(ctx, what, "from", a.get(0)), type(what, a.get(1)),
                            map(what, "props", a.get(2)), node(ctx, what, "to", a.get(3))));
                }));
        p.register(new Procedure("apoc.merge.node", List.of(new Field("labels", "LIST<STRING>"),
                new Field("identProps", "MAP"), new Field("onCreateProps", "MAP", Map.of()),
                new Field("onMatchProps", "MAP", Map.of())), NODE, Mode.WRITE,
                "Merges a node with the given dynamic labels and identifying properties.", ApocWriteProcedures::mergeNode));
        p.register(new Procedure("apoc.merge.relationship", List.of(new Field("startNode", "NODE"),
                new Field("relType", "STRING"), new Field("identProps", "MAP"), new Field("onCreateProps", "MAP"),
                new Field("endNode", "NODE"), new Field("onMatchProps", "MAP", Map.of())), REL, Mode.WRITE,
                "Merges a relationship of the given dynamic type and identifying properties.",
                ApocWriteProcedures::mergeRelationship));
        p.register(new Procedure("apoc.create.addLabels", List.of(new Field("nodes", "ANY"),
                new Field("labels", "LIST<STRING>")), NODE, Mode.WRITE, "Adds the given labels to the given nodes.",
                (ctx, a) -> eachNode(ctx, "apoc.create.addLabels", a.get(0), labels("apoc.create.addLabels", a.get(1)),
                        Updates::addLabels)));
        p.register(new Procedure("apoc.create.removeLabels", List.of(new Field("nodes", "ANY"),
                new Field("labels", "LIST<STRING>")), NODE, Mode.WRITE, "Removes the given labels from the given nodes.",
                (ctx, a) -> eachNode(ctx, "apoc.create.removeLabels", a.get(0),
                        labels("apoc.create.removeLabels", a.get(1)), Updates::removeLabels)));
        p.register(new Procedure("apoc.create.setProperty", List.of(new Field("nodes", "ANY"),
                new Field("key", "STRING"), new Field("value", "ANY")), NODE, Mode.WRITE,
                "Sets the given property on the given nodes (null removes it).", (ctx, a) -> {
                    String key = key("apoc.create.setProperty", a.get(1));
                    return eachNode(ctx, "apoc.create.setProperty", a.get(0), List.of(),
                            (c, id, none) -> set(c, new GraphNode(id), key, a.get(2)));
                }));
        p.register(new Procedure("apoc.create.setProperties", List.of(new Field("nodes", "ANY"),
                new Field("keys", "LIST<STRING>"), new Field("values", "LIST<ANY>")), NODE, Mode.WRITE,
                "Sets the given properties on the given nodes (a null value removes one).", (ctx, a) -> {
                    Map<String, Object> props = keysAndValues("apoc.create.setProperties", a.get(1), a.get(2));
                    return eachNode(ctx, "apoc.create.setProperties", a.get(0), List.of(),
                            (c, id, none) -> props.forEach((k, v) -> set(c, new GraphNode(id), k, v)));
                }));
        p.register(new Procedure("apoc.create.setRelProperty", List.of(new Field("rels", "ANY"),
                new Field("key", "STRING"), new Field("value", "ANY")), REL, Mode.WRITE,
                "Sets the given property on the given relationships (null removes it).", (ctx, a) -> {
                    String key = key("apoc.create.setRelProperty", a.get(1));
                    List<Object[]> rows = new ArrayList<>();
                    for (RelationshipValue r : ApocArguments.relationships(ctx, "apoc.create.setRelProperty", "rels",
                            a.get(0))) {
                        set(ctx, r, key, a.get(2));
                        rows.add(new Object[] {r});
                    }
                    return rows;
                }));
    }

    // ------------------------------------------------------------------ the writes

    /**
     * A new node ({@link GraphRefactoring#createNode}) with {@code props} set as {@code SET n += props}
     * sets them (a null sets nothing on a new node).
     */
    private static GraphNode createNode(ExecContext ctx, List<String> labels, Map<String, Object> props) {
        GraphNode node = GraphRefactoring.createNode(ctx, labels, Map.of());
        setAll(ctx, node, props);
        return node;
    }

    /** A new relationship ({@link GraphRefactoring#createRelationship}) with {@code props} set as {@link #setAll} sets them. */
    private static GraphRelationship createRelationship(ExecContext ctx, NodeValue from, String type,
                                                        Map<String, Object> props, NodeValue to) {
        GraphRelationship rel = GraphRefactoring.createRelationship(ctx, from.id(), to.id(), type, Map.of());
        setAll(ctx, rel, props);
        return rel;
    }

    /** SET's write, counted as SET counts it; a null value removes the property (counted only when there was one). */
    private static void set(ExecContext ctx, Object entity, String key, Object value) {
        if (value == null && ctx.graph().property(entity, key) == null) {
            return;
        }
        Updates.setProperty(ctx, entity, key, value);
    }

    /** {@code SET e += props}. */
    private static void setAll(ExecContext ctx, Object entity, Map<String, Object> props) {
        props.forEach((k, v) -> set(ctx, entity, k, v));
    }

    /**
     * {@code MERGE (n:Labels {identProps}) ON CREATE SET n += onCreateProps ON MATCH SET n +=
     * onMatchProps}: every node with all the labels and the identifying properties (through a label
     * property index when there is one), or else a new one.
     */
    private static List<Object[]> mergeNode(ExecContext ctx, List<Object> a) {
        String what = "apoc.merge.node";
        List<String> labels = a.get(0) == null ? List.of() : labels(what, a.get(0));
        Map<String, Object> ident = map(what, "identProps", a.get(1));
        Map<String, Object> onCreate = map(what, "onCreateProps", a.get(2));
        Map<String, Object> onMatch = map(what, "onMatchProps", a.get(3));
        if (ident.isEmpty()) {
            throw failed(what, "you need to supply at least one identifying property for a merge");
        }
        requireNoNulls(ident, "node");
        List<Object[]> rows = new ArrayList<>();
        Transaction tx = ctx.tx();
        Map.Entry<String, Object> first = ident.entrySet().iterator().next();
        PrimitiveIterator.OfLong candidates = labels.isEmpty() ? tx.vertices()
                : tx.verticesWithProperty(labels.get(0), first.getKey(), PropertyValues.toStorage(first.getValue(),
                        first.getKey()));
        while (candidates.hasNext()) {
            ctx.tick();
            long id = candidates.nextLong();
            GraphNode n = new GraphNode(id);
            if (tx.labels(id).containsAll(labels) && ctx.graph().propertiesMatch(n, ident)) {
                rows.add(new Object[] {n});
            }
        }
        if (rows.isEmpty()) {
            GraphNode n = createNode(ctx, labels, ident);
            setAll(ctx, n, onCreate);
            rows.add(new Object[] {n});
        } else {
            for (Object[] row : rows) {
                setAll(ctx, row[0], onMatch);
            }
        }
        return rows;
    }

    /**
     * {@code MERGE (start)-[r:relType {identProps}]->(end) ON CREATE SET r += onCreateProps ON
     * MATCH SET r += onMatchProps}: every such relationship from start to end, or else a new one.
     */
    private static List<Object[]> mergeRelationship(ExecContext ctx, List<Object> a) {
        String what = "apoc.merge.relationship";
        NodeValue start = node(ctx, what, "startNode", a.get(0));
        String type = type(what, a.get(1));
        Map<String, Object> ident = map(what, "identProps", a.get(2));
        Map<String, Object> onCreate = map(what, "onCreateProps", a.get(3));
        NodeValue end = node(ctx, what, "endNode", a.get(4));
        Map<String, Object> onMatch = map(what, "onMatchProps", a.get(5));
        requireNoNulls(ident, "relationship");
        List<Object[]> rows = new ArrayList<>();
        for (EdgeRef e : ctx.tx().outEdges(start.id(), type)) {
            ctx.tick();
            GraphRelationship r = TransactionGraph.rel(e);
            if (e.to() == end.id() && ctx.graph().propertiesMatch(r, ident)) {
                rows.add(new Object[] {r});
            }
        }
        if (rows.isEmpty()) {
            GraphRelationship r = createRelationship(ctx, start, type, ident, end);
            setAll(ctx, r, onCreate);
            rows.add(new Object[] {r});
        } else {
            for (Object[] row : rows) {
                setAll(ctx, row[0], onMatch);
            }
        }
        return rows;
    }

    /** What to do to one node. */
    @FunctionalInterface
    private interface NodeWrite {
        void apply(ExecContext ctx, long id, List<String> labels);
    }

    /** Applies {@code write} to each node {@code nodes} names, one row per node. */
    private static List<Object[]> eachNode(ExecContext ctx, String what, Object nodes, List<String> labels,
                                           NodeWrite write) {
        List<Object[]> rows = new ArrayList<>();
        for (NodeValue n : ApocArguments.nodes(ctx, what, "nodes", nodes)) {
            ctx.tick();
            write.apply(ctx, n.id(), labels);
            rows.add(new Object[] {n});
        }
        return rows;
    }

    // ------------------------------------------------------------------ arguments

    private static List<String> labels(String what, Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?>)) {
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + what
                    + " expects a LIST<STRING> of labels but got " + described(v));
        }
        return DynamicNames.labels(v, what + "'s labels");
    }

    static String type(String what, Object v) {
        if (!(v instanceof String s) || s.isEmpty()) {
            throw v == null || v instanceof String ? failed(what, "it is not possible to create or merge a"
                    + " relationship without a relationship type")
                    : new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + what
                            + " expects a STRING relationship type but got " + described(v));
        }
        return s;
    }

    private static String key(String what, Object v) {
        if (v instanceof String s) {
            return DynamicNames.key(s, what);
        }
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + what
                + " expects a STRING property key but got " + described(v));
    }

    private static Map<String, Object> keysAndValues(String what, Object keys, Object values) {
        if (keys == null) {
            return Map.of();
        }
        if (!(keys instanceof List<?> ks) || !(values instanceof List<?> vs)) {
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + what + " expects a"
                    + " LIST<STRING> of keys and a LIST of values but got " + described(keys) + " and "
                    + described(values));
        }
        if (ks.size() != vs.size()) {
            throw failed(what, "the keys and values lists must have the same length, but have " + ks.size()
                    + " and " + vs.size() + " elements");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < ks.size(); i++) {
            out.put(key(what, ks.get(i)), vs.get(i));
        }
        return out;
    }

    private static void requireNoNulls(Map<String, Object> ident, String what) {
        ident.forEach((k, v) -> {
            if (v == null) {
                throw new CypherException(CypherErrorKind.MERGE_READ_OWN_WRITES, "Cannot merge the following " + what
                        + " because of null property value for '" + k + "'");
            }
        });
    }
}

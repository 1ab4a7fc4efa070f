package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What APOC's procedures share in reading their arguments: the nodes (relationships) an
 * {@code ANY} argument names, and APOC's way of refusing a call ({@code ProcedureCallFailed}), so
 * that the writing, refactoring and path procedures take nodes and fail alike.
 */
final class ApocArguments {
    private ApocArguments() {
    }

    /**
     * The nodes an APOC argument of type {@code ANY} names: a node, a node id, an element id, or a
     * list of them; null (and null elements) name none.
     */
    static List<NodeValue> nodes(ExecContext ctx, String what, String argument, Object v) {
        List<NodeValue> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object x : list) {
                if (x != null) {
                    out.add(node(ctx, what, argument, x));
                }
            }
        } else if (v != null) {
            out.add(node(ctx, what, argument, v));
        }
        return out;
    }

    /** The node a node, node id or element id names; one that does not exist is refused. */
    static NodeValue node(ExecContext ctx, String what, String argument, Object v) {
        long id = v instanceof NodeValue n ? n.id() : id(what, argument, "Node", "node", v);
        if (!ctx.tx().vertexExists(id)) {
            throw failed(what, "node " + id + " does not exist (it was deleted, or never was)");
        }
        return v instanceof NodeValue n ? n : new GraphNode(id);
    }

    /**
     * The relationships an APOC argument of type {@code ANY} names: a relationship, a relationship
     * id, an element id, or a list of them; null (and null elements) name none.
     */
    static List<GraphRelationship> relationships(ExecContext ctx, String what, String argument, Object v) {
        List<GraphRelationship> out = new ArrayList<>();
        for (Object x : v instanceof List<?> list ? list : v == null ? List.of() : List.of(v)) {
            if (x != null) {
                out.add(relationship(ctx, what, argument, x));
            }
        }
        return out;
    }

    /** The relationship a relationship, relationship id or element id names, as the transaction has it now. */
    static GraphRelationship relationship(ExecContext ctx, String what, String argument, Object v) {
        long id = v instanceof RelationshipValue r ? r.id() : id(what, argument, "Relationship", "relationship", v);
        EdgeRef e = ctx.tx().edge(id);
        if (e == null) {
            throw failed(what, "relationship " + id + " does not exist (it was deleted, or never was)");
        }
        return TransactionGraph.rel(e);
    }

    /** The id an INTEGER id or a STRING element id gives for a {@code kind} argument. */
    static long id(String what, String argument, String kind, String lowerKind, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s && s.matches("[0-9]{1,18}")) {
            return Long.parseLong(s);
        }
        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + what + " expects a " + kind
                + ", a " + lowerKind + " id or an element id for `" + argument + "` but got " + described(v));
    }

    /** A STRING argument; null or another type is a type mismatch that names the argument. */
    static String string(String what, String argument, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw typeMismatch(what, argument, "a STRING", v);
    }

    /** A MAP argument (null is the empty map, as APOC takes it), keys in order. */
    static Map<String, Object> map(String what, String argument, Object v) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw typeMismatch(what, argument, "a MAP", v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put((String) k, x));
        return out;
    }

    /** An argument of the wrong type: {@code what expects <expected> for `argument` but got <type>}. */
    static CypherException typeMismatch(String what, String argument, String expected, Object v) {
        return new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + what + " expects " + expected
                + " for `" + argument + "` but got " + described(v));
    }

    /** A procedure's single row of one value. */
    static List<Object[]> one(Object value) {
        List<Object[]> rows = new ArrayList<>(1);
        rows.add(new Object[] {value});
        return rows;
    }

    /** A value's Cypher type name for an error message, {@code null} for null. */
    static String described(Object v) {
        return v == null ? "null" : CypherValues.typeName(v);
    }

    /** APOC's own refusals: {@code Neo.ClientError.Procedure.ProcedureCallFailed}, as Neo4j reports them. */
    static StatusException failed(String procedure, String message) {
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Neo.ClientError.Procedure.ProcedureCallFailed",
                "Failed to invoke procedure `" + procedure + "`: Caused by: java.lang.IllegalArgumentException: "
                        + message);
    }
}

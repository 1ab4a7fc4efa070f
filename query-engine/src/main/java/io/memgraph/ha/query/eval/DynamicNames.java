package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherValues;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules for names computed at run time (Neo4j 5.24 and 5.26): a dynamic label or
 * relationship type ({@code $(expr)}) must be a STRING or a LIST of STRINGs, a dynamic property
 * key ({@code n[expr]} in SET and REMOVE) a STRING. A null or another type is a TypeError; the
 * empty string is no name ({@code Neo.ClientError.Schema.TokenNameError}), as in Neo4j.
 */
public final class DynamicNames {
    private DynamicNames() {
    }

    /** The names {@code value} gives for the dynamic label or type written as {@code text}. */
    public static List<String> labels(Object value, String text) {
        if (value instanceof String s) {
            return List.of(name(s, text, "label or relationship type"));
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object x : list) {
                if (!(x instanceof String s)) {
                    throw new CypherException(CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE, "Type mismatch: " + text
                            + " must be a STRING or a LIST<STRING> but is a LIST containing "
                            + describe(x));
                }
                String n = name(s, text, "label or relationship type");
                if (!out.contains(n)) {
                    out.add(n);
                }
            }
            return out;
        }
        throw new CypherException(CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE,
                "Type mismatch: " + text + " must be a STRING or a LIST<STRING> but is " + describe(value));
    }

    /** The one relationship type {@code value} gives for a relationship CREATE or MERGE makes. */
    public static String type(Object value, String text) {
        List<String> names = labels(value, text);
        if (names.size() != 1) {
            throw new CypherException(CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE, "Type mismatch: " + text
                    + " must give exactly one relationship type to create a relationship, but gives "
                    + names.size() + (names.isEmpty() ? "" : " " + names));
        }
        return names.get(0);
    }

    /** The property key {@code value} gives for {@code n[key]} in {@code clause} (SET or REMOVE). */
    public static String key(Object value, String clause) {
        if (value instanceof String s) {
            return name(s, clause + " n[key]", "property key");
        }
        throw new CypherException(CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE, "Type mismatch: a property key "
                + "in " + clause + " n[key] must be a STRING but is " + describe(value));
    }

    private static String name(String s, String text, String what) {
        if (s.isEmpty()) {
            throw new CypherException(CypherErrorKind.INVALID_TOKEN_NAME,
                    "'' is not a valid " + what + " name (" + text + " gives the empty string)");
        }
        return s;
    }

    private static String describe(Object v) {
        return v == null ? "null" : CypherValues.typeName(v) + " (" + Functions.show(v) + ")";
    }
}

package io.memgraph.ha.query.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code x IN $list} looked up in a hash set of the parameter's values, built the first time a
 * query asks: {@code MATCH (n:Person) WHERE n.id IN $ids} tests every node of the scan against the
 * same list, and a scan of the list for each took time in proportion to nodes times ids (16,000
 * nodes against 8,000 ids: 224 ms, four times as long at each doubling). A parameter cannot change
 * while its query runs, so the set stays right; a list computed by the query is scanned as before.
 *
 * <p>The set answers exactly as {@code CypherValues.equal} would, element by element, for the
 * values it takes: integers, floats, strings and booleans. An integral float is kept as the
 * integer it equals ({@code 1 IN [1.0]} is true, as is {@code -0.0 IN [0]}); a NaN equals nothing
 * and is left out. A list holding any other kind of value (a list, a map, a temporal, a node) gets
 * no set, and neither does an element of another kind: both are scanned. A miss is null when the
 * list holds a null, else false, as the scan says.
 */
final class ParameterLists {
    /** Shorter lists are scanned: a set would not pay for itself. */
    static final int MIN_SIZE = 16;
    /** Longer lists are scanned too, rather than doubling their memory outside the query's limit. */
    static final int MAX_SIZE = 1 << 20;

    /** A list, its values as set keys and whether it holds a null; {@code values} null: no set (scan it). */
    private record Lookup(List<?> list, Set<Object> values, boolean hasNull) {
    }

    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

    /**
     * {@code element IN list}, where {@code list} is the value of the parameter {@code name}:
     * {@code TRUE}, {@code FALSE} or null as the scan would answer, or {@code SCAN} when the
     * caller must scan.
     */
    Object in(String name, Object element, List<?> list) {
        if (list.size() < MIN_SIZE || list.size() > MAX_SIZE) {
            return SCAN;
        }
        Object key = key(element);
        if (key == null) {
            return SCAN;
        }
        Lookup lookup = lookups.get(name);
        if (lookup == null || lookup.list() != list) { // the same parameter is the same list: checked all the same
            lookup = build(list);
            lookups.put(name, lookup);
        }
        if (lookup.values() == null) {
            return SCAN;
        }
        return lookup.values().contains(key) ? Boolean.TRUE : lookup.hasNull() ? null : Boolean.FALSE;
    }

    /** What {@link #in} returns when the list must be scanned. */
    static final Object SCAN = new Object();

    private static Lookup build(List<?> list) {
        Set<Object> values = new HashSet<>(list.size() * 2);
        boolean hasNull = false;
        for (Object v : list) {
            if (v == null) {
                hasNull = true;
            } else if (v instanceof Double d && d.isNaN()) {
                continue; // equals nothing
            } else {
                Object key = key(v);
                if (key == null) {
                    return new Lookup(list, null, false);
                }
                values.add(key);
            }
        }
        return new Lookup(list, values, hasNull);
    }

    /**
     * The set key of a value that equals exactly the values of the same key: an integer, an
     * integral float (as the integer it equals), another float, a string, a boolean; null for a
     * NaN and for every other kind of value.
     */
    private static Object key(Object v) {
        if (v instanceof Long || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Double d) {
            double x = d;
            if (Double.isNaN(x)) {
                return null;
            }
            // integral and below 2^63 in magnitude: the long it equals exactly (-0.0 as 0)
            if (x == Math.rint(x) && x >= -0x1p63 && x < 0x1p63) {
                return (long) x;
            }
            return d;
        }
        return null;
    }
}

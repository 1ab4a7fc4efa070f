package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.value.ValueSizes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of one list as a hash set, answering {@code element IN list} as the scan ({@link
 * ExpressionEvaluator#in}) would: the one builder behind both {@link ParameterLists} ({@code x IN
 * $ids}) and {@link ComputedLists} ({@code x IN l}, {@code l} made by the query).
 *
 * <p>The set answers exactly as {@code CypherValues.equal} would, element by element, for the
 * values it takes: integers, floats, strings and booleans. An integral float is kept as the
 * integer it equals ({@code 1 IN [1.0]} is true, as is {@code -0.0 IN [0]}); a NaN equals nothing
 * and is left out. A list holding any other kind of value (a list, a map, a temporal, a node) gets
 * no set, and neither does an element of another kind: both are scanned. A miss is null when the
 * list holds a null, else false, as the scan says.
 *
 * <p>Its memory is counted against the query's limit until the holder {@link #release}s it.
 */
final class ListSet {
    /** Shorter lists are scanned: a set would not pay for itself. */
    static final int MIN_SIZE = 16;
    /** Longer lists are scanned too: a set of them would hold more than it is worth. */
    static final int MAX_SIZE = 1 << 20;
    /** What {@link #in} returns when the caller must scan the list. */
    static final Object SCAN = new Object();
    /** No set: a list holding a value of a kind the set does not take, or one whose set did not fit. */
    static final ListSet NONE = new ListSet(null, false, 0);

    /** The keys of the list's values; null: no set, scan. */
    private final Set<Object> values;
    private final boolean hasNull;
    /** What the set was counted as against the query's memory limit. */
    private final long bytes;

    private ListSet(Set<Object> values, boolean hasNull, long bytes) {
        this.values = values;
        this.hasNull = hasNull;
        this.bytes = bytes;
    }

    /**
     * Whether {@code element IN list} may be answered from a set: the list's size is within the
     * bounds and the element of a kind the set takes.
     */
    static boolean applies(Object element, List<?> list) {
        return list.size() >= MIN_SIZE && list.size() <= MAX_SIZE && key(element) != null;
    }

    /**
     * The set of {@code list}'s values, counted against the query's memory limit through {@code
     * memory} (at most an entry and a boxed key a value) before it is built; {@link #NONE} when the
     * list holds a value the set does not take or the set would not fit.
     */
    static ListSet of(List<?> list, GraphAccessor memory) {
        long bytes = (long) list.size() * (ValueSizes.HASH_ENTRY + ValueSizes.SMALL_OBJECT);
        if (!memory.reserveIfFits(bytes)) {
            return NONE;
        }
        ListSet set = build(list, bytes);
        if (!set.isSet()) {
            memory.release(bytes);
        }
        return set;
    }

    /** Counts the set no longer held. */
    void release(GraphAccessor memory) {
        if (values != null) {
            memory.release(bytes);
        }
    }

    private static ListSet build(List<?> list, long bytes) {
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
                    return NONE;
                }
                values.add(key);
            }
        }
        return new ListSet(values, hasNull, bytes);
    }

    /** Whether this is a set ({@link #NONE} is not). */
    boolean isSet() {
        return values != null;
    }

    /**
     * {@code element IN} the list this set was built of: {@code TRUE}, {@code FALSE} or null as the
     * scan would answer, or {@link #SCAN} when the caller must scan.
     */
    Object in(Object element) {
        Object key = key(element);
        if (values == null || key == null) {
            return SCAN;
        }
        return values.contains(key) ? Boolean.TRUE : hasNull ? null : Boolean.FALSE;
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

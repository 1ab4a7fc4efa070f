package io.memgraph.ha.query.value;

import java.util.List;
import java.util.Map;

/**
 * Rough heap sizes of Cypher values, for the per-query memory limit. They need not be exact, only
 * grow as the real sizes do: a boxed number or a reference to a node is a few tens of bytes, a
 * string or a list grows with its length, and a value held twice is counted twice (so the limit
 * errs on the safe side).
 */
public final class ValueSizes {
    /** An object header and a few fields: a boxed number, a node or relationship reference, a temporal. */
    public static final long SMALL_OBJECT = 24;
    /** A reference slot in an array or list. */
    public static final long REFERENCE = 8;
    /** One entry of a hash set or map (the entry object and its table slot), without key and value. */
    public static final long HASH_ENTRY = 48;
    private static final long ARRAY_HEADER = 16;
    private static final long STRING_HEADER = 40;
    private static final long LIST_HEADER = 40;
    private static final long MAP_HEADER = 64;

    private ValueSizes() {
    }

    /** The estimated bytes of {@code value} and everything it holds. */
    public static long of(Object value) {
        if (value == null || value instanceof Boolean) {
            return 0; // null and the two Boolean instances are shared
        }
        if (value instanceof String s) {
            return STRING_HEADER + s.length();
        }
        if (value instanceof List<?> list) {
            long n = LIST_HEADER + REFERENCE * list.size();
            for (Object e : list) {
                n += of(e);
            }
            return n;
        }
        if (value instanceof Map<?, ?> map) {
            long n = MAP_HEADER;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                n += HASH_ENTRY + of(e.getKey()) + of(e.getValue());
            }
            return n;
        }
        if (value instanceof PathValue p) {
            return LIST_HEADER * 2 + (REFERENCE + SMALL_OBJECT) * (p.nodes().size() + p.relationships().size());
        }
        if (value instanceof byte[] b) {
            return ARRAY_HEADER + b.length;
        }
        return SMALL_OBJECT;
    }

    /** The estimated bytes of a copied row: its array and the values in it. */
    public static long ofRow(Object[] row) {
        long n = ARRAY_HEADER + REFERENCE * row.length;
        for (Object v : row) {
            n += of(v);
        }
        return n;
    }

    /** The estimated bytes of a list of {@code size} references to values held elsewhere. */
    public static long ofPathList(long size) {
        return LIST_HEADER + size * REFERENCE;
    }

    /** The estimated bytes of a list of {@code size} boxed integers, as {@code range()} builds. */
    public static long ofIntegerList(long size) {
        if (size > Long.MAX_VALUE / 64) {
            return Long.MAX_VALUE / 2; // more than any heap
        }
        return LIST_HEADER + size * (REFERENCE + SMALL_OBJECT);
    }
}

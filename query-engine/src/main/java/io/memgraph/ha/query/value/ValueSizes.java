package io.memgraph.ha.query.value;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rough heap sizes of Cypher values, for the per-query memory limit. They need not be exact, only
 * grow as the real sizes do: a boxed number or a reference to a node is a few tens of bytes, a
 * string or a list grows with its length, and a value held twice is counted twice (so the limit
 * errs on the safe side), except a large list, map or path that many rows kept by one operator
 * share ({@link KeptRows}).
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
    /** An empty list, without its elements' slots. */
    public static final long LIST_HEADER = 40;
    /** An empty map, without its entries. */
    public static final long MAP_HEADER = 64;

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

    /**
     * The estimated bytes of the rows one operator keeps (an eager barrier, a sort, a batch), each
     * large list, map or path counted once however many of the rows hold it. Rows copied from one
     * frame share the values computed before them: after {@code WITH collect(n) AS ls UNWIND
     * range(0, size(ls) - 1) AS k} every row holds the same list, and counting it again for each of
     * n rows took time in proportion to n squared (a write after it, behind an eager barrier, took
     * 7 s for 8,000 nodes) and counted n times the memory the rows hold. Small values are counted
     * per row: remembering them would cost more than counting them.
     */
    public static final class KeptRows {
        /** Lists and maps of fewer elements, and shorter paths, are counted per row. */
        static final int SHARED_FROM = 16;
        private final Set<Object> counted = Collections.newSetFromMap(new IdentityHashMap<>());

        /** The estimated bytes of a copy of {@code row}, its large values counted only where first kept. */
        public long of(Object[] row) {
            long n = ARRAY_HEADER + REFERENCE * row.length;
            for (Object v : row) {
                if (!large(v)) {
                    n += ValueSizes.of(v);
                } else if (counted.add(v)) {
                    n += ValueSizes.of(v) + 2 * REFERENCE; // and its slot in this set
                }
            }
            return n;
        }

        private static boolean large(Object v) {
            return v instanceof List<?> l ? l.size() >= SHARED_FROM
                    : v instanceof Map<?, ?> m ? m.size() >= SHARED_FROM
                    : v instanceof PathValue p && p.relationships().size() >= SHARED_FROM;
        }
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

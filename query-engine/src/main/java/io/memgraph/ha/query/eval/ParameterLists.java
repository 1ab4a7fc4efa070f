package io.memgraph.ha.query.eval;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code x IN $list} looked up in a hash set of the parameter's values ({@link ListSet}), built the
 * first time a query asks: {@code MATCH (n:Person) WHERE n.id IN $ids} tests every node of the scan
 * against the same list, and a scan of the list for each took time in proportion to nodes times
 * ids (16,000 nodes against 8,000 ids: 224 ms, four times as long at each doubling). A parameter
 * cannot change while its query runs, so the set stays right; a list computed by the query goes to
 * {@link ComputedLists}. The sets are counted against the query's memory limit; one that does not
 * fit is not built (the list is scanned).
 */
final class ParameterLists {
    /** A parameter's list (by identity) and its set. */
    private record Lookup(List<?> list, ListSet set) {
    }

    private final GraphAccessor memory;
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

    /** Sets counted against the query's memory limit through {@code memory}. */
    ParameterLists(GraphAccessor memory) {
        this.memory = memory;
    }

    /** Sets counted against no limit. */
    ParameterLists() {
        this(GraphAccessor.NONE);
    }

    /**
     * {@code element IN list}, where {@code list} is the value of the parameter {@code name}:
     * {@code TRUE}, {@code FALSE} or null as the scan would answer, or {@link #SCAN} when the
     * caller must scan.
     */
    Object in(String name, Object element, List<?> list) {
        if (!ListSet.applies(element, list)) {
            return SCAN;
        }
        Lookup lookup = lookups.get(name);
        if (lookup == null || lookup.list() != list) { // the same parameter is the same list: checked all the same
            if (lookup != null) {
                lookup.set().release(memory);
            }
            lookup = new Lookup(list, ListSet.of(list, memory));
            lookups.put(name, lookup);
        }
        return lookup.set().in(element);
    }

    /** What {@link #in} returns when the list must be scanned. */
    static final Object SCAN = ListSet.SCAN;
}

package io.memgraph.ha.query.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * Variable name to frame slot, fixed when a plan is built. One name has one slot in a single
 * query; a later clause that rebinds a name (after WITH dropped it) reuses the slot.
 */
public final class Symbols {
    private final Map<String, Integer> slots = new HashMap<>();

    /** The slot of {@code name}, allocated on first use. */
    public int slot(String name) {
        return slots.computeIfAbsent(name, n -> slots.size());
    }

    /** The slot of {@code name}, or -1. */
    public int find(String name) {
        Integer s = slots.get(name);
        return s == null ? -1 : s;
    }

    /** Number of slots. */
    public int size() {
        return slots.size();
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.QueryControl;

/**
 * The memory one part of a plan holds, counted against its query's limit ({@link
 * QueryControl#reserve}). A subquery run once per row ({@code CALL { }}, {@code OPTIONAL MATCH},
 * {@code FOREACH}) runs in a scope of its own, released as a whole when its cursor is done with or
 * dropped half-way (under a LIMIT, say), so that what a dropped cursor held is not counted for the
 * rest of the query. A scope's count includes its children's.
 */
public final class MemoryScope {
    private final QueryControl control;
    private final MemoryScope parent;
    private long reserved;

    MemoryScope(QueryControl control, MemoryScope parent) {
        this.control = control;
        this.parent = parent;
    }

    /**
     * Counts {@code bytes} more held here.
     *
     * @throws QueryStoppedException when the query would pass its memory limit
     */
    public void reserve(long bytes) {
        control.reserve(bytes);
        for (MemoryScope s = this; s != null; s = s.parent) {
            s.reserved += bytes;
        }
    }

    /** Counts {@code bytes} less, at most what is held here. */
    public void release(long bytes) {
        long b = Math.min(bytes, reserved);
        if (b <= 0) {
            return;
        }
        control.release(b);
        for (MemoryScope s = this; s != null; s = s.parent) {
            s.reserved = Math.max(0, s.reserved - b);
        }
    }

    /** Lets go of everything held here and in this scope's children. */
    public void releaseAll() {
        release(reserved);
    }

    /** What is held here, children included. */
    public long reserved() {
        return reserved;
    }

    /** A new child scope, for a subquery's cursors. */
    public MemoryScope child() {
        return new MemoryScope(control, this);
    }
}

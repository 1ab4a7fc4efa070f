package io.memgraph.ha.query.exec;

import java.util.Arrays;

/** A growing list of ids whose memory counts against the query's limit (search candidates). */
final class LongList {
    private final MemoryScope memory;
    private long[] a = new long[16];
    private int size;

    LongList(MemoryScope memory) {
        this.memory = memory;
        memory.reserve(8L * a.length);
    }

    void add(long v) {
        if (size == a.length) {
            memory.reserve(8L * a.length);
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[size++] = v;
    }

    long[] toArray() {
        return Arrays.copyOf(a, size);
    }
}

package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import java.util.List;
import java.util.Map;

/** A small read-only result computed up front (server procedures, {@code SHOW RAFT INFO}). */
final class StaticRows implements ResultStream {
    private final List<String> fields;
    private final List<List<Object>> rows;
    private int next;

    StaticRows(List<String> fields, List<List<Object>> rows) {
        this.fields = List.copyOf(fields);
        this.rows = rows;
    }

    @Override
    public List<String> fields() {
        return fields;
    }

    @Override
    public boolean pull(long n, RecordSink sink) {
        long left = n < 0 ? Long.MAX_VALUE : n;
        while (left > 0 && next < rows.size()) {
            sink.accept(rows.get(next++));
            left--;
        }
        return next < rows.size();
    }

    @Override
    public boolean discard(long n) {
        next = n < 0 ? rows.size() : (int) Math.min(rows.size(), next + n);
        return next < rows.size();
    }

    @Override
    public Map<String, Object> summary() {
        return Map.of("type", "r");
    }
}

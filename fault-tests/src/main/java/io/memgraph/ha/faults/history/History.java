package io.memgraph.ha.faults.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe recorder of client operations: each invocation and each completion becomes an
 * {@link Op} with a timestamp from one monotonic clock, appended in time order. Saved and read
 * back as JSON lines (one {@code Op} per line).
 *
 * <pre>{@code
 * Op call = history.invoke(process, "write", "k1", 5L);
 * ... run it ...
 * history.complete(call, Op.Type.OK, 5L, null);
 * }</pre>
 */
public final class History {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long origin = System.nanoTime();
    private final List<Op> events = new ArrayList<>();
    private final Map<Long, Op> open = new ConcurrentHashMap<>();
    private long nextId;

    /** Records an invocation now and returns it (pass it to {@link #complete}). */
    public Op invoke(int process, String f, String key, Object value) {
        synchronized (events) {
            Op op = new Op(nextId++, process, Op.Type.INVOKE, f, key, value, System.nanoTime() - origin, null);
            events.add(op);
            open.put(op.id(), op);
            return op;
        }
    }

    /**
     * Records the completion of {@code invocation} now.
     *
     * @param type OK, FAIL or INFO
     * @throws IllegalArgumentException for an INVOKE type
     * @throws IllegalStateException when the operation already completed
     */
    public Op complete(Op invocation, Op.Type type, Object value, String error) {
        if (type == Op.Type.INVOKE) {
            throw new IllegalArgumentException("a completion cannot be an invocation");
        }
        synchronized (events) {
            if (open.remove(invocation.id()) == null) {
                throw new IllegalStateException("operation " + invocation.id() + " already completed");
            }
            Op op = new Op(invocation.id(), invocation.process(), type, invocation.f(), invocation.key(), value,
                    System.nanoTime() - origin, error);
            events.add(op);
            return op;
        }
    }

    /** Nanoseconds since the history began, on its clock. */
    public long now() {
        return System.nanoTime() - origin;
    }

    /** A copy of every event so far, in time order. */
    public List<Op> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Invocations not completed yet. */
    public List<Op> pending() {
        return List.copyOf(open.values());
    }

    /** Writes every event as JSON lines to {@code file} (replacing it). */
    public void save(Path file) throws IOException {
        write(events(), file);
    }

    /** Writes {@code events} as JSON lines to {@code file} (replacing it). */
    public static void write(List<Op> events, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Op op : events) {
                w.write(JSON.writeValueAsString(op));
                w.newLine();
            }
        }
    }

    /** Reads a file written by {@link #save}. Numbers come back as Integer or Long, as JSON has them. */
    public static List<Op> read(Path file) throws IOException {
        List<Op> result = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                result.add(JSON.readValue(line, Op.class));
            }
        }
        return result;
    }
}

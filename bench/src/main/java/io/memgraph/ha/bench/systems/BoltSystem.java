package io.memgraph.ha.bench.systems;

import java.util.List;

/** A graph database that speaks Bolt, running in a process of its own on 127.0.0.1. */
public interface BoltSystem extends AutoCloseable {
    /** The name in the tables, e.g. {@code memgraph_ha}. */
    String name();

    /** {@code bolt://127.0.0.1:<port>} of the running process (the port may change with each start). */
    String boltUri();

    /** What to run after creating indexes so that queries find them built (none when they are built at once). */
    default List<String> awaitIndexes() {
        return List.of();
    }

    /** The system's running processes, for their CPU time (empty when not started). */
    List<ProcessHandle> processes();

    /** Starts the process on the system's data directory and returns once it accepts Bolt connections. */
    void start() throws Exception;

    /** Stops the process (SIGTERM, then SIGKILL after a grace period); the data directory stays. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}

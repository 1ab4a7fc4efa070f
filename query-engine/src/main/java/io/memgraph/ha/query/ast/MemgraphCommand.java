package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * Memgraph's statements about the server that its own tools send (GQLAlchemy on connecting and
 * when it manages a database, mgconsole, Memgraph Lab), each with Memgraph's column names.
 */
public sealed interface MemgraphCommand extends Statement permits MemgraphCommand.ShowVersion,
        MemgraphCommand.ShowBuildInfo, MemgraphCommand.ShowTriggers, MemgraphCommand.StorageMode,
        MemgraphCommand.ShowConfig {

    /** The names of the result's columns. */
    List<String> columns();

    /** {@code SHOW VERSION}: one row, the server's version. */
    record ShowVersion() implements MemgraphCommand {
        @Override
        public List<String> columns() {
            return List.of("version");
        }
    }

    /** {@code SHOW BUILD INFO}: one row, {@code build_type}. */
    record ShowBuildInfo() implements MemgraphCommand {
        @Override
        public List<String> columns() {
            return List.of("build info", "value");
        }
    }

    /** {@code SHOW TRIGGERS} or {@code SHOW TRIGGER INFO}: there are no triggers, so no rows. */
    record ShowTriggers() implements MemgraphCommand {
        @Override
        public List<String> columns() {
            return List.of("trigger name", "statement", "privilege context", "event type", "phase", "owner");
        }
    }

    /** {@code SHOW CONFIG}: one row per server flag, Memgraph's columns. */
    record ShowConfig() implements MemgraphCommand {
        @Override
        public List<String> columns() {
            return List.of("name", "default_value", "current_value", "description");
        }
    }

    /** Memgraph's storage modes, the arguments of {@code STORAGE MODE}. */
    enum Mode { IN_MEMORY_TRANSACTIONAL, IN_MEMORY_ANALYTICAL, ON_DISK_TRANSACTIONAL }

    /** {@code STORAGE MODE mode}: only the mode this server runs in is accepted. */
    record StorageMode(Mode mode, Position position) implements MemgraphCommand {
        @Override
        public List<String> columns() {
            return List.of();
        }
    }
}

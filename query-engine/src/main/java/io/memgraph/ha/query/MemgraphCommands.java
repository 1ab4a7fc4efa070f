package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.MemgraphCommand;
import io.memgraph.ha.query.dbms.Setting;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.query.exec.RowsExecution;
import io.memgraph.ha.query.exec.StatusException;
import io.memgraph.ha.query.exec.TransactionGraph;

import java.util.List;
import java.util.Map;

/**
 * Runs Memgraph's server statements ({@link MemgraphCommand}). None reads or writes the graph:
 * {@code SHOW VERSION} gives this server's version (the one {@code dbms.components()} reports),
 * {@code SHOW BUILD INFO} the build type, {@code SHOW TRIGGERS} no rows (there are no triggers),
 * {@code SHOW CONFIG} the server's flags ({@link Setting#showConfigRow}), and {@code STORAGE MODE}
 * accepts only the mode this server runs in.
 */
final class MemgraphCommands {
    private MemgraphCommands() {
    }

    static Execution run(MemgraphCommand command, Procedures procedures, TransactionGraph graph) {
        List<Object[]> rows;
        if (command instanceof MemgraphCommand.ShowVersion) {
            rows = List.<Object[]>of(new Object[] {procedures.version()});
        } else if (command instanceof MemgraphCommand.ShowBuildInfo) {
            rows = List.<Object[]>of(new Object[] {"build_type", "Release"});
        } else if (command instanceof MemgraphCommand.ShowConfig) {
            // the server's flags: the settings of raft.json and those Neo4j gives clients are no flags
            rows = procedures.settings().stream().filter(Setting::isFlag).map(Setting::showConfigRow).toList();
        } else if (command instanceof MemgraphCommand.StorageMode m) {
            rows = storageMode(m);
        } else {
            rows = List.of(); // SHOW TRIGGERS: there are none
        }
        return new RowsExecution(command.columns(), rows, QueryType.READ_ONLY, Map.of(), graph);
    }

    private static List<Object[]> storageMode(MemgraphCommand.StorageMode m) {
        if (!m.mode().name().equals(MemgraphInfoRows.STORAGE_MODE)) {
            throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "Neo.ClientError.Statement.ArgumentError", "Storage mode " + m.mode() + " is not supported:"
                    + " this server always runs in " + MemgraphInfoRows.STORAGE_MODE + " (every write is"
                    + " replicated through the Raft log before it commits)");
        }
        return List.of(); // already in that mode: nothing to do, as in Memgraph
    }
}

package io.memgraph.ha.bench.systems;

import io.memgraph.ha.bench.Systems;
import io.memgraph.ha.server.e2e.ServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One {@code memgraph_ha} server (a one-member Raft cluster: the same write path and fsync as a
 * cluster member), started from the shaded jar named by the system property
 * {@value ServerProcess#JAR_PROPERTY}, with the heap of {@code memgraph-ha.server.heap}.
 */
public final class MemgraphServer implements BoltSystem {
    private final Path dir;
    private ServerProcess process;

    public MemgraphServer(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return Systems.OURS;
    }

    @Override
    public String boltUri() {
        return process.boltUri();
    }

    @Override
    public void start() throws Exception {
        process = ServerProcess.startIn(dir);
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        handle.ifPresent(ChildProcesses::track);
    }

    @Override
    public List<ProcessHandle> processes() {
        ServerProcess p = process;
        return p == null ? List.of() : ProcessHandle.of(p.pid()).stream().toList();
    }

    /** Kills the server with SIGKILL ({@code kill -9}) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }
}

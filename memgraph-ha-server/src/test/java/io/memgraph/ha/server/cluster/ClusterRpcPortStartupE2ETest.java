package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose Raft RPC port (from {@code coordination.json}) is taken refuses to start with one
 * line that names the file the port comes from and the address, like the other refusals of
 * {@link ClusterStartupE2ETest}.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterRpcPortStartupE2ETest {

    @Test
    void anRpcPortInUseIsRefusedNamingTheCoordinationFile(@TempDir Path dir) throws IOException {
        try (ClusterHarness cluster = ClusterHarness.prepare(3, RaftTiming.FAST, dir)) {
            int port = cluster.server(1).rpcPort();
            try (ServerSocket taken = ClusterStartupE2ETest.bind(port)) {
                assertThat(taken.isBound()).isTrue();
                String line = ClusterStartupE2ETest.portRefusal(cluster.server(1).flags());
                assertThat(line).contains("coordination.json").contains("127.0.0.1:" + port)
                        .contains("Address already in use");
            }
        }
    }
}

package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster member refuses to start on a configuration it cannot work with: it exits with a
 * non-zero status and one line on standard error ({@code memgraph_ha: ...}) that names the file or
 * flag to fix, without a stack trace. None of these needs a working cluster: each runs server 1 of a
 * prepared (not started) three-server {@link ClusterHarness} to its exit, with one thing broken.
 * (A Raft RPC port in use: {@link ClusterRpcPortStartupE2ETest}.)
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterStartupE2ETest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStartupE2ETest.class);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private ClusterHarness cluster;

    @BeforeEach
    void prepare() {
        cluster = ClusterHarness.prepare(3, RaftTiming.FAST, dir.resolve("cluster"));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void serverIdZeroIsRefused() {
        String line = refusal(cluster.server(1).flags("--server-id=0"));
        assertThat(line).contains("--server-id");
    }

    @Test
    void aServerIdThatTheCoordinationFileDoesNotListIsRefused() {
        String line = refusal(cluster.server(1).flags("--server-id=4"));
        assertThat(line).contains("--server-id").contains("4");
    }

    @Test
    void idsThatAreNotOneToNAreRefused() throws IOException {
        Path file = coordination("[[1, \"127.0.0.1\", %d], [2, \"127.0.0.1\", %d], [4, \"127.0.0.1\", %d]]");
        String line = refusal(cluster.server(1).flags("--coordination-config-file=" + file));
        assertThat(line).contains("coordination.json");
    }

    @Test
    void duplicateIdsAreRefused() throws IOException {
        Path file = coordination("[[1, \"127.0.0.1\", %d], [1, \"127.0.0.1\", %d], [2, \"127.0.0.1\", %d]]");
        String line = refusal(cluster.server(1).flags("--coordination-config-file=" + file));
        assertThat(line).contains("coordination.json");
    }

    @Test
    void duplicateEndpointsAreRefused() throws IOException {
        int rpc = cluster.server(1).rpcPort();
        Path file = bad("[[1, \"127.0.0.1\", " + rpc + "], [2, \"127.0.0.1\", " + rpc + "], [3, \"127.0.0.1\", "
                + cluster.server(3).rpcPort() + "]]");
        String line = refusal(cluster.server(1).flags("--coordination-config-file=" + file));
        assertThat(line).contains("coordination.json");
    }

    @Test
    void aBadIpIsRefused() throws IOException {
        Path file = coordination("[[1, \"127.0.0.1\", %d], [2, \"300.1.1.1\", %d], [3, \"127.0.0.1\", %d]]");
        String line = refusal(cluster.server(1).flags("--coordination-config-file=" + file));
        assertThat(line).contains("coordination.json").contains("300.1.1.1");
    }

    @Test
    void aPortOutOfRangeIsRefused() throws IOException {
        Path file = bad("[[1, \"127.0.0.1\", " + cluster.server(1).rpcPort() + "], [2, \"127.0.0.1\", 70000], "
                + "[3, \"127.0.0.1\", " + cluster.server(3).rpcPort() + "]]");
        String line = refusal(cluster.server(1).flags("--coordination-config-file=" + file));
        assertThat(line).contains("coordination.json").contains("70000");
    }

    @Test
    void aRaftConfigWithAMissingKeyIsRefused() throws IOException {
        Files.writeString(cluster.raftConfigFile(), """
                {"election_timeout_min": 300, "election_timeout_max": 500, "heartbeat_interval": 50,
                 "log_size_snapshot_threshold": -1}
                """);
        String line = refusal(cluster.server(1).flags());
        assertThat(line).contains("raft.json").contains("replication_timeout");
    }

    @Test
    void aRaftConfigThatIsNotJsonIsRefused() throws IOException {
        Files.writeString(cluster.raftConfigFile(), "election_timeout_min = 300\n");
        String line = refusal(cluster.server(1).flags());
        assertThat(line).contains("raft.json");
    }

    @Test
    void aBoltPortInUseIsRefused() throws IOException {
        int port = cluster.server(1).boltPort();
        try (ServerSocket taken = bind(port)) {
            assertThat(taken.isBound()).isTrue();
            String line = portRefusal(cluster.server(1).flags());
            assertThat(line).contains("--bolt-port=" + port).contains("Address already in use");
        }
    }

    /**
     * Runs the server with {@code flags} to its exit and returns its one problem line, after checking
     * that the exit status is not zero, that there is exactly one such line and no stack trace.
     */
    static String refusal(List<String> flags) {
        ClusterHarness.Finished f = ClusterHarness.runToExit(flags, EXIT_TIMEOUT);
        LOG.info("exit {}, standard error:\n{}", f.exitCode(), f.stderr());
        assertThat(f.exitCode()).as("exit status; standard error:\n%s", f.stderr()).isNotZero();
        assertThat(f.problems()).as("problem lines; standard error:\n%s", f.stderr()).hasSize(1);
        assertThat(f.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        return f.problems().get(0);
    }

    /**
     * {@link #refusal} for a port in use, which is checked before the durability directory is read:
     * exit status 1, at once (a JVM's start, not a recovery or an election timeout), and the problem
     * line is all the process wrote.
     */
    static String portRefusal(List<String> flags) {
        long start = System.nanoTime();
        ClusterHarness.Finished f = ClusterHarness.runToExit(flags, EXIT_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(f.exitCode()).as("exit status; standard error:\n%s", f.stderr()).isEqualTo(1);
        assertThat(took).as("time to exit").isLessThan(Duration.ofSeconds(20));
        assertThat(f.stderr().strip().lines().toList()).as("standard error").singleElement()
                .satisfies(l -> assertThat(l).startsWith("memgraph_ha: "));
        assertThat(f.stdout()).isEmpty();
        return f.problems().get(0);
    }

    /** A {@code coordination.json} in its own directory from a format with the three RPC ports. */
    private Path coordination(String format) throws IOException {
        return bad(String.format(format, cluster.server(1).rpcPort(), cluster.server(2).rpcPort(),
                cluster.server(3).rpcPort()));
    }

    private Path bad(String json) throws IOException {
        Path file = Files.createDirectories(dir.resolve("bad")).resolve("coordination.json");
        Files.writeString(file, json);
        return file;
    }

    /** Binds {@code port} on 127.0.0.1, so that a server cannot. */
    static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getByName(ClusterServer.HOST), port));
        return s;
    }
}

package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.transport.PemFiles;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;

/**
 * The {@code memgraph_ha} process itself: flags, start-up errors, {@code --help}, the query time
 * limit, and a clean stop on SIGTERM that keeps the data for the next start.
 */
class ServerLifecycleE2ETest {

    @Test
    void anIdleConnectionIsClosedAfterTheSessionInactivityTimeout() throws Exception {
        try (ServerProcess server = ServerProcess.start("--bolt-session-inactivity-timeout=1");
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            // Magic, then a proposal of Bolt 5.4..5.0 and three empty slots.
            out.write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 4, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new DataInputStream(in).readInt()).isEqualTo(0x00000405);
            long start = System.nanoTime();
            // The client now says nothing: the server must hang up on it, well before our read timeout.
            assertThat(in.read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    /** The flag lets the pages of a hosted browser tool open Bolt over WebSocket; others stay out. */
    @Test
    void listedWebPagesMayOpenBoltOverWebSocket() throws Exception {
        try (ServerProcess server = ServerProcess.start("--bolt-websocket-allowed-origins=https://neodash.graphapp.io")) {
            assertThat(webSocketUpgrade(server.port(), "https://neodash.graphapp.io")).startsWith("HTTP/1.1 101 ");
            assertThat(webSocketUpgrade(server.port(), "https://evil.example")).startsWith("HTTP/1.1 403 ")
                    .contains("list it in --bolt-websocket-allowed-origins");
        }
    }

    /** The first line of the server's answer to a browser's WebSocket upgrade from a page of {@code origin}. */
    private static String webSocketUpgrade(int port, String origin) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(io.memgraph.ha.bolt.testing.WebSocketBoltClient.browserUpgrade(origin)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] head = new byte[4096];
            int n = 0;
            InputStream in = s.getInputStream();
            // up to the end of the response's headers (a 101 leaves the connection open); a refusal's body follows
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
                String text = new String(head, 0, n, java.nio.charset.StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && (text.startsWith("HTTP/1.1 101 ") || text.contains("Refused:"))) {
                    return text;
                }
            }
            return new String(head, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void queryExecutionTimeLimitStopsALongQuery() throws Exception {
        try (ServerProcess server = ServerProcess.start("--query-execution-time-sec=1");
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.run(CypherWriteE2ETest.ENDLESS).consume())
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
                        assertThat(e.getMessage()).contains("--query-execution-time-sec");
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(10));
            assertThat(s.run("RETURN 1").single().get(0).asLong()).isEqualTo(1L);
        }
    }

    @Test
    void tlsWhenCertificateAndKeyAreSet(@TempDir Path dir) throws Exception {
        PemFiles.Pair pem = PemFiles.selfSigned(dir, "bolt");
        Path cert = pem.cert();
        Path key = pem.key();
        try (ServerProcess server = ServerProcess.start("--bolt-cert-file=" + cert, "--bolt-key-file=" + key);
                Driver tls = GraphDatabase.driver("bolt+ssc://127.0.0.1:" + server.port(), AuthTokens.none());
                Session s = tls.session()) {
            assertThat(s.run("RETURN 'over tls'").single().get(0).asString()).isEqualTo("over tls");
        }
    }

    @Test
    void badFlagsExitWithOneLinePerProblem(@TempDir Path dir) throws Exception {
        ServerProcess.Finished f = ServerProcess.runToExit(List.of("--bolt-port=99999", "--log-level=LOUD",
                "--no-such-flag=1", "--durability-directory=" + dir), Duration.ofSeconds(60));
        assertThat(f.exitCode()).isEqualTo(1);
        List<String> lines = f.stderr().lines().toList();
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("memgraph_ha: "));
        assertThat(f.stderr()).contains("bolt-port").contains("log-level").contains("no-such-flag")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aSecondServerOnTheSameDirectoryExitsAtOnceNamingItAndTheFirstKeepsWorking(@TempDir Path dir)
            throws Exception {
        Path durability = dir.resolve("durability");
        try (ServerProcess first = ServerProcess.startIn(dir);
                Driver driver = GraphDatabase.driver(first.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            s.run("CREATE (:Owned {v: 1})").consume();
            List<String> filesBefore = filesUnder(durability);
            long start = System.nanoTime();
            // The same flags but for the Bolt port (0: any free one), so only the directory is shared.
            ServerProcess.Finished second = ServerProcess.runToExit(ServerProcess.flags(dir), Duration.ofSeconds(40));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(second.exitCode()).as("stderr: %s", second.stderr()).isEqualTo(1);
            assertThat(second.stderr().strip().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("memgraph_ha: --durability-directory=" + durability + ": ")
                    .contains("in use by another memgraph_ha (pid " + first.pid() + ", started ")
                    .contains(durability.resolve("lock").toString()));
            // Start-up of a JVM and nothing more: it never gets as far as recovery.
            assertThat(took).isLessThan(Duration.ofSeconds(20));
            assertThat(filesUnder(durability)).isEqualTo(filesBefore);
            assertThat(first.isAlive()).isTrue();
            s.run("CREATE (:Owned {v: 2})").consume();
            assertThat(s.run("MATCH (o:Owned) RETURN count(o)").single().get(0).asLong()).isEqualTo(2L);
            assertThat(first.stop()).as("exit status after SIGTERM").isZero();
        }
        try (ServerProcess again = ServerProcess.startIn(dir);
                Driver driver = GraphDatabase.driver(again.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            assertThat(s.run("MATCH (o:Owned) RETURN o.v ORDER BY o.v").list(r -> r.get(0).asLong()))
                    .containsExactly(1L, 2L);
        }
    }

    @Test
    void aDurabilityDirectoryThatIsAFileIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("durability"), "not a directory");
        ServerProcess.Finished f = ServerProcess.runToExit(ServerProcess.flags(dir), Duration.ofSeconds(60));
        assertThat(f.exitCode()).isEqualTo(1);
        assertThat(f.stderr().strip().lines().toList()).containsExactly("memgraph_ha: --durability-directory="
                + dir.resolve("durability") + ": " + dir.resolve("durability")
                + " exists and is not a directory; a directory is expected");
    }

    /** The paths of the files under {@code dir}, sorted. */
    private static List<String> filesUnder(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aTakenBoltPortIsOneLineAndExitOneBeforeRecoveryStarts(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.startIn(dir);
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            s.run("UNWIND range(1, 100) AS i CREATE (:Recover {i: i})").consume();
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            List<String> flags = new java.util.ArrayList<>(ServerProcess.flags(dir));
            flags.add("--bolt-port=" + taken.getLocalPort());
            long start = System.nanoTime();
            ServerProcess.Finished f = ServerProcess.runToExit(flags, Duration.ofSeconds(60));
            assertThat(f.exitCode()).as("stderr: %s", f.stderr()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            // The only line: no recovery was logged (--log-level=INFO, to standard error), no stack trace.
            assertThat(f.stderr().strip().lines().toList()).containsExactly("memgraph_ha: --bolt-address=127.0.0.1"
                    + " --bolt-port=" + taken.getLocalPort() + ": cannot listen: Address already in use");
        }
    }

    @Test
    void sigtermStopsCleanlyWithExitStatusZero() throws Exception {
        try (ServerProcess server = ServerProcess.start();
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            s.run("CREATE (:BeforeStop)").consume();
            long start = System.nanoTime();
            assertThat(server.stop()).as("exit status after SIGTERM").isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(server.stderr()).anySatisfy(l -> assertThat(l).contains("memgraph_ha stopped"))
                    .noneSatisfy(l -> assertThat(l).contains("ERROR"));
        }
    }

    @Test
    void helpPrintsTheFlags() throws Exception {
        ServerProcess.Finished f = ServerProcess.runToExit(List.of("--help"), Duration.ofSeconds(60));
        assertThat(f.exitCode()).isZero();
        assertThat(f.stdout()).contains("--bolt-port").contains("--durability-directory")
                .contains("--query-execution-time-sec").contains("--flag-file").contains("--load-csv-directory");
    }

    @Test
    void aPackagedServerWithoutItsCoordinationFileExitsOneWithOneLineSayingWhatToWrite(@TempDir Path dir)
            throws Exception {
        Path coordination = dir.resolve("coordination.json");
        ServerProcess.Finished f = ServerProcess.runToExit(List.of("--bolt-address=127.0.0.1", "--bolt-port=0",
                "--log-file=", "--durability-directory=" + dir.resolve("d"), "--require-coordination-file",
                "--coordination-config-file=" + coordination), Duration.ofSeconds(60));
        assertThat(f.exitCode()).isEqualTo(1);
        assertThat(f.stderr().strip().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("memgraph_ha: command line: --coordination-config-file=" + coordination
                        + " does not exist: this server is not configured yet.")
                .contains("[server_id, \"ip_address\", rpc_port]").contains("--server-id"));
        assertThat(dir.resolve("d")).as("nothing is created before the configuration is complete").doesNotExist();
    }

    @Test
    void aClusterMemberWithoutAServerIdIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path coordination = dir.resolve("coordination.json");
        Files.writeString(coordination, "[[1, \"127.0.0.1\", 10000], [2, \"127.0.0.1\", 10001], [3, \"127.0.0.1\", 10002]]");
        ServerProcess.Finished f = ServerProcess.runToExit(List.of("--bolt-address=127.0.0.1", "--bolt-port=0",
                "--log-file=", "--durability-directory=" + dir.resolve("d"),
                "--coordination-config-file=" + coordination), Duration.ofSeconds(60));
        assertThat(f.exitCode()).isEqualTo(1);
        assertThat(f.stderr().strip().lines().toList()).hasSize(1);
        assertThat(f.stderr()).contains("--server-id").contains("3 servers").contains("coordination.json");
    }

    @Test
    void aOneEntryCoordinationFileRunsASingleServerThatKeepsItsDataAcrossARestart(@TempDir Path dir)
            throws Exception {
        Path coordination = dir.resolve("coordination.json");
        Files.writeString(coordination, "[[1, \"127.0.0.1\", 10000]]");
        Path durability = dir.resolve("durability");
        String[] flags = {"--durability-directory=" + durability, "--coordination-config-file=" + coordination};
        try (ServerProcess server = ServerProcess.start(flags)) {
            try (Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                    Session s = driver.session()) {
                s.run("CREATE (:Kept {v: 1})-[:TO]->(:Kept {v: 2})").consume();
            }
            assertThat(server.stop()).as("exit status after SIGTERM").isZero();
            assertThat(server.stderr()).anySatisfy(l -> assertThat(l).contains("memgraph_ha stopped"));
        }
        assertThat(durability.resolve("raft")).isDirectory();
        assertThat(durability.resolve("single-server.snapshot")).doesNotExist();
        try (ServerProcess server = ServerProcess.start(flags);
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            assertThat(s.run("MATCH (a:Kept)-[:TO]->(b:Kept) RETURN a.v, b.v").single().values())
                    .extracting(v -> v.asLong()).containsExactly(1L, 2L);
            // Ids continue above the restored ones.
            s.run("CREATE (:Kept {v: 3})").consume();
            assertThat(s.run("MATCH (k:Kept) RETURN count(DISTINCT id(k))").single().get(0).asLong()).isEqualTo(3L);
        }
    }
}

package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.transport.PemFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;

/**
 * Mutual TLS on the Raft rpc ports of real server processes ({@code --rpc-cert-file},
 * {@code --rpc-key-file}, {@code --rpc-ca-file}): servers with a trusted certificate form the
 * cluster and replicate; a server whose certificate is not trusted is kept out, and the servers
 * say so in one line each time.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterRpcTlsE2ETest {
    @TempDir
    Path dir;
    private ClusterHarness cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void serversWithTheClusterCertificateReplicateAndAnUntrustedOneIsKeptOut() throws Exception {
        PemFiles.Pair trusted = PemFiles.selfSigned(dir, "cluster");
        PemFiles.Pair rogue = PemFiles.selfSigned(dir, "rogue");
        cluster = ClusterHarness.prepare(3, RaftTiming.STEADY, dir.resolve("cluster"),
                "--rpc-cert-file=" + trusted.cert(), "--rpc-key-file=" + trusted.key());
        cluster.server(3).useFlags("--rpc-cert-file=" + rogue.cert(), "--rpc-key-file=" + rogue.key());
        cluster.startAll();

        Written w = writeOnLeader("CREATE (:OverTls {n: 1})");
        int leader = w.leader();
        List<Bookmark> bookmarks = w.bookmarks();
        assertThat(leader).as("the leader is one of the two trusted servers").isIn(1, 2);
        int follower = leader == 1 ? 2 : 1;
        assertThat(cluster.countNodes(follower, "OverTls", bookmarks)).isEqualTo(1);
        assertThat(cluster.countNodes(3, "OverTls")).as("the untrusted server got nothing").isZero();

        String trustedLogs = String.join("\n", cluster.server(1).allOutputLines()) + "\n"
                + String.join("\n", cluster.server(2).allOutputLines());
        assertThat(trustedLogs).contains("Rejected Raft connection from").contains("TLS handshake failed");
        // server 3 logs the failed TLS handshakes with the trusted servers: wait for one
        // (its outgoing attempts are logged once per change of state, so when its first attempt found the
        // port closed, the refusals it logs are those of the trusted servers' connections to it)
        java.util.regex.Pattern ownAttempt = java.util.regex.Pattern.compile(
                "TLS handshake with server [12] at .* failed|Rejected Raft connection from .*: TLS handshake failed");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ownAttempt.matcher(String.join("\n", cluster.server(3).allOutputLines())).find()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(String.join("\n", cluster.server(3).allOutputLines())).containsPattern(ownAttempt.pattern());
    }

    @Test
    void eachServerWithItsOwnCertificatePinnedInTheCaFileReplicates() throws Exception {
        Path pinned = dir.resolve("pinned.pem");
        StringBuilder all = new StringBuilder();
        PemFiles.Pair[] own = new PemFiles.Pair[3];
        for (int i = 0; i < 3; i++) {
            own[i] = PemFiles.selfSigned(dir, "server-" + (i + 1));
            all.append(Files.readString(own[i].cert()));
        }
        Files.writeString(pinned, all);
        cluster = ClusterHarness.prepare(3, RaftTiming.STEADY, dir.resolve("cluster"), "--rpc-ca-file=" + pinned);
        for (int i = 0; i < 3; i++) {
            cluster.server(i + 1).useFlags("--rpc-cert-file=" + own[i].cert(), "--rpc-key-file=" + own[i].key());
        }
        cluster.startAll();
        List<Bookmark> bookmarks = writeOnLeader("CREATE (:Pinned)").bookmarks();
        for (int id = 1; id <= 3; id++) {
            assertThat(cluster.countNodes(id, "Pinned", bookmarks)).as("server %d", id).isEqualTo(1);
        }
    }

    private record Written(int leader, List<Bookmark> bookmarks) {}

    /** Runs {@code query} once on the leader, asking again when leadership moved under a loaded machine. */
    private Written writeOnLeader(String query) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            try (Session s = cluster.driver(leader).session()) {
                s.run(query).consume();
                return new Written(leader, List.copyOf(s.lastBookmarks()));
            } catch (ClientException e) {
                if (!e.getMessage().contains("is not the leader") || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    @Test
    void halfATlsConfigurationOrAFileThatIsNoCertificateIsOneLine() throws Exception {
        cluster = ClusterHarness.prepare(3, RaftTiming.STEADY, dir.resolve("cluster"));
        PemFiles.Pair pem = PemFiles.selfSigned(dir, "one");
        assertThat(ClusterStartupE2ETest.refusal(cluster.server(1).flags("--rpc-cert-file=" + pem.cert())))
                .contains("--rpc-key-file");
        assertThat(ClusterStartupE2ETest.refusal(cluster.server(1).flags("--rpc-ca-file=" + pem.cert())))
                .contains("--rpc-ca-file").contains("--rpc-cert-file");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate");
        assertThat(ClusterStartupE2ETest.refusal(cluster.server(1).flags("--rpc-cert-file=" + pem.cert(),
                "--rpc-key-file=" + pem.key(), "--rpc-ca-file=" + notPem)))
                .contains("--rpc-ca-file=" + notPem).contains("not a PEM certificate");
    }
}

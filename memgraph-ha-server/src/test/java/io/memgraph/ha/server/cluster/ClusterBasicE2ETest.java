package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster of real server processes ({@link ClusterHarness#defaultSize()}, 3 unless
 * {@code -Dmemgraph-ha.cluster.size} says otherwise) elects a leader, replicates a write made
 * through it to every follower, and a follower refuses writes with {@code NotALeader} naming the
 * leader's Bolt address.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterBasicE2ETest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBasicE2ETest.class);
    private static final String NOT_A_LEADER = "Neo.ClientError.Cluster.NotALeader";
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();
    private static final SessionConfig READ = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();

    @Test
    void aWriteThroughTheLeaderReachesEveryFollowerAndFollowersRefuseWrites(@TempDir Path dir) {
        // STEADY: the test expects the first leader to stay leader; FAST elections can be set off by a
        // CPU stall when five server JVMs share two cores.
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            LOG.info("Leader: {}", cluster.server(leader));

            List<Bookmark> bookmarks;
            try (Session s = cluster.driver(leader).session(WRITE)) {
                s.executeWrite(tx -> tx.run("CREATE (:Replicated {by: $id})", Values.parameters("id", leader)).consume());
                bookmarks = List.copyOf(s.lastBookmarks());
            }
            assertThat(bookmarks).as("the leader's bookmark after the commit").isNotEmpty();
            assertThat(cluster.countNodes(leader, "Replicated", bookmarks)).isEqualTo(1L);

            List<ClusterServer> followers = cluster.servers().stream().filter(s -> s.id() != leader).toList();
            for (ClusterServer f : followers) {
                assertThat(cluster.countNodes(f.id(), "Replicated", bookmarks))
                        .as("nodes seen by follower %d with the leader's bookmark", f.id()).isEqualTo(1L);
            }

            String leaderAddress = cluster.server(leader).boltAddress();
            for (ClusterServer f : followers) {
                Neo4jException refused = refusedWrite(cluster, f.id(), leaderAddress);
                assertThat(refused.code()).isEqualTo(NOT_A_LEADER);
                assertThat(refused.getMessage()).as("follower %d names the leader", f.id()).contains(leaderAddress);
            }
            // A read marked leader-only (the proxy marks every read so) is refused by a follower before it
            // runs, and answered by the leader.
            TransactionConfig leaderOnly = TransactionConfig.builder().withMetadata(Map.of("ha_leader_read", true))
                    .build();
            for (ClusterServer f : followers) {
                try (Session s = cluster.driver(f.id()).session(READ)) {
                    assertThatThrownBy(() -> s.run("MATCH (n:Replicated) RETURN count(n)", leaderOnly).consume())
                            .isInstanceOfSatisfying(Neo4jException.class,
                                    e -> assertThat(e.code()).isEqualTo(NOT_A_LEADER))
                            .hasMessageContaining("must see every committed write");
                }
            }
            int now = cluster.awaitLeader(Duration.ofSeconds(10));
            try (Session s = cluster.driver(now).session(READ)) {
                assertThat(s.run("MATCH (n:Replicated) RETURN count(n) AS c", leaderOnly).single().get("c").asLong())
                        .isEqualTo(1L);
            }
            // On whichever server leads now: none of the refused writes was committed.
            assertThat(cluster.countNodes(cluster.awaitLeader(Duration.ofSeconds(10)), "Refused")).isZero();

            for (ClusterServer s : cluster.servers()) {
                assertThat(s.stop()).as("exit status of %s after SIGTERM", s).isZero();
            }
        }
    }

    /**
     * The failure of a write transaction on follower {@code id}. A follower that has only just heard
     * of the new leader may not know its Bolt address yet, so this retries (for at most 10 s, always
     * expecting {@code NotALeader}) until the message names {@code leaderAddress}.
     */
    private static Neo4jException refusedWrite(ClusterHarness cluster, int id, String leaderAddress) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Neo4jException refused = null;
            try (Session s = cluster.driver(id).session(WRITE)) {
                s.executeWrite(tx -> tx.run("CREATE (:Refused)").consume());
            } catch (Neo4jException e) {
                refused = e;
            }
            if (refused == null) {
                fail("follower " + id + " committed a write");
            }
            assertThat(refused.code()).as("follower %d: %s", id, refused.getMessage()).isEqualTo(NOT_A_LEADER);
            if (refused.getMessage().contains(leaderAddress) || System.nanoTime() - deadline > 0) {
                LOG.info("Follower {} refused a write: {}", id, refused.getMessage());
                return refused;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refused;
            }
        }
    }
}

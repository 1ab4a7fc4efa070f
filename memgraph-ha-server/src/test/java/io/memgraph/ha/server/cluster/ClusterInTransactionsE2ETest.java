package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * {@code CALL { } IN TRANSACTIONS} on a cluster: every batch is a write set through the Raft log
 * like any other transaction, so the followers hold exactly the batches the leader committed, also
 * when a later batch fails.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterInTransactionsE2ETest {
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();

    @Test
    void batchesAreReplicatedAndAFailedBatchIsNot(@TempDir Path dir) {
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            List<Bookmark> bookmarks;
            try (Session s = cluster.driver(leader).session(WRITE)) {
                s.run("UNWIND range(1, 5) AS i CALL (i) { CREATE (:Batch {i: i}) } IN TRANSACTIONS OF 2 ROWS")
                        .consume();
                assertThatThrownBy(() -> s.run("UNWIND [1, 2, 0] AS i CALL (i) { CREATE (:Batch {i: 10 / i}) } "
                        + "IN TRANSACTIONS OF 2 ROWS").consume()).isInstanceOf(Neo4jException.class)
                        .hasMessageContaining("/ by zero");
                // the failed query committed its first batch; its bookmark is the session's last success
                s.run("CREATE (:Batch {i: 0})").consume();
                bookmarks = List.copyOf(s.lastBookmarks());
            }
            for (ClusterServer server : cluster.servers()) {
                assertThat(cluster.countNodes(server.id(), "Batch", bookmarks))
                        .as("nodes on server %d", server.id()).isEqualTo(5L + 2L + 1L);
            }
        }
    }
}

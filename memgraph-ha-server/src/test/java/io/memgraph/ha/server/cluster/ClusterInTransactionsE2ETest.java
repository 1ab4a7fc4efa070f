package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
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
                // apoc.periodic.iterate runs on the same batches: the failed one is counted, the others replicate
                org.neo4j.driver.Record iterated = s.run("CALL apoc.periodic.iterate('UNWIND range(1, 7) AS i RETURN i',"
                        + " 'CREATE (:Iterated {i: i, v: 10 / (i - 4)})', {batchSize: 3})"
                        + " YIELD batches, committedOperations, failedBatches").single();
                assertThat(List.of(iterated.get("batches").asLong(), iterated.get("committedOperations").asLong(),
                        iterated.get("failedBatches").asLong())).containsExactly(3L, 4L, 1L);
                // so does Memgraph's periodic.iterate, whose failed batch fails the query after the first
                assertThatThrownBy(() -> s.run("CALL periodic.iterate('UNWIND range(1, 7) AS i RETURN i',"
                        + " 'CREATE (:Periodic {v: 10 / (i - 4)})', {batch_size: 3}) YIELD success RETURN success")
                        .consume()).isInstanceOf(Neo4jException.class).hasMessageContaining("/ by zero");
                // the failed query committed its first batch; its bookmark is the session's last success
                s.run("CREATE (:Batch {i: 0})").consume();
                bookmarks = List.copyOf(s.lastBookmarks());
            }
            for (ClusterServer server : cluster.servers()) {
                assertThat(cluster.countNodes(server.id(), "Batch", bookmarks))
                        .as("nodes on server %d", server.id()).isEqualTo(5L + 2L + 1L);
                assertThat(cluster.countNodes(server.id(), "Iterated", bookmarks))
                        .as("iterated nodes on server %d", server.id()).isEqualTo(4L); // 1-3 and 7
                assertThat(cluster.countNodes(server.id(), "Periodic", bookmarks))
                        .as("periodic.iterate's nodes on server %d", server.id()).isEqualTo(3L); // its first batch
            }
        }
    }

    /**
     * apoc.periodic.commit and Memgraph's periodic.delete run again and again in transactions of
     * their own: every server holds the runs the leader committed, and none of the run that failed.
     */
    @Test
    void periodicRunsAreReplicatedAndAFailedRunIsNot(@TempDir Path dir) {
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            List<Bookmark> bookmarks;
            try (Session s = cluster.driver(leader).session(WRITE)) {
                s.run("UNWIND range(1, 25) AS i CREATE (:Old {i: i})-[:R]->(:Kept {i: i}), (:Gone)").consume();
                // runs of 10: the first commits, the second divides by zero at i = 15 and is rolled back
                org.neo4j.driver.Record marked = s.run("CALL apoc.periodic.commit(\"MATCH (k:Kept) WHERE NOT k:Marked"
                        + " WITH k ORDER BY k.i LIMIT $limit SET k:Marked, k.v = 100 / (15 - k.i)"
                        + " RETURN count(*)\", {limit: 10}) YIELD updates, batches, failedBatches").single();
                assertThat(List.of(marked.get("updates").asLong(), marked.get("batches").asLong(),
                        marked.get("failedBatches").asLong())).containsExactly(10L, 2L, 1L);
                org.neo4j.driver.Record deleted = s.run("CALL apoc.periodic.commit(\"MATCH (n:Old) WITH n"
                        + " LIMIT $limit DETACH DELETE n RETURN count(*)\", {limit: 10}) YIELD updates, batches")
                        .single();
                assertThat(List.of(deleted.get("updates").asLong(), deleted.get("batches").asLong()))
                        .containsExactly(25L, 4L);
                org.neo4j.driver.Record gone = s.run("CALL periodic.delete({batch_size: 10, labels: ['Gone']})"
                        + " YIELD number_of_deleted_nodes, number_of_executed_batches").single();
                assertThat(List.of(gone.get("number_of_deleted_nodes").asLong(),
                        gone.get("number_of_executed_batches").asLong())).containsExactly(25L, 4L);
                bookmarks = List.copyOf(s.lastBookmarks());
            }
            for (ClusterServer server : cluster.servers()) {
                assertThat(List.of(cluster.countNodes(server.id(), "Old", bookmarks),
                        cluster.countNodes(server.id(), "Kept", bookmarks),
                        cluster.countNodes(server.id(), "Marked", bookmarks),
                        cluster.countNodes(server.id(), "Gone", bookmarks)))
                        .as("Old, Kept, Marked and Gone nodes on server %d", server.id())
                        .containsExactly(0L, 25L, 10L, 0L);
            }
        }
    }

    /**
     * ON ERROR CONTINUE takes only batches known not to be written. The RUN is admitted while the
     * cluster is whole (nothing runs before the PULL); then the followers die, so the first batch's
     * commit cannot be confirmed (its outcome is unknown, or the leader steps down): the PULL fails
     * without a single record, where swallowing the error would stream rows that say "not committed".
     */
    @Test
    void continueNeverTakesABatchWhoseOutcomeIsUnknown(@TempDir Path dir) {
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.FAST, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            try (BoltClientConnection c = BoltClientConnection.connect(ClusterServer.HOST,
                    cluster.server(leader).boltPort(), Duration.ofSeconds(30))) {
                c.handshake(new BoltVersion(4, 4));
                assertThat(c.hello(BoltClientConnection.helloExtra("e2e", Map.of("scheme", "none"))))
                        .isInstanceOf(Response.Success.class);
                assertThat(c.run("UNWIND range(1, 4) AS i CALL (i) { CREATE (:Lost {i: i}) } IN TRANSACTIONS"
                        + " OF 2 ROWS ON ERROR CONTINUE REPORT STATUS AS st RETURN i, st", Map.of(), Map.of()))
                        .isInstanceOf(Response.Success.class);
                for (ClusterServer server : cluster.servers()) {
                    if (server.id() != leader) {
                        server.kill9();
                    }
                }
                List<Response> pulled = c.pull(-1, -1);
                assertThat(pulled).as("no row of a batch whose outcome is unknown")
                        .noneMatch(r -> r instanceof Response.RecordMessage);
                assertThat(pulled).last().isInstanceOfSatisfying(Response.Failure.class, f -> assertThat(f.code())
                        .isIn("Neo.TransientError.Cluster.ReplicationTimeout", "Neo.ClientError.Cluster.NotALeader",
                                "Neo.TransientError.General.DatabaseUnavailable"));
            }
        }
    }
}

package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.summary.SummaryCounters;

/**
 * APOC's writing procedures on a cluster: what {@code apoc.merge.node} and
 * {@code apoc.merge.relationship} write goes through the Raft log like a CREATE, so every server
 * holds it; the summary counts it; a read-mode session refuses the query, since a procedure of mode
 * WRITE makes it a write.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterApocWritesE2ETest {
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();
    private static final SessionConfig READ = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
    /** langchain-neo4j's import of relationships between documents' entities. */
    private static final String IMPORT = "UNWIND $data AS row "
            + "CALL apoc.merge.node([row.source_label], {id: row.source},{}, {}) YIELD node as source "
            + "CALL apoc.merge.node([row.target_label], {id: row.target},{}, {}) YIELD node as target "
            + "CALL apoc.merge.relationship(source, row.type, {}, row.properties, target) YIELD rel "
            + "RETURN distinct 'done'";

    @Test
    void apocWritesReachEveryServer(@TempDir Path dir) {
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            List<Bookmark> bookmarks;
            try (Session s = cluster.driver(leader).session(WRITE)) {
                SummaryCounters counters = s.run(IMPORT, Values.parameters("data", List.of(Map.of("source_label",
                        "ApocPerson", "source", "Marie", "target_label", "ApocPrize", "target", "Nobel", "type", "WON",
                        "properties", Map.of("year", 1903L))))).consume().counters();
                assertThat(counters.nodesCreated()).isEqualTo(2);
                assertThat(counters.relationshipsCreated()).isEqualTo(1);
                assertThat(counters.labelsAdded()).isEqualTo(2);
                s.run("CALL apoc.create.node(['ApocPerson'], {id: 'Pierre'})").consume();
                bookmarks = List.copyOf(s.lastBookmarks());
            }
            for (ClusterServer server : cluster.servers()) {
                assertThat(cluster.countNodes(server.id(), "ApocPerson", bookmarks))
                        .as("nodes on server %d", server.id()).isEqualTo(2L);
                SessionConfig read = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                        .withBookmarks(bookmarks).build();
                try (Session s = cluster.driver(server.id()).session(read)) {
                    assertThat(s.run("MATCH (:ApocPerson {id: 'Marie'})-[w:WON]->(p:ApocPrize) RETURN w.year AS y")
                            .single().get("y").asLong()).as("relationship on server %d", server.id()).isEqualTo(1903L);
                }
            }
            try (Session s = cluster.driver(leader).session(READ)) {
                assertThatThrownBy(() -> s.run("CALL apoc.create.node(['Refused'], {})").consume())
                        .isInstanceOf(Neo4jException.class).hasMessageContaining("Writing in read access mode");
            }
            assertThat(cluster.countNodes(leader, "Refused")).isZero();
        }
    }
}

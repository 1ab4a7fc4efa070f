package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static io.memgraph.ha.server.cluster.ClusterSchemaE2ETest.rows;
import static org.assertj.core.api.Assertions.within;

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

/**
 * Vector indexes as a GraphRAG tool makes and uses them, through the Neo4j Java driver: created on
 * the leader with their names and configurations as parameters, one of nodes and one of
 * relationships, vectors set with {@code db.create.setNodeVectorProperty} and {@code
 * setRelationshipVectorProperty}, and every server then has the indexes and answers {@code
 * db.index.vector.queryNodes} and {@code queryRelationships} with the leader's rows (ties by id).
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterVectorIndexE2ETest {
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();
    private static final String QUERY = "CALL db.index.vector.queryNodes('chunks', 3, [1.0, 0.0, 0.0]) YIELD node,"
            + " score RETURN node.k, score";
    private static final String QUERY_RELATIONSHIPS = "CALL db.index.vector.queryRelationships('links', 2, [0.0, 1.0])"
            + " YIELD relationship, score RETURN relationship.k, type(relationship), score";
    private static final String SHOW = "SHOW VECTOR INDEXES YIELD name, type, entityType, labelsOrTypes, properties,"
            + " options";

    @Test
    void everyServerHasTheIndexAndAnswersAsTheLeader(@TempDir Path dir) {
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            List<Bookmark> bookmarks;
            List<List<Object>> indexes;
            List<List<Object>> nearest;
            List<List<Object>> nearestLinks;
            try (Session s = cluster.driver(leader).session(WRITE)) {
                s.run("CREATE VECTOR INDEX $name IF NOT EXISTS FOR (c:Chunk) ON c.embedding OPTIONS {indexConfig:"
                        + " {`vector.dimensions`: toInteger($dim), `vector.similarity_function`: $fn}}",
                        Map.of("name", "chunks", "dim", 3, "fn", "cosine")).consume();
                s.run("UNWIND range(1, 6) AS i CREATE (:Chunk {k: i})").consume();
                s.run("MATCH (c:Chunk) CALL db.create.setNodeVectorProperty(c, 'embedding',"
                        + " [toFloat(c.k % 3), 1.0, 0.0])").consume();
                s.run("CREATE VECTOR INDEX $name IF NOT EXISTS FOR ()-[r:LINKS]-() ON r.embedding OPTIONS"
                        + " {indexConfig: {`vector.dimensions`: 2, `vector.similarity_function`: 'euclidean'}}",
                        Map.of("name", "links")).consume();
                s.run("MATCH (a:Chunk), (b:Chunk {k: a.k + 1}) CREATE (a)-[r:LINKS {k: a.k}]->(b)"
                        + " WITH r CALL db.create.setRelationshipVectorProperty(r, 'embedding', [0.0, toFloat(r.k)])")
                        .consume();
                bookmarks = List.copyOf(s.lastBookmarks());
                indexes = rows(s, SHOW);
                nearest = rows(s, QUERY);
                nearestLinks = rows(s, QUERY_RELATIONSHIPS);
            }
            assertThat(indexes).containsExactly(List.of("chunks", "VECTOR", "NODE", List.of("Chunk"),
                    List.of("embedding"), Map.of("indexProvider", "vector-2.0", "indexConfig",
                            Map.of("vector.dimensions", 3L, "vector.similarity_function", "COSINE"))),
                    List.of("links", "VECTOR", "RELATIONSHIP", List.of("LINKS"), List.of("embedding"),
                            Map.of("indexProvider", "vector-2.0", "indexConfig",
                                    Map.of("vector.dimensions", 2L, "vector.similarity_function", "EUCLIDEAN"))));
            // [0, 1] is nearest, then [0, 2]: euclidean scores 1 / (1 + d²)
            assertThat(nearestLinks).containsExactly(List.of(1L, "LINKS", 1.0), List.of(2L, "LINKS", 0.5));
            // k % 3 == 2 is nearest ([2, 1, 0]), then k % 3 == 1 ([1, 1, 0]); ties go to the lower id
            assertThat(nearest).extracting(r -> r.get(0)).containsExactly(2L, 5L, 1L);
            assertThat((double) nearest.get(0).get(1)).isCloseTo((1 + 2 / Math.sqrt(5)) / 2, within(1e-12));
            for (ClusterServer server : cluster.servers()) {
                SessionConfig read = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                        .withBookmarks(bookmarks).build();
                try (Session s = cluster.driver(server.id()).session(read)) {
                    assertThat(rows(s, SHOW)).as("vector indexes on server %d", server.id()).isEqualTo(indexes);
                    assertThat(rows(s, QUERY)).as("nearest on server %d", server.id()).isEqualTo(nearest);
                    assertThat(rows(s, QUERY_RELATIONSHIPS)).as("nearest relationships on server %d", server.id())
                            .isEqualTo(nearestLinks);
                }
            }
        }
    }
}

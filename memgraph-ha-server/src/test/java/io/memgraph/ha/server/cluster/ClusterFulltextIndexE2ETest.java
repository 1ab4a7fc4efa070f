package io.memgraph.ha.server.cluster;

import static io.memgraph.ha.server.cluster.ClusterSchemaE2ETest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * A full-text index as a hybrid-search tool (LangChain's Neo4jVector, neo4j-graphrag) makes and
 * queries one, through the Neo4j Java driver: created on the leader with its name and analyzer as
 * parameters, and every server then lists it alike and answers {@code db.index.fulltext.queryNodes}
 * with the leader's rows and scores (a scan ranked by BM25, ties by node id).
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterFulltextIndexE2ETest {
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();
    private static final String SHOW = "SHOW FULLTEXT INDEXES YIELD name, type, labelsOrTypes, properties, options";
    private static final String QUERY = "CALL db.index.fulltext.queryNodes('keyword', $q, {limit: 3}) YIELD node,"
            + " score RETURN node.id, score";
    private static final Map<String, Object> SEARCH = Map.of("q", "graph OR databas*");

    /** What the leader answered after writing: the bookmarks to read after, the index rows, the search rows. */
    private record LeaderView(List<Bookmark> bookmarks, List<List<Object>> indexes, List<List<Object>> found) {}

    @Test
    void everyServerHasTheIndexAndAnswersAsTheLeader(@TempDir Path dir) {
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            LeaderView leader = createAndSearch(cluster.driver(cluster.awaitLeader(Duration.ofSeconds(10))));
            assertThat(leader.indexes()).containsExactly(List.of("keyword", "FULLTEXT", List.of("Chunk"),
                    List.of("text"), Map.of("indexProvider", "fulltext-1.0", "indexConfig",
                            Map.of("fulltext.analyzer", "english", "fulltext.eventually_consistent", false))));
            // graph and the prefix (a constant 1, as Lucene scores wildcards) first: 1 and 5 have the same text,
            // a tie that goes in id order; then the prefix alone (3), above two graphs in a short text (2)
            assertThat(leader.found()).extracting(r -> r.get(0)).containsExactly(1L, 5L, 3L);
            assertThat(leader.found().get(0).get(1)).isEqualTo(leader.found().get(1).get(1));
            SessionConfig read = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                    .withBookmarks(leader.bookmarks()).build();
            for (ClusterServer server : cluster.servers()) {
                try (Session s = cluster.driver(server.id()).session(read)) {
                    assertThat(rows(s, SHOW)).as("full-text indexes on server %d", server.id())
                            .isEqualTo(leader.indexes());
                    assertThat(rows(s, QUERY, SEARCH)).as("search on server %d", server.id())
                            .isEqualTo(leader.found());
                }
            }
        }
    }

    /** Creates the index as the tools do (name and analyzer as parameters) and five chunks, then lists and searches. */
    private static LeaderView createAndSearch(Driver driver) {
        try (Session s = driver.session(WRITE)) {
            s.run("CREATE FULLTEXT INDEX $name IF NOT EXISTS FOR (n:Chunk) ON EACH [n.text] OPTIONS {indexConfig:"
                    + " {`fulltext.analyzer`: $analyzer}}", Map.of("name", "keyword", "analyzer", "english")).consume();
            s.run("UNWIND $texts AS t CREATE (:Chunk {id: t[0], text: t[1]})", Map.of("texts", List.of(
                    List.of(1, "A graph database stores nodes"), List.of(2, "Graphs and the graph of a graph"),
                    List.of(3, "Relational databases"), List.of(4, "Nothing to see"),
                    List.of(5, "A graph database stores nodes")))).consume();
            return new LeaderView(List.copyOf(s.lastBookmarks()), rows(s, SHOW), rows(s, QUERY, SEARCH));
        }
    }
}

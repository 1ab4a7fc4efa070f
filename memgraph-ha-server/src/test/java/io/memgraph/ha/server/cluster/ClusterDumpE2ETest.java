package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.summary.QueryType;

/**
 * {@code DUMP DATABASE} through the Neo4j driver: a read (query type {@code r}) that every server
 * answers in a read session, followers too, streamed in small batches of records; the leader
 * rebuilds the graph from the rows after it has been emptied.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterDumpE2ETest {
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();

    private static List<String> dump(Session s) {
        Result result = s.run("DUMP DATABASE");
        assertThat(result.keys()).containsExactly("QUERY");
        List<String> rows = new ArrayList<>();
        for (Record r : result.list()) {
            rows.add(r.get("QUERY").asString());
        }
        assertThat(result.consume().queryType()).isEqualTo(QueryType.READ_ONLY);
        return rows;
    }

    @Test
    void everyServerDumpsInAReadSessionAndTheDumpReplays(@TempDir Path dir) {
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            List<Bookmark> bookmarks;
            List<String> rows;
            try (Session s = cluster.driver(leader).session(WRITE)) {
                s.run("UNWIND range(1, 40) AS i CREATE (:N {k: i, t: datetime('2021-10-31T02:30+01:00[Europe/Paris]')})"
                        + "-[:R {w: i / 2.0}]->(:M {k: i})").consume();
                s.run("CREATE CONSTRAINT n_k FOR (n:N) REQUIRE n.k IS UNIQUE").consume();
                bookmarks = List.copyOf(s.lastBookmarks());
                rows = dump(s);
            }
            assertThat(rows).hasSize(80 + 1 + 40 + 2 + 1)
                    .endsWith("CREATE CONSTRAINT `n_k` FOR (u:`N`) REQUIRE (u.`k`) IS UNIQUE;");
            for (ClusterServer server : cluster.servers()) {
                SessionConfig read = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                        .withBookmarks(bookmarks).withFetchSize(7).build();
                try (Session s = cluster.driver(server.id()).session(read)) {
                    assertThat(dump(s)).as("the dump on server %d", server.id()).isEqualTo(rows);
                }
            }
            try (Session s = cluster.driver(leader).session(WRITE)) {
                s.run("DROP CONSTRAINT n_k").consume();
                s.run("MATCH (n) DETACH DELETE n").consume();
                for (String row : rows) {
                    s.run(row).consume();
                }
                List<String> again = dump(s);
                assertThat(again).hasSize(rows.size());
                assertThat(s.run("MATCH (n:N)-[r:R]->(m:M) WHERE n.k = m.k AND r.w = n.k / 2.0 "
                        + "AND n.t = datetime('2021-10-31T02:30+01:00[Europe/Paris]') RETURN count(*) AS c")
                        .single().get("c").asLong()).isEqualTo(40);
            }
        }
    }
}

package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Index and constraint names are chosen once, on the leader, and replicated in the write set:
 * every server shows the same names and ids, plans with the same indexes, and reaches the same
 * state hash.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterSchemaE2ETest {
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();

    /** Every row of {@code query}, as lists of the driver's plain values. */
    static List<List<Object>> rows(Session s, String query) {
        return rows(s, query, Map.of());
    }

    static List<List<Object>> rows(Session s, String query, Map<String, Object> parameters) {
        List<List<Object>> out = new ArrayList<>();
        for (Record r : s.run(query, parameters).list()) {
            out.add(r.values().stream().map(Value::asObject).toList());
        }
        return out;
    }

    @Test
    void everyServerHasTheLeadersNamesIdsAndIndexes(@TempDir Path dir) {
        String query = "MATCH (a)-[r:R {w: 3}]->(b) RETURN a.k, b.k";
        try (ClusterHarness cluster = ClusterHarness.start(ClusterHarness.defaultSize(), RaftTiming.STEADY, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            List<Bookmark> bookmarks;
            List<List<Object>> indexes;
            List<List<Object>> constraints;
            try (Session s = cluster.driver(leader).session(WRITE)) {
                s.run("UNWIND range(1, 6) AS i CREATE (:N {k: i, a: i % 2})-[:R {w: i}]->(:M {k: i})").consume();
                s.run("CREATE INDEX r_w FOR ()-[r:R]-() ON (r.w)").consume();
                s.run("CREATE INDEX FOR (n:N) ON (n.k, n.a)").consume();
                s.run("CREATE CONSTRAINT FOR (m:M) REQUIRE m.k IS NODE KEY").consume();
                s.run("CREATE CONSTRAINT n_k IF NOT EXISTS FOR (n:N) REQUIRE n.k IS UNIQUE").consume();
                s.run("CREATE CONSTRAINT r_w_type FOR ()-[r:R]-() REQUIRE r.w IS :: INTEGER").consume();
                assertThatThrownBy(() -> s.run("MATCH ()-[r:R {w: 1}]->() SET r.w = 'one'").consume())
                        .isInstanceOf(Neo4jException.class).extracting(e -> ((Neo4jException) e).code())
                        .isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
                bookmarks = List.copyOf(s.lastBookmarks());
                indexes = rows(s, "SHOW INDEXES");
                constraints = rows(s, "SHOW CONSTRAINTS");
            }
            assertThat(indexes).hasSize(2);
            assertThat(constraints).hasSize(3);
            Map<Integer, String> hashes = new TreeMap<>();
            for (ClusterServer server : cluster.servers()) {
                SessionConfig read = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                        .withBookmarks(bookmarks).build();
                try (Session s = cluster.driver(server.id()).session(read)) {
                    assertThat(rows(s, "SHOW INDEXES")).as("indexes on server %d", server.id()).isEqualTo(indexes);
                    assertThat(rows(s, "SHOW CONSTRAINTS")).as("constraints on server %d", server.id())
                            .isEqualTo(constraints);
                    assertThat(rows(s, "EXPLAIN " + query).toString()).as("plan on server %d", server.id())
                            .contains("ScanRelationshipsByProperties (a)-[r:R {w}]->(b)");
                    assertThat(rows(s, query)).as("rows on server %d", server.id())
                            .containsExactly(List.of(3L, 3L));
                    Map<String, Object> hash = new TreeMap<>();
                    for (Record r : s.run("SHOW STATE HASH").list()) {
                        hash.put(r.get("info").asString(), r.get("value").asObject());
                    }
                    hashes.put(server.id(), hash.toString());
                }
            }
            assertThat(hashes.values().stream().distinct()).as("state hashes %s", hashes).hasSize(1);
        }
    }
}

package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * {@code CALL { } IN TRANSACTIONS ... ON ERROR CONTINUE | BREAK | FAIL [REPORT STATUS AS s]} through
 * the real server and the Neo4j Java driver: a LOAD CSV import into a label with a uniqueness
 * constraint, where the third batch of two rows repeats an id of the second. Storage refuses that
 * batch when it applies its write set (through Raft); the other batches commit. Each test uses its
 * own label.
 */
class CallInTransactionsOnErrorE2ETest {
    @TempDir
    static Path dir;
    static OneServer server;

    /** Batches of 2: [1, 2], [3, 4], [3, 6] (3 is taken), [7, 8], [9]. */
    static final List<Long> IDS = List.of(1L, 2L, 3L, 4L, 3L, 6L, 7L, 8L, 9L);

    @BeforeAll
    static void start() throws Exception {
        Path imports = Files.createDirectories(dir.resolve("csv"));
        try (BufferedWriter w = Files.newBufferedWriter(imports.resolve("ids.csv"))) {
            w.write("id\n");
            for (long id : IDS) {
                w.write(id + "\n");
            }
        }
        server = OneServer.startIn(dir, "--load-csv-directory=" + imports);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String importInto(String label, String options) {
        server.write("CREATE CONSTRAINT FOR (n:" + label + ") REQUIRE n.id IS UNIQUE");
        return "LOAD CSV WITH HEADERS FROM 'file:///ids.csv' AS row CALL (row) { CREATE (:" + label
                + " {id: toInteger(row.id)}) } IN TRANSACTIONS OF 2 ROWS " + options;
    }

    private static List<Long> ids(String label) {
        List<Long> out = new ArrayList<>();
        for (List<Object> row : server.rows("MATCH (n:" + label + ") RETURN n.id ORDER BY n.id")) {
            out.add((Long) row.get(0));
        }
        return out;
    }

    @Test
    void continueCommitsTheOtherBatchesAndReportsTheRefusedOne() {
        try (Session s = server.driver.session()) {
            Result result = s.run(importInto("ImportC", "ON ERROR CONTINUE REPORT STATUS AS s")
                    + " RETURN toInteger(row.id) AS id, s");
            List<Record> rows = result.list();
            assertThat(rows).extracting(r -> r.get("id").asLong()).containsExactlyElementsOf(IDS);
            assertThat(rows).extracting(r -> r.get("s").get("committed").asBoolean())
                    .containsExactly(true, true, true, true, false, false, true, true, true);
            assertThat(rows).extracting(r -> r.get("s").get("transactionId").asString())
                    .containsExactly("batch-1", "batch-1", "batch-2", "batch-2", "batch-3", "batch-3", "batch-4",
                            "batch-4", "batch-5");
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("started", true);
            ok.put("committed", true);
            ok.put("transactionId", "batch-1");
            ok.put("errorMessage", null);
            assertThat(rows.get(0).get("s").asMap()).isEqualTo(ok);
            Map<String, Object> refused = rows.get(4).get("s").asMap();
            assertThat(refused.get("started")).isEqualTo(true);
            assertThat((String) refused.get("errorMessage")).contains(":ImportC").contains("unique constraint");
            assertThat(result.consume().counters().nodesCreated()).as("only committed batches count").isEqualTo(7);
        }
        assertThat(ids("ImportC")).containsExactly(1L, 2L, 3L, 4L, 7L, 8L, 9L);
    }

    @Test
    void breakRunsNoBatchAfterTheRefusedOne() {
        try (Session s = server.driver.session()) {
            Result result = s.run(importInto("ImportB", "ON ERROR BREAK REPORT STATUS AS s")
                    + " RETURN toInteger(row.id) AS id, s.started AS started, s.committed AS committed");
            assertThat(result.list()).extracting(r -> Arrays.asList(r.get("id").asLong(), r.get("started").asBoolean(),
                    r.get("committed").asBoolean())).containsExactly(
                            List.of(1L, true, true), List.of(2L, true, true), List.of(3L, true, true),
                            List.of(4L, true, true), List.of(3L, true, false), List.of(6L, true, false),
                            List.of(7L, false, false), List.of(8L, false, false), List.of(9L, false, false));
            assertThat(result.consume().counters().nodesCreated()).isEqualTo(4);
        }
        assertThat(ids("ImportB")).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void failIsTheDefaultAndKeepsTheEarlierBatches() {
        assertThatThrownBy(() -> server.write(importInto("ImportF", "")))
                .isInstanceOfSatisfying(Neo4jException.class, e -> {
                    assertThat(e.code()).isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
                    assertThat(e.getMessage()).contains(":ImportF");
                });
        assertThat(ids("ImportF")).containsExactly(1L, 2L, 3L, 4L);
        try (Session s = server.driver.session()) {
            assertThat(s.run("RETURN 1").single().get(0).asLong()).as("the session goes on").isEqualTo(1L);
        }
    }

    @Test
    void reportStatusWithFailIsASyntaxError() {
        assertThatThrownBy(() -> server.write("UNWIND [1] AS i CALL (i) { CREATE (:ImportX) } IN TRANSACTIONS"
                + " ON ERROR FAIL REPORT STATUS AS s"))
                .isInstanceOfSatisfying(Neo4jException.class, e -> {
                    assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
                    assertThat(e.getMessage().lines().findFirst().orElseThrow()).startsWith(
                            "REPORT STATUS can only be used when specifying ON ERROR CONTINUE or ON ERROR BREAK");
                });
        assertThatThrownBy(() -> server.write("UNWIND [1] AS i CALL (i) { CREATE (:ImportX) } IN TRANSACTIONS"
                + " ON ERROR RETRY THEN CONTINUE"))
                .isInstanceOfSatisfying(Neo4jException.class, e -> assertThat(e.getMessage())
                        .startsWith("ON ERROR RETRY is not supported"));
        assertThat(ids("ImportX")).isEmpty();
    }
}

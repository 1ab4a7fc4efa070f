package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.summary.ResultSummary;

/**
 * {@code LOAD CSV} through a real server and the Neo4j Java driver: a file in the server's
 * {@code --load-csv-directory} loaded with {@code CALL { } IN TRANSACTIONS}, and a file outside it
 * refused in one line, after which the same session goes on.
 */
class LoadCsvE2ETest {

    @Test
    void loadsFromTheImportDirectoryInBatchesAndRefusesAFileOutsideIt(@TempDir Path dir) throws Exception {
        Path imports = Files.createDirectories(dir.resolve("csv"));
        try (BufferedWriter w = Files.newBufferedWriter(imports.resolve("people.csv"))) {
            w.write("id,name\n");
            for (int i = 1; i <= 2500; i++) {
                w.write(i + ",person " + i + "\n");
            }
        }
        Path outside = Files.writeString(dir.resolve("secret.csv"), "secret\n");
        try (ServerProcess server = ServerProcess.startIn(dir, "--load-csv-directory=" + imports);
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            ResultSummary summary = s.run("LOAD CSV WITH HEADERS FROM 'file:///people.csv' AS row CALL { WITH row"
                    + " CREATE (:Person {id: toInteger(row.id), name: row.name, line: linenumber()}) }"
                    + " IN TRANSACTIONS OF 1000 ROWS").consume();
            assertThat(summary.counters().nodesCreated()).isEqualTo(2500);
            assertThat(s.run("MATCH (p:Person) RETURN count(p) AS n, max(p.line) AS last").single().get("last")
                    .asLong()).isEqualTo(2501L);
            assertThat(s.run("MATCH (p:Person {id: 2500}) RETURN p.name").single().get(0).asString())
                    .isEqualTo("person 2500");
            assertThat(s.run("LOAD CSV FROM $f AS row RETURN row[1] AS name LIMIT 1",
                    java.util.Map.of("f", imports.resolve("people.csv").toString())).single().get(0).asString())
                    .as("an absolute path inside the directory").isEqualTo("name");

            assertThatThrownBy(() -> s.run("LOAD CSV FROM $f AS row RETURN row",
                    java.util.Map.of("f", outside.toString())).consume())
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.ExternalResourceFailed");
                        assertThat(e.getMessage()).isEqualTo("LOAD CSV reads only files under " + imports
                                + " (--load-csv-directory); " + outside + " is outside it");
                    });
            assertThat(s.run("MATCH (p:Person) RETURN count(p)").single().get(0).asLong())
                    .as("the same session goes on").isEqualTo(2500L);
        }
    }

    @Test
    void anEmptyFlagDisablesLoadCsv(@TempDir Path dir) throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("durability/import")).resolve("a.csv"), "1\n");
        try (ServerProcess server = ServerProcess.startIn(dir, "--load-csv-directory=");
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            assertThatThrownBy(() -> s.run("LOAD CSV FROM 'a.csv' AS row RETURN row").consume())
                    .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("LOAD CSV is disabled on this server: --load-csv-directory is empty (set it to"
                                    + " the directory to read CSV files from)"));
            assertThat(s.run("RETURN 1").single().get(0).asLong()).isEqualTo(1L);
        }
    }
}

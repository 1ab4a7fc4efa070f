package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;

/**
 * APOC's export procedures through a real server and the Neo4j Java driver: streamed without any
 * flag; written into {@code --load-csv-directory} only with {@code --apoc-export-file-enabled},
 * and refused in one line naming the flag without it.
 */
class ExportE2ETest {

    @Test
    void streamsAlwaysAndWritesAFileOnlyWhenTheFlagIsOn(@TempDir Path dir) throws Exception {
        Path imports = Files.createDirectories(dir.resolve("csv"));
        try (ServerProcess server = ServerProcess.startIn(dir, "--load-csv-directory=" + imports);
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            s.run("CREATE (:Person {name: 'Ann'})-[:KNOWS]->(:Person {name: 'Bob'})").consume();
            Record r = s.run("CALL apoc.export.json.all(null, {stream: true}) YIELD nodes, relationships, data"
                    + " RETURN nodes, relationships, data").single();
            assertThat(r.get("nodes").asLong()).isEqualTo(2L);
            assertThat(r.get("relationships").asLong()).isEqualTo(1L);
            assertThat(r.get("data").asString().lines()).hasSize(3);
            assertThatThrownBy(() -> s.run("CALL apoc.export.csv.all('all.csv', {}) YIELD file RETURN file")
                    .consume()).isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.ExternalResourceFailed");
                        assertThat(e.getMessage()).contains("--apoc-export-file-enabled is false");
                    });
            assertThat(imports.resolve("all.csv")).doesNotExist();
        }
        try (ServerProcess server = ServerProcess.startIn(dir, "--load-csv-directory=" + imports,
                "--apoc-export-file-enabled=true");
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session()) {
            Record r = s.run("CALL apoc.export.csv.all('all.csv', {quotes: 'none'}) YIELD file, nodes, data"
                    + " RETURN file, nodes, data").single();
            assertThat(r.get("file").asString()).isEqualTo("all.csv");
            assertThat(r.get("nodes").asLong()).as("the graph of the first run, recovered").isEqualTo(2L);
            assertThat(r.get("data").isNull()).isTrue();
            assertThat(Files.readString(imports.resolve("all.csv"))).startsWith("_id,_labels,name,_start,_end,_type\n");
            assertThatThrownBy(() -> s.run("CALL apoc.export.csv.all('../out.csv', {}) YIELD file RETURN file")
                    .consume()).isInstanceOf(ClientException.class).hasMessageContaining("is outside it");
            assertThat(s.run("SHOW CONFIG").list(x -> x.get("name").asString()))
                    .contains("apoc_export_file_enabled");
        }
    }
}

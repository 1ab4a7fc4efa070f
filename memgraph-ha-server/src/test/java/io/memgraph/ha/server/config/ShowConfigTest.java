package io.memgraph.ha.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.daemon.FlagSpec;
import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memgraph's {@code SHOW CONFIG} over the settings a server registers ({@link ServerSettings}, as
 * {@code HaServer} does), from flags read as the server reads them: every flag, with its default
 * and the value in force, under Memgraph's names.
 */
class ShowConfigTest {
    @TempDir
    Path dir;

    /** The rows of {@code SHOW CONFIG} on a server started with {@code args}, by flag name. */
    private Map<String, Map<String, Object>> showConfig(String... args) throws Exception {
        ServerConfig config = ServerConfig.load(args, Map.of(), dir.resolve("none.conf"));
        Procedures procedures = Procedures.builtIn(Procedures.PRODUCT, "dev", "1");
        procedures.registerSettings(ServerSettings.of(config, RaftConfig.DEFAULTS, 1, 7700, "127.0.0.1:7700",
                false));
        Storage storage = new Storage();
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        try (Transaction tx = storage.begin();
             Execution e = new QueryEngine(storage, "1", procedures).execute(tx, "SHOW CONFIG", Map.of(),
                     QueryControl.unlimited())) {
            assertThat(e.columns()).containsExactly("name", "default_value", "current_value", "description");
            e.pull(-1, row -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < row.length; i++) {
                    m.put(e.columns().get(i), row[i]);
                }
                byName.put((String) row[0], m);
            });
        }
        return byName;
    }

    @Test
    void everyFlagWithItsDefaultAndTheValueInForce() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----");
        Map<String, Map<String, Object>> rows = showConfig("--log-level=DEBUG", "--query_memory_limit_mb=64",
                "--bolt-cert-file=" + cert, "--bolt-key-file=" + key, "--durability-directory=" + dir);
        List<String> flags = new ArrayList<>();
        ServerConfig.FLAGS.stream().map(FlagSpec::name).sorted().forEach(n -> flags.add(n.replace('-', '_')));
        assertThat(rows.keySet()).as("every flag, none of raft.json or of the client settings")
                .containsExactlyElementsOf(flags);
        assertThat(rows.get("log_level")).isEqualTo(Map.of("name", "log_level", "default_value", "INFO",
                "current_value", "DEBUG", "description", "TRACE, DEBUG, INFO, WARN or ERROR"));
        assertThat(rows.get("query_memory_limit_mb")).containsEntry("default_value", "0")
                .containsEntry("current_value", "64");
        assertThat(rows.get("bolt_num_workers")).containsEntry("default_value", "64")
                .containsEntry("current_value", "64");
        assertThat(rows.get("auth_enabled")).containsEntry("current_value", "false");
        // what the server worked out, as SHOW SETTINGS shows it
        assertThat(rows.get("bolt_port")).containsEntry("default_value", "7687").containsEntry("current_value",
                "7700");
        assertThat(rows.get("load_csv_directory")).containsEntry("current_value", dir.resolve("import").toString());
        // a key file's path, never what it holds
        assertThat(rows.get("bolt_key_file")).containsEntry("current_value", key.toString());
        assertThat(rows.values()).allSatisfy(r -> assertThat(r.values().toString()).doesNotContain("BEGIN"));
        assertThat(rows.values()).allSatisfy(r -> assertThat((String) r.get("description")).isNotBlank()
                .doesNotContain("\n"));
        assertThat(rows.get("apoc_export_file_enabled")).containsEntry("default_value", "false")
                .containsEntry("current_value", "false");
    }

    @Test
    void theExportFlagIsShownAsSet() throws Exception {
        assertThat(showConfig("--apoc-export-file-enabled=true").get("apoc_export_file_enabled"))
                .containsEntry("default_value", "false").containsEntry("current_value", "true");
    }
}

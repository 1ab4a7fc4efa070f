package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * Neo4j 5's administration commands against a real server process with logins checked, through the
 * Neo4j Java driver and cypher-shell: {@code :sysinfo} completes and shows this server's figures
 * ({@code SHOW DATABASES}, then {@code dbms.queryJmx()} for each of its metrics), {@code SHOW
 * CURRENT USER}, {@code SHOW SETTINGS} and {@code dbms.listConfig()} with the flags the server was
 * started with, {@code SHOW SERVERS} and {@code SHOW ALIASES}. On a three-server cluster:
 * {@code ClusterRoutingE2ETest}. Engine level: {@code AdministrationCommandsTest}.
 */
class AdministrationE2ETest {
    private static final String PASSWORD = "neo4j-Pw-1";
    private static ServerProcess server;
    private static Driver neo4j;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start("--auth-enabled=true", "--query-memory-limit-mb=64");
        // with no user yet, anyone gets in to create the first ones
        try (Driver d = server.driver(AuthTokens.none()); Session s = d.session()) {
            s.run("CREATE USER neo4j SET PASSWORD '" + PASSWORD + "'").consume();
        }
        neo4j = server.driver(AuthTokens.basic("neo4j", PASSWORD));
        try (Session s = neo4j.session()) {
            s.run("CREATE USER ada SET PASSWORD 'ada-Pw-123'").consume();
            s.run("CREATE (:Tool {name: 'a'})-[:USES]->(:Tool {name: 'b'})-[:USES]->(:Tool {name: 'c'})").consume();
        }
    }

    @AfterAll
    static void stop() {
        if (neo4j != null) {
            neo4j.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static List<Map<String, Object>> rows(Driver driver, SessionConfig config, String query) {
        try (Session s = driver.session(config)) {
            return s.run(query).list(Record::asMap);
        }
    }

    private static List<Map<String, Object>> rows(String query) {
        return rows(neo4j, SessionConfig.defaultConfig(), query);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void cypherShellsSysinfoCompletesWithThisServersFigures(@TempDir Path work) throws Exception {
        long applied = ((Number) rows("SHOW STORAGE INFO").stream().filter(r -> r.get("storage info")
                .equals("last_applied_index")).findFirst().orElseThrow().get("value")).longValue();
        ExternalProgram.Run run = CypherShell.runAs("neo4j", PASSWORD, work, ":sysinfo\n", "-a", server.boltUri());
        assertThat(run.exitCode()).as("cypher-shell :sysinfo:\n%s", run.output()).isZero();
        String address = "127.0.0.1:" + server.port();
        // every table, in order: the databases, then each group of metrics
        assertThat(run.output()).as(run.output()).containsPattern("(?s)\\| Databases .*\\| \"memgraph\" \\| \""
                + address + "\" \\| \"primary\" \\| \"online\" \\| TRUE .*\\| ID Allocation .*\\| Store Size .*"
                + "\\| Page Cache .*\\| Transactions ");
        assertThat(run.output()).as(run.output()).containsPattern("\"Relationship ID\" \\| 2 +\\|")
                .containsPattern("\"Total\" +\\| [1-9][0-9]* +\\|").containsPattern("\"Database\" +\\| [0-9]+ +\\|")
                .containsPattern("\"Last Tx Id\" \\| " + applied + " +\\|")
                .doesNotContain("Hit Ratio").doesNotContain("Current Read").doesNotContain("rror");
        // the same beans through the driver, in a read session of another database
        SessionConfig read = SessionConfig.builder().withDatabase("neo4j").withDefaultAccessMode(AccessMode.READ)
                .build();
        assertThat(rows(neo4j, read, "CALL dbms.queryJmx('neo4j.metrics:name=neo4j.database.neo4j.ids_in_use.node')"
                + " YIELD attributes RETURN attributes.Value.value AS nodes")).containsExactly(Map.of("nodes", 3L));
        assertThat(rows("CALL dbms.queryJmx('java.lang:type=Runtime') YIELD attributes"
                + " RETURN attributes.VmName.value IS NOT NULL AS jvm")).containsExactly(Map.of("jvm", true));
    }

    @Test
    void showCurrentUserNamesWhoLoggedIn() {
        try (Driver ada = server.driver(AuthTokens.basic("ada", "ada-Pw-123"))) {
            assertThat(rows(ada, SessionConfig.forDatabase("system"), "SHOW CURRENT USER")).singleElement()
                    .satisfies(r -> assertThat(r.keySet()).containsExactly("user", "roles", "passwordChangeRequired",
                            "suspended", "home"))
                    .satisfies(r -> assertThat(r).containsEntry("user", "ada").containsEntry("roles", null)
                            .containsEntry("passwordChangeRequired", false));
        }
        assertThat(rows("SHOW USERS YIELD user WHERE user <> 'nobody' RETURN collect(user) AS users"))
                .containsExactly(Map.of("users", List.of("ada", "neo4j")));
    }

    @Test
    void settingsAreTheFlagsTheServerRunsWith() {
        Map<String, Map<String, Object>> settings = new java.util.HashMap<>();
        for (Map<String, Object> r : rows("SHOW SETTINGS YIELD *")) {
            settings.put((String) r.get("name"), r);
        }
        assertThat(settings.get("query-memory-limit-mb")).containsEntry("value", "64")
                .containsEntry("defaultValue", "0").containsEntry("isExplicitlySet", true)
                .containsEntry("isDynamic", false);
        assertThat(settings.get("bolt-port")).containsEntry("value", String.valueOf(server.port()))
                .containsEntry("isExplicitlySet", true);
        assertThat(settings.get("auth-enabled")).containsEntry("value", "true");
        assertThat(settings.get("dbms.security.auth_enabled")).containsEntry("value", "true");
        assertThat(settings.get("raft.heartbeat_interval")).containsEntry("value", "100")
                .containsEntry("isExplicitlySet", false); // no raft.json: the shipped defaults
        assertThat(settings.get("server-id")).containsEntry("value", "1").containsEntry("isExplicitlySet", false);
        assertThat(rows("CALL dbms.listConfig('memory') YIELD name, value, explicitlySet"))
                .containsExactly(Map.of("name", "query-memory-limit-mb", "value", "64", "explicitlySet", true));
        assertThat(rows("SHOW SETTINGS 'log-level', 'auth-enabled' YIELD name, value")).containsExactly(
                Map.of("name", "auth-enabled", "value", "true"), Map.of("name", "log-level", "value", "INFO"));
    }

    @Test
    void serversAndAliases() {
        SessionConfig system = SessionConfig.forDatabase("system");
        assertThat(rows(neo4j, system, "SHOW SERVERS")).containsExactly(Map.of("name", "server-1", "address",
                "127.0.0.1:" + server.port(), "state", "Enabled", "health", "Available", "hosting", List.of("memgraph")));
        assertThat(rows(neo4j, system, "SHOW SERVERS YIELD serverId, version")).containsExactly(
                Map.of("serverId", "1", "version", "5.26.0"));
        assertThat(rows(neo4j, system, "SHOW ALIASES FOR DATABASES")).isEmpty();
        assertThat(rows("SHOW ALIASES FOR DATABASES YIELD * RETURN count(*) AS n")).containsExactly(Map.of("n", 0L));
    }
}

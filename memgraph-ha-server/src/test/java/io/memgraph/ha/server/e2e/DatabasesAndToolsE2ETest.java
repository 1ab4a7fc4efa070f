package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.summary.ResultSummary;

/**
 * What Neo4j Browser, NeoDash and cypher-shell ask a server on connecting, through the Neo4j Java
 * driver against a real server process with logins not checked: {@code SHOW DATABASES} and its
 * forms in every session and database ({@code system} among them), {@code dbms.clientConfig()},
 * {@code dbms.showCurrentUser()}, the database a summary names. With logins checked, and
 * {@code ALTER CURRENT USER}: {@code CurrentUserE2ETest}; one row per server of a cluster:
 * {@code ClusterDatabasesE2ETest}.
 */
class DatabasesAndToolsE2ETest {
    private static OneServer db;

    @BeforeAll
    static void start() throws Exception {
        db = OneServer.start();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    private static List<Map<String, Object>> rows(SessionConfig config, String query, Map<String, Object> params) {
        try (Session s = db.driver.session(config)) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Record r : s.run(query, params).list()) {
                out.add(r.asMap());
            }
            return out;
        }
    }

    private static List<Map<String, Object>> rows(String query) {
        return rows(SessionConfig.defaultConfig(), query, Map.of());
    }

    private static SessionConfig database(String name) {
        return SessionConfig.builder().withDatabase(name).build();
    }

    @Test
    void showDatabasesAnswersInEverySessionAndDatabase() {
        String address = "127.0.0.1:" + db.process.port();
        for (SessionConfig config : List.of(SessionConfig.defaultConfig(), database("system"), database("memgraph"),
                database("neo4j"), SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build())) {
            // as Neo4j Browser runs it, against system, every 20 s
            List<Map<String, Object>> rows = rows(config, "SHOW DATABASES", Map.of());
            assertThat(rows).as("in %s", config).hasSize(1);
            assertThat(rows.get(0)).containsEntry("name", "memgraph").containsEntry("currentStatus", "online")
                    .containsEntry("default", true).containsEntry("home", true).containsEntry("role", "primary")
                    .containsEntry("type", "standard").containsEntry("aliases", List.of())
                    .containsEntry("address", address).containsEntry("writer", true)
                    .containsEntry("access", "read-write").containsEntry("constituents", List.of());
            assertThat(rows.get(0).keySet()).containsExactly("name", "type", "aliases", "access", "address", "role",
                    "writer", "requestedStatus", "currentStatus", "statusMessage", "default", "home", "constituents");
        }
        // inside a transaction too (drivers' transaction functions)
        try (Session s = db.driver.session(database("system"))) {
            String read = s.executeRead(tx -> tx.run("SHOW DATABASES YIELD name").single().get(0).asString());
            String write = s.executeWrite(tx -> tx.run("SHOW DEFAULT DATABASE").single().get("name").asString());
            assertThat(List.of(read, write)).containsExactly("memgraph", "memgraph");
        }
    }

    @Test
    void theFormsAndTailsTheToolsSend() {
        // NeoDash's database picker
        assertThat(rows("SHOW DATABASES yield name, currentStatus WHERE currentStatus = 'online' RETURN DISTINCT"
                + " name")).containsExactly(Map.of("name", "memgraph"));
        // cypher-shell's :sysinfo
        assertThat(rows(SessionConfig.defaultConfig(), "SHOW DATABASES WHERE name = $db", Map.of("db", "memgraph")))
                .hasSize(1);
        assertThat(rows("SHOW DATABASES YIELD name AS db, currentPrimariesCount AS primaries, store AS format"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("db", "memgraph")
                        .containsEntry("primaries", 1L).containsEntry("format", null));
        assertThat(rows("SHOW DATABASE memgraph YIELD *").get(0)).hasSize(26).containsEntry("serverID", "1");
        assertThat(rows("SHOW HOME DATABASE").get(0)).doesNotContainKeys("default", "home")
                .containsEntry("name", "memgraph");
        assertThat(rows("SHOW DATABASE neo4j")).isEmpty();
        assertThat(rows(SessionConfig.defaultConfig(), "SHOW DATABASE $name", Map.of("name", "MEMGRAPH"))).hasSize(1);
        assertThat(db.failure("SHOW DATABASES YIELD nope").get(1)).contains("Variable `nope` not defined");
    }

    @Test
    void clientConfigAndCurrentUserWithLoginsNotChecked() {
        List<Map<String, Object>> config = rows(database("system"), "CALL dbms.clientConfig()", Map.of());
        assertThat(config).extracting(r -> r.get("name")).contains("browser.allow_outgoing_connections",
                "browser.retain_connection_credentials", "dbms.security.auth_enabled");
        assertThat(rows("CALL dbms.clientConfig() yield name, value")).contains(
                Map.of("name", "dbms.security.auth_enabled", "value", "false"));
        assertThat(rows("CALL dbms.clientConfig() YIELD name WHERE name STARTS WITH 'browser.' RETURN count(*) AS n"))
                .containsExactly(Map.of("n", 6L));
        Map<String, Object> user = rows("CALL dbms.showCurrentUser()").get(0);
        assertThat(user.keySet()).containsExactly("username", "roles", "flags");
        assertThat(user).containsEntry("username", "").containsEntry("roles", null).containsEntry("flags", List.of());
        assertThat(db.failure("ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'")).containsExactly(
                "Neo.ClientError.Security.Forbidden",
                "User failed to alter their own password: Command not available with auth disabled.");
    }

    @Test
    void theSummaryNamesTheDatabaseMemgraphUnlessTheClientNamedOne() {
        try (Session s = db.driver.session()) {
            ResultSummary summary = s.run("RETURN 1").consume();
            assertThat(summary.database().name()).isEqualTo("memgraph");
            assertThat(s.executeWrite(tx -> tx.run("CREATE (n:Tool) RETURN n").consume()).database().name())
                    .isEqualTo("memgraph");
            assertThat(s.run("SHOW DATABASES").consume().database().name()).isEqualTo("memgraph");
        }
        try (Session s = db.driver.session(database("system"))) {
            assertThat(s.run("SHOW DATABASES").consume().database().name()).isEqualTo("system");
        }
        try (Session s = db.driver.session(database("neo4j"))) {
            assertThat(s.run("MATCH (n:Tool) RETURN count(n)").consume().database().name()).isEqualTo("neo4j");
        }
    }

    @Test
    void errorsAreOneLineAndTheProcedureRunsForEveryRowOfAQuery() {
        Neo4jException e = null;
        try (Session s = db.driver.session()) {
            s.run("SHOW DATABASE $db", Map.of("db", 1)).consume();
        } catch (Neo4jException ex) {
            e = ex;
        }
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(e.getMessage()).isEqualTo("Expected a String as the database name in $db but was Long")
                .doesNotContain("\n");
        Value v = null;
        try (Session s = db.driver.session()) {
            v = s.run("UNWIND [1, 2] AS i CALL dbms.showCurrentUser() YIELD username RETURN collect(username) AS u")
                    .single().get("u");
        }
        assertThat(v.asList()).containsExactly("", "");
    }
}

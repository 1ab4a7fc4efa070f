package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.dbms.Metric;
import io.memgraph.ha.query.dbms.Setting;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.query.show.Databases;
import io.memgraph.ha.query.show.ShowColumns;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Neo4j 5's administration commands through the engine, with their exact columns, tails and errors:
 * {@code SHOW CURRENT USER} and {@code SHOW USERS}, {@code SHOW SERVERS}, {@code SHOW ALIASES},
 * {@code SHOW SETTINGS} and {@code dbms.listConfig()}, {@code dbms.queryJmx()}, and the kinds of
 * {@code SHOW ... INDEXES} and {@code SHOW ... CONSTRAINTS}. Through a real server and cypher-shell's
 * {@code :sysinfo}: {@code AdministrationE2ETest}.
 */
class AdministrationCommandsTest {
    private final Db db = new Db();

    private CypherException failure(String query, Object... params) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> db.run(query, params));
        assertThat(e).as("expected an error from %s", query).isNotNull();
        return e;
    }

    private List<Map<String, Object>> as(String user, String query) {
        return db.runResult(new QueryControl(null, 0, user), query).rows();
    }

    private static Map<String, Object> map(Object... entries) {
        Map<String, Object> m = new HashMap<>();
        for (int k = 0; k < entries.length; k += 2) {
            m.put((String) entries[k], entries[k + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ users

    @Test
    void showCurrentUserIsTheSessionsUserInNeo4jsColumnsAndNothingWhileLoginsAreNotChecked() {
        db.run("CREATE USER ada SET PASSWORD 'pw'");
        db.run("CREATE USER bob SET PASSWORD 'pw'");
        assertThat(as("ada", "SHOW CURRENT USER")).containsExactly(map("user", "ada", "roles", null,
                "passwordChangeRequired", false, "suspended", null, "home", null));
        assertThat(as("", "SHOW CURRENT USER")).isEmpty(); // logins not checked: Neo4j lists nobody too
        assertThat(as("gone", "SHOW CURRENT USER")).isEmpty(); // a user dropped since it logged in
        assertThat(as("bob", "SHOW CURRENT USER YIELD user AS me, passwordChangeRequired WHERE NOT"
                + " passwordChangeRequired RETURN me")).containsExactly(Map.of("me", "bob"));
        assertThat(as("bob", "show current user where user = 'ada'")).isEmpty();
        assertThat(as("bob", "SHOW CURRENT USER YIELD *").get(0).keySet())
                .containsExactlyElementsOf(ShowColumns.USERS.all());
    }

    @Test
    void showUsersTakesTheTail() {
        for (String name : List.of("ada", "bob", "cy")) {
            db.run("CREATE USER " + name + " SET PASSWORD 'pw'");
        }
        assertThat(db.values("SHOW USERS YIELD user, roles WHERE user <> 'bob' RETURN user, roles IS NULL AS none"))
                .containsExactly(row("ada", true), row("cy", true));
        assertThat(db.values("SHOW USER WHERE user STARTS WITH 'c'"))
                .containsExactly(Arrays.asList("cy", null, false, null, null));
        assertThat(db.values("SHOW USERS YIELD user ORDER BY user DESC LIMIT 2 RETURN collect(user) AS users"))
                .containsExactly(row(List.of("cy", "bob")));
        assertThat(failure("SHOW USERS YIELD password").getMessage()).contains("Variable `password` not defined");
        assertThat(failure("SHOW USERS RETURN user").statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(failure("SHOW CURRENT USERS").statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
    }

    // ------------------------------------------------------------------ servers and aliases

    @Test
    void showServersListsEveryMemberWithNeo4jsColumns() {
        Db cluster = new Db(() -> List.of(new Databases.Host("1", "10.0.0.1:7687", false, true),
                new Databases.Host("2", "10.0.0.2:7687", true, true),
                new Databases.Host("3", null, false, false)));
        List<Map<String, Object>> rows = cluster.run("SHOW SERVERS");
        assertThat(rows.get(0).keySet()).containsExactly("name", "address", "state", "health", "hosting");
        assertThat(rows).containsExactly(
                map("name", "server-1", "address", "10.0.0.1:7687", "state", "Enabled", "health", "Available",
                        "hosting", List.of("memgraph")),
                map("name", "server-2", "address", "10.0.0.2:7687", "state", "Enabled", "health", "Available",
                        "hosting", List.of("memgraph")),
                map("name", "server-3", "address", null, "state", "Enabled", "health", "Unavailable",
                        "hosting", List.of("memgraph")));
        Map<String, Object> all = cluster.run("SHOW SERVER YIELD *").get(1);
        assertThat(all.keySet()).containsExactlyElementsOf(ShowColumns.SERVERS.all()).hasSize(14);
        assertThat(all).containsEntry("serverId", "2").containsEntry("httpAddress", null)
                .containsEntry("httpsAddress", null).containsEntry("requestedHosting", List.of("memgraph"))
                .containsEntry("tags", List.of()).containsEntry("allowedDatabases", List.of())
                .containsEntry("deniedDatabases", List.of()).containsEntry("modeConstraint", "PRIMARY")
                .containsEntry("version", Procedures.NEO4J_VERSION);
        assertThat(cluster.values("SHOW SERVERS YIELD name, health WHERE health = 'Available' RETURN count(*) AS up"))
                .containsExactly(row(2L));
        // SHOW DATABASES lists only the servers whose Bolt address is known
        assertThat(cluster.values("SHOW DATABASES YIELD serverID")).containsExactly(row("1"), row("2"));
        assertThat(db.values("SHOW SERVERS YIELD serverId, address")).containsExactly(row("1", "localhost:7687"));
    }

    @Test
    void showAliasesIsEmptyWithNeo4jsColumns() {
        for (String q : List.of("SHOW ALIASES FOR DATABASES", "SHOW ALIAS FOR DATABASE", "SHOW ALIASES films FOR"
                + " DATABASE", "SHOW ALIAS `a.b` FOR DATABASES YIELD *", "SHOW ALIASES a.b FOR DATABASES WHERE true")) {
            assertThat(db.run(q)).as(q).isEmpty();
        }
        assertThat(db.values("SHOW ALIASES FOR DATABASES YIELD * RETURN count(*) AS n")).containsExactly(row(0L));
        assertThat(db.values("SHOW ALIASES $a FOR DATABASES YIELD name, driver, properties RETURN count(*) AS n",
                "a", "films")).containsExactly(row(0L));
        CypherException type = failure("SHOW ALIASES $a FOR DATABASES", "a", 7L);
        assertThat(type.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(type.getMessage()).isEqualTo("Expected a String as the alias name in $a but was Long");
        assertThat(failure("SHOW ALIASES $a FOR DATABASES").statusCode())
                .isEqualTo("Neo.ClientError.Statement.ParameterMissing");
        assertThat(failure("SHOW ALIASES").statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(failure("SHOW ALIASES FOR DATABASES YIELD url, nope").getMessage())
                .contains("Variable `nope` not defined");
        assertThat(ShowColumns.ALIASES.defaults()).containsExactly("name", "composite", "database", "location", "url",
                "user");
    }

    // ------------------------------------------------------------------ settings

    private void settings() {
        db.engine.procedures().registerSettings(List.of(
                new Setting("bolt-port", "port the Bolt server listens on", "7688", "7687", true, "an integer"),
                Setting.atDefault("log-level", "TRACE, DEBUG, INFO, WARN or ERROR", "INFO",
                        "one of TRACE, DEBUG, INFO, WARN, ERROR"),
                new Setting("dbms.security.auth_enabled", "Whether logins are checked.", "true", "false", true,
                        "a boolean")));
    }

    @Test
    void listConfigListsTheSettingsSortedAndSearchesTheirNames() {
        settings();
        List<Map<String, Object>> all = db.run("CALL dbms.listConfig()");
        assertThat(all).extracting(r -> r.get("name"))
                .containsExactly("bolt-port", "dbms.security.auth_enabled", "log-level");
        assertThat(all.get(0).keySet()).containsExactly("name", "description", "value", "dynamic", "defaultValue",
                "startupValue", "explicitlySet", "validValues");
        assertThat(all.get(0)).isEqualTo(map("name", "bolt-port", "description", "port the Bolt server listens on",
                "value", "7688", "dynamic", false, "defaultValue", "7687", "startupValue", "7688",
                "explicitlySet", true, "validValues", "an integer"));
        assertThat(db.values("CALL dbms.listConfig('LOG') YIELD name, value, explicitlySet"))
                .containsExactly(row("log-level", "INFO", false));
        assertThat(db.values("CALL dbms.listConfig YIELD name RETURN count(*) AS n")).containsExactly(row(3L));
        assertThat(db.values("CALL dbms.listConfig", "searchString", "port")).containsExactly(
                row("bolt-port", "port the Bolt server listens on", "7688", false, "7687", "7688", true, "an integer"));
        assertThat(db.values("UNWIND ['bolt', 'auth'] AS s CALL dbms.listConfig(s) YIELD name RETURN name"))
                .containsExactly(row("bolt-port"), row("dbms.security.auth_enabled"));
        // dbms.clientConfig() gives clients their part of the same settings
        assertThat(db.values("CALL dbms.clientConfig() YIELD name, value"))
                .containsExactly(row("dbms.security.auth_enabled", "true"));

        CypherException arity = failure("CALL dbms.listConfig('a', 'b')");
        assertThat(arity.statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
        assertThat(arity.getMessage()).contains("got 2 argument(s), expected 0 to 1 for dbms.listConfig(searchString"
                + " = \"\" :: STRING) :: (name :: STRING");
        assertThat(failure("CALL dbms.listConfig(1)").getMessage())
                .contains("argument 1 (searchString) of dbms.listConfig expects STRING");
        CypherException type = failure("CALL dbms.listConfig($s)", "s", 1L);
        assertThat(type.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(type.getMessage()).isEqualTo("dbms.listConfig expects a String to search setting names for, but got"
                + " Long");
    }

    @Test
    void showSettingsListsTheSameSettingsInItsOwnColumns() {
        settings();
        List<Map<String, Object>> rows = db.run("SHOW SETTINGS");
        assertThat(rows.get(0)).isEqualTo(map("name", "bolt-port", "value", "7688", "isDynamic", false,
                "defaultValue", "7687", "description", "port the Bolt server listens on"));
        assertThat(rows).hasSize(3);
        assertThat(db.run("SHOW SETTING YIELD *").get(2)).isEqualTo(map("name", "log-level", "value", "INFO",
                "isDynamic", false, "defaultValue", "INFO", "description", "TRACE, DEBUG, INFO, WARN or ERROR",
                "startupValue", "INFO", "isExplicitlySet", false, "validValues",
                "one of TRACE, DEBUG, INFO, WARN, ERROR", "isDeprecated", false));
        assertThat(db.values("SHOW SETTINGS 'log-level', 'bolt-port', 'nope' YIELD name"))
                .containsExactly(row("bolt-port"), row("log-level"));
        assertThat(db.values("SHOW SETTINGS $names YIELD name", "names", List.of("log-level")))
                .containsExactly(row("log-level"));
        assertThat(db.values("SHOW SETTINGS $name YIELD name, isExplicitlySet", "name", "bolt-port"))
                .containsExactly(row("bolt-port", true));
        assertThat(db.values("SHOW SETTINGS YIELD name, isExplicitlySet WHERE isExplicitlySet RETURN collect(name)"
                + " AS set")).containsExactly(row(List.of("bolt-port", "dbms.security.auth_enabled")));
        assertThat(db.values("SHOW SETTINGS WHERE name = 'log-level' AND value = 'INFO'")).hasSize(1);

        CypherException type = failure("SHOW SETTINGS $names", "names", List.of("a", 1L));
        assertThat(type.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(type.getMessage()).startsWith("Type mismatch: expected a String or a List<String> of setting names"
                + " in $names but was Long");
        assertThat(failure("SHOW SETTINGS 'a', 1").getMessage()).contains("a setting name (a string)");
        assertThat(failure("SHOW SETTINGS WHERE startupValue = '1'").getMessage())
                .contains("Variable `startupValue` not defined");
    }

    @Test
    void showConfigListsTheFlagsInMemgraphsColumnsWithSecretsHidden() {
        db.engine.procedures().registerSettings(List.of(
                new Setting("bolt-port", "port the Bolt server listens on", "7688", "7687", true, "an integer"),
                Setting.atDefault("log-level", "TRACE, DEBUG, INFO, WARN or ERROR", "INFO", "a level"),
                new Setting("bolt-key-file", "TLS private key", "/etc/tls/key.pem", "", true, "a path"),
                new Setting("auth-password", "a password", "s3cret", "", true, "a string"),
                Setting.atDefault("cluster-token", "a token", "", "a string"),
                new Setting("raft.heartbeat_interval", "how often", "50", "50", false, "milliseconds")));
        List<Map<String, Object>> rows = db.run("SHOW CONFIG");
        assertThat(rows.get(0).keySet()).containsExactly("name", "default_value", "current_value", "description");
        // the flags (not raft.json's keys nor the client settings), sorted, under Memgraph's names
        assertThat(db.values("show config;")).containsExactly(
                row("auth_password", "", "<hidden>", "a password"),
                row("bolt_key_file", "", "/etc/tls/key.pem", "TLS private key"),
                row("bolt_port", "7687", "7688", "port the Bolt server listens on"),
                row("cluster_token", "", "", "a token"),
                row("log_level", "INFO", "INFO", "TRACE, DEBUG, INFO, WARN or ERROR"));
        assertThat(db.engine.aboutServer("SHOW CONFIG")).as("answered by any server").isTrue();
        assertThat(db.typeOf("SHOW CONFIG")).isEqualTo(io.memgraph.ha.query.QueryType.READ_ONLY);
        assertThat(as("ada", "SHOW CONFIG")).as("every user that can log in, as SHOW SETTINGS").hasSize(5);
    }

    @Test
    void withoutTheServersSettingsTheClientSettingsAreListed() {
        assertThat(db.values("CALL dbms.listConfig() YIELD name RETURN collect(name) AS names")).containsExactly(
                row(List.of("browser.allow_outgoing_connections", "browser.credential_timeout",
                        "browser.post_connect_cmd", "browser.remote_content_hostname_allowlist",
                        "browser.retain_connection_credentials", "browser.retain_editor_history",
                        "dbms.security.auth_enabled")));
        assertThat(db.values("SHOW SETTINGS 'dbms.security.auth_enabled' YIELD value")).containsExactly(row("false"));
    }

    // ------------------------------------------------------------------ JMX

    @Test
    void queryJmxReadsTheJvmsBeans() {
        List<Map<String, Object>> memory = db.run("CALL dbms.queryJmx('java.lang:type=Memory')");
        assertThat(memory).hasSize(1);
        assertThat(memory.get(0).keySet()).containsExactly("name", "description", "attributes");
        assertThat(memory.get(0)).containsEntry("name", "java.lang:type=Memory");
        @SuppressWarnings("unchecked")
        Map<String, Object> heap = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                memory.get(0).get("attributes")).get("HeapMemoryUsage")).get("value");
        assertThat(heap).containsKeys("committed", "init", "max", "used");
        assertThat((Long) heap.get("used")).isPositive();
        assertThat(db.values("CALL dbms.queryJmx('java.lang:type=Threading') YIELD attributes"
                + " RETURN attributes.ThreadCount.value > 0 AS threads")).containsExactly(row(true));
        assertThat(db.values("CALL dbms.queryJmx('java.lang:*') YIELD name WHERE name STARTS WITH"
                + " 'java.lang:type=Runtime' RETURN name")).containsExactly(row("java.lang:type=Runtime"));
        assertThat(db.run("CALL dbms.queryJmx('nothing.here:type=None')")).isEmpty();
    }

    @Test
    void queryJmxHidesWhatMayBeASecret() {
        System.setProperty("memgraph.test.keyStorePassword", "hunter2-secret-value");
        try {
            List<List<Object>> props = db.values("CALL dbms.queryJmx('java.lang:type=Runtime') YIELD attributes"
                    + " UNWIND attributes.SystemProperties.value AS p WITH p WHERE p.key STARTS WITH 'memgraph.test.'"
                    + " RETURN p.key, p.value");
            assertThat(props).containsExactly(row("memgraph.test.keyStorePassword", "******"));
            assertThat(db.run("CALL dbms.queryJmx('java.lang:type=Runtime')").toString())
                    .doesNotContain("hunter2-secret-value");
        } finally {
            System.clearProperty("memgraph.test.keyStorePassword");
        }
    }

    @Test
    void queryJmxShowsTheServersMetricsAsNeo4jsMetricsBeans() {
        db.engine.procedures().register(Procedures.queryJmx(() -> List.of(
                Metric.gauge("database.memgraph.ids_in_use.node", "Live nodes.", 12L),
                Metric.counter("database.memgraph.transaction.last_committed_tx_id", "Last applied index.", 40L))));
        assertThat(db.values("CALL dbms.queryJmx('neo4j.metrics:name=neo4j.database.memgraph.ids_in_use.node')"))
                .containsExactly(row("neo4j.metrics:name=neo4j.database.memgraph.ids_in_use.node", "Live nodes.",
                        Map.of("Value", Map.of("description", "Live nodes.", "value", 12L))));
        // cypher-shell's :sysinfo, for a client that named another database
        String sysinfo = "UNWIND $metrics as metric\n"
                + "CALL dbms.queryJmx(metric.name) YIELD name, attributes\n"
                + "WITH metric.displayName AS Name, attributes.Value.value AS value, attributes.Count.value AS count\n"
                + "RETURN\n  Name,\n  CASE WHEN value IS NOT NULL then value ELSE count END AS Value";
        List<Map<String, String>> metrics = List.of(
                Map.of("name", "neo4j.metrics:name=neo4j.database.neo4j.ids_in_use.node", "displayName", "Node ID"),
                Map.of("name", "neo4j.metrics:name=neo4j.database.neo4j.ids_in_use.property", "displayName", "Prop"),
                Map.of("name", "neo4j.metrics:name=neo4j.database.memgraph.transaction.last_committed_tx_id",
                        "displayName", "Last Tx Id"),
                Map.of("name", "neo4j.metrics:name=neo4j.dbms.page_cache.hits", "displayName", "Hits"),
                Map.of("name", "neo4j.metrics:name=neo4j.dbms.vm.threads", "displayName", "Threads"));
        List<List<Object>> shown = db.values(sysinfo, "metrics", metrics);
        assertThat(shown).extracting(r -> r.get(0)).containsExactly("Node ID", "Last Tx Id", "Threads");
        assertThat(shown.subList(0, 2)).containsExactly(row("Node ID", 12L), row("Last Tx Id", 40L));
        assertThat(db.engine.aboutServer(sysinfo)).isTrue();
        assertThat(db.values("CALL dbms.queryJmx('neo4j.metrics:*') YIELD name RETURN name")).contains(
                row("neo4j.metrics:name=neo4j.database.memgraph.ids_in_use.node"),
                row("neo4j.metrics:name=neo4j.dbms.vm.heap.used"));
    }

    @Test
    void queryJmxRefusesWhatIsNoObjectNamePattern() {
        for (Object query : Arrays.asList("not a name", null, 3L)) {
            CypherException e = failure("CALL dbms.queryJmx($q)", "q", query);
            assertThat(e.statusCode()).as("%s", query).isEqualTo("Neo.ClientError.Procedure.ProcedureCallFailed");
            assertThat(e.getMessage()).startsWith("Failed to invoke procedure `dbms.queryJmx`: ").doesNotContain("\n");
        }
        assertThat(failure("CALL dbms.queryJmx()").statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
    }

    // ------------------------------------------------------------------ kinds of indexes and constraints

    @Test
    void showIndexesOfOneTypeListsThoseOfThatType() {
        db.run("CREATE INDEX film_title FOR (f:Film) ON (f.title)");
        db.run("CREATE INDEX ON :Person");
        assertThat(db.values("SHOW RANGE INDEXES YIELD name, type")).containsExactly(row("film_title", "RANGE"));
        assertThat(db.values("SHOW LOOKUP INDEXES YIELD type")).containsExactly(row("LOOKUP"));
        for (String kind : List.of("FULLTEXT", "TEXT", "POINT", "VECTOR")) {
            assertThat(db.run("SHOW " + kind + " INDEXES")).as(kind).isEmpty();
            assertThat(db.run("show " + kind.toLowerCase() + " index YIELD *")).as(kind).isEmpty();
        }
        assertThat(db.run("SHOW ALL INDEXES")).hasSize(2);
        assertThat(db.run("SHOW RANGE INDEXES").get(0).keySet()).containsExactlyElementsOf(
                ShowColumns.INDEXES.defaults());
        assertThat(db.values("SHOW RANGE INDEXES WHERE name = 'x'")).isEmpty();
        assertThat(failure("SHOW BTREE INDEXES").statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
    }

    @Test
    void showConstraintsOfOneKindListsThoseOfThatKind() {
        db.run("CREATE CONSTRAINT q_u FOR (q:Q) REQUIRE q.i IS UNIQUE");
        db.run("CREATE CONSTRAINT q_k FOR (q:Q) REQUIRE q.k IS NODE KEY");
        db.run("CREATE CONSTRAINT q_e FOR (q:Q) REQUIRE q.e IS NOT NULL");
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("UNIQUE", List.of("q_u"));
        expected.put("UNIQUENESS", List.of("q_u"));
        expected.put("NODE UNIQUE", List.of("q_u"));
        expected.put("NODE UNIQUENESS", List.of("q_u"));
        expected.put("REL UNIQUENESS", List.of());
        expected.put("RELATIONSHIP UNIQUE", List.of());
        expected.put("KEY", List.of("q_k"));
        expected.put("NODE KEY", List.of("q_k"));
        expected.put("RELATIONSHIP KEY", List.of());
        expected.put("EXISTENCE", List.of("q_e"));
        expected.put("EXIST", List.of("q_e"));
        expected.put("PROPERTY EXISTENCE", List.of("q_e"));
        expected.put("NODE EXISTENCE", List.of("q_e"));
        expected.put("NODE PROPERTY EXIST", List.of("q_e"));
        expected.put("REL PROPERTY EXISTENCE", List.of());
        expected.put("PROPERTY TYPE", List.of());
        expected.put("NODE PROPERTY TYPE", List.of());
        expected.put("REL PROPERTY TYPE", List.of());
        expected.put("ALL", List.of("q_e", "q_k", "q_u"));
        expected.forEach((kind, names) -> {
            List<Object> listed = db.run("SHOW " + kind + " CONSTRAINTS YIELD name").stream()
                    .map(r -> r.get("name")).toList();
            assertThat(listed).as(kind).containsExactlyElementsOf(names);
        });
        assertThat(db.values("SHOW NODE KEY CONSTRAINT WHERE name STARTS WITH 'q'")).hasSize(1);
        assertThat(db.values("SHOW UNIQUE CONSTRAINTS YIELD type")).containsExactly(row("UNIQUENESS"));
        assertThat(db.run("SHOW KEY CONSTRAINTS").get(0).keySet())
                .containsExactlyElementsOf(ShowColumns.CONSTRAINTS.defaults());
        for (String bad : List.of("SHOW NODE CONSTRAINTS", "SHOW PROPERTY CONSTRAINTS", "SHOW REL INDEXES",
                "SHOW UNIQUE INDEXES", "SHOW NODE KEY")) {
            assertThat(failure(bad).statusCode()).as(bad).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        }
    }
}

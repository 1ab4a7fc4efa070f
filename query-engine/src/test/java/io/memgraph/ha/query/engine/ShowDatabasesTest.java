package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.show.Databases;
import io.memgraph.ha.query.show.ShowColumns;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Neo4j 5's {@code SHOW DATABASES}, {@code SHOW DATABASE name}, {@code SHOW DEFAULT DATABASE} and
 * {@code SHOW HOME DATABASE} (what Neo4j Browser, NeoDash and cypher-shell ask on connecting): the
 * one database {@code memgraph}, one row per server hosting it, with the tails every SHOW command
 * takes. Through real Bolt sessions: {@code DatabasesAndToolsE2ETest}.
 */
class ShowDatabasesTest {
    private final Db db = new Db();

    private CypherException failure(String query, Object... params) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> db.run(query, params));
        assertThat(e).as("expected an error from %s", query).isNotNull();
        return e;
    }

    @Test
    void showDatabasesListsMemgraphWithNeo4jsDefaultColumns() {
        List<Map<String, Object>> rows = db.run("SHOW DATABASES");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).keySet()).containsExactly("name", "type", "aliases", "access", "address", "role",
                "writer", "requestedStatus", "currentStatus", "statusMessage", "default", "home", "constituents");
        Map<String, Object> expected = new HashMap<>();
        expected.putAll(Map.of("name", "memgraph", "type", "standard", "aliases", List.of(), "access", "read-write",
                "address", "localhost:7687", "role", "primary", "writer", true, "requestedStatus", "online",
                "currentStatus", "online", "statusMessage", ""));
        expected.putAll(Map.of("default", true, "home", true, "constituents", List.of()));
        assertThat(rows.get(0)).isEqualTo(expected);
        assertThat(db.run("SHOW DATABASE")).isEqualTo(rows); // DATABASE[S] either way
        assertThat(db.run("show databases;")).isEqualTo(rows);
    }

    @Test
    void yieldStarHasEveryColumnTheOnesWeCannotFillAreNull() {
        Map<String, Object> all = db.run("SHOW DATABASES YIELD *").get(0);
        assertThat(all.keySet()).containsExactlyElementsOf(ShowColumns.DATABASES.all()).hasSize(26);
        assertThat(all).containsEntry("serverID", "1").containsEntry("currentPrimariesCount", 1L)
                .containsEntry("currentSecondariesCount", 0L).containsEntry("replicationLag", 0L)
                .containsEntry("options", Map.of());
        for (String unknown : List.of("databaseID", "requestedPrimariesCount", "requestedSecondariesCount",
                "creationTime", "lastStartTime", "lastStopTime", "store", "lastCommittedTxn")) {
            assertThat(all).containsEntry(unknown, null);
        }
    }

    @Test
    void showDatabaseByNameFindsMemgraphInAnyCaseAndNothingElse() {
        assertThat(db.values("SHOW DATABASE memgraph YIELD name")).containsExactly(row("memgraph"));
        assertThat(db.values("SHOW DATABASE `MemGraph` YIELD name")).containsExactly(row("memgraph"));
        assertThat(db.values("SHOW DATABASES memgraph YIELD name")).containsExactly(row("memgraph"));
        assertThat(db.values("SHOW DATABASE $db YIELD name, home", "db", "memgraph"))
                .containsExactly(row("memgraph", true));
        assertThat(db.run("SHOW DATABASE neo4j")).isEmpty();
        assertThat(db.run("SHOW DATABASE system")).isEmpty();
        assertThat(db.run("SHOW DATABASE foo.bar")).isEmpty();
        assertThat(db.run("SHOW DATABASE $db", "db", "other")).isEmpty();
    }

    @Test
    void defaultAndHomeDatabaseHaveNoDefaultAndHomeColumns() {
        for (String command : List.of("SHOW DEFAULT DATABASE", "SHOW HOME DATABASE")) {
            List<Map<String, Object>> rows = db.run(command);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).keySet()).containsExactlyElementsOf(ShowColumns.DEFAULT_DATABASE.defaults())
                    .doesNotContain("default", "home");
            assertThat(rows.get(0)).containsEntry("name", "memgraph");
            assertThat(db.run(command + " YIELD *").get(0).keySet())
                    .containsExactlyElementsOf(ShowColumns.DEFAULT_DATABASE.all()).hasSize(24);
            CypherException e = failure(command + " YIELD default");
            assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
            assertThat(e.getMessage()).contains("Variable `default` not defined");
        }
    }

    @Test
    void tailsAsTheToolsWriteThem() {
        // NeoDash's database picker
        assertThat(db.values("SHOW DATABASES yield name, currentStatus WHERE currentStatus = 'online' RETURN"
                + " DISTINCT name")).containsExactly(row("memgraph"));
        // cypher-shell's :sysinfo
        assertThat(db.values("SHOW DATABASES WHERE name = $db", "db", "memgraph")).hasSize(1);
        assertThat(db.values("SHOW DATABASES YIELD name AS db, type AS kind, lastCommittedTxn AS txn"
                + " RETURN db, kind, txn")).containsExactly(row("memgraph", "standard", null));
        assertThat(db.run("SHOW DATABASES WHERE name = 'neo4j'")).isEmpty();
        assertThat(db.values("SHOW DATABASES YIELD name ORDER BY name SKIP 1")).isEmpty();
        assertThat(db.values("SHOW DATABASES YIELD name LIMIT 0")).isEmpty();
        assertThat(db.values("SHOW DATABASES YIELD * RETURN count(*) AS n, collect(address) AS addresses"))
                .containsExactly(row(1L, List.of("localhost:7687")));
    }

    @Test
    void oneRowPerServerHostingTheDatabase() {
        Db cluster = new Db(() -> List.of(new Databases.Host("1", "10.0.0.1:7687", false, true),
                new Databases.Host("2", "10.0.0.2:7687", true, true),
                new Databases.Host("3", "10.0.0.3:7687", false, false)));
        assertThat(cluster.values("SHOW DATABASES YIELD serverID, address, role, writer, currentStatus,"
                + " currentPrimariesCount, replicationLag")).containsExactly(
                row("1", "10.0.0.1:7687", "primary", false, "online", 2L, null),
                row("2", "10.0.0.2:7687", "primary", true, "online", 2L, null),
                row("3", "10.0.0.3:7687", "primary", false, "unknown", 2L, null));
        assertThat(cluster.values("SHOW DATABASES YIELD address, statusMessage WHERE currentStatus <> 'online'"))
                .containsExactly(row("10.0.0.3:7687", "Server 3 has not been heard from lately"));
        assertThat(cluster.values("SHOW DATABASES YIELD name, writer WHERE writer RETURN name"))
                .containsExactly(row("memgraph"));
        assertThat(cluster.values("SHOW DATABASES YIELD name, currentStatus WHERE currentStatus = 'online'"
                + " RETURN DISTINCT name")).containsExactly(row("memgraph"));
    }

    @Test
    void isAReadAboutTheServer() {
        io.memgraph.ha.storage.Transaction tx = db.storage.begin();
        try (io.memgraph.ha.query.Execution ex = db.engine.execute(tx, "SHOW HOME DATABASE", Map.of(),
                io.memgraph.ha.query.QueryControl.unlimited())) {
            assertThat(ex.type()).isEqualTo(QueryType.READ_ONLY);
        } finally {
            tx.close();
        }
        List<String> server = new ArrayList<>(List.of("SHOW DATABASES", "SHOW DATABASE memgraph YIELD name",
                "SHOW DEFAULT DATABASE", "  show home database WHERE name = 'x'", "CALL dbms.components()",
                "CALL dbms.clientConfig() YIELD name, value", "CALL dbms.showCurrentUser()",
                "CALL dbms.components() YIELD name RETURN name",
                // cypher-shell's :sysinfo: no pattern, no subquery, only DBMS procedures
                "UNWIND $metrics as metric\nCALL dbms.queryJmx(metric.name) YIELD name, attributes\n"
                        + "WITH metric.displayName AS Name, attributes.Value.value AS value RETURN Name, value",
                "SHOW SERVERS", "SHOW ALIASES FOR DATABASES", "SHOW SETTINGS", "SHOW CURRENT USER YIELD user"));
        for (String q : server) {
            assertThat(db.engine.aboutServer(q)).as(q).isTrue();
        }
        for (String q : List.of("SHOW INDEXES", "CALL db.labels()", "MATCH (n) RETURN n", "SHOW USERS",
                "CALL dbms.components() YIELD name MATCH (n) RETURN name",
                "CALL dbms.components() YIELD name RETURN name, EXISTS { MATCH (n) } AS any",
                "CALL dbms.listConfig(head(COLLECT { MATCH (n) RETURN n.name })) YIELD name RETURN name",
                "CALL dbms.components() YIELD name WHERE EXISTS { MATCH (n) } RETURN name",
                "UNWIND [1] AS x CALL dbms.components() YIELD name WITH name WHERE COUNT { (m) } > 0 RETURN name",
                "CALL dbms.components() YIELD name CALL db.labels() YIELD label RETURN name",
                "CALL dbms.components() YIELD name RETURN name UNION RETURN 1 AS name",
                "UNWIND [1] AS x RETURN x", "SHOW DATABASES YIELD", "CALL nope()",
                "ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'")) {
            assertThat(db.engine.aboutServer(q)).as(q).isFalse();
        }
    }

    @Test
    void errors() {
        CypherException e = failure("SHOW DATABASE $db", "db", 42L);
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(e.getMessage()).isEqualTo("Expected a String as the database name in $db but was Long");
        assertThat(failure("SHOW DATABASE $db", "db", null).getMessage()).contains("but was null");
        assertThat(failure("SHOW DATABASE $db").statusCode()).isEqualTo("Neo.ClientError.Statement.ParameterMissing");
        e = failure("SHOW DATABASES RETURN name");
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(e.getMessage()).contains("RETURN after this command needs a YIELD before it");
        e = failure("SHOW DATABASES YIELD nope");
        assertThat(e.getMessage()).contains("Variable `nope` not defined");
        e = failure("SHOW DATABASES WHERE store IS NULL"); // not a default column
        assertThat(e.getMessage()).contains("Variable `store` not defined");
        assertThat(failure("SHOW DEFAULT DATABASES").statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(failure("SHOW DATABASE a.").statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        e = failure("SHOW DATABASES WHERE name = 1 + 'x' * 2");
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
    }
}

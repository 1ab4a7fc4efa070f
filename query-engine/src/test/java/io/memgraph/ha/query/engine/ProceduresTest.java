package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.Procedures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CALL of the built-in procedures and of registered ones, alone and inside queries. */
class ProceduresTest {
    private final Db db = new Db();

    @BeforeEach
    void graph() {
        db.run("CREATE (:Person {name: 'Ann', age: 30})-[:KNOWS {since: 2001}]->(:Person:Admin {name: 'Bob'}),"
                + " (:City {name: 'Oslo', pop: 1})");
    }

    @Test
    void labelsTypesAndKeysOfWhatTheGraphHolds() {
        assertThat(db.values("CALL db.labels()")).containsExactly(row("Person"), row("Admin"), row("City"));
        assertThat(db.run("CALL db.labels()").get(0)).containsOnlyKeys("label");
        assertThat(db.values("CALL db.relationshipTypes()")).containsExactly(row("KNOWS"));
        assertThat(db.values("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey ORDER BY propertyKey"))
                .containsExactly(row("age"), row("name"), row("pop"), row("since"));
        db.run("MATCH (c:City) DETACH DELETE c");
        assertThat(db.values("CALL db.labels() YIELD label RETURN collect(label) AS all"))
                .containsExactly(row(List.of("Person", "Admin")));
    }

    @Test
    void yieldWithAliasAndWhereInsideAQuery() {
        assertThat(db.values("MATCH (p:Person {name: 'Ann'}) CALL db.labels() YIELD label AS l WHERE l <> 'City' "
                + "RETURN p.name, l ORDER BY l")).containsExactly(row("Ann", "Admin"), row("Ann", "Person"));
        assertThat(db.values("UNWIND [1, 2] AS i CALL db.ping() YIELD success RETURN i, success"))
                .containsExactly(row(1L, true), row(2L, true));
    }

    @Test
    void aStandaloneCallReturnsWhatItYields() {
        // Neo4j Browser learns the server's version this way: no RETURN after the YIELD
        List<Map<String, Object>> components = db.run("CALL dbms.components() YIELD name, versions, edition");
        assertThat(components).isNotEmpty().allSatisfy(r -> assertThat(r).containsOnlyKeys("name", "versions", "edition"));
        assertThat(db.run("CALL db.labels() YIELD label AS l WHERE l STARTS WITH 'P'"))
                .containsExactly(Map.of("l", "Person"));
        assertThat(db.values("CALL db.labels() YIELD label")).containsExactly(row("Person"), row("Admin"), row("City"));
        assertThat(db.run("CALL db.labels() YIELD *")).hasSize(3).allSatisfy(r -> assertThat(r).containsOnlyKeys("label"));
        assertThat(db.run("CALL db.labels() YIELD label WHERE label = 'City'")).containsExactly(Map.of("label", "City"));
        assertThat(db.values("EXPLAIN CALL db.labels() YIELD label")).isNotEmpty();
    }

    @Test
    void dbmsComponentsAndPing() {
        // Neo4j's kernel first: tools read the first row's version to choose their code paths
        assertThat(db.run("CALL dbms.components()")).containsExactly(
                Map.of("name", "Neo4j Kernel", "versions", List.of("5.26.0"), "edition", "community"),
                Map.of("name", "Memgraph HA", "versions", List.of("dev"), "edition", "community"));
        // Spring Boot's Neo4j health check
        assertThat(db.run("CALL dbms.components() YIELD versions, name, edition WHERE name = 'Neo4j Kernel'"
                + " RETURN edition, versions[0] AS version")).containsExactly(Map.of("edition", "community", "version", "5.26.0"));
        assertThat(db.single("CALL db.ping() YIELD success RETURN success")).isEqualTo(true);
    }

    @Test
    void clientConfigGivesTheSettingsNeo4jBrowserReadsWithNeo4jsColumns() {
        List<Map<String, Object>> rows = db.run("CALL dbms.clientConfig()");
        assertThat(rows.get(0).keySet()).containsExactly("name", "description", "value", "dynamic", "defaultValue",
                "startupValue", "explicitlySet", "validValues");
        assertThat(db.values("CALL dbms.clientConfig() YIELD name, value")).containsExactly(
                row("browser.allow_outgoing_connections", "true"), row("browser.credential_timeout", "0s"),
                row("browser.post_connect_cmd", ""),
                row("browser.remote_content_hostname_allowlist", "guides.neo4j.com,localhost"),
                row("browser.retain_connection_credentials", "true"), row("browser.retain_editor_history", "true"),
                row("dbms.security.auth_enabled", "false"));
        // the server registers it again with its --auth-enabled
        db.engine.procedures().register(Procedures.clientConfig(true));
        assertThat(db.values("CALL dbms.clientConfig() YIELD name, value WHERE name = 'dbms.security.auth_enabled'"
                + " RETURN value")).containsExactly(row("true"));
        assertThat(db.values("CALL dbms.clientConfig() YIELD name WHERE name STARTS WITH 'browser.'"
                + " RETURN count(*) AS n")).containsExactly(row(6L));
    }

    @Test
    void showCurrentUserNamesTheUserTheQueryRunsFor() {
        assertThat(db.run("CALL dbms.showCurrentUser()")).containsExactly(
                new java.util.HashMap<>(Map.of("username", "", "flags", List.of())) {
                    {
                        put("roles", null); // Neo4j's community edition has no roles
                    }
                });
        io.memgraph.ha.query.QueryControl ada = new io.memgraph.ha.query.QueryControl(null, 0, "ada");
        assertThat(db.runResult(ada, "CALL dbms.showCurrentUser() YIELD username").rows())
                .containsExactly(Map.of("username", "ada"));
        assertThat(db.runResult(ada, "MATCH (p:Person) CALL dbms.showCurrentUser() YIELD username"
                + " RETURN p.name + ' seen by ' + username AS s ORDER BY s").rows())
                .extracting(r -> r.get("s")).containsExactly("Ann seen by ada", "Bob seen by ada");
    }

    @Test
    void aRegisteredProcedureTakesArgumentsInParenthesesOrFromParameters() {
        db.engine.procedures().register(new Procedures.Procedure("test.repeat",
                List.of(new Procedures.Field("word", "STRING"), new Procedures.Field("times", "INTEGER")),
                List.of(new Procedures.Field("out", "STRING")), Procedures.Mode.READ, "repeats a word",
                (ctx, args) -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (long i = 0; i < (Long) args.get(1); i++) {
                        rows.add(new Object[] {args.get(0)});
                    }
                    return rows;
                }));
        assertThat(db.values("CALL test.repeat('a', 2)")).containsExactly(row("a"), row("a"));
        assertThat(db.values("CALL test.repeat", "word", "b", "times", 3L)).hasSize(3);
        assertThat(db.values("WITH 'c' AS w CALL test.repeat(w, 1) YIELD out RETURN out + '!' AS o"))
                .containsExactly(row("c!"));
    }

    @Test
    void wrongArgumentCountAndUnknownOutputsAreCompileErrors() {
        assertThatThrownBy(() -> db.run("CALL db.labels(1)"))
                .isInstanceOfSatisfying(CypherException.class,
                        e -> assertThat(e.kind()).isEqualTo(CypherErrorKind.INVALID_NUMBER_OF_ARGUMENTS))
                .hasMessageContaining("db.labels() :: (label :: STRING)");
        assertThatThrownBy(() -> db.run("CALL db.labels() YIELD name RETURN name"))
                .hasMessageContaining("Unknown procedure output: `name`");
        assertThatThrownBy(() -> db.run("MATCH (n) CALL db.labels() RETURN n"))
                .hasMessageContaining("YIELD");
        assertThatThrownBy(() -> db.run("CALL db.labels() YIELD * RETURN label"))
                .hasMessageContaining("YIELD * is only allowed in a standalone procedure call");
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(3L); // the graph is untouched
    }

    @Test
    void builtInsAreListedWithTheirSignatures() {
        Map<String, String> signatures = new java.util.TreeMap<>();
        for (Procedures.Procedure p : db.engine.procedures().all()) {
            signatures.put(p.name(), p.signature());
        }
        assertThat(signatures).containsEntry("db.labels", "db.labels() :: (label :: STRING)")
                .containsKeys("db.relationshipTypes", "db.propertyKeys", "db.ping", "dbms.components", "dbms.info");
    }

    @Test
    void showProceduresAndShowFunctionsListWhatThereIs() {
        List<Map<String, Object>> procedures = db.run("SHOW PROCEDURES");
        assertThat(procedures).extracting(r -> r.get("name")).contains("db.labels", "db.ping", "dbms.components");
        assertThat(procedures.get(0)).containsOnlyKeys("name", "description", "mode", "worksOnSystem");
        for (String show : List.of("SHOW FUNCTIONS", "SHOW ALL FUNCTIONS", "SHOW BUILT IN FUNCTIONS")) {
            List<Map<String, Object>> functions = db.run(show);
            assertThat(functions).as(show).extracting(r -> r.get("name")).contains("toUpper", "size", "count");
            assertThat(functions).filteredOn(r -> r.get("name").equals("count"))
                    .extracting(r -> r.get("category")).containsExactly("Aggregating");
        }
        assertThatThrownBy(() -> db.run("SHOW PROCEDURE")).isInstanceOf(CypherException.class)
                .hasMessageContaining("PROCEDURES");
    }

    @Test
    void theProceduresThatCommitInBatchesAreListedAndSayWhereTheyMustBeCalled() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name CONTAINS 'periodic' RETURN name, mode"))
                .containsExactlyInAnyOrder(row("apoc.periodic.commit", "WRITE"), row("apoc.periodic.iterate", "WRITE"),
                        row("periodic.delete", "WRITE"), row("periodic.iterate", "WRITE"));
        // the first clause of a query: rewritten into batches, and run
        assertThat(db.single("CALL apoc.periodic.commit('MATCH (n) WITH n LIMIT $limit DETACH DELETE n"
                + " RETURN count(*)', {limit: 2}) YIELD updates RETURN updates")).isEqualTo(3L);
        db.run("CREATE (), ()");
        // in a subquery the parser leaves it alone: the error says where it must be, not that it does not exist
        for (String call : List.of("apoc.periodic.commit('MATCH (n) WITH n LIMIT 1 DELETE n RETURN count(*)', {})"
                + " YIELD updates", "periodic.delete({batch_size: 10}) YIELD success")) {
            assertThatThrownBy(() -> db.run("CALL { CALL " + call + " RETURN 1 AS one } RETURN one"))
                    .isInstanceOf(CypherException.class)
                    .hasMessageContaining("must be the first clause of its query, outside any subquery");
        }
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(2L);
    }
}

package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.StatusException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What Memgraph's tools send besides queries (GQLAlchemy's {@code Memgraph} class: {@code
 * get_indexes}, {@code get_constraints}, {@code get_storage_mode}, {@code set_storage_mode},
 * {@code get_triggers}, {@code get_procedures}, {@code get_build_info}), with the columns they read
 * by name, beside the original HA Memgraph's columns that its scripts read.
 */
class MemgraphToolCommandsTest {
    private final Db db = new Db();

    private List<Map<String, Object>> rows(String query) {
        return db.run(query);
    }

    @Test
    void showIndexInfoKeepsTheOriginalColumnAndAddsTodaysWithCounts() {
        db.run("UNWIND range(1, 5) AS i CREATE (:P {a: i, b: i % 2})-[:T {w: i}]->(:Q)");
        db.run("CREATE (:P {b: 1})");
        db.run("CREATE INDEX ON :P");
        db.run("CREATE INDEX ON :P(a)");
        db.run("CREATE INDEX ON :P(a, b)");
        db.run("CREATE INDEX FOR ()-[r:T]-() ON (r.w)");
        db.run("CREATE INDEX FOR ()-[r:T]-() ON (r.w, r.v)");
        assertThat(columns("SHOW INDEX INFO")).containsExactly("created index", "index type", "label", "property", "count");
        assertThat(db.values("SHOW INDEX INFO")).containsExactly(
                row(":P", "label", "P", null, 6L),
                row(":P(a)", "label+property", "P", "a", 5L),
                row(":P(a, b)", "label+property", "P", List.of("a", "b"), 5L),
                row("()-[:T(w)]-()", "edge-type+property", "T", "w", 5L),
                row("()-[:T(w, v)]-()", "edge-type+property", "T", List.of("w", "v"), 0L));
        db.run("MATCH (n:P {a: 1}) DETACH DELETE n");
        assertThat(db.values("SHOW INDEX INFO").stream().map(r -> r.get(4)).toList())
                .containsExactly(5L, 4L, 4L, 4L, 0L);
        assertThat(db.values("show index info;")).hasSize(5);
    }

    @Test
    void memgraphsEdgeIndexSpellingMakesAndDropsARelationshipPropertyIndex() {
        db.run("UNWIND range(1, 4) AS i CREATE (:P)-[:T {w: i}]->(:P)");
        db.run("CREATE EDGE INDEX ON :T(w)");
        assertThat(db.lastStats).isEqualTo(Map.of("indexes-added", 1L));
        db.run("CREATE EDGE INDEX ON :T(w)"); // Memgraph's forms leave what exists as it is
        assertThat(db.values("SHOW INDEX INFO")).containsExactly(row("()-[:T(w)]-()", "edge-type+property", "T", "w",
                4L));
        assertThat(db.values("EXPLAIN MATCH (a)-[r:T {w: 2}]->(b) RETURN b").toString())
                .contains("ScanRelationshipsByProperties (a)-[r:T {w}]->(b)");
        db.run("DROP EDGE INDEX ON :T(w)");
        assertThat(db.lastStats).isEqualTo(Map.of("indexes-removed", 1L));
        assertThat(db.values("SHOW INDEX INFO")).isEmpty();
        assertThatThrownBy(() -> db.run("DROP EDGE INDEX ON :T(w)")).isInstanceOf(StatusException.class)
                .extracting(e -> ((StatusException) e).statusCode())
                .isEqualTo("Neo.ClientError.Schema.IndexDropFailed");
        for (String q : List.of("CREATE EDGE INDEX ON :T", "DROP EDGE INDEX ON :T")) {
            assertThatThrownBy(() -> db.run(q)).as(q).isInstanceOf(CypherException.class)
                    .hasMessageContaining("An index of a relationship type alone")
                    .extracting(e -> ((CypherException) e).statusCode())
                    .isEqualTo("Neo.ClientError.Statement.SyntaxError");
        }
        // a node index on a label of the same name is another index
        db.run("CREATE INDEX ON :T(w)");
        assertThatThrownBy(() -> db.run("DROP EDGE INDEX ON :T(w)")).isInstanceOf(StatusException.class);
        assertThat(db.values("SHOW INDEX INFO")).hasSize(1);
    }

    @Test
    void showIndexInfoOfNoIndexIsEmpty() {
        assertThat(db.values("SHOW INDEX INFO")).isEmpty();
    }

    @Test
    void showConstraintInfoGivesUniquePropertiesAsAListAndExistenceAsAString() {
        db.run("CREATE CONSTRAINT ON (n:P) ASSERT n.id IS UNIQUE");
        db.run("CREATE CONSTRAINT ON (n:P) ASSERT n.a, n.b IS UNIQUE");
        db.run("CREATE CONSTRAINT ON (n:P) ASSERT EXISTS (n.id)");
        db.run("CREATE CONSTRAINT k FOR (n:Q) REQUIRE (n.x, n.y) IS NODE KEY");
        assertThat(rows("SHOW CONSTRAINT INFO")).containsExactly(
                map("constraint type", "unique", "label", "P", "properties", List.of("id"), "data_type", ""),
                map("constraint type", "unique", "label", "P", "properties", List.of("a", "b"), "data_type", ""),
                map("constraint type", "exists", "label", "P", "properties", "id", "data_type", ""),
                map("constraint type", "node_key", "label", "Q", "properties", List.of("x", "y"), "data_type", ""));
        // what GQLAlchemy's ensure_constraints sends back for each row drops it
        db.run("DROP CONSTRAINT ON (n:P) ASSERT n.a, n.b IS UNIQUE");
        db.run("DROP CONSTRAINT ON (n:P) ASSERT EXISTS (n.id)");
        assertThat(db.values("SHOW CONSTRAINT INFO")).containsExactly(row("unique", "P", List.of("id"), ""),
                row("node_key", "Q", List.of("x", "y"), ""));
    }

    @Test
    void showStorageInfoKeepsTheOriginalKeysFirstAndAddsTodaysMemgraphKeys() {
        db.run("CREATE (:A)-[:R]->(:B), (:C)");
        List<List<Object>> rows = db.values("SHOW STORAGE INFO");
        assertThat(rows).allSatisfy(r -> assertThat(r.get(0)).isEqualTo("1"));
        List<Object> keys = rows.stream().map(r -> r.get(1)).toList();
        assertThat(keys).startsWith("vertex_count", "edge_count", "average_degree", "memory_usage")
                .contains("name", "storage_mode", "global_isolation_level", "memory_res");
        Map<Object, Object> info = new LinkedHashMap<>();
        rows.forEach(r -> info.put(r.get(1), r.get(2)));
        assertThat(info).containsEntry("vertex_count", 3L).containsEntry("edge_count", 1L)
                .containsEntry("average_degree", 2.0 / 3).containsEntry("name", "memgraph")
                .containsEntry("storage_mode", "IN_MEMORY_TRANSACTIONAL")
                .containsEntry("global_isolation_level", "SNAPSHOT_ISOLATION");
        assertThat((String) info.get("memory_res")).matches("\\d+\\.\\d\\d(B|KiB|MiB|GiB|TiB)");
    }

    @Test
    void showVersionGivesTheServersVersion() {
        assertThat(rows("SHOW VERSION")).containsExactly(map("version", "dev"));
        assertThat(db.values("show version;")).containsExactly(row("dev"));
    }

    @Test
    void showBuildInfoGivesTheBuildType() {
        assertThat(rows("SHOW BUILD INFO")).containsExactly(map("build info", "build_type", "value", "Release"));
    }

    @Test
    void showTriggersHasMemgraphsColumnsAndNoRows() {
        for (String q : List.of("SHOW TRIGGERS", "SHOW TRIGGER INFO", "show triggers;")) {
            assertThat(columns(q)).as(q).containsExactly("trigger name", "statement", "privilege context",
                    "event type", "phase", "owner");
            assertThat(db.values(q)).as(q).isEmpty();
        }
    }

    @Test
    void creatingOrDroppingATriggerIsRefusedWithWhatToDoInstead() {
        for (String q : List.of("CREATE TRIGGER t ON () CREATE BEFORE COMMIT EXECUTE CREATE (:Log)",
                "DROP TRIGGER t")) {
            assertThatThrownBy(() -> db.run(q)).as(q).isInstanceOf(CypherException.class)
                    .hasMessageStartingWith("Triggers are not supported: this server runs no triggers")
                    .extracting(e -> ((CypherException) e).statusCode())
                    .isEqualTo("Neo.ClientError.Statement.SyntaxError");
        }
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(0L);
    }

    @Test
    void storageModeAcceptsTheModeThisServerRunsInAndRefusesTheOthers() {
        assertThat(db.values("STORAGE MODE IN_MEMORY_TRANSACTIONAL")).isEmpty();
        assertThat(db.values("storage mode in_memory_transactional;")).isEmpty();
        for (String mode : List.of("IN_MEMORY_ANALYTICAL", "ON_DISK_TRANSACTIONAL")) {
            assertThatThrownBy(() -> db.run("STORAGE MODE " + mode)).isInstanceOf(StatusException.class)
                    .hasMessage("Storage mode " + mode + " is not supported: this server always runs in"
                            + " IN_MEMORY_TRANSACTIONAL (every write is replicated through the Raft log before it"
                            + " commits)")
                    .extracting(e -> ((StatusException) e).statusCode())
                    .isEqualTo("Neo.ClientError.Statement.ArgumentError");
        }
        for (String q : List.of("STORAGE MODE FAST", "STORAGE MODE", "STORAGE MODE 'IN_MEMORY_TRANSACTIONAL'")) {
            assertThatThrownBy(() -> db.run(q)).as(q).isInstanceOf(CypherException.class)
                    .hasMessageContaining("'IN_MEMORY_TRANSACTIONAL', 'IN_MEMORY_ANALYTICAL' or 'ON_DISK_TRANSACTIONAL'")
                    .extracting(e -> ((CypherException) e).statusCode())
                    .isEqualTo("Neo.ClientError.Statement.SyntaxError");
        }
    }

    @Test
    void mgProceduresListsEveryProcedureWithMemgraphsColumns() {
        List<Map<String, Object>> all = rows("CALL mg.procedures() YIELD *");
        assertThat(all).contains(map("name", "db.labels", "signature", "db.labels() :: (label :: STRING)",
                "is_write", false, "path", "builtin", "is_editable", false));
        assertThat(all.stream().map(r -> r.get("name")).toList()).contains("mg.procedures", "mg.functions",
                "dbms.components");
        assertThat(all.get(0).keySet()).containsExactly("name", "signature", "is_write", "path", "is_editable");
        assertThat(db.values("CALL mg.procedures() YIELD name WHERE name STARTS WITH 'mg.' RETURN name"))
                .containsExactly(row("mg.functions"), row("mg.procedures"));
        assertThat(db.values("CALL mg.functions() YIELD *")).isEmpty();
        assertThatThrownBy(() -> db.run("CALL mg.procedures(1)")).isInstanceOf(CypherException.class)
                .hasMessageContaining("mg.procedures() :: (name :: STRING")
                .extracting(e -> ((CypherException) e).statusCode())
                .isEqualTo("Neo.ClientError.Statement.SemanticError");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private List<String> columns(String query) {
        var tx = db.storage.begin();
        try (var ex = db.engine.execute(tx, query, Map.of(), QueryControl.unlimited())) {
            return ex.columns();
        } finally {
            tx.close();
        }
    }
}

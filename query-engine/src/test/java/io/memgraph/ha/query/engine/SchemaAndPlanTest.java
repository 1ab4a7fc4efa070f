package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.storage.RejectReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;

/** Indexes, constraints, SHOW statements, EXPLAIN and PROFILE. */
class SchemaAndPlanTest {
    Db db;

    @BeforeEach
    void graph() {
        db = new Db();
        db.social();
        db.run("UNWIND range(1, 200) AS i CREATE (:Person {name: 'p' + toString(i), age: i % 50})");
    }

    private String plan(String query) {
        return db.values("EXPLAIN " + query).stream().map(r -> (String) r.get(0)).collect(Collectors.joining("\n"));
    }

    @Test
    void indexesAreUsedForEqualityRangeAndPrefixAndGiveTheSameResults() {
        String eq = "MATCH (n:Person {name: 'Carol'}) RETURN n.age";
        String range = "MATCH (n:Person) WHERE n.age > 44 AND n.age <= 46 RETURN n.name ORDER BY n.name";
        String prefix = "MATCH (n:Person) WHERE n.name STARTS WITH 'p19' RETURN n.name ORDER BY n.name";
        String param = "MATCH (n:Person) WHERE n.name = $name RETURN n.age";
        List<List<Object>> before = List.of(db.values(eq).get(0), List.of(db.values(range)), List.of(db.values(prefix)));
        assertThat(plan(eq)).contains("ScanByLabel (n :Person)").doesNotContain("PropertyEquality");

        db.run("CREATE INDEX ON :Person(name)");
        assertThat(db.lastStats).isEqualTo(Map.of("indexes-added", 1L));
        db.run("CREATE INDEX FOR (p:Person) ON (p.age)");
        assertThat(db.values("SHOW INDEX INFO")).containsExactly(
                row(":Person(name)", "label+property", "Person", "name", 204L),
                row(":Person(age)", "label+property", "Person", "age", 204L));

        assertThat(plan(eq)).contains("ScanByLabelPropertyEquality (n :Person {name})");
        assertThat(plan(param)).contains("ScanByLabelPropertyEquality (n :Person {name})");
        assertThat(plan(range)).contains("ScanByLabelPropertyRange (n :Person {age})");
        assertThat(plan(prefix)).contains("ScanByLabelPropertyPrefix (n :Person {name})");
        List<List<Object>> after = List.of(db.values(eq).get(0), List.of(db.values(range)), List.of(db.values(prefix)));
        assertThat(after).isEqualTo(before);
        assertThat(db.values(eq)).containsExactly(row(35L));
        assertThat(db.values(range)).hasSize(8);
        assertThat(db.values(prefix)).containsExactly(row("p19"), row("p190"), row("p191"), row("p192"), row("p193"),
                row("p194"), row("p195"), row("p196"), row("p197"), row("p198"), row("p199"));
        assertThat(db.values(param, "name", "Bob")).containsExactly(row(25L));
        assertThat(db.values(param, "name", 3)).isEmpty();

        db.run("DROP INDEX ON :Person(name)");
        assertThat(db.lastStats).isEqualTo(Map.of("indexes-removed", 1L));
        assertThat(plan(eq)).doesNotContain("PropertyEquality");
        assertThat(db.values("SHOW INDEX INFO"))
                .containsExactly(row(":Person(age)", "label+property", "Person", "age", 204L));
    }

    @Test
    void plannerStartsFromTheMostSelectiveNodeAndExpandsFromIt() {
        db.run("CREATE INDEX ON :Company(name)");
        String p = plan("MATCH (a:Person)-[:WORKS_AT]->(c:Company {name:'Acme'}) RETURN a.name");
        List<String> lines = p.lines().toList();
        assertThat(lines.get(lines.size() - 2)).contains("ScanByLabelPropertyEquality (c :Company {name})");
        assertThat(p).contains("Expand (c)<-[anon").doesNotContain("ScanByLabel (a");
        assertThat(db.values("MATCH (a:Person)-[:WORKS_AT]->(c:Company {name:'Acme'}) RETURN a.name ORDER BY a.name"))
                .containsExactly(row("Alice"), row("Bob"));
        // labels written in WHERE count too
        assertThat(plan("MATCH (c) WHERE c:Company AND c.name = 'Acme' RETURN c"))
                .contains("ScanByLabelPropertyEquality (c :Company {name})");
        assertThat(db.values("MATCH (c) WHERE c:Company AND c.name = 'Acme' RETURN c.name")).containsExactly(row("Acme"));
        // an id lookup beats everything
        assertThat(plan("MATCH (n:Person) WHERE id(n) = 3 RETURN n")).contains("ScanById (n)");
    }

    @Test
    void eagerBarriersOnlyWhereWritesCouldBeSeenByReads() {
        assertThat(plan("MATCH (n:Person) SET n.x = 1")).doesNotContain("Accumulate");
        assertThat(plan("MATCH (n:Person) CREATE (:Person)")).contains("Accumulate");
        assertThat(plan("MATCH (a:Person)-[:KNOWS]->(b) SET b.x = a.x")).contains("Accumulate");
        assertThat(plan("CREATE (:A) WITH 1 AS x MATCH (n) RETURN count(n)")).contains("Accumulate");
        assertThat(plan("MATCH (n:Person) RETURN n.name")).doesNotContain("Accumulate");
    }

    @Test
    void uniqueConstraintRefusesViolationsAtCommitAndWritesNothing() {
        db.run("CREATE CONSTRAINT ON (p:Person) ASSERT p.name IS UNIQUE");
        assertThat(db.lastStats).isEqualTo(Map.of("constraints-added", 1L));
        assertThat(db.values("SHOW CONSTRAINT INFO")).containsExactly(row("unique", "Person", List.of("name"), ""));
        long before = (Long) db.single("MATCH (n) RETURN count(n)");
        Db.Result r = db.runResult("CREATE (:Person {name:'Zed'}), (:Person {name:'Alice'})");
        assertThat(r.commit().committed()).isFalse();
        assertThat(r.commit().reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(before);
        assertThat(db.values("MATCH (n {name:'Zed'}) RETURN n")).isEmpty();
        db.run("DROP CONSTRAINT ON (p:Person) ASSERT p.name IS UNIQUE");
        assertThat(db.values("SHOW CONSTRAINT INFO")).isEmpty();
    }

    @Test
    void existenceConstraint() {
        db.run("CREATE CONSTRAINT ON (c:Company) ASSERT EXISTS (c.name)");
        assertThat(db.values("SHOW CONSTRAINT INFO")).containsExactly(row("exists", "Company", "name", ""));
        Db.Result r = db.runResult("CREATE (:Company {size: 3})");
        assertThat(r.commit().committed()).isFalse();
        assertThat(db.single("MATCH (c:Company) RETURN count(c)")).isEqualTo(1L);
    }

    @Test
    void schemaStatementsReportSchemaType() {
        var tx = db.storage.begin();
        try (var ex = db.engine.execute(tx, "CREATE INDEX ON :A(b)", Map.of(), QueryControl.unlimited())) {
            assertThat(ex.type()).isEqualTo(QueryType.SCHEMA_WRITE);
            assertThat(ex.columns()).isEmpty();
        }
        tx.close();
    }

    @Test
    void showStorageInfo() {
        Map<Object, Object> info = db.values("SHOW STORAGE INFO").stream()
                .collect(Collectors.toMap(r -> r.get(1), r -> r.get(2)));
        assertThat(info).containsEntry("vertex_count", 205L).containsEntry("edge_count", 6L);
        assertThat((Long) info.get("memory_usage")).isPositive();
    }

    @Test
    void profileReportsRowsPerOperator() {
        List<List<Object>> rows = db.values("PROFILE MATCH (n:Person) WHERE n.age = 1 RETURN n.name");
        Map<String, Object> hits = rows.stream().collect(Collectors.toMap(r -> ((String) r.get(0)).trim(), r -> r.get(1)));
        assertThat(hits).containsEntry("* ScanByLabel (n :Person)", 204L).containsEntry("* Filter {n}", 4L);
        assertThat(rows.get(0).get(0)).asString().contains("Produce");
        assertThat(rows.get(0).get(3)).asString().endsWith(" ms");
    }

    @Test
    void planCacheKeepsParametersOut() {
        String q = "MATCH (n:Person {name: $name}) RETURN n.age";
        assertThat(db.values(q, "name", "Alice")).containsExactly(row(30L));
        int cached = db.engine.cachedStatements();
        assertThat(db.values(q, "name", "Dave")).containsExactly(row(40L));
        assertThat(db.engine.cachedStatements()).isEqualTo(cached);
    }
}

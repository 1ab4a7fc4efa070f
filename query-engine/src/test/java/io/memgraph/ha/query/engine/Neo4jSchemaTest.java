package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.StatusException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Neo4j 5's schema statements in the engine: what SHOW shows for every kind, the plans that use
 * composite and relationship indexes and their results against a plain scan, and the errors of
 * forms that cannot be created. The whole set through the driver: {@code SchemaE2ETest}.
 */
class Neo4jSchemaTest {
    Db db;

    @BeforeEach
    void graph() {
        db = new Db();
        db.run("UNWIND range(1, 40) AS i CREATE (a:P {a: i % 4, b: i % 5, i: i})-[:T {w: i % 3, v: i}]->(:Q {i: i})");
    }

    private String plan(String query) {
        return db.values("EXPLAIN " + query).stream().map(r -> (String) r.get(0)).collect(Collectors.joining("\n"));
    }

    @Test
    void everyKindIsShownWithItsNameAndColumns() {
        db.run("CREATE INDEX ON :P");
        db.run("CREATE INDEX p_a FOR (n:P) ON (n.a)");
        db.run("CREATE INDEX p_ab FOR (n:P) ON (n.a, n.b)");
        db.run("CREATE INDEX t_w FOR ()-[r:T]-() ON (r.w)");
        db.run("CREATE CONSTRAINT q_i FOR (q:Q) REQUIRE q.i IS UNIQUE");
        db.run("CREATE CONSTRAINT q_key FOR (q:Q) REQUIRE q.i IS NODE KEY");
        db.run("CREATE CONSTRAINT q_exists FOR (q:Q) REQUIRE q.i IS NOT NULL");
        List<List<Object>> indexes = db.values("SHOW INDEXES");
        assertThat(indexes.stream().map(r -> r.subList(1, 12)).toList()).containsExactly(
                Arrays.asList(indexes.get(0).get(1), "ONLINE", 100.0, "LOOKUP", "NODE", List.of("P"), null,
                        "token-lookup-1.0", null, null, null),
                Arrays.asList("p_a", "ONLINE", 100.0, "RANGE", "NODE", List.of("P"), List.of("a"), "range-1.0", null,
                        null, null),
                Arrays.asList("p_ab", "ONLINE", 100.0, "RANGE", "NODE", List.of("P"), List.of("a", "b"), "range-1.0",
                        null, null, null),
                Arrays.asList("t_w", "ONLINE", 100.0, "RANGE", "RELATIONSHIP", List.of("T"), List.of("w"),
                        "range-1.0", null, null, null));
        assertThat((String) indexes.get(0).get(1)).matches("index_[0-9a-f]{8}");
        assertThat(indexes.stream().map(r -> r.get(0)).toList()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(db.values("SHOW CONSTRAINTS")).containsExactly(
                Arrays.asList(7L, "q_exists", "NODE_PROPERTY_EXISTENCE", "NODE", List.of("Q"), List.of("i"), null,
                        null),
                Arrays.asList(5L, "q_i", "UNIQUENESS", "NODE", List.of("Q"), List.of("i"), null, null),
                Arrays.asList(6L, "q_key", "NODE_KEY", "NODE", List.of("Q"), List.of("i"), null, null));
        assertThat(db.values("SHOW INDEX INFO").stream().map(r -> r.get(0)).toList()).containsExactly(":P", ":P(a)",
                ":P(a, b)", "()-[:T(w)]-()");
        assertThat(db.values("SHOW CONSTRAINT INFO")).containsExactly(row("unique", "Q", List.of("i"), ""),
                row("node_key", "Q", List.of("i"), ""), row("exists", "Q", "i", ""));
    }

    @Test
    void compositeAndRelationshipIndexesGiveTheResultsOfAScan() {
        List<String> queries = List.of(
                "MATCH (n:P) WHERE n.a = 1 AND n.b = 2 RETURN n.i ORDER BY n.i",
                "MATCH (n:P {b: 2, a: 1.0}) RETURN n.i ORDER BY n.i",
                "MATCH (a:P)-[r:T {w: 1}]->(q:Q) WHERE q.i > 30 RETURN a.i, r.v, q.i ORDER BY a.i",
                "MATCH (q)<-[r:T]-(a) WHERE r.w = 2 AND a.a = 0 RETURN q.i ORDER BY q.i",
                "MATCH (x)-[r:T {w: 0}]-(y) WHERE r.v < 7 RETURN x.i, y.i ORDER BY x.i, y.i",
                "MATCH (a)-[r:T {w: 0}]->(b), (c)-[s:T {w: 0}]->(d) WHERE r.v = 3 RETURN s.v ORDER BY s.v");
        List<List<List<Object>>> before = queries.stream().map(db::values).toList();
        assertThat(before.get(0)).containsExactly(row(17L), row(37L));
        // Undirected: each relationship both ways.
        assertThat(before.get(4)).containsExactly(row(3L, 3L), row(3L, 3L), row(6L, 6L), row(6L, 6L));
        // Relationship uniqueness: s is never r.
        assertThat(before.get(5)).hasSize(12).doesNotContain(row(3L));
        db.run("CREATE INDEX FOR (n:P) ON (n.a, n.b)");
        db.run("CREATE INDEX FOR ()-[r:T]-() ON (r.w)");
        assertThat(plan(queries.get(0))).contains("ScanByLabelProperties (n :P {a, b})");
        assertThat(plan(queries.get(1))).contains("ScanByLabelProperties (n :P {a, b})");
        assertThat(plan(queries.get(2))).contains("ScanRelationshipsByProperties (a)-[r:T {w}]->(q)");
        assertThat(plan(queries.get(3))).contains("ScanRelationshipsByProperties (q)<-[r:T {w}]-(a)");
        assertThat(plan(queries.get(4))).contains("ScanRelationshipsByProperties (x)-[r:T {w}]-(y)");
        assertThat(plan(queries.get(5))).contains("ScanRelationshipsByProperties (a)-[r:T {w}]->(b)")
                .contains("ScanRelationshipsByProperties (c)-[s:T {w}]->(d)");
        assertThat(queries.stream().map(db::values).toList()).isEqualTo(before);
    }

    @Test
    void formsThatCannotBeCreatedAreRefused() {
        assertThatThrownBy(() -> db.run("CREATE INDEX FOR (n:P) ON (n.a, n.a)")).isInstanceOf(StatusException.class)
                .hasMessage("Unable to create an index on [a, a]: a property was specified in several positions.")
                .extracting(e -> ((StatusException) e).statusCode())
                .isEqualTo("Neo.ClientError.Schema.RepeatedPropertyInCompositeSchema");
        assertThatThrownBy(() -> db.run("CREATE INDEX FOR ()-[r:T]-() ON (r.w, r.w)"))
                .isInstanceOf(StatusException.class);
        assertThatThrownBy(() -> db.run("CREATE INDEX `` FOR (n:P) ON (n.a)")).isInstanceOf(CypherException.class)
                .hasMessage("The name of an index or constraint cannot be empty");
        assertThat(db.values("SHOW INDEXES")).isEmpty();
    }

    @Test
    void optionsNamingARangeIndexAreAcceptedAndOthersRefused() {
        db.run("CREATE INDEX p_i FOR (n:P) ON (n.i) OPTIONS {indexProvider: 'range-1.0', indexConfig: {}}");
        db.run("CREATE INDEX t_v IF NOT EXISTS FOR ()-[r:T]-() ON (r.v) OPTIONS {}");
        db.run("CREATE CONSTRAINT q_i FOR (q:Q) REQUIRE q.i IS UNIQUE OPTIONS {indexProvider: 'range-1.0'}");
        assertThat(db.values("SHOW INDEXES").stream().map(r -> r.get(1)).toList()).contains("p_i", "t_v");
        assertThat(plan("MATCH (n:P {i: 3}) RETURN n")).contains("ScanByLabelPropertyEquality (n :P {i})");
        for (String refused : List.of(
                "CREATE INDEX p_a FOR (n:P) ON (n.a) OPTIONS {indexProvider: 'text-2.0'}",
                "CREATE INDEX p_a FOR (n:P) ON (n.a) OPTIONS {indexConfig: {`spatial.cartesian.min`: [0.0, 0.0]}}",
                "CREATE INDEX p_a FOR (n:P) ON (n.a) OPTIONS {provider: 'range-1.0'}",
                "CREATE INDEX p_a FOR (n:P) ON (n.a) OPTIONS $options",
                "CREATE CONSTRAINT p_b FOR (p:P) REQUIRE p.b IS UNIQUE OPTIONS {indexProvider: 'native-btree-1.0'}")) {
            assertThatThrownBy(() -> db.run(refused)).as(refused).isInstanceOf(CypherException.class)
                    .hasMessageContaining("index")
                    .extracting(e -> ((CypherException) e).statusCode())
                    .isEqualTo("Neo.ClientError.Statement.ArgumentError");
        }
        assertThat(db.values("SHOW INDEXES").stream().map(r -> r.get(1)).toList()).doesNotContain("p_a");
        assertThat(db.values("SHOW CONSTRAINTS").stream().map(r -> r.get(1)).toList()).containsExactly("q_i");
    }
}

package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

/**
 * Neo4j 5 label expressions (issue 14 item 2) and the procedures tools call on connecting (item 5),
 * through the Neo4j Java driver against the real server process.
 */
class LabelExpressionsAndProceduresE2ETest {
    static OneServer db;

    @BeforeAll
    static void start() throws Exception {
        db = OneServer.start();
        db.write("CREATE (a:A {n: 'a'}), (b:B {n: 'b'}), (ab:A:B {n: 'ab'}), (c:C {n: 'c'}), ({n: 'none'}), "
                + "(a)-[:T]->(b), (a)-[:U]->(c), (ab)-[:V]->(c)");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    static List<List<Object>> q(String query) {
        return db.rows(query);
    }

    static List<Object> column(String query) {
        return q(query).stream().map(r -> r.get(0)).toList();
    }

    static List<String> names(String query) {
        try (Session s = db.driver.session()) {
            return s.run(query).list(r -> r.get("name").asString());
        }
    }

    @Test
    void nodeLabelExpressions() {
        assertThat(column("MATCH (x:A|B) RETURN x.n ORDER BY x.n")).containsExactly("a", "ab", "b");
        assertThat(column("MATCH (x:A&B) RETURN x.n")).containsExactly("ab");
        assertThat(column("MATCH (x:!A) RETURN x.n ORDER BY x.n")).containsExactly("b", "c", "none");
        assertThat(column("MATCH (x:%) RETURN x.n ORDER BY x.n")).containsExactly("a", "ab", "b", "c");
        assertThat(column("MATCH (x:(A|C)&!B) RETURN x.n ORDER BY x.n")).containsExactly("a", "c");
        assertThat(column("MATCH (x) WHERE x:A|C RETURN x.n ORDER BY x.n")).containsExactly("a", "ab", "c");
        assertThat(q("MATCH (x {n: 'none'}) RETURN x:!%, x:A|%")).containsExactly(List.of(true, false));
    }

    @Test
    void relationshipTypeExpressions() {
        assertThat(column("MATCH ()-[r:T|U]->() RETURN type(r) ORDER BY type(r)")).containsExactly("T", "U");
        assertThat(column("MATCH ()-[r:!T]->() RETURN type(r) ORDER BY type(r)")).containsExactly("U", "V");
        assertThat(column("MATCH (:A&!B)-[r:%]->(:C) RETURN type(r)")).containsExactly("U");
    }

    @Test
    void aBrokenLabelExpressionIsASyntaxError() {
        assertThat(db.failure("MATCH (x:A|) RETURN x").get(0)).isEqualTo("Neo.ClientError.Statement.SyntaxError");
    }

    @Test
    void theProceduresToolsCallOnConnecting() {
        assertThat(column("CALL db.labels() YIELD label RETURN label ORDER BY label")).containsExactly("A", "B", "C");
        assertThat(column("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType "
                + "ORDER BY relationshipType")).containsExactly("T", "U", "V");
        assertThat(column("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey")).containsExactly("n");
        assertThat(q("CALL db.ping()")).containsExactly(List.of(true));
        assertThat(q("CALL dbms.components() YIELD name, edition RETURN name, edition")).containsExactly(
                List.of("Neo4j Kernel", "community"), List.of("Memgraph HA", "community"));
        // inside a query, with YIELD and WHERE
        assertThat(q("MATCH (x:A) CALL db.labels() YIELD label WITH x, label WHERE label = 'C' "
                + "RETURN x.n, label ORDER BY x.n")).containsExactly(List.of("a", "C"), List.of("ab", "C"));
        assertThat(names("SHOW PROCEDURES")).contains("db.labels", "db.ping", "db.schema.visualization",
                "dbms.components", "dbms.info");
        assertThat(names("SHOW FUNCTIONS")).contains("toUpper", "count", "point.distance");
    }

    @Test
    void anUnknownProcedureIsProcedureNotFound() {
        List<String> failure = db.failure("CALL db.nope()");
        assertThat(failure.get(0)).isEqualTo("Neo.ClientError.Procedure.ProcedureNotFound");
        assertThat(failure.get(1))
                .startsWith("There is no procedure with the name `db.nope` registered for this database instance");
    }
}

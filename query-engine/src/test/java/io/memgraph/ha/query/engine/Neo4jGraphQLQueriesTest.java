package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queries the Neo4j GraphQL Library (@neo4j/graphql 7) generates
 * (memgraph-ha-server/src/test/graphql/graphql-check.mjs), reduced to what failed here, and the
 * rules they rely on: every query starts with {@code CYPHER 5}, and its CALL subqueries with a
 * scope clause often begin with a WITH.
 */
class Neo4jGraphQLQueriesTest {
    private final Db db = new Db();

    @BeforeEach
    void graph() {
        db.run("CREATE (matrix:Movie {title: 'The Matrix', released: 1999}),"
                + " (hannibal:Series {title: 'Hannibal', released: 2013}),"
                + " (keanu:Person {name: 'Keanu Reeves'}), (laurence:Person {name: 'Laurence Fishburne'}),"
                + " (keanu)-[:ACTED_IN {roles: ['Neo']}]->(matrix),"
                + " (laurence)-[:ACTED_IN {roles: ['Morpheus']}]->(matrix),"
                + " (laurence)-[:ACTED_IN {roles: ['Jack Crawford']}]->(hannibal)");
    }

    private String failure(String query) {
        try {
            db.run(query);
        } catch (CypherException e) {
            return e.statusCode() + ": " + e.getMessage();
        }
        throw new AssertionError("no error for " + query);
    }

    // ---------------------------------------------------------------- CYPHER 5

    @Test
    void cypherVersionPrefixIsAccepted() {
        assertThat(db.values("CYPHER 5\nMATCH (m:Movie) RETURN m.title")).containsExactly(row("The Matrix"));
        assertThat(db.values("CYPHER 25 RETURN 1 AS one")).containsExactly(row(1L));
        assertThat(db.values("cypher 5 RETURN 1 AS one")).containsExactly(row(1L));
        // the library's first query, before it builds the schema
        assertThat(db.values("CYPHER 5\nCALL dbms.components() YIELD versions, edition UNWIND versions AS version"
                + " RETURN version, edition")).isNotEmpty();
    }

    @Test
    void plannerAndRuntimeOptionsAreAcceptedAndChangeNothing() {
        // what the library writes for cypherQueryOptions: { runtime: 'interpreted', planner: 'cost' }
        assertThat(db.values("CYPHER 5\nCYPHER runtime=interpreted planner=cost\nMATCH (p:Person) RETURN count(p)"))
                .containsExactly(row(2L));
        assertThat(db.values("CYPHER runtime=slotted RETURN 1 AS one")).containsExactly(row(1L));
        assertThat(db.values("CYPHER 5 runtime=pipelined expressionEngine=compiled RETURN 1 AS one"))
                .containsExactly(row(1L));
        assertThat(db.values("CYPHER RETURN 1 AS one")).containsExactly(row(1L));
    }

    @Test
    void prefixGoesBeforeOrAfterExplainAndBeforeAnyStatement() {
        assertThat(db.run("CYPHER 5 EXPLAIN MATCH (n) RETURN n")).isNotEmpty();
        assertThat(db.run("EXPLAIN CYPHER 5 MATCH (n) RETURN n")).isNotEmpty();
        assertThat(db.run("CYPHER 5 PROFILE MATCH (n:Movie) RETURN n")).isNotEmpty();
        db.run("CYPHER 5 CREATE INDEX movie_title FOR (m:Movie) ON (m.title)");
        assertThat(db.values("CYPHER 5 SHOW INDEXES YIELD name RETURN name")).containsExactly(row("movie_title"));
        db.run("CYPHER 5 CREATE (:Genre {name: 'SciFi'})");
        assertThat(db.single("MATCH (g:Genre) RETURN g.name")).isEqualTo("SciFi");
    }

    @Test
    void cypherIsStillANameElsewhere() {
        assertThat(db.values("WITH 1 AS cypher RETURN cypher")).containsExactly(row(1L));
        assertThat(db.values("MATCH (cypher:Movie) RETURN cypher.title AS CYPHER")).containsExactly(row("The Matrix"));
    }

    @Test
    void otherVersionsAndMalformedOptionsAreSyntaxErrors() {
        assertThat(failure("CYPHER 4.4 RETURN 1")).startsWith("Neo.ClientError.Statement.SyntaxError")
                .contains("Cypher version 4.4 is not supported: use CYPHER 5 or CYPHER 25, or no version");
        assertThat(failure("CYPHER 3 MATCH (n) RETURN n")).contains("Cypher version 3 is not supported");
        assertThat(failure("CYPHER runtime=$x RETURN 1")).startsWith("Neo.ClientError.Statement.SyntaxError")
                .contains("expected the value of a query option");
        assertThat(failure("CYPHER 5")).startsWith("Neo.ClientError.Statement.SyntaxError")
                .contains("Unexpected end of input");
        assertThat(failure("RETURN 1 CYPHER 5")).startsWith("Neo.ClientError.Statement.SyntaxError");
    }

    // ---------------------------------------------------------------- WITH first in CALL (x) { }

    /** A scalar @cypher field: the library wraps the statement in a scoped CALL that renames {@code this}. */
    @Test
    void cypherFieldStatementStartsWithWithInAScopedCall() {
        assertThat(db.values("""
                CYPHER 5
                MATCH (this:Movie)
                CALL (this) {
                  CALL (this) {
                    WITH this AS this
                    MATCH (this)<-[:ACTED_IN]-(p:Person) RETURN count(p) AS c
                  }
                  WITH c AS this0
                  RETURN this0 AS var1
                }
                WITH *
                ORDER BY var1 DESC, this.title ASC
                RETURN this { .title, actorCount: var1 } AS this
                """)).containsExactly(row(Map.of("title", "The Matrix", "actorCount", 2L)));
    }

    /** A relationship to an interface: one UNION branch per implementing type, each starting WITH *. */
    @Test
    void interfaceUnionBranchesStartWithWithStar() {
        assertThat(db.values("""
                CYPHER 5
                MATCH (this:Person)
                WHERE this.name = $param0
                CALL (this) {
                  CALL (*) {
                    WITH *
                    MATCH (this)-[this4:ACTED_IN]->(this5:Movie)
                    WITH this5 { .title, __resolveType: 'Movie' } AS var6
                    RETURN var6
                    UNION
                    WITH *
                    MATCH (this)-[this7:ACTED_IN]->(this8:Series)
                    WITH this8 { .title, __resolveType: 'Series' } AS var6
                    RETURN var6
                  }
                  WITH var6
                  ORDER BY var6.title ASC
                  RETURN collect(var6) AS var6
                }
                RETURN this { .name, actedIn: var6 } AS this
                """, "param0", "Laurence Fishburne")).containsExactly(row(Map.of("name", "Laurence Fishburne",
                "actedIn", List.of(Map.of("title", "Hannibal", "__resolveType", "Series"),
                        Map.of("title", "The Matrix", "__resolveType", "Movie")))));
    }

    /** Connect to an interface in an update: a unit CALL (*) of unit CALL (this) subqueries, then a read. */
    @Test
    void connectToAnInterfaceThenReadItBack() {
        db.run("""
                CYPHER 5
                MATCH (this:Person)
                WITH *
                WHERE this.name = $param0
                WITH *
                CALL (*) {
                  CALL (this) {
                    MATCH (this0:Movie)
                    WHERE this0.title = $param1
                    CREATE (this)-[this1:ACTED_IN]->(this0)
                    SET this1.roles = $param2
                  }
                  CALL (this) {
                    MATCH (this2:Series)
                    WHERE this2.title = $param1
                    CREATE (this)-[this3:ACTED_IN]->(this2)
                    SET this3.roles = $param2
                  }
                }
                WITH this
                RETURN this { .name } AS this
                """, "param0", "Keanu Reeves", "param1", "Hannibal", "param2", List.of("Guest"));
        assertThat(db.values("MATCH (:Person {name: 'Keanu Reeves'})-[r:ACTED_IN]->(p) RETURN p.title, r.roles"
                + " ORDER BY p.title")).containsExactly(row("Hannibal", List.of("Guest")), row("The Matrix", List.of("Neo")));
    }

    @Test
    void leadingWithInAScopedCallIsAnOrdinaryWith() {
        assertThat(db.values("UNWIND [1, 2] AS x CALL (x) { WITH x RETURN x + 1 AS y } RETURN y"))
                .containsExactly(row(2L), row(3L));
        assertThat(db.values("UNWIND [1, 2] AS x CALL (x) { WITH x WHERE x > 1 RETURN x * 10 AS y } RETURN y"))
                .containsExactly(row(20L));
        assertThat(db.values("UNWIND [1, 2] AS x CALL (*) { WITH * RETURN x AS y ORDER BY y DESC } RETURN y"))
                .containsExactly(row(1L), row(2L));
        assertThat(db.values("WITH 5 AS x CALL (x) { WITH x * 2 AS d RETURN d } RETURN x, d"))
                .containsExactly(row(5L, 10L));
        // the unscoped form still imports with its leading WITH
        assertThat(db.values("UNWIND [1, 2] AS x CALL { WITH x RETURN x * 10 AS y } RETURN y"))
                .containsExactly(row(10L), row(20L));
    }

    @Test
    void aScopedCallStillSeesOnlyWhatItImports() {
        assertThat(failure("WITH 1 AS x, 2 AS z CALL (x) { WITH z RETURN z AS y } RETURN y"))
                .contains("Variable `z` not defined");
        assertThat(failure("WITH 1 AS x CALL () { WITH x RETURN x AS y } RETURN y"))
                .contains("Variable `x` not defined");
        assertThatThrownBy(() -> db.run("WITH 1 AS x CALL (x) { WITH x AS y RETURN y AS x } RETURN x"))
                .isInstanceOf(CypherException.class).hasMessageContaining("`x`");
    }
}

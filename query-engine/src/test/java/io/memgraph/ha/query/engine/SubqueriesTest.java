package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Subqueries as Neo4j 5 writes them: {@code COUNT { }}, {@code COLLECT { }}, {@code EXISTS { }}
 * with any read-only body, {@code CALL (x) { }}, {@code CALL (*) { }}, UNION inside CALL, and
 * {@code OPTIONAL CALL}. Every expression subquery is correlated: the outer row's variables are
 * visible inside.
 */
class SubqueriesTest {
    private static final Db DB = graph();

    /** Ann owns dogs Rex (3) and Fido (5) and cat Tom; Bob owns dog Max (2); Cid owns nothing. */
    private static Db graph() {
        Db db = new Db();
        db.run("CREATE (ann:P {name: 'Ann'}), (bob:P {name: 'Bob'}), (:P {name: 'Cid'}), "
                + "(ann)-[:OWNS]->(:Dog {name: 'Rex', age: 3}), (ann)-[:OWNS]->(:Dog {name: 'Fido', age: 5}), "
                + "(ann)-[:OWNS]->(:Cat {name: 'Tom', age: 7}), (bob)-[:OWNS]->(:Dog {name: 'Max', age: 2})");
        return db;
    }

    private static String error(String query) {
        try {
            DB.run(query);
        } catch (CypherException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + query);
    }

    // ---------------------------------------------------------------- COUNT { }

    @Test
    void countOfAPatternIsCorrelatedPerOuterRow() {
        assertThat(DB.values("MATCH (p:P) RETURN p.name, COUNT { (p)-[:OWNS]->(:Dog) } AS dogs ORDER BY p.name"))
                .containsExactly(row("Ann", 2L), row("Bob", 1L), row("Cid", 0L));
    }

    @Test
    void countWithWhereAndInAWhere() {
        assertThat(DB.values("MATCH (p:P) WHERE COUNT { (p)-->(x) WHERE x.age > 2 } >= 2 RETURN p.name"))
                .containsExactly(row("Ann"));
    }

    @Test
    void countOfAFullQueryCountsItsRows() {
        assertThat(DB.values("MATCH (p:P) RETURN p.name, COUNT { MATCH (p)-->(x) WITH x.age AS a WHERE a < 6 "
                + "RETURN a } AS n ORDER BY p.name"))
                .containsExactly(row("Ann", 2L), row("Bob", 1L), row("Cid", 0L));
    }

    @Test
    void countWithAggregationInsideIsOneRowPerOuterRow() {
        // an aggregation without grouping keys returns one row even over no input
        assertThat(DB.values("MATCH (p:P) RETURN p.name, COUNT { MATCH (p)-->(x) RETURN count(x) AS c } AS n "
                + "ORDER BY p.name"))
                .containsExactly(row("Ann", 1L), row("Bob", 1L), row("Cid", 1L));
    }

    @Test
    void countOfAUnionDropsDuplicatesAndUnionAllKeepsThem() {
        assertThat(DB.single("MATCH (p:P {name: 'Ann'}) RETURN COUNT { MATCH (p)-->(d:Dog) RETURN 1 AS x "
                + "UNION MATCH (p)-->(c:Cat) RETURN 1 AS x }")).isEqualTo(1L);
        assertThat(DB.single("MATCH (p:P {name: 'Ann'}) RETURN COUNT { MATCH (p)-->(d:Dog) RETURN 1 AS x "
                + "UNION ALL MATCH (p)-->(c:Cat) RETURN 1 AS x }")).isEqualTo(3L);
    }

    // ---------------------------------------------------------------- COLLECT { }

    @Test
    void collectReturnsTheListOfItsOneColumn() {
        assertThat(DB.values("MATCH (p:P) RETURN p.name, COLLECT { MATCH (p)-->(d:Dog) RETURN d.name ORDER BY d.name }"
                + " AS dogs ORDER BY p.name"))
                .containsExactly(row("Ann", List.of("Fido", "Rex")), row("Bob", List.of("Max")), row("Cid", List.of()));
    }

    @Test
    void collectInAWhereAndWithAggregationAndNulls() {
        assertThat(DB.values("MATCH (p:P) WHERE 'Max' IN COLLECT { MATCH (p)-->(d) RETURN d.name } RETURN p.name"))
                .containsExactly(row("Bob"));
        assertThat(DB.single("MATCH (p:P {name: 'Ann'}) RETURN COLLECT { MATCH (p)-->(x) "
                + "WITH labels(x)[0] AS kind, sum(x.age) AS total RETURN kind + ':' + total ORDER BY kind }"))
                .isEqualTo(List.of("Cat:7", "Dog:8"));
        assertThat(DB.single("MATCH (p:P {name: 'Bob'}) RETURN COLLECT { MATCH (p)-->(d) RETURN d.missing }"))
                .isEqualTo(java.util.Arrays.asList((Object) null));
    }

    @Test
    void collectOfAUnion() {
        assertThat(DB.single("MATCH (p:P {name: 'Ann'}) RETURN COLLECT { MATCH (p)-->(d:Dog) RETURN d.name AS n "
                + "UNION MATCH (p)-->(c:Cat) RETURN c.name AS n }"))
                .asList().containsExactlyInAnyOrder("Rex", "Fido", "Tom");
    }

    @Test
    void collectNeedsExactlyOneReturnColumn() {
        assertThat(error("MATCH (p:P) RETURN COLLECT { MATCH (p)-->(d) RETURN d.name, d.age }"))
                .contains("A COLLECT subquery must end with a single return column");
        assertThat(error("MATCH (p:P) RETURN COLLECT { MATCH (p)-->(d) }"))
                .contains("A COLLECT subquery must end with a single return column");
    }

    // ---------------------------------------------------------------- EXISTS { }

    @Test
    void existsWithAFullBody() {
        assertThat(DB.values("MATCH (p:P) WHERE EXISTS { MATCH (p)-->(x) WITH count(x) AS n WHERE n > 1 } "
                + "RETURN p.name")).containsExactly(row("Ann"));
        assertThat(DB.values("MATCH (p:P) WHERE EXISTS { MATCH (p)-->(x:Cat) RETURN x UNION MATCH (p)-->(x:Dog) "
                + "WHERE x.age < 3 RETURN x } RETURN p.name ORDER BY p.name")).containsExactly(row("Ann"), row("Bob"));
        assertThat(DB.values("MATCH (p:P) RETURN p.name, EXISTS { MATCH (p)-->(x) WITH x ORDER BY x.age LIMIT 1 "
                + "WHERE x.age > 2 } AS e ORDER BY p.name"))
                .containsExactly(row("Ann", true), row("Bob", false), row("Cid", false));
    }

    @Test
    void existsFastPathStillAnswersMatchOnlyBodies() {
        assertThat(DB.values("MATCH (p:P) WHERE NOT EXISTS { MATCH (p)-->(:Dog) } RETURN p.name"))
                .containsExactly(row("Cid"));
    }

    @Test
    void expressionSubqueriesCannotWriteOrShadow() {
        assertThat(error("MATCH (p:P) RETURN COUNT { CREATE (x) }")).contains("cannot contain an update clause");
        assertThat(error("MATCH (p:P) RETURN COLLECT { MATCH (p)-->(d) WITH d AS p RETURN p.name }"))
                .contains("The variable `p` is shadowing a variable with the same name from the outer scope");
    }

    @Test
    void outerVariablesStayVisibleInAnExpressionSubqueryAfterAWith() {
        // Neo4j 5: the outer scope is visible in the whole body, a WITH need not pass it on
        assertThat(DB.values("MATCH (p:P) WHERE EXISTS { WITH 'Rex' AS dogName MATCH (p)-[:OWNS]->(d:Dog)"
                + " WHERE d.name = dogName } RETURN p.name")).containsExactly(row("Ann"));
        assertThat(DB.values("MATCH (p:P) RETURN p.name, COUNT { MATCH (p)-[:OWNS]->(d) WITH d.age AS age"
                + " WHERE age > size(p.name) RETURN age } AS n ORDER BY p.name"))
                .containsExactly(row("Ann", 2L), row("Bob", 0L), row("Cid", 0L));
        // after an aggregation, and in a MATCH after it (a forgotten p would match every owner)
        assertThat(DB.values("MATCH (p:P) RETURN p.name, COLLECT { MATCH (p)-[:OWNS]->(d:Dog) WITH count(d) AS dogs"
                + " MATCH (p)-[:OWNS]->(pet) WITH dogs, count(pet) AS pets RETURN dogs + '/' + pets } AS s ORDER BY p.name"))
                .containsExactly(row("Ann", List.of("2/3")), row("Bob", List.of("1/1")), row("Cid", List.of()));
        // in any expression after the WITH, not only in a pattern (which could also bind a new variable)
        assertThat(DB.values("MATCH (p:P {name: 'Bob'}) RETURN COLLECT { WITH 1 AS one RETURN p.name + one }"))
                .containsExactly(row(List.of("Bob1")));
        // ... and RETURN * leaves them out
        assertThat(DB.values("MATCH (p:P {name: 'Bob'}) RETURN COLLECT { MATCH (p)-->(d) WITH d.name AS n RETURN * }"))
                .containsExactly(row(List.of("Max")));
        assertThat(error("MATCH (p:P) RETURN COUNT { WITH 1 AS x WITH x AS p RETURN p }"))
                .contains("The variable `p` is shadowing a variable with the same name from the outer scope");
    }

    // ---------------------------------------------------------------- CALL (x) { }

    @Test
    void scopeClauseImportsOnlyTheListedVariables() {
        assertThat(DB.values("MATCH (p:P) CALL (p) { MATCH (p)-->(d:Dog) RETURN count(d) AS dogs } "
                + "RETURN p.name, dogs ORDER BY p.name"))
                .containsExactly(row("Ann", 2L), row("Bob", 1L), row("Cid", 0L));
        assertThat(error("MATCH (p:P) WITH p, 1 AS k CALL (p) { RETURN k AS kk } RETURN kk"))
                .contains("Variable `k` not defined");
    }

    @Test
    void scopeAllAndScopeNone() {
        assertThat(DB.values("UNWIND [1, 2] AS x WITH x, 10 AS y CALL (*) { RETURN x + y AS s } RETURN s"))
                .containsExactly(row(11L), row(12L));
        assertThat(DB.values("UNWIND [1, 2] AS x CALL () { MATCH (d:Dog) RETURN count(d) AS dogs } RETURN x, dogs"))
                .containsExactly(row(1L, 3L), row(2L, 3L));
        assertThat(error("UNWIND [1, 2] AS x CALL () { RETURN x AS y } RETURN y")).contains("Variable `x` not defined");
    }

    @Test
    void scopeClauseRefusesUnimportedAndUnknownNamesAndShadowing() {
        // a leading WITH is an ordinary WITH over the imported variables (Neo4jGraphQLQueriesTest)
        assertThat(error("UNWIND [1] AS x WITH x, 2 AS z CALL (x) { WITH z RETURN z + 1 AS y } RETURN y"))
                .contains("Variable `z` not defined");
        assertThat(error("UNWIND [1] AS x CALL (z) { RETURN 1 AS y } RETURN y")).contains("Variable `z` not defined");
        assertThat(error("UNWIND [1] AS x CALL (x) { RETURN x } RETURN x")).contains("Variable `x` already declared");
    }

    /** Neo4j 5: variables imported into a CALL subquery are visible in the whole subquery. */
    @Test
    void importedVariablesStayVisibleAfterAWithThatDropsThem() {
        assertThat(DB.values("UNWIND [1, 2] AS x CALL (x) { WITH 10 AS y RETURN x + y AS z } RETURN z"))
                .containsExactly(row(11L), row(12L));
        // after an aggregation (even over no rows), DISTINCT, ORDER BY and LIMIT, and in a MATCH
        assertThat(DB.values("MATCH (p:P) CALL (p) { MATCH (p)-[:OWNS]->(d:Dog) WITH count(d) AS dogs"
                + " MATCH (p)-[:OWNS]->(pet) WITH dogs, count(pet) AS pets RETURN p.name + ': ' + dogs + '/' + pets AS s }"
                + " RETURN s ORDER BY s"))
                .containsExactly(row("Ann: 2/3"), row("Bob: 1/1"));
        assertThat(DB.values("MATCH (p:P) CALL (p) { OPTIONAL MATCH (p)-[:OWNS]->(d:Dog) WITH count(d) AS dogs"
                + " RETURN p.name AS owner, dogs } RETURN owner, dogs ORDER BY owner"))
                .containsExactly(row("Ann", 2L), row("Bob", 1L), row("Cid", 0L));
        assertThat(DB.values("MATCH (p:P {name: 'Ann'}) CALL (p) { MATCH (p)-[:OWNS]->(d) WITH DISTINCT labels(d) AS l"
                + " ORDER BY l[0] LIMIT 1 RETURN p.name + ' ' + l[0] AS s } RETURN s"))
                .containsExactly(row("Ann Cat"));
        // the importing WITH form too, and through nested subqueries and UNION parts
        assertThat(DB.values("UNWIND [1, 2] AS x CALL { WITH x WITH 100 AS h RETURN x + h AS z } RETURN z"))
                .containsExactly(row(101L), row(102L));
        assertThat(DB.values("UNWIND [1] AS x CALL (x) { WITH 1 AS a CALL (x) { WITH 2 AS b RETURN x + b AS c }"
                + " RETURN a + c AS d UNION WITH 5 AS e RETURN x + e AS d } RETURN d ORDER BY d"))
                .containsExactly(row(4L), row(6L));
        // a WITH may pass one on under its own name, not give its name to something else
        assertThat(DB.values("UNWIND [3] AS x CALL (x) { WITH x, 1 AS y RETURN x + y AS z } RETURN z"))
                .containsExactly(row(4L));
        assertThat(error("UNWIND [3] AS x CALL (x) { WITH 1 AS x RETURN x AS z } RETURN z"))
                .contains("The variable `x` is shadowing a variable with the same name from the outer scope");
        // ... but RETURN * and WITH * after such a WITH leave them out (the Neo4j GraphQL Library's counts)
        assertThat(DB.values("MATCH (p:P {name: 'Ann'}) WITH p, 1 AS var0 CALL (*) { MATCH (p)-[:OWNS]->(x)"
                + " WITH count(x) AS totalCount RETURN * } RETURN var0, totalCount")).containsExactly(row(1L, 3L));
        assertThat(DB.run("UNWIND [1] AS x CALL (x) { WITH 2 AS y WITH *, 3 AS z RETURN * } RETURN *"))
                .containsExactly(java.util.Map.of("x", 1L, "y", 2L, "z", 3L));
        // what the body did not import stays invisible after a WITH as before it
        assertThat(error("UNWIND [1] AS x WITH x, 2 AS k CALL (x) { WITH 1 AS y RETURN k + y AS z } RETURN z"))
                .contains("Variable `k` not defined");
    }

    @Test
    void importingWithStillWorks() {
        assertThat(DB.values("UNWIND [1, 2] AS x CALL { WITH x RETURN x * 10 AS y } RETURN y"))
                .containsExactly(row(10L), row(20L));
    }

    // ---------------------------------------------------------------- UNION in CALL

    @Test
    void unionInsideCallImportsIntoEachPart() {
        assertThat(DB.values("MATCH (p:P {name: 'Ann'}) CALL (p) { MATCH (p)-->(d:Dog) RETURN d.name AS n "
                + "UNION ALL MATCH (p)-->(c:Cat) RETURN c.name AS n } RETURN n ORDER BY n"))
                .containsExactly(row("Fido"), row("Rex"), row("Tom"));
        assertThat(DB.values("MATCH (p:P) CALL { WITH p MATCH (p)-->(d:Dog) RETURN 'dog' AS kind "
                + "UNION WITH p MATCH (p)-->(c:Cat) RETURN 'cat' AS kind } RETURN p.name, kind ORDER BY p.name, kind"))
                .containsExactly(row("Ann", "cat"), row("Ann", "dog"), row("Bob", "dog"));
    }

    // ---------------------------------------------------------------- OPTIONAL CALL

    @Test
    void optionalCallKeepsRowsWithoutResultsWithNulls() {
        assertThat(DB.values("MATCH (p:P) OPTIONAL CALL (p) { MATCH (p)-->(d:Dog) RETURN d.name AS dog } "
                + "RETURN p.name, dog ORDER BY p.name, dog"))
                .containsExactly(row("Ann", "Fido"), row("Ann", "Rex"), row("Bob", "Max"), row("Cid", null));
        assertThat(DB.values("MATCH (p:P) CALL (p) { MATCH (p)-->(d:Dog) RETURN d.name AS dog } "
                + "RETURN p.name, dog ORDER BY p.name, dog"))
                .containsExactly(row("Ann", "Fido"), row("Ann", "Rex"), row("Bob", "Max"));
    }
}

package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Type predicate expressions ({@code x IS :: T}), as the Neo4j 5 manual's "Type predicate expressions" page shows them. */
class TypePredicatesTest {
    private final Db db = new Db();

    @Test
    void verifiesTheTypeOfAnExpression() {
        assertThat(db.values("UNWIND [42, true, 'abc', null] AS val RETURN val, val IS :: INTEGER AS isInteger"))
                .containsExactly(row(42L, true), row(true, false), row("abc", false), row(null, true));
        assertThat(db.values("UNWIND [42, true, 'abc', null] AS val RETURN val IS NOT :: STRING"))
                .containsExactly(row(true), row(true), row(false), row(false));
    }

    @Test
    void nullIsOfEveryTypeUnlessNotNull() {
        assertThat(db.values("RETURN null IS :: BOOLEAN, null IS :: BOOLEAN NOT NULL, null IS :: BOOLEAN!"))
                .containsExactly(row(true, false, false));
        assertThat(db.values("RETURN (null + 1) IS NOT :: DATE, (null + 1) IS NOT :: DATE NOT NULL"))
                .containsExactly(row(false, true));
        assertThat(db.values("RETURN null IS :: NULL, 1 IS :: NULL, null IS :: NULL NOT NULL"))
                .containsExactly(row(true, false, false));
        assertThat(db.values("RETURN 42 IS :: ANY, 42 IS :: NOTHING, null IS :: NOTHING, null IS :: ANY NOT NULL"))
                .containsExactly(row(true, false, false, false));
    }

    @Test
    void filtersPropertiesByType() {
        db.run("CREATE (:Person {name: 'Alice', age: 18}), (:Person {name: 'Bob', age: '20'}),"
                + " (:Person {name: 'Charlie', age: 21})");
        assertThat(db.values("MATCH (n:Person) WHERE n.age IS :: INTEGER AND n.age > 18 RETURN n.name"))
                .containsExactly(row("Charlie"));
        assertThat(db.values("MATCH (n:Person) WHERE n.age :: STRING RETURN n.name")).containsExactly(row("Bob"));
        assertThat(db.values("MATCH (n:Person) WHERE n.missing IS :: INTEGER NOT NULL RETURN n.name")).isEmpty();
    }

    @Test
    void synonymsAndSyntacticVariations() {
        assertThat(db.values("RETURN 1 IS TYPED INT, 1 IS NOT TYPED SIGNED INTEGER, 1 :: INTEGER, true :: BOOL,"
                + " 'a' IS :: VARCHAR, 1.5 IS :: FLOAT")).containsExactly(row(true, false, true, true, true, true));
        assertThat(db.values("RETURN date() IS :: DATE, localtime() IS :: LOCAL TIME,"
                + " localtime() IS :: TIME WITHOUT TIME ZONE, time() IS :: ZONED TIME,"
                + " time() IS :: TIME WITH TIMEZONE, localdatetime() IS :: LOCAL DATETIME,"
                + " localdatetime() IS :: TIMESTAMP WITHOUT TIME ZONE, datetime() IS :: ZONED DATETIME,"
                + " datetime() IS :: TIMESTAMP WITH TIME ZONE, duration('P1D') IS :: DURATION,"
                + " point({x: 1, y: 2}) IS :: POINT")).containsExactly(row(true, true, true, true, true, true, true,
                        true, true, true, true));
        // a time is not a datetime, a zoned value not a local one
        assertThat(db.values("RETURN time() IS :: LOCAL TIME, datetime() IS :: LOCAL DATETIME, date() IS :: ZONED DATETIME"))
                .containsExactly(row(false, false, false));
    }

    @Test
    void graphTypes() {
        db.social();
        assertThat(db.values("MATCH p = (a {name: 'Alice'})-[r:WORKS_AT]->(b) RETURN a IS :: NODE, a IS :: ANY NODE,"
                + " a IS :: VERTEX, r IS :: RELATIONSHIP, r IS :: ANY RELATIONSHIP, r IS :: EDGE, p IS :: PATH,"
                + " a IS :: MAP, r IS :: NODE, p IS :: RELATIONSHIP, {k: a} IS :: ANY MAP, {} IS :: MAP"))
                .containsExactly(row(true, true, true, true, true, true, true, false, false, false, true, true));
    }

    @Test
    void listTypes() {
        assertThat(db.values("UNWIND [[42], [42, null], [42, 42.0]] AS val RETURN val IS :: LIST<INTEGER>,"
                + " val IS :: LIST<INTEGER NOT NULL>, val IS :: ARRAY<INT>, val IS :: INTEGER LIST"))
                .containsExactly(row(true, true, true, true), row(true, false, true, true), row(false, false, false, false));
        assertThat(db.values("RETURN [] IS :: LIST<NOTHING>, [] IS :: LIST<INTEGER>, [] IS :: LIST<FLOAT NOT NULL>,"
                + " [1, 0, true, false] IS :: LIST<BOOLEAN | INTEGER>, [[1], [2]] IS :: LIST<LIST<INTEGER>>,"
                + " 1 IS :: LIST<ANY>, null IS :: LIST<INTEGER> NOT NULL, [1] IS :: INTEGER LIST NOT NULL"))
                .containsExactly(row(true, true, true, true, true, false, false, true));
        assertThat(db.single("RETURN $b IS :: LIST<INTEGER>", "b", new byte[] {1, 2})).isEqualTo(true);
    }

    @Test
    void closedDynamicUnions() {
        assertThat(db.values("UNWIND [42, 42.0, '42'] AS val RETURN val IS :: INTEGER | FLOAT,"
                + " val IS :: ANY<INTEGER | FLOAT>, val IS :: ANY VALUE<STRING>"))
                .containsExactly(row(true, true, false), row(true, true, false), row(false, false, true));
        assertThat(db.values("RETURN null IS :: INTEGER | FLOAT, null IS :: INTEGER NOT NULL | FLOAT NOT NULL"))
                .containsExactly(row(true, false));
        CypherSyntaxException mixed = org.assertj.core.api.Assertions.catchThrowableOfType(CypherSyntaxException.class,
                () -> db.run("RETURN 1 IS :: INTEGER NOT NULL | FLOAT"));
        assertThat(mixed.shortMessage())
                .isEqualTo("All types in a Closed Dynamic Union must be nullable, or be appended with `NOT NULL`.");
        assertThatThrownBy(() -> db.run("RETURN 1 IS :: ANY<INTEGER | FLOAT> NOT NULL"))
                .hasMessageStartingWith("Closed Dynamic Union Types can not be appended with `NOT NULL`");
    }

    @Test
    void propertyValueIsWhatNeo4jCanStore() {
        assertThat(db.values("RETURN 1 IS :: PROPERTY VALUE, [1, 2] IS :: PROPERTY VALUE, [] IS :: PROPERTY VALUE,"
                + " date() IS :: ANY PROPERTY VALUE, [1, 'a'] IS :: PROPERTY VALUE, [1, null] IS :: PROPERTY VALUE,"
                + " {a: 1} IS :: PROPERTY VALUE, [[1]] IS :: PROPERTY VALUE"))
                .containsExactly(row(true, true, true, true, false, false, false, false));
    }

    @Test
    void bindsLikeIsNull() {
        // a predicate of everything of the additive level before it, below NOT and AND
        assertThat(db.single("RETURN 1 + 1 IS :: INTEGER")).isEqualTo(true);
        assertThat(db.single("RETURN 'a' || 'b' IS :: STRING")).isEqualTo(true);
        assertThat(db.single("RETURN NOT 1 IS :: STRING")).isEqualTo(true);
        assertThat(db.single("RETURN 1 IS :: INTEGER AND 'a' IS :: STRING")).isEqualTo(true);
        assertThat(db.single("RETURN 1 IS :: STRING = false")).isEqualTo(true);
        assertThat(db.single("RETURN 1 IS :: INTEGER IS NOT NULL")).isEqualTo(true);
    }

    @Test
    void typeWordsStayNames() {
        db.run("CREATE ({type: 'T', date: 1, integer: 2})");
        assertThat(db.values("MATCH (n) RETURN n.type, n.date, n.integer")).containsExactly(row("T", 1L, 2L));
        assertThat(db.values("WITH 1 AS date, 2 AS string, 3 AS typed, 4 AS list RETURN date, string, typed, list,"
                + " date IS :: INTEGER AS d")).containsExactly(row(1L, 2L, 3L, 4L, true));
        assertThat(db.single("RETURN date('2020-01-01') :: DATE")).isEqualTo(true);
    }

    @Test
    void aPipeEndsTheTypeWhereItEndsAnExpression() {
        // in the WHERE of a list comprehension | starts the projection, as with label expressions
        assertThat(db.single("RETURN [x IN [1, 'a', 2.0] WHERE x IS :: INTEGER | x * 10]")).isEqualTo(List.of(10L));
        assertThat(db.single("RETURN [x IN [1, 'a', 2.0] WHERE x IS :: ANY<INTEGER | FLOAT> | x]"))
                .isEqualTo(List.of(1L, 2.0));
    }

    @Test
    void misspelledTypesAreSyntaxErrors() {
        CypherSyntaxException e = org.assertj.core.api.Assertions.catchThrowableOfType(CypherSyntaxException.class,
                () -> db.run("RETURN 1 IS :: INTEGR"));
        assertThat(e.shortMessage()).isEqualTo(
                "Invalid input 'INTEGR': expected a type (e.g. INTEGER, STRING, LIST<INTEGER>, INTEGER | FLOAT)");
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThatThrownBy(() -> db.run("RETURN 1 IS :: LIST<INTEGER")).hasMessageStartingWith("Unexpected end of input: expected '>'")
                .satisfies(x -> assertThat(x.getMessage()).doesNotContain("\tat "));
        assertThatThrownBy(() -> db.run("RETURN 1 IS NOT FLOAT")).hasMessageStartingWith(
                "Invalid input 'FLOAT': expected 'NULL', 'TYPED', '::' or '[NFC | NFD | NFKC | NFKD] NORMALIZED'");
        assertThatThrownBy(() -> db.run("RETURN 1 IS :: TIME ZONE")).hasMessageStartingWith(
                "Invalid input 'ZONE': expected 'WITH' or 'WITHOUT'");
    }
}

package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extended simple CASE of Neo4j 5 ("Conditional expressions (CASE)" in the Neo4j 5 manual). */
class ExtendedCaseTest {
    private final Db db = new Db();

    @Test
    void theManualsExample() {
        db.run("CREATE (:Person {name: 'Alice', age: 38}), (:Person {name: 'Bob', age: 25}),"
                + " (:Person {name: 'Charlie', age: 53}), (:Person {name: 'Daniel'}), (:Person {name: 'Eskil', age: 41}),"
                + " (:Person {name: 'Fay', age: 1}), (:Person {name: 'Gil', age: 'old'}), (:Person {name: 'Hal', age: 12})");
        assertThat(db.values("MATCH (n:Person) RETURN n.name, CASE n.age"
                + " WHEN IS NULL, IS NOT TYPED INTEGER | FLOAT THEN 'Unknown'"
                + " WHEN = 0, = 1, = 2 THEN 'Baby'"
                + " WHEN <= 13 THEN 'Child'"
                + " WHEN < 20 THEN 'Teenager'"
                + " WHEN < 30 THEN 'Young Adult'"
                + " WHEN > 1000 THEN 'Immortal'"
                + " ELSE 'Adult' END AS result ORDER BY n.name"))
                .containsExactly(row("Alice", "Adult"), row("Bob", "Young Adult"), row("Charlie", "Adult"),
                        row("Daniel", "Unknown"), row("Eskil", "Adult"), row("Fay", "Baby"), row("Gil", "Unknown"),
                        row("Hal", "Child"));
    }

    @Test
    void severalValuesPerWhen() {
        assertThat(db.single("UNWIND ['blue', 'brown', 'hazel', 'green', null] AS eyes"
                + " RETURN collect(CASE eyes WHEN 'blue' THEN 1 WHEN 'brown', 'hazel' THEN 2 ELSE 3 END)"))
                .isEqualTo(List.of(1L, 2L, 2L, 3L, 3L));
        // plain values and comparisons mix; the first test that holds wins
        assertThat(db.single("UNWIND [1, 5, 10] AS x RETURN collect(CASE x WHEN 1, > 8 THEN 'edge' ELSE 'mid' END)"))
                .isEqualTo(List.of("edge", "mid", "edge"));
    }

    @Test
    void nullNeverEqualsButIsNullMatches() {
        assertThat(db.single("RETURN CASE null WHEN null THEN 'eq' WHEN = null THEN 'op' ELSE 'else' END")).isEqualTo("else");
        assertThat(db.single("RETURN CASE null WHEN < 1 THEN 'lt' WHEN IS NULL THEN 'null' END")).isEqualTo("null");
        assertThat(db.single("RETURN CASE 1 WHEN IS NULL THEN 'null' WHEN IS NOT NULL THEN 'value' END")).isEqualTo("value");
        assertThat(db.single("RETURN CASE 'a' WHEN < 1 THEN 'lt' END")).isNull(); // incomparable: no match, no error
        // a null subject is of every nullable type
        assertThat(db.single("RETURN CASE null WHEN IS TYPED INTEGER THEN 'int' END")).isEqualTo("int");
        assertThat(db.single("RETURN CASE null WHEN IS TYPED INTEGER NOT NULL THEN 'int' ELSE 'no' END")).isEqualTo("no");
    }

    @Test
    void everyComparator() {
        assertThat(db.values("WITH 5 AS x RETURN CASE x WHEN = 5 THEN 1 END, CASE x WHEN <> 4 THEN 1 END,"
                + " CASE x WHEN != 5 THEN 1 ELSE 0 END, CASE x WHEN < 6 THEN 1 END, CASE x WHEN <= 5 THEN 1 END,"
                + " CASE x WHEN > 4 THEN 1 END, CASE x WHEN >= 5 THEN 1 END"))
                .containsExactly(row(1L, 1L, 0L, 1L, 1L, 1L, 1L));
        assertThat(db.values("WITH 'abc' AS s RETURN CASE s WHEN STARTS WITH 'ab' THEN 1 END,"
                + " CASE s WHEN ENDS WITH 'bc' THEN 1 END, CASE s WHEN =~ 'a.c' THEN 1 END,"
                + " CASE s WHEN IS TYPED STRING THEN 1 END, CASE s WHEN IS NOT TYPED STRING THEN 1 ELSE 0 END"))
                .containsExactly(row(1L, 1L, 1L, 1L, 0L));
    }

    @Test
    void theSubjectIsEvaluatedOnce() {
        db.run("UNWIND range(1, 20) AS i CREATE (:N {i: i})");
        // rand() once per row: with one evaluation per test, some row would fall through to ELSE
        assertThat(db.single("MATCH (n:N) WITH CASE toInteger(rand() * 3)"
                + " WHEN = 0 THEN 'a' WHEN = 1 THEN 'b' WHEN = 2 THEN 'c' ELSE 'none' END AS c RETURN collect(DISTINCT c)"))
                .asList().doesNotContain("none");
    }

    @Test
    void operandsBindAsInNeo4j() {
        // after a comparator the value is an additive expression; AND/OR belong to the surrounding expression
        assertThat(db.single("RETURN CASE 3 WHEN < 1 + 3 THEN 'yes' END")).isEqualTo("yes");
        assertThat(db.single("RETURN CASE 'ab' WHEN = 'a' || 'b' THEN 'yes' END")).isEqualTo("yes");
        assertThat(db.single("RETURN CASE 3 WHEN = 3 THEN 1 END = 1 AND true")).isEqualTo(true);
        assertThat(db.single("RETURN CASE [1] WHEN = [1] || [] THEN 'list' END")).isEqualTo("list");
        // a | between CASE and END never ends the enclosing comprehension's WHERE
        assertThat(db.single("RETURN [x IN [1, 'a'] WHERE CASE x WHEN IS TYPED INTEGER | FLOAT THEN true END | x]"))
                .isEqualTo(List.of(1L));
        // CASE inside a WHEN value has its own subject
        assertThat(db.single("RETURN CASE 2 WHEN = CASE 7 WHEN > 5 THEN 2 END THEN 'nested' END")).isEqualTo("nested");
    }

    @Test
    void misuseIsASyntaxError() {
        CypherSyntaxException e = org.assertj.core.api.Assertions.catchThrowableOfType(CypherSyntaxException.class,
                () -> db.run("RETURN CASE 1 WHEN IS :: INTEGER THEN 1 END"));
        assertThat(e.shortMessage())
                .isEqualTo("Invalid input '::': a type test in a CASE alternative is written IS TYPED <TYPE>");
        assertThatThrownBy(() -> db.run("RETURN CASE 1 WHEN :: INTEGER THEN 1 END"))
                .hasMessageStartingWith("Invalid input '::': a type test in a CASE alternative is written IS TYPED");
        // the generic form has no subject to compare
        assertThatThrownBy(() -> db.run("RETURN CASE WHEN < 1 THEN 1 END"))
                .hasMessageStartingWith("Invalid input '<': expected an expression");
        assertThatThrownBy(() -> db.run("RETURN CASE WHEN true, false THEN 1 END"))
                .hasMessageStartingWith("Invalid input ',': expected 'THEN'");
        assertThatThrownBy(() -> db.run("RETURN CASE 'a' WHEN IS FOO NORMALIZED THEN 1 END"))
                .hasMessageStartingWith("Invalid input 'FOO': expected 'NULL', 'TYPED' or '[NFC | NFD | NFKC | NFKD] NORMALIZED'");
    }
}

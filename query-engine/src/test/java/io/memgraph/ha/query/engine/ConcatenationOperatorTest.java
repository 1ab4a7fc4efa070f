package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ||} (Neo4j 5.19, GQL): "String concatenation operators" and "List operators" of the Neo4j 5 manual. */
class ConcatenationOperatorTest {
    private final Db db = new Db();

    @Test
    void concatenatesStringsAndLists() {
        assertThat(db.single("RETURN 'Neo' || '4j'")).isEqualTo("Neo4j");
        assertThat(db.single("RETURN 'Alpha' || ' ' || 'Beta'")).isEqualTo("Alpha Beta");
        assertThat(db.single("RETURN [1, 2, 3, 4, 5] || [6, 7]")).isEqualTo(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L));
        assertThat(db.single("RETURN [] || []")).isEqualTo(List.of());
        assertThat(db.single("RETURN [[1]] || [[2], null]")).isEqualTo(java.util.Arrays.asList(List.of(1L), List.of(2L), null));
        assertThat(db.single("RETURN $b || [1]", "b", new byte[] {7})).isEqualTo(List.of(7L, 1L));
    }

    @Test
    void propertiesConcatenate() {
        db.run("CREATE (:Person {firstName: 'Keanu', lastName: 'Reeves'})");
        assertThat(db.single("MATCH (p:Person) SET p.fullName = p.firstName || ' ' || p.lastName RETURN p.fullName"))
                .isEqualTo("Keanu Reeves");
    }

    @Test
    void nullOnEitherSideGivesNull() {
        assertThat(db.single("RETURN 'a' || null")).isNull();
        assertThat(db.single("RETURN null || 'a'")).isNull();
        assertThat(db.single("RETURN [1] || null")).isNull();
        assertThat(db.single("RETURN null || [1]")).isNull();
        assertThat(db.single("RETURN null || null")).isNull();
        assertThat(db.single("WITH {a: 1} AS m RETURN 'x' || m.missing")).isNull();
    }

    @Test
    void bindsLikePlusAndMinusLeftToRight() {
        // same level as + and -: 'a' || 'b' + 'c' is ('a' || 'b') + 'c'
        assertThat(db.single("RETURN 'a' || 'b' + 'c'")).isEqualTo("abc");
        // were || tighter, these would compute 2 || [3] and 1 || 'b', both type errors
        assertThat(db.single("RETURN [1] + 2 || [3]")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(db.single("RETURN 'a' + 1 || 'b'")).isEqualTo("a1b");
    }

    @Test
    void tighterThanComparisonAndLooserThanMultiplication() {
        assertThat(db.single("RETURN 'a' || 'b' = 'ab'")).isEqualTo(true);
        assertThat(db.single("RETURN [1] || [2] = [1, 2]")).isEqualTo(true);
        assertThat(db.single("RETURN 'ab' STARTS WITH 'a' || 'b'")).isEqualTo(true);
        assertThat(db.values("RETURN [1] || [2 * 3] AS l, size('a' || 'bc') AS s")).containsExactly(row(List.of(1L, 6L), 3L));
        assertThatThrownBy(() -> db.run("RETURN 'x' || 'y' * 2")).hasMessageContaining("String * Integer");
    }

    @Test
    void otherOperandTypesAreTypeErrors() {
        // unlike +, || neither turns a number into text nor appends a single element
        assertThatThrownBy(() -> db.run("RETURN 'a' || 1"))
                .isInstanceOf(CypherException.class)
                .hasMessage("Cannot compute String || Integer (a || 1): || concatenates two Strings or two Lists");
        assertThatThrownBy(() -> db.run("RETURN [1] || 2")).hasMessageContaining("Cannot compute List || Integer");
        assertThatThrownBy(() -> db.run("RETURN 1 || [2]")).hasMessageContaining("Cannot compute Integer || List");
        assertThatThrownBy(() -> db.run("RETURN 'a' || ['b']")).hasMessageContaining("Cannot compute String || List");
        assertThatThrownBy(() -> db.run("RETURN 1 + 2 || 3")).hasMessageContaining("Integer || Integer (3 || 3)");
        CypherException e = org.assertj.core.api.Assertions.catchThrowableOfType(CypherException.class,
                () -> db.run("RETURN {a: 1} || {b: 2}"));
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(e.getMessage()).doesNotContain("\n\tat ");
    }

    @Test
    void aSinglePipeKeepsItsMeanings() {
        assertThat(db.single("RETURN [x IN ['a', 'b'] | x || '!']")).isEqualTo(List.of("a!", "b!"));
        assertThat(db.single("RETURN reduce(s = '', x IN ['a'] || ['b'] | s || x)")).isEqualTo("ab");
        assertThat(db.single("RETURN [x IN [1, 2] WHERE x > 1 | [x] || [x]]")).isEqualTo(List.of(List.of(2L, 2L)));
    }
}

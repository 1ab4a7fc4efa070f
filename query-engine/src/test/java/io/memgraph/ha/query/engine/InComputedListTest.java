package io.memgraph.ha.query.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.query.QueryControl;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code IN l} over many rows, {@code l} a list the query computed (collect, a list comprehension,
 * a literal), answered from a hash set of that list object, as the scan would; a list that differs
 * per row is each row's own.
 */
class InComputedListTest {
    private final Db db = new Db();

    @Test
    void aCollectedListIsTestedAsEquality() {
        db.run("UNWIND range(0, 99) AS i CREATE (:A {i: i, f: toFloat(i), s: toString(i)})");
        db.run("UNWIND range(0, 199) AS i CREATE (:B {i: i})");
        assertThat(db.single("MATCH (a:A) WITH collect(a.i) AS l MATCH (b:B) WHERE b.i IN l RETURN count(b)"))
                .isEqualTo(100L);
        // floats that are integral equal their integers; strings do not
        assertThat(db.single("MATCH (a:A) WITH collect(a.f) AS l MATCH (b:B) WHERE b.i IN l RETURN count(b)"))
                .isEqualTo(100L);
        assertThat(db.single("MATCH (a:A) WITH collect(a.s) AS l MATCH (b:B) WHERE b.i IN l RETURN count(b)"))
                .isEqualTo(0L);
        assertThat(db.single("MATCH (a:A) WITH collect(a.i) AS l MATCH (b:B) WHERE NOT b.i IN l RETURN count(b)"))
                .isEqualTo(100L);
    }

    @Test
    void aListComprehensionOverManyRowsIsLookedUpAsTheScanWouldAnswer() {
        assertThat(db.single("WITH [x IN range(1, 2000) | x * 2] AS l UNWIND range(1, 2000) AS k"
                + " WITH k, l WHERE k IN l RETURN count(*)")).isEqualTo(1000L);
        assertThat(db.single("WITH [x IN range(0, 40) | toFloat(x) / 2] AS l UNWIND range(-5, 25) AS k"
                + " WITH k, l WHERE k IN l RETURN collect(k)"))
                .isEqualTo(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L,
                        18L, 19L, 20L));
        assertThat(db.single("WITH [x IN range(1, 40) | -0.0 * x] + [0.0 / 0.0] AS l UNWIND range(1, 30) AS k"
                + " WITH k, l WHERE 0 IN l AND NOT (0.0 / 0.0) IN l RETURN count(*)")).isEqualTo(30L);
    }

    @Test
    void aMissIsNullWhenTheListHoldsANull() {
        List<List<Object>> rows = db.values("WITH range(1, 30) + [null] AS l UNWIND range(0, 3) AS k"
                + " RETURN k IN l ORDER BY k");
        assertThat(rows).containsExactly(Arrays.asList((Object) null), List.of(true), List.of(true), List.of(true));
        assertThat(db.single("WITH range(1, 30) + [null] AS l UNWIND range(0, 40) AS k"
                + " WITH k, l WHERE NOT k IN l RETURN count(*)")).isEqualTo(0L);
    }

    @Test
    void aListOfListsIsScanned() {
        assertThat(db.single("WITH [x IN range(1, 30) | [x]] AS l UNWIND range(0, 40) AS k"
                + " WITH k, l WHERE [k] IN l RETURN count(*)")).isEqualTo(30L);
        assertThat(db.single("WITH range(1, 30) + [[1]] AS l UNWIND range(0, 40) AS k"
                + " WITH k, l WHERE k IN l RETURN count(*)")).isEqualTo(30L);
    }

    @Test
    void eachRowsOwnListIsUsed() {
        // two lists of one size, each carried by several rows in turn
        assertThat(db.values("UNWIND [range(1, 20), range(21, 40), range(1, 20)] AS l UNWIND range(1, 3) AS k"
                + " RETURN 1 IN l, 21 IN l")).containsExactly(
                        List.of(true, false), List.of(true, false), List.of(true, false),
                        List.of(false, true), List.of(false, true), List.of(false, true),
                        List.of(true, false), List.of(true, false), List.of(true, false));
        // a list made anew for each row, unlike the one before
        db.run("UNWIND range(0, 49) AS i CREATE (:A {i: i})");
        assertThat(db.single("MATCH (a:A) WITH a, [x IN range(0, 30) | x + a.i] AS l"
                + " UNWIND range(0, 3) AS k WITH a, l, k WHERE 40 IN l RETURN count(DISTINCT a)")).isEqualTo(31L);
    }

    @Test
    void theSameListReachedByTwoVariables() {
        assertThat(db.single("WITH [x IN range(1, 40) | x] AS a WITH a, a AS b UNWIND range(-10, 50) AS k"
                + " WITH k, a, b WHERE k IN a AND k IN b AND NOT k + 100 IN b RETURN count(*)")).isEqualTo(40L);
        assertThat(db.single("WITH range(1, 40) AS a WITH a, [x IN a | x] AS b UNWIND range(-10, 50) AS k"
                + " WITH k, a, b WHERE (k IN a) = (k IN b) RETURN count(*)")).isEqualTo(61L);
    }

    @Test
    void theSetIsCountedAgainstTheQueryMemoryLimit() {
        QueryControl control = new QueryControl(null, 1L << 30);
        db.runResult(control, "WITH range(1, 20000) AS l UNWIND range(1, 20000) AS k"
                + " WITH k, l WHERE k IN l RETURN count(*)");
        assertThat(control.peakBytes()).isGreaterThanOrEqualTo(20000L * 48);
    }
}

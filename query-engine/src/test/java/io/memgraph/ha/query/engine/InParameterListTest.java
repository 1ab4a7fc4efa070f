package io.memgraph.ha.query.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code IN $list} over many rows, answered from the parameter's hash set, as the scan would. */
class InParameterListTest {
    private final Db db = new Db();

    private List<Object> ids(Object... extra) {
        List<Object> ids = new ArrayList<>();
        for (long i = 0; i < 100; i += 10) {
            ids.add(i);
            ids.add(1000 + i); // no node has these: the list is long enough to get a set
        }
        ids.addAll(Arrays.asList(extra));
        return ids;
    }

    @Test
    void everyNodeOfAScanIsTestedAgainstTheParameterAsEquality() {
        db.run("UNWIND range(0, 99) AS i CREATE (:A {i: i, f: toFloat(i) + 0.5, s: toString(i)})");
        List<Object> ids = ids(25.0, 33.5, "7", true);
        assertThat(db.values("MATCH (a:A) WHERE a.i IN $ids RETURN a.i ORDER BY a.i", "ids", ids).stream()
                .map(r -> r.get(0)).toList()).containsExactly(0L, 10L, 20L, 25L, 30L, 40L, 50L, 60L, 70L, 80L, 90L);
        assertThat(db.single("MATCH (a:A) WHERE a.f IN $ids RETURN collect(a.i)", "ids", ids)).isEqualTo(List.of(33L));
        assertThat(db.single("MATCH (a:A) WHERE a.s IN $ids RETURN collect(a.i)", "ids", ids)).isEqualTo(List.of(7L));
        assertThat(db.single("MATCH (a:A) WHERE NOT a.i IN $ids RETURN count(a)", "ids", ids)).isEqualTo(89L);
    }

    @Test
    void aMissIsNullWhenTheListHoldsANull() {
        db.run("UNWIND range(0, 99) AS i CREATE (:A {i: i})");
        List<Object> ids = ids((Object) null);
        // a null IN answer filters the row out either way: NOT null is null too
        assertThat(db.single("MATCH (a:A) WHERE a.i IN $ids RETURN count(a)", "ids", ids)).isEqualTo(10L);
        assertThat(db.single("MATCH (a:A) WHERE NOT a.i IN $ids RETURN count(a)", "ids", ids)).isEqualTo(0L);
        assertThat(db.values("MATCH (a:A) WHERE a.i < 2 RETURN a.i IN $ids ORDER BY a.i", "ids", ids))
                .containsExactly(Arrays.asList(true), Arrays.asList((Object) null));
    }
}

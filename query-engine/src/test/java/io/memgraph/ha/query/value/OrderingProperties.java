package io.memgraph.ha.query.value;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ORDER BY comparator is a total order and agrees with equivalence and its hash. */
class OrderingProperties {

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.recursive(this::scalars, this::containers, 3);
    }

    private Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.longs().between(-3, 3).map(l -> (Object) l),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 9007199254740993L).map(l -> (Object) l),
                Arbitraries.of(-1.5, -0.0, 0.0, 1.0, 2.0, 2.5, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, 9007199254740992.0, 0x1p63).map(d -> (Object) d),
                Arbitraries.strings().alpha().ofMaxLength(2).map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.integers().between(1, 3).map(d -> (Object) LocalDate.of(2020, 1, d)),
                Arbitraries.integers().between(0, 2).map(h -> (Object) LocalTime.of(h, 0)),
                Arbitraries.longs().between(0, 2).map(d -> (Object) new CypherDuration(0, d, 0, 0)));
    }

    private Arbitrary<Object> containers(Arbitrary<Object> inner) {
        Arbitrary<Object> lists = inner.list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> maps = Arbitraries.maps(Arbitraries.of("a", "b", "c"), inner).ofMaxSize(2)
                .map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.oneOf(lists, maps);
    }

    @Property(tries = 400)
    void antisymmetric(@ForAll("values") Object a, @ForAll("values") Object b) {
        assertThat(Integer.signum(CypherValues.orderCompare(a, b)))
                .isEqualTo(-Integer.signum(CypherValues.orderCompare(b, a)));
    }

    @Property(tries = 400)
    void transitive(@ForAll("values") Object a, @ForAll("values") Object b, @ForAll("values") Object c) {
        List<Object> sorted = new ArrayList<>(java.util.Arrays.asList(a, b, c));
        sorted.sort(CypherValues.ORDER);
        assertThat(CypherValues.orderCompare(sorted.get(0), sorted.get(1))).isLessThanOrEqualTo(0);
        assertThat(CypherValues.orderCompare(sorted.get(1), sorted.get(2))).isLessThanOrEqualTo(0);
        assertThat(CypherValues.orderCompare(sorted.get(0), sorted.get(2))).isLessThanOrEqualTo(0);
    }

    @Property(tries = 400)
    void reflexiveAndConsistentWithEquivalenceAndHash(@ForAll("values") Object a, @ForAll("values") Object b) {
        assertThat(CypherValues.orderCompare(a, a)).isZero();
        boolean same = CypherValues.orderCompare(a, b) == 0;
        assertThat(CypherValues.equivalent(a, b)).isEqualTo(same);
        if (same) {
            assertThat(CypherValues.hash(a)).isEqualTo(CypherValues.hash(b));
        }
    }

    @Property(tries = 300)
    void equalityNeverContradictsEquivalence(@ForAll("values") Object a, @ForAll("values") Object b) {
        // Where = says TRUE the values are equivalent; where they are not equivalent = is not TRUE.
        Boolean eq = CypherValues.equal(a, b);
        if (Boolean.TRUE.equals(eq)) {
            assertThat(CypherValues.equivalent(a, b)).isTrue();
        }
    }

    @Property(tries = 200)
    void copiesAreEquivalent(@ForAll("values") Object a) {
        Object copy = deepCopy(a);
        assertThat(CypherValues.equivalent(a, copy)).isTrue();
        assertThat(CypherValues.hash(a)).isEqualTo(CypherValues.hash(copy));
    }

    private static Object deepCopy(Object v) {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(deepCopy(x)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, x) -> out.put((String) k, deepCopy(x)));
            return out;
        }
        if (v instanceof Long l && l > -4 && l < 4) {
            return (double) l; // an integer and its float are equivalent
        }
        return v;
    }
}

package io.memgraph.ha.query.value;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CypherValuesTest {
    record Node(long id) implements NodeValue {}

    record Rel(long id) implements RelationshipValue {}

    @Test
    void equalityAcrossNumbers() {
        assertThat(CypherValues.equal(1L, 1.0)).isTrue();
        assertThat(CypherValues.equal(1L, 1.5)).isFalse();
        assertThat(CypherValues.equal(Double.NaN, Double.NaN)).isFalse();
        assertThat(CypherValues.equal(0.0, -0.0)).isTrue();
        // 2^53 + 1 is not representable as a double: exact comparison keeps them apart.
        assertThat(CypherValues.equal(9007199254740993L, 9007199254740992.0)).isFalse();
    }

    @Test
    void equalityWithNull() {
        assertThat(CypherValues.equal(null, 1L)).isNull();
        assertThat(CypherValues.equal(null, null)).isNull();
        assertThat(CypherValues.equal(List.of(1L, 2L), Arrays.asList(1L, null))).isNull();
        assertThat(CypherValues.equal(List.of(1L, 2L), Arrays.asList(3L, null))).isFalse();
        assertThat(CypherValues.equal(List.of(1L), Arrays.asList(1L, null))).isFalse();
        Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("a", null);
        assertThat(CypherValues.equal(withNull, withNull)).isNull();
        assertThat(CypherValues.equal(Map.of("a", 1L), Map.of("b", 1L))).isFalse();
    }

    @Test
    void equalityAcrossTypesIsFalse() {
        assertThat(CypherValues.equal(1L, "1")).isFalse();
        assertThat(CypherValues.equal(true, 1L)).isFalse();
        assertThat(CypherValues.equal(List.of(1L), 1L)).isFalse();
        assertThat(CypherValues.equal(new Node(1), new Node(1))).isTrue();
        assertThat(CypherValues.equal(new Node(1), new Rel(1))).isFalse();
    }

    @Test
    void comparisonOperators() {
        assertThat(CypherValues.lessThan(1L, 2.5)).isTrue();
        assertThat(CypherValues.lessThan("a", "b")).isTrue();
        assertThat(CypherValues.lessThan(false, true)).isTrue();
        assertThat(CypherValues.lessThan(1L, "a")).isNull();
        assertThat(CypherValues.lessThan(null, 1L)).isNull();
        assertThat(CypherValues.lessThan(Map.of(), Map.of())).isNull();
        assertThat(CypherValues.lessThan(new Node(1), new Node(2))).isNull();
        assertThat(CypherValues.lessThan(List.of(1L, 2L), List.of(1L, 3L))).isTrue();
        assertThat(CypherValues.lessThan(List.of(1L), List.of(1L, 0L))).isTrue();
        assertThat(CypherValues.lessThan(List.of(1L, "a"), List.of(1L, 2L))).isNull();
        assertThat(CypherValues.lessThan(LocalDate.of(2020, 1, 1), LocalDate.of(2021, 1, 1))).isTrue();
        assertThat(CypherValues.lessThan(LocalDate.of(2020, 1, 1), LocalTime.NOON)).isNull();
        assertThat(CypherValues.lessThan(new CypherDuration(1, 0, 0, 0), new CypherDuration(2, 0, 0, 0))).isNull();
        assertThat(CypherValues.greaterThanOrEqual(2L, 2.0)).isTrue();
        assertThat(CypherValues.lessThanOrEqual(3L, 2L)).isFalse();
    }

    @Test
    void nanMakesEveryOrderingPredicateFalse() {
        assertThat(CypherValues.lessThan(Double.NaN, 1L)).isFalse();
        assertThat(CypherValues.greaterThan(Double.NaN, 1L)).isFalse();
        assertThat(CypherValues.lessThanOrEqual(Double.NaN, Double.NaN)).isFalse();
        assertThat(CypherValues.greaterThanOrEqual(1.0, Double.NaN)).isFalse();
    }

    @Test
    void orderByFollowsTheSpecifiedTypeOrder() {
        ZonedDateTime zdt = ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        List<Object> expected = Arrays.asList(Map.of("a", 1L), new Node(1), new Rel(1), List.of(1L),
                new PathValue(List.of(new Node(1)), List.of()), zdt, LocalDateTime.of(2020, 1, 1, 0, 0),
                LocalDate.of(2020, 1, 1), OffsetTime.of(12, 0, 0, 0, ZoneOffset.UTC), LocalTime.NOON,
                new CypherDuration(0, 1, 0, 0), "a", false, true, Long.MIN_VALUE, -1.5, 0L, 1.0, 2L,
                Double.POSITIVE_INFINITY, Double.NaN, null);
        List<Object> shuffled = new ArrayList<>(expected);
        java.util.Collections.shuffle(shuffled, new java.util.Random(42));
        shuffled.sort(CypherValues.ORDER);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void equivalenceForDistinct() {
        assertThat(CypherValues.equivalent(null, null)).isTrue();
        assertThat(CypherValues.equivalent(Double.NaN, Double.NaN)).isTrue();
        assertThat(CypherValues.equivalent(1L, 1.0)).isTrue();
        assertThat(CypherValues.equivalent(List.of(1L, 2L), List.of(1.0, 2L))).isTrue();
        assertThat(CypherValues.equivalent("1", 1L)).isFalse();
        Set<CypherValues.Key> keys = new HashSet<>();
        keys.add(new CypherValues.Key(1L));
        keys.add(new CypherValues.Key(1.0));
        keys.add(new CypherValues.Key(null));
        keys.add(new CypherValues.Key(null));
        keys.add(new CypherValues.Key(Arrays.asList(1L, null)));
        keys.add(new CypherValues.Key(Arrays.asList(1.0, null)));
        keys.add(new CypherValues.Key(-0.0));
        keys.add(new CypherValues.Key(0L));
        assertThat(keys).hasSize(4);
    }

    @Test
    void typeNamesAndNormalisation() {
        assertThat(CypherValues.typeName(1L)).isEqualTo("Integer");
        assertThat(CypherValues.typeName(1.0)).isEqualTo("Float");
        assertThat(CypherValues.typeName(null)).isEqualTo("Null");
        assertThat(CypherValues.typeName(new CypherDuration(0, 0, 0, 0))).isEqualTo("Duration");
        assertThat(CypherValues.normalize(List.of(1, 2.5f, Map.of("k", (short) 3))))
                .isEqualTo(List.of(1L, 2.5, Map.of("k", 3L)));
        assertThat(CypherValues.isValue(List.of(1L, Map.of("a", "b")))).isTrue();
        assertThat(CypherValues.isValue(new Object())).isFalse();
    }

    @Test
    void durationNormalisesAndPrints() {
        assertThat(new CypherDuration(0, 0, 0, -1)).isEqualTo(new CypherDuration(0, 0, -1, 999_999_999));
        assertThat(new CypherDuration(14, 3, 3_723, 500_000_000).toString()).isEqualTo("P1Y2M3DT1H2M3.5S");
        assertThat(new CypherDuration(0, 0, 0, 0).toString()).isEqualTo("PT0S");
        assertThat(CypherDuration.of(0, 0, 0, -500_000_000L).toString()).isEqualTo("PT-0.5S");
        assertThat(CypherDuration.of(0, 0, -60, 500_000_000L).toString()).isEqualTo("PT-59.5S");
        assertThat(new CypherDuration(0, -2, -90, 0).toString()).isEqualTo("P-2DT-1M-30S");
    }

    @Test
    void pathNeedsOneMoreNodeThanRelationships() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PathValue(List.of(new Node(1)), List.of(new Rel(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 nodes and 1 relationships");
    }
}

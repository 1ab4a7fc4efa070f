package io.memgraph.ha.query.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.query.ast.CypherType;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** valueType()'s types are the types the type predicates agree a value has. */
class ValueTypesTest {

    private static final List<Object> VALUES = Arrays.asList(null, 1L, 1.5, "a", true, LocalDate.of(2020, 1, 1),
            Map.of("k", 1L), List.of(), Arrays.asList(1L, null), Arrays.asList(1L, "a", null),
            List.of(List.of(), List.of(1L)), List.of(List.of(1L), List.of("a")), Arrays.asList(List.of(1L), null),
            List.of(List.of(1L), Arrays.asList(1L, 2.5)), Arrays.asList(Arrays.asList((Object) null), List.of(1L)),
            List.of(Map.of(), List.of(true)), new byte[] {1, 2});

    @Test
    void everyValueIsOfItsValueType() {
        for (Object v : VALUES) {
            CypherType t = ValueTypes.of(v);
            assertThat(TypePredicates.matches(t, v)).as("%s IS :: %s", v, ValueTypes.describe(t)).isTrue();
            assertThat(TypePredicates.matches(t, null)).as("null IS :: %s", ValueTypes.describe(t)).isEqualTo(v == null);
        }
    }

    @Test
    void listElementsAreNotOfTheNarrowerTypes() {
        // [1, 'a'] is no LIST<INTEGER NOT NULL> and no LIST<STRING NOT NULL>, only of the union
        CypherType t = ValueTypes.of(List.of(1L, "a"));
        assertThat(ValueTypes.describe(t)).isEqualTo("LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL");
        assertThat(TypePredicates.matches(ValueTypes.of(List.of(1L)), List.of(1L, "a"))).isFalse();
        assertThat(TypePredicates.matches(ValueTypes.of(List.of("a")), List.of(1L, "a"))).isFalse();
    }
}

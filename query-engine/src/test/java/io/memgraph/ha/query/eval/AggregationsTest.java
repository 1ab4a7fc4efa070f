package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherDuration;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AggregationsTest {

    private static Object run(String name, boolean distinct, Object... values) {
        Aggregations.Accumulator acc = Aggregations.create(name, distinct);
        for (Object v : values) {
            acc.add(Arrays.asList(v));
        }
        return acc.result();
    }

    private static Object percentile(String name, double p, Object... values) {
        Aggregations.Accumulator acc = Aggregations.create(name, false);
        for (Object v : values) {
            acc.add(Arrays.asList(v, p));
        }
        return acc.result();
    }

    @Test
    void count() {
        assertThat(run("count", false, 1L, null, 2L, 2L)).isEqualTo(3L);
        assertThat(run("COUNT", true, 1L, null, 2L, 2L, 2.0)).isEqualTo(2L);
        assertThat(run("count", false)).isEqualTo(0L);
        Aggregations.Accumulator star = Aggregations.countStar();
        star.add(List.of());
        star.add(List.of());
        assertThat(star.result()).isEqualTo(2L);
    }

    @Test
    void sumAndAvg() {
        assertThat(run("sum", false, 1L, 2L, null)).isEqualTo(3L);
        assertThat(run("sum", false, 1L, 2.5)).isEqualTo(3.5);
        assertThat(run("sum", false)).isEqualTo(0L);
        assertThat(run("sum", true, 1L, 1L, 2L)).isEqualTo(3L);
        assertThat(run("sum", false, new CypherDuration(0, 1, 0, 0), new CypherDuration(0, 2, 0, 0)))
                .isEqualTo(new CypherDuration(0, 3, 0, 0));
        assertThat(run("avg", false, 1L, 2L, null)).isEqualTo(1.5);
        assertThat(run("avg", false)).isNull();
        assertThat(run("avg", false, new CypherDuration(0, 0, 10, 0), new CypherDuration(0, 0, 20, 0)))
                .isEqualTo(new CypherDuration(0, 0, 15, 0));
        assertThatThrownBy(() -> run("sum", false, 1L, "a")).isInstanceOf(CypherException.class)
                .hasMessageContaining("sum() can only handle numbers");
        assertThatThrownBy(() -> run("avg", false, "a")).isInstanceOf(CypherException.class);
        assertThatThrownBy(() -> run("sum", false, Long.MAX_VALUE, 1L))
                .satisfies(e -> assertThat(((CypherException) e).kind()).isEqualTo(CypherErrorKind.INTEGER_OVERFLOW));
    }

    @Test
    void minAndMax() {
        assertThat(run("min", false, 3L, 1.5, null, 2L)).isEqualTo(1.5);
        assertThat(run("max", false, 3L, 1.5, null, 2L)).isEqualTo(3L);
        assertThat(run("max", false, "a", "b")).isEqualTo("b");
        assertThat(run("min", false)).isNull();
        // Mixed types follow the ORDER BY order: strings sort before numbers.
        assertThat(run("min", false, 1L, "z")).isEqualTo("z");
        assertThat(run("max", false, 1L, "z")).isEqualTo(1L);
        assertThat(run("max", false, 1L, "a", null, List.of(1L, 2L), 0.2, "b")).isEqualTo(1L);
        assertThat(run("min", false, 1L, "a", null, List.of(1L, 2L), 0.2, "b")).isEqualTo(List.of(1L, 2L));
        assertThat(run("max", false, 1L, 2.0, 5L, null, 3.2, 0.1)).isEqualTo(5L);
        assertThat(run("max", false, List.of(1L), List.of(2L), List.of(2L, 1L))).isEqualTo(List.of(2L, 1L));
    }

    @Test
    void collect() {
        assertThat(run("collect", false, 1L, null, 2L, 1L)).isEqualTo(List.of(1L, 2L, 1L));
        assertThat(run("collect", true, 1L, null, 2L, 1L, 1.0)).isEqualTo(List.of(1L, 2L));
        assertThat(run("collect", false)).isEqualTo(new ArrayList<>());
    }

    @Test
    void standardDeviation() {
        assertThat((Double) run("stDev", false, 2L, 4L, 4L, 4L, 5L, 5L, 7L, 9L))
                .isCloseTo(2.138089935299395, within(1e-12));
        assertThat((Double) run("stDevP", false, 2L, 4L, 4L, 4L, 5L, 5L, 7L, 9L)).isCloseTo(2.0, within(1e-12));
        assertThat(run("stDev", false, 1L)).isEqualTo(0.0);
        assertThat(run("stDevP", false)).isEqualTo(0.0);
    }

    @Test
    void percentiles() {
        assertThat(percentile("percentileCont", 0.5, 10L, 20L, 30L, 40L)).isEqualTo(25.0);
        assertThat(percentile("percentileDisc", 0.5, 10L, 20L, 30L, 40L)).isEqualTo(20L);
        assertThat(percentile("percentileDisc", 0.5, 1.5, 2.5, 3.5)).isEqualTo(2.5);
        assertThat(percentile("percentileCont", 0.0, 3L, 1L, 2L)).isEqualTo(1.0);
        assertThat(percentile("percentileCont", 1.0, 3L, 1L, 2L)).isEqualTo(3.0);
        assertThat(percentile("percentileDisc", 1.0, 3L, 1L, 2L)).isEqualTo(3L);
        assertThat(percentile("percentileCont", 0.5)).isNull();
        assertThatThrownBy(() -> percentile("percentileCont", 1.5, 1L))
                .satisfies(e -> assertThat(((CypherException) e).kind()).isEqualTo(CypherErrorKind.NUMBER_OUT_OF_RANGE));
    }

    @Test
    void recognition() {
        assertThat(Aggregations.isAggregate("CoUnT")).isTrue();
        assertThat(Aggregations.isAggregate("percentileDisc")).isTrue();
        assertThat(Aggregations.isAggregate("size")).isFalse();
        assertThat(Aggregations.arity("percentileCont")).isEqualTo(2);
        assertThatThrownBy(() -> Aggregations.create("size", false)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.memgraph.ha.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Functions where Neo4j 5 answers differently from openCypher's older text, answered as Neo4j 5 does. */
class Neo4j5FunctionsTest {
    private final Db db = new Db();

    @Test
    void isNaN() {
        assertThat(db.single("RETURN isNaN(0.0 / 0.0)")).isEqualTo(true);
        assertThat(db.single("RETURN isNaN(1.5)")).isEqualTo(false);
        assertThat(db.single("RETURN isNaN(1)")).isEqualTo(false);
        assertThat(db.single("RETURN isNaN(null)")).isNull();
        assertThatThrownBy(() -> db.run("RETURN isNaN('x')")).hasMessageContaining("isNaN");
    }

    @Test
    void toBooleanOfAnInteger() {
        assertThat(db.single("RETURN toBoolean(0)")).isEqualTo(false);
        assertThat(db.single("RETURN toBoolean(-3)")).isEqualTo(true);
        assertThat(db.single("RETURN toBoolean(' TRUE ')")).isEqualTo(true);
    }

    @Test
    void temporalToStringKeepsZeroSeconds() {
        assertThat(db.single("RETURN toString(localtime('12:00'))")).isEqualTo("12:00:00");
        assertThat(db.single("RETURN toString(time('12:00+01:00'))")).isEqualTo("12:00:00+01:00");
        assertThat(db.single("RETURN toString(localdatetime('2020-01-01T12:00'))")).isEqualTo("2020-01-01T12:00:00");
        assertThat(db.single("RETURN toString(datetime('2020-01-01T12:00Z'))")).isEqualTo("2020-01-01T12:00:00Z");
        assertThat(db.single("RETURN toString(localtime('12:00:01.5'))")).isEqualTo("12:00:01.5");
    }

    @Test
    void paddedNumbersAndEmptyDeviations() {
        // Neo4j 5 parses the text as it is: padded numbers are not numbers; decimals truncate
        assertThat(db.single("RETURN toInteger(' 42 ')")).isNull();
        assertThat(db.single("RETURN toInteger('42')")).isEqualTo(42L);
        assertThat(db.single("RETURN toInteger('-42.9')")).isEqualTo(-42L);
        assertThat(db.single("RETURN toInteger('1e3')")).isEqualTo(1000L);
        assertThatThrownBy(() -> db.run("RETURN toInteger('1e30')"))
                .hasMessage("integer, 1e30, is too large");
        assertThat(db.single("UNWIND [] AS v RETURN stDev(v)")).isEqualTo(0.0);
        assertThat(db.single("UNWIND [] AS v RETURN stDevP(v)")).isEqualTo(0.0);
    }
}

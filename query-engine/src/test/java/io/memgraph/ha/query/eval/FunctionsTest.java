package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.eval.Eval.eval;
import static io.memgraph.ha.query.eval.Eval.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FunctionsTest {

    /** Every one-argument function gives null for null. */
    @ParameterizedTest
    @ValueSource(strings = {"head", "last", "tail", "reverse", "size", "length", "keys", "properties", "id", "labels",
        "type", "startNode", "endNode", "nodes", "relationships", "toInteger", "toFloat", "toString", "toBoolean",
        "abs", "ceil", "floor", "round", "sign", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "asin", "acos",
        "atan", "cot", "degrees", "radians", "haversin", "toUpper", "toLower", "trim", "ltrim", "rtrim", "date",
        "localtime", "localdatetime", "datetime", "time", "duration", "elementId"})
    void nullInNullOut(String function) {
        assertThat(eval(function + "(null)")).isNull();
    }

    @Test
    void listFunctions() {
        assertThat(eval("head([1, 2])")).isEqualTo(1L);
        assertThat(eval("head([])")).isNull();
        assertThat(eval("last([1, 2])")).isEqualTo(2L);
        assertThat(eval("last([])")).isNull();
        assertThat(eval("tail([1, 2, 3])")).isEqualTo(List.of(2L, 3L));
        assertThat(eval("tail([])")).isEqualTo(List.of());
        assertThat(eval("size([1, 2, 3])")).isEqualTo(3L);
        assertThat(eval("size('héllo')")).isEqualTo(5L);
        assertThat(eval("reverse([1, 2, 3])")).isEqualTo(List.of(3L, 2L, 1L));
        assertThat(eval("reverse('abc')")).isEqualTo("cba");
        assertThat(eval("coalesce(null, 'x', 'y')")).isEqualTo("x");
        assertThat(eval("coalesce(null, null)")).isNull();
        assertThat(new java.util.HashSet<Object>((List<?>) eval("keys({b: 1, a: 2})"))).isEqualTo(java.util.Set.of("a", "b"));
        assertThat(eval("properties({a: 1})")).isEqualTo(Map.of("a", 1L));
        for (String f : List.of("head(1)", "last('a')", "tail(1)", "size(1)", "reverse(1)", "keys(1)",
                "properties('x')")) {
            CypherException e = fails(f, CypherErrorKind.TYPE_MISMATCH);
            assertThat(e.getMessage()).contains("argument 1 of " + f.substring(0, f.indexOf('(')) + "()");
        }
    }

    @Test
    void range() {
        assertThat(eval("range(1, 5)")).isEqualTo(List.of(1L, 2L, 3L, 4L, 5L));
        assertThat(eval("range(0, 10, 3)")).isEqualTo(List.of(0L, 3L, 6L, 9L));
        assertThat(eval("range(5, 1, -2)")).isEqualTo(List.of(5L, 3L, 1L));
        assertThat(eval("range(5, 1)")).isEqualTo(List.of());
        assertThat(eval("range(9223372036854775806, 9223372036854775807)"))
                .isEqualTo(List.of(Long.MAX_VALUE - 1, Long.MAX_VALUE));
        assertThat(fails("range(1, 5, 0)", CypherErrorKind.NUMBER_OUT_OF_RANGE).statusCode())
                .isEqualTo("Neo.ClientError.Statement.ArgumentError");
        assertThat(fails("range(1, 'a')", CypherErrorKind.ARGUMENT_INVALID_ARGUMENT_TYPE).getMessage())
                .isEqualTo("Invalid argument type: expected an Integer for argument 2 of range() but was String (a)");
        assertThat(fails("range(0.0, 1)", CypherErrorKind.ARGUMENT_INVALID_ARGUMENT_TYPE).statusCode())
                .isEqualTo("Neo.ClientError.Statement.ArgumentError");
    }

    @Test
    void conversions() {
        assertThat(eval("toInteger('42')")).isEqualTo(42L);
        assertThat(eval("toInteger(' 42 ')")).isNull(); // Neo4j 5 parses the text as it is, without trimming
        assertThat(eval("toInteger('42.9')")).isEqualTo(42L);
        assertThat(eval("toInteger('x')")).isNull();
        assertThat(eval("toInteger(3.99)")).isEqualTo(3L);
        assertThat(eval("toInteger(-3.99)")).isEqualTo(-3L);
        assertThat(eval("toInteger(true)")).isEqualTo(1L);
        assertThat(eval("toFloat('1.5')")).isEqualTo(1.5);
        assertThat(eval("toFloat(2)")).isEqualTo(2.0);
        assertThat(eval("toFloat('abc')")).isNull();
        assertThat(eval("toString(42)")).isEqualTo("42");
        assertThat(eval("toString(1.5)")).isEqualTo("1.5");
        assertThat(eval("toString(true)")).isEqualTo("true");
        assertThat(eval("toString('s')")).isEqualTo("s");
        assertThat(eval("toString(date('2020-01-02'))")).isEqualTo("2020-01-02");
        assertThat(eval("toString(duration('P1DT2H'))")).isEqualTo("P1DT2H");
        assertThat(eval("toBoolean('TRUE')")).isEqualTo(true);
        assertThat(eval("toBoolean('false')")).isEqualTo(false);
        assertThat(eval("toBoolean('maybe')")).isNull();
        assertThat(eval("toBoolean(false)")).isEqualTo(false);
        fails("toInteger([])", CypherErrorKind.TYPE_MISMATCH);
        fails("toFloat({})", CypherErrorKind.TYPE_MISMATCH);
        fails("toString([1])", CypherErrorKind.TYPE_MISMATCH);
        fails("toBoolean(1.5)", CypherErrorKind.TYPE_MISMATCH);
        assertThat(eval("toBoolean(1)")).isEqualTo(true); // Neo4j 5: integers convert (0 is false)
        fails("toInteger(1e30)", CypherErrorKind.INVALID_ARGUMENT_VALUE);
    }

    @Test
    void numericFunctions() {
        assertThat(eval("abs(-3)")).isEqualTo(3L);
        assertThat(eval("abs(-3.5)")).isEqualTo(3.5);
        fails("abs(-9223372036854775808)", CypherErrorKind.INTEGER_OVERFLOW);
        assertThat(eval("ceil(1.2)")).isEqualTo(2.0);
        assertThat(eval("floor(1.8)")).isEqualTo(1.0);
        assertThat(eval("ceil(1)")).isEqualTo(1.0);
        assertThat(eval("round(2.5)")).isEqualTo(3.0);
        assertThat(eval("round(-2.5)")).isEqualTo(-2.0);
        assertThat(eval("round(3.14159, 2)")).isEqualTo(3.14);
        assertThat(eval("round(2.5, 0, 'HALF_EVEN')")).isEqualTo(2.0);
        assertThat(eval("sign(-5)")).isEqualTo(-1L);
        assertThat(eval("sign(0.0)")).isEqualTo(0L);
        assertThat(eval("sign(2.5)")).isEqualTo(1L);
        assertThat(eval("sqrt(16)")).isEqualTo(4.0);
        assertThat((Double) eval("sqrt(-1)")).isNaN();
        assertThat(eval("exp(0)")).isEqualTo(1.0);
        assertThat(eval("log(e())")).isEqualTo(1.0);
        assertThat(eval("log10(1000)")).isEqualTo(3.0);
        assertThat(eval("pi()")).isEqualTo(Math.PI);
        assertThat((Double) eval("sin(pi() / 2)")).isCloseTo(1.0, within(1e-12));
        assertThat((Double) eval("cos(0)")).isEqualTo(1.0);
        assertThat((Double) eval("tan(0)")).isEqualTo(0.0);
        assertThat((Double) eval("atan2(1, 1)")).isCloseTo(Math.PI / 4, within(1e-12));
        assertThat((Double) eval("degrees(pi())")).isCloseTo(180.0, within(1e-9));
        assertThat((Double) eval("radians(180)")).isCloseTo(Math.PI, within(1e-12));
        assertThat((Double) eval("haversin(0)")).isEqualTo(0.0);
        assertThat((Double) eval("rand()")).isBetween(0.0, 1.0);
        for (String f : List.of("abs('a')", "ceil('a')", "floor(true)", "round([])", "sign('x')", "sqrt('x')",
                "exp('x')", "log('x')", "sin('x')")) {
            CypherException e = fails(f, CypherErrorKind.TYPE_MISMATCH);
            assertThat(e.getMessage()).contains("expected a Number for argument 1");
        }
    }

    @Test
    void stringFunctions() {
        assertThat(eval("toUpper('abc')")).isEqualTo("ABC");
        assertThat(eval("toLower('ABC')")).isEqualTo("abc");
        assertThat(eval("trim('  a b  ')")).isEqualTo("a b");
        assertThat(eval("ltrim('  a ')")).isEqualTo("a ");
        assertThat(eval("rtrim('  a ')")).isEqualTo("  a");
        assertThat(eval("replace('banana', 'an', 'AN')")).isEqualTo("bANANa");
        assertThat(eval("replace(null, 'a', 'b')")).isNull();
        assertThat(eval("substring('hello', 1, 3)")).isEqualTo("ell");
        assertThat(eval("substring('hello', 2)")).isEqualTo("llo");
        assertThat(eval("substring('hello', 10)")).isEqualTo("");
        assertThat(eval("substring('hello', 1, 100)")).isEqualTo("ello");
        assertThat(eval("substring(null, 1)")).isNull();
        fails("substring('hello', -1)", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        assertThat(eval("left('hello', 2)")).isEqualTo("he");
        assertThat(eval("left('hello', 10)")).isEqualTo("hello");
        assertThat(eval("right('hello', 2)")).isEqualTo("lo");
        assertThat(eval("left(null, 2)")).isNull();
        fails("left('a', -1)", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        fails("left('a', null)", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        assertThat(eval("split('a,b,,c', ',')")).isEqualTo(List.of("a", "b", "", "c"));
        assertThat(eval("split('abc', '')")).isEqualTo(List.of("a", "b", "c"));
        assertThat(eval("split(null, ',')")).isNull();
        assertThat(fails("toUpper(1)", CypherErrorKind.TYPE_MISMATCH).getMessage())
                .isEqualTo("Type mismatch: expected a String for argument 1 of toUpper() but was Integer (1)");
        fails("replace('a', 1, 'b')", CypherErrorKind.TYPE_MISMATCH);
        fails("split('a', 1)", CypherErrorKind.TYPE_MISMATCH);
        fails("substring('a', 'b')", CypherErrorKind.TYPE_MISMATCH);
    }

    @Test
    void functionNamesAreCaseInsensitive() {
        assertThat(eval("TOUPPER('a')")).isEqualTo("A");
        assertThat(eval("Size([1])")).isEqualTo(1L);
    }

    @Test
    void graphFunctionsRejectNonEntities() {
        for (String f : List.of("id(1)", "labels('a')", "type(1)", "startNode(1)", "endNode(1)", "nodes(1)",
                "relationships(1)", "length(true)", "elementId(1)")) {
            fails(f, CypherErrorKind.TYPE_MISMATCH);
        }
    }

    @Test
    void existsOnValues() {
        assertThat(eval("exists({a: 1}.a)")).isEqualTo(true);
        assertThat(eval("exists({a: 1}.b)")).isEqualTo(false);
    }

    @Test
    void signaturesForSemanticChecks() {
        assertThat(Functions.signature("TOUPPER")).hasValueSatisfying(s -> {
            assertThat(s.minArgs()).isEqualTo(1);
            assertThat(s.maxArgs()).isEqualTo(1);
        });
        assertThat(Functions.signature("coalesce").orElseThrow().maxArgs()).isEqualTo(Integer.MAX_VALUE);
        assertThat(Functions.signature("nope")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "toString(1.0)|1.0",
        "toString(-0.5)|-0.5",
        "toString(1e20)|1.0E20",
        "toString(localtime('12:30'))|12:30:00",
        "toString(localdatetime('2020-01-02T03:04:05'))|2020-01-02T03:04:05",
    })
    void toStringFormats(String expression, String expected) {
        assertThat(eval(expression)).isEqualTo(expected);
    }
}

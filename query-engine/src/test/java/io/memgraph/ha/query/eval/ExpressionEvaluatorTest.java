package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.eval.Eval.eval;
import static io.memgraph.ha.query.eval.Eval.fails;
import static org.assertj.core.api.Assertions.assertThat;

class ExpressionEvaluatorTest {

    private static Boolean tv(String s) {
        return s.equals("null") ? null : Boolean.valueOf(s);
    }

    @ParameterizedTest(name = "{0} AND/OR/XOR {1}")
    @CsvSource({
        // a,     b,     AND,   OR,    XOR
        "true,  true,  true,  true,  false",
        "true,  false, false, true,  true",
        "true,  null,  null,  true,  null",
        "false, false, false, false, false",
        "false, null,  false, null,  null",
        "null,  null,  null,  null,  null",
        "null,  false, false, null,  null",
        "null,  true,  null,  true,  null",
        "false, true,  false, true,  true",
    })
    void threeValuedLogic(String a, String b, String and, String or, String xor) {
        assertThat(eval(a + " AND " + b)).isEqualTo(tv(and));
        assertThat(eval(a + " OR " + b)).isEqualTo(tv(or));
        assertThat(eval(a + " XOR " + b)).isEqualTo(tv(xor));
    }

    @Test
    void notAndIsNull() {
        assertThat(eval("NOT true")).isEqualTo(false);
        assertThat(eval("NOT null")).isNull();
        assertThat(eval("null IS NULL")).isEqualTo(true);
        assertThat(eval("1 IS NOT NULL")).isEqualTo(true);
        assertThat(eval("[] IS NULL")).isEqualTo(false);
        fails("NOT 1", CypherErrorKind.TYPE_MISMATCH);
        fails("1 AND true", CypherErrorKind.TYPE_MISMATCH);
    }

    @Test
    void comparisons() {
        assertThat(eval("1 = 1.0")).isEqualTo(true);
        assertThat(eval("1 <> 2")).isEqualTo(true);
        assertThat(eval("null = null")).isNull();
        assertThat(eval("null <> 1")).isNull();
        assertThat(eval("1 < 'a'")).isNull();
        assertThat(eval("'a' = 1")).isEqualTo(false);
        assertThat(eval("1 < 2 < 3")).isEqualTo(true);
        assertThat(eval("1 < 3 < 2")).isEqualTo(false);
        assertThat(eval("[1, 2] = [1, 2]")).isEqualTo(true);
        assertThat(eval("[1, null] = [1, 2]")).isNull();
        assertThat(eval("{a: 1} = {a: 1.0}")).isEqualTo(true);
        assertThat(eval("0.0/0.0 = 0.0/0.0")).isEqualTo(false);
        assertThat(eval("'abc' >= 'abd'")).isEqualTo(false);
    }

    @Test
    void arithmetic() {
        assertThat(eval("1 + 2 * 3")).isEqualTo(7L);
        assertThat(eval("7 / 2")).isEqualTo(3L);
        assertThat(eval("-7 / 2")).isEqualTo(-3L);
        assertThat(eval("7 / 2.0")).isEqualTo(3.5);
        assertThat(eval("7 % 3")).isEqualTo(1L);
        assertThat(eval("-7 % 3")).isEqualTo(-1L);
        assertThat(eval("2 ^ 10")).isEqualTo(1024.0);
        assertThat(eval("1.5 + 1")).isEqualTo(2.5);
        assertThat(eval("1 / 0.0")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(eval("-(3)")).isEqualTo(-3L);
        assertThat(eval("+3")).isEqualTo(3L);
        assertThat(eval("1 + null")).isNull();
        assertThat(eval("null * 2")).isNull();
    }

    @Test
    void integerOverflowAndDivisionByZeroAreErrors() {
        fails("9223372036854775807 + 1", CypherErrorKind.INTEGER_OVERFLOW);
        fails("-9223372036854775808 - 1", CypherErrorKind.INTEGER_OVERFLOW);
        fails("4611686018427387904 * 2", CypherErrorKind.INTEGER_OVERFLOW);
        fails("-(-9223372036854775808)", CypherErrorKind.INTEGER_OVERFLOW);
        fails("-9223372036854775808 / -1", CypherErrorKind.INTEGER_OVERFLOW);
        assertThat(fails("1 / 0", CypherErrorKind.DIVISION_BY_ZERO).statusCode())
                .isEqualTo("Neo.ClientError.Statement.ArithmeticError");
        fails("1 % 0", CypherErrorKind.DIVISION_BY_ZERO);
        assertThat(eval("-9223372036854775808 % -1")).isEqualTo(0L);
    }

    @Test
    void arithmeticTypeErrors() {
        assertThat(fails("1 + true", CypherErrorKind.TYPE_MISMATCH).getMessage())
                .contains("Integer + Boolean");
        assertThat(fails("'a' - 1").statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        fails("{} * 2", CypherErrorKind.TYPE_MISMATCH);
        fails("-'a'", CypherErrorKind.TYPE_MISMATCH);
    }

    @Test
    void stringAndListConcatenation() {
        assertThat(eval("'a' + 'b'")).isEqualTo("ab");
        assertThat(eval("'a' + 1")).isEqualTo("a1");
        assertThat(eval("1.5 + 'a'")).isEqualTo("1.5a");
        assertThat(eval("[1] + [2, 3]")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(eval("[1] + 2")).isEqualTo(List.of(1L, 2L));
        assertThat(eval("0 + [1]")).isEqualTo(List.of(0L, 1L));
        assertThat(eval("[1] + [[2]]")).isEqualTo(List.of(1L, List.of(2L)));
    }

    @Test
    void stringPredicates() {
        assertThat(eval("'hello' STARTS WITH 'he'")).isEqualTo(true);
        assertThat(eval("'hello' ENDS WITH 'lo'")).isEqualTo(true);
        assertThat(eval("'hello' CONTAINS 'ell'")).isEqualTo(true);
        assertThat(eval("'hello' CONTAINS 'xyz'")).isEqualTo(false);
        assertThat(eval("'hello' STARTS WITH null")).isNull();
        assertThat(eval("1 STARTS WITH 'a'")).isNull();
        assertThat(eval("'hello' =~ 'h.*o'")).isEqualTo(true);
        assertThat(eval("'hello' =~ 'h'")).isEqualTo(false);
        assertThat(eval("null =~ 'h'")).isNull();
        fails("'a' =~ '('", CypherErrorKind.INVALID_ARGUMENT_VALUE);
    }

    @Test
    void inOperator() {
        assertThat(eval("2 IN [1, 2, 3]")).isEqualTo(true);
        assertThat(eval("4 IN [1, 2, 3]")).isEqualTo(false);
        assertThat(eval("4 IN [1, null]")).isNull();
        assertThat(eval("1 IN [1, null]")).isEqualTo(true);
        assertThat(eval("null IN []")).isEqualTo(false);
        assertThat(eval("null IN [1]")).isNull();
        assertThat(eval("1 IN null")).isNull();
        assertThat(eval("[1] IN [[1], [2]]")).isEqualTo(true);
        fails("1 IN 1", CypherErrorKind.TYPE_MISMATCH);
    }

    @Test
    void listIndexing() {
        assertThat(eval("[1, 2, 3][0]")).isEqualTo(1L);
        assertThat(eval("[1, 2, 3][-1]")).isEqualTo(3L);
        assertThat(eval("[1, 2, 3][3]")).isNull();
        assertThat(eval("[1, 2, 3][-4]")).isNull();
        assertThat(eval("[1, 2, 3][null]")).isNull();
        assertThat(eval("null[0]")).isNull();
        assertThat(eval("{a: 1}['a']")).isEqualTo(1L);
        assertThat(eval("{a: 1}['b']")).isNull();
        fails("[1][1.0]", CypherErrorKind.LIST_ELEMENT_ACCESS_BY_NON_INTEGER);
        fails("{a: 1}[0]", CypherErrorKind.MAP_ELEMENT_ACCESS_BY_NON_STRING);
        fails("1[0]", CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE);
    }

    @Test
    void listSlicing() {
        assertThat(eval("[1, 2, 3, 4][1..3]")).isEqualTo(List.of(2L, 3L));
        assertThat(eval("[1, 2, 3, 4][..2]")).isEqualTo(List.of(1L, 2L));
        assertThat(eval("[1, 2, 3, 4][2..]")).isEqualTo(List.of(3L, 4L));
        assertThat(eval("[1, 2, 3, 4][-3..-1]")).isEqualTo(List.of(2L, 3L));
        assertThat(eval("[1, 2, 3, 4][-10..2]")).isEqualTo(List.of(1L, 2L));
        assertThat(eval("[1, 2, 3, 4][2..100]")).isEqualTo(List.of(3L, 4L));
        assertThat(eval("[1, 2, 3, 4][3..1]")).isEqualTo(List.of());
        assertThat(eval("[1, 2, 3, 4][null..2]")).isNull();
        assertThat(eval("[1, 2, 3, 4][1..null]")).isNull();
    }

    @Test
    void propertiesOfMapsAndNull() {
        assertThat(eval("{a: {b: 2}}.a.b")).isEqualTo(2L);
        assertThat(eval("{a: 1}.missing")).isNull();
        assertThat(eval("null.a")).isNull();
        assertThat(fails("(1).a", CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE).statusCode())
                .isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(eval("(l[0]).num", Map.of("l", List.of(Map.of("num", 0L), 1L)))).isEqualTo(0L);
    }

    @Test
    void caseExpressions() {
        assertThat(eval("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END")).isEqualTo("two");
        assertThat(eval("CASE 5 WHEN 1 THEN 'one' ELSE 'many' END")).isEqualTo("many");
        assertThat(eval("CASE 5 WHEN 1 THEN 'one' END")).isNull();
        assertThat(eval("CASE null WHEN null THEN 'null matched' ELSE 'no' END")).isEqualTo("no");
        assertThat(eval("CASE WHEN 1 > 2 THEN 'a' WHEN null THEN 'b' WHEN 2 > 1 THEN 'c' END")).isEqualTo("c");
        assertThat(eval("CASE 1 WHEN 1.0 THEN 'numeric equality' END")).isEqualTo("numeric equality");
    }

    @Test
    void listComprehensionsAndQuantifiers() {
        assertThat(eval("[x IN [1, 2, 3, 4] WHERE x % 2 = 0 | x * 10]")).isEqualTo(List.of(20L, 40L));
        assertThat(eval("[x IN [1, 2] | x + 1]")).isEqualTo(List.of(2L, 3L));
        assertThat(eval("[x IN [1, null, 3] WHERE x > 1]")).isEqualTo(List.of(3L));
        assertThat(eval("[x IN null | x]")).isNull();
        assertThat(eval("[x IN [1, 2] | [y IN [10, 20] | x + y]]"))
                .isEqualTo(List.of(List.of(11L, 21L), List.of(12L, 22L)));
        assertThat(eval("[x IN [1, 2] | x + outer]", Map.of("outer", 100L))).isEqualTo(List.of(101L, 102L));
        // The comprehension variable shadows an outer one and does not leak.
        assertThat(eval("[x IN [1] | x] + [x]", Map.of("x", 7L))).isEqualTo(List.of(1L, 7L));
        assertThat(eval("all(x IN [1, 2] WHERE x > 0)")).isEqualTo(true);
        assertThat(eval("all(x IN [1, null] WHERE x > 0)")).isNull();
        assertThat(eval("all(x IN [] WHERE x > 0)")).isEqualTo(true);
        assertThat(eval("any(x IN [1, null] WHERE x > 0)")).isEqualTo(true);
        assertThat(eval("any(x IN [] WHERE x > 0)")).isEqualTo(false);
        assertThat(eval("none(x IN [1, 2] WHERE x > 1)")).isEqualTo(false);
        assertThat(eval("none(x IN [null] WHERE x > 1)")).isNull();
        assertThat(eval("single(x IN [1, 2] WHERE x > 1)")).isEqualTo(true);
        assertThat(eval("single(x IN [2, 2] WHERE x > 1)")).isEqualTo(false);
        assertThat(eval("single(x IN [2, null] WHERE x > 1)")).isNull();
        assertThat(eval("any(x IN null WHERE x)")).isNull();
        fails("[x IN 1 | x]", CypherErrorKind.TYPE_MISMATCH);
    }

    @Test
    void reduce() {
        assertThat(eval("reduce(acc = 0, x IN [1, 2, 3] | acc + x)")).isEqualTo(6L);
        assertThat(eval("reduce(s = '', x IN ['a', 'b'] | s + x)")).isEqualTo("ab");
        assertThat(eval("reduce(acc = 0, x IN [] | acc + x)")).isEqualTo(0L);
        assertThat(eval("reduce(acc = 0, x IN null | acc + x)")).isNull();
    }

    @Test
    void mapLiteralsAndProjections() {
        Map<String, Object> m = new HashMap<>();
        m.put("name", "Ann");
        m.put("age", 30L);
        assertThat(eval("{a: 1, b: [2]}")).isEqualTo(Map.of("a", 1L, "b", List.of(2L)));
        assertThat(eval("m {.name, .missing, double: m.age * 2}", Map.of("m", m)))
                .isEqualTo(mapOf("name", "Ann", "missing", null, "double", 60L));
        assertThat(eval("m {.*, extra}", Map.of("m", m, "extra", true)))
                .isEqualTo(Map.of("name", "Ann", "age", 30L, "extra", true));
        assertThat(eval("m {.name}", mapOf("m", null))).isNull();
    }

    private static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    @Test
    void parameters() {
        assertThat(eval("$x + 1", Map.of(), Map.of("x", 41L))).isEqualTo(42L);
        assertThat(eval("$0", Map.of(), Map.of("0", "zero"))).isEqualTo("zero");
        assertThat(eval("$n IS NULL", Map.of(), mapOf("n", null))).isEqualTo(true);
        // Parameters from clients may be Integers; they are normalised to Long.
        assertThat(eval("$i + 1", Map.of(), Map.of("i", 1))).isEqualTo(2L);
        assertThat(fails("$missing", CypherErrorKind.PARAMETER_MISSING).statusCode())
                .isEqualTo("Neo.ClientError.Statement.ParameterMissing");
    }

    @Test
    void graphAccessWithoutAGraphIsAClearError() {
        assertThat(fails("(a)-->(b)").getMessage()).contains("without a graph");
    }

    @Test
    void aggregatesAreNotEvaluatedPerRow() {
        fails("count(*)", CypherErrorKind.INVALID_AGGREGATION);
        fails("sum(1)", CypherErrorKind.INVALID_AGGREGATION);
    }

    @Test
    void predicatesAcceptOnlyTrue() {
        ExpressionEvaluator ev = new ExpressionEvaluator(Map.of());
        assertThat(ev.isTrue(io.memgraph.ha.query.parse.CypherParser.parseExpression("null"), Row.EMPTY)).isFalse();
        assertThat(ev.isTrue(io.memgraph.ha.query.parse.CypherParser.parseExpression("1 = 1"), Row.EMPTY)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                ev.isTrue(io.memgraph.ha.query.parse.CypherParser.parseExpression("1"), Row.EMPTY))
                .hasMessageContaining("Expected a Boolean but was Integer");
    }

    @Test
    void skipAndLimitCounts() {
        ExpressionEvaluator ev = new ExpressionEvaluator(Map.of("n", 3L, "neg", -1L, "f", 1.5));
        assertThat(ev.evaluateCount(io.memgraph.ha.query.parse.CypherParser.parseExpression("$n"), "LIMIT"))
                .isEqualTo(3L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                ev.evaluateCount(io.memgraph.ha.query.parse.CypherParser.parseExpression("$neg"), "LIMIT"))
                .hasMessageContaining("non-negative");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                ev.evaluateCount(io.memgraph.ha.query.parse.CypherParser.parseExpression("$f"), "SKIP"))
                .hasMessageContaining("not a valid value for SKIP");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "-3 ^ 2#9.0",
        "-(3 ^ 2)#-9.0",
        "4 * 2 + 3 % 2#9",
        "4 / 2 - 3 * 2#-4",
        "4 ^ 3 * 2 ^ 3#512.0",
        "4 ^ 3 - 2 ^ 3#56.0",
        "-3 - 2#-5",
        "[1] + 2 IN [3] + 4#false",
        "[1] + (2 IN [3]) + 4#[1, false, 4]",
        "[1, 2] = [3, 4] IN [[3, 4], false]#false",
        "[1, 2] < [3, 4] IN [[3, 4], false]#null",
        "null IS NOT NULL = null IS NULL#false",
        "NOT null IS NULL#false",
        "(NOT null) IS NULL#true",
        "null AND true IS NULL#false",
        "true XOR null IS NOT NULL#true",
        "('abc' STARTS WITH null OR true) <> ('abc' STARTS WITH (null OR true))#null",
        "(true OR null) STARTS WITH 'abc'#null",
        "[[1], [2, 3]] + [5, [6, 7], 10][1..3]#[[1], [2, 3], [6, 7], 10]",
        "true OR false AND false#true",
        "true XOR true OR true#true",
        "NOT true = false#true",
    })
    void precedence(String expression, String expected) {
        // Compare through toString-like rendering so lists, booleans and nulls read naturally.
        assertThat(Functions.show(eval(expression))).isEqualTo(expected);
    }

    @Test
    void nullPropagatesThroughNestedExpressions() {
        assertThat(eval("[1, null, 3]")).isEqualTo(Arrays.asList(1L, null, 3L));
        assertThat(eval("size(null) + 1")).isNull();
        assertThat(eval("coalesce(null, null, 3)")).isEqualTo(3L);
    }
}

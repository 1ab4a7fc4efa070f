package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** APOC's {@code apoc.coll.*}, {@code apoc.map.*}, {@code apoc.text.*}, {@code apoc.convert.*} and utility functions. */
class ApocFunctionsTest {
    private final Db db = new Db();

    private Object eval(String expression, Object... params) {
        return db.single("RETURN " + expression + " AS v", params);
    }

    private void typeError(String expression, String message) {
        assertThatThrownBy(() -> eval(expression)).isInstanceOf(CypherException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.TypeError"));
    }

    private void argumentError(String expression, String message) {
        assertThatThrownBy(() -> eval(expression)).isInstanceOf(CypherException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.ArgumentError"));
    }

    @Test
    void collections() {
        assertThat(eval("apoc.coll.sum([1, 2, 3.5])")).isEqualTo(6.5);
        assertThat(eval("apoc.coll.sum([])")).isEqualTo(0.0);
        assertThat(eval("apoc.coll.avg([1, 2])")).isEqualTo(1.5);
        assertThat(eval("apoc.coll.avg([])")).isNull();
        assertThat(eval("apoc.coll.min([3, null, 1, 2])")).isEqualTo(1L);
        assertThat(eval("apoc.coll.max(['a', 'c', 'b'])")).isEqualTo("c");
        assertThat(eval("apoc.coll.toSet([1, 1.0, 2, null, null, 'a'])")).isEqualTo(Arrays.asList(1L, 2L, null, "a"));
        assertThat(eval("apoc.coll.sort([3, 1, 2])")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(eval("apoc.coll.flatten([[1, 2], 3, [[4]]])")).isEqualTo(List.of(1L, 2L, 3L, List.of(4L)));
        assertThat(eval("apoc.coll.flatten([[1, 2], 3, [[4]]], true)")).isEqualTo(List.of(1L, 2L, 3L, 4L));
        assertThat(eval("apoc.coll.contains([1, 2], 2.0)")).isEqualTo(true);
        assertThat(eval("apoc.coll.contains(null, 2)")).isEqualTo(false);
        assertThat(eval("apoc.coll.containsAll([1, 2, 3], [3, 1])")).isEqualTo(true);
        assertThat(eval("apoc.coll.containsAll([1, 2, 3], [4])")).isEqualTo(false);
        assertThat(eval("apoc.coll.union([1, 2], [2, 3])")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(eval("apoc.coll.intersection([1, 2, 2, 3], [2, 3, 4])")).isEqualTo(List.of(2L, 3L));
        assertThat(eval("apoc.coll.subtract([1, 2, 3], [2])")).isEqualTo(List.of(1L, 3L));
        assertThat(eval("apoc.coll.zip([1, 2], ['a'])")).isEqualTo(List.of(List.of(1L, "a"), Arrays.asList(2L, null)));
        assertThat(eval("apoc.coll.pairs([1, 2, 3])")).isEqualTo(List.of(List.of(1L, 2L), List.of(2L, 3L),
                Arrays.asList(3L, null)));
        assertThat(eval("apoc.coll.partition([1, 2, 3, 4, 5], 2)")).isEqualTo(List.of(List.of(1L, 2L),
                List.of(3L, 4L), List.of(5L)));
        assertThat(eval("apoc.coll.indexOf(['a', 'b'], 'b')")).isEqualTo(1L);
        assertThat(eval("apoc.coll.indexOf(['a', 'b'], 'z')")).isEqualTo(-1L);
        assertThat(eval("apoc.coll.frequencies(['a', 'b', 'a'])")).isEqualTo(List.of(Map.of("item", "a", "count", 2L),
                Map.of("item", "b", "count", 1L)));
        assertThat(eval("apoc.coll.duplicates([1, 2, 1, 3, 3])")).isEqualTo(List.of(1L, 3L));
        assertThat(eval("apoc.coll.sum(null)")).isNull();
        db.run("CREATE (:P {n: 2}), (:P {n: 1}), (:P {n: 3})");
        assertThat(db.single("MATCH (p:P) WITH collect(p) AS ps"
                + " RETURN [x IN apoc.coll.sortNodes(ps, 'n') | x.n]")).isEqualTo(List.of(3L, 2L, 1L));
        assertThat(db.single("MATCH (p:P) WITH collect(p) AS ps"
                + " RETURN [x IN apoc.coll.sortNodes(ps, '^n') | x.n]")).isEqualTo(List.of(1L, 2L, 3L));
        typeError("apoc.coll.sum([1, 'a'])", "apoc.coll.sum() adds numbers");
        typeError("apoc.coll.sort('abc')", "expected a List for argument 1 of apoc.coll.sort()");
        argumentError("apoc.coll.partition([1], 0)", "batch size above 0");
    }

    @Test
    void maps() {
        assertThat(eval("apoc.map.merge({a: 1, b: 2}, {b: 3, c: 4})")).isEqualTo(Map.of("a", 1L, "b", 3L, "c", 4L));
        assertThat(eval("apoc.map.merge(null, {b: 3})")).isEqualTo(Map.of("b", 3L));
        assertThat(eval("apoc.map.fromPairs([['a', 1], ['b', 2]])")).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(eval("apoc.map.fromLists(['a', 'b'], [1, 2])")).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(eval("apoc.map.setKey({a: 1}, 'b', 2)")).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(eval("apoc.map.removeKey({a: 1, b: 2}, 'a')")).isEqualTo(Map.of("b", 2L));
        assertThat(eval("apoc.map.removeKeys({a: 1, b: 2, c: {a: 3}}, ['a'], {recursive: true})"))
                .isEqualTo(Map.of("b", 2L, "c", Map.of()));
        assertThat(eval("apoc.map.clean({a: 1, b: null, c: '', d: 4}, ['d'], [''])")).isEqualTo(Map.of("a", 1L));
        assertThat(eval("apoc.map.submap({a: 1, b: 2}, ['a'])")).isEqualTo(Map.of("a", 1L));
        assertThat(eval("apoc.map.submap({a: 1}, ['a', 'z'], [0, 9])")).isEqualTo(Map.of("a", 1L, "z", 9L));
        assertThat(eval("apoc.map.values({a: 1, b: 2}, ['b', 'a', 'z'])")).isEqualTo(List.of(2L, 1L));
        assertThat(eval("apoc.map.values({a: 1}, ['a', 'z'], true)")).isEqualTo(Arrays.asList(1L, null));
        assertThat(eval("apoc.map.flatten({a: {b: {c: 1}}, d: 2})")).isEqualTo(Map.of("a.b.c", 1L, "d", 2L));
        assertThat(eval("apoc.map.flatten({a: {b: 1}}, '_')")).isEqualTo(Map.of("a_b", 1L));
        assertThat(eval("apoc.map.setKey(null, 'a', 1)")).isNull();
        typeError("apoc.map.merge(1, {})", "expected a Map for argument 1 of apoc.map.merge()");
        argumentError("apoc.map.fromLists(['a'], [1, 2])", "as many values as keys");
        argumentError("apoc.map.submap({a: 1}, ['z'])", "key 'z' is not one of the existing keys");
        argumentError("apoc.map.fromPairs([['a']])", "[key, value] pairs");
    }

    @Test
    void text() {
        assertThat(eval("apoc.text.join(['a', 'b', 'c'], '-')")).isEqualTo("a-b-c");
        assertThat(eval("apoc.text.split('a1b22c', '[0-9]+')")).isEqualTo(List.of("a", "b", "c"));
        assertThat(eval("apoc.text.replace('Hello World', 'o', '0')")).isEqualTo("Hell0 W0rld");
        assertThat(eval("apoc.text.regexGroups('abc-12 def-3', '([a-z]+)-([0-9]+)')")).isEqualTo(List.of(
                List.of("abc-12", "abc", "12"), List.of("def-3", "def", "3")));
        assertThat(eval("apoc.text.regexGroups(null, 'x')")).isEqualTo(List.of());
        assertThat(eval("apoc.text.capitalize('neo4j')")).isEqualTo("Neo4j");
        assertThat(eval("apoc.text.capitalizeAll('graph database')")).isEqualTo("Graph Database");
        assertThat(eval("apoc.text.camelCase('FOO_BAR baz')")).isEqualTo("fooBarBaz");
        assertThat(eval("apoc.text.upperCamelCase('foo bar')")).isEqualTo("FooBar");
        assertThat(eval("apoc.text.snakeCase('testSnakeCase')")).isEqualTo("test-snake-case");
        assertThat(eval("apoc.text.clean('Hèllo, Wörld!')")).isEqualTo("hellowoerld"); // umlauts spelled out, accents dropped
        assertThat(eval("apoc.text.lpad('7', 3, '0')")).isEqualTo("007");
        assertThat(eval("apoc.text.rpad('ab', 4)")).isEqualTo("ab  ");
        assertThat(eval("apoc.text.lpad('abcd', 2)")).isEqualTo("abcd");
        assertThat(eval("apoc.text.format('%s has %d', ['Ann', 3])")).isEqualTo("Ann has 3");
        assertThat(eval("apoc.text.capitalize(null)")).isNull();
        typeError("apoc.text.capitalize(1)", "expected a String for argument 1 of apoc.text.capitalize()");
        argumentError("apoc.text.replace('a', '(', 'b')", "invalid regular expression '('");
        argumentError("apoc.text.format('%d', ['x'])", "does not format");
    }

    @Test
    void conversionsAndJson() {
        assertThat(eval("apoc.convert.toJson({a: [1, 2.5, 'x\"y', null, true]})"))
                .isEqualTo("{\"a\":[1,2.5,\"x\\\"y\",null,true]}");
        assertThat(eval("apoc.convert.toJson(date('2024-05-17'))")).isEqualTo("\"2024-05-17\"");
        Map<String, Object> parsed = new java.util.LinkedHashMap<>();
        parsed.put("a", Map.of("b", List.of(1L, 2.5, "A")));
        parsed.put("c", null);
        assertThat(eval("apoc.convert.fromJsonMap('{\"a\": {\"b\": [1, 2.5, \"\\\\u0041\"]}, \"c\": null}')"))
                .isEqualTo(parsed);
        assertThat(eval("apoc.convert.fromJsonMap('{\"a\": {\"b\": {\"c\": 7}}}', '$.a.b')")).isEqualTo(Map.of("c", 7L));
        assertThat(eval("apoc.convert.fromJsonList('[1, [2], {\"k\": false}]')"))
                .isEqualTo(List.of(1L, List.of(2L), Map.of("k", false)));
        assertThat(eval("apoc.convert.fromJsonMap(null)")).isNull();
        assertThat(eval("apoc.convert.toList(1)")).isEqualTo(List.of(1L));
        assertThat(eval("apoc.convert.toList([1])")).isEqualTo(List.of(1L));
        assertThat(eval("apoc.convert.toList(null)")).isNull();
        assertThat(eval("apoc.convert.toMap({a: 1})")).isEqualTo(Map.of("a", 1L));
        assertThat(eval("apoc.convert.toMap('x')")).isNull();
        db.run("CREATE (:J {k: 1})-[:R {w: 2}]->(:J)");
        assertThat(db.single("MATCH (n:J {k: 1}) RETURN apoc.convert.toJson(n)"))
                .isEqualTo("{\"id\":\"0\",\"type\":\"node\",\"labels\":[\"J\"],\"properties\":{\"k\":1}}");
        assertThat(db.single("MATCH ()-[r:R]->() RETURN apoc.convert.fromJsonMap(apoc.convert.toJson(r)).label"))
                .isEqualTo("R");
        assertThat(db.single("MATCH (n:J {k: 1}) RETURN apoc.convert.toMap(n)")).isEqualTo(Map.of("k", 1L));
        argumentError("apoc.convert.fromJsonMap('[1]')", "the JSON is not an object");
        argumentError("apoc.convert.fromJsonList('{\"a\": 1')", "the text is not JSON: expected '}' at offset 7");
        argumentError("apoc.convert.fromJsonMap('{\"a\": 1}', '$..a')", "only JSON paths of the form");
        argumentError("apoc.convert.fromJsonList('" + "[".repeat(2000) + "')", "nesting deeper than 1000 levels");
        typeError("apoc.convert.fromJsonMap(1)", "expected a String for argument 1");
    }

    @Test
    void datesUuidsValidationAndAnyProperty() {
        assertThat(eval("apoc.date.format(0)")).isEqualTo("1970-01-01 00:00:00");
        assertThat(eval("apoc.date.format(86400, 's', 'yyyy-MM-dd')")).isEqualTo("1970-01-02");
        assertThat(eval("apoc.date.format(0, 'ms', 'yyyy-MM-dd HH:mm', 'Europe/Berlin')")).isEqualTo("1970-01-01 01:00");
        assertThat(eval("apoc.date.format(0, 'ms', 'ISO_LOCAL_DATE')")).isEqualTo("1970-01-01");
        assertThat(eval("apoc.date.parse('1970-01-02 00:00:00')")).isEqualTo(86_400_000L);
        assertThat(eval("apoc.date.parse('1970-01-02', 's', 'yyyy-MM-dd')")).isEqualTo(86_400L);
        assertThat(eval("apoc.date.parse('1970-01-01T01:00:00+01:00', 'ms', 'ISO_OFFSET_DATE_TIME')")).isEqualTo(0L);
        assertThat(eval("apoc.date.format(null)")).isNull();
        argumentError("apoc.date.parse('yesterday')", "does not match the format");
        argumentError("apoc.date.format(0, 'weeks')", "unknown time unit 'weeks'");
        assertThat((String) eval("apoc.create.uuid()")).matches("[0-9a-f-]{36}");
    }

    @Test
    void convertFormatTakesJavaTimesNamesApocsNamesAndPatterns() {
        // what the Neo4j GraphQL Library sends for every DateTime field
        String graphQl = "apoc.date.convertFormat(toString(%s), 'iso_zoned_date_time', 'iso_offset_date_time')";
        assertThat(eval(graphQl.formatted("datetime('2024-01-02T03:04:05Z')"))).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(eval(graphQl.formatted("datetime('2024-01-02T03:04:05.123+01:00')")))
                .isEqualTo("2024-01-02T03:04:05.123+01:00");
        assertThat(eval(graphQl.formatted("datetime('2024-07-01T12:00:30[Europe/Berlin]')")))
                .isEqualTo("2024-07-01T12:00:30+02:00");
        assertThat(eval(graphQl.formatted("datetime('2024-01-15T08:30:00.5-05:00')")))
                .isEqualTo("2024-01-15T08:30:00.5-05:00");
        assertThat(eval("apoc.date.convertFormat('2019-05-14', 'date', 'dd MMMM yyyy')")).isEqualTo("14 May 2019");
        assertThat(eval("apoc.date.convertFormat('5/14/2019', 'M/d/yyyy')")).isEqualTo("2019-05-14");
        assertThat(eval("apoc.date.convertFormat('Tue, 14 May 2019 14:52:06 -0400', 'rfc_1123_date_time',"
                + " 'ISO_DATE_TIME')")).isEqualTo("2019-05-14T14:52:06-04:00");
        assertThat(eval("apoc.date.convertFormat('2019-05-14T14:52:06.250+0200', 'date_time', 'basic_date_time')"))
                .isEqualTo("20190514T145206.250+0200");
        assertThat(eval("apoc.date.convertFormat('2019-134', 'ordinal_date', 'year_month_day')")).isEqualTo("2019-05-14");
        assertThat(eval("apoc.date.convertFormat('2019-05-14', 'date', 'week_date')")).isEqualTo("2019-W20-2");
        assertThat(eval("apoc.date.convertFormat(null, 'date')")).isNull();
        assertThat(eval("apoc.date.convertFormat('', 'date')")).isNull();
        argumentError("apoc.date.convertFormat('14.05.2019', 'date')", "'14.05.2019' does not match the format 'date'");
        argumentError("apoc.date.convertFormat('2019-05-14', 'date', 'HH:mm')", "cannot be written in the format 'HH:mm'");
        argumentError("apoc.date.convertFormat('2019-05-14', 'iso_nothing')", "unknown date format 'iso_nothing'");
        argumentError("apoc.date.convertFormat('2019-05-14', null)", "the current format must not be null");
        typeError("apoc.date.convertFormat(date('2019-05-14'), 'date')", "expected a String for argument 1");
        assertThat((String) eval("apoc.create.uuidBase64()")).matches("[A-Za-z0-9+/]{22}");
        assertThat(eval("apoc.util.validatePredicate(false, 'never %s', ['x'])")).isEqualTo(true);
        argumentError("apoc.util.validatePredicate(true, 'bad value %d', [42])", "bad value 42");
        assertThat(eval("apoc.any.property({a: 1}, 'a')")).isEqualTo(1L);
        typeError("apoc.any.property(1, 'a')", "expected a Map, a Node or a Relationship");
        // the procedure form fails the query with APOC's code and message
        assertThat(db.values("CALL apoc.util.validate(false, 'fine', []) RETURN 1 AS x")).containsExactly(row(1L));
        assertThat(db.values("MATCH (n) CALL apoc.util.validate(true, 'no %s allowed', ['nodes']) RETURN n"))
                .isEmpty(); // no row, no call
        db.run("CREATE (:V)");
        assertThatThrownBy(() -> db.run("MATCH (n:V) CALL apoc.util.validate(true, 'no %s allowed', ['nodes'])"
                + " RETURN n")).isInstanceOf(CypherException.class).hasMessageContaining("no nodes allowed")
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Procedure.ProcedureCallFailed"));
    }
}

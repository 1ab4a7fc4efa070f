package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Neo4j 5's scalar functions that were "Unknown function" before: nullIf, valueType, isEmpty, the
 * ...OrNull and ...List conversions, and datetime() from epoch seconds or milliseconds, with the
 * values and errors of the Neo4j 5 manual's function pages.
 */
class Neo4j5ScalarFunctionsTest {
    private final Db db = new Db();

    /** Runs {@code query}, expecting it to fail with {@code status} and a message containing {@code text}. */
    static void fails(Db db, String query, String status, String text) {
        assertThatThrownBy(() -> db.run(query)).isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode()).isEqualTo(status))
                .hasMessageContaining(text);
    }

    static final String TYPE_ERROR = "Neo.ClientError.Statement.TypeError";
    static final String ARGUMENT_ERROR = "Neo.ClientError.Statement.ArgumentError";
    static final String SYNTAX_ERROR = "Neo.ClientError.Statement.SyntaxError";

    @Test
    void nullIfIsNullWhenTheTwoAreEqual() {
        assertThat(db.values("RETURN nullIf(4, 4), nullIf('abc', 'def'), nullIf(1, 1.0), nullIf(null, 1),"
                + " nullIf(1, null), nullIf([1, null], [1, null]), NULLIF(0.0/0.0, 0.0/0.0) IS NULL"))
                .containsExactly(row(null, "abc", null, null, 1L, Arrays.asList(1L, null), false));
        db.run("CREATE ({name: 'Alice', eyes: 'Brown'}), ({name: 'Bob', eyes: 'Blue'}), ({name: 'Daniel'})");
        assertThat(db.values("MATCH (a) RETURN a.name, coalesce(nullIf(a.eyes, 'Brown'), 'Hazel') ORDER BY a.name"))
                .containsExactly(row("Alice", "Hazel"), row("Bob", "Blue"), row("Daniel", "Hazel"));
        fails(db, "RETURN nullIf(1)", "Neo.ClientError.Statement.SemanticError",
                "Invalid number of arguments to nullIf(): expected 2 but got 1");
    }

    @Test
    void valueTypeOfScalars() {
        assertThat(db.values("UNWIND ['abc', 1, 2.0, true, [date()]] AS value RETURN valueType(value)"))
                .containsExactly(row("STRING NOT NULL"), row("INTEGER NOT NULL"), row("FLOAT NOT NULL"),
                        row("BOOLEAN NOT NULL"), row("LIST<DATE NOT NULL> NOT NULL"));
        assertThat(db.values("RETURN valueType(null), valueType({a: 1}), valueType(localtime()), valueType(time()),"
                + " valueType(localdatetime()), valueType(datetime()), valueType(duration('P1D')),"
                + " valueType(point({x: 1, y: 2})), ValueType(date())"))
                .containsExactly(row("NULL", "MAP NOT NULL", "LOCAL TIME NOT NULL", "ZONED TIME NOT NULL",
                        "LOCAL DATETIME NOT NULL", "ZONED DATETIME NOT NULL", "DURATION NOT NULL", "POINT NOT NULL",
                        "DATE NOT NULL"));
        db.social();
        assertThat(db.values("MATCH p = (a {name: 'Alice'})-[r:WORKS_AT]->() RETURN valueType(a), valueType(r),"
                + " valueType(p)")).containsExactly(row("NODE NOT NULL", "RELATIONSHIP NOT NULL", "PATH NOT NULL"));
        assertThat(db.single("RETURN valueType($b)", "b", new byte[] {1, 2})).isEqualTo("LIST<INTEGER NOT NULL> NOT NULL");
    }

    @Test
    void valueTypeOfListsIsTheNormalizedUnionOfTheElementTypes() {
        assertThat(db.values("RETURN valueType([]), valueType([null]), valueType([1, null]), valueType([1, 'a']),"
                + " valueType([1, 'a', null]), valueType([1.5, 1]), valueType([[1], {a: 1}])"))
                .containsExactly(row("LIST<NOTHING> NOT NULL", "LIST<NULL> NOT NULL", "LIST<INTEGER> NOT NULL",
                        "LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL", "LIST<STRING | INTEGER> NOT NULL",
                        "LIST<INTEGER NOT NULL | FLOAT NOT NULL> NOT NULL",
                        "LIST<MAP NOT NULL | LIST<INTEGER NOT NULL> NOT NULL> NOT NULL"));
        // enclosed list types are absorbed: an empty list, a list of the same elements without nulls
        assertThat(db.values("RETURN valueType([[], [1]]), valueType([[1], [1, 'a']]), valueType([[1], [1, null]]),"
                + " valueType([[1], ['a']]), valueType([[null], [1]])"))
                .containsExactly(row("LIST<LIST<INTEGER NOT NULL> NOT NULL> NOT NULL",
                        "LIST<LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL> NOT NULL",
                        "LIST<LIST<INTEGER> NOT NULL> NOT NULL",
                        "LIST<LIST<STRING NOT NULL> NOT NULL | LIST<INTEGER NOT NULL> NOT NULL> NOT NULL",
                        "LIST<LIST<NULL> NOT NULL | LIST<INTEGER NOT NULL> NOT NULL> NOT NULL"));
    }

    @Test
    void isEmptyOfStringsMapsAndLists() {
        assertThat(db.values("RETURN isEmpty(''), isEmpty('a'), isEmpty([]), isEmpty([null]), isEmpty({}),"
                + " isEmpty({a: null}), isEmpty(null)")).containsExactly(row(true, false, true, false, true, false, null));
        db.run("CREATE ({name: 'A', address: ''}), ({name: 'B', address: 'x'}), ({name: 'C'})");
        assertThat(db.values("MATCH (p) WHERE isEmpty(p.address) RETURN p.name")).containsExactly(row("A"));
        assertThat(db.values("MATCH (p) WHERE NOT isEmpty(properties(p)) RETURN count(*)")).containsExactly(row(3L));
        fails(db, "RETURN isEmpty(1)", TYPE_ERROR,
                "Type mismatch: expected a String, a Map or a List for argument 1 of isEmpty() but was Integer (1)");
    }

    @Test
    void orNullConversionsNeverFail() {
        assertThat(db.values("RETURN toIntegerOrNull('42'), toIntegerOrNull('not a number'), toIntegerOrNull(true),"
                + " toIntegerOrNull(['A', 'B', 'C']), toIntegerOrNull(2.9), toIntegerOrNull('1e30'),"
                + " toIntegerOrNull(1e30), toIntegerOrNull(0.0/0.0), toIntegerOrNull(null), toIntegerOrNull(' 42 ')"))
                .containsExactly(row(42L, null, 1L, null, 2L, null, null, null, null, null));
        assertThat(db.values("RETURN toFloatOrNull('11.5'), toFloatOrNull('not a number'), toFloatOrNull(true),"
                + " toFloatOrNull(3), toFloatOrNull({a: 1}), toFloatOrNull(null)"))
                .containsExactly(row(11.5, null, null, 3.0, null, null));
        assertThat(db.values("RETURN toBooleanOrNull('true'), toBooleanOrNull('not a boolean'), toBooleanOrNull(0),"
                + " toBooleanOrNull(1.5), toBooleanOrNull(false), toBooleanOrNull(null)"))
                .containsExactly(row(true, null, false, null, false, null));
        assertThat(db.values("RETURN toStringOrNull(11.5), toStringOrNull('already a string'), toStringOrNull(true),"
                + " toStringOrNull(date({year: 1984, month: 10, day: 11})), toStringOrNull(duration({minutes: 12,"
                + " seconds: -60})), toStringOrNull(['A', 'B', 'C']), toStringOrNull({a: 1}), toStringOrNull(null)"))
                .containsExactly(row("11.5", "already a string", "true", "1984-10-11", "PT11M", null, null, null));
        // the strict forms still fail where the ...OrNull forms give null
        fails(db, "RETURN toInteger('1e30')", ARGUMENT_ERROR, "is too large");
        fails(db, "RETURN toInteger([1])", TYPE_ERROR, "argument 1 of toInteger()");
        fails(db, "RETURN toString([1])", TYPE_ERROR, "argument 1 of toString()");
    }

    @Test
    void listConversionsConvertEachElementOrGiveNull() {
        assertThat(db.values("RETURN toBooleanList(null), toBooleanList([null, null]),"
                + " toBooleanList(['a string', true, 'false', null, ['A', 'B']])"))
                .containsExactly(row(null, Arrays.asList(null, null), Arrays.asList(null, true, false, null, null)));
        assertThat(db.single("RETURN toFloatList(['a string', 2.5, '3.14159', null, ['A', 'B'], 2])"))
                .isEqualTo(Arrays.asList(null, 2.5, 3.14159, null, null, 2.0));
        assertThat(db.single("RETURN toIntegerList(['a string', 2, '5', null, ['A', 'B'], 2.7, true])"))
                .isEqualTo(Arrays.asList(null, 2L, 5L, null, null, 2L, 1L));
        assertThat(db.single("RETURN toStringList(['already a string', 2, date('1955-11-05'), null, ['A', 'B']])"))
                .isEqualTo(Arrays.asList("already a string", "2", "1955-11-05", null, null));
        assertThat(db.single("RETURN toStringList([])")).isEqualTo(List.of());
        assertThat(db.single("RETURN toIntegerList($b)", "b", new byte[] {1, 2})).isEqualTo(List.of(1L, 2L));
        fails(db, "RETURN toIntegerList('12')", TYPE_ERROR,
                "Type mismatch: expected a List for argument 1 of toIntegerList() but was String (12)");
        fails(db, "RETURN toStringList(1)", TYPE_ERROR, "argument 1 of toStringList()");
    }

    @Test
    void datetimeFromEpochSecondsAndMillis() {
        assertThat(db.single("RETURN datetime({epochMillis: 424797300000})"))
                .isEqualTo(ZonedDateTime.of(1983, 6, 18, 15, 15, 0, 0, ZoneOffset.UTC));
        assertThat(db.single("RETURN datetime({epochSeconds: 1683000000, nanosecond: 23})"))
                .isEqualTo(ZonedDateTime.of(2023, 5, 2, 4, 0, 0, 23, ZoneOffset.UTC));
        assertThat(db.single("RETURN datetime({epochSeconds: 0, millisecond: 1, microsecond: 2, nanosecond: 3})"))
                .isEqualTo(ZonedDateTime.of(1970, 1, 1, 0, 0, 0, 1_002_003, ZoneOffset.UTC));
        assertThat(db.single("RETURN datetime({epochMillis: -1, microsecond: 5})"))
                .isEqualTo(ZonedDateTime.of(1969, 12, 31, 23, 59, 59, 999_005_000, ZoneOffset.UTC));
        // a timezone gives the same instant in that zone
        assertThat(db.single("RETURN toString(datetime({epochSeconds: 0, timezone: 'Europe/Stockholm'}))"))
                .isEqualTo("1970-01-01T01:00:00+01:00[Europe/Stockholm]");
        assertThat(db.single("RETURN datetime({epochMillis: 1724198400000}) = datetime.fromEpochMillis(1724198400000)"))
                .isEqualTo(true);
        assertThat(db.single("RETURN datetime({epochSeconds: 1, nanosecond: 2}) = datetime.fromEpoch(1, 2)"))
                .isEqualTo(true);
        fails(db, "RETURN datetime({epochSeconds: 0, year: 2020})", ARGUMENT_ERROR,
                "epochSeconds and epochMillis combine only with millisecond, microsecond, nanosecond and timezone,"
                        + " not with 'year'");
        fails(db, "RETURN datetime({epochSeconds: 0, epochMillis: 0})", ARGUMENT_ERROR, "not both");
        fails(db, "RETURN datetime({epochMillis: 0, millisecond: 1})", ARGUMENT_ERROR, "not with millisecond");
        fails(db, "RETURN datetime({epochSeconds: 0, nanosecond: 1000000000})", ARGUMENT_ERROR,
                "must add up to less than one second");
        fails(db, "RETURN datetime({epochMillis: 0, microsecond: 1000})", ARGUMENT_ERROR,
                "must add up to less than one millisecond");
        fails(db, "RETURN datetime({epochSeconds: 'x'})", ARGUMENT_ERROR, "expected an Integer but was String");
        fails(db, "RETURN datetime({epochSeconds: null})", ARGUMENT_ERROR, "epochSeconds must not be null");
        fails(db, "RETURN datetime({epochSeconds: 9223372036854775807})", ARGUMENT_ERROR, "is out of range");
    }
}

package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.value.CypherDuration;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static io.memgraph.ha.query.eval.Eval.eval;
import static io.memgraph.ha.query.eval.Eval.fails;
import static org.assertj.core.api.Assertions.assertThat;

class TemporalsTest {

    @Test
    void dateFromStrings() {
        assertThat(eval("date('2015-07-21')")).isEqualTo(LocalDate.of(2015, 7, 21));
        assertThat(eval("date('20150721')")).isEqualTo(LocalDate.of(2015, 7, 21));
        assertThat(eval("date('2015-07')")).isEqualTo(LocalDate.of(2015, 7, 1));
        assertThat(eval("date('2015')")).isEqualTo(LocalDate.of(2015, 1, 1));
        assertThat(eval("date('2015-W30-2')")).isEqualTo(LocalDate.of(2015, 7, 21));
        assertThat(eval("date('2015-202')")).isEqualTo(LocalDate.of(2015, 7, 21));
        fails("date('2015-13-01')", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        fails("date('not a date')", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        fails("date(1)", CypherErrorKind.TYPE_MISMATCH);
    }

    @Test
    void dateFromMaps() {
        assertThat(eval("date({year: 1984, month: 10, day: 11})")).isEqualTo(LocalDate.of(1984, 10, 11));
        assertThat(eval("date({year: 1984})")).isEqualTo(LocalDate.of(1984, 1, 1));
        assertThat(eval("date({year: 1984, week: 10, dayOfWeek: 3})")).isEqualTo(LocalDate.of(1984, 3, 7));
        assertThat(eval("date({year: 1984, ordinalDay: 202})")).isEqualTo(LocalDate.of(1984, 7, 20));
        assertThat(eval("date({year: 1984, quarter: 3, dayOfQuarter: 45})")).isEqualTo(LocalDate.of(1984, 8, 14));
        fails("date({month: 1})", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        fails("date({year: 'x'})", CypherErrorKind.INVALID_ARGUMENT_VALUE);
    }

    @Test
    void nowUsesTheStatementClock() {
        assertThat(eval("date()")).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(eval("localtime()")).isEqualTo(LocalTime.of(10, 15, 30));
        assertThat(eval("localdatetime()")).isEqualTo(LocalDateTime.of(2024, 3, 5, 10, 15, 30));
        assertThat(eval("timestamp()")).isEqualTo(1709633730000L);
    }

    @Test
    void localTime() {
        assertThat(eval("localtime('12:31:14.645876123')")).isEqualTo(LocalTime.of(12, 31, 14, 645876123));
        assertThat(eval("localtime('12:31')")).isEqualTo(LocalTime.of(12, 31));
        assertThat(eval("localtime('123114')")).isEqualTo(LocalTime.of(12, 31, 14));
        assertThat(eval("localtime({hour: 12, minute: 31, second: 14, millisecond: 645})"))
                .isEqualTo(LocalTime.of(12, 31, 14, 645_000_000));
        fails("localtime('25:00')", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        fails("localtime({minute: 3})", CypherErrorKind.INVALID_ARGUMENT_VALUE);
    }

    @Test
    void localDateTime() {
        assertThat(eval("localdatetime('2015-07-21T21:40:32.142')"))
                .isEqualTo(LocalDateTime.of(2015, 7, 21, 21, 40, 32, 142_000_000));
        assertThat(eval("localdatetime({year: 1984, month: 10, day: 11, hour: 12, minute: 31})"))
                .isEqualTo(LocalDateTime.of(1984, 10, 11, 12, 31));
        assertThat(eval("localdatetime('2015-07-21T21:40:32.142').hour")).isEqualTo(21L);
    }

    @Test
    void dateTimeAndTime() {
        assertThat(eval("datetime('2015-07-21T21:40:32.142+01:00')")).isEqualTo(
                ZonedDateTime.of(2015, 7, 21, 21, 40, 32, 142_000_000, ZoneOffset.ofHours(1)));
        assertThat(eval("datetime('2015-07-21T21:40:32Z')")).isEqualTo(
                ZonedDateTime.of(2015, 7, 21, 21, 40, 32, 0, ZoneOffset.UTC));
        assertThat(eval("datetime({year: 2015, month: 7, day: 21, timezone: 'Europe/Stockholm'})")).isEqualTo(
                ZonedDateTime.of(2015, 7, 21, 0, 0, 0, 0, ZoneId.of("Europe/Stockholm")));
        assertThat(eval("time('12:00+02:00')")).isEqualTo(OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHours(2)));
    }

    @Test
    void durations() {
        assertThat(eval("duration('P1Y2M10DT12H45M30.25S')"))
                .isEqualTo(new CypherDuration(14, 10, 12 * 3600 + 45 * 60 + 30, 250_000_000));
        assertThat(eval("duration('P2W')")).isEqualTo(new CypherDuration(0, 14, 0, 0));
        assertThat(eval("duration('PT0.5S')")).isEqualTo(new CypherDuration(0, 0, 0, 500_000_000));
        assertThat(eval("duration('-P1D')")).isEqualTo(new CypherDuration(0, -1, 0, 0));
        assertThat(eval("duration({days: 14, hours: 16, minutes: 12})"))
                .isEqualTo(new CypherDuration(0, 14, 16 * 3600 + 12 * 60, 0));
        assertThat(eval("duration({months: 1, milliseconds: 1500})")).isEqualTo(new CypherDuration(1, 0, 1, 500_000_000));
        assertThat(eval("duration({days: 1.5})")).isEqualTo(new CypherDuration(0, 1, 43_200, 0));
        assertThat(eval("duration({seconds: -1, nanoseconds: 1})")).isEqualTo(new CypherDuration(0, 0, -1, 1));
        assertThat(eval("toString(duration({hours: 25}))")).isEqualTo("PT25H");
        fails("duration('P')", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        fails("duration('1 day')", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        fails("duration({days: 'x'})", CypherErrorKind.INVALID_ARGUMENT_VALUE);
        fails("duration(5)", CypherErrorKind.TYPE_MISMATCH);
    }

    @Test
    void components() {
        assertThat(eval("date('2015-07-21').year")).isEqualTo(2015L);
        assertThat(eval("date('2015-07-21').month")).isEqualTo(7L);
        assertThat(eval("date('2015-07-21').day")).isEqualTo(21L);
        assertThat(eval("date('2015-07-21').quarter")).isEqualTo(3L);
        assertThat(eval("date('2015-07-21').week")).isEqualTo(30L);
        assertThat(eval("date('2015-07-21').dayOfWeek")).isEqualTo(2L);
        assertThat(eval("date('2015-07-21').ordinalDay")).isEqualTo(202L);
        assertThat(eval("localtime('12:31:14.645876123').millisecond")).isEqualTo(645L);
        assertThat(eval("localtime('12:31:14.645876123').nanosecond")).isEqualTo(645876123L);
        assertThat(eval("duration('P1Y2M3DT4H5M6S').months")).isEqualTo(14L);
        assertThat(eval("duration('P1Y2M3DT4H5M6S').years")).isEqualTo(1L);
        assertThat(eval("duration('P1Y2M3DT4H5M6S').monthsOfYear")).isEqualTo(2L);
        assertThat(eval("duration('P1Y2M3DT4H5M6S').days")).isEqualTo(3L);
        assertThat(eval("duration('P1Y2M3DT4H5M6S').hours")).isEqualTo(4L);
        assertThat(eval("duration('P1Y2M3DT4H5M6S').minutesOfHour")).isEqualTo(5L);
        assertThat(eval("duration('P1Y2M3DT4H5M6S').seconds")).isEqualTo(4 * 3600L + 5 * 60 + 6);
        fails("date('2015-07-21').hour", CypherErrorKind.TYPE_MISMATCH);
    }

    @Test
    void durationBetween() {
        assertThat(eval("duration.between(date('1984-10-11'), date('2015-06-24'))"))
                .isEqualTo(new CypherDuration(30 * 12 + 8, 13, 0, 0));
        assertThat(eval("toString(duration.between(localdatetime('2015-07-21T21:40:32'),"
                + " localdatetime('2016-07-21T21:45:22.142')))")).isEqualTo("P1YT4M50.142S");
        assertThat(eval("duration.between(localtime('12:00'), localtime('10:30'))"))
                .isEqualTo(new CypherDuration(0, 0, -5400, 0));
        assertThat(eval("duration.inMonths(date('2020-01-31'), date('2020-03-30'))"))
                .isEqualTo(new CypherDuration(1, 0, 0, 0));
        assertThat(eval("duration.inDays(date('2020-01-01'), date('2020-03-01'))"))
                .isEqualTo(new CypherDuration(0, 60, 0, 0));
        assertThat(eval("duration.inSeconds(localtime('12:00'), localtime('12:01:30.5'))"))
                .isEqualTo(new CypherDuration(0, 0, 90, 500_000_000));
        assertThat(eval("duration.between(null, date())")).isNull();
        fails("duration.between(1, date())", CypherErrorKind.TYPE_MISMATCH);
        assertThat(eval("datetime.fromEpoch(1, 5)"))
                .isEqualTo(ZonedDateTime.of(1970, 1, 1, 0, 0, 1, 5, ZoneOffset.UTC));
        assertThat(eval("datetime.fromEpochMillis(1500)"))
                .isEqualTo(ZonedDateTime.of(1970, 1, 1, 0, 0, 1, 500_000_000, ZoneOffset.UTC));
    }

    @Test
    void temporalArithmetic() {
        assertThat(eval("date('2020-01-31') + duration('P1M')")).isEqualTo(LocalDate.of(2020, 2, 29));
        assertThat(eval("date('2020-01-01') - duration('P1D')")).isEqualTo(LocalDate.of(2019, 12, 31));
        assertThat(eval("duration('P1D') + date('2020-01-01')")).isEqualTo(LocalDate.of(2020, 1, 2));
        assertThat(eval("localtime('23:00') + duration('PT2H')")).isEqualTo(LocalTime.of(1, 0));
        assertThat(eval("localdatetime('2020-01-01T23:00') + duration('PT2H')"))
                .isEqualTo(LocalDateTime.of(2020, 1, 2, 1, 0));
        assertThat(eval("duration('P1D') + duration('PT1H')")).isEqualTo(new CypherDuration(0, 1, 3600, 0));
        assertThat(eval("duration('P1D') - duration('PT1H')")).isEqualTo(new CypherDuration(0, 1, -3600, 0));
        assertThat(eval("duration('P1M1D') * 2")).isEqualTo(new CypherDuration(2, 2, 0, 0));
        assertThat(eval("duration('P1D') / 2")).isEqualTo(new CypherDuration(0, 0, 43_200, 0));
        assertThat(eval("-duration('P1D')")).isEqualTo(new CypherDuration(0, -1, 0, 0));
        assertThat(eval("date('2020-01-01') < date('2020-01-02')")).isEqualTo(true);
        assertThat(eval("date('2020-01-01') = date({year: 2020})")).isEqualTo(true);
        fails("date('2020-01-01') + 1", CypherErrorKind.TYPE_MISMATCH);
    }

    private static String shown(String expression) {
        return Functions.show(eval(expression));
    }

    @Test
    void truncateToEveryUnitThenOverrideFields() {
        String dt = "datetime({year: 1984, month: 10, day: 11, hour: 12, minute: 31, second: 14,"
                + " nanosecond: 645876123, timezone: '+01:00'})";
        assertThat(shown("date.truncate('millennium', date({year: 2017, month: 10, day: 11}), {day: 2})"))
                .isEqualTo("2000-01-02");
        assertThat(shown("date.truncate('weekYear', date({year: 1984, month: 2, day: 1}))")).isEqualTo("1984-01-02");
        assertThat(shown("date.truncate('week', " + dt + ", {dayOfWeek: 2})")).isEqualTo("1984-10-09");
        assertThat(shown("date.truncate('quarter', date({year: 1984, month: 11, day: 11}))")).isEqualTo("1984-10-01");
        assertThat(shown("datetime.truncate('decade', " + dt + ")")).isEqualTo("1980-01-01T00:00+01:00");
        // A given zone replaces the zone; the local fields stay.
        assertThat(shown("datetime.truncate('year', date({year: 1984, month: 10, day: 11}),"
                + " {timezone: 'Europe/Stockholm'})")).isEqualTo("1984-01-01T00:00+01:00[Europe/Stockholm]");
        assertThat(shown("time.truncate('hour', " + dt + ", {timezone: '-01:00'})")).isEqualTo("12:00-01:00");
        // Only the nanosecond is overridden: the kept milliseconds stay.
        assertThat(shown("localtime.truncate('millisecond', " + dt + ", {nanosecond: 2})"))
                .isEqualTo("12:31:14.645000002");
        assertThat(shown("localdatetime.truncate('day', " + dt + ")")).isEqualTo("1984-10-11T00:00");
        assertThat(eval("date.truncate('day', null)")).isNull();
        fails("date.truncate('fortnight', date())", CypherErrorKind.INVALID_ARGUMENT_VALUE);
    }

    @Test
    void selectingFromAnotherValue() {
        assertThat(shown("date({date: date('1816-12-31'), week: 2})")).isEqualTo("1817-01-07");
        assertThat(shown("date({date: date('1984-11-11'), quarter: 3})")).isEqualTo("1984-08-11");
        assertThat(shown("date({date: date('1984-11-11'), ordinalDay: 28})")).isEqualTo("1984-01-28");
        String other = "datetime({year: 1984, month: 10, day: 11, hour: 12, timezone: 'Europe/Stockholm'})";
        assertThat(shown("localdatetime({datetime: " + other + ", day: 28, second: 42})"))
                .isEqualTo("1984-10-28T12:00:42");
        // With a base zone, a given zone converts the instant.
        assertThat(shown("datetime({datetime: " + other + ", timezone: '+05:00'})")).isEqualTo("1984-10-11T16:00+05:00");
        assertThat(shown("time({time: " + other + ", second: 42})")).isEqualTo("12:00:42+01:00");
        assertThat(shown("time(localtime('12:31'))")).isEqualTo("12:31Z");
        // The clock's zone "UTC" prints as the offset.
        assertThat(shown("datetime({year: 1816, week: 1})")).isEqualTo("1816-01-01T00:00Z");
    }

    @Test
    void moreTextForms() {
        assertThat(eval("date('201507')")).isEqualTo(LocalDate.of(2015, 7, 1));
        assertThat(shown("duration('P2012-02-02T14:37:21.545')")).isEqualTo("P2012Y2M2DT14H37M21.545S");
        assertThat(shown("duration('P0.75M')")).isEqualTo("P22DT19H51M49.5S");
        assertThat(eval("datetime('2015-07-21T21:40:32.142+0130').offsetMinutes")).isEqualTo(90L);
    }

    @Test
    void betweenAcrossZonesAndDaylightSaving() {
        assertThat(shown("duration.between(localtime('14:30'), time('16:30+0100'))")).isEqualTo("PT2H");
        assertThat(shown("duration.between(time('14:30'), datetime('2015-07-21T21:40:32.142+0100'))"))
                .isEqualTo("PT6H10M32.142S");
        assertThat(shown("duration.between(datetime('2017-10-28T23:00+02:00[Europe/Stockholm]'),"
                + " datetime('2017-10-29T04:00+01:00[Europe/Stockholm]'))")).isEqualTo("PT6H");
        assertThat(shown("duration.inSeconds(datetime({year: 2017, month: 10, day: 29, hour: 0,"
                + " timezone: 'Europe/Stockholm'}), localdatetime({year: 2017, month: 10, day: 29, hour: 4}))"))
                .isEqualTo("PT5H");
        assertThat(shown("duration.inDays(date('1984-10-11'), localtime('16:30'))")).isEqualTo("PT0S");
    }

    @Test
    void dateMinusDurationDropsAPartDay() {
        assertThat(shown("date('1984-10-11') - duration({years: 12, months: 5, days: 14, hours: 16})"))
                .isEqualTo("1972-04-27");
        // Integer factors scale component-wise; a fraction of a month cascades into days and seconds.
        assertThat(shown("duration({months: 0.75}) * 2")).isEqualTo("P44DT39H43M39S");
        assertThat(shown("duration({months: 1}) * 0.5")).isEqualTo("P15DT5H14M33S");
    }

    @Test
    void nowFunctionsTakeAZone() {
        assertThat(eval("date.transaction()")).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(shown("localtime.statement('+05:00')")).isEqualTo("15:15:30");
        assertThat(eval("datetime.realtime(null)")).isNull();
    }
}

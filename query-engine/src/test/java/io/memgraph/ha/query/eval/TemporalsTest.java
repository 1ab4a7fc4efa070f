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
}

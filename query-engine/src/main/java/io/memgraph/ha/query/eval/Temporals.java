package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.CypherValues;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporal constructors {@code date()}, {@code localtime()}, {@code localdatetime()},
 * {@code datetime()}, {@code time()} and {@code duration()} from strings and maps, and the
 * component accessors ({@code d.year}, {@code dur.days}, ...).
 */
final class Temporals {
    private Temporals() {
    }

    private static final Pattern DATE_EXTENDED = Pattern.compile(
            "([+-]\\d{4,9}|\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?|-W(\\d{2})(?:-(\\d))?|-(\\d{3}))?");
    private static final Pattern DATE_BASIC = Pattern.compile(
            "([+-]?\\d{4})(?:(\\d{2})(\\d{2})|W(\\d{2})(\\d)?|(\\d{3}))");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:[.,](\\d{1,9}))?)?)?");
    private static final Pattern DURATION = Pattern.compile(
            "([+-])?P(?:([+-]?[\\d.]+)Y)?(?:([+-]?[\\d.]+)M)?(?:([+-]?[\\d.]+)W)?(?:([+-]?[\\d.]+)D)?"
                    + "(?:T(?:([+-]?[\\d.]+)H)?(?:([+-]?[\\d.]+)M)?(?:([+-]?[\\d.]+)S)?)?",
            Pattern.CASE_INSENSITIVE);

    private static RuntimeException invalid(String function, Object input) {
        return Errors.argumentValue("Text cannot be parsed to a " + function + ": " + Functions.show(input));
    }

    // ---------------------------------------------------------------- date

    static LocalDate date(Object arg) {
        if (arg instanceof String s) {
            return parseDate(s.trim(), "Date");
        }
        if (arg instanceof Map<?, ?> m) {
            return dateFromMap(m, "date");
        }
        if (arg instanceof LocalDate d) {
            return d;
        }
        if (arg instanceof LocalDateTime d) {
            return d.toLocalDate();
        }
        if (arg instanceof ZonedDateTime d) {
            return d.toLocalDate();
        }
        throw Errors.argumentType("date", 1, "a String or a Map", arg);
    }

    static LocalDate parseDate(String s, String what) {
        Matcher m = DATE_EXTENDED.matcher(s);
        if (!m.matches()) {
            m = DATE_BASIC.matcher(s);
            if (!m.matches()) {
                throw invalid(what, s);
            }
        }
        try {
            int year = Integer.parseInt(m.group(1));
            if (m.group(2) != null) {
                return LocalDate.of(year, Integer.parseInt(m.group(2)),
                        m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
            }
            if (m.group(4) != null) {
                int dow = m.group(5) == null ? 1 : Integer.parseInt(m.group(5));
                return weekDate(year, Integer.parseInt(m.group(4)), dow);
            }
            if (m.group(6) != null) {
                return LocalDate.ofYearDay(year, Integer.parseInt(m.group(6)));
            }
            return LocalDate.of(year, 1, 1);
        } catch (DateTimeException | NumberFormatException e) {
            throw Errors.argumentValue("Invalid " + what + " '" + s + "': " + e.getMessage());
        }
    }

    private static LocalDate weekDate(long year, long week, long dayOfWeek) {
        return LocalDate.of((int) year, 1, 4)
                .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(ChronoField.DAY_OF_WEEK, dayOfWeek);
    }

    private static long field(Map<?, ?> m, String key, long dflt, String function) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return d.longValue();
        }
        throw Errors.argumentValue("Invalid value for '" + key + "' in " + function + "(): expected an Integer but was "
                + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
    }

    private static LocalDate dateFromMap(Map<?, ?> m, String function) {
        try {
            if (m.get("date") != null) {
                LocalDate base = date(m.get("date"));
                return base.withYear((int) field(m, "year", base.getYear(), function))
                        .withMonth((int) field(m, "month", base.getMonthValue(), function))
                        .withDayOfMonth((int) field(m, "day", base.getDayOfMonth(), function));
            }
            if (!m.containsKey("year")) {
                throw Errors.argumentValue(function + "() needs 'year' in its map argument, got " + Functions.show(m));
            }
            long year = field(m, "year", 0, function);
            if (m.containsKey("week")) {
                return weekDate(year, field(m, "week", 1, function), field(m, "dayOfWeek", 1, function));
            }
            if (m.containsKey("ordinalDay")) {
                return LocalDate.ofYearDay((int) year, (int) field(m, "ordinalDay", 1, function));
            }
            if (m.containsKey("quarter")) {
                LocalDate start = LocalDate.of((int) year, (int) (field(m, "quarter", 1, function) - 1) * 3 + 1, 1);
                return start.plusDays(field(m, "dayOfQuarter", 1, function) - 1);
            }
            if (m.containsKey("day") && !m.containsKey("month")) {
                throw Errors.argumentValue(function + "(): 'day' needs 'month', got " + Functions.show(m));
            }
            return LocalDate.of((int) year, (int) field(m, "month", 1, function), (int) field(m, "day", 1, function));
        } catch (DateTimeException e) {
            throw Errors.argumentValue("Invalid " + function + "() argument " + Functions.show(m) + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- time

    static LocalTime localTime(Object arg) {
        if (arg instanceof String s) {
            return parseTime(s.trim(), "LocalTime");
        }
        if (arg instanceof Map<?, ?> m) {
            return timeFromMap(m, "localtime");
        }
        if (arg instanceof LocalTime t) {
            return t;
        }
        if (arg instanceof LocalDateTime t) {
            return t.toLocalTime();
        }
        if (arg instanceof OffsetTime t) {
            return t.toLocalTime();
        }
        if (arg instanceof ZonedDateTime t) {
            return t.toLocalTime();
        }
        throw Errors.argumentType("localtime", 1, "a String or a Map", arg);
    }

    static LocalTime parseTime(String s, String what) {
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            throw invalid(what, s);
        }
        try {
            int nanos = 0;
            if (m.group(4) != null) {
                String f = (m.group(4) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(f);
            }
            return LocalTime.of(Integer.parseInt(m.group(1)),
                    m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), nanos);
        } catch (DateTimeException e) {
            throw Errors.argumentValue("Invalid " + what + " '" + s + "': " + e.getMessage());
        }
    }

    private static LocalTime timeFromMap(Map<?, ?> m, String function) {
        try {
            LocalTime base = m.get("time") != null ? localTime(m.get("time")) : null;
            if (base == null && !m.containsKey("hour")) {
                throw Errors.argumentValue(function + "() needs 'hour' in its map argument, got " + Functions.show(m));
            }
            if (base == null && m.containsKey("second") && !m.containsKey("minute")) {
                throw Errors.argumentValue(function + "(): 'second' needs 'minute', got " + Functions.show(m));
            }
            long nanos = base == null ? 0 : base.getNano();
            if (m.containsKey("millisecond") || m.containsKey("microsecond") || m.containsKey("nanosecond")) {
                nanos = field(m, "millisecond", 0, function) * 1_000_000L + field(m, "microsecond", 0, function) * 1000L
                        + field(m, "nanosecond", 0, function);
            }
            return LocalTime.of((int) field(m, "hour", base == null ? 0 : base.getHour(), function),
                    (int) field(m, "minute", base == null ? 0 : base.getMinute(), function),
                    (int) field(m, "second", base == null ? 0 : base.getSecond(), function), (int) nanos);
        } catch (DateTimeException e) {
            throw Errors.argumentValue("Invalid " + function + "() argument " + Functions.show(m) + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- local datetime, datetime, time

    static LocalDateTime localDateTime(Object arg) {
        if (arg instanceof String s) {
            String t = s.trim();
            int tpos = t.toUpperCase(Locale.ROOT).indexOf('T');
            if (tpos < 0) {
                return parseDate(t, "LocalDateTime").atStartOfDay();
            }
            return LocalDateTime.of(parseDate(t.substring(0, tpos), "LocalDateTime"),
                    parseTime(t.substring(tpos + 1), "LocalDateTime"));
        }
        if (arg instanceof Map<?, ?> m) {
            LocalDate d = dateFromMap(m, "localdatetime");
            LocalTime time = m.containsKey("hour") || m.get("time") != null ? timeFromMap(m, "localdatetime")
                    : LocalTime.MIDNIGHT;
            return LocalDateTime.of(d, time);
        }
        if (arg instanceof LocalDateTime t) {
            return t;
        }
        if (arg instanceof ZonedDateTime t) {
            return t.toLocalDateTime();
        }
        throw Errors.argumentType("localdatetime", 1, "a String or a Map", arg);
    }

    private static final Pattern ZONE_SUFFIX = Pattern.compile("(.*?)(Z|[+-]\\d{2}(?::?\\d{2})?)?(?:\\[(.+)])?");

    static ZonedDateTime dateTime(Object arg, ZoneId defaultZone) {
        if (arg instanceof String s) {
            Matcher m = ZONE_SUFFIX.matcher(s.trim());
            if (!m.matches()) {
                throw invalid("DateTime", s);
            }
            LocalDateTime local = localDateTime(m.group(1));
            ZoneId zone = zone(m.group(2), m.group(3), defaultZone, s);
            if (m.group(2) != null && m.group(3) != null) {
                return ZonedDateTime.ofInstant(local.toInstant((ZoneOffset) zone(m.group(2), null, defaultZone, s)),
                        zone(null, m.group(3), defaultZone, s));
            }
            return ZonedDateTime.of(local, zone);
        }
        if (arg instanceof Map<?, ?> m) {
            ZoneId zone = m.get("timezone") == null ? defaultZone : zoneOf(String.valueOf(m.get("timezone")));
            return ZonedDateTime.of(localDateTime(m), zone);
        }
        if (arg instanceof ZonedDateTime z) {
            return z;
        }
        throw Errors.argumentType("datetime", 1, "a String or a Map", arg);
    }

    static OffsetTime time(Object arg) {
        if (arg instanceof String s) {
            Matcher m = ZONE_SUFFIX.matcher(s.trim());
            if (!m.matches()) {
                throw invalid("Time", s);
            }
            ZoneId zone = zone(m.group(2), null, ZoneOffset.UTC, s);
            return OffsetTime.of(parseTime(m.group(1), "Time"), (ZoneOffset) zone);
        }
        if (arg instanceof Map<?, ?> m) {
            ZoneId zone = m.get("timezone") == null ? ZoneOffset.UTC : zoneOf(String.valueOf(m.get("timezone")));
            if (!(zone instanceof ZoneOffset offset)) {
                throw Errors.argumentValue("time() needs a fixed offset as timezone, got " + zone);
            }
            return OffsetTime.of(timeFromMap(m, "time"), offset);
        }
        if (arg instanceof OffsetTime t) {
            return t;
        }
        throw Errors.argumentType("time", 1, "a String or a Map", arg);
    }

    private static ZoneId zone(String offset, String name, ZoneId dflt, String input) {
        try {
            if (name != null) {
                return ZoneId.of(name);
            }
            if (offset == null) {
                return dflt;
            }
            return offset.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset.length() == 5
                    ? offset.substring(0, 3) + ":" + offset.substring(3) : offset);
        } catch (DateTimeException e) {
            throw Errors.argumentValue("Invalid time zone in '" + input + "': " + e.getMessage());
        }
    }

    private static ZoneId zoneOf(String s) {
        try {
            return s.equals("Z") ? ZoneOffset.UTC : ZoneId.of(s);
        } catch (DateTimeException e) {
            throw Errors.argumentValue("Invalid time zone '" + s + "': " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- duration

    static CypherDuration duration(Object arg) {
        if (arg instanceof String s) {
            return parseDuration(s.trim());
        }
        if (arg instanceof Map<?, ?> m) {
            double months = num(m, "years") * 12 + num(m, "quarters") * 3 + num(m, "months");
            double days = num(m, "weeks") * 7 + num(m, "days");
            double seconds = num(m, "hours") * 3600 + num(m, "minutes") * 60 + num(m, "seconds")
                    + num(m, "milliseconds") / 1e3 + num(m, "microseconds") / 1e6 + num(m, "nanoseconds") / 1e9;
            if (allIntegral(m)) {
                long mo = lng(m, "years") * 12 + lng(m, "quarters") * 3 + lng(m, "months");
                long d = lng(m, "weeks") * 7 + lng(m, "days");
                long s = lng(m, "hours") * 3600 + lng(m, "minutes") * 60 + lng(m, "seconds");
                long n = lng(m, "milliseconds") * 1_000_000L + lng(m, "microseconds") * 1000L + lng(m, "nanoseconds");
                return CypherDuration.of(mo, d, s, n);
            }
            return durationFromFractions(months, days, seconds);
        }
        if (arg instanceof CypherDuration d) {
            return d;
        }
        throw Errors.argumentType("duration", 1, "a String or a Map", arg);
    }

    private static final String[] DURATION_KEYS = {"years", "quarters", "months", "weeks", "days", "hours", "minutes",
        "seconds", "milliseconds", "microseconds", "nanoseconds"};

    private static boolean allIntegral(Map<?, ?> m) {
        for (String k : DURATION_KEYS) {
            Object v = m.get(k);
            if (v != null && !(v instanceof Long)) {
                return false;
            }
        }
        return true;
    }

    private static long lng(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? 0 : (Long) v;
    }

    private static double num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw Errors.argumentValue("Invalid value for '" + key + "' in duration(): expected a number but was "
                + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
    }

    private static final double SECONDS_PER_MONTH = 2_629_746; // average Gregorian month
    private static final double SECONDS_PER_DAY = 86_400;

    /** A duration from fractional parts: fractions of months and days cascade into seconds. */
    static CypherDuration durationFromFractions(double months, double days, double seconds) {
        long wholeMonths = (long) months;
        double restSeconds = (months - wholeMonths) * SECONDS_PER_MONTH;
        long wholeDays = (long) days;
        restSeconds += (days - wholeDays) * SECONDS_PER_DAY + seconds;
        long wholeSeconds = (long) Math.floor(restSeconds);
        long nanos = Math.round((restSeconds - wholeSeconds) * 1e9);
        return CypherDuration.of(wholeMonths, wholeDays, wholeSeconds, nanos);
    }

    static CypherDuration parseDuration(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches() || s.length() < 2 || s.toUpperCase(Locale.ROOT).endsWith("T")) {
            throw invalid("Duration", s);
        }
        try {
            double sign = "-".equals(m.group(1)) ? -1 : 1;
            double months = (d(m.group(2)) * 12 + d(m.group(3))) * sign;
            double days = (d(m.group(4)) * 7 + d(m.group(5))) * sign;
            double secs = (d(m.group(6)) * 3600 + d(m.group(7)) * 60) * sign;
            String sec = m.group(8);
            if (sec != null && months == Math.rint(months) && days == Math.rint(days)) {
                // Seconds with a fraction are taken exactly, not through a double.
                java.math.BigDecimal exact = new java.math.BigDecimal(sec).multiply(java.math.BigDecimal.valueOf(sign));
                long whole = exact.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
                long nanos = exact.subtract(java.math.BigDecimal.valueOf(whole)).movePointRight(9).longValue();
                CypherDuration base = durationFromFractions(months, days, secs);
                return CypherDuration.of(base.months(), base.days(), base.seconds() + whole, (long) base.nanos() + nanos);
            }
            return durationFromFractions(months, days, secs + d(sec) * sign);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid("Duration", s);
        }
    }

    private static double d(String s) {
        return s == null ? 0 : Double.parseDouble(s);
    }

    // ---------------------------------------------------------------- between

    /** Which parts {@code duration.between} and its {@code in*} variants keep. */
    enum Unit { ALL, MONTHS, DAYS, SECONDS }

    /**
     * The duration from {@code a} to {@code b}: whole months, then whole days, then the rest in
     * seconds, as Cypher defines it. Values without a date (times) only differ in seconds;
     * values without a time (dates) are taken at midnight.
     */
    static CypherDuration between(Object a, Object b, Unit unit, String function) {
        LocalDateTime from = dateTimeOf(a, function, 1);
        LocalDateTime to = dateTimeOf(b, function, 2);
        if (a instanceof ZonedDateTime za && b instanceof ZonedDateTime zb) {
            // Compare instants: move the second value into the first one's zone.
            to = zb.withZoneSameInstant(za.getZone()).toLocalDateTime();
        }
        boolean timeOnly = isTimeOnly(a) || isTimeOnly(b);
        if (timeOnly) {
            from = LocalDateTime.of(LocalDate.EPOCH, from.toLocalTime());
            to = LocalDateTime.of(LocalDate.EPOCH, to.toLocalTime());
        }
        long months = timeOnly ? 0 : java.time.temporal.ChronoUnit.MONTHS.between(from, to);
        LocalDateTime afterMonths = from.plusMonths(months);
        long days = timeOnly ? 0 : java.time.temporal.ChronoUnit.DAYS.between(afterMonths, to);
        LocalDateTime afterDays = afterMonths.plusDays(days);
        java.time.Duration rest = java.time.Duration.between(afterDays, to);
        return switch (unit) {
            case ALL -> CypherDuration.of(months, days, rest.getSeconds(), rest.getNano());
            case MONTHS -> new CypherDuration(months, 0, 0, 0);
            case DAYS -> {
                java.time.Duration all = java.time.Duration.between(from, to);
                yield new CypherDuration(0, all.toDays(), 0, 0);
            }
            case SECONDS -> {
                java.time.Duration all = java.time.Duration.between(from, to);
                yield CypherDuration.of(0, 0, all.getSeconds(), all.getNano());
            }
        };
    }

    private static boolean isTimeOnly(Object v) {
        return v instanceof LocalTime || v instanceof OffsetTime;
    }

    private static LocalDateTime dateTimeOf(Object v, String function, int argument) {
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (v instanceof LocalDateTime d) {
            return d;
        }
        if (v instanceof ZonedDateTime d) {
            return d.toLocalDateTime();
        }
        if (v instanceof LocalTime t) {
            return LocalDateTime.of(LocalDate.EPOCH, t);
        }
        if (v instanceof OffsetTime t) {
            return LocalDateTime.of(LocalDate.EPOCH, t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime());
        }
        throw Errors.argumentType(function, argument, "a temporal value", v);
    }

    // ---------------------------------------------------------------- accessors

    /** {@code temporal.key}; null for an unknown key on a temporal value. */
    static Object component(Object v, String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (v instanceof CypherDuration d) {
            return durationComponent(d, k, key);
        }
        LocalDate date = v instanceof LocalDate x ? x : v instanceof LocalDateTime x ? x.toLocalDate()
                : v instanceof ZonedDateTime x ? x.toLocalDate() : null;
        LocalTime time = v instanceof LocalTime x ? x : v instanceof LocalDateTime x ? x.toLocalTime()
                : v instanceof ZonedDateTime x ? x.toLocalTime() : v instanceof OffsetTime x ? x.toLocalTime() : null;
        if (date != null) {
            switch (k) {
                case "year": return (long) date.getYear();
                case "quarter": return (long) date.get(IsoFields.QUARTER_OF_YEAR);
                case "month": return (long) date.getMonthValue();
                case "week": return (long) date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case "weekyear": return (long) date.get(IsoFields.WEEK_BASED_YEAR);
                case "day": return (long) date.getDayOfMonth();
                case "ordinalday": return (long) date.getDayOfYear();
                case "dayofweek": case "weekday": return (long) date.getDayOfWeek().getValue();
                case "dayofquarter": return (long) date.get(IsoFields.DAY_OF_QUARTER);
                default: break;
            }
        }
        if (time != null) {
            switch (k) {
                case "hour": return (long) time.getHour();
                case "minute": return (long) time.getMinute();
                case "second": return (long) time.getSecond();
                case "millisecond": return (long) time.getNano() / 1_000_000L;
                case "microsecond": return (long) time.getNano() / 1000L;
                case "nanosecond": return (long) time.getNano();
                default: break;
            }
        }
        if (v instanceof ZonedDateTime z) {
            switch (k) {
                case "timezone": return z.getZone().getId();
                case "offset": return z.getOffset().getId().equals("Z") ? "+00:00" : z.getOffset().getId();
                case "offsetseconds": return (long) z.getOffset().getTotalSeconds();
                case "epochseconds": return z.toEpochSecond();
                case "epochmillis": return z.toInstant().toEpochMilli();
                default: break;
            }
        }
        if (v instanceof OffsetTime t) {
            switch (k) {
                case "timezone": case "offset": return t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId();
                case "offsetseconds": return (long) t.getOffset().getTotalSeconds();
                default: break;
            }
        }
        throw Errors.typeMismatch("No such field '" + key + "' on " + CypherValues.typeName(v));
    }

    private static Object durationComponent(CypherDuration d, String k, String key) {
        long totalNanos = d.nanos();
        switch (k) {
            case "years": return d.months() / 12;
            case "quarters": return d.months() / 3;
            case "months": return d.months();
            case "monthsofyear": return d.months() % 12;
            case "monthsofquarter": return d.months() % 3;
            case "quartersofyear": return d.months() / 3 % 4;
            case "weeks": return d.days() / 7;
            case "days": return d.days();
            case "daysofweek": return d.days() % 7;
            case "hours": return d.seconds() / 3600;
            case "minutesofhour": return d.seconds() / 60 % 60;
            case "minutes": return d.seconds() / 60;
            case "secondsofminute": return d.seconds() % 60;
            case "seconds": return d.seconds();
            case "milliseconds": return d.seconds() * 1000 + totalNanos / 1_000_000;
            case "microseconds": return d.seconds() * 1_000_000 + totalNanos / 1000;
            case "nanoseconds": return d.seconds() * 1_000_000_000L + totalNanos;
            case "millisecondsofsecond": return totalNanos / 1_000_000;
            case "microsecondsofsecond": return totalNanos / 1000;
            case "nanosecondsofsecond": return totalNanos;
            default: throw Errors.typeMismatch("No such field '" + key + "' on Duration");
        }
    }
}

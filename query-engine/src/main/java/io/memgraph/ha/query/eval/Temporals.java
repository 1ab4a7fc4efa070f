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
            "([+-]?\\d{4})(?:(\\d{2})(\\d{2})?|W(\\d{2})(\\d)?|(\\d{3}))");
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

    /** The value a map argument selects its date or time from: {@code key}, else {@code datetime}. */
    private static Object base(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v != null ? v : m.get("datetime");
    }

    private static LocalDate dateFromMap(Map<?, ?> m, String function) {
        try {
            Object baseValue = base(m, "date");
            if (baseValue != null) {
                return dateFromBase(date(baseValue), m, function);
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

    /**
     * A date selected from {@code base} with the map's fields overriding: the kind of date the map
     * names (week, ordinal, quarter or calendar) decides which of the base's fields are kept.
     */
    private static LocalDate dateFromBase(LocalDate base, Map<?, ?> m, String function) {
        if (m.containsKey("week") || m.containsKey("dayOfWeek")) {
            long year = field(m, "year", base.get(IsoFields.WEEK_BASED_YEAR), function);
            return weekDate(year, field(m, "week", base.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), function),
                    field(m, "dayOfWeek", base.getDayOfWeek().getValue(), function));
        }
        long year = field(m, "year", base.getYear(), function);
        if (m.containsKey("ordinalDay")) {
            return LocalDate.ofYearDay((int) year, (int) field(m, "ordinalDay", 1, function));
        }
        if (m.containsKey("quarter") || m.containsKey("dayOfQuarter")) {
            long quarter = field(m, "quarter", base.get(IsoFields.QUARTER_OF_YEAR), function);
            LocalDate start = LocalDate.of((int) year, (int) (quarter - 1) * 3 + 1, 1);
            return start.plusDays(field(m, "dayOfQuarter", base.get(IsoFields.DAY_OF_QUARTER), function) - 1);
        }
        return LocalDate.of((int) year, (int) field(m, "month", base.getMonthValue(), function),
                (int) field(m, "day", base.getDayOfMonth(), function));
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
            Object baseValue = base(m, "time");
            LocalTime base = baseValue != null ? localTime(baseValue) : null;
            if (base == null && !m.containsKey("hour")) {
                throw Errors.argumentValue(function + "() needs 'hour' in its map argument, got " + Functions.show(m));
            }
            if (base == null && m.containsKey("second") && !m.containsKey("minute")) {
                throw Errors.argumentValue(function + "(): 'second' needs 'minute', got " + Functions.show(m));
            }
            long nanos = base == null ? 0 : base.getNano();
            if (m.containsKey("millisecond") || m.containsKey("microsecond") || m.containsKey("nanosecond")) {
                // Fields not given keep the base's value at that precision.
                long baseNanos = nanos;
                nanos = field(m, "millisecond", baseNanos / 1_000_000L, function) * 1_000_000L
                        + field(m, "microsecond", baseNanos / 1000L % 1000L, function) * 1000L
                        + field(m, "nanosecond", baseNanos % 1000L, function);
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
        return localDateTime(arg, "localdatetime");
    }

    private static LocalDateTime localDateTime(Object arg, String function) {
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
            LocalDate d = dateFromMap(m, function);
            LocalTime time = m.containsKey("hour") || base(m, "time") != null ? timeFromMap(m, function)
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

    static ZonedDateTime dateTime(Object arg, ZoneId clockZone) {
        // A region such as "UTC" that is a fixed offset prints as the offset ("Z"), as Cypher does.
        ZoneId defaultZone = clockZone.normalized();
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
        if (arg instanceof Map<?, ?> m && (m.containsKey("epochSeconds") || m.containsKey("epochMillis"))) {
            return dateTimeFromEpoch(m);
        }
        if (arg instanceof Map<?, ?> m) {
            LocalDateTime local = localDateTime(m, "datetime");
            ZoneId given = m.get("timezone") == null ? null : zoneOf(String.valueOf(m.get("timezone")));
            ZoneId baseZone = zoneOfValue(base(m, "time"));
            if (baseZone != null) {
                // Fields are selected in the base's zone; a given zone then converts the instant.
                ZonedDateTime z = ZonedDateTime.of(local, baseZone);
                return given == null ? z : z.withZoneSameInstant(given);
            }
            return ZonedDateTime.of(local, given == null ? defaultZone : given);
        }
        if (arg instanceof ZonedDateTime z) {
            return z;
        }
        if (arg instanceof LocalDateTime t) {
            return ZonedDateTime.of(t, defaultZone);
        }
        if (arg instanceof LocalDate d) {
            return d.atStartOfDay(defaultZone);
        }
        throw Errors.argumentType("datetime", 1, "a String or a Map", arg);
    }

    private static final java.util.Set<String> EPOCH_KEYS = java.util.Set.of(
            "epochSeconds", "epochMillis", "millisecond", "microsecond", "nanosecond", "timezone");

    /**
     * {@code datetime({epochSeconds: s [, millisecond, microsecond, nanosecond] [, timezone]})} and
     * {@code datetime({epochMillis: ms [, microsecond, nanosecond] [, timezone]})}: that instant, in
     * UTC unless a timezone is given. The sub-second fields add up to less than a second (a
     * millisecond after {@code epochMillis}).
     */
    private static ZonedDateTime dateTimeFromEpoch(Map<?, ?> m) {
        for (Object key : m.keySet()) {
            if (!EPOCH_KEYS.contains(key)) {
                throw Errors.argumentValue("datetime(): epochSeconds and epochMillis combine only with millisecond, "
                        + "microsecond, nanosecond and timezone, not with '" + key + "'");
            }
        }
        boolean seconds = m.containsKey("epochSeconds");
        if (seconds && m.containsKey("epochMillis")) {
            throw Errors.argumentValue("datetime() takes epochSeconds or epochMillis, not both: " + Functions.show(m));
        }
        if (!seconds && m.containsKey("millisecond")) {
            throw Errors.argumentValue("datetime(): epochMillis combines with microsecond and nanosecond, "
                    + "not with millisecond: " + Functions.show(m));
        }
        String epochKey = seconds ? "epochSeconds" : "epochMillis";
        if (m.get(epochKey) == null) {
            throw Errors.argumentValue("datetime(): " + epochKey + " must not be null");
        }
        long epoch = field(m, epochKey, 0, "datetime");
        long millis = field(m, "millisecond", 0, "datetime");
        long micros = field(m, "microsecond", 0, "datetime");
        long nanosecond = field(m, "nanosecond", 0, "datetime");
        long limit = seconds ? 1_000_000_000L : 1_000_000L;
        boolean inRange = millis >= 0 && millis < 1000 && micros >= 0 && micros < 1_000_000 && nanosecond >= 0
                && nanosecond < 1_000_000_000;
        long nanos = inRange ? millis * 1_000_000L + micros * 1000L + nanosecond : limit;
        if (nanos >= limit) {
            throw Errors.argumentValue("datetime(): the millisecond, microsecond and nanosecond after " + epochKey
                    + " must add up to less than one " + (seconds ? "second" : "millisecond") + ", got "
                    + Functions.show(m));
        }
        ZoneId zone = m.get("timezone") == null ? ZoneOffset.UTC : zoneOf(String.valueOf(m.get("timezone")));
        try {
            java.time.Instant instant = seconds ? java.time.Instant.ofEpochSecond(epoch, nanos)
                    : java.time.Instant.ofEpochMilli(epoch).plusNanos(nanos);
            return ZonedDateTime.ofInstant(instant, zone);
        } catch (DateTimeException | ArithmeticException e) {
            throw Errors.argumentValue("datetime(): " + epochKey + " " + epoch + " is out of range: " + e.getMessage());
        }
    }

    /** The zone of a value that has one (datetime, time), else null. */
    private static ZoneId zoneOfValue(Object v) {
        if (v instanceof ZonedDateTime z) {
            return z.getZone();
        }
        if (v instanceof OffsetTime t) {
            return t.getOffset();
        }
        return null;
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
            LocalTime local = timeFromMap(m, "time");
            ZoneId given = m.get("timezone") == null ? null : zoneOf(String.valueOf(m.get("timezone")));
            Object baseValue = base(m, "time");
            ZoneOffset baseOffset = baseValue instanceof OffsetTime t ? t.getOffset()
                    : baseValue instanceof ZonedDateTime z ? z.getOffset() : null;
            if (baseOffset != null) {
                OffsetTime t = OffsetTime.of(local, baseOffset);
                return given == null ? t : t.withOffsetSameInstant(offsetOf(given));
            }
            return OffsetTime.of(local, given == null ? ZoneOffset.UTC : offsetOf(given));
        }
        if (arg instanceof OffsetTime t) {
            return t;
        }
        if (arg instanceof ZonedDateTime z) {
            return z.toOffsetDateTime().toOffsetTime();
        }
        if (arg instanceof LocalTime t) {
            return OffsetTime.of(t, ZoneOffset.UTC);
        }
        if (arg instanceof LocalDateTime t) {
            return OffsetTime.of(t.toLocalTime(), ZoneOffset.UTC);
        }
        throw Errors.argumentType("time", 1, "a String or a Map", arg);
    }

    /** A zone as the fixed offset a time of day needs: a named zone's offset now, since a time has no date. */
    private static ZoneOffset offsetOf(ZoneId zone) {
        if (zone instanceof ZoneOffset o) {
            return o;
        }
        return zone.getRules().getOffset(java.time.Instant.now());
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

    // ---------------------------------------------------------------- truncate

    /**
     * {@code <target>.truncate(unit, value, fields)}: {@code value} cut down to the start of the
     * {@code unit} it lies in, then the map's fields override, as in a constructor selecting from
     * another value. A given timezone replaces the zone without converting (the local fields stay).
     */
    static Object truncate(String target, Object unitArg, Object value, Object fieldsArg, ZoneId clockZone) {
        String function = target + ".truncate";
        if (!(unitArg instanceof String unitText)) {
            throw Errors.argumentType(function, 1, "a String", unitArg);
        }
        if (fieldsArg != null && !(fieldsArg instanceof Map)) {
            throw Errors.argumentType(function, 3, "a Map", fieldsArg);
        }
        Map<?, ?> fields = fieldsArg == null ? Map.of() : (Map<?, ?>) fieldsArg;
        LocalDate date = value instanceof LocalDate x ? x : value instanceof LocalDateTime x ? x.toLocalDate()
                : value instanceof ZonedDateTime x ? x.toLocalDate() : null;
        LocalTime time = value instanceof LocalTime x ? x : value instanceof LocalDateTime x ? x.toLocalTime()
                : value instanceof ZonedDateTime x ? x.toLocalTime() : value instanceof OffsetTime x ? x.toLocalTime()
                : date != null ? LocalTime.MIDNIGHT : null;
        if (time == null) {
            throw Errors.argumentType(function, 2, "a temporal value", value);
        }
        String unit = unitText.toLowerCase(Locale.ROOT);
        boolean dateUnit = switch (unit) {
            case "millennium", "century", "decade", "year", "weekyear", "quarter", "month", "week", "day" -> true;
            case "hour", "minute", "second", "millisecond", "microsecond" -> false;
            default -> throw Errors.argumentValue("Unknown unit '" + unitText + "' for " + function + "()");
        };
        boolean targetHasDate = !target.equals("time") && !target.equals("localtime");
        if (dateUnit && !unit.equals("day") && !targetHasDate) {
            throw Errors.argumentValue("Cannot truncate to '" + unitText + "' in " + function + "()");
        }
        if (date == null && targetHasDate) {
            throw Errors.argumentType(function, 2, "a value with a date", value);
        }
        LocalTime truncatedTime = dateUnit ? LocalTime.MIDNIGHT : time.truncatedTo(switch (unit) {
            case "hour" -> java.time.temporal.ChronoUnit.HOURS;
            case "minute" -> java.time.temporal.ChronoUnit.MINUTES;
            case "second" -> java.time.temporal.ChronoUnit.SECONDS;
            case "millisecond" -> java.time.temporal.ChronoUnit.MILLIS;
            default -> java.time.temporal.ChronoUnit.MICROS;
        });
        LocalDate truncatedDate = date == null ? null : switch (unit) {
            case "millennium" -> LocalDate.of(Math.floorDiv(date.getYear(), 1000) * 1000, 1, 1);
            case "century" -> LocalDate.of(Math.floorDiv(date.getYear(), 100) * 100, 1, 1);
            case "decade" -> LocalDate.of(Math.floorDiv(date.getYear(), 10) * 10, 1, 1);
            case "year" -> LocalDate.of(date.getYear(), 1, 1);
            case "weekyear" -> weekDate(date.get(IsoFields.WEEK_BASED_YEAR), 1, 1);
            case "quarter" -> date.with(IsoFields.DAY_OF_QUARTER, 1);
            case "month" -> date.withDayOfMonth(1);
            case "week" -> date.with(ChronoField.DAY_OF_WEEK, 1);
            default -> date;
        };
        try {
            LocalDate d = truncatedDate == null ? null
                    : fields.isEmpty() ? truncatedDate : dateFromBase(truncatedDate, fields, target);
            Map<String, Object> timeFields = new java.util.HashMap<>();
            for (Map.Entry<?, ?> e : fields.entrySet()) {
                timeFields.put(String.valueOf(e.getKey()), e.getValue());
            }
            timeFields.put("time", truncatedTime);
            LocalTime t = timeFromMap(timeFields, target);
            ZoneId given = fields.get("timezone") == null ? null : zoneOf(String.valueOf(fields.get("timezone")));
            ZoneId zone = given != null ? given : zoneOfValue(value);
            return switch (target) {
                case "date" -> d;
                case "localdatetime" -> LocalDateTime.of(d, t);
                case "localtime" -> t;
                case "time" -> OffsetTime.of(t, zone == null ? ZoneOffset.UTC
                        : zone instanceof ZoneOffset o ? o : value instanceof ZonedDateTime z && given == null
                        ? z.getOffset() : offsetOf(zone));
                default -> ZonedDateTime.of(LocalDateTime.of(d, t), zone == null ? clockZone.normalized() : zone);
            };
        } catch (DateTimeException e) {
            throw Errors.argumentValue("Invalid " + function + "() fields " + Functions.show(fields) + ": " + e.getMessage());
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

    /**
     * A duration from fractional parts: a fraction of a month cascades into whole days (of an
     * average month's length) and then seconds; a fraction of a day cascades into seconds.
     */
    static CypherDuration durationFromFractions(double months, double days, double seconds) {
        long wholeMonths = (long) months;
        double monthRest = (months - wholeMonths) * SECONDS_PER_MONTH;
        long daysFromMonths = (long) (monthRest / SECONDS_PER_DAY);
        double restSeconds = monthRest - daysFromMonths * SECONDS_PER_DAY;
        long wholeDays = (long) days;
        restSeconds += (days - wholeDays) * SECONDS_PER_DAY + seconds;
        long wholeSeconds = (long) Math.floor(restSeconds);
        long nanos = Math.round((restSeconds - wholeSeconds) * 1e9);
        return CypherDuration.of(wholeMonths, wholeDays + daysFromMonths, wholeSeconds, nanos);
    }

    /** ISO 8601's alternative duration form {@code PYYYY-MM-DDThh:mm:ss[.fff]}. */
    private static final Pattern DURATION_ALTERNATIVE = Pattern.compile(
            "([+-])?P(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2}(?:\\.\\d{1,9})?)");

    static CypherDuration parseDuration(String s) {
        Matcher alt = DURATION_ALTERNATIVE.matcher(s);
        if (alt.matches()) {
            return parseDuration((alt.group(1) == null ? "" : alt.group(1)) + "P" + alt.group(2) + "Y" + alt.group(3)
                    + "M" + alt.group(4) + "DT" + alt.group(5) + "H" + alt.group(6) + "M" + alt.group(7) + "S");
        }
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
        LocalDate dateA = datePart(a);
        LocalDate dateB = datePart(b);
        LocalTime timeA = timePart(a, function, 1);
        LocalTime timeB = timePart(b, function, 2);
        ZoneId zoneA = zoneOfValue(a);
        ZoneId zoneB = zoneOfValue(b);
        // A value without a zone is taken in the other value's zone; without any zone, in UTC.
        ZoneId za = zoneA != null ? zoneA : zoneB != null ? zoneB : ZoneOffset.UTC;
        ZoneId zb = zoneB != null ? zoneB : za;
        boolean timeOnly = dateA == null || dateB == null;
        // A time of day is placed on the other value's date (so zone rules apply on that day).
        LocalDate day = dateA != null ? dateA : dateB != null ? dateB : LocalDate.EPOCH;
        ZonedDateTime from = ZonedDateTime.of(LocalDateTime.of(dateA != null ? dateA : day, timeA), za);
        ZonedDateTime to = ZonedDateTime.of(LocalDateTime.of(dateB != null ? dateB : day, timeB), zb);
        if (timeOnly && (unit == Unit.MONTHS || unit == Unit.DAYS)) {
            return new CypherDuration(0, 0, 0, 0);
        }
        if (timeOnly || unit == Unit.SECONDS) {
            java.time.Duration all = java.time.Duration.between(from, to);
            return CypherDuration.of(0, 0, all.getSeconds(), all.getNano());
        }
        // Months and days count on the local calendar of the first value's zone; the rest is
        // elapsed time, so a daylight-saving change shows in the hours.
        ZonedDateTime toLocal = to.withZoneSameInstant(za);
        long months = from.until(toLocal, java.time.temporal.ChronoUnit.MONTHS);
        ZonedDateTime afterMonths = from.plusMonths(months);
        long days = afterMonths.until(toLocal, java.time.temporal.ChronoUnit.DAYS);
        ZonedDateTime afterDays = afterMonths.plusDays(days);
        java.time.Duration rest = java.time.Duration.between(afterDays, toLocal);
        return switch (unit) {
            case MONTHS -> new CypherDuration(months, 0, 0, 0);
            case DAYS -> new CypherDuration(0, from.until(toLocal, java.time.temporal.ChronoUnit.DAYS), 0, 0);
            default -> CypherDuration.of(months, days, rest.getSeconds(), rest.getNano());
        };
    }

    private static LocalDate datePart(Object v) {
        return v instanceof LocalDate x ? x : v instanceof LocalDateTime x ? x.toLocalDate()
                : v instanceof ZonedDateTime x ? x.toLocalDate() : null;
    }

    private static LocalTime timePart(Object v, String function, int argument) {
        if (v instanceof LocalDate) {
            return LocalTime.MIDNIGHT;
        }
        if (v instanceof LocalDateTime x) {
            return x.toLocalTime();
        }
        if (v instanceof ZonedDateTime x) {
            return x.toLocalTime();
        }
        if (v instanceof LocalTime x) {
            return x;
        }
        if (v instanceof OffsetTime x) {
            return x.toLocalTime();
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
                case "offsetminutes": return (long) z.getOffset().getTotalSeconds() / 60;
                case "epochseconds": return z.toEpochSecond();
                case "epochmillis": return z.toInstant().toEpochMilli();
                default: break;
            }
        }
        if (v instanceof OffsetTime t) {
            switch (k) {
                case "timezone": case "offset": return t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId();
                case "offsetseconds": return (long) t.getOffset().getTotalSeconds();
                case "offsetminutes": return (long) t.getOffset().getTotalSeconds() / 60;
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

package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.RelationshipValue;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.memgraph.ha.query.eval.Functions.reg;

/**
 * APOC's conversion and utility functions: {@code apoc.convert.toJson}, {@code fromJsonMap},
 * {@code fromJsonList}, {@code toList}, {@code toMap}; {@code apoc.util.validatePredicate};
 * {@code apoc.date.format} and {@code apoc.date.parse} (epoch numbers in a unit, Java date
 * patterns, UTC unless a zone is given), {@code apoc.date.convertFormat} (a date string from one
 * format to another); {@code apoc.create.uuid} and {@code uuidBase64};
 * {@code apoc.any.property}.
 */
public final class ApocConvertFunctions {
    private ApocConvertFunctions() {
    }

    /** What {@code apoc.date.format} and {@code parse} use when no format is given. */
    private static final String DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss";
    /** What {@code apoc.date.convertFormat} writes when no target format is given. */
    private static final String DEFAULT_CONVERT_TO = "yyyy-MM-dd";

    /**
     * The names APOC's date functions take for common patterns (lower case, as APOC spells them),
     * besides java.time's own formats. {@code week_date} is java.time's ISO week date.
     */
    private static final Map<String, String> NAMED_PATTERNS = Map.ofEntries(
            Map.entry("basic_date", "yyyyMMdd"),
            Map.entry("basic_date_time", "yyyyMMdd'T'HHmmss.SSSZ"),
            Map.entry("basic_date_time_no_millis", "yyyyMMdd'T'HHmmssZ"),
            Map.entry("basic_ordinal_date", "yyyyDDD"),
            Map.entry("basic_ordinal_date_time", "yyyyDDD'T'HHmmss.SSSZ"),
            Map.entry("basic_ordinal_date_time_no_millis", "yyyyDDD'T'HHmmssZ"),
            Map.entry("basic_time", "HHmmss.SSSZ"),
            Map.entry("basic_time_no_millis", "HHmmssZ"),
            Map.entry("basic_t_time", "'T'HHmmss.SSSZ"),
            Map.entry("basic_t_time_no_millis", "'T'HHmmssZ"),
            Map.entry("date", "yyyy-MM-dd"),
            Map.entry("date_hour", "yyyy-MM-dd'T'HH"),
            Map.entry("date_hour_minute", "yyyy-MM-dd'T'HH:mm"),
            Map.entry("date_hour_minute_second", "yyyy-MM-dd'T'HH:mm:ss"),
            Map.entry("date_hour_minute_second_fraction", "yyyy-MM-dd'T'HH:mm:ss.SSS"),
            Map.entry("date_hour_minute_second_millis", "yyyy-MM-dd'T'HH:mm:ss.SSS"),
            Map.entry("date_time", "yyyy-MM-dd'T'HH:mm:ss.SSSZZ"),
            Map.entry("date_time_no_millis", "yyyy-MM-dd'T'HH:mm:ssZZ"),
            Map.entry("hour", "HH"),
            Map.entry("hour_minute", "HH:mm"),
            Map.entry("hour_minute_second", "HH:mm:ss"),
            Map.entry("hour_minute_second_fraction", "HH:mm:ss.SSS"),
            Map.entry("hour_minute_second_millis", "HH:mm:ss.SSS"),
            Map.entry("ordinal_date", "yyyy-DDD"),
            Map.entry("ordinal_date_time", "yyyy-DDD'T'HH:mm:ss.SSSZZ"),
            Map.entry("ordinal_date_time_no_millis", "yyyy-DDD'T'HH:mm:ssZZ"),
            Map.entry("time", "HH:mm:ss.SSSZZ"),
            Map.entry("time_no_millis", "HH:mm:ssZZ"),
            Map.entry("t_time", "'T'HH:mm:ss.SSSZZ"),
            Map.entry("t_time_no_millis", "'T'HH:mm:ssZZ"),
            Map.entry("year", "yyyy"),
            Map.entry("year_month", "yyyy-MM"),
            Map.entry("year_month_day", "yyyy-MM-dd"));

    static void register() {
        reg("apoc.convert.toJson", 1, 1, (a, g, c) -> Json.write(a.get(0), g));
        fromJson("apoc.convert.fromJsonMap", Map.class, "an object", "apoc.convert.fromJsonList for an array");
        fromJson("apoc.convert.fromJsonList", List.class, "an array", "apoc.convert.fromJsonMap for an object");
        reg("apoc.convert.toList", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            return v == null ? null : CypherValues.isList(v) ? new ArrayList<Object>(CypherValues.asList(v))
                    : new ArrayList<>(List.of(v));
        });
        reg("apoc.convert.toMap", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            return v instanceof Map || v instanceof NodeValue || v instanceof RelationshipValue
                    ? Functions.propertyMap("apoc.convert.toMap", v, g) : null;
        });
        reg("apoc.util.validatePredicate", 3, 3, (a, g, c) -> {
            if (Boolean.TRUE.equals(a.get(0))) {
                throw Errors.argumentValue("Failed to invoke function `apoc.util.validatePredicate`: Caused by:"
                        + " java.lang.RuntimeException: " + format(a.get(1), a.get(2)));
            }
            return Boolean.TRUE;
        });
        reg("apoc.date.format", 1, 4, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            long time = Functions.integer("apoc.date.format", a, 0);
            TimeUnit unit = unit("apoc.date.format", a, 1);
            DateTimeFormatter format = formatter("apoc.date.format", a, 2, DEFAULT_PATTERN);
            ZoneId zone = zone("apoc.date.format", a, 3);
            Instant instant = Instant.ofEpochMilli(unit.toMillis(time));
            try {
                return format.withZone(zone).format(instant);
            } catch (DateTimeException e) {
                throw Errors.argumentValue("apoc.date.format(): cannot format " + instant + ": " + e.getMessage());
            }
        });
        reg("apoc.date.parse", 1, 4, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            String text = Functions.str("apoc.date.parse", a, 0);
            TimeUnit unit = unit("apoc.date.parse", a, 1);
            DateTimeFormatter format = formatter("apoc.date.parse", a, 2, DEFAULT_PATTERN);
            ZoneId zone = zone("apoc.date.parse", a, 3);
            try {
                return unit.convert(parse(text, format, zone).toEpochMilli(), TimeUnit.MILLISECONDS);
            } catch (DateTimeException e) {
                throw Errors.argumentValue("apoc.date.parse(): '" + text + "' does not match the format: "
                        + e.getMessage());
            }
        });
        reg("apoc.date.convertFormat", 2, 3, (a, g, c) -> {
            if (a.get(0) == null || "".equals(a.get(0))) {
                return null;
            }
            String text = Functions.str("apoc.date.convertFormat", a, 0);
            if (a.get(1) == null) {
                throw Errors.argumentValue("apoc.date.convertFormat(): the current format must not be null");
            }
            DateTimeFormatter from = formatter("apoc.date.convertFormat", a, 1, "");
            String target = a.size() > 2 && a.get(2) != null ? Functions.str("apoc.date.convertFormat", a, 2)
                    : DEFAULT_CONVERT_TO;
            DateTimeFormatter to = formatter("apoc.date.convertFormat", a, 2, DEFAULT_CONVERT_TO);
            TemporalAccessor parsed;
            try {
                parsed = from.parse(text);
            } catch (DateTimeParseException e) {
                throw Errors.argumentValue("apoc.date.convertFormat(): '" + text + "' does not match the format '"
                        + a.get(1) + "': " + e.getMessage());
            }
            try {
                return to.format(parsed);
            } catch (DateTimeException e) {
                throw Errors.argumentValue("apoc.date.convertFormat(): '" + text + "' cannot be written in the format '"
                        + target + "': " + e.getMessage());
            }
        });
        reg("apoc.create.uuid", 0, 0, (a, g, c) -> UUID.randomUUID().toString());
        reg("apoc.create.uuidBase64", 0, 0, (a, g, c) -> {
            UUID u = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            return Base64.getEncoder().withoutPadding().encodeToString(bytes.array());
        });
        reg("apoc.any.property", 2, 2, (a, g, c) -> {
            Object thing = a.get(0);
            if (thing == null || a.get(1) == null) {
                return null;
            }
            String key = Functions.str("apoc.any.property", a, 1);
            if (thing instanceof Map<?, ?> m) {
                return m.get(key);
            }
            if (thing instanceof NodeValue || thing instanceof RelationshipValue) {
                return g.property(thing, key);
            }
            throw Errors.argumentType("apoc.any.property", 1, "a Map, a Node or a Relationship", thing);
        });
    }

    /** {@code fn(json [, path [, pathOptions]])}: the JSON value at the path, which must be of {@code kind}. */
    private static void fromJson(String fn, Class<?> kind, String kindName, String instead) {
        reg(fn, 1, 3, (a, g, c) -> {
            Object v = fromJson(fn, a, g);
            if (v == null || kind.isInstance(v)) {
                return v;
            }
            throw Errors.argumentValue(fn + "(): the JSON is not " + kindName + " but " + CypherValues.typeName(v)
                    + " (use " + instead + ")");
        });
    }

    /** The JSON value of argument 1 at the path of argument 2 ({@code $} or {@code $.a.b}, or empty). */
    private static Object fromJson(String fn, List<Object> a, GraphAccessor g) {
        if (a.get(0) == null) {
            return null;
        }
        String text = Functions.str(fn, a, 0);
        g.checkAllocation(8L * text.length()); // the parsed value takes a few times the text
        Object v = Json.read(text, fn);
        String path = a.size() > 1 && a.get(1) != null ? Functions.str(fn, a, 1).trim() : "";
        if (path.isEmpty() || path.equals("$")) {
            return v;
        }
        if (!path.matches("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)+")) {
            throw Errors.argumentValue(fn + "(): only JSON paths of the form $.key.key are supported here, not '"
                    + path + "'");
        }
        for (String key : path.substring(2).split("\\.")) {
            v = v instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return v;
    }

    /**
     * {@code message} formatted with {@code params} as APOC does (Java's {@code String.format});
     * a message that does not format them is an {@code ArgumentError}.
     */
    public static String format(Object message, Object params) {
        String text = message instanceof String s ? s : Functions.show(message);
        if (!(params instanceof List<?> list) || list.isEmpty()) {
            return text;
        }
        try {
            return String.format(Locale.ROOT, text, list.toArray());
        } catch (IllegalFormatException e) {
            throw Errors.argumentValue("'" + text + "' does not format " + Functions.show(list) + ": "
                    + e.getMessage());
        }
    }

    /** APOC's unit names: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} and their long forms. */
    private static TimeUnit unit(String fn, List<Object> a, int k) {
        String u = a.size() > k && a.get(k) != null ? Functions.str(fn, a, k).toLowerCase(Locale.ROOT) : "ms";
        return switch (u) {
            case "ms", "milli", "millis", "millisecond", "milliseconds" -> TimeUnit.MILLISECONDS;
            case "s", "second", "seconds" -> TimeUnit.SECONDS;
            case "m", "minute", "minutes" -> TimeUnit.MINUTES;
            case "h", "hour", "hours" -> TimeUnit.HOURS;
            case "d", "day", "days" -> TimeUnit.DAYS;
            default -> throw Errors.argumentValue(fn + "(): unknown time unit '" + u + "' (use ms, s, m, h or d)");
        };
    }

    /**
     * A Java date pattern; the name, in any case, of one of java.time's formats ({@code ISO_LOCAL_DATE},
     * {@code iso_zoned_date_time}, {@code BASIC_ISO_DATE}, {@code RFC_1123_DATE_TIME}); or one of the
     * names APOC gives common patterns ({@link #NAMED_PATTERNS}). Absent or null: {@code fallback}.
     */
    private static DateTimeFormatter formatter(String fn, List<Object> a, int k, String fallback) {
        String f = a.size() > k && a.get(k) != null ? Functions.str(fn, a, k) : fallback;
        String name = f.toUpperCase(Locale.ROOT);
        if (name.startsWith("ISO_") || name.equals("BASIC_ISO_DATE") || name.equals("RFC_1123_DATE_TIME")) {
            try {
                return (DateTimeFormatter) DateTimeFormatter.class.getField(name).get(null);
            } catch (ReflectiveOperationException e) {
                throw Errors.argumentValue(fn + "(): unknown date format '" + f + "'");
            }
        }
        if (f.equals("week_date")) {
            return DateTimeFormatter.ISO_WEEK_DATE;
        }
        String pattern = NAMED_PATTERNS.getOrDefault(f, f);
        if (pattern.isEmpty()) {
            throw Errors.argumentValue(fn + "(): the date format must not be empty");
        }
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
            throw Errors.argumentValue(fn + "(): invalid date pattern '" + f + "': " + e.getMessage());
        }
    }

    private static ZoneId zone(String fn, List<Object> a, int k) {
        String z = a.size() > k && a.get(k) != null ? Functions.str(fn, a, k) : "";
        if (z.isEmpty()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE, fn + "(): unknown time zone '" + z + "'");
        }
    }

    /** The instant {@code text} names: with its own zone or offset if it has one, else in {@code zone}. */
    private static Instant parse(String text, DateTimeFormatter format, ZoneId zone) {
        TemporalAccessor t;
        try {
            t = format.parse(text);
        } catch (DateTimeParseException e) {
            throw new DateTimeException(e.getMessage(), e);
        }
        if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
            return Instant.from(t);
        }
        LocalDate date = t.query(TemporalQueries.localDate());
        if (date == null) {
            throw new DateTimeException("the format gives no date");
        }
        LocalTime time = t.query(TemporalQueries.localTime());
        ZoneId own = t.query(TemporalQueries.zone());
        return LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time).atZone(own == null ? zone : own)
                .toInstant();
    }

}

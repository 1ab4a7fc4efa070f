package io.memgraph.ha.query.dump;

import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.storage.DurationValue;
import io.memgraph.ha.storage.PointValue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Writes stored values and names as Cypher text that this engine evaluates back to exactly the
 * same value. The shapes are Memgraph's dump shapes ({@code "text"}, {@code DATE("...")},
 * {@code DURATION("...")}, {@code POINT({ x:..., y:..., srid: ... })}, backticked names) wherever
 * they are exact here; a value they cannot carry exactly takes a constructor from a map instead:
 * dates and local date-times outside the years 0 to 9999, times and date-times whose offset has
 * seconds (historic zones), durations with a component beyond 10^15 (the text form is read through
 * doubles). Floats are written in full precision; NaN and the infinities as divisions.
 */
final class CypherLiterals {
    /** Beyond this a duration component may not survive the text form, which is parsed through doubles. */
    private static final long EXACT_DURATION_PART = 1_000_000_000_000_000L;
    /** Past these years {@code datetime({epochSeconds: ...})} cannot be computed (java.time's range). */
    private static final int EPOCH_FORM_YEARS = 999_999_998;

    private CypherLiterals() {
    }

    /** A value that has no Cypher expression here (a byte array). */
    static final class UnwritableValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnwritableValueException(String message) {
            super(message);
        }
    }

    /** {@code name} in backticks, a backtick inside doubled: any label, type or key reads back as itself. */
    static StringBuilder name(StringBuilder sb, String name) {
        sb.append('`');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(c);
            if (c == '`') {
                sb.append('`');
            }
        }
        return sb.append('`');
    }

    /**
     * Appends an expression for the stored value {@code v}; returns how deeply lists and maps nest in
     * it (0 for a scalar).
     *
     * @throws UnwritableValueException for a byte array (no Cypher expression builds one)
     */
    static int value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("Null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Long l) {
            sb.append(l.longValue());
        } else if (v instanceof Double d) {
            floatLiteral(sb, d);
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof List<?> list) {
            int depth = 0;
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                depth = Math.max(depth, value(sb, list.get(i)));
            }
            sb.append(']');
            return depth + 1;
        } else if (v instanceof Map<?, ?> map) {
            return map(sb, map) + 1;
        } else if (v instanceof LocalDate d) {
            date(sb, d);
        } else if (v instanceof LocalTime t) {
            time(sb.append("LOCALTIME(\""), t).append("\")");
        } else if (v instanceof LocalDateTime dt) {
            localDateTime(sb, dt);
        } else if (v instanceof OffsetTime t) {
            offsetTime(sb, t);
        } else if (v instanceof ZonedDateTime dt) {
            zonedDateTime(sb, dt);
        } else if (v instanceof DurationValue d) {
            duration(sb, CypherDuration.of(d.months(), d.days(), d.seconds(), d.nanos()));
        } else if (v instanceof PointValue p) {
            point(sb, p);
        } else if (v instanceof byte[] b) {
            throw new UnwritableValueException("a byte array (" + b.length + " bytes): no Cypher expression builds"
                    + " one, and a list of integers in its place would change the value's type");
        } else {
            throw new IllegalArgumentException("not a storage value: " + v.getClass().getName());
        }
        return 0;
    }

    /** {@code {`k`: v, ...}}; returns the nesting depth of the values. */
    static int map(StringBuilder sb, Map<?, ?> map) {
        int depth = 0;
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            name(sb, (String) e.getKey()).append(": ");
            depth = Math.max(depth, value(sb, e.getValue()));
        }
        sb.append('}');
        return depth;
    }

    /** The shortest decimal that reads back as {@code d} (always with a point or exponent, so a float). */
    static void floatLiteral(StringBuilder sb, double d) {
        if (Double.isNaN(d)) {
            sb.append("0.0 / 0.0");
        } else if (d == Double.POSITIVE_INFINITY) {
            sb.append("1.0 / 0.0");
        } else if (d == Double.NEGATIVE_INFINITY) {
            sb.append("-1.0 / 0.0");
        } else {
            sb.append(Double.toString(d)); // "-0.0" reads back as the negation of 0.0: -0.0
        }
    }

    /**
     * A double-quoted string; quotes, backslashes and the usual control characters escaped as
     * Memgraph escapes them, other control characters and lone surrogates as {@code \}{@code uXXXX}.
     */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '\'', '"' -> sb.append('\\').append(c);
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pairedHigh) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean plainYear(int year) {
        return year >= 0 && year <= 9999;
    }

    private static void date(StringBuilder sb, LocalDate d) {
        if (plainYear(d.getYear())) {
            dateText(sb.append("DATE(\""), d).append("\")");
        } else {
            dateFields(sb.append("DATE({"), d).append("})");
        }
    }

    private static void localDateTime(StringBuilder sb, LocalDateTime dt) {
        if (plainYear(dt.getYear())) {
            time(dateText(sb.append("LOCALDATETIME(\""), dt.toLocalDate()).append('T'), dt.toLocalTime())
                    .append("\")");
        } else {
            timeFields(dateFields(sb.append("LOCALDATETIME({"), dt.toLocalDate()).append(", "), dt.toLocalTime())
                    .append("})");
        }
    }

    private static void offsetTime(StringBuilder sb, OffsetTime t) {
        if (t.getOffset().getTotalSeconds() % 60 == 0) {
            time(sb.append("TIME(\""), t.toLocalTime()).append(t.getOffset().getId()).append("\")");
        } else {
            timeFields(sb.append("TIME({"), t.toLocalTime()).append(", timezone: ");
            string(sb, t.getOffset().getId());
            sb.append("})");
        }
    }

    /**
     * {@code DATETIME("...+01:00[Europe/Paris]")} with the offset, so a local time that a zone's
     * clock shows twice (the autumn hour) reads back at the same instant. Offsets with seconds
     * and years past 9999 take the instant and the zone, which name one value exactly.
     */
    private static void zonedDateTime(StringBuilder sb, ZonedDateTime dt) {
        ZoneOffset offset = dt.getOffset();
        if (plainYear(dt.getYear()) && offset.getTotalSeconds() % 60 == 0) {
            sb.append("DATETIME(\"");
            time(dateText(sb, dt.toLocalDate()).append('T'), dt.toLocalTime()).append(offset.getId());
            if (!(dt.getZone() instanceof ZoneOffset)) {
                sb.append('[').append(dt.getZone().getId()).append(']');
            }
            sb.append("\")");
            return;
        }
        if (Math.abs(dt.getYear()) <= EPOCH_FORM_YEARS) {
            sb.append("DATETIME({epochSeconds: ").append(dt.toEpochSecond()).append(", nanosecond: ")
                    .append(dt.getNano());
        } else {
            timeFields(dateFields(sb.append("DATETIME({"), dt.toLocalDate()).append(", "), dt.toLocalTime());
        }
        sb.append(", timezone: ");
        string(sb, dt.getZone().getId());
        sb.append("})");
    }

    private static StringBuilder dateText(StringBuilder sb, LocalDate d) {
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        return pad(sb, d.getDayOfMonth(), 2);
    }

    /** {@code HH:MM:SS} and the fraction without trailing zeros, if any. */
    private static StringBuilder time(StringBuilder sb, LocalTime t) {
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(sb.append('.'), nanos, digits);
        }
        return sb;
    }

    private static StringBuilder dateFields(StringBuilder sb, LocalDate d) {
        return sb.append("year: ").append(d.getYear()).append(", month: ").append(d.getMonthValue())
                .append(", day: ").append(d.getDayOfMonth());
    }

    private static StringBuilder timeFields(StringBuilder sb, LocalTime t) {
        return sb.append("hour: ").append(t.getHour()).append(", minute: ").append(t.getMinute())
                .append(", second: ").append(t.getSecond()).append(", nanosecond: ").append(t.getNano());
    }

    private static StringBuilder pad(StringBuilder sb, int n, int width) {
        String s = Integer.toString(n);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    private static void duration(StringBuilder sb, CypherDuration d) {
        if (textIsExact(d.months()) && textIsExact(d.days()) && textIsExact(d.seconds())) {
            sb.append("DURATION(\"").append(d).append("\")");
        } else {
            sb.append("DURATION({months: ").append(d.months()).append(", days: ").append(d.days())
                    .append(", seconds: ").append(d.seconds()).append(", nanoseconds: ").append(d.nanos()).append("})");
        }
    }

    private static boolean textIsExact(long durationPart) {
        return durationPart > -EXACT_DURATION_PART && durationPart < EXACT_DURATION_PART; // no Math.abs: MIN_VALUE
    }

    /** Memgraph's {@code POINT({ x:1.0, y:2.0, srid: 7203 })}; geographic points too take x and y. */
    private static void point(StringBuilder sb, PointValue p) {
        sb.append("POINT({ x:");
        floatLiteral(sb, p.x());
        sb.append(", y:");
        floatLiteral(sb, p.y());
        if (p.is3d()) {
            sb.append(", z:");
            floatLiteral(sb, p.z());
        }
        sb.append(", srid: ").append(p.srid()).append(" })");
    }
}

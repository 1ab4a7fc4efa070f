package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.CypherValues;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic operators. Integers overflow into an error (as Neo4j's ArithmeticError), not
 * silently; mixing an integer with a float gives a float; null in, null out.
 */
final class Arithmetic {
    private Arithmetic() {
    }

    static Object add(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.addExact(x, y);
            } catch (ArithmeticException e) {
                throw Errors.overflow(x + " + " + y);
            }
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() + y.doubleValue();
        }
        if (a instanceof List<?> x) {
            List<Object> out = new ArrayList<>(x);
            if (b instanceof List<?> y) {
                out.addAll(y);
            } else {
                out.add(b);
            }
            return out;
        }
        if (b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(y.size() + 1);
            out.add(a);
            out.addAll(y);
            return out;
        }
        if (a instanceof String x && (b instanceof String || b instanceof Number)) {
            return x + Functions.show(b);
        }
        if (b instanceof String y && a instanceof Number) {
            return Functions.show(a) + y;
        }
        if (a instanceof CypherDuration x && b instanceof CypherDuration y) {
            try {
                return x.plus(y);
            } catch (ArithmeticException e) {
                throw Errors.overflow(x + " + " + y);
            }
        }
        if (b instanceof CypherDuration d && isTemporal(a)) {
            return plus(a, d);
        }
        if (a instanceof CypherDuration d && isTemporal(b)) {
            return plus(b, d);
        }
        throw mismatch("+", a, b);
    }

    /**
     * {@code ||} (Neo4j 5.19, GQL): two strings or two lists, nothing else; unlike {@code +} it
     * neither turns a number into text nor appends a single element to a list.
     */
    static Object concatenate(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof String x && b instanceof String y) {
            return x + y;
        }
        if (CypherValues.isList(a) && CypherValues.isList(b)) {
            List<?> x = CypherValues.asList(a);
            List<?> y = CypherValues.asList(b);
            List<Object> out = new ArrayList<>(x.size() + y.size());
            out.addAll(x);
            out.addAll(y);
            return out;
        }
        throw Errors.typeMismatch("Cannot compute " + CypherValues.typeName(a) + " || " + CypherValues.typeName(b)
                + " (" + Functions.show(a) + " || " + Functions.show(b) + "): || concatenates two Strings or two Lists");
    }

    static Object subtract(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.subtractExact(x, y);
            } catch (ArithmeticException e) {
                throw Errors.overflow(x + " - " + y);
            }
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() - y.doubleValue();
        }
        if (a instanceof CypherDuration x && b instanceof CypherDuration y) {
            return x.plus(y.negate());
        }
        if (b instanceof CypherDuration d && isTemporal(a)) {
            return plus(a, d.negate());
        }
        throw mismatch("-", a, b);
    }

    static Object multiply(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.multiplyExact(x, y);
            } catch (ArithmeticException e) {
                throw Errors.overflow(x + " * " + y);
            }
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() * y.doubleValue();
        }
        if (a instanceof CypherDuration d && b instanceof Number n) {
            return scale(d, n);
        }
        if (b instanceof CypherDuration d && a instanceof Number n) {
            return scale(d, n);
        }
        throw mismatch("*", a, b);
    }

    static Object divide(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            if (y == 0) {
                throw Errors.divisionByZero();
            }
            if (x == Long.MIN_VALUE && y == -1) {
                throw Errors.overflow(x + " / " + y);
            }
            return x / y;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() / y.doubleValue();
        }
        if (a instanceof CypherDuration d && b instanceof Number n) {
            if (n.doubleValue() == 0) {
                throw Errors.divisionByZero();
            }
            return scale(d, 1.0 / n.doubleValue());
        }
        throw mismatch("/", a, b);
    }

    static Object modulo(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            if (y == 0) {
                throw Errors.divisionByZero();
            }
            return y == -1 ? 0L : x % y;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() % y.doubleValue();
        }
        throw mismatch("%", a, b);
    }

    static Object power(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Math.pow(x.doubleValue(), y.doubleValue());
        }
        throw mismatch("^", a, b);
    }

    static Object negate(Object a) {
        if (a == null) {
            return null;
        }
        if (a instanceof Long x) {
            if (x == Long.MIN_VALUE) {
                throw Errors.overflow("-(" + x + ")");
            }
            return -x;
        }
        if (a instanceof Double x) {
            return -x;
        }
        if (a instanceof CypherDuration d) {
            return d.negate();
        }
        throw Errors.typeMismatch("Cannot negate " + CypherValues.typeName(a) + " (" + Functions.show(a) + ")");
    }

    static Object unaryPlus(Object a) {
        if (a == null || a instanceof Number || a instanceof CypherDuration) {
            return a;
        }
        throw Errors.typeMismatch("Cannot apply unary + to " + CypherValues.typeName(a)
                + " (" + Functions.show(a) + ")");
    }

    private static RuntimeException mismatch(String op, Object a, Object b) {
        return Errors.typeMismatch("Cannot compute " + CypherValues.typeName(a) + " " + op + " "
                + CypherValues.typeName(b) + " (" + Functions.show(a) + " " + op + " " + Functions.show(b) + ")");
    }

    private static boolean isTemporal(Object v) {
        return v instanceof LocalDate || v instanceof LocalTime || v instanceof LocalDateTime
                || v instanceof OffsetTime || v instanceof ZonedDateTime;
    }

    /** Temporal plus duration: months and days apply to the date part, seconds to the time part. */
    private static Object plus(Object t, CypherDuration d) {
        if (t instanceof LocalDate date) {
            // A date has no time of day: whole days carried by the seconds still count, and a
            // part day (either sign) is dropped, so subtracting 16 hours leaves the date alone.
            return date.plusMonths(d.months()).plusDays(d.days()).plusDays(d.seconds() / 86_400L);
        }
        if (t instanceof LocalTime time) {
            return time.plusSeconds(d.seconds()).plusNanos(d.nanos());
        }
        if (t instanceof OffsetTime time) {
            return time.plusSeconds(d.seconds()).plusNanos(d.nanos());
        }
        Temporal x = (Temporal) t;
        if (x instanceof LocalDateTime ldt) {
            return ldt.plusMonths(d.months()).plusDays(d.days()).plusSeconds(d.seconds()).plusNanos(d.nanos());
        }
        ZonedDateTime z = (ZonedDateTime) x;
        return z.plusMonths(d.months()).plusDays(d.days()).plusSeconds(d.seconds()).plusNanos(d.nanos());
    }

    /** A duration times a number; fractions cascade down to smaller units. */
    static CypherDuration scale(CypherDuration d, Number n) {
        if (n instanceof Long f) {
            try {
                return CypherDuration.of(Math.multiplyExact(d.months(), f), Math.multiplyExact(d.days(), f),
                        Math.multiplyExact(d.seconds(), f), Math.multiplyExact((long) d.nanos(), f));
            } catch (ArithmeticException e) {
                throw Errors.overflow(d + " * " + f);
            }
        }
        double f = n.doubleValue();
        return Temporals.durationFromFractions(d.months() * f, d.days() * f, d.seconds() * f + d.nanos() * f / 1e9);
    }
}

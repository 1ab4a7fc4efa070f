package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.Points;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.query.value.ValueSizes;
import io.memgraph.ha.storage.PointValue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The built-in scalar functions, by lower-case name. Each checks its argument types and names the
 * function and argument when one is wrong; almost all return null for a null argument.
 * Aggregating functions live in {@link Aggregations}.
 */
public final class Functions {
    private Functions() {
    }

    /**
     * The arity of a function, for semantic checks.
     *
     * @param name    the function's name as usually written (e.g. {@code toUpper})
     * @param minArgs fewest arguments accepted
     * @param maxArgs most arguments accepted ({@link Integer#MAX_VALUE} for variadic)
     */
    public record Signature(String name, int minArgs, int maxArgs) {}

    @FunctionalInterface
    interface Impl {
        Object apply(List<Object> args, GraphAccessor graph, Clock clock);
    }

    private record Entry(Signature signature, Impl impl) {}

    private static final Map<String, Entry> FUNCTIONS = new HashMap<>();

    /**
     * The internal function the parser wraps around the operand compared with {@code elementId()}
     * ({@code elementId(n) = $id}): an INTEGER becomes its decimal text, any other value stays. Its
     * name has a space, so no query names it; {@link #names()} leaves it out.
     */
    public static final String ELEMENT_ID_OPERAND = "elementId operand";
    /** As {@link #ELEMENT_ID_OPERAND}, for the list on the right of {@code elementId(n) IN $ids}: each INTEGER element. */
    public static final String ELEMENT_ID_OPERANDS = "elementId operands";

    static void reg(String name, int min, int max, Impl impl) {
        FUNCTIONS.put(name.toLowerCase(Locale.ROOT), new Entry(new Signature(name, min, max), impl));
    }

    /** The names of the scalar functions and the aggregating ones, as they are usually written, sorted. */
    public static List<String> names() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Entry e : FUNCTIONS.values()) {
            if (!e.signature().name().contains(" ")) { // not the internal ones
                names.add(e.signature().name());
            }
        }
        names.addAll(Aggregations.names());
        return List.copyOf(names);
    }

    /** The signature of a scalar function, by case-insensitive name. */
    public static Optional<Signature> signature(String name) {
        Entry e = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
        return e == null ? Optional.empty() : Optional.of(e.signature());
    }

    static Object call(String lowerName, List<Object> args, GraphAccessor graph, Clock clock) {
        Entry e = FUNCTIONS.get(lowerName);
        if (e == null) {
            throw new io.memgraph.ha.query.error.CypherException(
                    io.memgraph.ha.query.error.CypherErrorKind.UNKNOWN_FUNCTION, "Unknown function '" + lowerName + "'");
        }
        return e.impl().apply(args, graph, clock);
    }

    // ---------------------------------------------------------------- argument helpers

    static String str(String fn, List<Object> a, int k) {
        Object v = a.get(k);
        if (v instanceof String s) {
            return s;
        }
        throw Errors.argumentType(fn, k + 1, "a String", v);
    }

    static long integer(String fn, List<Object> a, int k) {
        Object v = a.get(k);
        if (v instanceof Long l) {
            return l;
        }
        throw Errors.argumentType(fn, k + 1, "an Integer", v);
    }

    /** A {@code range()} argument: only Integers; anything else is an ArgumentError. */
    private static long rangeBound(List<Object> a, int k) {
        Object v = a.get(k);
        if (v instanceof Long l) {
            return l;
        }
        throw Errors.invalidArgumentType("range", k + 1, "an Integer", v);
    }

    private static double number(String fn, List<Object> a, int k) {
        Object v = a.get(k);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw Errors.argumentType(fn, k + 1, "a Number", v);
    }

    private static PointValue point(String fn, List<Object> a, int k) {
        Object v = a.get(k);
        if (v instanceof PointValue p) {
            return p;
        }
        throw Errors.argumentType(fn, k + 1, "a Point", v);
    }

    static List<?> list(String fn, List<Object> a, int k) {
        Object v = a.get(k);
        if (v instanceof List<?> l) {
            return l;
        }
        throw Errors.argumentType(fn, k + 1, "a List", v);
    }

    /** A map argument, or the properties of a node or relationship argument; null for null. */
    static Map<?, ?> propertyMap(String fn, Object v, GraphAccessor g) {
        if (v == null || v instanceof Map<?, ?>) {
            return (Map<?, ?>) v;
        }
        if (v instanceof NodeValue || v instanceof RelationshipValue) {
            return g.properties(v);
        }
        throw Errors.argumentType(fn, 1, "a Map, a Node or a Relationship", v);
    }

    /** The length of a string in characters (code points), as size() counts. */
    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    static boolean anyNull(List<Object> a) {
        for (Object o : a) {
            if (o == null) {
                return true;
            }
        }
        return false;
    }

    /** A function of one number that maps null to null. */
    private static void math(String name, java.util.function.DoubleUnaryOperator f) {
        reg(name, 1, 1, (a, g, c) -> a.get(0) == null ? null : f.applyAsDouble(number(name, a, 0)));
    }

    private static void string(String name, java.util.function.UnaryOperator<String> f) {
        reg(name, 1, 1, (a, g, c) -> a.get(0) == null ? null : f.apply(str(name, a, 0)));
    }

    /** A function from a list to the list of {@code each} of its elements; null for null. */
    private static void listConversion(String name, java.util.function.UnaryOperator<Object> each) {
        reg(name, 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (!io.memgraph.ha.query.value.CypherValues.isList(v)) {
                throw Errors.argumentType(name, 1, "a List", v);
            }
            List<Object> out = new ArrayList<>();
            for (Object x : io.memgraph.ha.query.value.CypherValues.asList(v)) {
                out.add(each.apply(x));
            }
            return out;
        });
    }

    /** {@code btrim}, {@code ltrim}, {@code rtrim}: white space, or any of the characters of a second argument. */
    private static void trimming(String name, boolean leading, boolean trailing) {
        reg(name, 1, 2, (a, g, c) -> anyNull(a) ? null
                : Trims.trim(str(name, a, 0), a.size() == 2 ? str(name, a, 1) : null, leading, trailing));
    }

    /** Memgraph's {@code degree}, {@code inDegree}, {@code outDegree}. */
    private static void degree(String name, io.memgraph.ha.query.ast.Pattern.Direction direction) {
        reg(name, 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof NodeValue n) {
                return g.degree(n, direction);
            }
            throw Errors.argumentType(name, 1, "a Node", v);
        });
    }

    /** Memgraph's {@code contains}, {@code startsWith}, {@code endsWith}: null unless both arguments are strings. */
    private static void stringMatch(String name, java.util.function.BiPredicate<String, String> test) {
        reg(name, 2, 2, (a, g, c) -> a.get(0) instanceof String s && a.get(1) instanceof String t ? test.test(s, t) : null);
    }

    static {
        // ---- general and list functions
        reg("coalesce", 1, Integer.MAX_VALUE, (a, g, c) -> {
            for (Object o : a) {
                if (o != null) {
                    return o;
                }
            }
            return null;
        });
        // GQL's NULLIF: null when the two are equal (=), else the first
        reg("nullIf", 2, 2, (a, g, c) -> Boolean.TRUE.equals(
                io.memgraph.ha.query.value.CypherValues.equal(a.get(0), a.get(1))) ? null : a.get(0));
        reg("valueType", 1, 1, (a, g, c) -> ValueTypes.describe(a.get(0)));
        reg("isEmpty", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof String s) {
                return s.isEmpty();
            }
            if (v instanceof Map<?, ?> m) {
                return m.isEmpty();
            }
            if (io.memgraph.ha.query.value.CypherValues.isList(v)) {
                return io.memgraph.ha.query.value.CypherValues.asList(v).isEmpty();
            }
            throw Errors.argumentType("isEmpty", 1, "a String, a Map or a List", v);
        });
        reg("head", 1, 1, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            List<?> l = list("head", a, 0);
            return l.isEmpty() ? null : l.get(0);
        });
        reg("last", 1, 1, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            List<?> l = list("last", a, 0);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        });
        reg("tail", 1, 1, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            List<?> l = list("tail", a, 0);
            return l.isEmpty() ? new ArrayList<>() : new ArrayList<Object>(l.subList(1, l.size()));
        });
        reg("range", 2, 3, (a, g, c) -> {
            long start = rangeBound(a, 0);
            long end = rangeBound(a, 1);
            long step = a.size() == 3 ? rangeBound(a, 2) : 1;
            if (step == 0) {
                throw new io.memgraph.ha.query.error.CypherException(
                        io.memgraph.ha.query.error.CypherErrorKind.NUMBER_OUT_OF_RANGE,
                        "Step argument to range() can't be 0");
            }
            long size = step > 0 ? (end < start ? 0 : (end - start) / step + 1)
                    : (start < end ? 0 : (start - end) / -step + 1);
            g.checkAllocation(ValueSizes.ofIntegerList(size < 0 ? Long.MAX_VALUE : size)); // < 0: overflowed, huge
            List<Object> out = new ArrayList<>();
            if (step > 0) {
                for (long x = start; x <= end; x += step) {
                    out.add(x);
                    if (x > Long.MAX_VALUE - step) {
                        break;
                    }
                }
            } else {
                for (long x = start; x >= end; x += step) {
                    out.add(x);
                    if (x < Long.MIN_VALUE - step) {
                        break;
                    }
                }
            }
            return out;
        });
        reg("reverse", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof String s) {
                return new StringBuilder(s).reverse().toString();
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l);
                Collections.reverse(out);
                return out;
            }
            throw Errors.argumentType("reverse", 1, "a String or a List", v);
        });
        reg("size", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof String s) {
                return (long) s.codePointCount(0, s.length());
            }
            if (v instanceof List<?> l) {
                return (long) l.size();
            }
            if (v instanceof byte[] b) {
                return (long) b.length;
            }
            throw Errors.argumentType("size", 1, "a String or a List", v);
        });
        reg("length", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof PathValue p) {
                return (long) p.length();
            }
            if (v instanceof String s) {
                return (long) s.codePointCount(0, s.length());
            }
            if (v instanceof List<?> l) {
                return (long) l.size();
            }
            throw Errors.argumentType("length", 1, "a Path", v);
        });
        reg("keys", 1, 1, (a, g, c) -> {
            Map<?, ?> m = propertyMap("keys", a.get(0), g);
            return m == null ? null : new ArrayList<Object>(m.keySet());
        });
        reg("properties", 1, 1, (a, g, c) -> {
            Map<?, ?> m = propertyMap("properties", a.get(0), g);
            return m == null ? null : new LinkedHashMap<Object, Object>(m);
        });

        // ---- graph functions, through the accessor
        reg("id", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof NodeValue n) {
                return n.id();
            }
            if (v instanceof RelationshipValue r) {
                return r.id();
            }
            throw Errors.argumentType("id", 1, "a Node or a Relationship", v);
        });
        reg("elementId", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof NodeValue || v instanceof RelationshipValue) {
                return g.elementId(v);
            }
            throw Errors.argumentType("elementId", 1, "a Node or a Relationship", v);
        });
        reg(ELEMENT_ID_OPERAND, 1, 1, (a, g, c) -> a.get(0) instanceof Long l ? Long.toString(l) : a.get(0));
        reg(ELEMENT_ID_OPERANDS, 1, 1, (a, g, c) -> {
            if (!(a.get(0) instanceof List<?> list)) {
                return a.get(0); // IN reports what is wrong with it
            }
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) {
                out.add(v instanceof Long l ? Long.toString(l) : v);
            }
            return out;
        });
        reg("labels", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof NodeValue n) {
                return new ArrayList<Object>(g.labels(n));
            }
            throw Errors.argumentType("labels", 1, "a Node", v);
        });
        reg("type", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof RelationshipValue r) {
                return g.type(r);
            }
            throw Errors.argumentType("type", 1, "a Relationship", v);
        });
        reg("startNode", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof RelationshipValue r) {
                return g.startNode(r);
            }
            throw Errors.argumentType("startNode", 1, "a Relationship", v);
        });
        reg("endNode", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof RelationshipValue r) {
                return g.endNode(r);
            }
            throw Errors.argumentType("endNode", 1, "a Relationship", v);
        });
        reg("nodes", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof PathValue p) {
                return new ArrayList<Object>(p.nodes());
            }
            throw Errors.argumentType("nodes", 1, "a Path", v);
        });
        reg("relationships", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof PathValue p) {
                return new ArrayList<Object>(p.relationships());
            }
            throw Errors.argumentType("relationships", 1, "a Path", v);
        });
        // exists(n.prop) is evaluated by the evaluator (it needs the unevaluated argument);
        // registered here for the arity check only.
        reg("exists", 1, 1, (a, g, c) -> a.get(0) != null);

        // ---- Memgraph's own functions
        degree("degree", io.memgraph.ha.query.ast.Pattern.Direction.BOTH);
        degree("inDegree", io.memgraph.ha.query.ast.Pattern.Direction.INCOMING);
        degree("outDegree", io.memgraph.ha.query.ast.Pattern.Direction.OUTGOING);
        reg("toSet", 1, 1, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            // distinct as DISTINCT is (1 and 1.0 are one value, so are two nulls), first occurrences in order
            java.util.LinkedHashSet<io.memgraph.ha.query.value.CypherValues.Key> seen = new java.util.LinkedHashSet<>();
            for (Object x : list("toSet", a, 0)) {
                seen.add(new io.memgraph.ha.query.value.CypherValues.Key(x));
            }
            List<Object> out = new ArrayList<>(seen.size());
            seen.forEach(k -> out.add(k.value()));
            return out;
        });
        reg("values", 1, 1, (a, g, c) -> {
            Map<?, ?> m = propertyMap("values", a.get(0), g);
            return m == null ? null : new ArrayList<Object>(m.values());
        });
        reg("assert", 1, 2, (a, g, c) -> {
            if (!(a.get(0) instanceof Boolean ok)) {
                throw Errors.argumentType("assert", 1, "a Boolean", a.get(0));
            }
            Object message = a.size() == 2 ? a.get(1) : null;
            if (message != null && !(message instanceof String)) {
                throw Errors.argumentType("assert", 2, "a String", message);
            }
            if (!ok) {
                throw Errors.argumentValue("Assertion failed" + (message == null ? "" : ": " + message) + ".");
            }
            return Boolean.TRUE;
        });
        // counter() keeps per-query state: the evaluator answers it (Counters); registered here for the arity check.
        reg("counter", 2, 3, (a, g, c) -> {
            throw new IllegalStateException("counter() is evaluated by the ExpressionEvaluator, which holds the counters");
        });
        reg("propertySize", 2, 2, (a, g, c) -> {
            if (anyNull(a)) {
                return null;
            }
            Object v = a.get(0);
            if (!(v instanceof NodeValue || v instanceof RelationshipValue)) {
                throw Errors.argumentType("propertySize", 1, "a Node or a Relationship", v);
            }
            return g.propertySize(v, str("propertySize", a, 1));
        });
        reg("uniformSample", 2, 2, (a, g, c) -> {
            if (anyNull(a)) {
                return null;
            }
            List<?> population = list("uniformSample", a, 0);
            long size = integer("uniformSample", a, 1);
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                throw Errors.argumentValue("Invalid argument to uniformSample(): the size must be between 0 and "
                        + (Integer.MAX_VALUE - 8) + ", got " + size);
            }
            if (population.isEmpty()) {
                return null; // nothing to draw from, as Memgraph
            }
            g.checkAllocation(ValueSizes.ofPathList(size));
            List<Object> out = new ArrayList<>((int) size);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (long k = 0; k < size; k++) {
                out.add(population.get(random.nextInt(population.size())));
            }
            return out;
        });
        stringMatch("contains", String::contains);
        stringMatch("startsWith", String::startsWith);
        stringMatch("endsWith", String::endsWith);

        // ---- conversions
        reg("toInteger", 1, 1, (a, g, c) -> toInteger(a.get(0)));
        reg("toFloat", 1, 1, (a, g, c) -> toFloat(a.get(0)));
        reg("toString", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (unstringable(v)) {
                throw Errors.argumentType("toString", 1, "a String, Number, Boolean, Point or temporal value", v);
            }
            return toStringValue(v);
        });
        reg("toBoolean", 1, 1, (a, g, c) -> toBoolean(a.get(0)));
        // Neo4j 5: the ...OrNull forms take any value, the ...List forms convert each element as they do.
        reg("toIntegerOrNull", 1, 1, (a, g, c) -> toIntegerOrNull(a.get(0)));
        reg("toFloatOrNull", 1, 1, (a, g, c) -> toFloatOrNull(a.get(0)));
        reg("toBooleanOrNull", 1, 1, (a, g, c) -> toBooleanOrNull(a.get(0)));
        reg("toStringOrNull", 1, 1, (a, g, c) -> toStringOrNull(a.get(0)));
        listConversion("toIntegerList", Functions::toIntegerOrNull);
        listConversion("toFloatList", Functions::toFloatOrNull);
        listConversion("toBooleanList", Functions::toBooleanOrNull);
        listConversion("toStringList", Functions::toStringOrNull);

        // ---- numeric
        reg("isNaN", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof Double d) {
                return d.isNaN();
            }
            if (v instanceof Long) {
                return false;
            }
            throw Errors.argumentType("isNaN", 1, "a Float or an Integer", v);
        });
        reg("abs", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof Long l) {
                if (l == Long.MIN_VALUE) {
                    throw Errors.overflow("abs(" + l + ")");
                }
                return Math.abs(l);
            }
            return Math.abs(number("abs", a, 0));
        });
        math("ceil", Math::ceil);
        math("floor", Math::floor);
        reg("round", 1, 3, (a, g, c) -> {
            if (anyNull(a)) {
                return null;
            }
            double x = number("round", a, 0);
            if (a.size() == 1) {
                return Double.isNaN(x) || Double.isInfinite(x) ? x : (double) Math.round(x);
            }
            long precision = integer("round", a, 1);
            java.math.RoundingMode mode = java.math.RoundingMode.HALF_UP;
            if (a.size() == 3) {
                try {
                    mode = java.math.RoundingMode.valueOf(str("round", a, 2).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw Errors.argumentValue("Unknown rounding mode for round(): " + a.get(2));
                }
            }
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                return x;
            }
            return new java.math.BigDecimal(Double.toString(x)).setScale((int) precision, mode).doubleValue();
        });
        reg("sign", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof Long l) {
                return (long) Long.signum(l);
            }
            return (long) Math.signum(number("sign", a, 0));
        });
        math("sqrt", Math::sqrt);
        math("exp", Math::exp);
        math("log", Math::log);
        math("log10", Math::log10);
        math("sin", Math::sin);
        math("cos", Math::cos);
        math("tan", Math::tan);
        math("asin", Math::asin);
        math("acos", Math::acos);
        math("atan", Math::atan);
        math("cot", x -> 1.0 / Math.tan(x));
        math("degrees", Math::toDegrees);
        math("radians", Math::toRadians);
        math("haversin", x -> (1 - Math.cos(x)) / 2);
        reg("atan2", 2, 2, (a, g, c) -> anyNull(a) ? null : Math.atan2(number("atan2", a, 0), number("atan2", a, 1)));
        reg("rand", 0, 0, (a, g, c) -> ThreadLocalRandom.current().nextDouble());
        reg("e", 0, 0, (a, g, c) -> Math.E);
        reg("pi", 0, 0, (a, g, c) -> Math.PI);
        reg("timestamp", 0, 0, (a, g, c) -> c.millis());
        // LOAD CSV's origin of the current row; the evaluator answers them from the row, null outside LOAD CSV
        reg("linenumber", 0, 0, (a, g, c) -> null);
        reg("file", 0, 0, (a, g, c) -> null);
        reg("randomUUID", 0, 0, (a, g, c) -> UUID.randomUUID().toString());

        // ---- strings
        string("toUpper", s -> s.toUpperCase(Locale.ROOT));
        string("toLower", s -> s.toLowerCase(Locale.ROOT));
        string("upper", s -> s.toUpperCase(Locale.ROOT));
        string("lower", s -> s.toLowerCase(Locale.ROOT));
        string("trim", String::strip);
        trimming("ltrim", true, false);
        trimming("rtrim", false, true);
        trimming("btrim", true, true);
        reg("char_length", 1, 1, (a, g, c) -> a.get(0) == null ? null : (long) codePoints(str("char_length", a, 0)));
        reg("character_length", 1, 1, (a, g, c) -> a.get(0) == null ? null
                : (long) codePoints(str("character_length", a, 0)));
        // The parser passes the normal form as its name (normalize(s, NFKC) is written with a keyword).
        reg("normalize", 1, 2, (a, g, c) -> a.get(0) == null ? null
                : java.text.Normalizer.normalize(str("normalize", a, 0),
                        a.size() == 2 ? java.text.Normalizer.Form.valueOf((String) a.get(1)) : java.text.Normalizer.Form.NFC));
        reg("replace", 3, 3, (a, g, c) -> anyNull(a) ? null
                : str("replace", a, 0).replace(str("replace", a, 1), str("replace", a, 2)));
        reg("substring", 2, 3, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            String s = str("substring", a, 0);
            long start = integer("substring", a, 1);
            long len = a.size() == 3 ? integer("substring", a, 2) : Long.MAX_VALUE;
            if (start < 0 || len < 0) {
                throw Errors.argumentValue("Invalid argument to substring(): start and length must be non-negative, got "
                        + start + " and " + (a.size() == 3 ? len : "none"));
            }
            if (start >= s.length()) {
                return "";
            }
            long end = Math.min(s.length(), start + Math.min(len, s.length()));
            return s.substring((int) start, (int) end);
        });
        reg("left", 2, 2, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            String s = str("left", a, 0);
            if (a.get(1) == null) {
                throw Errors.argumentValue("Invalid argument to left(): length must not be null");
            }
            long n = integer("left", a, 1);
            if (n < 0) {
                throw Errors.argumentValue("Invalid argument to left(): length must be non-negative, got " + n);
            }
            return s.substring(0, (int) Math.min(n, s.length()));
        });
        reg("right", 2, 2, (a, g, c) -> {
            if (a.get(0) == null) {
                return null;
            }
            String s = str("right", a, 0);
            if (a.get(1) == null) {
                throw Errors.argumentValue("Invalid argument to right(): length must not be null");
            }
            long n = integer("right", a, 1);
            if (n < 0) {
                throw Errors.argumentValue("Invalid argument to right(): length must be non-negative, got " + n);
            }
            return s.substring(s.length() - (int) Math.min(n, s.length()));
        });
        reg("split", 2, 2, (a, g, c) -> {
            if (anyNull(a)) {
                return null;
            }
            String s = str("split", a, 0);
            String sep = str("split", a, 1);
            List<Object> out = new ArrayList<>();
            if (sep.isEmpty()) {
                s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
                return out;
            }
            int from = 0;
            int at;
            while ((at = s.indexOf(sep, from)) >= 0) {
                out.add(s.substring(from, at));
                from = at + sep.length();
            }
            out.add(s.substring(from));
            return out;
        });

        // ---- temporal constructors
        reg("date", 0, 1, (a, g, c) -> a.isEmpty() ? LocalDate.now(c)
                : a.get(0) == null ? null : Temporals.date(a.get(0)));
        reg("localtime", 0, 1, (a, g, c) -> a.isEmpty() ? LocalTime.now(c)
                : a.get(0) == null ? null : Temporals.localTime(a.get(0)));
        reg("localdatetime", 0, 1, (a, g, c) -> a.isEmpty() ? LocalDateTime.now(c)
                : a.get(0) == null ? null : Temporals.localDateTime(a.get(0)));
        reg("datetime", 0, 1, (a, g, c) -> a.isEmpty() ? ZonedDateTime.now(c.withZone(c.getZone().normalized()))
                : a.get(0) == null ? null : Temporals.dateTime(a.get(0), c.getZone()));
        reg("time", 0, 1, (a, g, c) -> a.isEmpty() ? OffsetTime.now(c)
                : a.get(0) == null ? null : Temporals.time(a.get(0)));
        for (String target : new String[] {"date", "localtime", "time", "localdatetime", "datetime"}) {
            reg(target + ".truncate", 2, 3, (a, g, c) -> a.get(0) == null || a.get(1) == null ? null
                    : Temporals.truncate(target, a.get(0), a.get(1), a.size() > 2 ? a.get(2) : null, c.getZone()));
            // The query engine pins one clock per query, so transaction, statement and realtime
            // all read that clock.
            for (String clockKind : new String[] {"transaction", "statement", "realtime"}) {
                reg(target + "." + clockKind, 0, 1, (a, g, c) -> a.isEmpty() ? call(target, List.of(), g, c)
                        : a.get(0) == null ? null
                        : a.get(0) instanceof String zone ? call(target, List.of(), g, c.withZone(zoneArg(target, zone)))
                        : call(target, a, g, c));
            }
        }
        reg("duration", 1, 1, (a, g, c) -> a.get(0) == null ? null : Temporals.duration(a.get(0)));

        // ---- spatial
        reg("point", 1, 1, (a, g, c) -> {
            Object v = a.get(0);
            if (v == null) {
                return null;
            }
            if (v instanceof Map<?, ?> m) {
                return Points.fromMap(m);
            }
            if (v instanceof NodeValue || v instanceof RelationshipValue) {
                return Points.fromMap(g.properties(v));
            }
            throw Errors.argumentType("point", 1, "a Map", v);
        });
        reg("point.distance", 2, 2, (a, g, c) -> anyNull(a) ? null
                : Points.distance(point("point.distance", a, 0), point("point.distance", a, 1)));
        reg("point.withinBBox", 3, 3, (a, g, c) -> anyNull(a) ? null
                : Points.withinBBox(point("point.withinBBox", a, 0), point("point.withinBBox", a, 1),
                        point("point.withinBBox", a, 2)));
        reg("duration.between", 2, 2, (a, g, c) -> anyNull(a) ? null
                : Temporals.between(a.get(0), a.get(1), Temporals.Unit.ALL, "duration.between"));
        reg("duration.inMonths", 2, 2, (a, g, c) -> anyNull(a) ? null
                : Temporals.between(a.get(0), a.get(1), Temporals.Unit.MONTHS, "duration.inMonths"));
        reg("duration.inDays", 2, 2, (a, g, c) -> anyNull(a) ? null
                : Temporals.between(a.get(0), a.get(1), Temporals.Unit.DAYS, "duration.inDays"));
        reg("duration.inSeconds", 2, 2, (a, g, c) -> anyNull(a) ? null
                : Temporals.between(a.get(0), a.get(1), Temporals.Unit.SECONDS, "duration.inSeconds"));
        reg("datetime.fromEpoch", 2, 2, (a, g, c) -> anyNull(a) ? null
                : ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(integer("datetime.fromEpoch", a, 0),
                        integer("datetime.fromEpoch", a, 1)), java.time.ZoneOffset.UTC));
        reg("datetime.fromEpochMillis", 1, 1, (a, g, c) -> anyNull(a) ? null
                : ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(integer("datetime.fromEpochMillis", a, 0)),
                        java.time.ZoneOffset.UTC));
        // APOC's most used functions, built in under their names
        ApocCollectionFunctions.register();
        ApocMapFunctions.register();
        ApocTextFunctions.register();
        ApocConvertFunctions.register();
        ApocPathFunctions.register();
        ApocNodeFunctions.register();
        ApocCypherFunctions.register();
        VectorSimilarity.register();
    }

    private static java.time.ZoneId zoneArg(String function, String zone) {
        try {
            return java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw Errors.argumentValue("Invalid time zone '" + zone + "' for " + function + ": " + e.getMessage());
        }
    }

    static Object toInteger(Object v) {
        if (v == null || v instanceof Long) {
            return v;
        }
        if (v instanceof Double d) {
            if (!fitsInteger(d)) {
                throw Errors.argumentValue("Cannot convert " + show(d) + " to an Integer");
            }
            return d.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof String s) {
            Object n = integerText(s);
            if (n == OUT_OF_RANGE) {
                throw Errors.argumentValue("integer, " + s + ", is too large");
            }
            return n;
        }
        throw Errors.argumentType("toInteger", 1, "a String, Number or Boolean", v);
    }

    /** toIntegerOrNull(): as toInteger(), but null where toInteger() fails. */
    static Object toIntegerOrNull(Object v) {
        if (v instanceof Double d) {
            return fitsInteger(d) ? d.longValue() : null;
        }
        if (v instanceof String s) {
            Object n = integerText(s);
            return n == OUT_OF_RANGE ? null : n;
        }
        return v instanceof Long || v instanceof Boolean ? toInteger(v) : null;
    }

    private static boolean fitsInteger(double d) {
        return !Double.isNaN(d) && d < 0x1p63 && d >= -0x1p63;
    }

    /** What integerText() gives for a number beyond the 64-bit integers. */
    private static final Object OUT_OF_RANGE = new Object();

    /**
     * A string as toInteger() reads it, as Neo4j 5: an integer, else a decimal number truncated (no
     * white space around either); null for text that is not a number, {@link #OUT_OF_RANGE} for a
     * number beyond the integers.
     */
    private static Object integerText(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            java.math.BigDecimal d;
            try {
                d = new java.math.BigDecimal(s);
            } catch (NumberFormatException e2) {
                return null;
            }
            if (d.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                    || d.compareTo(java.math.BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
                return OUT_OF_RANGE;
            }
            return d.longValue();
        }
    }

    static Object toFloat(Object v) {
        if (v == null || v instanceof Double) {
            return v;
        }
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null; // Cypher: text that is not a number converts to null
            }
        }
        throw Errors.argumentType("toFloat", 1, "a String or a Number", v);
    }

    /** toFloatOrNull(): as toFloat(), but null for a value of another type (a Boolean too, as Neo4j 5). */
    static Object toFloatOrNull(Object v) {
        return v instanceof Number || v instanceof String ? toFloat(v) : null;
    }

    /** toBooleanOrNull(): as toBoolean(), but null for a value of another type. */
    static Object toBooleanOrNull(Object v) {
        return v instanceof Boolean || v instanceof String || v instanceof Long ? toBoolean(v) : null;
    }

    static Object toBoolean(Object v) {
        if (v == null || v instanceof Boolean) {
            return v;
        }
        if (v instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
        }
        if (v instanceof Long l) {
            return l != 0; // Neo4j 5: 0 is false, any other integer true
        }
        throw Errors.argumentType("toBoolean", 1, "a String, an Integer or a Boolean", v);
    }

    /** Whether toString() refuses {@code v} (it is not null): collections, graph values and byte arrays. */
    private static boolean unstringable(Object v) {
        return v instanceof List || v instanceof Map || v instanceof NodeValue || v instanceof RelationshipValue
                || v instanceof PathValue || v instanceof byte[];
    }

    /** toStringOrNull(): as toString(), but null for a value toString() refuses. */
    static Object toStringOrNull(Object v) {
        return v == null || unstringable(v) ? null : toStringValue(v);
    }

    /** The text of a value as toString() and error messages show it. */
    public static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.toString();
            }
            return Double.toString(d);
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < l.size(); k++) {
                sb.append(k == 0 ? "" : ", ").append(quoted(l.get(k)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ").append(e.getKey()).append(": ").append(quoted(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        if (v instanceof NodeValue n) {
            return "Node[" + n.id() + "]";
        }
        if (v instanceof RelationshipValue r) {
            return "Relationship[" + r.id() + "]";
        }
        if (v instanceof ZonedDateTime z) {
            String base = z.toOffsetDateTime().toString();
            return z.getZone() instanceof java.time.ZoneOffset ? base : base + "[" + z.getZone().getId() + "]";
        }
        if (v instanceof CypherDuration d) {
            return d.toString();
        }
        if (v instanceof PointValue p) {
            return Points.show(p);
        }
        if (v instanceof byte[] b) {
            return show(io.memgraph.ha.query.value.CypherValues.asList(b));
        }
        return v.toString();
    }

    /**
     * toString(): temporal values in the ISO forms that always keep the seconds, as Neo4j 5 prints
     * them (java.time's own form, used elsewhere, drops ":00").
     */
    private static String toStringValue(Object v) {
        if (v instanceof ZonedDateTime z) {
            String base = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(z);
            return z.getZone() instanceof java.time.ZoneOffset ? base : base + "[" + z.getZone().getId() + "]";
        }
        if (v instanceof java.time.LocalTime t) {
            return java.time.format.DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        if (v instanceof java.time.OffsetTime t) {
            return java.time.format.DateTimeFormatter.ISO_OFFSET_TIME.format(t);
        }
        if (v instanceof java.time.LocalDateTime t) {
            return java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        return show(v);
    }

    private static String quoted(Object v) {
        return v instanceof String s ? "'" + s + "'" : show(v);
    }
}

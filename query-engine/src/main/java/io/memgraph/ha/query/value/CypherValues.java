package io.memgraph.ha.query.value;

import io.memgraph.ha.storage.PointValue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The rules of Cypher values: which Java objects are values, equality ({@code =}, three-valued),
 * comparison ({@code <} and friends, null when incomparable), the ORDER BY total order, and
 * equivalence for DISTINCT and grouping.
 *
 * <p>Values are plain Java objects: {@code null}, {@link Boolean}, {@link Long}, {@link Double},
 * {@link String}, {@link List}, {@link Map} with String keys, {@link LocalDate},
 * {@link LocalTime}, {@link LocalDateTime}, {@link OffsetTime}, {@link ZonedDateTime},
 * {@link CypherDuration}, {@link PointValue}, {@code byte[]}, {@link NodeValue}, {@link RelationshipValue}
 * and {@link PathValue}. A byte array (from a client or a property) is a list of integers to every
 * rule here, as Neo4j treats it; it is only kept compact, and goes back to a client as bytes.
 *
 * <p>Equivalence is defined as "ORDER BY compares equal", so the two never disagree: null is
 * equivalent to null, NaN to NaN, and 1 to 1.0.
 */
public final class CypherValues {
    private CypherValues() {
    }

    /** The ORDER BY order (ascending): a total order over all values, nulls last. */
    public static final Comparator<Object> ORDER = CypherValues::orderCompare;

    // Categories in ascending ORDER BY position, as openCypher specifies.
    private static final int MAP = 0;
    private static final int NODE = 1;
    private static final int RELATIONSHIP = 2;
    private static final int LIST = 3;
    private static final int PATH = 4;
    private static final int POINT = 5;
    private static final int DATETIME = 6;
    private static final int LOCAL_DATETIME = 7;
    private static final int DATE = 8;
    private static final int TIME = 9;
    private static final int LOCAL_TIME = 10;
    private static final int DURATION = 11;
    private static final int STRING = 12;
    private static final int BOOLEAN = 13;
    private static final int NUMBER = 14;
    private static final int NULL = 15;

    private static int category(Object v) {
        if (v == null) {
            return NULL;
        }
        if (v instanceof Long || v instanceof Double) {
            return NUMBER;
        }
        if (v instanceof String) {
            return STRING;
        }
        if (v instanceof Boolean) {
            return BOOLEAN;
        }
        if (v instanceof List || v instanceof byte[]) {
            return LIST;
        }
        if (v instanceof Map) {
            return MAP;
        }
        if (v instanceof NodeValue) {
            return NODE;
        }
        if (v instanceof PointValue) {
            return POINT;
        }
        if (v instanceof RelationshipValue) {
            return RELATIONSHIP;
        }
        if (v instanceof PathValue) {
            return PATH;
        }
        if (v instanceof ZonedDateTime) {
            return DATETIME;
        }
        if (v instanceof LocalDateTime) {
            return LOCAL_DATETIME;
        }
        if (v instanceof LocalDate) {
            return DATE;
        }
        if (v instanceof OffsetTime) {
            return TIME;
        }
        if (v instanceof LocalTime) {
            return LOCAL_TIME;
        }
        if (v instanceof CypherDuration) {
            return DURATION;
        }
        throw new IllegalArgumentException("not a Cypher value: " + v.getClass().getName());
    }

    /** True when {@code v} is one of the value types (checked deeply for lists and maps). */
    public static boolean isValue(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().allMatch(CypherValues::isValue);
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().allMatch(e -> e.getKey() instanceof String && isValue(e.getValue()));
        }
        try {
            category(v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Converts other Java numbers and arrays coming from a client into the value model
     * (Integer to Long, Float to Double, recursively in lists and maps).
     */
    public static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
            return out;
        }
        return v;
    }

    /** The Cypher type name of a value, for error messages ("Integer", "String", ...). */
    public static String typeName(Object v) {
        if (v == null) {
            return "Null";
        }
        if (v instanceof Long) {
            return "Integer";
        }
        if (v instanceof Double) {
            return "Float";
        }
        if (v instanceof String) {
            return "String";
        }
        if (v instanceof Boolean) {
            return "Boolean";
        }
        if (v instanceof List) {
            return "List";
        }
        if (v instanceof Map) {
            return "Map";
        }
        if (v instanceof NodeValue) {
            return "Node";
        }
        if (v instanceof RelationshipValue) {
            return "Relationship";
        }
        if (v instanceof PathValue) {
            return "Path";
        }
        if (v instanceof ZonedDateTime) {
            return "DateTime";
        }
        if (v instanceof LocalDateTime) {
            return "LocalDateTime";
        }
        if (v instanceof LocalDate) {
            return "Date";
        }
        if (v instanceof OffsetTime) {
            return "Time";
        }
        if (v instanceof LocalTime) {
            return "LocalTime";
        }
        if (v instanceof CypherDuration) {
            return "Duration";
        }
        if (v instanceof PointValue) {
            return "Point";
        }
        if (v instanceof byte[]) {
            return "ByteArray";
        }
        return v.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- ORDER BY and equivalence

    /** The ORDER BY comparison: total, consistent with {@link #equivalent}. */
    public static int orderCompare(Object a, Object b) {
        int ca = category(a);
        int cb = category(b);
        if (ca != cb) {
            return Integer.compare(ca, cb);
        }
        switch (ca) {
            case NULL:
                return 0;
            case NUMBER:
                return compareNumbersTotal((Number) a, (Number) b);
            case STRING:
                return Integer.signum(((String) a).compareTo((String) b));
            case BOOLEAN:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case LIST:
                return compareListsTotal(asList(a), asList(b));
            case POINT:
                return Integer.signum(((PointValue) a).compareTo((PointValue) b));
            case MAP:
                return compareMapsTotal((Map<?, ?>) a, (Map<?, ?>) b);
            case NODE:
                return Long.compare(((NodeValue) a).id(), ((NodeValue) b).id());
            case RELATIONSHIP:
                return Long.compare(((RelationshipValue) a).id(), ((RelationshipValue) b).id());
            case PATH:
                return compareListsTotal(pathElements((PathValue) a), pathElements((PathValue) b));
            case DATETIME: {
                ZonedDateTime x = (ZonedDateTime) a;
                ZonedDateTime y = (ZonedDateTime) b;
                int c = x.toInstant().compareTo(y.toInstant());
                if (c == 0) {
                    c = x.toLocalDateTime().compareTo(y.toLocalDateTime());
                }
                if (c == 0) {
                    c = x.getZone().getId().compareTo(y.getZone().getId());
                }
                return Integer.signum(c);
            }
            case LOCAL_DATETIME:
                return Integer.signum(((LocalDateTime) a).compareTo((LocalDateTime) b));
            case DATE:
                return Integer.signum(((LocalDate) a).compareTo((LocalDate) b));
            case TIME:
                return Integer.signum(((OffsetTime) a).compareTo((OffsetTime) b));
            case LOCAL_TIME:
                return Integer.signum(((LocalTime) a).compareTo((LocalTime) b));
            case DURATION: {
                CypherDuration x = (CypherDuration) a;
                CypherDuration y = (CypherDuration) b;
                int c = Long.compare(x.months(), y.months());
                if (c == 0) {
                    c = Long.compare(x.days(), y.days());
                }
                if (c == 0) {
                    c = Long.compare(x.seconds(), y.seconds());
                }
                if (c == 0) {
                    c = Integer.compare(x.nanos(), y.nanos());
                }
                return c;
            }
            default:
                throw new IllegalStateException("unknown category " + ca);
        }
    }

    /** Whether {@code v} is a list value: a {@link List}, or a byte array (a list of integers). */
    public static boolean isList(Object v) {
        return v instanceof List<?> || v instanceof byte[];
    }

    /** A list, or a byte array as the list of its values (-128..127), as Neo4j sees it. */
    public static List<?> asList(Object v) {
        if (v instanceof byte[] b) {
            List<Object> out = new ArrayList<>(b.length);
            for (byte x : b) {
                out.add((long) x);
            }
            return out;
        }
        return (List<?>) v;
    }

    private static List<Object> pathElements(PathValue p) {
        List<Object> out = new ArrayList<>(p.nodes().size() * 2);
        for (int k = 0; k < p.nodes().size(); k++) {
            out.add(p.nodes().get(k));
            if (k < p.relationships().size()) {
                out.add(p.relationships().get(k));
            }
        }
        return out;
    }

    private static int compareListsTotal(List<?> a, List<?> b) {
        int n = Math.min(a.size(), b.size());
        for (int k = 0; k < n; k++) {
            int c = orderCompare(a.get(k), b.get(k));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareMapsTotal(Map<?, ?> a, Map<?, ?> b) {
        List<String> ka = sortedKeys(a);
        List<String> kb = sortedKeys(b);
        int c = compareListsTotal(ka, kb);
        if (c != 0) {
            return c;
        }
        for (String k : ka) {
            c = orderCompare(a.get(k), b.get(k));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<String> sortedKeys(Map<?, ?> m) {
        List<String> keys = new ArrayList<>(m.size());
        for (Object k : m.keySet()) {
            keys.add((String) k);
        }
        keys.sort(null);
        return keys;
    }

    /** Numbers in the total order: exact across Long and Double, NaN above everything. */
    private static int compareNumbersTotal(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            boolean nx = x.isNaN();
            boolean ny = y.isNaN();
            if (nx || ny) {
                return nx && ny ? 0 : nx ? 1 : -1;
            }
            double dx = x;
            double dy = y;
            return dx < dy ? -1 : dx > dy ? 1 : 0;
        }
        if (a instanceof Long x) {
            double d = (Double) b;
            return Double.isNaN(d) ? -1 : compareLongDouble(x, d);
        }
        double d = (Double) a;
        return Double.isNaN(d) ? 1 : -compareLongDouble((Long) b, d);
    }

    /** Exact comparison of a long with a (non-NaN) double, without losing precision. */
    static int compareLongDouble(long l, double d) {
        if (d >= 0x1p63) {
            return -1;
        }
        if (d < -0x1p63) {
            return 1;
        }
        long whole = (long) d; // truncates toward zero; exact in this range
        if (l != whole) {
            return Long.compare(l, whole);
        }
        double fraction = d - whole;
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }

    /**
     * Equivalence as DISTINCT and grouping use it: like {@code =} except that null is equivalent
     * to null and NaN to NaN.
     */
    public static boolean equivalent(Object a, Object b) {
        return orderCompare(a, b) == 0;
    }

    /** A hash code consistent with {@link #equivalent}. */
    public static int hash(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long l) {
            return Long.hashCode(l);
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return 0x7ff80000;
            }
            double x = d;
            if (x == Math.rint(x) && x >= -0x1p63 && x < 0x1p63) {
                return Long.hashCode((long) x); // 1.0 and 1 are equivalent; -0.0 and 0.0 too
            }
            return Double.hashCode(x);
        }
        if (isList(v)) {
            int h = 1;
            for (Object o : asList(v)) {
                h = 31 * h + hash(o);
            }
            return h;
        }
        if (v instanceof Map<?, ?> map) {
            int h = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                h += e.getKey().hashCode() ^ hash(e.getValue());
            }
            return h;
        }
        if (v instanceof NodeValue n) {
            return Long.hashCode(n.id());
        }
        if (v instanceof RelationshipValue r) {
            return 7 * Long.hashCode(r.id()) + 1;
        }
        if (v instanceof PathValue p) {
            return hash(pathElements(p));
        }
        return v.hashCode();
    }

    /**
     * A wrapper whose {@code equals}/{@code hashCode} are Cypher equivalence, for hash maps and
     * sets that implement DISTINCT and grouping.
     */
    public record Key(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && equivalent(value, k.value);
        }

        @Override
        public int hashCode() {
            return hash(value);
        }
    }

    // ---------------------------------------------------------------- = and <

    /**
     * Cypher {@code =}: TRUE, FALSE, or null when the answer is unknown (a null is involved
     * where it matters). Values of different types are not equal; 1 = 1.0; NaN = NaN is false.
     */
    public static Boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (isNaN(x) || isNaN(y)) {
                return Boolean.FALSE;
            }
            return compareNumbersTotal(x, y) == 0;
        }
        if (a instanceof byte[] || b instanceof byte[]) {
            if (category(a) != LIST || category(b) != LIST) {
                return Boolean.FALSE;
            }
            return equal(asList(a), asList(b));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return Boolean.FALSE;
            }
            Boolean result = Boolean.TRUE;
            for (int k = 0; k < x.size(); k++) {
                Boolean e = equal(x.get(k), y.get(k));
                if (e == null) {
                    result = null;
                } else if (!e) {
                    return Boolean.FALSE;
                }
            }
            return result;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return Boolean.FALSE;
            }
            Boolean result = Boolean.TRUE;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Boolean eq = equal(e.getValue(), y.get(e.getKey()));
                if (eq == null) {
                    result = null;
                } else if (!eq) {
                    return Boolean.FALSE;
                }
            }
            return result;
        }
        if (a instanceof PathValue x && b instanceof PathValue y) {
            return equal(pathElements(x), pathElements(y));
        }
        int ca = category(a);
        if (ca != category(b)) {
            return Boolean.FALSE;
        }
        return orderCompare(a, b) == 0;
    }

    private static boolean isNaN(Number n) {
        return n instanceof Double d && d.isNaN();
    }

    /**
     * The comparison behind {@code <, <=, >, >=}: negative, zero or positive, or null when the
     * values are not comparable (different types, maps, nodes, durations, a null inside). A NaN
     * operand compares as {@link #UNORDERED}: every ordering predicate on it is false.
     */
    public static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        int ca = category(a);
        if (ca != category(b)) {
            return null;
        }
        switch (ca) {
            case NUMBER:
                if (isNaN((Number) a) || isNaN((Number) b)) {
                    return UNORDERED;
                }
                return compareNumbersTotal((Number) a, (Number) b);
            case STRING:
            case BOOLEAN:
            case DATETIME:
            case LOCAL_DATETIME:
            case DATE:
            case TIME:
            case LOCAL_TIME:
                return orderCompare(a, b);
            case POINT:
                // Neo4j 5: points are not ordered by < and friends; only equal ones compare (as equal)
                return a.equals(b) ? 0 : null;
            case LIST: {
                List<?> x = asList(a);
                List<?> y = asList(b);
                int n = Math.min(x.size(), y.size());
                for (int k = 0; k < n; k++) {
                    Integer c = compare(x.get(k), y.get(k));
                    if (c == null || c != 0) {
                        return c;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            default:
                return null;
        }
    }

    /** Returned by {@link #compare} when a NaN makes every ordering predicate false. */
    public static final Integer UNORDERED = Integer.MIN_VALUE;

    /** Cypher {@code a < b}. */
    public static Boolean lessThan(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c != UNORDERED.intValue() && c < 0;
    }

    /** Cypher {@code a <= b}. */
    public static Boolean lessThanOrEqual(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c != UNORDERED.intValue() && c <= 0;
    }

    /** Cypher {@code a > b}. */
    public static Boolean greaterThan(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c != UNORDERED.intValue() && c > 0;
    }

    /** Cypher {@code a >= b}. */
    public static Boolean greaterThanOrEqual(Object a, Object b) {
        Integer c = compare(a, b);
        return c == null ? null : c != UNORDERED.intValue() && c >= 0;
    }
}

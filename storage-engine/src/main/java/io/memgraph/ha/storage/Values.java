package io.memgraph.ha.storage;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The property-value model of the storage engine and its total order.
 *
 * <p>A property value is one of: {@code null}, {@link Boolean}, {@link Long}, {@link Double},
 * {@link String}, {@link List} of values, {@link Map} from {@link String} to values,
 * {@link LocalDate}, {@link LocalTime}, {@link LocalDateTime}, {@link ZonedDateTime} (a zone id or a
 * fixed offset), {@link OffsetTime}, {@link DurationValue}, {@link PointValue} or {@code byte[]}
 * (copied in, never changed after). Other integer
 * and floating types are widened by {@link #normalize(Object)}. Lists and maps handed out by the
 * storage are unmodifiable.
 *
 * <p>The order ({@link #compare(Object, Object)}) first ranks the type class (boolean, number,
 * string, list, map, date, local time, local date-time, zoned date-time, offset time, duration, point,
 * byte array, null)
 * and then the values within it (zoned values by instant, then zone); integers and doubles form one class and compare by their exact numeric value. Range lookups
 * only return values of the bound's type class, as Cypher's comparison operators do.
 */
public final class Values {
  private Values() {}

  /** Type classes in their order. */
  static final int BOOLEAN = 1;
  static final int NUMBER = 2;
  static final int STRING = 3;
  static final int LIST = 4;
  static final int MAP = 5;
  static final int DATE = 6;
  static final int LOCAL_TIME = 7;
  static final int LOCAL_DATE_TIME = 8;
  static final int ZONED_DATE_TIME = 9;
  static final int OFFSET_TIME = 10;
  static final int DURATION = 11;
  static final int POINT = 12;
  static final int BYTES = 13;
  static final int NULL = 14;

  /**
   * Converts a Java value to the storage value model: widens integers to {@link Long} and floats to
   * {@link Double}, copies lists and maps into unmodifiable normalised copies (map keys sorted).
   *
   * @throws IllegalArgumentException for a type the storage cannot hold, naming the type
   */
  public static Object normalize(Object value) {
    if (value == null
        || value instanceof Long
        || value instanceof Boolean
        || value instanceof String
        || value instanceof Double
        || value instanceof LocalDate
        || value instanceof LocalTime
        || value instanceof LocalDateTime
        || value instanceof ZonedDateTime
        || value instanceof OffsetTime
        || value instanceof DurationValue
        || value instanceof PointValue) {
      return value;
    }
    if (value instanceof byte[] b) {
      return b.clone();
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof java.time.OffsetDateTime odt) {
      return odt.toZonedDateTime();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object o : list) {
        copy.add(normalize(o));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> copy = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("map property keys must be strings, got " + e.getKey());
        }
        copy.put(key, normalize(e.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    throw new IllegalArgumentException(
        "unsupported property value type " + value.getClass().getName() + ": " + value);
  }

  /**
   * A rough estimate of the heap a normalised value takes: tens of bytes for a scalar, growing
   * with the length of a string, list or map.
   */
  static long sizeEstimate(Object v) {
    if (v == null || v instanceof Boolean) {
      return 0;
    }
    if (v instanceof String s) {
      return 40 + s.length();
    }
    if (v instanceof byte[] b) {
      return 16 + b.length;
    }
    if (v instanceof List<?> list) {
      long n = 40 + 8L * list.size();
      for (Object e : list) {
        n += sizeEstimate(e);
      }
      return n;
    }
    if (v instanceof Map<?, ?> map) {
      long n = 64;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        n += 48 + sizeEstimate(e.getKey()) + sizeEstimate(e.getValue());
      }
      return n;
    }
    return 24;
  }

  /** The type class of a normalised value; see the class comment for the order. */
  static int typeClass(Object v) {
    if (v == null) {
      return NULL;
    } else if (v instanceof Boolean) {
      return BOOLEAN;
    } else if (v instanceof Long || v instanceof Double) {
      return NUMBER;
    } else if (v instanceof String) {
      return STRING;
    } else if (v instanceof List) {
      return LIST;
    } else if (v instanceof Map) {
      return MAP;
    } else if (v instanceof LocalDate) {
      return DATE;
    } else if (v instanceof LocalTime) {
      return LOCAL_TIME;
    } else if (v instanceof LocalDateTime) {
      return LOCAL_DATE_TIME;
    } else if (v instanceof ZonedDateTime) {
      return ZONED_DATE_TIME;
    } else if (v instanceof OffsetTime) {
      return OFFSET_TIME;
    } else if (v instanceof DurationValue) {
      return DURATION;
    } else if (v instanceof PointValue) {
      return POINT;
    } else if (v instanceof byte[]) {
      return BYTES;
    }
    throw new IllegalArgumentException("not a storage value: " + v.getClass().getName());
  }

  /** Whether two values are of the same type class (so a range comparison between them is meaningful). */
  public static boolean comparable(Object a, Object b) {
    return typeClass(a) == typeClass(b);
  }

  /** Equality as used by lookups and unique constraints: {@code compare(a, b) == 0}, so 1 equals 1.0. */
  public static boolean equal(Object a, Object b) {
    return compare(a, b) == 0;
  }

  /** The total order over normalised storage values. */
  @SuppressWarnings("unchecked")
  public static int compare(Object a, Object b) {
    int ta = typeClass(a);
    int tb = typeClass(b);
    if (ta != tb) {
      return Integer.compare(ta, tb);
    }
    switch (ta) {
      case NULL:
        return 0;
      case BOOLEAN:
        return Boolean.compare((Boolean) a, (Boolean) b);
      case NUMBER:
        return compareNumbers(a, b);
      case STRING:
        return ((String) a).compareTo((String) b);
      case LIST:
        return compareLists((List<Object>) a, (List<Object>) b);
      case MAP:
        return compareMaps((Map<String, Object>) a, (Map<String, Object>) b);
      case DATE:
        return ((LocalDate) a).compareTo((LocalDate) b);
      case LOCAL_TIME:
        return ((LocalTime) a).compareTo((LocalTime) b);
      case LOCAL_DATE_TIME:
        return ((LocalDateTime) a).compareTo((LocalDateTime) b);
      case ZONED_DATE_TIME: {
        ZonedDateTime x = (ZonedDateTime) a;
        ZonedDateTime y = (ZonedDateTime) b;
        int c = x.toInstant().compareTo(y.toInstant());
        return c != 0 ? c : x.getZone().getId().compareTo(y.getZone().getId());
      }
      case OFFSET_TIME: {
        OffsetTime x = (OffsetTime) a;
        OffsetTime y = (OffsetTime) b;
        int c = Long.compare(utcNanos(x), utcNanos(y));
        return c != 0 ? c : Integer.compare(x.getOffset().getTotalSeconds(), y.getOffset().getTotalSeconds());
      }
      case DURATION:
        DurationValue x = (DurationValue) a;
        DurationValue y = (DurationValue) b;
        int c = Long.compare(x.months(), y.months());
        if (c == 0) {
          c = Long.compare(x.days(), y.days());
        }
        if (c == 0) {
          c = Long.compare(x.seconds(), y.seconds());
        }
        return c != 0 ? c : Long.compare(x.nanos(), y.nanos());
      case POINT:
        return ((PointValue) a).compareTo((PointValue) b);
      case BYTES:
        return java.util.Arrays.compare((byte[]) a, (byte[]) b);
      default:
        throw new AssertionError(ta);
    }
  }

  private static long utcNanos(OffsetTime t) {
    return t.toLocalTime().toNanoOfDay() - t.getOffset().getTotalSeconds() * 1_000_000_000L;
  }

  private static int compareNumbers(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof Double x && b instanceof Double y) {
      double dx = x;
      double dy = y;
      if (dx < dy) {
        return -1;
      }
      if (dx > dy) {
        return 1;
      }
      return dx == dy ? 0 : Double.compare(dx, dy); // 0.0 equals -0.0; NaN sorts last
    }
    if (a instanceof Long x) {
      return -compareDoubleLong((Double) b, x);
    }
    return compareDoubleLong((Double) a, (Long) b);
  }

  /** Exact comparison of a double with a long (no rounding of the long through double). */
  private static int compareDoubleLong(double d, long l) {
    if (Double.isNaN(d)) {
      return 1; // NaN sorts above every number, as Double.compare does
    }
    if (d < -0x1p63) {
      return -1;
    }
    if (d >= 0x1p63) {
      return 1;
    }
    long whole = (long) Math.floor(d);
    if (whole != l) {
      return Long.compare(whole, l);
    }
    return d > Math.floor(d) ? 1 : 0;
  }

  private static int compareLists(List<Object> a, List<Object> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareMaps(Map<String, Object> a, Map<String, Object> b) {
    Iterator<Map.Entry<String, Object>> ia = new TreeMap<>(a).entrySet().iterator();
    Iterator<Map.Entry<String, Object>> ib = new TreeMap<>(b).entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<String, Object> x = ia.next();
      Map.Entry<String, Object> y = ib.next();
      int c = x.getKey().compareTo(y.getKey());
      if (c == 0) {
        c = compare(x.getValue(), y.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }

  /**
   * A key with {@code equals}/{@code hashCode} consistent with {@link #equal(Object, Object)}, for
   * hash lookups in unique constraints: integral doubles become longs, recursively.
   */
  static Object hashKey(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
      return (long) d.doubleValue();
    }
    if (v instanceof Double d && d.isNaN()) {
      return Double.NaN;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(hashKey(o));
      }
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      TreeMap<Object, Object> out = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(e.getKey(), hashKey(e.getValue()));
      }
      return out;
    }
    if (v instanceof Double d && d == 0.0) {
      return 0L; // -0.0 and 0.0 are equal numbers
    }
    if (v instanceof byte[] b) {
      return java.nio.ByteBuffer.wrap(b); // equals and hashCode by content
    }
    return v;
  }
}

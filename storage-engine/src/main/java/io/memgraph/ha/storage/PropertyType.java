package io.memgraph.ha.storage;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * The types a property type constraint may require, by the names Neo4j 5 gives them ({@code
 * INTEGER}, {@code LOCAL DATETIME}, {@code LIST<STRING NOT NULL>}), and which of them a stored
 * value is. Memgraph's {@code LIST} (any list) and {@code MAP} are {@code LIST<ANY>} and {@code
 * MAP}. The order of {@link #SCALARS} is Neo4j's order of types, the order a union is kept in.
 */
public final class PropertyType {
  private PropertyType() {}

  /** The scalar types, in Neo4j's order. */
  public static final List<String> SCALARS = List.of("BOOLEAN", "STRING", "INTEGER", "FLOAT", "DATE", "LOCAL TIME",
      "ZONED TIME", "LOCAL DATETIME", "ZONED DATETIME", "DURATION", "POINT");
  /** Any list (Memgraph's {@code LIST}). */
  public static final String ANY_LIST = "LIST<ANY>";
  /** Any map (Memgraph's {@code MAP}). */
  public static final String MAP = "MAP";

  /** The list type of a scalar: {@code LIST<INTEGER NOT NULL>}. */
  public static String listOf(String scalar) {
    return "LIST<" + scalar + " NOT NULL>";
  }

  /** The position of a type name in Neo4j's order, or -1 when it is not a type a constraint may require. */
  public static int rank(String type) {
    int scalar = SCALARS.indexOf(type);
    if (scalar >= 0) {
      return scalar;
    }
    if (type.startsWith("LIST<") && type.endsWith(" NOT NULL>")) {
      int element = SCALARS.indexOf(type.substring(5, type.length() - 10));
      return element < 0 ? -1 : SCALARS.size() + element;
    }
    return type.equals(ANY_LIST) ? 2 * SCALARS.size() : type.equals(MAP) ? 2 * SCALARS.size() + 1 : -1;
  }

  /** Whether a non-null value is of the type. */
  public static boolean matches(String type, Object value) {
    if (type.equals(ANY_LIST)) {
      return value instanceof List;
    }
    if (type.equals(MAP)) {
      return value instanceof Map;
    }
    if (type.startsWith("LIST<")) {
      if (!(value instanceof List<?> list)) {
        return false;
      }
      String element = type.substring(5, type.length() - 10);
      for (Object e : list) {
        if (e == null || !element.equals(scalarOf(e))) {
          return false;
        }
      }
      return true;
    }
    return type.equals(scalarOf(value));
  }

  /**
   * The type of a non-null value as a violation names it: a scalar's name, {@code LIST<T NOT NULL>}
   * for a list of one scalar type, {@code LIST<NOTHING>} for an empty list, {@code LIST<ANY>} for
   * another list, {@code MAP}, {@code BYTE ARRAY}.
   */
  public static String of(Object value) {
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return "LIST<NOTHING>";
      }
      String element = list.get(0) == null ? null : scalarOf(list.get(0));
      for (Object e : list) {
        if (element == null || e == null || !element.equals(scalarOf(e))) {
          return ANY_LIST;
        }
      }
      return listOf(element);
    }
    if (value instanceof Map) {
      return MAP;
    }
    String scalar = scalarOf(value);
    return scalar != null ? scalar : "BYTE ARRAY";
  }

  /** The scalar type of a value, or null for a list, map or byte array. */
  private static String scalarOf(Object v) {
    if (v instanceof Boolean) {
      return "BOOLEAN";
    } else if (v instanceof String) {
      return "STRING";
    } else if (v instanceof Long) {
      return "INTEGER";
    } else if (v instanceof Double) {
      return "FLOAT";
    } else if (v instanceof LocalDate) {
      return "DATE";
    } else if (v instanceof LocalTime) {
      return "LOCAL TIME";
    } else if (v instanceof OffsetTime) {
      return "ZONED TIME";
    } else if (v instanceof LocalDateTime) {
      return "LOCAL DATETIME";
    } else if (v instanceof ZonedDateTime) {
      return "ZONED DATETIME";
    } else if (v instanceof DurationValue) {
      return "DURATION";
    } else if (v instanceof PointValue) {
      return "POINT";
    }
    return null;
  }
}

package io.memgraph.ha.bolt.messaging;

import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks message fields and metadata entries, turning every mismatch into an
 * {@link InvalidMessageException} that names the message and the field.
 */
public final class Fields {

  private Fields() {}

  /** A string field. */
  public static String string(PackStreamReader in, String message, String field) {
    try {
      return in.readString();
    } catch (PackStreamException e) {
      throw invalid(message, field, e);
    }
  }

  /** A string field that may be null. */
  public static String nullableString(PackStreamReader in, String message, String field) {
    try {
      if (in.peekType() == PackType.NULL) {
        in.readNull();
        return null;
      }
      return in.readString();
    } catch (PackStreamException e) {
      throw invalid(message, field, e);
    }
  }

  /** A map field; a null is read as an empty map, as some clients send it for "no parameters". */
  public static Map<String, Object> map(PackStreamReader in, String message, String field) {
    try {
      if (in.peekType() == PackType.NULL) {
        in.readNull();
        return Map.of();
      }
      return in.readMap();
    } catch (PackStreamException e) {
      throw invalid(message, field, e);
    }
  }

  /** A list-of-strings field such as bookmarks; null reads as empty. */
  public static List<String> stringList(PackStreamReader in, String message, String field) {
    Object value;
    try {
      value = in.peekType() == PackType.NULL ? null : in.readList();
      if (value == null) {
        in.readNull();
      }
    } catch (PackStreamException e) {
      throw invalid(message, field, e);
    }
    return stringList(value, message, field);
  }

  /** An integer field. */
  public static long integer(PackStreamReader in, String message, String field) {
    try {
      return in.readLong();
    } catch (PackStreamException e) {
      throw invalid(message, field, e);
    }
  }

  /** Checks an entry of a decoded map: absent or null gives {@code null}, else it must be a string. */
  public static String optionalString(Map<String, Object> map, String key, String message) {
    Object v = map.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw wrongType(message, key, "a string", v);
  }

  /** Checks an entry of a decoded map: absent or null gives {@code fallback}, else it must be an integer. */
  public static long optionalInteger(Map<String, Object> map, String key, long fallback, String message) {
    Object v = map.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Long l) {
      return l;
    }
    throw wrongType(message, key, "an integer", v);
  }

  /** Checks an entry of a decoded map: absent or null gives {@code null}, else it must be a map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> optionalMap(Map<String, Object> map, String key, String message) {
    Object v = map.get(key);
    if (v == null || v instanceof Map) {
      return (Map<String, Object>) v;
    }
    throw wrongType(message, key, "a map", v);
  }

  /** Checks an entry of a decoded map: absent or null gives an empty list, else a list of strings. */
  public static List<String> optionalStringList(Map<String, Object> map, String key, String message) {
    return stringList(map.get(key), message, key);
  }

  private static List<String> stringList(Object value, String message, String field) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw wrongType(message, field, "a list of strings", value);
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw wrongType(message, field, "a list of strings", o);
      }
      out.add(s);
    }
    return List.copyOf(out); // immutable, so that TxOptions and others keep it without copying
  }

  /** An error for a field that has the wrong type. */
  public static InvalidMessageException wrongType(String message, String field, String expected, Object actual) {
    return new InvalidMessageException(message + " field '" + field + "' must be " + expected + ", got "
        + (actual == null ? "null" : actual.getClass().getSimpleName()));
  }

  private static InvalidMessageException invalid(String message, String field, PackStreamException e) {
    return new InvalidMessageException(message + " field '" + field + "' is malformed: " + e.getMessage(), e);
  }
}

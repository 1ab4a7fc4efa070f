package io.memgraph.ha.storage;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary encoding of one property value: a tag byte then a payload. Canonical (map keys sorted), so
 * equal values always encode to equal bytes, which keeps snapshots byte-identical across nodes.
 */
final class ValueCodec {
  private ValueCodec() {}

  static final int T_NULL = 0;
  static final int T_FALSE = 1;
  static final int T_TRUE = 2;
  static final int T_INT = 3;
  static final int T_DOUBLE = 4;
  static final int T_STRING = 5;
  static final int T_LIST = 6;
  static final int T_MAP = 7;
  static final int T_DATE = 8;
  static final int T_LOCAL_TIME = 9;
  static final int T_LOCAL_DATE_TIME = 10;
  static final int T_DURATION = 11;
  static final int T_ZONED_DATE_TIME = 12;
  static final int T_OFFSET_TIME = 13;
  // Since the point and byte-array types: data written before them never holds these tags.
  static final int T_POINT = 14;
  static final int T_BYTES = 15;

  private static final int MAX_DEPTH = 1000;

  static void write(ByteWriter w, Object v) {
    if (v == null) {
      w.writeByte(T_NULL);
    } else if (v instanceof Boolean b) {
      w.writeByte(b ? T_TRUE : T_FALSE);
    } else if (v instanceof Long l) {
      w.writeByte(T_INT);
      w.writeSignedVarLong(l);
    } else if (v instanceof Double d) {
      w.writeByte(T_DOUBLE);
      w.writeLong(Double.doubleToRawLongBits(d));
    } else if (v instanceof String s) {
      w.writeByte(T_STRING);
      w.writeString(s);
    } else if (v instanceof List<?> list) {
      w.writeByte(T_LIST);
      w.writeVarInt(list.size());
      for (Object o : list) {
        write(w, o);
      }
    } else if (v instanceof Map<?, ?> map) {
      w.writeByte(T_MAP);
      w.writeVarInt(map.size());
      // Normalised maps are sorted already; sort again to be canonical whatever the caller passed.
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sorted.put((String) e.getKey(), e.getValue());
      }
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        w.writeString(e.getKey());
        write(w, e.getValue());
      }
    } else if (v instanceof LocalDate d) {
      w.writeByte(T_DATE);
      w.writeSignedVarLong(d.toEpochDay());
    } else if (v instanceof LocalTime t) {
      w.writeByte(T_LOCAL_TIME);
      w.writeVarLong(t.toNanoOfDay());
    } else if (v instanceof LocalDateTime t) {
      w.writeByte(T_LOCAL_DATE_TIME);
      w.writeSignedVarLong(t.toLocalDate().toEpochDay());
      w.writeVarLong(t.toLocalTime().toNanoOfDay());
    } else if (v instanceof ZonedDateTime z) {
      w.writeByte(T_ZONED_DATE_TIME);
      w.writeSignedVarLong(z.toEpochSecond());
      w.writeVarLong(z.getNano());
      if (z.getZone() instanceof ZoneOffset off) {
        w.writeByte(0);
        w.writeSignedVarLong(off.getTotalSeconds());
      } else {
        w.writeByte(1);
        w.writeString(z.getZone().getId());
      }
    } else if (v instanceof OffsetTime t) {
      w.writeByte(T_OFFSET_TIME);
      w.writeVarLong(t.toLocalTime().toNanoOfDay());
      w.writeSignedVarLong(t.getOffset().getTotalSeconds());
    } else if (v instanceof DurationValue d) {
      w.writeByte(T_DURATION);
      w.writeSignedVarLong(d.months());
      w.writeSignedVarLong(d.days());
      w.writeSignedVarLong(d.seconds());
      w.writeSignedVarLong(d.nanos());
    } else if (v instanceof PointValue p) {
      w.writeByte(T_POINT);
      w.writeVarInt(p.srid());
      w.writeByte(p.is3d() ? 3 : 2);
      w.writeLong(Double.doubleToRawLongBits(p.x()));
      w.writeLong(Double.doubleToRawLongBits(p.y()));
      if (p.is3d()) {
        w.writeLong(Double.doubleToRawLongBits(p.z()));
      }
    } else if (v instanceof byte[] b) {
      w.writeByte(T_BYTES);
      w.writeVarInt(b.length);
      w.writeBytes(b, 0, b.length);
    } else {
      throw new IllegalArgumentException("unsupported property value type " + v.getClass().getName());
    }
  }

  static Object read(ByteReader r) {
    return read(r, 0);
  }

  private static Object read(ByteReader r, int depth) {
    if (depth > MAX_DEPTH) {
      throw new MalformedDataException("value nested deeper than " + MAX_DEPTH + " at byte " + r.position());
    }
    int tag = r.readByte();
    switch (tag) {
      case T_NULL:
        return null;
      case T_FALSE:
        return Boolean.FALSE;
      case T_TRUE:
        return Boolean.TRUE;
      case T_INT:
        return r.readSignedVarLong();
      case T_DOUBLE:
        return Double.longBitsToDouble(r.readLong());
      case T_STRING:
        return r.readString();
      case T_LIST: {
        int n = r.readCount();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(read(r, depth + 1));
        }
        return Collections.unmodifiableList(list);
      }
      case T_MAP: {
        int n = r.readCount();
        TreeMap<String, Object> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
          String k = r.readString();
          map.put(k, read(r, depth + 1));
        }
        return Collections.unmodifiableMap(map);
      }
      case T_DATE:
        return LocalDate.ofEpochDay(checkedEpochDay(r));
      case T_LOCAL_TIME: {
        long nanos = r.readVarLong();
        if (nanos < 0 || nanos >= 86_400_000_000_000L) {
          throw new MalformedDataException("local time nanos " + nanos + " out of range at byte " + r.position());
        }
        return LocalTime.ofNanoOfDay(nanos);
      }
      case T_LOCAL_DATE_TIME: {
        LocalDate d = LocalDate.ofEpochDay(checkedEpochDay(r));
        long nanos = r.readVarLong();
        if (nanos < 0 || nanos >= 86_400_000_000_000L) {
          throw new MalformedDataException("local time nanos " + nanos + " out of range at byte " + r.position());
        }
        return LocalDateTime.of(d, LocalTime.ofNanoOfDay(nanos));
      }
      case T_ZONED_DATE_TIME:
        try {
          long seconds = r.readSignedVarLong();
          long nanos = r.readVarLong();
          int kind = r.readByte();
          ZoneId zone = kind == 0 ? ZoneOffset.ofTotalSeconds((int) r.readSignedVarLong())
              : kind == 1 ? ZoneId.of(r.readString()) : null;
          if (zone == null || nanos > 999_999_999L) {
            throw new MalformedDataException("bad zoned date-time at byte " + r.position());
          }
          return ZonedDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), zone);
        } catch (java.time.DateTimeException e) {
          throw new MalformedDataException("bad zoned date-time at byte " + r.position() + ": " + e.getMessage());
        }
      case T_OFFSET_TIME:
        try {
          long nanos = r.readVarLong();
          return OffsetTime.of(LocalTime.ofNanoOfDay(nanos), ZoneOffset.ofTotalSeconds((int) r.readSignedVarLong()));
        } catch (java.time.DateTimeException e) {
          throw new MalformedDataException("bad offset time at byte " + r.position() + ": " + e.getMessage());
        }
      case T_DURATION:
        return new DurationValue(
            r.readSignedVarLong(), r.readSignedVarLong(), r.readSignedVarLong(), r.readSignedVarLong());
      case T_POINT:
        return readPoint(r);
      case T_BYTES:
        return r.readBytes(r.readCount());
      default:
        throw new MalformedDataException("unknown value tag " + tag + " at byte " + (r.position() - 1));
    }
  }

  private static PointValue readPoint(ByteReader r) {
    int srid = r.readVarInt();
    int dimensions = r.readByte();
    if (dimensions != 2 && dimensions != 3) {
      throw new MalformedDataException("point with " + dimensions + " dimensions at byte " + r.position());
    }
    double x = Double.longBitsToDouble(r.readLong());
    double y = Double.longBitsToDouble(r.readLong());
    double z = dimensions == 3 ? Double.longBitsToDouble(r.readLong()) : Double.NaN;
    if (!Double.isFinite(x) || !Double.isFinite(y) || (dimensions == 3 && !Double.isFinite(z))) {
      throw new MalformedDataException("point with a non-finite coordinate at byte " + r.position());
    }
    return new PointValue(srid, x, y, z);
  }

  private static long checkedEpochDay(ByteReader r) {
    long day = r.readSignedVarLong();
    if (day < -365243219162L || day > 365241780471L) {
      throw new MalformedDataException("epoch day " + day + " out of range at byte " + r.position());
    }
    return day;
  }

  /** Skips one encoded value without building it. */
  static void skip(ByteReader r) {
    int tag = r.readByte();
    switch (tag) {
      case T_NULL, T_FALSE, T_TRUE -> { }
      case T_INT, T_DATE, T_LOCAL_TIME -> r.readVarLong();
      case T_DOUBLE -> r.skip(8);
      case T_STRING -> r.skip(r.readVarInt());
      case T_LIST -> {
        int n = r.readCount();
        for (int i = 0; i < n; i++) {
          skip(r);
        }
      }
      case T_MAP -> {
        int n = r.readCount();
        for (int i = 0; i < n; i++) {
          r.skip(r.readVarInt());
          skip(r);
        }
      }
      case T_LOCAL_DATE_TIME, T_OFFSET_TIME -> {
        r.readVarLong();
        r.readVarLong();
      }
      case T_ZONED_DATE_TIME -> {
        r.readVarLong();
        r.readVarLong();
        if (r.readByte() == 0) {
          r.readVarLong();
        } else {
          r.skip(r.readVarInt());
        }
      }
      case T_DURATION -> {
        for (int i = 0; i < 4; i++) {
          r.readVarLong();
        }
      }
      case T_POINT -> {
        r.readVarInt();
        r.skip(8 * (r.readByte() == 3 ? 3 : 2));
      }
      case T_BYTES -> r.skip(r.readCount());
      default -> throw new MalformedDataException("unknown value tag " + tag + " at byte " + (r.position() - 1));
    }
  }
}

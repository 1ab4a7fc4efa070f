package io.memgraph.ha.bolt.packstream;

import static io.memgraph.ha.bolt.packstream.Markers.*;

import io.memgraph.ha.bolt.value.BoltDuration;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Point2D;
import io.memgraph.ha.bolt.value.Point3D;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.Structure;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Encodes values into a Netty {@link ByteBuf} in PackStream, always with the smallest marker
 * that fits (tiny int before INT_8, tiny string before STRING_8, ...).
 *
 * <p>{@link #writeValue(Object)} accepts the value model described in
 * {@code io.memgraph.ha.bolt.value}: {@code null}, {@link Boolean}, {@link Long} (and
 * {@link Integer}, {@link Short}, {@link Byte}), {@link Double} (and {@link Float}),
 * {@link String} (and {@link Character}), {@code byte[]}, {@link List} (any
 * {@link Collection}), {@link Map} with string keys, the graph, spatial and duration records,
 * {@link Structure}, and {@link LocalDate}, {@link OffsetTime}, {@link LocalTime},
 * {@link OffsetDateTime}, {@link ZonedDateTime}, {@link LocalDateTime}. Anything else is a
 * {@link PackStreamException} naming the Java class. The graph and date-time structures are
 * written in the layout the {@link StructShape} prescribes.
 *
 * <p>Not thread-safe; one writer per buffer. Writing allocates nothing per value (maps are
 * walked with {@link Map#forEach} and one reusable callback, random-access lists by index). When a
 * write throws, the buffer holds a partial value and must be discarded.
 */
public final class PackStreamWriter {

  private final ByteBuf buf;
  private final StructShape shape;
  // Map entries are written through Map.forEach with this one reusable callback, so that
  // LinkedHashMap/HashMap properties cost no iterator allocation per map on the hot path.
  private final BiConsumer<Object, Object> entryWriter = this::writeEntry;
  private int entryDepth;

  /**
   * A writer appending to {@code buf}.
   *
   * @param buf   the buffer written at its writer index
   * @param shape the structure layout of the connection's Bolt version
   */
  public PackStreamWriter(ByteBuf buf, StructShape shape) {
    this.buf = Objects.requireNonNull(buf, "buf");
    this.shape = Objects.requireNonNull(shape, "shape");
  }

  /** The buffer this writer appends to. */
  public ByteBuf buffer() {
    return buf;
  }

  /** The structure layout this writer uses. */
  public StructShape shape() {
    return shape;
  }

  /** Writes {@code C0}. */
  public void writeNull() {
    buf.writeByte(NULL);
  }

  /** Writes {@code C3} for true, {@code C2} for false. */
  public void writeBoolean(boolean value) {
    buf.writeByte(value ? TRUE : FALSE);
  }

  /** Writes an integer with the smallest of tiny int, INT_8, INT_16, INT_32 and INT_64. */
  public void writeLong(long value) {
    if (value >= -16 && value <= 127) {
      buf.writeByte((int) value);
    } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
      buf.writeByte(INT_8);
      buf.writeByte((int) value);
    } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      buf.writeByte(INT_16);
      buf.writeShort((int) value);
    } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      buf.writeByte(INT_32);
      buf.writeInt((int) value);
    } else {
      buf.writeByte(INT_64);
      buf.writeLong(value);
    }
  }

  /** Writes a 64-bit IEEE 754 float ({@code C1}). */
  public void writeDouble(double value) {
    buf.writeByte(FLOAT_64);
    buf.writeDouble(value);
  }

  /**
   * Writes a UTF-8 string. Unpaired surrogates cannot be encoded in UTF-8 and become {@code '?'},
   * as {@link String#getBytes(java.nio.charset.Charset)} does.
   */
  public void writeString(String value) {
    int length = ByteBufUtil.utf8Bytes(value);
    writeSizedHeader(length, TINY_STRING, STRING_8, STRING_16, STRING_32);
    ByteBufUtil.reserveAndWriteUtf8(buf, value, length);
  }

  /** Writes a byte array with the smallest of {@code CC}, {@code CD}, {@code CE} (there is no tiny form). */
  public void writeBytes(byte[] value) {
    int length = value.length;
    if (length <= 0xFF) {
      buf.writeByte(BYTES_8);
      buf.writeByte(length);
    } else if (length <= 0xFFFF) {
      buf.writeByte(BYTES_16);
      buf.writeShort(length);
    } else {
      buf.writeByte(BYTES_32);
      buf.writeInt(length);
    }
    buf.writeBytes(value);
  }

  /** Writes a list header announcing {@code size} values; the caller writes them next. */
  public void writeListHeader(int size) {
    writeSizedHeader(size, TINY_LIST, LIST_8, LIST_16, LIST_32);
  }

  /** Writes a map header announcing {@code size} key/value pairs; the caller writes them next. */
  public void writeMapHeader(int size) {
    writeSizedHeader(size, TINY_MAP, MAP_8, MAP_16, MAP_32);
  }

  /**
   * Writes a structure header; the caller writes the {@code fieldCount} fields next.
   *
   * @param fieldCount number of fields, 0..15
   * @param tag        the structure tag (or message signature)
   */
  public void writeStructHeader(int fieldCount, byte tag) {
    if (fieldCount < 0 || fieldCount > 15) {
      throw new PackStreamException("a structure has 0 to 15 fields, cannot write " + fieldCount
          + " fields for tag " + hex(tag));
    }
    buf.writeByte(TINY_STRUCT | fieldCount);
    buf.writeByte(tag);
  }

  /** Writes a map whose values are any encodable values. */
  public void writeMap(Map<?, ?> map) {
    writeMap(map, 0);
  }

  /** Writes a list whose elements are any encodable values. */
  public void writeList(Collection<?> list) {
    writeList(list, 0);
  }

  /**
   * Writes any value of the model, choosing the PackStream type by its Java class.
   *
   * @throws PackStreamException for a Java type outside the model, a map with a non-string key,
   *                             or nesting deeper than 1000 levels (e.g. a cyclic list)
   */
  public void writeValue(Object value) {
    writeValue(value, 0);
  }

  private void writeValue(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new PackStreamException("value nested deeper than " + MAX_DEPTH
          + " levels (a cyclic list or map?)");
    }
    // Ordered by how often each type appears in typical result records.
    if (value == null) {
      writeNull();
    } else if (value instanceof String s) {
      writeString(s);
    } else if (value instanceof Long l) {
      writeLong(l);
    } else if (value instanceof Integer i) {
      writeLong(i);
    } else if (value instanceof Double d) {
      writeDouble(d);
    } else if (value instanceof Boolean b) {
      writeBoolean(b);
    } else if (value instanceof Map<?, ?> m) {
      writeMap(m, depth);
    } else if (value instanceof Collection<?> c) {
      writeList(c, depth);
    } else if (value instanceof Node n) {
      writeNode(n, depth);
    } else if (value instanceof Relationship r) {
      writeRelationship(r, depth);
    } else if (value instanceof UnboundRelationship r) {
      writeUnboundRelationship(r, depth);
    } else if (value instanceof Path p) {
      writePath(p, depth);
    } else if (value instanceof byte[] bytes) {
      writeBytes(bytes);
    } else if (value instanceof Short s) {
      writeLong(s);
    } else if (value instanceof Byte b) {
      writeLong(b);
    } else if (value instanceof Float f) {
      writeDouble(f);
    } else if (value instanceof Character c) {
      writeString(String.valueOf(c));
    } else {
      writeOtherStruct(value, depth);
    }
  }

  private void writeOtherStruct(Object value, int depth) {
    if (value instanceof LocalDate d) {
      writeStructHeader(1, DATE);
      writeLong(d.toEpochDay());
    } else if (value instanceof OffsetTime t) {
      writeStructHeader(2, TIME);
      writeLong(t.toLocalTime().toNanoOfDay());
      writeLong(t.getOffset().getTotalSeconds());
    } else if (value instanceof LocalTime t) {
      writeStructHeader(1, LOCAL_TIME);
      writeLong(t.toNanoOfDay());
    } else if (value instanceof OffsetDateTime dt) {
      writeDateTimeWithOffset(dt.toLocalDateTime(), dt.getOffset());
    } else if (value instanceof ZonedDateTime zdt) {
      if (zdt.getZone() instanceof ZoneOffset offset) {
        writeDateTimeWithOffset(zdt.toLocalDateTime(), offset);
      } else {
        writeDateTimeWithZoneId(zdt);
      }
    } else if (value instanceof LocalDateTime dt) {
      writeStructHeader(2, LOCAL_DATE_TIME);
      writeLong(dt.toEpochSecond(ZoneOffset.UTC));
      writeLong(dt.getNano());
    } else if (value instanceof BoltDuration d) {
      writeStructHeader(4, DURATION);
      writeLong(d.months());
      writeLong(d.days());
      writeLong(d.seconds());
      writeLong(d.nanoseconds());
    } else if (value instanceof Point2D p) {
      writeStructHeader(3, POINT_2D);
      writeLong(p.srid());
      writeDouble(p.x());
      writeDouble(p.y());
    } else if (value instanceof Point3D p) {
      writeStructHeader(4, POINT_3D);
      writeLong(p.srid());
      writeDouble(p.x());
      writeDouble(p.y());
      writeDouble(p.z());
    } else if (value instanceof Structure s) {
      writeStructHeader(s.fields().size(), s.tag());
      for (Object field : s.fields()) {
        writeValue(field, depth + 1);
      }
    } else {
      throw new PackStreamException("cannot encode a value of Java type " + value.getClass().getName()
          + " in PackStream");
    }
  }

  private void writeDateTimeWithOffset(LocalDateTime local, ZoneOffset offset) {
    if (shape.utcDateTime()) {
      writeStructHeader(3, DATE_TIME);
      writeLong(local.toEpochSecond(offset));
    } else {
      // Legacy form: the local wall-clock time counted as if it were UTC.
      writeStructHeader(3, DATE_TIME_LEGACY);
      writeLong(local.toEpochSecond(ZoneOffset.UTC));
    }
    writeLong(local.getNano());
    writeLong(offset.getTotalSeconds());
  }

  private void writeDateTimeWithZoneId(ZonedDateTime zdt) {
    if (shape.utcDateTime()) {
      writeStructHeader(3, DATE_TIME_ZONE_ID);
      writeLong(zdt.toEpochSecond());
    } else {
      writeStructHeader(3, DATE_TIME_ZONE_ID_LEGACY);
      writeLong(zdt.toLocalDateTime().toEpochSecond(ZoneOffset.UTC));
    }
    writeLong(zdt.getNano());
    writeString(zdt.getZone().getId());
  }

  private void writeNode(Node n, int depth) {
    writeStructHeader(shape.elementIds() ? 4 : 3, NODE);
    writeLong(n.id());
    List<String> labels = n.labels();
    writeListHeader(labels.size());
    for (int i = 0, size = labels.size(); i < size; i++) {
      writeString(labels.get(i));
    }
    writeMap(n.properties(), depth);
    if (shape.elementIds()) {
      writeString(n.elementId());
    }
  }

  private void writeRelationship(Relationship r, int depth) {
    writeStructHeader(shape.elementIds() ? 8 : 5, RELATIONSHIP);
    writeLong(r.id());
    writeLong(r.startNodeId());
    writeLong(r.endNodeId());
    writeString(r.type());
    writeMap(r.properties(), depth);
    if (shape.elementIds()) {
      writeString(r.elementId());
      writeString(r.startNodeElementId());
      writeString(r.endNodeElementId());
    }
  }

  private void writeUnboundRelationship(UnboundRelationship r, int depth) {
    writeStructHeader(shape.elementIds() ? 4 : 3, UNBOUND_RELATIONSHIP);
    writeLong(r.id());
    writeString(r.type());
    writeMap(r.properties(), depth);
    if (shape.elementIds()) {
      writeString(r.elementId());
    }
  }

  private void writePath(Path p, int depth) {
    writeStructHeader(3, PATH);
    writeListHeader(p.nodes().size());
    for (Node n : p.nodes()) {
      writeNode(n, depth + 1);
    }
    writeListHeader(p.relationships().size());
    for (UnboundRelationship r : p.relationships()) {
      writeUnboundRelationship(r, depth + 1);
    }
    writeListHeader(p.indices().size());
    for (Long index : p.indices()) {
      writeLong(index);
    }
  }

  @SuppressWarnings("unchecked")
  private void writeMap(Map<?, ?> map, int depth) {
    writeMapHeader(map.size());
    int saved = entryDepth;
    entryDepth = depth + 1;
    try {
      ((Map<Object, Object>) map).forEach(entryWriter);
    } finally {
      entryDepth = saved;
    }
  }

  private void writeEntry(Object key, Object value) {
    if (!(key instanceof String s)) {
      throw new PackStreamException("PackStream map keys must be strings, found "
          + (key == null ? "null" : "a " + key.getClass().getName()));
    }
    writeString(s);
    writeValue(value, entryDepth);
  }

  private void writeList(Collection<?> list, int depth) {
    writeListHeader(list.size());
    if (list instanceof List<?> l && l instanceof java.util.RandomAccess) {
      // Indexed access avoids an iterator per list on the hot path.
      for (int i = 0, n = l.size(); i < n; i++) {
        writeValue(l.get(i), depth + 1);
      }
    } else {
      for (Object element : list) {
        writeValue(element, depth + 1);
      }
    }
  }

  private void writeSizedHeader(int size, int tiny, int m8, int m16, int m32) {
    if (size < 0) {
      throw new PackStreamException("negative size " + size);
    }
    if (size < 16) {
      buf.writeByte(tiny | size);
    } else if (size <= 0xFF) {
      buf.writeByte(m8);
      buf.writeByte(size);
    } else if (size <= 0xFFFF) {
      buf.writeByte(m16);
      buf.writeShort(size);
    } else {
      buf.writeByte(m32);
      buf.writeInt(size);
    }
  }
}

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
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes PackStream values from a Netty {@link ByteBuf}.
 *
 * <p>{@link #readValue()} returns the value model of {@code io.memgraph.ha.bolt.value}: integers
 * as {@link Long}, floats as {@link Double}, lists as {@link ArrayList}, maps as
 * {@link LinkedHashMap} (wire order kept; a repeated key keeps its last value), known structures as
 * their records or {@code java.time} values, unknown structures as {@link Structure}. The typed
 * methods ({@link #readLong()}, {@link #readString()}, {@link #readStructHeader()}, ...) read one
 * value of the expected type and fail otherwise.
 *
 * <p>Malformed input never escapes as an {@link IndexOutOfBoundsException} or an
 * {@link OutOfMemoryError}: every size is checked against the readable bytes before anything is
 * allocated, and the problem is reported as a {@link PackStreamException} naming the byte offset.
 * After an exception the reader index is unspecified. Graph structures must have the field count
 * of the {@link StructShape}; DateTime and DateTimeZoneId are accepted in both the legacy and the
 * UTC form.
 *
 * <p>Not thread-safe; one reader per buffer.
 */
public final class PackStreamReader {

  /** Strings up to this many bytes are copied out of direct buffers through {@link #SCRATCH}. */
  private static final int SCRATCH_SIZE = 4096;

  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_SIZE]);

  private final ByteBuf buf;
  private final StructShape shape;

  /**
   * A reader consuming {@code buf} from its reader index.
   *
   * @param buf   the buffer to read
   * @param shape the structure layout of the connection's Bolt version
   */
  public PackStreamReader(ByteBuf buf, StructShape shape) {
    this.buf = Objects.requireNonNull(buf, "buf");
    this.shape = Objects.requireNonNull(shape, "shape");
  }

  /** The buffer this reader consumes. */
  public ByteBuf buffer() {
    return buf;
  }

  /** The structure layout this reader expects. */
  public StructShape shape() {
    return shape;
  }

  /** Whether any bytes are left to read. */
  public boolean hasRemaining() {
    return buf.isReadable();
  }

  /**
   * The marker byte of the next value (0..255), without consuming it.
   *
   * @throws PackStreamException if no byte is left
   */
  public int peekMarker() {
    ensure(1, "a marker");
    return buf.getUnsignedByte(buf.readerIndex());
  }

  /**
   * The type of the next value, without consuming it.
   *
   * @throws PackStreamException if no byte is left or the marker is reserved
   */
  public PackType peekType() {
    int marker = peekMarker();
    PackType type = typeOf(marker);
    if (type == null) {
      throw unknownMarker(marker, buf.readerIndex());
    }
    return type;
  }

  /** Reads {@code C0}. */
  public void readNull() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    if (marker != NULL) {
      throw unexpected("null", marker, pos);
    }
  }

  /** Reads a boolean ({@code C2} / {@code C3}). */
  public boolean readBoolean() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    if (marker == TRUE) {
      return true;
    } else if (marker == FALSE) {
      return false;
    }
    throw unexpected("a boolean", marker, pos);
  }

  /** Reads an integer in any of its encodings (non-minimal encodings are accepted). */
  public long readLong() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    if (marker >= 0xF0 || marker <= 0x7F) {
      return (byte) marker;
    }
    return readLongBody(marker, pos);
  }

  /** Reads a 64-bit float ({@code C1}). */
  public double readDouble() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    if (marker != FLOAT_64) {
      throw unexpected("a float", marker, pos);
    }
    ensure(8, "a float");
    return buf.readDouble();
  }

  /** Reads a UTF-8 string; invalid UTF-8 is a {@link PackStreamException}. */
  public String readString() {
    return readUtf8(readStringLength());
  }

  /** Reads a byte array ({@code CC}, {@code CD}, {@code CE}). */
  public byte[] readBytes() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    int length = switch (marker) {
      case BYTES_8 -> readSize8("byte array");
      case BYTES_16 -> readSize16("byte array");
      case BYTES_32 -> readSize32("byte array");
      default -> throw unexpected("a byte array", marker, pos);
    };
    ensure(length, "byte array", length, "bytes");
    byte[] bytes = new byte[length];
    buf.readBytes(bytes);
    return bytes;
  }

  /**
   * Reads a list header; the caller reads the returned number of values next.
   * The size is at most the number of readable bytes, since every value takes one byte at least.
   */
  public int readListHeader() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    int size = switch (marker) {
      case LIST_8 -> readSize8("list");
      case LIST_16 -> readSize16("list");
      case LIST_32 -> readSize32("list");
      default -> {
        if ((marker & 0xF0) == TINY_LIST) {
          yield marker & 0x0F;
        }
        throw unexpected("a list", marker, pos);
      }
    };
    ensure(size, "list", size, "values");
    return size;
  }

  /**
   * Reads a map header; the caller reads the returned number of key/value pairs next.
   * The size is at most half the number of readable bytes.
   */
  public int readMapHeader() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    int size = switch (marker) {
      case MAP_8 -> readSize8("map");
      case MAP_16 -> readSize16("map");
      case MAP_32 -> readSize32("map");
      default -> {
        if ((marker & 0xF0) == TINY_MAP) {
          yield marker & 0x0F;
        }
        throw unexpected("a map", marker, pos);
      }
    };
    ensure(2L * size, "map", size, "entries");
    return size;
  }

  /** Reads a structure header (marker {@code B0..BF} and the tag byte). */
  public StructHeader readStructHeader() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    if ((marker & 0xF0) != TINY_STRUCT) {
      throw unexpected("a structure", marker, pos);
    }
    ensure(1, "a structure tag");
    byte tag = buf.readByte();
    int size = marker & 0x0F;
    ensure(size, "structure", size, "fields");
    return new StructHeader(size, tag);
  }

  /** Reads a map with string keys and any values. */
  public Map<String, Object> readMap() {
    return readMapBody(readMapHeader(), 0);
  }

  /** Reads a list of any values. */
  public List<Object> readList() {
    return readListBody(readListHeader(), 0);
  }

  /**
   * Reads one value of any type.
   *
   * @throws PackStreamException on malformed input or nesting deeper than 1000 levels
   */
  public Object readValue() {
    return readValue(0);
  }

  /**
   * Skips one value of any type without decoding it (e.g. to forward or ignore a field).
   *
   * @throws PackStreamException on malformed input or nesting deeper than 1000 levels
   */
  public void skipValue() {
    skipValue(0);
  }

  private Object readValue(int depth) {
    checkDepth(depth);
    int pos = buf.readerIndex();
    int marker = readMarker();
    if (marker >= 0xF0 || marker <= 0x7F) {
      return (long) (byte) marker;
    }
    switch (marker & 0xF0) {
      case TINY_STRING:
        return readUtf8(marker & 0x0F);
      case TINY_LIST:
        return readListBody(marker & 0x0F, depth);
      case TINY_MAP:
        return readMapBody(marker & 0x0F, depth);
      case TINY_STRUCT:
        return readStructBody(marker & 0x0F, pos, depth);
      default:
        break;
    }
    switch (marker) {
      case NULL:
        return null;
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case FLOAT_64:
        ensure(8, "a float");
        return buf.readDouble();
      case INT_8:
      case INT_16:
      case INT_32:
      case INT_64:
        return readLongBody(marker, pos);
      case STRING_8:
        return readUtf8(readSize8("string"));
      case STRING_16:
        return readUtf8(readSize16("string"));
      case STRING_32:
        return readUtf8(readSize32("string"));
      case LIST_8:
        return readListBody(checkedCount(readSize8("list"), 1, "list"), depth);
      case LIST_16:
        return readListBody(checkedCount(readSize16("list"), 1, "list"), depth);
      case LIST_32:
        return readListBody(checkedCount(readSize32("list"), 1, "list"), depth);
      case MAP_8:
        return readMapBody(checkedCount(readSize8("map"), 2, "map"), depth);
      case MAP_16:
        return readMapBody(checkedCount(readSize16("map"), 2, "map"), depth);
      case MAP_32:
        return readMapBody(checkedCount(readSize32("map"), 2, "map"), depth);
      case BYTES_8:
      case BYTES_16:
      case BYTES_32:
        buf.readerIndex(pos);
        return readBytes();
      default:
        throw unknownMarker(marker, pos);
    }
  }

  private void skipValue(int depth) {
    checkDepth(depth);
    int pos = buf.readerIndex();
    int marker = readMarker();
    PackType type = typeOf(marker);
    if (type == null) {
      throw unknownMarker(marker, pos);
    }
    long nested;
    switch (type) {
      case NULL, BOOLEAN -> {
        return;
      }
      case INTEGER -> {
        buf.readerIndex(pos);
        readLong();
        return;
      }
      case FLOAT -> {
        skip(8, "float");
        return;
      }
      case STRING -> {
        buf.readerIndex(pos);
        skip(readStringLength(), "string");
        return;
      }
      case BYTES -> {
        int length = switch (marker) {
          case BYTES_8 -> readSize8("byte array");
          case BYTES_16 -> readSize16("byte array");
          default -> readSize32("byte array");
        };
        skip(length, "byte array");
        return;
      }
      case LIST -> {
        buf.readerIndex(pos);
        nested = readListHeader();
      }
      case MAP -> {
        buf.readerIndex(pos);
        nested = 2L * readMapHeader();
      }
      default -> {
        buf.readerIndex(pos);
        nested = readStructHeader().size();
      }
    }
    for (long i = 0; i < nested; i++) {
      skipValue(depth + 1);
    }
  }

  private int readStringLength() {
    int pos = buf.readerIndex();
    int marker = readMarker();
    return switch (marker) {
      case STRING_8 -> readSize8("string");
      case STRING_16 -> readSize16("string");
      case STRING_32 -> readSize32("string");
      default -> {
        if ((marker & 0xF0) == TINY_STRING) {
          yield marker & 0x0F;
        }
        throw unexpected("a string", marker, pos);
      }
    };
  }

  private List<Object> readListBody(int size, int depth) {
    // Capacity capped: the size was bounded by readable bytes, but a tiny element is 1 byte
    // while a reference costs 4-8, so a hostile size must not drive the allocation.
    List<Object> list = new ArrayList<>(Math.min(size, 1024));
    for (int i = 0; i < size; i++) {
      list.add(readValue(depth + 1));
    }
    return list;
  }

  private Map<String, Object> readMapBody(int size, int depth) {
    Map<String, Object> map = new LinkedHashMap<>(Math.min(size, 1024) * 4 / 3 + 1);
    for (int i = 0; i < size; i++) {
      map.put(readMapKey(), readValue(depth + 1));
    }
    return map;
  }

  private String readMapKey() {
    int pos = buf.readerIndex();
    int marker = peekMarker();
    if (typeOf(marker) != PackType.STRING) {
      throw new PackStreamException("map key must be a string, found marker " + hex(marker)
          + " (" + describe(marker) + ") at offset " + pos);
    }
    return readString();
  }

  private Object readStructBody(int size, int pos, int depth) {
    ensure(1, "a structure tag");
    byte tag = buf.readByte();
    ensure(size, "structure", size, "fields");
    try {
      return switch (tag) {
        case NODE -> readNode(size, pos, depth);
        case RELATIONSHIP -> readRelationship(size, pos, depth);
        case UNBOUND_RELATIONSHIP -> readUnboundRelationship(size, pos, depth);
        case PATH -> readPath(size, pos, depth);
        case DATE -> {
          expectFields("Date", tag, size, 1, pos);
          yield LocalDate.ofEpochDay(readLong());
        }
        case TIME -> {
          expectFields("Time", tag, size, 2, pos);
          long nanos = readLong();
          ZoneOffset offset = offset(readLong());
          yield OffsetTime.of(LocalTime.ofNanoOfDay(nanos), offset);
        }
        case LOCAL_TIME -> {
          expectFields("LocalTime", tag, size, 1, pos);
          yield LocalTime.ofNanoOfDay(readLong());
        }
        case DATE_TIME -> {
          expectFields("DateTime", tag, size, 3, pos);
          long seconds = readLong();
          int nanos = nanos(readLong());
          ZoneOffset offset = offset(readLong());
          yield OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), offset);
        }
        case DATE_TIME_LEGACY -> {
          expectFields("legacy DateTime", tag, size, 3, pos);
          long seconds = readLong();
          int nanos = nanos(readLong());
          ZoneOffset offset = offset(readLong());
          yield OffsetDateTime.of(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), offset);
        }
        case DATE_TIME_ZONE_ID -> {
          expectFields("DateTimeZoneId", tag, size, 3, pos);
          long seconds = readLong();
          int nanos = nanos(readLong());
          ZoneId zone = ZoneId.of(readString());
          yield ZonedDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), zone);
        }
        case DATE_TIME_ZONE_ID_LEGACY -> {
          expectFields("legacy DateTimeZoneId", tag, size, 3, pos);
          long seconds = readLong();
          int nanos = nanos(readLong());
          ZoneId zone = ZoneId.of(readString());
          // The legacy form has no offset: in a DST overlap the earlier offset is chosen.
          yield ZonedDateTime.ofLocal(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), zone, null);
        }
        case LOCAL_DATE_TIME -> {
          expectFields("LocalDateTime", tag, size, 2, pos);
          long seconds = readLong();
          int nanos = nanos(readLong());
          yield LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
        }
        case DURATION -> {
          expectFields("Duration", tag, size, 4, pos);
          long months = readLong();
          long days = readLong();
          long seconds = readLong();
          long nanos = readLong();
          if (nanos < Integer.MIN_VALUE || nanos > Integer.MAX_VALUE) {
            throw new PackStreamException("Duration nanoseconds " + nanos
                + " do not fit 32 bits, structure at offset " + pos);
          }
          yield new BoltDuration(months, days, seconds, (int) nanos);
        }
        case POINT_2D -> {
          expectFields("Point2D", tag, size, 3, pos);
          yield new Point2D(readLong(), readDouble(), readDouble());
        }
        case POINT_3D -> {
          expectFields("Point3D", tag, size, 4, pos);
          yield new Point3D(readLong(), readDouble(), readDouble(), readDouble());
        }
        default -> {
          List<Object> fields = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            fields.add(readValue(depth + 1));
          }
          yield new Structure(tag, fields);
        }
      };
    } catch (DateTimeException e) {
      throw new PackStreamException("invalid value in structure " + hex(tag) + " at offset " + pos
          + ": " + e.getMessage(), e);
    }
  }

  private Node readNode(int size, int pos, int depth) {
    expectFields("Node", NODE, size, shape.elementIds() ? 4 : 3, pos);
    long id = readLong();
    List<String> labels = readStringList();
    Map<String, Object> properties = readMapBody(readMapHeader(), depth);
    String elementId = shape.elementIds() ? readString() : String.valueOf(id);
    return new Node(id, labels, properties, elementId);
  }

  private Relationship readRelationship(int size, int pos, int depth) {
    expectFields("Relationship", RELATIONSHIP, size, shape.elementIds() ? 8 : 5, pos);
    long id = readLong();
    long start = readLong();
    long end = readLong();
    String type = readString();
    Map<String, Object> properties = readMapBody(readMapHeader(), depth);
    if (shape.elementIds()) {
      return new Relationship(id, start, end, type, properties, readString(), readString(), readString());
    }
    return new Relationship(id, start, end, type, properties);
  }

  private UnboundRelationship readUnboundRelationship(int size, int pos, int depth) {
    expectFields("UnboundRelationship", UNBOUND_RELATIONSHIP, size, shape.elementIds() ? 4 : 3, pos);
    long id = readLong();
    String type = readString();
    Map<String, Object> properties = readMapBody(readMapHeader(), depth);
    String elementId = shape.elementIds() ? readString() : String.valueOf(id);
    return new UnboundRelationship(id, type, properties, elementId);
  }

  private Path readPath(int size, int pos, int depth) {
    expectFields("Path", PATH, size, 3, pos);
    int nodeCount = readListHeader();
    List<Node> nodes = new ArrayList<>(Math.min(nodeCount, 1024));
    for (int i = 0; i < nodeCount; i++) {
      int at = buf.readerIndex();
      StructHeader header = readStructHeader();
      if (header.tag() != NODE) {
        throw new PackStreamException("Path nodes must be Node structures, found tag " + hex(header.tag())
            + " at offset " + at);
      }
      nodes.add(readNode(header.size(), at, depth + 1));
    }
    int relCount = readListHeader();
    List<UnboundRelationship> rels = new ArrayList<>(Math.min(relCount, 1024));
    for (int i = 0; i < relCount; i++) {
      int at = buf.readerIndex();
      StructHeader header = readStructHeader();
      if (header.tag() != UNBOUND_RELATIONSHIP) {
        throw new PackStreamException("Path relationships must be UnboundRelationship structures, found tag "
            + hex(header.tag()) + " at offset " + at);
      }
      rels.add(readUnboundRelationship(header.size(), at, depth + 1));
    }
    int indexCount = readListHeader();
    List<Long> indices = new ArrayList<>(Math.min(indexCount, 1024));
    for (int i = 0; i < indexCount; i++) {
      indices.add(readLong());
    }
    return new Path(nodes, rels, indices);
  }

  private List<String> readStringList() {
    int size = readListHeader();
    List<String> list = new ArrayList<>(Math.min(size, 1024));
    for (int i = 0; i < size; i++) {
      list.add(readString());
    }
    return list;
  }

  private void expectFields(String name, byte tag, int actual, int expected, int pos) {
    if (actual != expected) {
      throw new PackStreamException(name + " structure (tag " + hex(tag) + ") must have " + expected
          + " fields" + shapeNote(tag) + ", found " + actual + " at offset " + pos);
    }
  }

  private String shapeNote(byte tag) {
    if (tag == NODE || tag == RELATIONSHIP || tag == UNBOUND_RELATIONSHIP) {
      return shape.elementIds() ? " with element ids (Bolt 5.0+)" : " without element ids (before Bolt 5.0)";
    }
    return "";
  }

  private ZoneOffset offset(long seconds) {
    if (seconds < -18 * 3600 || seconds > 18 * 3600) {
      throw new PackStreamException("time zone offset " + seconds + " s is outside -18h..+18h");
    }
    return ZoneOffset.ofTotalSeconds((int) seconds);
  }

  private static int nanos(long nanos) {
    if (nanos < 0 || nanos > 999_999_999) {
      throw new PackStreamException("nanoseconds " + nanos + " outside 0..999999999");
    }
    return (int) nanos;
  }

  private long readLongBody(int marker, int pos) {
    switch (marker) {
      case INT_8:
        ensure(1, "an INT_8");
        return buf.readByte();
      case INT_16:
        ensure(2, "an INT_16");
        return buf.readShort();
      case INT_32:
        ensure(4, "an INT_32");
        return buf.readInt();
      case INT_64:
        ensure(8, "an INT_64");
        return buf.readLong();
      default:
        throw unexpected("an integer", marker, pos);
    }
  }

  private String readUtf8(int length) {
    ensure(length, "string", length, "bytes");
    if (length == 0) {
      return "";
    }
    int start = buf.readerIndex();
    byte[] bytes;
    int offset;
    if (buf.hasArray()) {
      bytes = buf.array();
      offset = buf.arrayOffset() + start;
    } else {
      // One bulk copy into a per-thread scratch array: cheaper than byte-wise access to a direct
      // buffer, and the String constructor's own copy is then the only allocation.
      bytes = length <= SCRATCH_SIZE ? SCRATCH.get() : new byte[length];
      buf.getBytes(start, bytes, 0, length);
      offset = 0;
    }
    boolean ascii = validateUtf8(bytes, offset, length, start);
    buf.skipBytes(length);
    return new String(bytes, offset, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /**
   * Checks well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), because
   * the JDK decoder would silently replace bad bytes. Returns whether all bytes were ASCII.
   *
   * @param bufferOffset where {@code bytes[offset]} sits in the buffer, for error messages
   */
  private static boolean validateUtf8(byte[] bytes, int offset, int length, int bufferOffset) {
    int end = offset + length;
    int i = offset;
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    if (i == end) {
      return true;
    }
    while (i < end) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      int needed;
      int min;
      int cp;
      if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        min = 0x80;
        cp = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed = 2;
        min = 0x800;
        cp = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed = 3;
        min = 0x10000;
        cp = b & 0x07;
      } else {
        throw invalidUtf8(bufferOffset + i - offset);
      }
      if (i + needed >= end) {
        throw invalidUtf8(bufferOffset + i - offset);
      }
      for (int k = 1; k <= needed; k++) {
        int c = bytes[i + k] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          throw invalidUtf8(bufferOffset + i - offset);
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        throw invalidUtf8(bufferOffset + i - offset);
      }
      i += needed + 1;
    }
    return false;
  }

  private static PackStreamException invalidUtf8(int at) {
    return new PackStreamException("invalid UTF-8 in string at offset " + at);
  }

  private int readMarker() {
    ensure(1, "a marker");
    return buf.readUnsignedByte();
  }

  private int readSize8(String what) {
    ensureSize(1, what);
    return buf.readUnsignedByte();
  }

  private int readSize16(String what) {
    ensureSize(2, what);
    return buf.readUnsignedShort();
  }

  private int readSize32(String what) {
    ensureSize(4, what);
    int at = buf.readerIndex();
    long size = buf.readUnsignedInt();
    if (size > buf.readableBytes()) {
      throw new PackStreamException("a " + what + " of " + size + " claims more than the "
          + buf.readableBytes() + " bytes left, size at offset " + at);
    }
    return (int) size;
  }

  private int checkedCount(int count, int bytesPerItem, String what) {
    ensure((long) count * bytesPerItem, what, count, bytesPerItem == 1 ? "values" : "entries");
    return count;
  }

  private void skip(int length, String what) {
    ensure(length, what, length, "bytes");
    buf.skipBytes(length);
  }

  // The ensure variants take the parts of their message, not a built string: the message is only
  // assembled on failure, so the hot path does no string concatenation.

  private void ensure(long bytes, String what) {
    if (buf.readableBytes() < bytes) {
      throw truncated(bytes, what);
    }
  }

  private void ensure(long bytes, String thing, long count, String unit) {
    if (buf.readableBytes() < bytes) {
      throw truncated(bytes, "a " + thing + " of " + count + " " + unit);
    }
  }

  private void ensureSize(int bytes, String thing) {
    if (buf.readableBytes() < bytes) {
      throw truncated(bytes, "the size of a " + thing);
    }
  }

  private PackStreamException truncated(long bytes, String what) {
    return new PackStreamException("truncated input: " + what + " needs " + bytes + " bytes at offset "
        + buf.readerIndex() + " but only " + buf.readableBytes() + " are left");
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new PackStreamException("value nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private PackStreamException unexpected(String expected, int marker, int pos) {
    if (typeOf(marker) == null) {
      return unknownMarker(marker, pos);
    }
    return new PackStreamException("expected " + expected + " but found marker " + hex(marker) + " ("
        + describe(marker) + ") at offset " + pos);
  }

  private static PackStreamException unknownMarker(int marker, int pos) {
    return new PackStreamException("unknown PackStream marker " + hex(marker) + " at offset " + pos);
  }

  private static String describe(int marker) {
    PackType type = typeOf(marker);
    return type == null ? "reserved" : type.name().toLowerCase(java.util.Locale.ROOT);
  }

  static PackType typeOf(int marker) {
    if (marker >= 0xF0 || marker <= 0x7F) {
      return PackType.INTEGER;
    }
    switch (marker & 0xF0) {
      case TINY_STRING:
        return PackType.STRING;
      case TINY_LIST:
        return PackType.LIST;
      case TINY_MAP:
        return PackType.MAP;
      case TINY_STRUCT:
        return PackType.STRUCT;
      default:
        break;
    }
    return switch (marker) {
      case NULL -> PackType.NULL;
      case TRUE, FALSE -> PackType.BOOLEAN;
      case FLOAT_64 -> PackType.FLOAT;
      case INT_8, INT_16, INT_32, INT_64 -> PackType.INTEGER;
      case BYTES_8, BYTES_16, BYTES_32 -> PackType.BYTES;
      case STRING_8, STRING_16, STRING_32 -> PackType.STRING;
      case LIST_8, LIST_16, LIST_32 -> PackType.LIST;
      case MAP_8, MAP_16, MAP_32 -> PackType.MAP;
      default -> null;
    };
  }
}

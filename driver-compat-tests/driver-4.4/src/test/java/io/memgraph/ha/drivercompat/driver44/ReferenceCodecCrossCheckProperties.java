package io.memgraph.ha.drivercompat.driver44;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.drivercompat.backend.BoltValueArbitraries;
import io.memgraph.ha.bolt.value.BoltDuration;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Point2D;
import io.memgraph.ha.bolt.value.Point3D;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.internal.messaging.common.CommonValuePacker;
import org.neo4j.driver.internal.messaging.common.CommonValueUnpacker;
import org.neo4j.driver.internal.packstream.PackInput;
import org.neo4j.driver.internal.packstream.PackOutput;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;

/**
 * Our PackStream against the reference implementation inside the Neo4j Java driver 4.4, in both
 * date-time forms: the legacy one (tags 0x46/0x66, local wall-clock seconds) and the "utc" patch
 * (0x49/0x69, seconds of the instant). The driver 4.4 negotiates the utc patch with our server, so
 * the legacy form is only reachable here, through the driver's own packer and unpacker.
 *
 * <p>Two properties: every value a driver can send encodes to exactly the driver's bytes, and
 * every value we send (graph structures included, without element ids) decodes in the driver to
 * the same thing we meant.
 */
class ReferenceCodecCrossCheckProperties {

  @Property(tries = 500)
  void weEncodeByteForByteLikeTheDriver(@ForAll("parameters") Object value, @ForAll boolean utc) {
    byte[] ours = ourBytes(value, utc);
    byte[] theirs = driverBytes(toDriver(value), utc);
    assertThat(hex(ours)).isEqualTo(hex(theirs));
    assertThat(comparable(ourDecode(theirs, utc))).isEqualTo(expected(value, utc, false));
  }

  @Property(tries = 500)
  void theDriverDecodesWhatWeEncode(@ForAll("values") Object value, @ForAll boolean utc) {
    Value decoded = driverDecode(ourBytes(value, utc), utc);
    if (value instanceof Path path) {
      assertPath(path, decoded.asPath());
    } else {
      assertThat(fromDriver(decoded.asObject())).isEqualTo(expected(value, utc, true));
    }
  }

  /** The case a random run once found: an hour that a DST change repeats, at its later offset. */
  @Example
  void anOverlapsLaterOffsetTravelsAsItsInstant() {
    ZonedDateTime later = ZonedDateTime.of(2015, 11, 1, 1, 0, 0, 0, ZoneId.of("America/New_York"))
        .withLaterOffsetAtOverlap();
    assertThat(later.getOffset()).isEqualTo(ZoneOffset.ofHours(-5));
    byte[] ours = ourBytes(later, true);
    assertThat(hex(ours)).isEqualTo(hex(driverBytes(toDriver(later), true)));
    assertThat(ourDecode(ours, true)).isEqualTo(later);
    assertThat(fromDriver(driverDecode(ours, true).asObject())).isEqualTo(expected(later, true, true));
  }

  // --- the driver's codec ------------------------------------------------------------------------

  private static byte[] driverBytes(Value value, boolean utc) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      new CommonValuePacker(new StreamOutput(bytes), utc).pack(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Value driverDecode(byte[] encodedValue, boolean utc) {
    // The unpacker's public entry point reads a list; wrap the value in a one-element list.
    byte[] list = new byte[encodedValue.length + 1];
    list[0] = (byte) 0x91;
    System.arraycopy(encodedValue, 0, list, 1, encodedValue.length);
    try {
      Value[] values = new CommonValueUnpacker(new ArrayInput(list), utc).unpackArray();
      assertThat(values).hasSize(1);
      return values[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StructShape shape(boolean utc) {
    return utc ? StructShape.V4_4_UTC : StructShape.LEGACY;
  }

  private static byte[] ourBytes(Object value, boolean utc) {
    ByteBuf buf = Unpooled.buffer();
    try {
      new PackStreamWriter(buf, shape(utc)).writeValue(value);
      byte[] out = new byte[buf.readableBytes()];
      buf.readBytes(out);
      return out;
    } finally {
      buf.release();
    }
  }

  private static Object ourDecode(byte[] bytes, boolean utc) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    try {
      PackStreamReader reader = new PackStreamReader(buf, shape(utc));
      Object value = reader.readValue();
      assertThat(reader.hasRemaining()).isFalse();
      return value;
    } finally {
      buf.release();
    }
  }

  // --- conversions between the two value models ---------------------------------------------------

  private static Value toDriver(Object value) {
    return Values.value(toDriverObject(value));
  }

  private static Object toDriverObject(Object value) {
    if (value instanceof BoltDuration d) {
      return Values.isoDuration(d.months(), d.days(), d.seconds(), d.nanoseconds()).asIsoDuration();
    } else if (value instanceof Point2D p) {
      return Values.point((int) p.srid(), p.x(), p.y()).asPoint();
    } else if (value instanceof Point3D p) {
      return Values.point((int) p.srid(), p.x(), p.y(), p.z()).asPoint();
    } else if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(toDriverObject(v)));
      return out;
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, toDriverObject(v)));
      return out;
    }
    return value;
  }

  /** The driver's decoded object in our value model (byte arrays as ByteBuffers, comparable by content). */
  private static Object fromDriver(Object o) {
    if (o instanceof IsoDuration d) {
      return new BoltDuration(d.months(), d.days(), d.seconds(), d.nanoseconds());
    } else if (o instanceof Point p) {
      return p.getClass().getSimpleName().contains("3D")
          ? new Point3D(p.srid(), p.x(), p.y(), p.z()) : new Point2D(p.srid(), p.x(), p.y());
    } else if (o instanceof ZonedDateTime z && z.getZone() instanceof ZoneOffset offset) {
      return OffsetDateTime.of(z.toLocalDateTime(), offset);
    } else if (o instanceof org.neo4j.driver.types.Node n) {
      List<String> labels = new ArrayList<>();
      n.labels().forEach(labels::add);
      return new Node(n.id(), labels, castMap(fromDriver(n.asMap())));
    } else if (o instanceof org.neo4j.driver.types.Relationship r) {
      return new Relationship(r.id(), r.startNodeId(), r.endNodeId(), r.type(), castMap(fromDriver(r.asMap())));
    } else if (o instanceof byte[] b) {
      return ByteBuffer.wrap(b);
    } else if (o instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(fromDriver(v)));
      return out;
    } else if (o instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, fromDriver(v)));
      return out;
    }
    return o;
  }

  /** Our decoded value with byte arrays made comparable. */
  private static Object comparable(Object o) {
    if (o instanceof byte[] b) {
      return ByteBuffer.wrap(b);
    } else if (o instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(comparable(v)));
      return out;
    } else if (o instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, comparable(v)));
      return out;
    }
    return o;
  }

  private static Object expected(Object value, boolean utc, boolean byDriver) {
    if (value instanceof ZonedDateTime z && (!utc || byDriver)) {
      // The legacy form carries the local time and zone only: a DST overlap resolves to the earlier offset.
      // The utc form carries the instant, and our decoder keeps it; the driver's decoder does not: it
      // turns the instant into a local time and back (LocalDateTime.ofInstant, then ZonedDateTime.of),
      // so an overlap's later offset comes out as the earlier one in drivers 4.4, 5 and 6 alike.
      return z.withEarlierOffsetAtOverlap();
    } else if (value instanceof Node n) {
      return new Node(n.id(), n.labels(), castMap(expected(n.properties(), utc, byDriver)));
    } else if (value instanceof Relationship r) {
      return new Relationship(r.id(), r.startNodeId(), r.endNodeId(), r.type(), castMap(expected(r.properties(), utc, byDriver)));
    }
    return comparable(value instanceof List<?> || value instanceof Map<?, ?> ? mapNested(value, utc, byDriver) : value);
  }

  private static Object mapNested(Object value, boolean utc, boolean byDriver) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(expected(v, utc, byDriver)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, expected(v, utc, byDriver)));
    return out;
  }

  /** Walks the wire form of {@code path} as the specification describes and compares every segment. */
  private static void assertPath(Path path, org.neo4j.driver.types.Path decoded) {
    List<org.neo4j.driver.types.Path.Segment> segments = new ArrayList<>();
    decoded.forEach(segments::add);
    assertThat(decoded.start().id()).isEqualTo(path.nodes().get(0).id());
    assertThat(segments).hasSize(path.indices().size() / 2);
    Node previous = path.nodes().get(0);
    for (int i = 0; i < segments.size(); i++) {
      long relIndex = path.indices().get(2 * i);
      Node next = path.nodes().get(path.indices().get(2 * i + 1).intValue());
      UnboundRelationship rel = path.relationships().get((int) Math.abs(relIndex) - 1);
      var segment = segments.get(i);
      assertThat(segment.start().id()).isEqualTo(previous.id());
      assertThat(segment.end().id()).isEqualTo(next.id());
      assertThat(segment.relationship().id()).isEqualTo(rel.id());
      assertThat(segment.relationship().type()).isEqualTo(rel.type());
      assertThat(segment.relationship().startNodeId()).isEqualTo(relIndex > 0 ? previous.id() : next.id());
      assertThat(segment.relationship().endNodeId()).isEqualTo(relIndex > 0 ? next.id() : previous.id());
      previous = next;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
  }

  // --- arbitraries -----------------------------------------------------------------------------

  @Provide
  Arbitrary<Object> parameters() {
    return BoltValueArbitraries.parameters();
  }

  @Provide
  Arbitrary<Object> values() {
    return BoltValueArbitraries.values(false);
  }

  // --- byte plumbing for the driver's codec ---------------------------------------------------

  /** The driver's input interface over a byte array. */
  private static final class ArrayInput implements PackInput {
    private final ByteBuffer buf;

    ArrayInput(byte[] bytes) {
      this.buf = ByteBuffer.wrap(bytes);
    }

    @Override
    public byte readByte() {
      return buf.get();
    }

    @Override
    public short readShort() {
      return buf.getShort();
    }

    @Override
    public int readInt() {
      return buf.getInt();
    }

    @Override
    public long readLong() {
      return buf.getLong();
    }

    @Override
    public double readDouble() {
      return buf.getDouble();
    }

    @Override
    public void readBytes(byte[] into, int offset, int toRead) {
      buf.get(into, offset, toRead);
    }

    @Override
    public byte peekByte() {
      return buf.get(buf.position());
    }
  }

  /** The driver's output interface over a byte stream. */
  private static final class StreamOutput implements PackOutput {
    private final ByteArrayOutputStream out;

    StreamOutput(ByteArrayOutputStream out) {
      this.out = out;
    }

    @Override
    public PackOutput writeByte(byte value) {
      out.write(value);
      return this;
    }

    @Override
    public PackOutput writeBytes(byte[] data) {
      out.writeBytes(data);
      return this;
    }

    @Override
    public PackOutput writeShort(short value) {
      return writeBytes(ByteBuffer.allocate(2).putShort(value).array());
    }

    @Override
    public PackOutput writeInt(int value) {
      return writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }

    @Override
    public PackOutput writeLong(long value) {
      return writeBytes(ByteBuffer.allocate(8).putLong(value).array());
    }

    @Override
    public PackOutput writeDouble(double value) {
      return writeBytes(ByteBuffer.allocate(8).putDouble(value).array());
    }
  }
}

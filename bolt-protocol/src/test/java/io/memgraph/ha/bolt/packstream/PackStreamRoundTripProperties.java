package io.memgraph.ha.bolt.packstream;

import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.comparable;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.decode;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.decodeDirect;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.encode;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.expected;
import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.value.BoltDuration;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Point2D;
import io.memgraph.ha.bolt.value.Point3D;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.Structure;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips of random nested values of every type, in every {@link StructShape}, and the
 * smallest-encoding rules at every size boundary.
 */
class PackStreamRoundTripProperties {

  private static final List<StructShape> SHAPES = List.of(StructShape.LEGACY, StructShape.V4_4_UTC, StructShape.V5);

  @Property(tries = 300)
  void anyValueSurvivesARoundTripInEveryShape(@ForAll("values") Object value, @ForAll("shapes") StructShape shape) {
    byte[] bytes = encode(value, shape);
    assertThat(comparable(decode(bytes, shape))).isEqualTo(expected(value, shape));
    assertThat(comparable(decodeDirect(bytes, shape))).isEqualTo(expected(value, shape));
    // Re-encoding the decoded value gives the same bytes: the encoding is canonical.
    assertThat(encode(decode(bytes, shape), shape)).isEqualTo(bytes);
  }

  @Property(tries = 200)
  void skipValueConsumesExactlyWhatReadValueConsumes(@ForAll("values") Object value, @ForAll("shapes") StructShape shape) {
    byte[] bytes = encode(value, shape);
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    new PackStreamReader(buf, shape).skipValue();
    assertThat(buf.readableBytes()).isZero();
    buf.release();
  }

  @Property(tries = 1000)
  void randomBytesNeverEscapeAsAnythingButPackStreamException(@ForAll("garbage") byte[] bytes,
                                @ForAll("shapes") StructShape shape) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    try {
      PackStreamReader reader = new PackStreamReader(buf, shape);
      while (reader.hasRemaining()) {
        reader.readValue();
      }
    } catch (PackStreamException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    } finally {
      buf.release();
    }
  }

  @Property(tries = 2000)
  void integersUseTheSmallestEncoding(@ForAll("integers") long value) {
    byte[] bytes = encode(value, StructShape.V5);
    int expectedLength;
    if (value >= -16 && value <= 127) {
      expectedLength = 1;
    } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
      expectedLength = 2;
    } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      expectedLength = 3;
    } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      expectedLength = 5;
    } else {
      expectedLength = 9;
    }
    assertThat(bytes).hasSize(expectedLength);
    if (expectedLength > 1) {
      assertThat(bytes[0] & 0xFF).isEqualTo(switch (expectedLength) {
        case 2 -> 0xC8;
        case 3 -> 0xC9;
        case 5 -> 0xCA;
        default -> 0xCB;
      });
    }
    assertThat(decode(bytes, StructShape.V5)).isEqualTo(value);
  }

  @Property(tries = 25)
  void sizedTypesUseTheSmallestHeaderAtEveryBoundary(@ForAll("sizes") int size) {
    String string = "x".repeat(size);
    byte[] bytes = new byte[size];
    List<Object> list = new ArrayList<>(size);
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      list.add(null);
    }
    // Keys of the map all have the same encoded length, so the expected size is easy to state.
    for (int i = 0; i < size; i++) {
      map.put(Integer.toHexString(0x10000000 | i), null);
    }
    checkHeader(encode(string, StructShape.V5), size, 0x80, 0xD0, size);
    checkHeader(encode(list, StructShape.V5), size, 0x90, 0xD4, size);
    checkHeader(encode(map, StructShape.V5), size, 0xA0, 0xD8, size * 10L);
    byte[] encodedBytes = encode(bytes, StructShape.V5);
    int bytesHeader = size <= 0xFF ? 2 : size <= 0xFFFF ? 3 : 5;
    assertThat(encodedBytes).hasSize(bytesHeader + size);
    assertThat(encodedBytes[0] & 0xFF).isEqualTo(size <= 0xFF ? 0xCC : size <= 0xFFFF ? 0xCD : 0xCE);

    assertThat(decode(encode(string, StructShape.V5), StructShape.V5)).isEqualTo(string);
    assertThat(decodeDirect(encode(string, StructShape.V5), StructShape.V5)).isEqualTo(string);
    assertThat(decode(encode(list, StructShape.V5), StructShape.V5)).isEqualTo(list);
    assertThat(decode(encode(map, StructShape.V5), StructShape.V5)).isEqualTo(map);
    assertThat((byte[]) decode(encodedBytes, StructShape.V5)).isEqualTo(bytes);
  }

  private static void checkHeader(byte[] encoded, int size, int tiny, int marker8, long payload) {
    int marker = encoded[0] & 0xFF;
    if (size < 16) {
      assertThat(marker).isEqualTo(tiny | size);
      assertThat((long) encoded.length).isEqualTo(1 + payload);
    } else if (size <= 0xFF) {
      assertThat(marker).isEqualTo(marker8);
      assertThat((long) encoded.length).isEqualTo(2 + payload);
    } else if (size <= 0xFFFF) {
      assertThat(marker).isEqualTo(marker8 + 1);
      assertThat((long) encoded.length).isEqualTo(3 + payload);
    } else {
      assertThat(marker).isEqualTo(marker8 + 2);
      assertThat((long) encoded.length).isEqualTo(5 + payload);
    }
  }

  // --- arbitraries -----------------------------------------------------------------------------

  @Provide
  Arbitrary<StructShape> shapes() {
    return Arbitraries.of(SHAPES);
  }

  @Provide
  Arbitrary<Long> integers() {
    List<Long> boundaries = new ArrayList<>();
    for (long b : new long[] {-16, 127, Byte.MIN_VALUE, Byte.MAX_VALUE, Short.MIN_VALUE, Short.MAX_VALUE,
        Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0}) {
      for (long d = -1; d <= 1; d++) {
        boundaries.add(b + d); // wraps at Long.MIN/MAX, which only adds more edge cases
      }
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.of(boundaries)),
        net.jqwik.api.Tuple.of(2, Arbitraries.longs()),
        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(-70_000, 70_000)));
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of(0, 1, 15, 16, 17, 255, 256, 65535, 65536, 65537)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 70_000)));
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    // Biased towards marker bytes so that the decoder gets deep before it fails.
    Arbitrary<Byte> b = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.bytes()),
        net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) 0x91, (byte) 0xA1, (byte) 0x81, (byte) 0xB3, (byte) 0x4E,
            (byte) 0x50, (byte) 0x72, (byte) 0x69, (byte) 0xD6, (byte) 0xCE, (byte) 0xDA, (byte) 0x00)));
    return b.array(byte[].class).ofMaxSize(64);
  }

  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.recursive(this::leaf, this::container, 0, 3);
  }

  private Arbitrary<Object> container(Arbitrary<Object> inner) {
    return Arbitraries.oneOf(
        inner,
        inner.list().ofMaxSize(5).map(l -> (Object) l),
        Arbitraries.maps(keys(), inner).ofMaxSize(5).map(m -> (Object) new LinkedHashMap<>(m)),
        Combinators.combine(Arbitraries.longs(), labels(), Arbitraries.maps(keys(), inner).ofMaxSize(3), strings())
            .as((id, labels, props, eid) -> (Object) new Node(id, labels, new LinkedHashMap<>(props), eid)),
        Arbitraries.integers().between(0x00, 0x3F).map(t -> (byte) t.intValue())
            .flatMap(tag -> inner.list().ofMaxSize(4).map(f -> (Object) new Structure(tag, f))));
  }

  private Arbitrary<Object> leaf() {
    return Arbitraries.oneOf(List.of(
        Arbitraries.just(null),
        Arbitraries.of(true, false).map(b -> (Object) b),
        integers().map(l -> (Object) l),
        doubles().map(d -> (Object) d),
        strings().map(s -> (Object) s),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> (Object) b),
        nodes().map(n -> (Object) n),
        relationships().map(r -> (Object) r),
        unboundRelationships().map(r -> (Object) r),
        paths().map(p -> (Object) p),
        dates().map(d -> (Object) d),
        localTimes().map(t -> (Object) t),
        Combinators.combine(localTimes(), offsets()).as((t, o) -> (Object) OffsetTime.of(t, o)),
        localDateTimes().map(t -> (Object) t),
        Combinators.combine(localDateTimes(), offsets()).as((t, o) -> (Object) OffsetDateTime.of(t, o)),
        Combinators.combine(localDateTimes(), zoneIds()).as((t, z) -> (Object) ZonedDateTime.of(t, z)),
        Combinators.combine(localDateTimes(), offsets()).as((t, o) -> (Object) ZonedDateTime.of(t, o)),
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.integers().between(0, 999_999_999))
            .as((m, d, s, n) -> (Object) new BoltDuration(m, d, s, n)),
        Combinators.combine(Arbitraries.longs(), doubles(), doubles()).as((s, x, y) -> (Object) new Point2D(s, x, y)),
        Combinators.combine(Arbitraries.longs(), doubles(), doubles(), doubles())
            .as((s, x, y, z) -> (Object) new Point3D(s, x, y, z))));
  }

  private Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(Arbitraries.doubles(),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
            Double.MAX_VALUE));
  }

  /** Valid Unicode text, including multi-byte and supplementary characters (no lone surrogates). */
  private Arbitrary<String> strings() {
    Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x7FF)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x800, 0xFFFF).filter(c -> c < 0xD800 || c > 0xDFFF)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    return codePoints.list().ofMaxSize(40).map(cps -> {
      StringBuilder sb = new StringBuilder();
      cps.forEach(sb::appendCodePoint);
      return sb.toString();
    });
  }

  private Arbitrary<String> keys() {
    return Arbitraries.strings().alpha().ofMaxLength(6);
  }

  private Arbitrary<List<String>> labels() {
    return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).list().ofMaxSize(3);
  }

  private Arbitrary<Map<String, Object>> scalarProperties() {
    Arbitrary<Object> scalar = Arbitraries.oneOf(integers().map(l -> (Object) l), strings().map(s -> (Object) s),
        doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b));
    return Arbitraries.maps(keys(), scalar).ofMaxSize(4).map(LinkedHashMap::new);
  }

  private Arbitrary<Node> nodes() {
    return Combinators.combine(Arbitraries.longs(), labels(), scalarProperties(), strings())
        .as(Node::new);
  }

  private Arbitrary<Relationship> relationships() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(), strings(),
            scalarProperties(), strings(), strings(), strings())
        .as(Relationship::new);
  }

  private Arbitrary<UnboundRelationship> unboundRelationships() {
    return Combinators.combine(Arbitraries.longs(), strings(), scalarProperties(), strings())
        .as(UnboundRelationship::new);
  }

  private Arbitrary<Path> paths() {
    return Combinators.combine(nodes().list().ofMinSize(1).ofMaxSize(3), unboundRelationships().list().ofMaxSize(2),
            Arbitraries.longs().between(-3, 3).list().ofMaxSize(6))
        .as(Path::new);
  }

  private Arbitrary<LocalDate> dates() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()).map(LocalDate::ofEpochDay),
        Arbitraries.longs().between(-50_000, 50_000).map(LocalDate::ofEpochDay));
  }

  private Arbitrary<LocalTime> localTimes() {
    return Arbitraries.longs().between(0, LocalTime.MAX.toNanoOfDay()).map(LocalTime::ofNanoOfDay);
  }

  private Arbitrary<LocalDateTime> localDateTimes() {
    // Years within +-100000 keep every offset and zone conversion inside java.time's range.
    return Combinators.combine(
            Arbitraries.longs().between(LocalDate.of(-100_000, 1, 1).toEpochDay(), LocalDate.of(100_000, 1, 1).toEpochDay()),
            localTimes())
        .as((day, time) -> LocalDateTime.of(LocalDate.ofEpochDay(day), time));
  }

  private Arbitrary<ZoneOffset> offsets() {
    return Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(ZoneOffset::ofTotalSeconds);
  }

  private Arbitrary<ZoneId> zoneIds() {
    return Arbitraries.of(new TreeSet<>(ZoneId.getAvailableZoneIds())).map(ZoneId::of);
  }
}

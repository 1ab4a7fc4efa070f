package io.memgraph.ha.bolt.packstream;

import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.comparable;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.decode;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.encode;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.expected;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.hex;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact bytes for every PackStream type and structure. Core-type examples are those of the
 * PackStream specification (neo4j.com/docs/bolt/current/packstream); structure bytes follow the
 * field lists of the Bolt structure semantics page, computed by hand.
 */
class PackStreamGoldenTest {

  static Stream<Arguments> coreValues() {
    return Stream.of(
        Arguments.of(null, "C0"),
        Arguments.of(true, "C3"),
        Arguments.of(false, "C2"),
        Arguments.of(0L, "00"),
        Arguments.of(1L, "01"),
        Arguments.of(42L, "2A"),
        Arguments.of(127L, "7F"),
        Arguments.of(-1L, "FF"),
        Arguments.of(-16L, "F0"),
        Arguments.of(-17L, "C8 EF"),
        Arguments.of(-128L, "C8 80"),
        Arguments.of(128L, "C9 00 80"),
        Arguments.of(-129L, "C9 FF 7F"),
        Arguments.of(1234L, "C9 04 D2"),
        Arguments.of(32767L, "C9 7F FF"),
        Arguments.of(-32768L, "C9 80 00"),
        Arguments.of(32768L, "CA 00 00 80 00"),
        Arguments.of(-32769L, "CA FF FF 7F FF"),
        Arguments.of(2147483647L, "CA 7F FF FF FF"),
        Arguments.of(-2147483648L, "CA 80 00 00 00"),
        Arguments.of(2147483648L, "CB 00 00 00 00 80 00 00 00"),
        Arguments.of(-2147483649L, "CB FF FF FF FF 7F FF FF FF"),
        Arguments.of(Long.MAX_VALUE, "CB 7F FF FF FF FF FF FF FF"),
        Arguments.of(Long.MIN_VALUE, "CB 80 00 00 00 00 00 00 00"),
        Arguments.of(1.23, "C1 3F F3 AE 14 7A E1 47 AE"),
        Arguments.of(-1.1, "C1 BF F1 99 99 99 99 99 9A"),
        Arguments.of(new byte[] {1, 2, 3}, "CC 03 01 02 03"),
        Arguments.of(new byte[0], "CC 00"),
        Arguments.of("", "80"),
        Arguments.of("A", "81 41"),
        Arguments.of("a", "81 61"),
        Arguments.of("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "D0 1A 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F 50 51 52 53 54 55 56 57 58 59 5A"),
        Arguments.of("Größenmaßstäbe",
            "D0 12 47 72 C3 B6 C3 9F 65 6E 6D 61 C3 9F 73 74 C3 A4 62 65"),
        Arguments.of(List.of(), "90"),
        Arguments.of(List.of(1L, 2L, 3L), "93 01 02 03"),
        Arguments.of(List.of(1L, 2.0, "three"), "93 01 C1 40 00 00 00 00 00 00 00 85 74 68 72 65 65"),
        Arguments.of(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L),
            "D4 10 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10"),
        Arguments.of(Map.of(), "A0"),
        Arguments.of(Map.of("one", "eins"), "A1 83 6F 6E 65 84 65 69 6E 73"));
  }

  @ParameterizedTest
  @MethodSource("coreValues")
  void coreValuesEncodeToTheSpecificationBytesAndBack(Object value, String bytes) {
    for (StructShape shape : List.of(StructShape.LEGACY, StructShape.V4_4_UTC, StructShape.V5)) {
      assertThat(hex(encode(value, shape))).isEqualTo(bytes);
      assertThat(comparable(decode(hex(bytes), shape))).isEqualTo(expected(value, shape));
    }
  }

  @Test
  void mapWithSixteenEntriesUsesMap8() {
    Map<String, Object> map = new LinkedHashMap<>();
    StringBuilder expected = new StringBuilder("D8 10");
    for (char c = 'a'; c < 'a' + 16; c++) {
      map.put(String.valueOf(c), 1L);
      expected.append(String.format(" 81 %02X 01", (int) c));
    }
    assertThat(hex(encode(map, StructShape.V5))).isEqualTo(expected.toString());
    assertThat(decode(hex(expected.toString()), StructShape.V5)).isEqualTo(map);
  }

  @Test
  void decodedMapsKeepWireOrderAndLastDuplicateWins() {
    Object decoded = decode(hex("A3 81 62 01 81 61 02 81 62 03"), StructShape.V5);
    assertThat(decoded).isInstanceOf(LinkedHashMap.class);
    assertThat(new ArrayList<Object>(((Map<?, ?>) decoded).keySet())).containsExactly("b", "a");
    assertThat(decoded).isEqualTo(Map.of("b", 3L, "a", 2L));
  }

  @Test
  void nonMinimalEncodingsAreAccepted() {
    assertThat(decode(hex("CB 00 00 00 00 00 00 00 01"), StructShape.V5)).isEqualTo(1L);
    assertThat(decode(hex("C8 05"), StructShape.V5)).isEqualTo(5L);
    assertThat(decode(hex("D0 01 61"), StructShape.V5)).isEqualTo("a");
    assertThat(decode(hex("D6 00 00 00 01 01"), StructShape.V5)).isEqualTo(List.of(1L));
    assertThat(decode(hex("DA 00 00 00 01 81 61 01"), StructShape.V5)).isEqualTo(Map.of("a", 1L));
  }

  @Test
  void writerAcceptsNarrowJavaNumberTypesAndCharacters() {
    assertThat(hex(encode(128, StructShape.V5))).isEqualTo("C9 00 80");
    assertThat(hex(encode((short) -17, StructShape.V5))).isEqualTo("C8 EF");
    assertThat(hex(encode((byte) 1, StructShape.V5))).isEqualTo("01");
    assertThat(hex(encode(1.5f, StructShape.V5))).isEqualTo("C1 3F F8 00 00 00 00 00 00");
    assertThat(hex(encode('a', StructShape.V5))).isEqualTo("81 61");
  }

  // --- graph structures -------------------------------------------------------------------

  private static final Node EXAMPLE_NODE = new Node(3, List.of("Example", "Node"), Map.of("name", "example"), "abc123");
  private static final String NODE_BODY = "03 92 87 45 78 61 6D 70 6C 65 84 4E 6F 64 65 A1 84 6E 61 6D 65 87 65 78 61 6D 70 6C 65";

  @Test
  void nodeWithAndWithoutElementId() {
    assertGolden(EXAMPLE_NODE, StructShape.V5, "B4 4E " + NODE_BODY + " 86 61 62 63 31 32 33");
    assertGolden(EXAMPLE_NODE, StructShape.LEGACY, "B3 4E " + NODE_BODY);
    assertThat(decode(hex("B3 4E " + NODE_BODY), StructShape.LEGACY))
        .isEqualTo(new Node(3, List.of("Example", "Node"), Map.of("name", "example"), "3"));
  }

  @Test
  void relationshipWithAndWithoutElementIds() {
    Relationship rel = new Relationship(11, 2, 3, "KNOWS", Map.of(), "r11", "n2", "n3");
    assertGolden(rel, StructShape.V5, "B8 52 0B 02 03 85 4B 4E 4F 57 53 A0 83 72 31 31 82 6E 32 82 6E 33");
    assertGolden(rel, StructShape.V4_4_UTC, "B5 52 0B 02 03 85 4B 4E 4F 57 53 A0");
    assertThat(decode(hex("B5 52 0B 02 03 85 4B 4E 4F 57 53 A0"), StructShape.LEGACY))
        .isEqualTo(new Relationship(11, 2, 3, "KNOWS", Map.of(), "11", "2", "3"));
  }

  @Test
  void unboundRelationshipWithAndWithoutElementId() {
    UnboundRelationship rel = new UnboundRelationship(11, "KNOWS", Map.of(), "r11");
    assertGolden(rel, StructShape.V5, "B4 72 0B 85 4B 4E 4F 57 53 A0 83 72 31 31");
    assertGolden(rel, StructShape.LEGACY, "B3 72 0B 85 4B 4E 4F 57 53 A0");
  }

  @Test
  void pathWithAndWithoutElementIds() {
    Path path = new Path(
        List.of(new Node(1, List.of(), Map.of(), "n1"), new Node(2, List.of(), Map.of(), "n2")),
        List.of(new UnboundRelationship(5, "R", Map.of(), "r5")),
        List.of(1L, 1L));
    assertGolden(path, StructShape.V5,
        "B3 50 92 B4 4E 01 90 A0 82 6E 31 B4 4E 02 90 A0 82 6E 32 91 B4 72 05 81 52 A0 82 72 35 92 01 01");
    assertGolden(path, StructShape.LEGACY,
        "B3 50 92 B3 4E 01 90 A0 B3 4E 02 90 A0 91 B3 72 05 81 52 A0 92 01 01");
  }

  // --- temporal and spatial structures ----------------------------------------------------------

  @Test
  void date() {
    assertGoldenAllShapes(LocalDate.of(2024, 1, 1), "B1 44 C9 4D 0B");
  }

  @Test
  void timeAndLocalTime() {
    LocalTime t = LocalTime.of(12, 34, 56, 789_000_000);
    assertGoldenAllShapes(OffsetTime.of(t, ZoneOffset.ofHours(1)), "B2 54 CB 00 00 29 32 7B 04 8F 40 C9 0E 10");
    assertGoldenAllShapes(t, "B1 74 CB 00 00 29 32 7B 04 8F 40");
  }

  @Test
  void dateTimeWithOffsetInUtcAndLegacyForm() {
    OffsetDateTime dt = OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(1));
    // UTC form: seconds of the instant 2024-01-01T11:00Z.
    assertGolden(dt, StructShape.V5, "B3 49 CA 65 92 9B 30 00 C9 0E 10");
    assertGolden(dt, StructShape.V4_4_UTC, "B3 49 CA 65 92 9B 30 00 C9 0E 10");
    // Legacy form: the wall-clock 2024-01-01T12:00 counted as if it were UTC.
    assertGolden(dt, StructShape.LEGACY, "B3 46 CA 65 92 A9 40 00 C9 0E 10");
    // A ZonedDateTime whose zone is an offset is a DateTime too.
    assertThat(hex(encode(dt.toZonedDateTime(), StructShape.V5))).isEqualTo("B3 49 CA 65 92 9B 30 00 C9 0E 10");
  }

  @Test
  void dateTimeWithZoneIdInUtcAndLegacyForm() {
    ZonedDateTime dt = ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Berlin"));
    String zone = "8D 45 75 72 6F 70 65 2F 42 65 72 6C 69 6E";
    assertGolden(dt, StructShape.V5, "B3 69 CA 66 82 7E 20 00 " + zone);
    assertGolden(dt, StructShape.LEGACY, "B3 66 CA 66 82 9A 40 00 " + zone);
  }

  @Test
  void readerAcceptsBothDateTimeFormsWhateverTheShape() {
    OffsetDateTime dt = OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(1));
    assertThat(decode(hex("B3 46 CA 65 92 A9 40 00 C9 0E 10"), StructShape.V5)).isEqualTo(dt);
    assertThat(decode(hex("B3 49 CA 65 92 9B 30 00 C9 0E 10"), StructShape.LEGACY)).isEqualTo(dt);
  }

  @Test
  void localDateTime() {
    assertGoldenAllShapes(LocalDateTime.of(2024, 1, 1, 12, 0, 0, 500_000_000), "B2 64 CA 65 92 A9 40 CA 1D CD 65 00");
  }

  @Test
  void duration() {
    assertGoldenAllShapes(new BoltDuration(14, 2, 3600, 500), "B4 45 0E 02 C9 0E 10 C9 01 F4");
  }

  @Test
  void points() {
    assertGoldenAllShapes(new Point2D(7203, 1.0, 2.0),
        "B3 58 C9 1C 23 C1 3F F0 00 00 00 00 00 00 C1 40 00 00 00 00 00 00 00");
    assertGoldenAllShapes(new Point3D(9157, 1.0, 2.0, 3.0),
        "B4 59 C9 23 C5 C1 3F F0 00 00 00 00 00 00 C1 40 00 00 00 00 00 00 00 C1 40 08 00 00 00 00 00 00");
  }

  @Test
  void unknownStructureStaysGeneric() {
    assertGoldenAllShapes(new Structure((byte) 0x70, List.of(Map.of("a", 1L))), "B1 70 A1 81 61 01");
    assertGoldenAllShapes(new Structure((byte) 0x0F, List.of()), "B0 0F");
  }

  @Test
  void lowLevelApiReadsMessageLikeStructures() {
    ByteBuf buf = Unpooled.buffer();
    try {
      PackStreamWriter w = new PackStreamWriter(buf, StructShape.V5);
      w.writeStructHeader(2, (byte) 0x10);
      w.writeString("RETURN 1");
      w.writeMapHeader(0);
      assertThat(hex(toArray(buf.duplicate()))).isEqualTo("B2 10 88 52 45 54 55 52 4E 20 31 A0");
      PackStreamReader r = new PackStreamReader(buf, StructShape.V5);
      assertThat(r.peekType()).isEqualTo(PackType.STRUCT);
      assertThat(r.readStructHeader()).isEqualTo(new StructHeader(2, (byte) 0x10));
      assertThat(r.peekMarker()).isEqualTo(0x88);
      assertThat(r.readString()).isEqualTo("RETURN 1");
      assertThat(r.readMap()).isEmpty();
      assertThat(r.hasRemaining()).isFalse();
    } finally {
      buf.release();
    }
  }

  @Test
  void skipValueSkipsExactlyOneValueOfEachType() {
    List<Object> values = new ArrayList<>();
    coreValues().forEach(a -> values.add(a.get()[0]));
    values.add(EXAMPLE_NODE);
    values.add(ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Berlin")));
    values.add(List.of(Map.of("k", List.of(1L, "x")), new byte[300]));
    for (Object value : values) {
      byte[] one = encode(value, StructShape.V5);
      ByteBuf buf = Unpooled.buffer();
      buf.writeBytes(one).writeByte(0x2A);
      PackStreamReader r = new PackStreamReader(buf, StructShape.V5);
      r.skipValue();
      assertThat(r.readLong()).as("value after skipping %s", hex(one)).isEqualTo(42L);
      buf.release();
    }
  }

  private static byte[] toArray(ByteBuf buf) {
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    return out;
  }

  private static void assertGolden(Object value, StructShape shape, String bytes) {
    assertThat(hex(encode(value, shape))).isEqualTo(bytes);
    assertThat(comparable(decode(hex(bytes), shape))).isEqualTo(expected(value, shape));
  }

  private static void assertGoldenAllShapes(Object value, String bytes) {
    for (StructShape shape : List.of(StructShape.LEGACY, StructShape.V4_4_UTC, StructShape.V5)) {
      assertGolden(value, shape, bytes);
    }
  }
}

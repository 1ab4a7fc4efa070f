package io.memgraph.ha.bolt.packstream;

import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.decode;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.decodeDirect;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.encode;
import static io.memgraph.ha.bolt.packstream.PackStreamTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of malformed input is a {@link PackStreamException} with a useful message, never anything else. */
class PackStreamMalformedInputTest {

  @ParameterizedTest
  @ValueSource(ints = {0xC4, 0xC5, 0xC6, 0xC7, 0xCF, 0xD3, 0xD7, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF,
      0xE0, 0xE5, 0xEF})
  void reservedMarkerIsUnknown(int marker) {
    assertRejected(new byte[] {(byte) marker}, "unknown PackStream marker " + String.format("0x%02X", marker));
    // Also where a typed read expects something else, and nested inside a list.
    assertRejected(new byte[] {(byte) 0x91, (byte) marker}, "unknown PackStream marker");
  }

  @Test
  void everyTruncationOfAValidEncodingIsRejected() {
    Object value = List.of(1L, -200L, 70000L, 1L << 40, 1.5, "héllo wörld, a string of more than 16 bytes",
        new byte[] {1, 2, 3}, Map.of("k", List.of(true, false)),
        new Node(7, List.of("L"), Map.of("p", 1L), "e7"),
        new Relationship(1, 2, 3, "T", Map.of(), "a", "b", "c"),
        new Path(List.of(new Node(1, List.of(), Map.of(), "1")), List.of(new UnboundRelationship(2, "R", Map.of(), "2")), List.of()),
        ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Berlin")));
    byte[] full = encode(value, StructShape.V5);
    for (int length = 0; length < full.length; length++) {
      byte[] prefix = Arrays.copyOf(full, length);
      assertThatThrownBy(() -> decode(prefix, StructShape.V5))
          .as("prefix of %d of %d bytes", length, full.length)
          .isInstanceOf(PackStreamException.class)
          .hasMessageContaining("truncated input");
    }
  }

  @Test
  void sizeLargerThanTheReadableBytesIsRejectedBeforeAllocating() {
    assertRejected(hex("D2 FF FF FF FF"), "claims more than the 0 bytes left");
    assertRejected(hex("CE 7F FF FF FF 00"), "claims more than the 1 bytes left");
    assertRejected(hex("D6 7F FF FF FF C0 C0"), "claims more than the 2 bytes left");
    assertRejected(hex("DA 80 00 00 00"), "claims more than the 0 bytes left");
    // A size that fits the buffer but not the entries it announces.
    assertRejected(hex("D9 00 03 81 61 01"), "truncated input: a map of 3 entries");
    assertRejected(hex("D5 00 05 01 02"), "truncated input: a list of 5 values");
    assertRejected(hex("D1 00 05 61 62"), "truncated input: a string of 5 bytes");
    assertRejected(hex("BF 4E 01"), "truncated input: a structure of 15 fields");
  }

  @Test
  void wrongFieldCountForAKnownStructureIsRejected() {
    assertRejected(hex("B3 4E 01 90 A0"), StructShape.V5,
        "Node structure (tag 0x4E) must have 4 fields with element ids (Bolt 5.0+), found 3");
    assertRejected(hex("B4 4E 01 90 A0 81 31"), StructShape.LEGACY,
        "Node structure (tag 0x4E) must have 3 fields without element ids (before Bolt 5.0), found 4");
    assertRejected(hex("B5 52 01 02 03 81 54 A0"), StructShape.V5, "Relationship structure (tag 0x52) must have 8 fields");
    assertRejected(hex("B4 72 01 81 54 A0 81 31"), StructShape.LEGACY, "UnboundRelationship structure (tag 0x72) must have 3");
    assertRejected(hex("B2 50 90 90"), StructShape.V5, "Path structure (tag 0x50) must have 3 fields, found 2");
    assertRejected(hex("B2 44 01 02"), "Date structure (tag 0x44) must have 1 fields, found 2");
    assertRejected(hex("B1 54 01"), "Time structure (tag 0x54) must have 2 fields");
    assertRejected(hex("B0 74"), "LocalTime structure (tag 0x74) must have 1 fields");
    assertRejected(hex("B2 49 01 02"), "DateTime structure (tag 0x49) must have 3 fields");
    assertRejected(hex("B2 46 01 02"), "legacy DateTime structure (tag 0x46) must have 3 fields");
    assertRejected(hex("B2 69 01 02"), "DateTimeZoneId structure (tag 0x69) must have 3 fields");
    assertRejected(hex("B2 66 01 02"), "legacy DateTimeZoneId structure (tag 0x66) must have 3 fields");
    assertRejected(hex("B1 64 01"), "LocalDateTime structure (tag 0x64) must have 2 fields");
    assertRejected(hex("B3 45 01 02 03"), "Duration structure (tag 0x45) must have 4 fields");
    assertRejected(hex("B2 58 01 C1 00 00 00 00 00 00 00 00"), "Point2D structure (tag 0x58) must have 3 fields");
    assertRejected(hex("B3 59 01 C1 00 00 00 00 00 00 00 00 C1 00 00 00 00 00 00 00 00"),
        "Point3D structure (tag 0x59) must have 4 fields");
  }

  @Test
  void wrongFieldTypeInsideAKnownStructureIsRejected() {
    assertRejected(hex("B3 4E 81 31 90 A0"), StructShape.LEGACY, "expected an integer but found marker 0x81 (string)");
    assertRejected(hex("B3 4E 01 91 01 A0"), StructShape.LEGACY, "expected a string but found marker 0x01 (integer)");
    assertRejected(hex("B3 58 01 01 02"), "expected a float but found marker 0x01 (integer)");
    assertRejected(hex("B3 50 91 B3 72 01 81 52 A0 90 90"), StructShape.LEGACY,
        "Path nodes must be Node structures, found tag 0x72");
    assertRejected(hex("B3 50 90 91 B3 4E 01 90 A0 90"), StructShape.LEGACY,
        "Path relationships must be UnboundRelationship structures, found tag 0x4E");
  }

  @Test
  void invalidTemporalFieldValuesAreRejected() {
    assertRejected(hex("B1 44 CB 7F FF FF FF FF FF FF FF"), "invalid value in structure 0x44");
    assertRejected(hex("B1 74 FF"), "invalid value in structure 0x74");
    assertRejected(hex("B2 54 00 CA 00 01 86 A0"), "time zone offset 100000 s is outside -18h..+18h");
    assertRejected(hex("B3 49 00 CA 3B 9A CA 00 00"), "nanoseconds 1000000000 outside 0..999999999");
    assertRejected(hex("B2 64 00 FF"), "nanoseconds -1 outside");
    assertRejected(hex("B3 69 00 00 89 4E 6F 74 2F 41 5A 6F 6E 65"), "invalid value in structure 0x69");
    assertRejected(hex("B4 45 00 00 00 CB 00 00 00 01 00 00 00 00"), "Duration nanoseconds 4294967296 do not fit 32 bits");
  }

  @Test
  void invalidUtf8IsRejected() {
    assertRejected(hex("82 C3 28"), "invalid UTF-8 in string at offset 1");     // bad continuation byte
    assertRejected(hex("82 C0 80"), "invalid UTF-8");                         // overlong NUL
    assertRejected(hex("83 E0 80 80"), "invalid UTF-8");                      // overlong 3-byte form
    assertRejected(hex("83 ED A0 80"), "invalid UTF-8");                      // UTF-16 surrogate
    assertRejected(hex("84 F4 90 80 80"), "invalid UTF-8");                   // above U+10FFFF
    assertRejected(hex("81 80"), "invalid UTF-8");                            // lone continuation byte
    assertRejected(hex("82 61 E2"), "invalid UTF-8 in string at offset 2");   // sequence cut by the length
    assertRejected(hex("A1 81 FF 01"), "invalid UTF-8");                      // in a map key
    assertThat(decode(hex("84 F0 9F 98 80"), StructShape.V5)).isEqualTo("\uD83D\uDE00");
    // Direct buffers take another copy path; the offsets must still point into the buffer.
    assertThatThrownBy(() -> decodeDirect(hex("92 01 82 C3 28"), StructShape.V5))
        .isInstanceOf(PackStreamException.class).hasMessage("invalid UTF-8 in string at offset 3");
    byte[] longInvalid = new byte[3 + 5000];
    longInvalid[0] = (byte) 0xD1;
    longInvalid[1] = (byte) (5000 >> 8);
    longInvalid[2] = (byte) (5000 & 0xFF);
    java.util.Arrays.fill(longInvalid, 3, longInvalid.length, (byte) 'a');
    longInvalid[4999] = (byte) 0xFF;
    assertThatThrownBy(() -> decodeDirect(longInvalid, StructShape.V5))
        .isInstanceOf(PackStreamException.class).hasMessage("invalid UTF-8 in string at offset 4999");
  }

  @Test
  void mapKeyThatIsNotAStringIsRejected() {
    assertRejected(hex("A1 01 01"), "map key must be a string, found marker 0x01 (integer) at offset 1");
    assertRejected(hex("A1 C0 01"), "map key must be a string, found marker 0xC0 (null)");
  }

  @Test
  void typedReadOfTheWrongTypeIsRejected() {
    ByteBuf buf = Unpooled.wrappedBuffer(hex("01"));
    PackStreamReader r = new PackStreamReader(buf, StructShape.V5);
    assertThatThrownBy(r::readString).isInstanceOf(PackStreamException.class)
        .hasMessage("expected a string but found marker 0x01 (integer) at offset 0");
    buf.readerIndex(0);
    assertThatThrownBy(r::readStructHeader).hasMessageContaining("expected a structure");
    buf.readerIndex(0);
    assertThatThrownBy(r::readMap).hasMessageContaining("expected a map");
    buf.readerIndex(0);
    assertThatThrownBy(r::readBoolean).hasMessageContaining("expected a boolean");
    buf.readerIndex(0);
    assertThatThrownBy(r::readBytes).hasMessageContaining("expected a byte array");
    buf.readerIndex(0);
    assertThatThrownBy(r::readNull).hasMessageContaining("expected null");
    buf.release();
    ByteBuf empty = Unpooled.buffer(0);
    assertThatThrownBy(() -> new PackStreamReader(empty, StructShape.V5).peekMarker())
        .isInstanceOf(PackStreamException.class).hasMessageContaining("truncated input");
  }

  @Test
  void nestingIsBoundedAtOneThousandLevels() {
    assertThat(decode(nestedLists(1000), StructShape.V5)).isInstanceOf(List.class);
    assertRejected(nestedLists(1001), "nested deeper than 1000 levels");
    // Far deeper input must not overflow the stack, in readValue nor in skipValue.
    byte[] deep = nestedLists(200_000);
    assertRejected(deep, "nested deeper than 1000 levels");
    ByteBuf buf = Unpooled.wrappedBuffer(deep);
    assertThatThrownBy(() -> new PackStreamReader(buf, StructShape.V5).skipValue())
        .isInstanceOf(PackStreamException.class).hasMessageContaining("nested deeper");
    buf.release();
  }

  @Test
  void writerRejectsWhatPackStreamCannotCarry() {
    assertThatThrownBy(() -> encode(new Object(), StructShape.V5)).isInstanceOf(PackStreamException.class)
        .hasMessage("cannot encode a value of Java type java.lang.Object in PackStream");
    assertThatThrownBy(() -> encode(Map.of(1, "x"), StructShape.V5)).isInstanceOf(PackStreamException.class)
        .hasMessageContaining("map keys must be strings, found a java.lang.Integer");
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    assertThatThrownBy(() -> encode(cyclic, StructShape.V5)).isInstanceOf(PackStreamException.class)
        .hasMessageContaining("nested deeper than 1000");
    ByteBuf buf = Unpooled.buffer();
    assertThatThrownBy(() -> new PackStreamWriter(buf, StructShape.V5).writeStructHeader(16, (byte) 0x4E))
        .isInstanceOf(PackStreamException.class).hasMessageContaining("0 to 15 fields");
    buf.release();
  }

  private static byte[] nestedLists(int depth) {
    byte[] bytes = new byte[depth + 1];
    Arrays.fill(bytes, (byte) 0x91);
    bytes[depth] = (byte) 0xC0;
    return bytes;
  }

  private static void assertRejected(byte[] bytes, String message) {
    assertRejected(bytes, StructShape.V5, message);
  }

  private static AbstractThrowableAssert<?, ?> assertRejected(byte[] bytes, StructShape shape, String message) {
    return assertThatThrownBy(() -> decode(bytes, shape))
        .as("decoding %s", hex(bytes))
        .isInstanceOf(PackStreamException.class)
        .hasMessageContaining(message);
  }
}

package io.memgraph.ha.bolt.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.packstream.PackStreamException;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import io.memgraph.ha.bolt.value.BoltDuration;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Point2D;
import io.memgraph.ha.bolt.value.Point3D;
import io.memgraph.ha.bolt.version.BoltVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz targets for what a client's bytes meet first once framed: PackStream values and Bolt request
 * messages. The contract: a decoder returns a value or throws its documented exception
 * ({@link PackStreamException}, {@link InvalidMessageException}), nothing else; and what it
 * returns encodes to bytes that decode and encode to the same bytes again.
 *
 * <p>The first input byte picks what is decoded: its low bit a PackStream value or a request
 * message, the rest of it the structure shape or the Bolt version; the other bytes are the input.
 * Without {@code JAZZER_FUZZ} these replay the committed inputs under
 * {@code src/test/resources/io/memgraph/ha/bolt/fuzz/BoltDecodingFuzzTestInputs/}.
 */
public class BoltDecodingFuzzTest {

  private static final List<StructShape> SHAPES = List.of(StructShape.LEGACY, StructShape.V4_4_UTC, StructShape.V5);

  @FuzzTest
  void decode(byte[] data) {
    if (data.length == 0) {
      return;
    }
    if ((data[0] & 1) == 0) {
      packStreamValue(data);
    } else {
      requestMessage(data);
    }
  }

  private static void packStreamValue(byte[] data) {
    StructShape shape = SHAPES.get((data[0] & 0xFF) / 2 % SHAPES.size());
    Object value;
    try {
      value = new PackStreamReader(Unpooled.wrappedBuffer(data, 1, data.length - 1), shape).readValue();
    } catch (PackStreamException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    // Compared as encodings, since the values may hold byte arrays (equal only by identity).
    ByteBuf once = Unpooled.buffer();
    new PackStreamWriter(once, shape).writeValue(value);
    ByteBuf twice = Unpooled.buffer();
    new PackStreamWriter(twice, shape).writeValue(new PackStreamReader(once.duplicate(), shape).readValue());
    assertThat(ByteBufUtil.getBytes(twice)).as("%s re-encoded", value).isEqualTo(ByteBufUtil.getBytes(once));
  }

  private static void requestMessage(byte[] data) {
    BoltProtocol protocol = BoltProtocols.ALL.get((data[0] & 0xFF) / 2 % BoltProtocols.ALL.size());
    StructShape shape = protocol.structShape(List.of());
    Request request;
    try {
      request = protocol.decodeRequest(new PackStreamReader(Unpooled.wrappedBuffer(data, 1, data.length - 1), shape));
    } catch (InvalidMessageException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    ByteBuf once = Unpooled.buffer();
    protocol.encodeRequest(request, new PackStreamWriter(once, shape));
    ByteBuf twice = Unpooled.buffer();
    protocol.encodeRequest(protocol.decodeRequest(new PackStreamReader(once.duplicate(), shape)),
        new PackStreamWriter(twice, shape));
    assertThat(ByteBufUtil.getBytes(twice)).as("%s re-encoded", request).isEqualTo(ByteBufUtil.getBytes(once));
  }

  /** Typical requests of the Bolt versions the drivers use most, for the seeds. */
  public static List<Request> sampleRequests() {
    return List.of(
        new Request.Hello(Map.of("user_agent", "fuzz/1", "scheme", "basic", "principal", "u", "credentials", "p",
            "routing", Map.of("address", "h:7687"), "bolt_agent", Map.of("product", "fuzz/1"))),
        new Request.Logon(Map.of("scheme", "none")),
        new Request.Run("MATCH (n) WHERE n.x = $x RETURN n", Map.of("x", List.of(1L, "two", 3.5, true)),
            Map.of("bookmarks", List.of("b1"), "tx_timeout", 1000L, "mode", "r", "db", "neo4j")),
        new Request.Pull(1000, -1), new Request.Discard(-1, 7), new Request.Begin(Map.of("tx_metadata", Map.of("k", 1L))),
        new Request.Commit(), new Request.Rollback(), new Request.Reset(), new Request.Telemetry(2),
        new Request.Route(Map.of("address", "h:7687"), List.of("b1"), Map.of("db", "neo4j")), new Request.Goodbye());
  }

  /** The versions the seeds are written in: the newest, the last 4.x, the first. */
  public static final List<BoltVersion> SEED_VERSIONS = List.of(new BoltVersion(5, 4), new BoltVersion(4, 4),
      new BoltVersion(1, 0));

  /** The sample requests that {@code protocol} speaks, by name, each encoded as one message. */
  public static Map<String, byte[]> encodedSampleRequests(BoltProtocol protocol) {
    Map<String, byte[]> out = new java.util.LinkedHashMap<>();
    for (Request request : sampleRequests()) {
      if (protocol.supports(request.getClass())) {
        ByteBuf b = Unpooled.buffer();
        protocol.encodeRequest(request, new PackStreamWriter(b, protocol.structShape(List.of())));
        out.put(request.name(), ByteBufUtil.getBytes(b));
      }
    }
    return out;
  }

  /** Writes seed inputs with the real encoders: requests in Bolt 5.4, 4.4 and 1, and values ({@code -Dfuzz.seeds=write}). */
  @Test
  @EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
  void writeSeeds() throws IOException {
    Path dir = Path.of("src/test/resources/io/memgraph/ha/bolt/fuzz/BoltDecodingFuzzTestInputs/decode");
    Files.createDirectories(dir);
    for (BoltVersion version : SEED_VERSIONS) {
      BoltProtocol protocol = BoltProtocols.forVersion(version).orElseThrow();
      for (Map.Entry<String, byte[]> request : encodedSampleRequests(protocol).entrySet()) {
        byte[] seed = new byte[request.getValue().length + 1];
        seed[0] = (byte) (2 * BoltProtocols.ALL.indexOf(protocol) + 1);
        System.arraycopy(request.getValue(), 0, seed, 1, seed.length - 1);
        Files.write(dir.resolve("seed-" + version + "-" + request.getKey()), seed);
      }
    }
    List<Object> values = List.of(
        Map.of("list", List.of(1L, -200L, 70000L, 1L << 40, 2.5, "text", new byte[] {1, 2}), "nested", Map.of("n", Map.of())),
        LocalDate.of(2024, 2, 29), OffsetTime.of(10, 0, 0, 5, ZoneOffset.ofHours(2)), LocalTime.of(23, 59, 59),
        ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Berlin")), LocalDateTime.of(2000, 1, 1, 0, 0),
        new BoltDuration(1, 2, 3, 4), new Point2D(7203, 1.0, 2.0), new Point3D(9157, 1.0, 2.0, 3.0),
        new Node(1, List.of("Person"), Map.of("name", "Ada"), "1"));
    for (int shape = 0; shape < SHAPES.size(); shape++) {
      for (int i = 0; i < values.size(); i++) {
        ByteBuf b = Unpooled.buffer().writeByte(2 * shape);
        new PackStreamWriter(b, SHAPES.get(shape)).writeValue(values.get(i));
        Files.write(dir.resolve("seed-value-" + shape + "-" + i), ByteBufUtil.getBytes(b));
      }
    }
  }
}

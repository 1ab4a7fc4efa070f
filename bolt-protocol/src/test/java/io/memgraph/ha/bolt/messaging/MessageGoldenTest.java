package io.memgraph.ha.bolt.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message kind, byte for byte, in both directions: decoding the bytes gives the message and
 * encoding the message gives the bytes. The messages follow the examples of the Bolt message
 * specification (message.adoc); the bytes are their PackStream encoding.
 */
class MessageGoldenTest {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  private static String str(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String header = b.length < 16 ? String.format("%02X", 0x80 + b.length) : String.format("D0 %02X", b.length);
    return header + " " + HEX.formatHex(b).toUpperCase();
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static BoltProtocol v(int major, int minor) {
    return BoltProtocols.forVersion(new BoltVersion(major, minor)).orElseThrow();
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("HELLO 5.4", v(5, 4), "B1 01 A2 " + str("user_agent") + " " + str("Example/5.4.0") + " "
            + str("bolt_agent") + " A1 " + str("product") + " " + str("Example/5.4.0"),
            new Request.Hello(map("user_agent", "Example/5.4.0", "bolt_agent", map("product", "Example/5.4.0")))),
        Arguments.of("HELLO 4.4 with routing and utc patch", v(4, 4), "B1 01 A3 " + str("user_agent") + " "
            + str("Example/4.4.0") + " " + str("routing") + " A1 " + str("address") + " " + str("x.example.com:9001")
            + " " + str("patch_bolt") + " 91 " + str("utc"),
            new Request.Hello(map("user_agent", "Example/4.4.0", "routing", map("address", "x.example.com:9001"),
                "patch_bolt", List.of("utc")))),
        Arguments.of("LOGON", v(5, 1), "B1 6A A3 " + str("scheme") + " " + str("basic") + " " + str("principal") + " "
            + str("user") + " " + str("credentials") + " " + str("password"),
            new Request.Logon(map("scheme", "basic", "principal", "user", "credentials", "password"))),
        Arguments.of("LOGOFF", v(5, 1), "B0 6B", new Request.Logoff()),
        Arguments.of("RUN", v(5, 0), "B3 10 " + str("RETURN $x AS x") + " A1 81 78 01 A1 " + str("mode") + " 81 72",
            new Request.Run("RETURN $x AS x", map("x", 1L), map("mode", "r"))),
        Arguments.of("PULL n", v(4, 0), "B1 3F A1 81 6E C9 03 E8", new Request.Pull(1000, -1)),
        Arguments.of("PULL n qid", v(4, 4), "B1 3F A2 81 6E FF 83 71 69 64 02", new Request.Pull(-1, 2)),
        Arguments.of("DISCARD", v(4, 0), "B1 2F A2 81 6E FF 83 71 69 64 01", new Request.Discard(-1, 1)),
        Arguments.of("BEGIN", v(4, 4), "B1 11 A3 " + str("tx_timeout") + " 7B " + str("mode") + " 81 72 "
            + str("db") + " " + str("neo4j"),
            new Request.Begin(map("tx_timeout", 123L, "mode", "r", "db", "neo4j"))),
        Arguments.of("COMMIT", v(3, 0), "B0 12", new Request.Commit()),
        Arguments.of("ROLLBACK", v(3, 0), "B0 13", new Request.Rollback()),
        Arguments.of("RESET", v(5, 4), "B0 0F", new Request.Reset()),
        Arguments.of("GOODBYE", v(3, 0), "B0 02", new Request.Goodbye()),
        Arguments.of("ROUTE 4.4", v(4, 4), "B3 66 A1 " + str("address") + " " + str("localhost:7687") + " 90 A1 "
            + str("db") + " " + str("neo4j"),
            new Request.Route(map("address", "localhost:7687"), List.of(), map("db", "neo4j"))),
        Arguments.of("ROUTE 4.3 bare db", v(4, 3), "B3 66 A1 " + str("address") + " " + str("localhost:7687") + " 91 "
            + str("bm-1") + " C0",
            new Request.Route(map("address", "localhost:7687"), List.of("bm-1"), map())),
        Arguments.of("TELEMETRY", v(5, 4), "B1 54 02", new Request.Telemetry(2)),
        Arguments.of("Bolt 1 INIT", v(1, 0), "B2 01 " + str("MyClient/1.0") + " A3 " + str("scheme") + " "
            + str("basic") + " " + str("principal") + " " + str("neo4j") + " " + str("credentials") + " "
            + str("secret"),
            new Request.Hello(map("scheme", "basic", "principal", "neo4j", "credentials", "secret",
                "user_agent", "MyClient/1.0"))),
        Arguments.of("Bolt 1 RUN", v(1, 0), "B2 10 " + str("RETURN 1 AS num") + " A0",
            new Request.Run("RETURN 1 AS num", map(), map())),
        Arguments.of("Bolt 1 PULL_ALL", v(1, 0), "B0 3F", Request.Pull.ALL),
        Arguments.of("Bolt 1 DISCARD_ALL", v(1, 0), "B0 2F", Request.Discard.ALL),
        Arguments.of("Bolt 1 ACK_FAILURE", v(1, 0), "B0 0E", new Request.AckFailure()),
        Arguments.of("Bolt 3 PULL_ALL", v(3, 0), "B0 3F", Request.Pull.ALL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestBytes(String name, BoltProtocol protocol, String hex, Request request) {
    StructShape shape = protocol.structShape(List.of());
    ByteBuf in = Unpooled.wrappedBuffer(HEX.parseHex(hex));
    assertThat(protocol.decodeRequest(new PackStreamReader(in, shape))).isEqualTo(request);
    ByteBuf out = Unpooled.buffer();
    protocol.encodeRequest(request, new PackStreamWriter(out, shape));
    assertThat(hex(out)).isEqualTo(hex);
  }

  static Stream<Arguments> responses() {
    return Stream.of(
        Arguments.of("SUCCESS", "B1 70 A2 " + str("server") + " " + str("Neo4j/5.4.0") + " " + str("connection_id")
            + " " + str("bolt-123456789"),
            new Response.Success(map("server", "Neo4j/5.4.0", "connection_id", "bolt-123456789"))),
        Arguments.of("SUCCESS fields", "B1 70 A2 " + str("fields") + " 91 " + str("num") + " " + str("t_first") + " 0C",
            new Response.Success(map("fields", List.of("num"), "t_first", 12L))),
        Arguments.of("RECORD", "B1 71 93 01 " + str("x") + " C3", new Response.RecordMessage(List.of(1L, "x", true))),
        Arguments.of("IGNORED", "B0 7E", new Response.Ignored()),
        Arguments.of("FAILURE", "B1 7F A2 " + str("code") + " " + str("Neo.ClientError.Statement.SyntaxError") + " "
            + str("message") + " " + str("Invalid syntax."),
            new Response.Failure("Neo.ClientError.Statement.SyntaxError", "Invalid syntax.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void responseBytes(String name, String hex, Response response) {
    ByteBuf in = Unpooled.wrappedBuffer(HEX.parseHex(hex));
    assertThat(ResponseCodec.read(new PackStreamReader(in, StructShape.V5))).isEqualTo(response);
    ByteBuf out = Unpooled.buffer();
    ResponseCodec.write(response, new PackStreamWriter(out, StructShape.V5));
    assertThat(hex(out)).isEqualTo(hex);
  }

  private static String hex(ByteBuf buf) {
    byte[] b = new byte[buf.readableBytes()];
    buf.readBytes(b);
    return HEX.formatHex(b).toUpperCase();
  }
}

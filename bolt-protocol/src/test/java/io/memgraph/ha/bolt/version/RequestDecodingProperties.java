package io.memgraph.ha.bolt.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.InvalidMessageException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Decoding arbitrary or mutated bytes either yields a request or an {@link InvalidMessageException}, nothing else. */
class RequestDecodingProperties {

  @Property(tries = 2000)
  void randomBytesNeverEscapeAsOtherExceptions(@ForAll @Size(max = 64) byte[] bytes,
      @ForAll @IntRange(min = 0, max = 11) int protocolIndex) {
    decodeOrInvalid(BoltProtocols.ALL.get(protocolIndex), bytes);
  }

  @Property(tries = 2000)
  void mutatedValidMessagesNeverEscapeAsOtherExceptions(@ForAll("messages") Request request,
      @ForAll @IntRange(min = 0, max = 200) int position, @ForAll byte value) {
    BoltProtocol protocol = BoltProtocols.forVersion(new BoltVersion(5, 4)).orElseThrow();
    ByteBuf buf = Unpooled.buffer();
    protocol.encodeRequest(request, new PackStreamWriter(buf, protocol.structShape(List.of())));
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    assertThat(decodeOrInvalid(protocol, bytes)).isEqualTo(request);
    if (bytes.length > 0) {
      bytes[position % bytes.length] = value;
      decodeOrInvalid(protocol, bytes);
    }
  }

  @Provide
  Arbitrary<Request> messages() {
    return Arbitraries.of(
        new Request.Hello(Map.of("user_agent", "a/1", "bolt_agent", Map.of("product", "a/1"))),
        new Request.Run("RETURN $x", Map.of("x", List.of(1L, "two", 3.0)), Map.of("bookmarks", List.of("b1"))),
        new Request.Pull(100, 3), new Request.Discard(-1, -1), new Request.Begin(Map.of("db", "neo4j")),
        new Request.Route(Map.of("address", "h:1"), List.of("b"), Map.of("db", "x")),
        new Request.Logon(Map.of("scheme", "basic", "principal", "p", "credentials", "c")),
        new Request.Telemetry(3), new Request.Reset(), new Request.Commit());
  }

  private static Request decodeOrInvalid(BoltProtocol protocol, byte[] bytes) {
    try {
      return protocol.decodeRequest(new PackStreamReader(Unpooled.wrappedBuffer(bytes), protocol.structShape(List.of())));
    } catch (InvalidMessageException e) {
      assertThat(e.getMessage()).isNotBlank();
      return null;
    }
  }
}

package io.memgraph.ha.bolt.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Golden bytes of the handshake (handshake.adoc) against the server's version list. */
class ServerHandshakeDecoderTest {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
  private final List<BoltVersion> negotiated = new ArrayList<>();

  private EmbeddedChannel channel() {
    return new EmbeddedChannel(new ServerHandshakeDecoder(BoltProtocols.VERSIONS, Duration.ofSeconds(30),
        (ctx, v) -> negotiated.add(v)));
  }

  private static String hex(ByteBuf buf) {
    byte[] b = new byte[buf.readableBytes()];
    buf.readBytes(b);
    buf.release();
    return HEX.formatHex(b).toUpperCase();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // name | client bytes after the magic | server answer
      "spec example: 4.4 exact, then 4.0, 3 | 00 00 04 04 00 00 00 04 00 00 00 03 00 00 00 00 | 00 00 04 04",
      "range 5.4..5.2, range 4.4..4.2, 3 | 00 02 04 05 00 02 04 04 00 00 00 03 00 00 00 00 | 00 00 04 05",
      "Java driver 5.28 without its manifest slot: 5.8..5.0 | 00 08 08 05 00 02 04 04 00 00 00 03 00 00 00 00 | 00 00 08 05",
      "Java driver 5.26: 5.7..5.0 | 00 07 07 05 00 02 04 04 00 00 01 04 00 00 00 03 | 00 00 07 05",
      "5.6 exact | 00 00 06 05 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 06 05",
      "5.5 alone is never negotiated | 00 00 05 05 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00",
      "Java driver 4.4: 4.4..4.2, 4.1, 4.0, 3 | 00 02 04 04 00 00 01 04 00 00 00 04 00 00 00 03 | 00 00 04 04",
      "highest common wins over client order | 00 00 00 01 00 00 03 05 00 00 00 00 00 00 00 00 | 00 00 03 05",
      "Memgraph-era client: 4.3, 4.1, 1 | 00 00 03 04 00 00 01 04 00 00 00 01 00 00 00 00 | 00 00 03 04",
      "Bolt 1 only | 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 01",
      "5.5 is never negotiated, falls to 4.4 | 00 00 05 05 00 00 04 04 00 00 00 00 00 00 00 00 | 00 00 04 04",
      "range beyond known minors | 00 00 09 05 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00",
      "range reaching down to a known minor | 00 03 0B 05 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 08 05",
      "unknown slots only | 00 00 02 FF 01 00 04 05 00 00 00 02 00 00 00 00 | 00 00 00 00"})
  void negotiates(String name, String slots, String answer) {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("60 60 B0 17 " + slots)));
    assertThat(hex(ch.readOutbound())).isEqualTo(answer);
    if (answer.equals("00 00 00 00")) {
      assertThat(ch.isOpen()).isFalse();
      assertThat(negotiated).isEmpty();
    } else {
      assertThat(ch.isOpen()).isTrue();
      assertThat(negotiated).hasSize(1);
      assertThat(negotiated.get(0).encode()).isEqualTo(Integer.parseUnsignedInt(answer.replace(" ", ""), 16));
      assertThat(ch.pipeline().get(ServerHandshakeDecoder.class)).isNull();
    }
    ch.finishAndReleaseAll();
  }

  /** What this server answers a manifest v1 offer: its versions as five ranges, no capabilities. */
  private static final String MANIFEST =
      "00 00 01 FF 05 00 02 08 05 00 04 04 05 00 04 04 04 00 00 00 03 00 00 00 01 00";

  @Test
  void aManifestOfferGetsTheManifestAndTheClientsChoiceInstallsThatVersion() {
    EmbeddedChannel ch = channel();
    // Java driver 5.28 / 6.0: manifest, 5.8..5.0, 4.4..4.2, 3.0
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex(
        "60 60 B0 17 00 00 01 FF 00 08 08 05 00 02 04 04 00 00 00 03")));
    assertThat(hex(ch.readOutbound())).isEqualTo(MANIFEST);
    assertThat(negotiated).isEmpty();
    // the choice arrives in pieces: the version, then a two-byte capabilities VarInt and a pipelined chunk
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("00 00 08")));
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("05 80")));
    assertThat(negotiated).isEmpty();
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("01 00 02 B0 0F 00 00")));
    assertThat(negotiated).containsExactly(new BoltVersion(5, 8));
    assertThat(ch.pipeline().get(ServerHandshakeDecoder.class)).isNull();
    assertThat(hex(ch.readInbound())).isEqualTo("00 02 B0 0F 00 00");
    assertThat(ch.<Object>readOutbound()).as("nothing more is written for the choice").isNull();
    ch.finishAndReleaseAll();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a version not offered (5.5) | 00 00 05 05 00",
      "a range instead of one version | 00 02 08 05 00",
      "a capabilities VarInt of 10 continuation bytes | 00 00 08 05 80 80 80 80 80 80 80 80 80 80 01"})
  void aBadAnswerToTheManifestCloses(String name, String answer) {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("60 60 B0 17 00 00 01 FF 00 08 08 05 00 00 00 00 00 00 00 00")));
    assertThat(hex(ch.readOutbound())).isEqualTo(MANIFEST);
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex(answer)));
    assertThat(ch.isOpen()).isFalse();
    assertThat(negotiated).isEmpty();
  }

  @Test
  void versionsGroupIntoRangesOfConsecutiveMinors() {
    assertThat(ServerHandshakeDecoder.ranges(BoltProtocols.VERSIONS))
        .extracting(r -> r[0] + "." + r[1] + ".." + r[0] + "." + r[2])
        .containsExactly("5.8..5.6", "5.4..5.0", "4.4..4.0", "3.0..3.0", "1.0..1.0");
  }

  @Test
  void handshakeSplitAcrossReadsAndPipelinedBytesFlowOn() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("60 60 B0")));
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("17 00 00 04 05 00 00")));
    assertThat(ch.<Object>readOutbound()).isNull();
    // rest of the slots, plus a pipelined chunk of the first message
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("00 00 00 00 00 00 00 00 00 00 00 02 B0 0F 00 00")));
    assertThat(hex(ch.readOutbound())).isEqualTo("00 00 04 05");
    ByteBuf leftover = ch.readInbound();
    assertThat(hex(leftover)).isEqualTo("00 02 B0 0F 00 00");
    ch.finishAndReleaseAll();
  }

  @Test
  void wrongMagicClosesAfterFourBytes() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("47 45 54 20")));
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.<Object>readOutbound()).isNull();
    ch.finishAndReleaseAll();
  }

  /** With WebSocket on, an HTTP request hands the connection to the HTTP stage; the Bolt magic does not. */
  @Test
  void anHttpRequestSwitchesToTheWebSocketUpgradeOnlyWhenAllowed() {
    EmbeddedChannel ws = new EmbeddedChannel(new ServerHandshakeDecoder(BoltProtocols.VERSIONS, Duration.ofSeconds(30),
        1024, (ctx, v) -> negotiated.add(v)));
    ws.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(ws.pipeline().names()).containsSubsequence("http", "http-aggregator", "ws-upgrade", "bolt-handshake");
    ws.writeInbound(Unpooled.wrappedBuffer("Host: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    ByteBuf answer = ws.readOutbound();
    assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400 ");
    answer.release();
    ws.finishAndReleaseAll();

    EmbeddedChannel bolt = new EmbeddedChannel(new ServerHandshakeDecoder(BoltProtocols.VERSIONS, Duration.ofSeconds(30),
        1024, (ctx, v) -> negotiated.add(v)));
    bolt.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("60 60 B0 17 00 00 04 04 00 00 00 00 00 00 00 00 00 00 00 00")));
    assertThat(hex(bolt.readOutbound())).isEqualTo("00 00 04 04");
    assertThat(bolt.pipeline().names()).doesNotContain("http", "ws-upgrade");
    bolt.finishAndReleaseAll();
  }

  @Test
  void silentClientIsClosedAfterTheHandshakeTimeout() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("60 60 B0 17 00 00")));
    ch.advanceTimeBy(29, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    ch.finishAndReleaseAll();
  }

  @Test
  void completedHandshakeCancelsTheTimeout() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("60 60 B0 17 00 00 04 05 00 00 00 00 00 00 00 00 00 00 00 00")));
    ch.advanceTimeBy(60, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.finishAndReleaseAll();
  }
}

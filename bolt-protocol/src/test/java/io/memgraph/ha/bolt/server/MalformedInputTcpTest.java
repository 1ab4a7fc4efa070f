package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.client.BoltClientException;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.testing.LogCapture;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.transport.ServerHandshakeDecoder;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on one connection over real TCP while a healthy connection keeps running queries:
 * the bad connection gets a FAILURE {@code Neo.ClientError.Request.Invalid} (and survives RESET)
 * or is closed where the stream cannot be trusted; the problem is logged once at WARN with the
 * client's address.
 */
class MalformedInputTcpTest {

  private static final int MAX_MESSAGE_SIZE = 4096;
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  private final ScriptedBackend backend = new ScriptedBackend()
      .result("RETURN 1", List.of("1"), List.of(List.of(1L)));
  private BoltServer server;
  private int port;
  private BoltClientConnection healthy;
  private LogCapture logs;

  @BeforeEach
  void start() {
    server = BoltServer.builder(backend).host("127.0.0.1").port(0).maxMessageSize(MAX_MESSAGE_SIZE).build();
    port = server.start();
    healthy = ready();
    assertQueryWorks(healthy);
    logs = new LogCapture(BoltStateMachine.class, ServerHandshakeDecoder.class);
  }

  @AfterEach
  void stop() {
    logs.close();
    healthy.close();
    server.close();
  }

  private BoltClientConnection ready() {
    BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(5));
    assertThat(c.handshake(new BoltVersion(5, 4))).isEqualTo(new BoltVersion(5, 4));
    assertThat(c.hello(BoltClientConnection.helloExtra("bad/1", Map.of()))).isInstanceOf(Response.Success.class);
    assertThat(c.logon(Map.of("scheme", "none"))).isInstanceOf(Response.Success.class);
    return c;
  }

  private static void assertQueryWorks(BoltClientConnection c) {
    assertThat(c.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
    List<Response> rows = c.pull(-1, -1);
    assertThat(rows).hasSize(2);
    assertThat(((Response.RecordMessage) rows.get(0)).values()).containsExactly(1L);
  }

  private void assertLoggedOnce(BoltClientConnection bad, String fragment) {
    List<String> warnings = logs.messages(Level.WARN);
    assertThat(warnings).filteredOn(m -> m.contains(fragment)).hasSize(1);
    assertThat(warnings.stream().filter(m -> m.contains(fragment)).findFirst().orElseThrow()).contains("127.0.0.1");
  }

  static Stream<Arguments> recoverableMessages() {
    return Stream.of(
        Arguments.of("malformed marker", "B3 10 C4 A0 A0", "is malformed"),
        Arguments.of("truncated value", "B3 10 85 52 45 54", "is malformed"),
        Arguments.of("unknown signature", "B0 55", "unknown message signature 0x55"),
        Arguments.of("wrong field count", "B2 10 81 31 A0", "RUN has 3 field(s) in Bolt 5.4, got 2"),
        Arguments.of("not a structure", "01", "must be a structure"),
        Arguments.of("trailing bytes", "B0 12 C0", "unexpected byte(s) after the COMMIT"),
        Arguments.of("illegal in state", "B1 3F A1 81 6E FF", "PULL cannot be handled in state READY"),
        Arguments.of("PULL n zero", "B1 3F A1 81 6E 00", "'n' must be -1 (all) or positive"),
        Arguments.of("wrong field type", "B3 10 81 31 A0 A1 89 62 6F 6F 6B 6D 61 72 6B 73 01",
            "'bookmarks' must be a list of strings"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recoverableMessages")
  void invalidMessageFailsAndConnectionRecovers(String name, String hex, String expected) {
    try (BoltClientConnection bad = ready()) {
      bad.sendChunked(HEX.parseHex(hex));
      Response r = bad.receive();
      assertThat(r).isInstanceOf(Response.Failure.class);
      assertThat(((Response.Failure) r).code()).isEqualTo("Neo.ClientError.Request.Invalid");
      assertThat(((Response.Failure) r).message()).contains(expected);
      // FAILED: ignored until RESET, then usable again
      assertThat(bad.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Ignored.class);
      assertThat(bad.reset()).isInstanceOf(Response.Success.class);
      assertQueryWorks(bad);
      assertQueryWorks(healthy);
      assertLoggedOnce(bad, expected);
    }
  }

  @Test
  void messageLargerThanMaximumIsRefusedBeforeItArrives() {
    try (BoltClientConnection bad = ready()) {
      // one chunk header announcing 65535 bytes, none of which is sent: the server must not wait for them
      bad.sendRaw(HEX.parseHex("FF FF 00 01 02"));
      Response r = bad.receive();
      assertThat(((Response.Failure) r).message()).contains("larger than the maximum of 4096 bytes");
      assertThat(bad.awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertQueryWorks(healthy);
      assertLoggedOnce(bad, "larger than the maximum");
    }
  }

  @Test
  void chunksSummingBeyondTheMaximumAreRefused() {
    try (BoltClientConnection bad = ready()) {
      byte[] chunk = new byte[2 + 3000];
      chunk[0] = (byte) (3000 >> 8);
      chunk[1] = (byte) (3000 & 0xFF);
      bad.sendRaw(chunk);
      bad.sendRaw(chunk);
      Response r = bad.receive();
      assertThat(((Response.Failure) r).message()).contains("larger than the maximum");
      assertThat(bad.awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertQueryWorks(healthy);
    }
  }

  @Test
  void truncatedChunkThenDisconnectReleasesTheConnection() throws Exception {
    int before = server.openConnections();
    try (BoltClientConnection bad = ready()) {
      assertThat(server.openConnections()).isEqualTo(before + 1);
      bad.sendRaw(HEX.parseHex("00 64 B3 10 85"));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while ((server.openConnections() > before || !backend.calls().contains("close"))
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.openConnections()).isEqualTo(before);
    assertThat(backend.calls()).contains("close");
    assertQueryWorks(healthy);
  }

  @Test
  void messageBeforeHelloFailsAndCloses() {
    try (BoltClientConnection bad = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(5))) {
      bad.handshake(new BoltVersion(5, 4));
      Response r = bad.run("RETURN 1", Map.of(), Map.of());
      assertThat(((Response.Failure) r).message()).contains("RUN is not allowed before HELLO");
      assertThat(bad.awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertQueryWorks(healthy);
    }
  }

  /** Here a TLS ClientHello on the plain port; an HTTP request is Bolt over WebSocket's (BoltOverWebSocketTest). */
  @Test
  void wrongMagicIsClosedWithoutAnswer() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(HEX.parseHex("16 03 01 00 C8 01 00 00 C4 03 03 00 00 00 00 00 00 00 00 00"));
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertQueryWorks(healthy);
    assertThat(logs.messages(Level.WARN)).filteredOn(m -> m.contains("wrong handshake magic")).hasSize(1);
  }

  @Test
  void noCommonVersionAnswersZeroAndCloses() {
    try (BoltClientConnection bad = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(5))) {
      // 5.5 is never negotiated, 2.0 never existed, and an unknown manifest version (v2) is skipped
      assertThat(bad.sendHandshake(new BoltVersion(5, 5).encode(), new BoltVersion(2, 0).encode(), 0x000002FF))
          .isZero();
      assertThat(bad.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }
    assertQueryWorks(healthy);
  }

  @Test
  void failedAuthenticationClosesTheConnection() {
    try (BoltClientConnection bad = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(5))) {
      bad.handshake(new BoltVersion(5, 4));
      bad.hello(BoltClientConnection.helloExtra("bad/1", Map.of()));
      Response r = bad.logon(Map.of("scheme", "basic", "principal", "u", "credentials", "wrong"));
      assertThat(((Response.Failure) r).code()).isEqualTo("Neo.ClientError.Security.Unauthorized");
      assertThat(bad.awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertThatThrownBy(bad::receive).isInstanceOf(BoltClientException.class).hasMessageContaining("closed");
    }
    assertQueryWorks(healthy);
  }
}

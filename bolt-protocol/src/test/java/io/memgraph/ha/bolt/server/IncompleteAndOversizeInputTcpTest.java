package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.testing.LogCapture;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.transport.ChunkDecoder;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real TCP: a message that starts and never finishes is cut off by the read timeout (long
 * before the session inactivity timeout) with a WARN, while a slow client that keeps sending is
 * not; a message over the size limit is answered with a FAILURE saying so before the connection
 * closes, also while the client is still sending it.
 */
class IncompleteAndOversizeInputTcpTest {

  private static final int MAX_MESSAGE_SIZE = 4096;
  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
  /** RUN "RETURN 1" {} {} (Bolt 5.4), chunked, with its end marker. */
  private static final byte[] RUN_RETURN_1 = HEX.parseHex("00 0D B3 10 88 52 45 54 55 52 4E 20 31 A0 A0 00 00");

  private final ScriptedBackend backend = new ScriptedBackend()
      .result("RETURN 1", List.of("1"), List.of(List.of(1L)));
  private BoltServer server;
  private int port;
  private LogCapture logs;

  @BeforeEach
  void start() {
    server = BoltServer.builder(backend).host("127.0.0.1").port(0).maxMessageSize(MAX_MESSAGE_SIZE)
        .readTimeout(READ_TIMEOUT).sessionInactivityTimeout(Duration.ofSeconds(60)).build();
    port = server.start();
    logs = new LogCapture(ChunkDecoder.class, BoltStateMachine.class, BoltConnection.class);
  }

  @AfterEach
  void stop() {
    logs.close();
    server.close();
  }

  private BoltClientConnection ready() {
    BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(10));
    assertThat(c.handshake(new BoltVersion(5, 4))).isEqualTo(new BoltVersion(5, 4));
    assertThat(c.hello(BoltClientConnection.helloExtra("input/1", Map.of()))).isInstanceOf(Response.Success.class);
    assertThat(c.logon(Map.of("scheme", "none"))).isInstanceOf(Response.Success.class);
    return c;
  }

  private static void assertQueryWorks(BoltClientConnection c) {
    assertThat(c.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
    List<Response> rows = c.pull(-1, -1);
    assertThat(rows).hasSize(2);
    assertThat(((Response.RecordMessage) rows.get(0)).values()).containsExactly(1L);
  }

  @Test
  void chunkHeaderWhoseBytesNeverComeIsClosedAfterTheReadTimeout() {
    try (BoltClientConnection healthy = ready(); BoltClientConnection bad = ready()) {
      long start = System.nanoTime();
      // a chunk of 100 bytes is announced, three arrive
      bad.sendRaw(HEX.parseHex("00 64 B3 10 85"));
      assertThat(bad.awaitClosed(Duration.ofSeconds(10))).isTrue();
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(elapsedMillis).isBetween(READ_TIMEOUT.toMillis() - 50, 5_000L);
      assertThat(logs.messages(Level.WARN)).filteredOn(m -> m.contains("read timeout")).singleElement()
          .satisfies(m -> assertThat(m).contains("127.0.0.1").contains("5 bytes")); // header included
      assertQueryWorks(healthy);
    }
  }

  @Test
  void messageWithoutItsEndMarkerIsClosedAfterTheReadTimeout() {
    try (BoltClientConnection healthy = ready(); BoltClientConnection bad = ready()) {
      bad.sendRaw(HEX.parseHex("00 0D B3 10 88 52 45 54 55 52 4E 20 31 A0 A0")); // a whole chunk, no 00 00
      assertThat(bad.awaitClosed(Duration.ofSeconds(10))).isTrue();
      assertThat(logs.messages(Level.WARN)).filteredOn(m -> m.contains("read timeout")).hasSize(1);
      assertQueryWorks(healthy);
    }
  }

  @Test
  void slowClientThatKeepsSendingIsNotCut() throws InterruptedException {
    try (BoltClientConnection slow = ready()) {
      // 17 bytes, one every 150 ms: the message takes 2.5 s, five read timeouts, but never stalls
      for (byte b : RUN_RETURN_1) {
        slow.sendRaw(new byte[] {b});
        Thread.sleep(150);
      }
      assertThat(slow.receive()).isInstanceOf(Response.Success.class);
      List<Response> rows = slow.pull(-1, -1);
      assertThat(((Response.RecordMessage) rows.get(0)).values()).containsExactly(1L);
      // and a connection idle between messages is not a message in progress
      Thread.sleep(3 * READ_TIMEOUT.toMillis());
      assertQueryWorks(slow);
      assertThat(logs.messages(Level.WARN)).noneMatch(m -> m.contains("read timeout"));
    }
  }

  @Test
  void oversizeMessageStillBeingSentGetsAFailureBeforeTheClose() {
    try (BoltClientConnection healthy = ready(); BoltClientConnection bad = ready()) {
      // 1 MiB in 16 chunks of 65,535 bytes: the client is still writing when the server refuses
      byte[] big = new byte[16 * (2 + 65_535)];
      for (int k = 0; k < 16; k++) {
        big[k * (2 + 65_535)] = (byte) 0xFF;
        big[k * (2 + 65_535) + 1] = (byte) 0xFF;
      }
      bad.sendRaw(big);
      Response r = bad.receive();
      assertThat(r).isInstanceOf(Response.Failure.class);
      assertThat(((Response.Failure) r).code()).isEqualTo("Neo.ClientError.Request.Invalid");
      assertThat(((Response.Failure) r).message()).contains("larger than the maximum of 4096 bytes");
      assertThat(bad.awaitClosed(Duration.ofSeconds(10))).isTrue();
      assertQueryWorks(healthy);
    }
  }

  @Test
  void refusedClientCanFinishSendingAndReadTheFailureWithoutAReset() throws InterruptedException {
    try (RawBoltSocket raw = RawBoltSocket.connect(port)) {
      assertThat(raw.read()).isInstanceOf(Response.Success.class); // HELLO
      byte[] chunk = new byte[2 + 4000];
      chunk[0] = (byte) (4000 >> 8);
      chunk[1] = (byte) (4000 & 0xFF);
      raw.writeRaw(chunk);
      raw.writeRaw(chunk); // 8,000 bytes announced: refused
      Response r = raw.read();
      assertThat(r).isInstanceOf(Response.Failure.class);
      assertThat(((Response.Failure) r).message()).contains("larger than the maximum");
      // the rest of the refused message still goes out: the server reads and drops it rather
      // than resetting the connection under a client that has not finished writing
      assertThatCode(() -> {
        for (int k = 0; k < 20; k++) {
          raw.writeRaw(chunk);
          Thread.sleep(25);
        }
      }).doesNotThrowAnyException();
      assertThat(raw.drainUntilClosed()).isTrue(); // FIN after the FAILURE
    }
  }
}

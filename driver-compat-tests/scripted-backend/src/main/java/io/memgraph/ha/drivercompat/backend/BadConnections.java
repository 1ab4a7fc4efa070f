package io.memgraph.ha.drivercompat.backend;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.client.BoltClientException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Connections to 127.0.0.1 that break the Bolt protocol on purpose, for tests of how a server (or a
 * proxy) treats bad input. Each opens its own connection, misbehaves once, then collects whatever
 * comes back until the peer closes the connection or {@code wait} passes.
 */
public final class BadConnections {

  /** The user agent of these connections, as their HELLO announces it. */
  public static final String USER_AGENT = "bad-connection/1.0";

  /**
   * What a bad connection saw.
   *
   * @param responses the messages received after the misbehaviour, in order (none when the peer
   *     closed without a word)
   * @param closed whether the peer closed the connection within the wait
   */
  public record Outcome(List<Response> responses, boolean closed) {}

  private BadConnections() {}

  /** Sends the start of an HTTP request where the 20-byte Bolt handshake belongs. */
  public static Outcome garbageInsteadOfHandshake(int port, Duration wait) {
    try (BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, wait)) {
      c.sendRaw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return outcome(c, wait, false);
    }
  }

  /**
   * Handshakes (Bolt 5.4 or 4.4), then sends a HELLO of at least {@code size} bytes (a long user
   * agent), correctly chunked: a message larger than the peer's limit.
   */
  public static Outcome oversizedMessage(int port, int size, Duration wait) {
    try (BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, wait)) {
      c.handshake(new BoltVersion(5, 4), new BoltVersion(4, 4));
      c.send(new Request.Hello(Map.of("user_agent", "x".repeat(size), "scheme", "none")));
      return outcome(c, wait, true);
    }
  }

  /**
   * Handshakes (Bolt 5.4), logs in with {@code user}/{@code password} (HELLO, LOGON), then sends a
   * correctly chunked message with signature 0x7F, which no Bolt version defines.
   */
  public static Outcome unknownSignatureAfterLogin(int port, String user, String password, Duration wait) {
    try (BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, wait)) {
      c.handshake(new BoltVersion(5, 4));
      expectSuccess(c.hello(BoltClientConnection.helloExtra(USER_AGENT, Map.of())), "HELLO");
      expectSuccess(c.logon(Map.of("scheme", "basic", "principal", user, "credentials", password)), "LOGON");
      c.sendChunked(new byte[] {(byte) 0xB0, 0x7F}); // a structure with no fields, signature 0x7F
      return outcome(c, wait, true);
    }
  }

  private static void expectSuccess(Response r, String what) {
    if (!(r instanceof Response.Success)) {
      throw new AssertionError(what + " was answered with " + r + ", not SUCCESS");
    }
  }

  /** Reads responses until the connection closes or {@code wait} passes without one. */
  private static Outcome outcome(BoltClientConnection c, Duration wait, boolean decodes) {
    List<Response> responses = new ArrayList<>();
    if (decodes) {
      try {
        while (true) {
          responses.add(c.receive());
        }
      } catch (BoltClientException closedOrQuiet) {
        // closed, or nothing more within the connection's timeout (= wait)
      }
    }
    return new Outcome(List.copyOf(responses), c.awaitClosed(wait));
  }
}

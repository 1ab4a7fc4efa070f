package io.memgraph.ha.drivercompat.backend;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.client.BoltClientException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.transport.Chunking;
import io.memgraph.ha.bolt.version.BoltProtocol;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

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

  /**
   * Handshakes (Bolt 5.4) and says HELLO over a plain socket, then writes RUN messages of about
   * 60 KB (read mode) as fast as the peer takes them, never reading an answer, up to {@code cap}
   * bytes. Returns how many bytes the peer had taken after each of {@code seconds} seconds. A peer
   * that passes them on to a server that reads nothing must stop taking them once the buffers on
   * the way are full; one that keeps taking them holds them all in memory.
   */
  public static List<Long> flood(int port, int seconds, long cap) throws IOException, InterruptedException {
    BoltProtocol bolt54 = BoltProtocols.forVersion(new BoltVersion(5, 4)).orElseThrow();
    List<Long> taken = new ArrayList<>();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      out.write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 0, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      in.readFully(new byte[4]);
      out.write(chunked(bolt54, new Request.Hello(BoltClientConnection.helloExtra(USER_AGENT, Map.of()))));
      for (int size = in.readUnsignedShort(); size != 0; size = in.readUnsignedShort()) {
        in.readFully(new byte[size]); // the answer to HELLO
      }
      byte[] run = chunked(bolt54, new Request.Run("RETURN $x", Map.of("x", "x".repeat(60_000)), Map.of("mode", "r")));
      AtomicLong written = new AtomicLong();
      Thread writer = new Thread(() -> {
        try {
          while (written.get() + run.length <= cap) {
            out.write(run); // blocks while the peer takes nothing
            written.addAndGet(run.length);
          }
        } catch (IOException closed) {
          // the socket was closed below, or by the peer
        }
      }, "flood-writer");
      writer.setDaemon(true);
      writer.start();
      for (int i = 0; i < seconds; i++) {
        Thread.sleep(1000);
        taken.add(written.get());
      }
      s.close(); // unblocks the writer
      writer.join(5_000);
    }
    return taken;
  }

  private static byte[] chunked(BoltProtocol protocol, Request request) {
    ByteBuf body = Unpooled.buffer();
    ByteBuf out = Unpooled.buffer();
    try {
      protocol.encodeRequest(request, new PackStreamWriter(body, protocol.structShape(List.of())));
      Chunking.writeChunked(body, out);
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      return bytes;
    } finally {
      body.release();
      out.release();
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

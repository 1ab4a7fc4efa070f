package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.client.ClientMessageCodec;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.HandshakeProposal;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * A blocking Bolt 4.4 client on a plain socket, for tests that must control exactly when (and
 * whether) the client reads: a stalled reader, an abrupt reset mid-stream.
 */
final class RawBoltSocket implements AutoCloseable {

  private static final ClientMessageCodec CODEC =
      ClientMessageCodec.of(BoltProtocols.forVersion(new BoltVersion(4, 4)).orElseThrow());

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawBoltSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects with a small receive buffer (so that a client that stops reading fills up quickly),
   * negotiates Bolt 4.4 and sends HELLO, without reading the HELLO answer.
   */
  static RawBoltSocket connect(int port) {
    try {
      Socket s = new Socket();
      s.setReceiveBufferSize(16 * 1024);
      s.setSoTimeout(10_000);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      RawBoltSocket raw = new RawBoltSocket(s);
      ByteBuf hs = Unpooled.buffer(20).writeInt(HandshakeProposal.MAGIC).writeInt(new BoltVersion(4, 4).encode())
          .writeInt(0).writeInt(0).writeInt(0);
      raw.write(hs);
      int answer = raw.in.readInt();
      if (answer != new BoltVersion(4, 4).encode()) {
        throw new IllegalStateException("server chose " + Integer.toHexString(answer));
      }
      raw.send(new Request.Hello(Map.of("user_agent", "raw/1", "scheme", "none")));
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends requests pipelined. */
  void send(Request... requests) {
    ByteBuf buf = Unpooled.buffer();
    for (Request r : requests) {
      CODEC.encode(r, ByteBufAllocator.DEFAULT, buf);
    }
    write(buf);
  }

  private void write(ByteBuf buf) {
    try {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      buf.release();
    }
  }

  /** Writes {@code bytes} as they are (no chunking), flushed. */
  void writeRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one whole response. */
  Response read() {
    try {
      ByteBuf body = Unpooled.buffer();
      try {
        int size;
        while ((size = in.readUnsignedShort()) != 0) {
          byte[] chunk = new byte[size];
          in.readFully(chunk);
          body.writeBytes(chunk);
        }
        return CODEC.decode(body);
      } finally {
        body.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads responses up to and including the next one that is not a RECORD; returns that one. */
  Response readUntilSummary() {
    Response r;
    do {
      r = read();
    } while (r instanceof Response.RecordMessage);
    return r;
  }

  /** Reads and drops {@code n} bytes. */
  void skip(int n) {
    try {
      in.readNBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the server closed the connection: reads (and drops) everything until end of stream. */
  boolean drainUntilClosed() {
    try {
      byte[] buf = new byte[64 * 1024];
      while (in.read(buf) >= 0) {
        // dropping what the server had sent before it closed
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  /** The client's address as the server sees it, e.g. {@code /127.0.0.1:51234}. */
  String localAddress() {
    return socket.getLocalSocketAddress().toString();
  }

  /** Closes with a TCP reset instead of an orderly shutdown, as a crashed client would. */
  void abort() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

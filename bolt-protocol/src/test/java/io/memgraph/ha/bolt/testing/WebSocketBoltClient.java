package io.memgraph.ha.bolt.testing;

import io.memgraph.ha.bolt.client.ClientMessageCodec;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import io.memgraph.ha.bolt.version.HandshakeProposal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A Bolt client over the JDK's own WebSocket client ({@link HttpClient#newWebSocketBuilder()}), as
 * a browser's driver speaks it: the Bolt handshake and chunks inside binary frames. How the bytes
 * are cut into frames is up to the test: {@link #frameSize(int)} sends at most that many bytes per
 * frame, {@link #fragmented(boolean)} as the continuation frames of one message instead of as
 * separate messages. What the server sends is read as one byte stream, whatever its frames.
 */
public final class WebSocketBoltClient implements AutoCloseable {

  /** How a connection ended: a close frame (its status and reason) or an error (status -1). */
  public record Closed(int status, String reason) {
    /** Whether the connection ended without a close frame (1006 is the status the JDK reports then). */
    public boolean withoutCloseFrame() {
      return status == 1006 || status == -1;
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final WebSocket ws;
  private final Listener listener;
  private ClientMessageCodec codec;
  private int frameSize = Integer.MAX_VALUE;
  private boolean fragmented;

  private WebSocketBoltClient(WebSocket ws, Listener listener) {
    this.ws = ws;
    this.listener = listener;
  }

  /** Opens the WebSocket (the HTTP upgrade); {@code tls} for {@code wss://}, null for {@code ws://}. */
  public static WebSocketBoltClient connect(URI uri, SSLContext tls) throws Exception {
    return connect(uri, tls, null);
  }

  /**
   * As {@link #connect(URI, SSLContext)}, sending {@code origin} as the {@code Origin} header, as a
   * browser does for the page that opens the WebSocket (null: none, as a client that is not a browser).
   */
  public static WebSocketBoltClient connect(URI uri, SSLContext tls, String origin) throws Exception {
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (tls != null) {
      http.sslContext(tls);
    }
    Listener listener = new Listener();
    WebSocket.Builder builder = http.build().newWebSocketBuilder().connectTimeout(TIMEOUT);
    if (origin != null) {
      builder.header("Origin", origin);
    }
    WebSocket ws = builder.buildAsync(uri, listener).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return new WebSocketBoltClient(ws, listener);
  }

  /**
   * The HTTP request of a WebSocket upgrade as a browser sends it for a page of {@code origin}, to
   * write on a plain socket (the answer's status line tells what the server made of it).
   */
  public static String browserUpgrade(String origin) {
    return "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n";
  }

  /** Sends at most {@code bytes} bytes per frame from now on. */
  public WebSocketBoltClient frameSize(int bytes) {
    this.frameSize = bytes;
    return this;
  }

  /** Whether the frames of one send are the fragments (continuation frames) of one WebSocket message. */
  public WebSocketBoltClient fragmented(boolean fragmented) {
    this.fragmented = fragmented;
    return this;
  }

  /** The Bolt handshake for {@code versions} (or ranges, as slots); returns the server's answer. */
  public BoltVersion handshake(int... slots) throws Exception {
    ByteBuf hs = Unpooled.buffer(20).writeInt(HandshakeProposal.MAGIC);
    for (int i = 0; i < 4; i++) {
      hs.writeInt(i < slots.length ? slots[i] : 0);
    }
    sendBytes(bytes(hs));
    int answer = ByteBuffer.wrap(listener.read(4)).getInt();
    if (answer == 0) {
      return null;
    }
    BoltVersion v = new BoltVersion(answer & 0xFF, (answer >>> 8) & 0xFF);
    codec = ClientMessageCodec.of(BoltProtocols.forVersion(v).orElseThrow());
    return v;
  }

  /** Sends requests, pipelined, in frames as configured. */
  public void send(Request... requests) throws Exception {
    ByteBuf buf = Unpooled.buffer();
    for (Request r : requests) {
      codec.encode(r, ByteBufAllocator.DEFAULT, buf);
    }
    sendBytes(bytes(buf));
  }

  /** Sends {@code data} in binary frames as configured. */
  public void sendBytes(byte[] data) throws Exception {
    for (int at = 0; at < data.length; at += frameSize) {
      int end = (int) Math.min(data.length, (long) at + frameSize);
      boolean last = !fragmented || end == data.length;
      ws.sendBinary(ByteBuffer.wrap(Arrays.copyOfRange(data, at, end)), last)
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Sends a text frame. */
  public void sendText(String text) throws Exception {
    ws.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends a ping and waits for the pong; returns its payload. */
  public String ping(String payload) throws Exception {
    ws.sendPing(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    byte[] pong = listener.pongs.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (pong == null) {
      throw new TimeoutException("no pong within " + TIMEOUT);
    }
    return new String(pong, StandardCharsets.UTF_8);
  }

  /** Sends a close frame (the server should echo it and close). */
  public void sendClose(int status, String reason) throws Exception {
    ws.sendClose(status, reason).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads the next whole response, whatever frames its bytes came in. */
  public Response receive() throws Exception {
    ByteBuf body = Unpooled.buffer();
    try {
      int size;
      while ((size = ByteBuffer.wrap(listener.read(2)).getShort() & 0xFFFF) != 0) {
        body.writeBytes(listener.read(size));
      }
      return codec.decode(body);
    } finally {
      body.release();
    }
  }

  /** Responses up to and including the next one that is not a RECORD. */
  public List<Response> untilSummary() throws Exception {
    List<Response> out = new ArrayList<>(List.of(receive()));
    while (out.get(out.size() - 1) instanceof Response.RecordMessage) {
      out.add(receive());
    }
    return out;
  }

  /** HELLO (and LOGON from 5.1) with no credentials; the last answer. */
  public Response login() throws Exception {
    boolean logon = codec.protocol().supports(Request.Logon.class);
    Map<String, Object> hello = logon ? Map.of("user_agent", "ws-test/1", "bolt_agent", Map.of("product", "ws-test/1"))
        : Map.of("user_agent", "ws-test/1", "scheme", "none");
    send(new Request.Hello(hello));
    Response r = receive();
    if (logon && r instanceof Response.Success) {
      send(new Request.Logon(Map.of("scheme", "none")));
      r = receive();
    }
    return r;
  }

  /** How many binary WebSocket messages (whole frames, or fragmented messages) have arrived. */
  public int messagesReceived() {
    return listener.messages.get();
  }

  /** Waits until the connection ends. */
  public Closed awaitClosed() throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        return listener.closed.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        // The JDK's client can miss a TCP close that arrives right behind the last frame (seen
        // with JDK 17: the bytes are read, the end of stream is never reported). A ping then
        // meets the closed socket, whose reset the client does notice.
        try {
          ws.sendPing(ByteBuffer.allocate(0)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception failed) {
          listener.closed.complete(new Closed(-1, "ping failed: " + failed));
        }
      }
    }
    throw new TimeoutException("the connection did not close within " + TIMEOUT);
  }

  /** Whether the connection has ended (a close frame or an error). */
  public boolean isClosed() {
    return listener.closed.isDone();
  }

  @Override
  public void close() {
    ws.abort();
  }

  private static byte[] bytes(ByteBuf buf) {
    byte[] b = new byte[buf.readableBytes()];
    buf.readBytes(b);
    buf.release();
    return b;
  }

  /** Collects what the server sends: the binary payloads as one stream, pongs, the end. */
  private static final class Listener implements WebSocket.Listener {
    private final ByteBuf received = Unpooled.buffer();
    private final AtomicInteger messages = new AtomicInteger();
    private final LinkedBlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    /** All the demand at once: what arrives goes to a buffer the test reads at its own pace. */
    @Override
    public void onOpen(WebSocket ws) {
      ws.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      synchronized (this) {
        received.writeBytes(b);
        notifyAll();
      }
      if (last) {
        messages.incrementAndGet();
      }
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      byte[] b = new byte[message.remaining()];
      message.get(b);
      pongs.add(b);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      synchronized (this) {
        notifyAll();
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(new Closed(-1, String.valueOf(error)));
      synchronized (this) {
        notifyAll();
      }
    }

    /** The next {@code n} bytes of the stream. */
    synchronized byte[] read(int n) throws Exception {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (received.readableBytes() < n) {
        if (closed.isDone()) {
          throw new IllegalStateException("connection closed (" + closed.getNow(null) + ") with "
              + received.readableBytes() + " of " + n + " bytes read");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("only " + received.readableBytes() + " of " + n + " bytes within " + TIMEOUT);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      byte[] out = new byte[n];
      received.readBytes(out);
      received.discardSomeReadBytes();
      return out;
    }
  }
}

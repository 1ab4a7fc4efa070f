package io.memgraph.ha.bolt.transport;

import io.memgraph.ha.bolt.version.BoltVersion;
import io.memgraph.ha.bolt.version.HandshakeProposal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the Bolt handshake, the first handler of a new connection.
 *
 * <p>Reads the magic {@code 60 60 B0 17} and four 4-byte version slots, picks the highest version
 * that both the client proposes (ranges expanded, unknown slots skipped) and the server supports,
 * answers it, hands the channel to {@code onNegotiated} (which installs the Bolt pipeline behind
 * this handler) and removes itself;
 *
 * <p>A client that offers the handshake manifest v1 (a slot {@code 00 00 01 FF}, Bolt 5.7+ drivers)
 * gets the manifest instead: {@code 00 00 01 FF}, the number of version ranges as a VarInt, the
 * ranges the server speaks (4 bytes each, highest first) and its capabilities as a VarInt (none:
 * 0). The client then names one version (4 bytes, no range) and its own capabilities (a VarInt of
 * at most 10 bytes); a version the server did not list, or a longer VarInt, closes the connection.
 * VarInts are unsigned, 7 bits per byte, least significant group first, the high bit set on every
 * byte but the last. bytes that the client pipelined
 * after the handshake flow on to the new handlers. A wrong magic closes the connection at once;
 * no common version is answered with {@code 00 00 00 00} and a close.
 *
 * <p>Built with a WebSocket frame limit, it also serves Bolt over WebSocket: when the first four
 * bytes start an HTTP request ({@code GET }, ...) instead of the magic, it puts the HTTP stage of
 * {@link WebSocketUpgrade} in its place, followed by a new decoder (without WebSocket, with what
 * is left of the handshake timeout) for the Bolt handshake inside the frames. That test runs once
 * per connection and only when the magic is wrong: a TCP Bolt connection pays nothing for it.
 */
public final class ServerHandshakeDecoder extends ByteToMessageDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(ServerHandshakeDecoder.class);
  private static final int HANDSHAKE_SIZE = 20;

  /** Installs the handlers for the negotiated version; runs on the event loop. */
  @FunctionalInterface
  public interface Negotiated {
    /**
     * @param ctx this decoder's context (add handlers after {@code ctx.name()})
     * @param version the agreed version
     */
    void install(ChannelHandlerContext ctx, BoltVersion version);
  }

  /** The longest VarInt a client may send for its capabilities (a 64-bit value). */
  static final int MAX_VARINT_BYTES = 10;

  private final List<BoltVersion> supported;
  private final Negotiated onNegotiated;
  /** Set once the manifest is sent: the client's choice of version comes next. */
  private boolean awaitingChoice;
  private final Duration timeout;
  /** The largest WebSocket frame payload a connection that upgrades may send; 0: no WebSocket. */
  private final int webSocketFrameLimit;
  /** The web pages that may open Bolt over WebSocket. */
  private final WebSocketOrigins origins;
  /** When the connection's handshake began (nanoTime); 0 until this decoder is added. */
  private long startNanos;
  private ScheduledFuture<?> timeoutTask;

  /**
   * @param supported the versions the server speaks, in any order
   * @param timeout how long a new connection may take to send its handshake before it is closed
   * @param onNegotiated called once with the agreed version
   */
  public ServerHandshakeDecoder(List<BoltVersion> supported, Duration timeout, Negotiated onNegotiated) {
    this(supported, timeout, 0, onNegotiated);
  }

  /**
   * As {@link #ServerHandshakeDecoder(List, Duration, Negotiated)}, and a connection that opens
   * with an HTTP request is served Bolt over WebSocket ({@link WebSocketUpgrade}).
   *
   * @param webSocketFrameLimit the largest frame payload accepted ({@link
   *     WebSocketUpgrade#maxFramePayload(int)}); 0: plain Bolt only, an HTTP request is a wrong magic
   */
  public ServerHandshakeDecoder(List<BoltVersion> supported, Duration timeout, int webSocketFrameLimit,
      Negotiated onNegotiated) {
    this(supported, timeout, webSocketFrameLimit, WebSocketOrigins.LOOPBACK, onNegotiated);
  }

  /**
   * As {@link #ServerHandshakeDecoder(List, Duration, int, Negotiated)}, with the web pages that
   * may open Bolt over WebSocket besides the loopback ones.
   */
  public ServerHandshakeDecoder(List<BoltVersion> supported, Duration timeout, int webSocketFrameLimit,
      WebSocketOrigins origins, Negotiated onNegotiated) {
    this(supported, timeout, webSocketFrameLimit, origins, 0, onNegotiated);
  }

  private ServerHandshakeDecoder(List<BoltVersion> supported, Duration timeout, int webSocketFrameLimit,
      WebSocketOrigins origins, long startNanos, Negotiated onNegotiated) {
    if (webSocketFrameLimit < 0) {
      throw new IllegalArgumentException("WebSocket frame limit must be 0 (off) or positive, got " + webSocketFrameLimit);
    }
    this.webSocketFrameLimit = webSocketFrameLimit;
    this.origins = origins;
    this.startNanos = startNanos;
    List<BoltVersion> sorted = new ArrayList<>(supported);
    sorted.sort((a, b) -> b.compareTo(a));
    this.supported = List.copyOf(sorted);
    this.timeout = timeout;
    this.onNegotiated = onNegotiated;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (startNanos == 0) {
      startNanos = System.nanoTime();
    }
    // a client that connects and never completes the handshake must not hold a connection forever
    timeoutTask = ctx.executor().schedule(() -> {
      if (!ctx.isRemoved() && ctx.channel().isOpen()) {
        LOG.warn("Closing Bolt connection from {}: no complete handshake within {}", ctx.channel().remoteAddress(),
            timeout);
        ctx.close();
      }
    }, timeout.toNanos() - (System.nanoTime() - startNanos), TimeUnit.NANOSECONDS);
  }

  /**
   * An error before the handshake completed (most often a client speaking plain Bolt to a TLS port,
   * or TLS to a plain one): one log line, and the connection is closed.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root instanceof io.netty.handler.ssl.NotSslRecordException
        ? "the client did not start TLS, which this port requires"
        : root.getClass().getSimpleName() + ": " + String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    LOG.warn("Closing Bolt connection from {} before its handshake: {}", ctx.channel().remoteAddress(), why);
    ctx.close();
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
  }

  /** The highest version in {@code supported} that the four slots propose, or {@code null}. */
  public static BoltVersion choose(List<BoltVersion> supportedHighestFirst, int[] slots) {
    Set<BoltVersion> proposed = new HashSet<>();
    for (int slot : slots) {
      proposed.addAll(HandshakeProposal.versions(slot));
    }
    for (BoltVersion v : supportedHighestFirst) {
      if (proposed.contains(v)) {
        return v;
      }
    }
    return null;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (awaitingChoice) {
      readChoice(ctx, in);
      return;
    }
    if (in.readableBytes() >= 4 && in.getInt(in.readerIndex()) != HandshakeProposal.MAGIC) {
      if (webSocketFrameLimit > 0 && WebSocketUpgrade.isHttpRequest(in.getInt(in.readerIndex()))) {
        upgradeToHttp(ctx);
        return;
      }
      LOG.warn("Closing Bolt connection from {}: wrong handshake magic 0x{} (expected 0x6060B017)",
          ctx.channel().remoteAddress(), String.format("%08X", in.getInt(in.readerIndex())));
      in.skipBytes(in.readableBytes());
      ctx.close();
      return;
    }
    if (in.readableBytes() < HANDSHAKE_SIZE) {
      return;
    }
    in.skipBytes(4);
    int[] slots = {in.readInt(), in.readInt(), in.readInt(), in.readInt()};
    for (int slot : slots) {
      if (slot == HandshakeProposal.MANIFEST_V1) {
        ctx.writeAndFlush(manifest(ctx.alloc().buffer()));
        awaitingChoice = true;
        readChoice(ctx, in);
        return;
      }
    }
    BoltVersion chosen = choose(supported, slots);
    if (chosen == null) {
      LOG.warn("Closing Bolt connection from {}: no common protocol version in proposals {} (server supports {})",
          ctx.channel().remoteAddress(), describe(slots), supported);
      in.skipBytes(in.readableBytes());
      ctx.writeAndFlush(ctx.alloc().buffer(4).writeInt(0)).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    LOG.debug("Bolt connection from {} negotiated version {}", ctx.channel().remoteAddress(), chosen);
    ctx.writeAndFlush(ctx.alloc().buffer(4).writeInt(chosen.encode()));
    onNegotiated.install(ctx, chosen);
    ctx.pipeline().remove(this);
  }

  /**
   * Hands the connection to the HTTP stage: its handlers go in after this one, and removing this
   * decoder passes the bytes read so far (the request) on to them.
   */
  private void upgradeToHttp(ChannelHandlerContext ctx) {
    // the same deadline: the upgrade and the Bolt handshake after it share the handshake timeout
    ServerHandshakeDecoder inFrames =
        new ServerHandshakeDecoder(supported, timeout, 0, origins, startNanos, onNegotiated);
    WebSocketUpgrade.install(ctx.pipeline(), ctx.name(), webSocketFrameLimit, origins, inFrames);
    ctx.pipeline().remove(this);
  }

  /** The manifest v1 answer: marker, the supported versions as ranges, no capabilities. */
  ByteBuf manifest(ByteBuf out) {
    List<int[]> ranges = ranges(supported);
    out.writeInt(HandshakeProposal.MANIFEST_V1);
    writeVarInt(out, ranges.size());
    for (int[] r : ranges) {
      out.writeInt(new BoltVersion(r[0], r[1]).encodeRange(r[1] - r[2]));
    }
    writeVarInt(out, 0);
    return out;
  }

  /** {major, highest minor, lowest minor} runs of consecutive minors, highest first. */
  static List<int[]> ranges(List<BoltVersion> highestFirst) {
    List<int[]> out = new ArrayList<>();
    for (BoltVersion v : highestFirst) {
      int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last[0] == v.major() && last[2] == v.minor() + 1) {
        last[2] = v.minor();
      } else {
        out.add(new int[] {v.major(), v.minor(), v.minor()});
      }
    }
    return out;
  }

  /** The client's answer to the manifest: a version and a capabilities VarInt, once all of it is here. */
  private void readChoice(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < 5) {
      return;
    }
    int start = in.readerIndex();
    int varintBytes = 0;
    boolean complete = false;
    while (varintBytes < in.readableBytes() - 4 && varintBytes < MAX_VARINT_BYTES) {
      if ((in.getByte(start + 4 + varintBytes++) & 0x80) == 0) {
        complete = true;
        break;
      }
    }
    if (!complete) {
      if (varintBytes >= MAX_VARINT_BYTES) {
        refuse(ctx, in, "its capabilities VarInt is longer than " + MAX_VARINT_BYTES + " bytes");
      }
      return; // wait for the rest
    }
    int slot = in.readInt();
    in.skipBytes(varintBytes); // no capability is defined yet: whatever the client asks for is ignored
    BoltVersion chosen = (slot >>> 16) == 0 ? new BoltVersion(slot & 0xFF, (slot >>> 8) & 0xFF) : null;
    if (chosen == null || !supported.contains(chosen)) {
      refuse(ctx, in, String.format("it chose %08X, not one of the versions offered %s", slot, supported));
      return;
    }
    LOG.debug("Bolt connection from {} negotiated version {} through the manifest", ctx.channel().remoteAddress(),
        chosen);
    onNegotiated.install(ctx, chosen);
    ctx.pipeline().remove(this);
  }

  private void refuse(ChannelHandlerContext ctx, ByteBuf in, String why) {
    LOG.warn("Closing Bolt connection from {}: bad answer to the handshake manifest: {}", ctx.channel().remoteAddress(),
        why);
    in.skipBytes(in.readableBytes());
    ctx.close();
  }

  static void writeVarInt(ByteBuf out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  private static String describe(int[] slots) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < slots.length; i++) {
      b.append(i == 0 ? "" : ", ").append(String.format("%08X", slots[i]));
    }
    return b.append(']').toString();
  }
}

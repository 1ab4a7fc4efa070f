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
 * that both the client proposes (ranges expanded, unknown slots such as the 5.7 manifest skipped)
 * and the server supports, answers it, hands the channel to {@code onNegotiated} (which installs
 * the Bolt pipeline behind this handler) and removes itself; bytes that the client pipelined
 * after the handshake flow on to the new handlers. A wrong magic closes the connection at once;
 * no common version is answered with {@code 00 00 00 00} and a close.
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

  private final List<BoltVersion> supported;
  private final Negotiated onNegotiated;
  private final Duration timeout;
  private ScheduledFuture<?> timeoutTask;

  /**
   * @param supported the versions the server speaks, in any order
   * @param timeout how long a new connection may take to send its handshake before it is closed
   * @param onNegotiated called once with the agreed version
   */
  public ServerHandshakeDecoder(List<BoltVersion> supported, Duration timeout, Negotiated onNegotiated) {
    List<BoltVersion> sorted = new ArrayList<>(supported);
    sorted.sort((a, b) -> b.compareTo(a));
    this.supported = List.copyOf(sorted);
    this.timeout = timeout;
    this.onNegotiated = onNegotiated;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // a client that connects and never completes the handshake must not hold a connection forever
    timeoutTask = ctx.executor().schedule(() -> {
      if (!ctx.isRemoved() && ctx.channel().isOpen()) {
        LOG.warn("Closing Bolt connection from {}: no complete handshake within {}", ctx.channel().remoteAddress(),
            timeout);
        ctx.close();
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
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
    if (in.readableBytes() >= 4 && in.getInt(in.readerIndex()) != HandshakeProposal.MAGIC) {
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

  private static String describe(int[] slots) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < slots.length; i++) {
      b.append(i == 0 ? "" : ", ").append(String.format("%08X", slots[i]));
    }
    return b.append(']').toString();
  }
}

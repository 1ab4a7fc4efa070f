package io.memgraph.ha.bolt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound: reassembles Bolt chunks into one {@link ByteBuf} per message.
 *
 * <p>A chunk is a 2-byte big-endian length and that many bytes; the empty chunk ends a message.
 * Empty chunks between messages are NOOP keep-alives (Bolt 4.1+) and are dropped. The size of a
 * message is summed over its chunks and checked against the maximum before each chunk is taken,
 * so no chunk beyond the limit is ever buffered. When a message is too large this decoder emits a
 * {@link FramingFailure} and discards all further input, because the client will keep sending
 * the rest of that message and the stream cannot be re-synchronised.
 *
 * <p>A one-chunk message is passed on as a slice of the input; the chunks of a longer message are
 * copied into one buffer, so that a message cut into many tiny chunks costs its bytes and not a
 * buffer object per chunk (64 MiB in 1-byte chunks would otherwise be tens of millions of them).
 *
 * <p>With a read timeout, a message that has started (a chunk header, or part of a chunk or of a
 * message, has arrived) must keep arriving: when no byte comes for the timeout while it is
 * incomplete, the connection is closed with a WARN. A chunk header that promises bytes that never
 * come so costs a connection the timeout, not the much longer session inactivity timeout. Time
 * during which the server itself does not read (auto-read off because its queue of requests is
 * full) does not count.
 */
public final class ChunkDecoder extends ByteToMessageDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkDecoder.class);

  private final int maxMessageSize;
  private final long readTimeoutNanos;
  private ByteBuf message;
  private boolean copied;
  private long messageSize;
  private boolean broken;
  // event-loop state of the read timeout
  private long lastReadNanos;
  private ScheduledFuture<?> readTimer;

  /** @param maxMessageSize the largest message accepted, summed over its chunks */
  public ChunkDecoder(int maxMessageSize) {
    this(maxMessageSize, Duration.ZERO);
  }

  /**
   * @param maxMessageSize the largest message accepted, summed over its chunks
   * @param readTimeout how long an incomplete message may go without a byte before the connection
   *     is closed; {@link Duration#ZERO} for never
   */
  public ChunkDecoder(int maxMessageSize, Duration readTimeout) {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("max message size must be positive, got " + maxMessageSize);
    }
    if (readTimeout == null || readTimeout.isNegative()) {
      throw new IllegalArgumentException("read timeout must be zero (off) or positive, got " + readTimeout);
    }
    this.maxMessageSize = maxMessageSize;
    this.readTimeoutNanos = readTimeout.toNanos();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    lastReadNanos = System.nanoTime();
    super.channelRead(ctx, msg);
    if (readTimeoutNanos > 0) {
      if (incomplete()) {
        if (readTimer == null) {
          readTimer = ctx.executor().schedule(() -> checkRead(ctx), readTimeoutNanos, TimeUnit.NANOSECONDS);
        }
      } else if (readTimer != null) {
        readTimer.cancel(false);
        readTimer = null;
      }
    }
  }

  /** Whether part of a message has arrived and the rest has not. */
  private boolean incomplete() {
    return !broken && (message != null || internalBuffer().isReadable());
  }

  private void checkRead(ChannelHandlerContext ctx) {
    readTimer = null;
    if (!incomplete() || !ctx.channel().isActive()) {
      return;
    }
    if (!ctx.channel().config().isAutoRead()) {
      lastReadNanos = System.nanoTime(); // the server is not reading, the client is not to blame
    }
    long idle = System.nanoTime() - lastReadNanos;
    if (idle >= readTimeoutNanos) {
      LOG.warn("Closing Bolt connection from {}: a message has been incomplete for {} ms with no byte arriving"
          + " ({} bytes of it received, chunk headers included; read timeout)", ctx.channel().remoteAddress(),
          TimeUnit.NANOSECONDS.toMillis(idle), messageSize + internalBuffer().readableBytes());
      ctx.close();
      return;
    }
    readTimer = ctx.executor().schedule(() -> checkRead(ctx), readTimeoutNanos - idle, TimeUnit.NANOSECONDS);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (broken) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= 2) {
      int size = in.getUnsignedShort(in.readerIndex());
      if (size == 0) {
        in.skipBytes(2);
        if (message != null) {
          out.add(message);
          message = null;
          copied = false;
          messageSize = 0;
        }
        continue;
      }
      if (messageSize + size > maxMessageSize) {
        fail(out, "message larger than the maximum of " + maxMessageSize + " bytes (at least "
            + (messageSize + size) + " bytes announced)");
        in.skipBytes(in.readableBytes());
        return;
      }
      if (in.readableBytes() < 2 + size) {
        return;
      }
      in.skipBytes(2);
      if (message == null) {
        message = in.readRetainedSlice(size);
      } else {
        if (!copied) {
          ByteBuf whole = ctx.alloc().buffer(message.readableBytes() + size);
          whole.writeBytes(message);
          message.release();
          message = whole;
          copied = true;
        }
        message.writeBytes(in, size);
      }
      messageSize += size;
    }
  }

  private void fail(List<Object> out, String reason) {
    broken = true;
    releaseMessage();
    out.add(new FramingFailure(reason));
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (readTimer != null) {
      readTimer.cancel(false);
      readTimer = null;
    }
    releaseMessage();
  }

  private void releaseMessage() {
    if (message != null) {
      message.release();
      message = null;
    }
    copied = false;
    messageSize = 0;
  }
}

package io.memgraph.ha.bolt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

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
 */
public final class ChunkDecoder extends ByteToMessageDecoder {

  private final int maxMessageSize;
  private ByteBuf message;
  private boolean copied;
  private long messageSize;
  private boolean broken;

  /** @param maxMessageSize the largest message accepted, summed over its chunks */
  public ChunkDecoder(int maxMessageSize) {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("max message size must be positive, got " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
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

package io.memgraph.ha.bolt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Outbound: turns each message body ({@link ByteBuf}) into Bolt chunks of at most 65535 bytes
 * followed by the {@code 00 00} end marker. Writes are not flushed here; whoever writes a batch of
 * messages flushes once at its end.
 */
@ChannelHandler.Sharable
public final class ChunkEncoder extends MessageToByteEncoder<ByteBuf> {

  /** Stateless, so one instance serves every pipeline. */
  public static final ChunkEncoder INSTANCE = new ChunkEncoder();

  private ChunkEncoder() {
    super(ByteBuf.class);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ByteBuf msg, boolean preferDirect) {
    int size = Chunking.chunkedSize(msg.readableBytes());
    return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
    Chunking.writeChunked(msg, out);
    msg.skipBytes(msg.readableBytes());
  }
}

package io.memgraph.ha.bolt.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * In a client connection's pipeline: each flush tells the connection's event loop that the
 * client's next message is due, so that a loop that polls before it blocks ({@link
 * NettyTransport#ioHandlerFactory(long)}) polls for it. Without it in any of its connections a
 * loop never polls. Put it in pipelines whose flushes answer a peer that replies within
 * microseconds (a driver's RESET, its next query), not in those whose peer takes long to answer.
 */
@Sharable
public final class PollAfterFlush extends ChannelOutboundHandlerAdapter {
  /** The one instance; it holds no state. */
  public static final PollAfterFlush INSTANCE = new PollAfterFlush();

  private PollAfterFlush() {
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    SpinningSelect.flushed();
    ctx.flush();
  }
}

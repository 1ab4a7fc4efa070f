package io.memgraph.ha.bolt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt inside WebSocket frames, between the frame codec and the Bolt handlers of a connection that
 * was upgraded ({@link WebSocketUpgrade}).
 *
 * <p>Inbound, the payloads of binary and continuation frames go on as plain bytes: the Bolt
 * handshake and chunk decoders behind it reassemble them as they do a TCP stream, so frame
 * boundaries need not match chunk or message boundaries. A ping is answered with a pong, a pong
 * is dropped, a close frame is echoed and the connection closed, a text frame is refused with close
 * status 1003 (Bolt is binary). Outbound, each buffer written becomes one binary frame.
 *
 * <p>When the server closes the connection for its own reasons (idle, oversized message, stop) it
 * sends no close frame, as a TCP Bolt connection gets no goodbye: the browser then reports an
 * unclean close, which its driver turns into an error for any request still waiting, where a
 * clean close would leave that request unanswered.
 */
final class WebSocketFrames extends ChannelDuplexHandler {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrames.class);

  /** Set once a close frame went out: nothing read after it matters. */
  private boolean closing;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
      ByteBuf payload = ((WebSocketFrame) msg).content();
      if (payload.isReadable()) {
        ctx.fireChannelRead(payload);
      } else {
        payload.release();
      }
    } else if (msg instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
    } else if (msg instanceof CloseWebSocketFrame close) {
      LOG.debug("Bolt connection from {} sent a WebSocket close ({} {})", ctx.channel().remoteAddress(),
          close.statusCode(), close.reasonText());
      closing = true;
      ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content())).addListener(ChannelFutureListener.CLOSE);
    } else if (msg instanceof TextWebSocketFrame text) {
      text.release();
      refuse(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "a text frame; Bolt travels in binary frames");
    } else if (msg instanceof PongWebSocketFrame pong) {
      pong.release();
    } else {
      // only frames come after the upgrade; bytes here were sent before the 101 was read
      ReferenceCountUtil.release(msg);
      refuse(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "data before the WebSocket upgrade completed");
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf buf && buf.isReadable()) {
      ctx.write(new BinaryWebSocketFrame(buf), promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  /** A frame the frame decoder refused (too large, unmasked, bad opcode): it already sent the close. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException bad) {
      closing = true;
      LOG.warn("Closing Bolt connection from {}: bad WebSocket frame: {} (close status {})",
          ctx.channel().remoteAddress(), bad.getMessage(), bad.closeStatus().code());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  private void refuse(ChannelHandlerContext ctx, WebSocketCloseStatus status, String why) {
    closing = true;
    LOG.warn("Closing Bolt connection from {}: {}", ctx.channel().remoteAddress(), why);
    ctx.writeAndFlush(new CloseWebSocketFrame(status, why)).addListener(ChannelFutureListener.CLOSE);
  }
}

package io.memgraph.ha.bolt.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The client side of the handshake: reads the server's 4-byte answer, reports it, and removes
 * itself so that the following bytes reach the chunk decoder behind it.
 */
public final class ClientHandshakeDecoder extends ByteToMessageDecoder {

  private final IntConsumer onAnswer;

  /** @param onAnswer receives the server's answer (0 = no common version), on the event loop */
  public ClientHandshakeDecoder(IntConsumer onAnswer) {
    this.onAnswer = onAnswer;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    onAnswer.accept(in.readInt());
    ctx.pipeline().remove(this);
  }
}

package io.memgraph.ha.raft.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memgraph.ha.raft.core.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target for the frames a peer sends on the Raft port: the connection handshake and every
 * message. The contract: {@link MessageCodec} returns a value or throws
 * {@link WireFormatException}, nothing else; and an accepted frame is the one encoding of what it
 * decodes to (encoding the result gives the same bytes back).
 *
 * <p>The first input byte's low bit picks the handshake or a message; the rest is the frame
 * (without its length prefix, which the transport's frame decoder has already bounded).
 */
class MessageCodecFuzzTest {

  @FuzzTest
  void decodeFrame(byte[] data) {
    if (data.length == 0) {
      return;
    }
    ByteBuf frame = Unpooled.wrappedBuffer(data, 1, data.length - 1);
    ByteBuf again = Unpooled.buffer();
    try {
      if ((data[0] & 1) == 0) {
        MessageCodec.encodeHandshake(MessageCodec.decodeHandshake(frame), again);
      } else {
        Message m = MessageCodec.decode(frame);
        MessageCodec.encode(m, again);
      }
    } catch (WireFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(ByteBufUtil.getBytes(again)).isEqualTo(ByteBufUtil.getBytes(Unpooled.wrappedBuffer(data, 1, data.length - 1)));
  }

  /** Writes the seed inputs, one per sample message, with the real encoder ({@code -Dfuzz.seeds=write}). */
  @Test
  @EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
  void writeSeeds() throws IOException {
    Path dir = Path.of("src/test/resources/io/memgraph/ha/raft/transport/MessageCodecFuzzTestInputs/decodeFrame");
    Files.createDirectories(dir);
    ByteBuf hs = Unpooled.buffer().writeByte(0);
    MessageCodec.encodeHandshake(new MessageCodec.Handshake(3, 1, "127.0.0.1:7687"), hs);
    Files.write(dir.resolve("seed-handshake"), ByteBufUtil.getBytes(hs));
    for (Message m : MessageCodecTest.samples()) {
      ByteBuf b = Unpooled.buffer().writeByte(1);
      MessageCodec.encode(m, b);
      Files.write(dir.resolve("seed-" + m.getClass().getSimpleName() + "-" + b.readableBytes()), ByteBufUtil.getBytes(b));
    }
  }
}

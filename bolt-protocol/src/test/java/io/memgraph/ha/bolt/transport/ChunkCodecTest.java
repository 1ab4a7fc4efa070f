package io.memgraph.ha.bolt.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunk decoder and encoder alone, on an {@link EmbeddedChannel}. */
class ChunkCodecTest {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  private static ByteBuf bytes(String hex) {
    return Unpooled.wrappedBuffer(HEX.parseHex(hex));
  }

  private static String hex(ByteBuf buf) {
    byte[] b = new byte[buf.readableBytes()];
    buf.readBytes(b);
    buf.release();
    return HEX.formatHex(b).toUpperCase();
  }

  @Test
  void reassemblesChunksSkipsNoopsAndHandlesSplitHeaders() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(1024));
    // NOOP, message in two chunks with the second header split across reads, NOOP, RESET
    ch.writeInbound(bytes("00 00 00 02 B1 01 00"));
    ch.writeInbound(bytes("01 A0 00 00 00 00"));
    ch.writeInbound(bytes("00 02 B0 0F 00 00"));
    assertThat(hex(ch.readInbound())).isEqualTo("B1 01 A0");
    assertThat(hex(ch.readInbound())).isEqualTo("B0 0F");
    assertThat(ch.<Object>readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void aMessageOfManyTinyChunksArrivesAsOneContiguousBuffer() {
    int chunks = 200_000;
    EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(chunks));
    ByteBuf in = Unpooled.buffer(chunks * 3 + 2);
    for (int i = 0; i < chunks; i++) {
      in.writeShort(1).writeByte(i);
    }
    ch.writeInbound(in.writeShort(0));
    ByteBuf message = ch.readInbound();
    // one buffer, not one object per chunk: tiny chunks must not multiply the memory a message costs
    assertThat(message.nioBufferCount()).isEqualTo(1);
    assertThat(message.readableBytes()).isEqualTo(chunks);
    for (int i = 0; i < chunks; i++) {
      assertThat(message.getByte(i)).isEqualTo((byte) i);
    }
    message.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void waitsForAWholeChunk() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(1024));
    ch.writeInbound(bytes("00 04 B1 01"));
    assertThat(ch.<Object>readInbound()).isNull();
    ch.writeInbound(bytes("A0 C0 00 00"));
    assertThat(hex(ch.readInbound())).isEqualTo("B1 01 A0 C0");
    ch.finishAndReleaseAll();
  }

  @Test
  void refusesAnOversizeChunkFromItsHeaderAlone() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(16));
    ch.writeInbound(bytes("00 11"));
    Object failure = ch.readInbound();
    assertThat(failure).isInstanceOf(FramingFailure.class);
    assertThat(((FramingFailure) failure).reason()).contains("maximum of 16 bytes");
    // everything after is discarded
    ch.writeInbound(bytes("00 02 B0 0F 00 00"));
    assertThat(ch.<Object>readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void sumsTheChunksOfOneMessage() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChunkDecoder(6));
    ch.writeInbound(bytes("00 03 01 02 03 00 03 04 05 06 00 00"));
    assertThat(hex(ch.readInbound())).isEqualTo("01 02 03 04 05 06");
    ch.writeInbound(bytes("00 04 01 02 03 04 00 03"));
    assertThat(ch.<Object>readInbound()).isInstanceOf(FramingFailure.class);
    ch.finishAndReleaseAll();
  }

  @Test
  void encoderSplitsAt65535AndDecoderReassembles() {
    byte[] message = new byte[65535 * 2 + 10];
    new Random(42).nextBytes(message);
    EmbeddedChannel out = new EmbeddedChannel(ChunkEncoder.INSTANCE);
    out.writeOutbound(Unpooled.wrappedBuffer(message));
    ByteBuf wire = out.readOutbound();
    assertThat(wire.readableBytes()).isEqualTo(message.length + 3 * 2 + 2);
    assertThat(wire.getUnsignedShort(0)).isEqualTo(65535);
    assertThat(wire.getUnsignedShort(2 + 65535)).isEqualTo(65535);
    assertThat(wire.getUnsignedShort(4 + 2 * 65535)).isEqualTo(10);
    assertThat(wire.getUnsignedShort(wire.readableBytes() - 2)).isZero();

    EmbeddedChannel in = new EmbeddedChannel(new ChunkDecoder(message.length));
    in.writeInbound(wire);
    ByteBuf decoded = in.readInbound();
    byte[] back = new byte[decoded.readableBytes()];
    decoded.readBytes(back);
    decoded.release();
    assertThat(back).isEqualTo(message);
    out.finishAndReleaseAll();
    in.finishAndReleaseAll();
  }

  @Test
  void encoderGoldenBytes() {
    EmbeddedChannel out = new EmbeddedChannel(ChunkEncoder.INSTANCE);
    out.writeOutbound(bytes("B0 0F"));
    assertThat(hex(out.readOutbound())).isEqualTo("00 02 B0 0F 00 00");
    out.finishAndReleaseAll();
  }
}

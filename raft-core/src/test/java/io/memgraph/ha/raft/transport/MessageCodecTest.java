package io.memgraph.ha.raft.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.SnapshotMeta;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

  static List<Message> samples() {
    byte[] data = {1, 2, 3, 4, 5};
    return List.of(
        new Message.PreVote(1, 2, 7, 100, 6),
        new Message.PreVoteResponse(2, 1, 7, true),
        new Message.RequestVote(1, 3, 8, 100, 6, true),
        new Message.RequestVoteResponse(3, 1, 8, false),
        new Message.AppendEntries(1, 2, 8, 99, 6, List.of(
            new Entry(8, 100, EntryType.NOOP, new byte[0]),
            new Entry(8, 101, EntryType.NORMAL, data)), 98),
        new Message.AppendEntries(1, 2, 8, 99, 6, List.of(), 98),
        new Message.AppendEntriesResponse(2, 1, 8, false, 0, 99, 50, 5),
        new Message.Heartbeat(1, 2, 8, 97, 12345),
        new Message.HeartbeatResponse(2, 1, 8, 12345),
        new Message.InstallSnapshotChunk(1, 2, 8, new SnapshotMeta(500, 7), 4096, data, true),
        new Message.InstallSnapshotResponse(2, 1, 8, new SnapshotMeta(500, 7), 4101, false),
        new Message.TimeoutNow(1, 2, 8));
  }

  private static byte[] bytesOf(Message m) {
    ByteBuf b = Unpooled.buffer();
    MessageCodec.encode(m, b);
    return ByteBufUtil.getBytes(b);
  }

  @Test
  void everyMessageTypeRoundTrips() {
    for (Message m : samples()) {
      byte[] wire = bytesOf(m);
      Message back = MessageCodec.decode(Unpooled.wrappedBuffer(wire));
      assertThat(back).as(m.toString()).hasSameClassAs(m);
      assertThat(back.from()).isEqualTo(m.from());
      assertThat(back.to()).isEqualTo(m.to());
      assertThat(back.term()).isEqualTo(m.term());
      assertThat(bytesOf(back)).as(m.toString()).isEqualTo(wire);
      assertThat(wire[0]).isEqualTo(MessageCodec.VERSION);
    }
  }

  @Test
  void fieldsSurviveTheTrip() {
    Message.AppendEntries a = (Message.AppendEntries) MessageCodec.decode(
        Unpooled.wrappedBuffer(bytesOf(samples().get(4))));
    assertThat(a.prevLogIndex()).isEqualTo(99);
    assertThat(a.prevLogTerm()).isEqualTo(6);
    assertThat(a.leaderCommit()).isEqualTo(98);
    assertThat(a.entries()).hasSize(2);
    assertThat(a.entries().get(0).type()).isEqualTo(EntryType.NOOP);
    assertThat(a.entries().get(1).data()).containsExactly(1, 2, 3, 4, 5);
    Message.InstallSnapshotChunk c = (Message.InstallSnapshotChunk) MessageCodec.decode(
        Unpooled.wrappedBuffer(bytesOf(samples().get(9))));
    assertThat(c.meta()).isEqualTo(new SnapshotMeta(500, 7));
    assertThat(c.offset()).isEqualTo(4096);
    assertThat(c.done()).isTrue();
    Message.AppendEntriesResponse r = (Message.AppendEntriesResponse) MessageCodec.decode(
        Unpooled.wrappedBuffer(bytesOf(samples().get(6))));
    assertThat(r).isEqualTo(samples().get(6));
  }

  @Test
  void everyTruncationOfEveryMessageIsRefusedCleanly() {
    for (Message m : samples()) {
      byte[] wire = bytesOf(m);
      for (int len = 0; len < wire.length; len++) {
        ByteBuf cut = Unpooled.wrappedBuffer(wire, 0, len);
        assertThatThrownBy(() -> MessageCodec.decode(cut))
            .as(m + " cut at " + len)
            .isInstanceOf(WireFormatException.class);
      }
    }
  }

  @Test
  void trailingBytesUnknownTypesAndVersionsAreRefused() {
    byte[] wire = bytesOf(new Message.TimeoutNow(1, 2, 3));
    byte[] longer = java.util.Arrays.copyOf(wire, wire.length + 1);
    assertThatThrownBy(() -> MessageCodec.decode(Unpooled.wrappedBuffer(longer)))
        .hasMessageContaining("unexpected bytes");
    byte[] unknown = wire.clone();
    unknown[1] = 99;
    assertThatThrownBy(() -> MessageCodec.decode(Unpooled.wrappedBuffer(unknown)))
        .hasMessageContaining("unknown message type 99");
    byte[] version = wire.clone();
    version[0] = 1;
    assertThatThrownBy(() -> MessageCodec.decode(Unpooled.wrappedBuffer(version)))
        .hasMessageContaining("unsupported frame version 1");
  }

  @Test
  void hugeCountsAndLengthsAreRefusedBeforeAllocating() {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(MessageCodec.VERSION).writeByte(MessageCodec.APPEND_ENTRIES);
    b.writeInt(1).writeInt(2).writeLong(3).writeLong(0).writeLong(0).writeLong(0);
    b.writeInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> MessageCodec.decode(b)).hasMessageContaining("entry count");

    ByteBuf c = Unpooled.buffer();
    c.writeByte(MessageCodec.VERSION).writeByte(MessageCodec.INSTALL_SNAPSHOT_CHUNK);
    c.writeInt(1).writeInt(2).writeLong(3).writeLong(5).writeLong(1).writeLong(0).writeBoolean(false);
    c.writeInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> MessageCodec.decode(c)).hasMessageContaining("data length");
  }

  @Test
  void invalidRecordValuesBecomeWireFormatErrors() {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(MessageCodec.VERSION).writeByte(MessageCodec.APPEND_ENTRIES);
    b.writeInt(1).writeInt(2).writeLong(3).writeLong(0).writeLong(0).writeLong(0).writeInt(1);
    b.writeLong(0).writeLong(0).writeByte(0).writeInt(0); // entry with term 0, index 0
    assertThatThrownBy(() -> MessageCodec.decode(b))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("invalid message");
  }

  @Test
  void handshakeRoundTripAndValidation() {
    ByteBuf b = Unpooled.buffer();
    MessageCodec.encodeHandshake(new MessageCodec.Handshake(3, 1), b);
    assertThat(MessageCodec.decodeHandshake(b)).isEqualTo(new MessageCodec.Handshake(3, 1));
    ByteBuf notHs = Unpooled.wrappedBuffer(bytesOf(new Message.TimeoutNow(1, 2, 3)));
    assertThatThrownBy(() -> MessageCodec.decodeHandshake(notHs))
        .hasMessageContaining("expected a handshake");
    ByteBuf badMagic = Unpooled.buffer();
    badMagic.writeByte(MessageCodec.VERSION).writeByte(0).writeInt(42).writeInt(1).writeInt(2);
    assertThatThrownBy(() -> MessageCodec.decodeHandshake(badMagic))
        .hasMessageContaining("not a Raft peer");
  }

  private static byte[] handshakeBytes(MessageCodec.Handshake h) {
    ByteBuf b = Unpooled.buffer();
    MessageCodec.encodeHandshake(h, b);
    return ByteBufUtil.getBytes(b);
  }

  @Test
  void handshakeCarriesTheAdvertisedInfo() {
    String max = "x".repeat(MessageCodec.MAX_INFO_BYTES - 4) + "\u00e9\u00e9"; // 1,024 bytes
    for (String info : List.of("", "10.0.0.7:7687", "[::1]:7687 \u00fcn\u00efc\u00f8d\u00e9 \ud83d\ude00",
        max)) {
      MessageCodec.Handshake h = new MessageCodec.Handshake(2, 3, info);
      byte[] wire = handshakeBytes(h);
      assertThat(wire[0]).isEqualTo(MessageCodec.VERSION);
      assertThat(MessageCodec.decodeHandshake(Unpooled.wrappedBuffer(wire))).isEqualTo(h);
    }
    assertThat(new MessageCodec.Handshake(2, 3)).isEqualTo(new MessageCodec.Handshake(2, 3, ""));
  }

  @Test
  void everyTruncatedHandshakeIsRefused() {
    byte[] wire = handshakeBytes(new MessageCodec.Handshake(2, 3, "127.0.0.1:7687 \u00e9"));
    for (int len = 0; len < wire.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(wire, len);
      assertThatThrownBy(() -> MessageCodec.decodeHandshake(Unpooled.wrappedBuffer(cut)))
          .as("first %d of %d bytes", len, wire.length)
          .isInstanceOf(WireFormatException.class);
    }
    byte[] longer = java.util.Arrays.copyOf(wire, wire.length + 1);
    assertThatThrownBy(() -> MessageCodec.decodeHandshake(Unpooled.wrappedBuffer(longer)))
        .hasMessageContaining("unexpected bytes");
  }

  @Test
  void overlongOrInvalidInfoIsRefused() {
    // The encoder refuses what the decoder would.
    assertThatThrownBy(() -> new MessageCodec.Handshake(2, 3,
        "x".repeat(MessageCodec.MAX_INFO_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
    assertThatThrownBy(() -> new MessageCodec.Handshake(2, 3,
        "\u00e9".repeat(MessageCodec.MAX_INFO_BYTES / 2 + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1026 bytes");
    assertThatThrownBy(() -> new MessageCodec.Handshake(2, 3, "a\ud800b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MessageCodec.Handshake(2, 3, null))
        .isInstanceOf(NullPointerException.class);

    // A frame announcing more info than allowed is refused before anything is allocated, whether
    // the bytes follow or not.
    for (int announced : new int[] {MessageCodec.MAX_INFO_BYTES + 1, Integer.MAX_VALUE, -1}) {
      ByteBuf b = Unpooled.buffer();
      b.writeByte(MessageCodec.VERSION).writeByte(MessageCodec.HANDSHAKE);
      b.writeInt(MessageCodec.HANDSHAKE_MAGIC).writeInt(2).writeInt(3).writeInt(announced);
      if (announced == MessageCodec.MAX_INFO_BYTES + 1) {
        b.writeBytes(new byte[announced]);
      }
      assertThatThrownBy(() -> MessageCodec.decodeHandshake(b))
          .as("announced %d", announced)
          .isInstanceOf(WireFormatException.class)
          .hasMessageContaining("is not within 0..1024");
    }
    ByteBuf bad = Unpooled.buffer();
    bad.writeByte(MessageCodec.VERSION).writeByte(MessageCodec.HANDSHAKE);
    bad.writeInt(MessageCodec.HANDSHAKE_MAGIC).writeInt(2).writeInt(3).writeInt(2);
    bad.writeByte(0xC3).writeByte(0x28); // not UTF-8
    assertThatThrownBy(() -> MessageCodec.decodeHandshake(bad))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("UTF-8");
  }
}

package io.memgraph.ha.raft.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.SnapshotMeta;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Random messages survive encode/decode byte for byte; random garbage never decodes silently. */
class MessageCodecProperties {

  private static Message randomMessage(Random r) {
    int from = 1 + r.nextInt(5);
    int to = 1 + r.nextInt(5);
    long term = r.nextLong() & Long.MAX_VALUE;
    switch (r.nextInt(11)) {
      case 0:
        return new Message.PreVote(from, to, term, r.nextLong(), r.nextLong());
      case 1:
        return new Message.PreVoteResponse(from, to, term, r.nextBoolean());
      case 2:
        return new Message.RequestVote(from, to, term, r.nextLong(), r.nextLong(), r.nextBoolean());
      case 3:
        return new Message.RequestVoteResponse(from, to, term, r.nextBoolean());
      case 4: {
        List<Entry> es = new ArrayList<>();
        int n = r.nextInt(10);
        for (int i = 0; i < n; i++) {
          byte[] d = new byte[r.nextInt(200)];
          r.nextBytes(d);
          es.add(new Entry(1 + r.nextInt(100), 1 + i + r.nextInt(1000),
              r.nextBoolean() ? EntryType.NORMAL : EntryType.NOOP, d));
        }
        return new Message.AppendEntries(from, to, term, r.nextLong(), r.nextLong(), es, r.nextLong());
      }
      case 5:
        return new Message.AppendEntriesResponse(from, to, term, r.nextBoolean(), r.nextLong(),
            r.nextLong(), r.nextLong(), r.nextLong());
      case 6:
        return new Message.Heartbeat(from, to, term, r.nextLong(), r.nextLong());
      case 7:
        return new Message.HeartbeatResponse(from, to, term, r.nextLong());
      case 8: {
        byte[] d = new byte[r.nextInt(500)];
        r.nextBytes(d);
        return new Message.InstallSnapshotChunk(from, to, term,
            new SnapshotMeta(1 + r.nextInt(1000), 1 + r.nextInt(9)), r.nextInt(1 << 20), d,
            r.nextBoolean());
      }
      case 9:
        return new Message.InstallSnapshotResponse(from, to, term, SnapshotMeta.NONE,
            r.nextInt(1 << 20), r.nextBoolean());
      default:
        return new Message.TimeoutNow(from, to, term);
    }
  }

  private static byte[] encode(Message m) {
    ByteBuf b = Unpooled.buffer();
    MessageCodec.encode(m, b);
    return ByteBufUtil.getBytes(b);
  }

  @Property(tries = 500)
  void roundTrip(@ForAll long seed) {
    Message m = randomMessage(new Random(seed));
    byte[] wire = encode(m);
    Message back = MessageCodec.decode(Unpooled.wrappedBuffer(wire));
    assertThat(back).hasSameClassAs(m);
    assertThat(encode(back)).isEqualTo(wire);
  }

  @Property(tries = 500)
  void corruptedFramesFailCleanlyOrDecodeToSomethingValid(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int flips) {
    Random r = new Random(seed);
    byte[] wire = encode(randomMessage(r));
    for (int i = 0; i < flips; i++) {
      wire[r.nextInt(wire.length)] ^= (byte) (1 << r.nextInt(8));
    }
    try {
      Message m = MessageCodec.decode(Unpooled.wrappedBuffer(wire));
      // A flip that still decodes must give a frame that re-encodes to the same bytes.
      assertThat(encode(m)).isEqualTo(wire);
    } catch (WireFormatException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}

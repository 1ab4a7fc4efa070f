package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.AppendEntries;
import io.memgraph.ha.raft.core.Message.HeartbeatResponse;
import io.memgraph.ha.raft.core.Message.InstallSnapshotChunk;
import io.memgraph.ha.raft.core.Message.InstallSnapshotResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The leader's side of InstallSnapshot (Raft paper section 7) sent in chunks: a window of
 * {@code snapshotChunksInflight} chunks of {@code snapshotChunkBytes}, go-back-N after a stall,
 * and replication by AppendEntries once the follower installed it. Node 1 is driven by hand.
 */
class SnapshotStreamingTest {

  /** Chunks of 100 bytes, two in flight, a snapshot of 250 bytes at index 4. */
  private static final int CHUNK = 100;

  private LeaderHarness l;
  private SnapshotMeta meta;

  /**
   * Node 2 holds everything; node 3 never answered its first probe and the leader compacted past
   * it. Node 3's heartbeat response makes the leader probe again, which needs the snapshot.
   * Returns the chunks sent at that point.
   */
  private List<InstallSnapshotChunk> startTransfer() {
    l = new LeaderHarness(LeaderHarness.config(false, false, ReadMode.SAFE)
        .withFlowControl(8, 1 << 20, CHUNK, 2));
    l.replicating(2);
    l.propose(3);
    l.ready();
    l.ack(2, 4);
    l.ready();
    assertThat(l.core.commitIndex()).isEqualTo(4);
    meta = l.compactTo(4, 250);
    l.core.step(new HeartbeatResponse(3, 1, l.core.term(), 0));
    return chunks();
  }

  private List<InstallSnapshotChunk> chunks() {
    return l.ready().stream().filter(m -> m instanceof InstallSnapshotChunk)
        .map(m -> (InstallSnapshotChunk) m).toList();
  }

  /** Each chunk as {offset, length, 1 if last else 0}. */
  private static List<List<Long>> shape(List<InstallSnapshotChunk> chunks) {
    return chunks.stream().map(c -> List.of(c.offset(), (long) c.data().length,
        c.done() ? 1L : 0L)).toList();
  }

  /** The chunks from offset 100 on, as {@link #shape} gives them. */
  private static final List<List<Long>> FROM_100 =
      List.of(List.of(100L, 100L, 0L), List.of(200L, 50L, 1L));

  /** Ticks the leader {@code n} times; no chunk may leave meanwhile. */
  private void ticksWithoutChunks(int n) {
    for (int i = 0; i < n; i++) {
      l.tick();
      assertThat(chunks()).as("tick %d", i + 1).isEmpty();
    }
  }

  private void follower3Reports(long nextOffset, boolean installed) {
    l.core.step(new InstallSnapshotResponse(3, 1, l.core.term(), meta, nextOffset, installed));
  }

  @Test
  @DisplayName("7 the leader streams a snapshot in a window of snapshotChunksInflight chunks; each"
      + " acknowledgement lets the next chunk go; the last chunk is marked done")
  void chunksFlowWithinTheWindow() {
    List<InstallSnapshotChunk> first = startTransfer();
    assertThat(first).allSatisfy(c -> {
      assertThat(c.meta()).isEqualTo(meta);
      assertThat(c.to()).isEqualTo(3);
    });
    assertThat(shape(first)).containsExactly(List.of(0L, 100L, 0L), List.of(100L, 100L, 0L));
    assertThat(first.get(1).data()).containsOnly((byte) 4);
    follower3Reports(100, false);
    assertThat(shape(chunks())).containsExactly(List.of(200L, 50L, 1L));
    follower3Reports(200, false);
    assertThat(chunks()).as("everything was sent").isEmpty();
  }

  @Test
  @DisplayName("7 once the follower installed the snapshot the leader replicates from the index"
      + " after it by AppendEntries")
  void installedSnapshotResumesAppendEntries() {
    startTransfer();
    follower3Reports(100, false);
    chunks();
    l.propose(1); // index 5, not sent to node 3 while it is streaming
    assertThat(l.appendsTo(3)).isEmpty();
    follower3Reports(250, true);
    assertThat(l.core.followerMatchIndexes()).containsEntry(3, 4L);
    List<AppendEntries> out = l.appendsTo(3);
    assertThat(out).singleElement().satisfies(ae -> {
      assertThat(ae.prevLogIndex()).isEqualTo(4);
      assertThat(ae.prevLogTerm()).isEqualTo(meta.term());
      assertThat(ae.entries()).extracting(Entry::index).containsExactly(5L);
    });
  }

  @Test
  @DisplayName("7 go-back-N: after two heartbeat intervals without progress the leader resends"
      + " from the last acknowledged offset, not earlier and not sooner")
  void stalledTransferResendsFromTheAcknowledgedOffset() {
    startTransfer();
    follower3Reports(100, false);
    chunks(); // chunk 200, the last; then it and its acknowledgement are lost
    ticksWithoutChunks(3);
    l.tick(); // the fourth tick: 2 * heartbeatTicks
    assertThat(shape(chunks())).isEqualTo(FROM_100);
  }

  @Test
  @DisplayName("7 an acknowledgement of progress restarts the stall timer")
  void progressRestartsTheStallTimer() {
    startTransfer();
    for (int i = 0; i < 3; i++) {
      l.tick();
    }
    follower3Reports(100, false);
    assertThat(shape(chunks())).containsExactly(List.of(200L, 50L, 1L));
    ticksWithoutChunks(3);
    l.tick();
    assertThat(shape(chunks())).isEqualTo(FROM_100);
  }

  @Test
  @DisplayName("7 a follower that restarted mid-transfer reports offset 0: after the stall the"
      + " leader starts again from 0, below what it had acknowledged")
  void restartedFollowerGetsTheSnapshotFromZero() {
    startTransfer();
    follower3Reports(100, false);
    chunks();
    follower3Reports(0, false); // it restarted and lost the first 100 bytes
    assertThat(chunks()).isEmpty();
    for (int i = 0; i < 4; i++) {
      l.tick();
    }
    assertThat(shape(chunks())).containsExactly(List.of(0L, 100L, 0L), List.of(100L, 100L, 0L));
  }

  @Test
  @DisplayName("7 responses about another snapshot are ignored")
  void responsesForAnotherSnapshotIgnored() {
    startTransfer();
    l.core.step(new InstallSnapshotResponse(3, 1, l.core.term(), new SnapshotMeta(2, 1), 100,
        false));
    assertThat(chunks()).isEmpty();
  }

  @Test
  @DisplayName("7 a repeated acknowledgement of the same offset is no progress: the stall timer"
      + " keeps running")
  void repeatedAcknowledgementIsNoProgress() {
    startTransfer();
    follower3Reports(100, false);
    chunks();
    ticksWithoutChunks(3);
    follower3Reports(100, false);
    assertThat(chunks()).isEmpty();
    l.tick();
    assertThat(shape(chunks())).isEqualTo(FROM_100);
  }

  @Test
  @DisplayName("7 an installed snapshot commits nothing new (it holds committed entries only), so"
      + " the other followers get no commit broadcast")
  void installedSnapshotBroadcastsNothingElse() {
    startTransfer();
    follower3Reports(250, true);
    assertThat(l.ready()).singleElement().satisfies(m -> {
      assertThat(m).isInstanceOf(AppendEntries.class);
      assertThat(m.to()).isEqualTo(3);
    });
  }
}

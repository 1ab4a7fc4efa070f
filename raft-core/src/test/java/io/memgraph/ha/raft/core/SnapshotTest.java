package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.InstallSnapshotChunk;
import io.memgraph.ha.raft.core.Message.InstallSnapshotResponse;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Log compaction and InstallSnapshot (Raft paper section 7), streamed in chunks. */
class SnapshotTest {

  private static TestCluster cluster(int chunkBytes, int chunksInflight) {
    return new TestCluster(CoreConfig.defaults(1, IntStream.rangeClosed(1, 3).boxed().toList())
        .withTiming(10, 20, 2).withLiveness(true, true, ReadMode.SAFE)
        .withFlowControl(8, 1 << 20, chunkBytes, chunksInflight)
        .withSnapshotThreshold(5));
  }

  @Test
  @DisplayName("7 the core asks for a snapshot every threshold applied entries; the log is"
      + " compacted")
  void snapshotRequestedAtThreshold() {
    TestCluster cl = cluster(100, 2);
    cl.elect(1);
    for (int i = 0; i < 12; i++) {
      cl.propose(1, "e" + i);
    }
    // Applied 13 entries (no-op + 12), threshold 5: compacted at 5 and 10 on the leader.
    assertThat(cl.snapshotMetas.get(1).index()).isEqualTo(10);
    assertThat(cl.disks.get(1).firstIndex()).isEqualTo(11);
    assertThat(cl.core(1).termAt(5)).isEqualTo(-1);
  }

  @Test
  @DisplayName("7 a follower behind the compaction point receives the snapshot in chunks with a"
      + " bounded window, installs it and then catches up by AppendEntries")
  void laggingFollowerGetsSnapshot() {
    TestCluster cl = cluster(100, 2);
    cl.elect(1);
    cl.isolate(3);
    for (int i = 0; i < 12; i++) {
      cl.propose(1, "e" + i);
    }
    cl.heal();
    // Record the chunks in flight at every delivery: never more than the window.
    int[] maxInFlight = {0};
    cl.dropIf(m -> {
      long sent = cl.delivered.stream().filter(x -> x instanceof InstallSnapshotChunk).count();
      long acked = cl.delivered.stream().filter(x -> x instanceof InstallSnapshotResponse).count();
      maxInFlight[0] = (int) Math.max(maxInFlight[0], sent - acked);
      return false;
    });
    cl.tickAll(10);
    assertThat(cl.snapshotMetas.get(3)).isEqualTo(cl.snapshotMetas.get(1));
    assertThat(cl.snapshots.get(3)).isEqualTo(cl.snapshots.get(1));
    long chunks = cl.delivered.stream().filter(m -> m instanceof InstallSnapshotChunk).count();
    assertThat(chunks).isGreaterThanOrEqualTo(10); // 1000 bytes in chunks of 100
    assertThat(maxInFlight[0]).isLessThanOrEqualTo(2);
    assertThat(cl.core(3).lastIndex()).isEqualTo(cl.core(1).lastIndex());
    assertThat(cl.core(3).commitIndex()).isEqualTo(cl.core(1).commitIndex());
    // Entries after the snapshot are applied on the follower; those before are in the snapshot.
    assertThat(cl.appliedData(3)).containsExactly("e9", "e10", "e11");
  }

  @Test
  @DisplayName("7 lost chunks are resent after a stall and the transfer completes")
  void lostChunksResent() {
    TestCluster cl = cluster(100, 3);
    cl.elect(1);
    cl.isolate(3);
    for (int i = 0; i < 12; i++) {
      cl.propose(1, "e" + i);
    }
    cl.heal();
    int[] seen = {0};
    cl.dropIf(m -> m instanceof InstallSnapshotChunk c && c.offset() == 300 && seen[0]++ < 2);
    cl.tickAll(30);
    assertThat(seen[0]).isGreaterThanOrEqualTo(3);
    assertThat(cl.snapshots.get(3)).isEqualTo(cl.snapshots.get(1));
    assertThat(cl.core(3).lastIndex()).isEqualTo(cl.core(1).lastIndex());
  }

  @Test
  @DisplayName("7 a follower that restarts mid-transfer gets the snapshot again from offset 0")
  void followerRestartMidTransfer() {
    TestCluster cl = cluster(100, 1);
    cl.elect(1);
    cl.isolate(3);
    for (int i = 0; i < 12; i++) {
      cl.propose(1, "e" + i);
    }
    cl.heal();
    // Let a few chunks through, then crash node 3 and drop traffic to it for a while.
    int[] chunks = {0};
    cl.dropIf(m -> m instanceof InstallSnapshotChunk && ++chunks[0] > 4);
    cl.tickAll(3);
    cl.start(3);
    cl.heal();
    cl.tickAll(30);
    assertThat(cl.snapshots.get(3)).isEqualTo(cl.snapshots.get(1));
    assertThat(cl.core(3).commitIndex()).isEqualTo(cl.core(1).commitIndex());
  }

  @Test
  @DisplayName("7 a node restarts from snapshot + log: it re-applies only entries after the"
      + " snapshot")
  void restartFromSnapshot() {
    TestCluster cl = cluster(100, 2);
    cl.elect(1);
    for (int i = 0; i < 7; i++) {
      cl.propose(1, "e" + i);
    }
    cl.tickAll(3);
    // Node 2: snapshot at 5 (no-op + e0..e3), log 6..8.
    assertThat(cl.snapshotMetas.get(2).index()).isEqualTo(5);
    RaftCore restarted = cl.start(2);
    assertThat(restarted.appliedIndex()).isEqualTo(5);
    cl.flush();
    assertThat(cl.appliedData(2)).containsExactly("e4", "e5", "e6");
  }

  @Test
  @DisplayName("7 the leader compacts again during a transfer: it restarts with the new snapshot")
  void newSnapshotDuringTransfer() {
    TestCluster cl = cluster(100, 1);
    cl.elect(1);
    cl.isolate(3);
    for (int i = 0; i < 12; i++) {
      cl.propose(1, "e" + i);
    }
    cl.heal();
    // Hold the transfer after the first chunks, then compact further on the leader.
    cl.dropIf(m -> m instanceof InstallSnapshotChunk c && c.offset() >= 300);
    cl.tickAll(2);
    for (int i = 12; i < 17; i++) {
      cl.propose(1, "e" + i);
    }
    assertThat(cl.snapshotMetas.get(1).index()).isEqualTo(15);
    cl.heal();
    cl.tickAll(30);
    assertThat(cl.snapshotMetas.get(3)).isEqualTo(cl.snapshotMetas.get(1));
    assertThat(cl.core(3).commitIndex()).isEqualTo(cl.core(1).commitIndex());
    assertThat(cl.appliedData(3)).containsExactly("e14", "e15", "e16");
  }

  @Test
  @DisplayName("7 a snapshot that fails the driver's check is discarded, nothing is acknowledged,"
      + " and the leader streams it again")
  void damagedSnapshotIsFetchedAgain() {
    TestCluster cl = cluster(100, 2);
    cl.elect(1);
    cl.isolate(3);
    for (int i = 0; i < 12; i++) {
      cl.propose(1, "e" + i);
    }
    cl.heal();
    int[] checks = {0};
    cl.snapshotIntact = (id, bytes) -> id != 3 || ++checks[0] > 1; // the first copy is damaged
    cl.tickAll(40);
    assertThat(checks[0]).isEqualTo(2);
    assertThat(cl.snapshotMetas.get(3)).isEqualTo(cl.snapshotMetas.get(1));
    assertThat(cl.snapshots.get(3)).isEqualTo(cl.snapshots.get(1));
    long starts = cl.delivered.stream()
        .filter(m -> m instanceof InstallSnapshotChunk c && c.to() == 3 && c.offset() == 0).count();
    assertThat(starts).isGreaterThanOrEqualTo(2);
    // The damaged copy was never reported installed; the good one was, exactly once.
    assertThat(cl.delivered.stream().filter(m -> m instanceof InstallSnapshotResponse r
        && r.from() == 3 && r.installed()).count()).isEqualTo(1);
    assertThat(cl.delivered).anySatisfy(m -> assertThat(m).isEqualTo(new InstallSnapshotResponse(
        3, 1, cl.core(1).softState().term(), cl.snapshotMetas.get(1), 0, false)));
    cl.propose(1, "after");
    assertThat(cl.appliedData(3)).endsWith("after");
  }

  @Test
  @DisplayName("7 chunks of two leaders' snapshots of the same index are never mixed: a new"
      + " leader's stream starts again at offset 0")
  void streamsOfDifferentLeadersNotMixed() {
    RaftCore f = new RaftCore(TestCluster.withId(cluster(100, 1).base, 3), new MemoryStorage(),
        TestSnapshots.NONE, new java.util.SplittableRandom(3));
    SnapshotMeta meta = new SnapshotMeta(10, 2);
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 0, new byte[100], false));
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 100, new byte[100], false));
    Ready rd = f.ready();
    f.advance(rd);
    assertThat(rd.snapshotChunks()).extracting(SnapshotChunk::offset).containsExactly(0L, 100L);
    // Node 2 becomes leader in term 3 and streams its own file for the same index.
    f.step(new InstallSnapshotChunk(2, 3, 3, meta, 200, new byte[100], false));
    rd = f.ready();
    f.advance(rd);
    assertThat(rd.snapshotChunks()).isEmpty();
    assertThat(rd.messages()).singleElement().isEqualTo(
        new InstallSnapshotResponse(3, 2, 3, meta, 0, false));
    f.step(new InstallSnapshotChunk(2, 3, 3, meta, 0, new byte[100], false));
    rd = f.ready();
    assertThat(rd.snapshotChunks()).extracting(SnapshotChunk::offset).containsExactly(0L);
  }

  /** Node 3 as a follower on {@code disk} (chunks of 100 bytes). */
  private static RaftCore follower(MemoryStorage disk) {
    return new RaftCore(TestCluster.withId(cluster(100, 1).base, 3), disk, TestSnapshots.NONE,
        new java.util.SplittableRandom(3));
  }

  @Test
  @DisplayName("7 a follower that already holds everything a snapshot covers answers its first"
      + " chunk with 'installed' and only advances its commit index")
  void followerAlreadyHoldingTheSnapshotAnswersInstalled() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore f = follower(disk);
    f.step(new Message.AppendEntries(1, 3, 2, 0, 0, java.util.List.of(
        new Entry(2, 1, EntryType.NOOP, new byte[0]), new Entry(2, 2, EntryType.NORMAL,
            new byte[] {1}), new Entry(2, 3, EntryType.NORMAL, new byte[] {2})), 0));
    LeaderHarness.persist(f, disk);
    SnapshotMeta meta = new SnapshotMeta(2, 2);
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 0, new byte[100], false));
    Ready rd = LeaderHarness.persist(f, disk);
    assertThat(rd.snapshotChunks()).isEmpty();
    assertThat(rd.messages()).containsExactly(new InstallSnapshotResponse(3, 1, 2, meta, 0, true));
    assertThat(f.commitIndex()).isEqualTo(2);
    assertThat(f.lastIndex()).isEqualTo(3);
  }

  @Test
  @DisplayName("7 a damaged snapshot is forgotten: the follower asks the leader to start over at"
      + " offset 0, and a chunk of the old stream is answered with 0")
  void damagedSnapshotAsksForOffsetZero() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore f = follower(disk);
    SnapshotMeta meta = new SnapshotMeta(10, 2);
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 0, new byte[100], false));
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 100, new byte[50], true));
    Ready rd = LeaderHarness.persist(f, disk);
    assertThat(rd.snapshotChunks()).extracting(SnapshotChunk::last).containsExactly(false, true);
    assertThat(rd.messages()).as("the last chunk waits for the driver's check")
        .containsExactly(new InstallSnapshotResponse(3, 1, 2, meta, 100, false));
    f.snapshotReceived(new SnapshotMeta(9, 2), false); // about another snapshot: ignored
    assertThat(f.hasReady()).isFalse();
    f.snapshotReceived(meta, false);
    assertThat(LeaderHarness.persist(f, disk).messages())
        .containsExactly(new InstallSnapshotResponse(3, 1, 2, meta, 0, false));
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 100, new byte[50], true));
    rd = LeaderHarness.persist(f, disk);
    assertThat(rd.snapshotChunks()).isEmpty();
    assertThat(rd.messages()).containsExactly(new InstallSnapshotResponse(3, 1, 2, meta, 0, false));
  }

  @Test
  @DisplayName("7 an intact snapshot is installed: the next Ready carries it and the leader is told"
      + " the follower holds all of it; a resent chunk meanwhile only gets the offset held")
  void intactSnapshotInstalledAndAcknowledged() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore f = follower(disk);
    SnapshotMeta meta = new SnapshotMeta(10, 2);
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 0, new byte[100], false));
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 100, new byte[50], true));
    LeaderHarness.persist(f, disk);
    // The leader's stall timer resends the last chunk while the driver is still checking.
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 150, new byte[0], true));
    Ready rd = LeaderHarness.persist(f, disk);
    assertThat(rd.snapshotChunks()).isEmpty();
    assertThat(rd.messages()).containsExactly(
        new InstallSnapshotResponse(3, 1, 2, meta, 150, false));
    f.snapshotReceived(meta, true);
    rd = f.ready();
    assertThat(rd.snapshotToInstall()).contains(meta);
    assertThat(rd.messages()).containsExactly(
        new InstallSnapshotResponse(3, 1, 2, meta, 150, true));
  }

  @Test
  @DisplayName("7 a newer snapshot's chunk that arrives between the verdict and the Ready that"
      + " installs the checked one waits: that Ready carries the install alone")
  void newStreamWaitsForThePendingInstall() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore f = follower(disk);
    SnapshotMeta meta = new SnapshotMeta(10, 2);
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 0, new byte[100], true));
    LeaderHarness.persist(f, disk);
    f.snapshotReceived(meta, true);
    SnapshotMeta newer = new SnapshotMeta(17, 2);
    f.step(new InstallSnapshotChunk(1, 3, 2, newer, 0, new byte[100], true));
    Ready rd = f.ready();
    assertThat(rd.snapshotToInstall()).contains(meta);
    assertThat(rd.snapshotChunks()).as("nothing that would replace the file being installed").isEmpty();
    assertThat(rd.messages()).contains(new InstallSnapshotResponse(3, 1, 2, newer, 0, false));
    f.advance(rd);
    f.step(new InstallSnapshotChunk(1, 3, 2, newer, 0, new byte[100], true));
    assertThat(f.ready().snapshotChunks()).extracting(SnapshotChunk::meta).containsExactly(newer);
  }

  @Test
  @DisplayName("7 entries that arrived while the driver checked a snapshot already cover it: the"
      + " verdict then installs nothing and the leader hears 'installed'")
  void entriesArrivedDuringVerificationCoverTheSnapshot() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore f = follower(disk);
    SnapshotMeta meta = new SnapshotMeta(2, 2);
    f.step(new InstallSnapshotChunk(1, 3, 2, meta, 0, new byte[50], true));
    LeaderHarness.persist(f, disk);
    f.step(new Message.AppendEntries(1, 3, 2, 0, 0, java.util.List.of(
        new Entry(2, 1, EntryType.NOOP, new byte[0]), new Entry(2, 2, EntryType.NORMAL,
            new byte[] {1})), 1));
    LeaderHarness.persist(f, disk);
    assertThat(f.commitIndex()).isEqualTo(1);
    f.snapshotReceived(meta, true);
    Ready rd = f.ready();
    assertThat(rd.snapshotToInstall()).isEmpty();
    assertThat(rd.messages()).containsExactly(new InstallSnapshotResponse(3, 1, 2, meta, 0, true));
    assertThat(f.commitIndex()).isEqualTo(2);
  }
}

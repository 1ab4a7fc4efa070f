package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.AppendEntries;
import io.memgraph.ha.raft.core.Message.AppendEntriesResponse;
import io.memgraph.ha.raft.core.Message.PreVoteResponse;
import io.memgraph.ha.raft.core.Message.RequestVoteResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Node 1 of a three-node cluster elected leader by hand and driven one step at a time: the test
 * plays nodes 2 and 3 by stepping their responses, and handles each Ready as a driver does.
 */
final class LeaderHarness {

  final MemoryStorage disk = new MemoryStorage();
  final RaftCore core;
  /** The application's snapshot that the leader streams ({@link #compactTo}). */
  SnapshotMeta snapshotMeta = SnapshotMeta.NONE;
  byte[] snapshot = new byte[0];
  /** Ticks fed to the core since it was created (its logical clock). */
  long ticks;

  /** Three voters, timing 10..20 / heartbeat 2, the given liveness settings and flow control. */
  static CoreConfig config(boolean preVote, boolean checkQuorum, ReadMode mode) {
    return CoreConfig.defaults(1, IntStream.rangeClosed(1, 3).boxed().toList())
        .withTiming(10, 20, 2).withLiveness(preVote, checkQuorum, mode);
  }

  LeaderHarness(int inflight, long sizePerMsg) {
    this(config(false, false, ReadMode.SAFE).withFlowControl(inflight, sizePerMsg, 1 << 20, 4));
  }

  /** Elects node 1 with node 2's (pre-)vote. */
  LeaderHarness(CoreConfig cfg) {
    core = new RaftCore(cfg, disk, source(), new SplittableRandom(1));
    while (core.role() == Role.FOLLOWER) {
      tick();
    }
    ready();
    if (core.role() == Role.PRE_CANDIDATE) {
      core.step(new PreVoteResponse(2, 1, core.term() + 1, true));
      ready();
    }
    core.step(new RequestVoteResponse(2, 1, core.term(), true));
    assertThat(core.role()).isEqualTo(Role.LEADER);
  }

  private SnapshotSource source() {
    return new SnapshotSource() {
      @Override
      public Optional<Long> size(SnapshotMeta meta) {
        return meta.equals(snapshotMeta) ? Optional.of((long) snapshot.length) : Optional.empty();
      }

      @Override
      public Optional<byte[]> read(SnapshotMeta meta, long offset, int maxBytes) {
        return meta.equals(snapshotMeta) ? Optional.of(Arrays.copyOfRange(snapshot, (int) offset,
            (int) Math.min(snapshot.length, offset + maxBytes))) : Optional.empty();
      }
    };
  }

  /** The application writes a snapshot of {@code size} bytes at {@code index} and compacts. */
  SnapshotMeta compactTo(long index, int size) {
    snapshotMeta = new SnapshotMeta(index, core.termAt(index));
    snapshot = new byte[size];
    Arrays.fill(snapshot, (byte) index);
    disk.compact(snapshotMeta);
    return snapshotMeta;
  }

  void tick() {
    core.tick();
    ticks++;
  }

  /** Handles one Ready as a driver does; returns the messages it carried. */
  List<Message> ready() {
    return persist(core, disk).messages();
  }

  /** Handles one Ready of {@code c}, persisting its entries and hard state to {@code disk}. */
  static Ready persist(RaftCore c, MemoryStorage disk) {
    Ready rd = c.ready();
    disk.append(rd.entries());
    rd.hardState().ifPresent(disk::setHardState);
    c.advance(rd);
    return rd;
  }

  /** The AppendEntries of the next Ready addressed to {@code peer}. */
  List<AppendEntries> appendsTo(int peer) {
    return ready().stream().filter(m -> m instanceof AppendEntries && m.to() == peer)
        .map(m -> (AppendEntries) m).toList();
  }

  /** {@code peer} acknowledges holding the log up to {@code match}. */
  void ack(int peer, long match) {
    core.step(new AppendEntriesResponse(peer, 1, core.term(), true, match, 0, 0, 0));
  }

  void propose(int n) {
    for (int i = 0; i < n; i++) {
      assertThat(core.propose(new byte[] {(byte) i})).isInstanceOf(ProposeResult.Accepted.class);
    }
  }

  /** Makes {@code peer} a replicating follower that holds the leader's no-op (index 1). */
  void replicating(int peer) {
    assertThat(appendsTo(peer)).as("the first probe carries the no-op").singleElement()
        .satisfies(ae -> assertThat(ae.prevLogIndex()).isZero());
    ack(peer, 1);
    ready();
  }
}

package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.AppendEntries;
import io.memgraph.ha.raft.core.Message.AppendEntriesResponse;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Ready/advance contract between the core and its driver. */
class ReadyContractTest {

  private static RaftCore single(MemoryStorage disk) {
    return new RaftCore(CoreConfig.defaults(1, List.of(1)).withTiming(10, 20, 2), disk,
        TestSnapshots.NONE, new SplittableRandom(1));
  }

  @Test
  @DisplayName("Ready: a leader counts its own entry towards the majority only after advance"
      + " (after the driver's fsync)")
  void leaderCountsOwnEntryAfterAdvance() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore c = single(disk);
    for (int i = 0; i < 20 && c.role() != Role.LEADER; i++) {
      c.tick();
    }
    assertThat(c.role()).isEqualTo(Role.LEADER);
    Ready rd = c.ready();
    assertThat(rd.entries()).hasSize(1);
    assertThat(rd.committedEntries()).isEmpty();
    assertThat(c.commitIndex()).isZero();
    disk.append(rd.entries());
    disk.setHardState(rd.hardState().orElseThrow());
    c.advance(rd);
    assertThat(c.commitIndex()).isEqualTo(1);
    rd = c.ready();
    assertThat(rd.committedEntries()).extracting(Entry::index).containsExactly(1L);
    assertThat(rd.hardState()).map(HardState::commit).contains(1L);
    c.advance(rd);
    assertThat(c.hasReady()).isFalse();
  }

  @Test
  @DisplayName("Ready: a follower's acknowledgement leaves in the same Ready as the entries it"
      + " acknowledges, so it is sent only after they are persisted")
  void ackTravelsWithEntries() {
    RaftCore f = new RaftCore(CoreConfig.defaults(2, List.of(1, 2, 3)), new MemoryStorage(),
        TestSnapshots.NONE, new SplittableRandom(1));
    Entry e = new Entry(1, 1, EntryType.NORMAL, new byte[] {1});
    f.step(new AppendEntries(1, 2, 1, 0, 0, List.of(e), 0));
    Ready rd = f.ready();
    assertThat(rd.entries()).containsExactly(e);
    assertThat(rd.messages()).singleElement().isInstanceOfSatisfying(
        AppendEntriesResponse.class, r -> assertThat(r.matchIndex()).isEqualTo(1));
    assertThat(rd.mustSync()).isTrue();
    assertThat(rd.softState()).map(SoftState::leader).contains(1);
  }

  @Test
  @DisplayName("Ready: entries replaced before advance are not marked stable")
  void replacedEntriesStayUnstable() {
    MemoryStorage disk = new MemoryStorage();
    RaftCore f = new RaftCore(CoreConfig.defaults(2, List.of(1, 2, 3)), disk, TestSnapshots.NONE,
        new SplittableRandom(1));
    f.step(new AppendEntries(1, 2, 1, 0, 0,
        List.of(new Entry(1, 1, EntryType.NORMAL, new byte[0]),
            new Entry(1, 2, EntryType.NORMAL, new byte[0])), 0));
    Ready rd = f.ready();
    disk.append(rd.entries());
    disk.setHardState(rd.hardState().orElseThrow());
    f.advance(rd);
    // A new leader overwrites index 2.
    f.step(new AppendEntries(3, 2, 2, 1, 1,
        List.of(new Entry(2, 2, EntryType.NORMAL, new byte[0])), 0));
    rd = f.ready();
    assertThat(rd.entries()).extracting(Entry::term).containsExactly(2L);
    disk.append(rd.entries());
    f.advance(rd);
    assertThat(disk.term(2)).isEqualTo(2);
    assertThat(f.hasReady()).isFalse();
  }

  @Test
  @DisplayName("Ready: a role change is reported once, so a driver can fail pending proposals")
  void softStateReportedOnChange() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    RaftCore l = cl.core(1);
    l.step(new Message.RequestVoteResponse(2, 1, l.term() + 1, false));
    Ready rd = l.ready();
    assertThat(rd.softState()).contains(new SoftState(l.term(), Role.FOLLOWER, 0));
    l.advance(rd);
    assertThat(l.ready().softState()).isEmpty();
  }

  private static Ready ready(Optional<HardState> hs, List<Entry> entries,
      List<SnapshotChunk> chunks, Optional<SnapshotMeta> install) {
    return new Ready(Optional.empty(), hs, entries, chunks, install, List.of(),
        List.of(new Message.Heartbeat(1, 2, 1, 0, 0)), List.of(), List.of(), Optional.empty());
  }

  @Test
  @DisplayName("Ready: each thing to persist (hard state, entries, snapshot chunks, a snapshot to"
      + " install) alone makes the driver persist before sending; nothing to persist does not")
  void mustSyncForEachThingToPersist() {
    SnapshotMeta meta = new SnapshotMeta(5, 1);
    Entry e = new Entry(1, 1, EntryType.NORMAL, new byte[] {1});
    SnapshotChunk chunk = new SnapshotChunk(meta, 0, new byte[] {1}, true);
    assertThat(ready(Optional.empty(), List.of(), List.of(), Optional.empty()).mustSync())
        .isFalse();
    assertThat(ready(Optional.of(new HardState(1, 1, 0)), List.of(), List.of(), Optional.empty())
        .mustSync()).isTrue();
    assertThat(ready(Optional.empty(), List.of(e), List.of(), Optional.empty()).mustSync())
        .isTrue();
    assertThat(ready(Optional.empty(), List.of(), List.of(chunk), Optional.empty()).mustSync())
        .isTrue();
    assertThat(ready(Optional.empty(), List.of(), List.of(), Optional.of(meta)).mustSync())
        .isTrue();
  }

  @Test
  @DisplayName("Ready: only a leader's replication messages may leave before its fsync (thesis"
      + " 10.2.1); votes and acknowledgements wait for it")
  void onlyReplicationMessagesMaySendBeforeSync() {
    SnapshotMeta meta = new SnapshotMeta(5, 1);
    List<Message> early = List.of(
        new AppendEntries(1, 2, 1, 0, 0, List.of(), 0),
        new Message.Heartbeat(1, 2, 1, 0, 0),
        new Message.InstallSnapshotChunk(1, 2, 1, meta, 0, new byte[0], false),
        new Message.TimeoutNow(1, 2, 1));
    List<Message> late = List.of(
        new Message.PreVote(1, 2, 2, 0, 0),
        new Message.PreVoteResponse(2, 1, 2, true),
        new Message.RequestVote(1, 2, 2, 0, 0, false),
        new Message.RequestVoteResponse(2, 1, 2, true),
        new AppendEntriesResponse(2, 1, 1, true, 1, 0, 0, 0),
        new Message.HeartbeatResponse(2, 1, 1, 0),
        new Message.InstallSnapshotResponse(2, 1, 1, meta, 1, false));
    assertThat(early).allMatch(Ready::maySendBeforeSync);
    assertThat(late).noneMatch(Ready::maySendBeforeSync);
  }
}

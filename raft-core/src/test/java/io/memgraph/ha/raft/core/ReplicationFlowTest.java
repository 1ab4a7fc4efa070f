package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.AppendEntries;
import io.memgraph.ha.raft.core.Message.Heartbeat;
import io.memgraph.ha.raft.core.Message.HeartbeatResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The leader's flow control towards one follower (etcd's Progress): one probe at a time until the
 * follower's position is known, then pipelining bounded by {@code maxInflightMsgs} messages of at
 * most {@code maxSizePerMsg} bytes each. Node 1 is driven by hand ({@link LeaderHarness}).
 */
class ReplicationFlowTest {

  private static List<Long> prevIndexes(List<AppendEntries> appends) {
    return appends.stream().map(AppendEntries::prevLogIndex).toList();
  }

  /** The entry indexes each message carries, in sending order (an empty list: no entries). */
  private static List<List<Long>> carried(List<AppendEntries> appends) {
    return appends.stream().map(ae -> ae.entries().stream().map(Entry::index).toList()).toList();
  }

  @Test
  @DisplayName("flow control: a replicating follower gets every new entry at once, one message per"
      + " maxSizePerMsg, while the window has room")
  void replicatePipelinesAllNewEntriesWithinTheWindow() {
    LeaderHarness l = new LeaderHarness(8, 1);
    l.replicating(2);
    l.propose(4);
    List<AppendEntries> out = l.appendsTo(2);
    // maxSizePerMsg of one byte still lets one entry through per message.
    assertThat(prevIndexes(out)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(carried(out)).containsExactly(List.of(2L), List.of(3L), List.of(4L), List.of(5L));
    assertThat(out).allSatisfy(ae -> assertThat(ae.entries()).hasSize(1));
  }

  @Test
  @DisplayName("flow control: at most maxInflightMsgs unacknowledged AppendEntries; an ack frees"
      + " exactly the messages it covers")
  void replicateStopsAtTheInflightLimit() {
    LeaderHarness l = new LeaderHarness(3, 1);
    l.replicating(2);
    l.propose(5); // indexes 2..6
    assertThat(carried(l.appendsTo(2))).containsExactly(List.of(2L), List.of(3L), List.of(4L));
    assertThat(l.appendsTo(2)).as("window full").isEmpty();
    l.ack(2, 2); // frees the message ending at 2 only; the window is full again after entry 5
    assertThat(carried(l.appendsTo(2))).containsExactly(List.of(5L));
    l.ack(2, 5);
    // Entry 6, then the commit index 5 (a majority holds 5) in an empty AppendEntries.
    List<AppendEntries> out = l.appendsTo(2);
    assertThat(carried(out)).containsExactly(List.of(6L), List.of());
    assertThat(out.get(1).leaderCommit()).isEqualTo(5);
  }

  @Test
  @DisplayName("flow control: a probing follower has one AppendEntries in flight, however many"
      + " entries wait")
  void probeSendsOneMessageAtATime() {
    LeaderHarness l = new LeaderHarness(8, 1);
    assertThat(l.appendsTo(3)).singleElement()
        .satisfies(ae -> assertThat(ae.entries()).hasSize(1));
    l.propose(3);
    assertThat(l.appendsTo(3)).as("the probe is unanswered").isEmpty();
    l.ack(3, 1); // the follower's position is known: it replicates, pipelining the rest
    List<AppendEntries> out = l.appendsTo(3);
    assertThat(carried(out)).containsExactly(List.of(2L), List.of(3L), List.of(4L), List.of());
    assertThat(out.get(3).leaderCommit()).as("the no-op is on a majority").isEqualTo(1);
  }

  @Test
  @DisplayName("flow control: a message carries as many entries as fit in maxSizePerMsg")
  void batchingBySize() {
    // Entries of one data byte are 22 bytes: 50 bytes fit two of them.
    LeaderHarness l = new LeaderHarness(8, 2 * (Entry.OVERHEAD_BYTES + 1) + 6);
    l.replicating(2);
    l.propose(5);
    List<AppendEntries> out = l.appendsTo(2);
    assertThat(out).extracting(ae -> ae.entries().size()).containsExactly(2, 2, 1);
    assertThat(prevIndexes(out)).containsExactly(1L, 3L, 5L);
  }

  @Test
  @DisplayName("flow control: a heartbeat response frees the oldest in-flight message of a full"
      + " window (its ack may be lost) and the leader sends on")
  void heartbeatResponseUnblocksAFullWindow() {
    LeaderHarness l = new LeaderHarness(2, 1);
    l.replicating(2);
    l.propose(4); // indexes 2..5
    assertThat(carried(l.appendsTo(2))).containsExactly(List.of(2L), List.of(3L));
    l.core.step(new HeartbeatResponse(2, 1, l.core.term(), 0));
    assertThat(carried(l.appendsTo(2))).containsExactly(List.of(4L));
  }

  @Test
  @DisplayName("5.3 the leader sends a follower whose acknowledged log is complete only"
      + " heartbeats, not empty AppendEntries, on a heartbeat response")
  void upToDateFollowerGetsNoAppendOnHeartbeatResponse() {
    LeaderHarness l = new LeaderHarness(8, 1 << 20);
    l.replicating(2);
    l.core.step(new HeartbeatResponse(2, 1, l.core.term(), 0));
    assertThat(l.appendsTo(2)).isEmpty();
    l.propose(1);
    l.ready();
    // Entry 2 is in flight, unacknowledged: the leader offers an empty AppendEntries after it, so
    // a follower that lost entry 2 rejects and replication resumes from where it really is.
    l.core.step(new HeartbeatResponse(2, 1, l.core.term(), 0));
    assertThat(l.appendsTo(2)).singleElement().satisfies(ae -> {
      assertThat(ae.prevLogIndex()).isEqualTo(2);
      assertThat(ae.entries()).isEmpty();
    });
  }

  @Test
  @DisplayName("5.3 heartbeats carry the commit index capped at what each follower is known to"
      + " hold")
  void heartbeatCommitCappedAtMatch() {
    LeaderHarness l = new LeaderHarness(8, 1 << 20);
    l.replicating(2);
    l.propose(2);
    l.ready();
    l.ack(2, 3);
    assertThat(l.core.commitIndex()).isEqualTo(3);
    l.ready();
    l.core.tick();
    l.core.tick();
    List<Message> out = l.ready();
    assertThat(out).filteredOn(m -> m instanceof Heartbeat)
        .extracting(m -> ((Heartbeat) m).to(), m -> ((Heartbeat) m).commit())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 3L),
            org.assertj.core.groups.Tuple.tuple(3, 0L));
  }

  @Test
  @DisplayName("flow control: a rejection from a replicating follower sends the leader back to"
      + " probing from its match index, one message at a time; a later stale rejection is ignored")
  void rejectionTurnsReplicateIntoProbe() {
    LeaderHarness l = new LeaderHarness(8, 1);
    l.replicating(2);
    l.propose(3); // indexes 2..4
    assertThat(l.appendsTo(2)).hasSize(3);
    long term = l.core.term();
    // Node 2 lost the message with entry 2: it rejects the one after it (prevLogIndex 2).
    l.core.step(new Message.AppendEntriesResponse(2, 1, term, false, 0, 2, 1, term));
    assertThat(l.appendsTo(2)).singleElement().satisfies(ae -> {
      assertThat(ae.prevLogIndex()).isEqualTo(1);
      assertThat(ae.entries()).extracting(Entry::index).containsExactly(2L);
    });
    l.core.step(new Message.AppendEntriesResponse(2, 1, term, false, 0, 3, 1, term));
    assertThat(l.appendsTo(2)).as("the probe is outstanding").isEmpty();
  }

  @Test
  @DisplayName("7 the leader sends nothing while its SnapshotSource lacks the snapshot a"
      + " replicating follower needs, and streams it once it is there")
  void snapshotNotYetAvailable() {
    LeaderHarness l = new LeaderHarness(LeaderHarness.config(false, false, ReadMode.SAFE)
        .withFlowControl(1, 1, 1 << 20, 4));
    l.replicating(2);
    l.propose(3); // indexes 2..4, one per message, one message in flight
    assertThat(carried(l.appendsTo(2))).containsExactly(List.of(2L));
    for (long i = 1; i <= 4; i++) {
      l.ack(3, i); // node 3 takes them all
      l.ready();
    }
    assertThat(l.core.commitIndex()).isEqualTo(4);
    SnapshotMeta meta = new SnapshotMeta(4, l.core.term());
    l.disk.compact(meta); // the application compacted but has not stored the snapshot yet
    l.ack(2, 2); // node 2 needs index 3 onwards, which is gone
    assertThat(l.ready()).filteredOn(m -> m.to() == 2).isEmpty();
    l.snapshotMeta = meta;
    l.snapshot = new byte[10];
    l.core.step(new HeartbeatResponse(2, 1, l.core.term(), 0));
    assertThat(l.ready()).filteredOn(m -> m.to() == 2).singleElement()
        .isInstanceOfSatisfying(Message.InstallSnapshotChunk.class, c -> {
          assertThat(c.meta()).isEqualTo(meta);
          assertThat(c.done()).isTrue();
        });
  }
}

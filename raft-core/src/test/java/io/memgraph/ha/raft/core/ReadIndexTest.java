package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.Heartbeat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Linearizable reads (Raft thesis 6.4 ReadIndex, 6.4.1 leases). */
class ReadIndexTest {

  private static CoreConfig config(ReadMode mode) {
    return CoreConfig.defaults(1, IntStream.rangeClosed(1, 3).boxed().toList())
        .withTiming(10, 20, 2).withLiveness(true, true, mode);
  }

  @Test
  @DisplayName("6.4 ReadIndex: a read is confirmed at the commit index only after a majority"
      + " acknowledged a heartbeat sent after the request")
  void readWaitsForQuorum() {
    TestCluster cl = new TestCluster(config(ReadMode.SAFE));
    cl.elect(1);
    cl.propose(1, "w");
    long commit = cl.core(1).commitIndex();
    assertThat(cl.core(1).readIndex(7)).isEqualTo(new ReadIndexResult.Pending(7));
    List<Message> out = cl.takeQueued();
    assertThat(out).filteredOn(m -> m instanceof Heartbeat).hasSize(2);
    assertThat(cl.reads.get(1)).isEmpty();
    // One acknowledgement (plus the leader itself) is a majority of 3.
    cl.core(2).step(out.stream().filter(m -> m.to() == 2).findFirst().orElseThrow());
    cl.deliver();
    assertThat(cl.reads.get(1)).containsExactly(new ReadState(7, commit));
  }

  @Test
  @DisplayName("6.4 ReadIndex: a partitioned leader never confirms a read")
  void isolatedLeaderCannotRead() {
    TestCluster cl = new TestCluster(config(ReadMode.SAFE));
    cl.elect(1);
    cl.isolate(1);
    cl.core(1).readIndex(1);
    for (int i = 0; i < 30; i++) {
      cl.core(1).tick();
      cl.deliver();
    }
    assertThat(cl.reads.get(1)).isEmpty();
    assertThat(cl.core(1).role()).isEqualTo(Role.FOLLOWER);
    assertThat(cl.aborted.get(1)).containsExactly(1L);
  }

  @Test
  @DisplayName("6.4 ReadIndex: concurrent reads are batched into one heartbeat round")
  void readsBatched() {
    TestCluster cl = new TestCluster(config(ReadMode.SAFE));
    cl.elect(1);
    cl.takeQueued();
    RaftCore l = cl.core(1);
    l.readIndex(1);
    List<Message> first = cl.takeQueued();
    l.readIndex(2);
    l.readIndex(3);
    assertThat(cl.takeQueued()).as("no new round while one is in flight").isEmpty();
    for (Message m : first) {
      cl.core(m.to()).step(m);
    }
    cl.deliver();
    // Round 1 confirmed read 1 and started one round for reads 2 and 3.
    assertThat(cl.reads.get(1)).extracting(ReadState::requestId).containsExactly(1L, 2L, 3L);
    long heartbeats = cl.delivered.stream().filter(m -> m instanceof Heartbeat).count();
    assertThat(heartbeats).isEqualTo(2);
  }

  @Test
  @DisplayName("6.4 ReadIndex: a new leader answers reads only after committing an entry of its"
      + " term")
  void newLeaderWaitsForNoop() {
    TestCluster cl = new TestCluster(config(ReadMode.SAFE));
    cl.dropIf(m -> m instanceof Message.AppendEntries);
    cl.elect(1);
    assertThat(cl.core(1).commitIndex()).isZero();
    cl.core(1).readIndex(5);
    cl.tickAll(3);
    assertThat(cl.reads.get(1)).isEmpty();
    cl.heal();
    cl.tickAll(3);
    assertThat(cl.reads.get(1)).containsExactly(new ReadState(5, 1));
  }

  @Test
  @DisplayName("6.4.1 lease reads: served without a round trip while the lease holds, with a"
      + " round trip after it expired")
  void leaseReads() {
    TestCluster cl = new TestCluster(config(ReadMode.LEASE));
    // Under leases a freshly started node refuses votes for electionTicksMin ticks.
    for (int i = 0; i < 10; i++) {
      cl.core(2).tick();
      cl.core(3).tick();
    }
    cl.elect(1);
    cl.tickAll(2); // a heartbeat round acknowledged by everyone starts the lease
    RaftCore l = cl.core(1);
    l.readIndex(1);
    assertThat(cl.takeQueued()).isEmpty();
    assertThat(cl.reads.get(1)).containsExactly(new ReadState(1, l.commitIndex()));
    cl.isolate(2);
    cl.isolate(3);
    for (int i = 0; i < 10; i++) {
      l.tick();
      cl.deliver();
    }
    l.readIndex(2);
    cl.deliver();
    assertThat(cl.reads.get(1)).extracting(ReadState::requestId).containsExactly(1L);
  }

  @Test
  @DisplayName("6.4.1 lease reads require check-quorum")
  void leaseNeedsCheckQuorum() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CoreConfig.defaults(1, List.of(1, 2, 3))
        .withLiveness(true, false, ReadMode.LEASE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkQuorum");
  }

  @Test
  @DisplayName("6.4.1 lease reads: a restarted node refuses votes for electionTicksMin ticks, since"
      + " it may have promised a lease before it crashed")
  void restartFence() {
    RaftCore restarted = new RaftCore(TestCluster.withId(config(ReadMode.LEASE), 2),
        new MemoryStorage(), TestSnapshots.NONE, new java.util.SplittableRandom(2));
    restarted.step(new Message.RequestVote(3, 2, 5, 0, 0, false));
    assertThat(restarted.term()).isZero();
    assertThat(restarted.ready().messages()).isEmpty();
    for (int i = 0; i < 10; i++) {
      restarted.tick();
    }
    restarted.step(new Message.RequestVote(3, 2, 5, 0, 0, false));
    assertThat(restarted.term()).isEqualTo(5);
    assertThat(restarted.ready().messages())
        .containsExactly(new Message.RequestVoteResponse(2, 3, 5, true));
  }

  /**
   * Ticks the leader until it broadcasts a heartbeat round; returns {@code {tick, context}}: the
   * leader's clock when the round left and the round's context.
   */
  private static long[] nextHeartbeatRound(LeaderHarness l) {
    for (int i = 0; i < 10; i++) {
      l.tick();
      List<Heartbeat> out = l.ready().stream().filter(m -> m instanceof Heartbeat)
          .map(m -> (Heartbeat) m).toList();
      if (!out.isEmpty()) {
        return new long[] {l.ticks, out.get(0).context()};
      }
    }
    throw new AssertionError("no heartbeat within 10 ticks");
  }

  @Test
  @DisplayName("6.4.1 lease reads: a lease lasts electionTicksMin - 2 ticks from when its"
      + " acknowledged heartbeat round was sent; a read at the last tick is served locally, one"
      + " tick later it needs a round trip")
  void leaseExpiresExactlyTwoTicksBeforeTheFollowersElectionTimeout() {
    LeaderHarness l = new LeaderHarness(LeaderHarness.config(true, true, ReadMode.LEASE));
    l.ready();
    l.ack(2, 1); // the no-op commits: reads are possible
    l.ready();
    long[] round = nextHeartbeatRound(l);
    l.core.step(new Message.HeartbeatResponse(2, 1, l.core.term(), round[1]));
    assertThat(l.ready()).isEmpty();
    // electionTicksMin is 10: the lease covers ticks round[0] .. round[0] + 7.
    while (l.ticks < round[0] + 7) {
      l.tick();
      l.ready();
    }
    l.core.readIndex(1);
    Ready rd = l.core.ready();
    l.core.advance(rd);
    assertThat(rd.readStates()).containsExactly(new ReadState(1, 1));
    assertThat(rd.messages()).as("no round trip").isEmpty();

    l.tick();
    l.ready();
    l.core.readIndex(2);
    rd = l.core.ready();
    l.core.advance(rd);
    assertThat(rd.readStates()).isEmpty();
    assertThat(rd.messages()).as("a heartbeat round confirms the read")
        .hasSize(2).allSatisfy(m -> assertThat(m).isInstanceOf(Heartbeat.class));
  }
}

package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.TimeoutNow;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Leadership transfer (Raft thesis 3.10). */
class LeadershipTransferTest {

  private static TestCluster cluster() {
    return new TestCluster(CoreConfig.defaults(1, IntStream.rangeClosed(1, 3).boxed().toList())
        .withTiming(10, 20, 2).withLiveness(true, true, ReadMode.SAFE));
  }

  @Test
  @DisplayName("3.10 transfer to an up-to-date follower: TimeoutNow, it wins the next term at once")
  void transferToUpToDate() {
    TestCluster cl = cluster();
    cl.elect(1);
    cl.propose(1, "a");
    long term = cl.core(1).term();
    assertThat(cl.core(1).transferLeadership(2)).isTrue();
    cl.deliver();
    assertThat(cl.delivered).filteredOn(m -> m instanceof TimeoutNow).hasSize(1);
    assertThat(cl.core(2).role()).isEqualTo(Role.LEADER);
    assertThat(cl.core(2).term()).isEqualTo(term + 1);
    assertThat(cl.core(1).role()).isEqualTo(Role.FOLLOWER);
    assertThat(cl.core(1).leader()).isEqualTo(2);
  }

  @Test
  @DisplayName("3.10 transfer to a lagging follower first brings its log up to date")
  void transferToLagging() {
    TestCluster cl = cluster();
    cl.elect(1);
    cl.isolate(3);
    cl.propose(1, "a");
    cl.propose(1, "b");
    assertThat(cl.core(3).lastIndex()).isLessThan(cl.core(1).lastIndex());
    cl.heal();
    cl.core(1).transferLeadership(3);
    cl.deliver();
    assertThat(cl.core(3).role()).isEqualTo(Role.LEADER);
    assertThat(cl.core(3).termAt(3)).isEqualTo(1);
  }

  @Test
  @DisplayName("3.10 during a transfer the leader refuses proposals; an unreachable target aborts"
      + " the transfer after an election timeout")
  void transferRefusesAndTimesOut() {
    TestCluster cl = cluster();
    cl.elect(1);
    cl.isolate(3);
    cl.core(1).transferLeadership(3);
    assertThat(cl.core(1).propose(new byte[] {1}))
        .isEqualTo(new ProposeResult.Refused(RefusalReason.LEADERSHIP_TRANSFER_IN_PROGRESS, 1));
    for (int i = 0; i < 10; i++) {
      cl.core(1).tick();
      cl.core(2).tick();
      cl.deliver();
    }
    assertThat(cl.core(1).role()).isEqualTo(Role.LEADER);
    assertThat(cl.core(1).propose(new byte[] {1})).isInstanceOf(ProposeResult.Accepted.class);
  }

  @Test
  @DisplayName("3.10 transfer is refused by a follower or for an unknown target")
  void transferPreconditions() {
    TestCluster cl = cluster();
    cl.elect(1);
    assertThat(cl.core(2).transferLeadership(3)).isFalse();
    assertThat(cl.core(1).transferLeadership(1)).isFalse();
    assertThat(cl.core(1).transferLeadership(9)).isFalse();
  }

  private static List<TimeoutNow> timeoutNows(List<Message> out) {
    return out.stream().filter(m -> m instanceof TimeoutNow).map(m -> (TimeoutNow) m).toList();
  }

  @Test
  @DisplayName("3.10 a target whose log is already up to date gets TimeoutNow at once, and only"
      + " once however often the transfer is requested")
  void upToDateTargetGetsTimeoutNowOnce() {
    LeaderHarness l = new LeaderHarness(8, 1 << 20);
    l.replicating(2);
    assertThat(l.core.transferLeadership(2)).isTrue();
    assertThat(timeoutNows(l.ready())).containsExactly(new TimeoutNow(1, 2, l.core.term()));
    assertThat(l.core.transferLeadership(2)).isTrue();
    assertThat(l.ready()).isEmpty();
  }

  @Test
  @DisplayName("3.10 a lagging target gets TimeoutNow only when it acknowledges the leader's last"
      + " entry")
  void laggingTargetGetsTimeoutNowWhenCaughtUp() {
    LeaderHarness l = new LeaderHarness(8, 1 << 20);
    l.replicating(2);
    l.propose(2); // indexes 2 and 3
    l.ready();
    assertThat(l.core.transferLeadership(2)).isTrue();
    assertThat(timeoutNows(l.ready())).isEmpty();
    l.ack(2, 2);
    assertThat(timeoutNows(l.ready())).isEmpty();
    l.ack(2, 3);
    assertThat(timeoutNows(l.ready())).containsExactly(new TimeoutNow(1, 2, l.core.term()));
  }

  @Test
  @DisplayName("3.10 a transfer is aborted exactly electionTicksMin ticks after it was requested;"
      + " until then proposals and reads are refused")
  void transferAbortedAfterExactlyElectionTicksMin() {
    LeaderHarness l = new LeaderHarness(8, 1 << 20);
    for (int i = 0; i < 5; i++) {
      l.tick(); // the leader's election clock runs before the transfer starts
    }
    assertThat(l.core.transferLeadership(3)).isTrue();
    for (int i = 0; i < 9; i++) {
      l.tick();
    }
    assertThat(l.core.propose(new byte[] {1}))
        .isEqualTo(new ProposeResult.Refused(RefusalReason.LEADERSHIP_TRANSFER_IN_PROGRESS, 1));
    assertThat(l.core.readIndex(1))
        .isEqualTo(new ReadIndexResult.Refused(RefusalReason.LEADERSHIP_TRANSFER_IN_PROGRESS, 1));
    l.tick();
    assertThat(l.core.role()).isEqualTo(Role.LEADER);
    assertThat(l.core.propose(new byte[] {1})).isInstanceOf(ProposeResult.Accepted.class);
  }

  /** Ticks twice (a heartbeat round) and has node 2 acknowledge that round. */
  private static void acknowledgedHeartbeatRound(LeaderHarness l) {
    l.tick();
    l.tick();
    long context = l.ready().stream().filter(m -> m instanceof Message.Heartbeat)
        .mapToLong(m -> ((Message.Heartbeat) m).context()).max().orElseThrow();
    l.core.step(new Message.HeartbeatResponse(2, 1, l.core.term(), context));
    l.ready();
  }

  /** Requests read {@code id}; returns the Ready that follows. */
  private static Ready read(LeaderHarness l, long id) {
    l.core.readIndex(id);
    Ready rd = l.core.ready();
    l.core.advance(rd);
    return rd;
  }

  @Test
  @DisplayName("3.10/6.4.1 once a transfer was attempted in a term the leader holds no lease: a"
      + " late TimeoutNow may elect the target at any time, so reads need a round trip")
  void noLeaseAfterATransferAttempt() {
    LeaderHarness l = new LeaderHarness(LeaderHarness.config(true, true, ReadMode.LEASE));
    l.replicating(2);
    acknowledgedHeartbeatRound(l);
    assertThat(read(l, 1).readStates()).as("the lease holds").containsExactly(new ReadState(1, 1));

    assertThat(l.core.transferLeadership(3)).isTrue();
    for (int i = 0; i < 10; i++) {
      l.tick(); // the transfer times out
    }
    l.ready();
    acknowledgedHeartbeatRound(l);
    Ready rd = read(l, 2);
    assertThat(rd.readStates()).isEmpty();
    assertThat(rd.messages()).filteredOn(m -> m instanceof Message.Heartbeat).hasSize(2);
  }
}

package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.TimeoutNow;
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
}

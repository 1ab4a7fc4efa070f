package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Message.AppendEntriesResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fast back-off for lagging or diverged followers (Raft paper 5.3, end of section). */
class FastBackoffTest {

  @Test
  @DisplayName("5.3 fast back-off: a follower with a long divergent log converges with one"
      + " rejection per conflicting term, not one per entry")
  void oneRejectionPerTerm() {
    TestCluster cl = new TestCluster(3);
    // Leader-to-be: 1 entry of term 1, then 30 of term 4. Node 3 diverged: 30 entries of term 2,
    // then 30 of term 3 (never committed).
    long[] leaderLog = new long[31];
    java.util.Arrays.fill(leaderLog, 4);
    leaderLog[0] = 1;
    long[] stale = new long[61];
    java.util.Arrays.fill(stale, 1, 31, 2);
    java.util.Arrays.fill(stale, 31, 61, 3);
    stale[0] = 1;
    cl.preset(1, new HardState(4, 0, 1), leaderLog);
    cl.preset(2, new HardState(4, 0, 1), leaderLog);
    cl.preset(3, new HardState(3, 0, 1), stale);
    cl.elect(1);
    cl.tickAll(5);
    long rejections = cl.delivered.stream()
        .filter(m -> m instanceof AppendEntriesResponse r && !r.success() && r.from() == 3)
        .count();
    assertThat(cl.logTerms(3)).isEqualTo(cl.logTerms(1));
    assertThat(rejections).isBetween(1L, 3L);
  }

  @Test
  @DisplayName("5.3 fast back-off: a follower far behind is found in one round trip")
  void laggingFollower() {
    TestCluster cl = new TestCluster(3);
    cl.elect(1);
    cl.isolate(3);
    for (int i = 0; i < 50; i++) {
      cl.propose(1, "e" + i);
    }
    cl.heal();
    cl.elect(1); // no-op: re-election is not needed, just deliver
    cl.tickAll(5);
    long rejections = cl.delivered.stream()
        .filter(m -> m instanceof AppendEntriesResponse r && !r.success() && r.from() == 3)
        .count();
    assertThat(rejections).isLessThanOrEqualTo(1);
    assertThat(cl.appliedData(3)).hasSize(50);
  }
}

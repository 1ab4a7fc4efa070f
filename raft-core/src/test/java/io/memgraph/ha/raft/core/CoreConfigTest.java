package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CoreConfig's validation: each range check accepts its limit and rejects one past it. */
class CoreConfigTest {

  /** Valid settings with every bounded field at its smallest allowed value. */
  private static CoreConfig at(int electionMin, int electionMax, int heartbeat) {
    return new CoreConfig(1, List.of(1, 2, 3), electionMin, electionMax, heartbeat, false, false,
        ReadMode.SAFE, 1, 1, 1, 1, -1, 0, 0);
  }

  private static CoreConfig base() {
    return at(3, 3, 2);
  }

  @Test
  @DisplayName("voters: ids are positive, so 1 is allowed and 0 or a negative id is not")
  void voterIdsArePositive() {
    assertThat(base().withId(1).voters()).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> CoreConfig.defaults(1, List.of(1, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voters");
    assertThatThrownBy(() -> CoreConfig.defaults(1, List.of(1, -2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voters");
  }

  @Test
  @DisplayName("voters: an empty or repeating list is rejected, and id must be one of them")
  void votersNonEmptyUniqueAndContainId() {
    assertThatThrownBy(() -> CoreConfig.defaults(1, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voters");
    assertThatThrownBy(() -> CoreConfig.defaults(1, List.of(1, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voters");
    assertThatThrownBy(() -> CoreConfig.defaults(4, List.of(1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id 4");
    assertThat(CoreConfig.defaults(3, List.of(1, 2, 3)).id()).isEqualTo(3);
  }

  @Test
  @DisplayName("timing: heartbeatTicks >= 1 and heartbeatTicks < electionTicksMin <="
      + " electionTicksMax, each accepted at its limit and rejected one past it")
  void timingBoundaries() {
    CoreConfig c = at(2, 2, 1);
    assertThat(List.of(c.electionTicksMin(), c.electionTicksMax(), c.heartbeatTicks()))
        .containsExactly(2, 2, 1);
    assertThatThrownBy(() -> at(2, 2, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatTicks must be >= 1");
    // electionTicksMin == heartbeatTicks: a follower would time out between two heartbeats.
    assertThatThrownBy(() -> at(2, 2, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatTicks < electionTicksMin");
    assertThatThrownBy(() -> at(3, 2, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("electionTicksMin <= electionTicksMax");
    assertThat(at(3, 4, 2).electionTicksMax()).isEqualTo(4);
  }

  @Test
  @DisplayName("readMode: required; LEASE needs checkQuorum and electionTicksMin >= 3")
  void leaseNeedsCheckQuorumAndThreeElectionTicks() {
    assertThatThrownBy(() -> base().withLiveness(false, true, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readMode");
    assertThat(at(3, 3, 1).withLiveness(false, true, ReadMode.LEASE).readMode())
        .isEqualTo(ReadMode.LEASE);
    assertThatThrownBy(() -> at(2, 3, 1).withLiveness(false, true, ReadMode.LEASE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LEASE");
    assertThatThrownBy(() -> at(3, 3, 1).withLiveness(true, false, ReadMode.LEASE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LEASE");
    // Without LEASE neither is needed.
    assertThat(at(2, 3, 1).withLiveness(true, false, ReadMode.SAFE).preVote()).isTrue();
  }

  @Test
  @DisplayName("flow control: every window and size is at least 1")
  void flowControlAtLeastOne() {
    CoreConfig c = base().withFlowControl(1, 1, 1, 1);
    assertThat(List.of((long) c.maxInflightMsgs(), c.maxSizePerMsg(),
        (long) c.snapshotChunkBytes(), (long) c.snapshotChunksInflight()))
        .containsExactly(1L, 1L, 1L, 1L);
    for (int zeroAt = 0; zeroAt < 4; zeroAt++) {
      int[] v = {1, 1, 1, 1};
      v[zeroAt] = 0;
      assertThatThrownBy(() -> base().withFlowControl(v[0], v[1], v[2], v[3]))
          .as("field %d at 0", zeroAt)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be >= 1");
    }
  }

  @Test
  @DisplayName("snapshotThreshold: -1 (never) or at least 1; 0 and -2 are rejected")
  void snapshotThresholdMinusOneOrPositive() {
    assertThat(base().withSnapshotThreshold(-1).snapshotThreshold()).isEqualTo(-1);
    assertThat(base().withSnapshotThreshold(1).snapshotThreshold()).isEqualTo(1);
    assertThatThrownBy(() -> base().withSnapshotThreshold(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshotThreshold");
    assertThatThrownBy(() -> base().withSnapshotThreshold(-2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshotThreshold");
  }

  @Test
  @DisplayName("snapshotBytes: 0 (by entry count only) or more; -1 is rejected")
  void snapshotBytesZeroOrMore() {
    assertThat(base().snapshotBytes()).isZero();
    assertThat(base().withSnapshotBytes(1).snapshotBytes()).isEqualTo(1);
    assertThatThrownBy(() -> base().withSnapshotBytes(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshotBytes");
  }

  @Test
  @DisplayName("apply limits: 0 means no limit, negative values are rejected")
  void applyLimitsNonNegative() {
    CoreConfig c = base().withApplyLimits(0, 0);
    assertThat(c.maxApplyingEntries()).isZero();
    assertThat(c.maxApplyingBytes()).isZero();
    assertThatThrownBy(() -> base().withApplyLimits(-1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxApplying");
    assertThatThrownBy(() -> base().withApplyLimits(0, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxApplying");
  }

  @Test
  @DisplayName("quorum: a strict majority, n / 2 + 1 voters")
  void quorumIsStrictMajority() {
    int[] expected = {1, 2, 2, 3, 3, 4};
    for (int n = 1; n <= 6; n++) {
      List<Integer> voters = java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
      assertThat(CoreConfig.defaults(1, voters).quorum()).as("%d voters", n)
          .isEqualTo(expected[n - 1]);
    }
  }

  @Test
  @DisplayName("with* copies change only their own fields")
  void copiesKeepOtherFields() {
    CoreConfig c = CoreConfig.defaults(2, List.of(1, 2, 3)).withRejoinGuard(true)
        .withApplyLimits(7, 8).withSnapshotThreshold(9).withSnapshotBytes(10);
    CoreConfig d = c.withTiming(30, 40, 5).withFlowControl(2, 3, 4, 5)
        .withLiveness(false, false, ReadMode.SAFE).withId(3);
    assertThat(d).isEqualTo(new CoreConfig(3, List.of(1, 2, 3), 30, 40, 5, false, false,
        ReadMode.SAFE, 2, 3, 4, 5, 9, 7, 8, true, 10));
    assertThat(d.withRejoinGuard(false).rejoinGuard()).isFalse();
    // The 15-argument constructor leaves the guard off.
    assertThat(new CoreConfig(1, List.of(1), 2, 2, 1, false, false, ReadMode.SAFE, 1, 1, 1, 1,
        -1, 0, 0).rejoinGuard()).isFalse();
  }
}

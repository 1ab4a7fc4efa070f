package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The leader's per-follower Progress: flow-control states and how responses move match/next. */
class ProgressTest {

  private static Progress at(Progress.State state, long match, long next) {
    Progress p = new Progress(next, 2);
    p.match = match;
    p.next = next;
    p.state = state;
    return p;
  }

  @Test
  @DisplayName("paused: PROBE while its probe is unanswered, REPLICATE when the inflight window"
      + " is full, SNAPSHOT always")
  void pausedPerState() {
    Progress p = new Progress(5, 2);
    assertThat(p.state).isEqualTo(Progress.State.PROBE);
    assertThat(p.next).isEqualTo(5);
    assertThat(p.match).isZero();
    assertThat(p.isPaused()).isFalse();
    p.probeSent = true;
    assertThat(p.isPaused()).isTrue();

    p.becomeReplicate();
    assertThat(p.isPaused()).isFalse();
    p.inflights.add(1);
    assertThat(p.isPaused()).isFalse();
    p.inflights.add(2);
    assertThat(p.isPaused()).isTrue();

    p.becomeSnapshot(new SnapshotMeta(4, 1), 100);
    assertThat(p.isPaused()).isTrue();
  }

  @Test
  @DisplayName("state changes: next restarts after match, the probe flag and inflights are"
      + " cleared; PROBE forgets the snapshot")
  void stateChangesReset() {
    Progress p = at(Progress.State.PROBE, 3, 9);
    p.probeSent = true;
    p.inflights.add(9);
    p.becomeReplicate();
    assertThat(p.state).isEqualTo(Progress.State.REPLICATE);
    assertThat(p.next).isEqualTo(4);
    assertThat(p.probeSent).isFalse();
    assertThat(p.inflights.count()).isZero();
    p.inflights.add(5);
    p.inflights.add(6);

    SnapshotMeta meta = new SnapshotMeta(20, 2);
    p.snapshotNextOffset = 7;
    p.snapshotAckedOffset = 6;
    p.snapshotReportedOffset = 5;
    p.snapshotStalledTicks = 4;
    p.snapshotAllSent = true;
    p.becomeSnapshot(meta, 123);
    assertThat(p.state).isEqualTo(Progress.State.SNAPSHOT);
    assertThat(p.snapshot).isEqualTo(meta);
    assertThat(p.snapshotSize).isEqualTo(123);
    assertThat(p.inflights.count()).isZero();
    assertThat(p.probeSent).isFalse();
    assertThat(new long[] {p.snapshotNextOffset, p.snapshotAckedOffset, p.snapshotReportedOffset,
        p.snapshotStalledTicks}).containsOnly(0);
    assertThat(p.snapshotAllSent).isFalse();

    // The follower installed it: the caller raises match, then probes after it.
    p.match = 20;
    p.probeSent = true;
    p.inflights.add(21);
    p.becomeProbe();
    assertThat(p.state).isEqualTo(Progress.State.PROBE);
    assertThat(p.next).isEqualTo(21);
    assertThat(p.snapshot).isNull();
    assertThat(p.probeSent).isFalse();
    assertThat(p.inflights.count()).isZero();
  }

  @Test
  @DisplayName("maybeUpdate: a higher index raises match and ends the probe; an equal or lower"
      + " one is stale; next never goes back")
  void maybeUpdate() {
    Progress p = at(Progress.State.PROBE, 3, 4);
    p.probeSent = true;
    assertThat(p.maybeUpdate(3)).isFalse();
    assertThat(p.match).isEqualTo(3);
    assertThat(p.probeSent).isTrue();
    assertThat(p.maybeUpdate(6)).isTrue();
    assertThat(p.match).isEqualTo(6);
    assertThat(p.next).isEqualTo(7);
    assertThat(p.probeSent).isFalse();

    // Pipelined ahead: a response for an older message keeps next.
    p.next = 12;
    assertThat(p.maybeUpdate(8)).isTrue();
    assertThat(p.match).isEqualTo(8);
    assertThat(p.next).isEqualTo(12);
  }

  @Test
  @DisplayName("maybeDecrTo: a follower that rejects at or below match with a hint below it lost"
      + " its log; match drops to the hint (never below 0)")
  void rejectionBelowMatchMeansLostLog() {
    Progress p = at(Progress.State.REPLICATE, 5, 9);
    p.probeSent = true;
    assertThat(p.maybeDecrTo(5, 2)).isTrue();
    assertThat(p.match).isEqualTo(2);
    assertThat(p.next).isEqualTo(3);
    assertThat(p.probeSent).isFalse();

    Progress q = at(Progress.State.PROBE, 5, 6);
    assertThat(q.maybeDecrTo(4, -1)).isTrue();
    assertThat(q.match).isZero();
    assertThat(q.next).isEqualTo(1);

    // A hint at match is an ordinary stale rejection in REPLICATE.
    Progress r = at(Progress.State.REPLICATE, 5, 9);
    assertThat(r.maybeDecrTo(5, 5)).isFalse();
    assertThat(r.match).isEqualTo(5);
    assertThat(r.next).isEqualTo(9);
  }

  @Test
  @DisplayName("maybeDecrTo in SNAPSHOT: match is kept even for a rejection below it")
  void snapshotKeepsMatch() {
    Progress p = at(Progress.State.SNAPSHOT, 5, 9);
    assertThat(p.maybeDecrTo(5, 2)).isFalse();
    assertThat(p.match).isEqualTo(5);
    assertThat(p.next).isEqualTo(9);
  }

  @Test
  @DisplayName("maybeDecrTo in REPLICATE: a rejection above match sends next back to match + 1")
  void replicateRejection() {
    Progress p = at(Progress.State.REPLICATE, 5, 9);
    assertThat(p.maybeDecrTo(6, 3)).isTrue();
    assertThat(p.match).isEqualTo(5);
    assertThat(p.next).isEqualTo(6);
  }

  @Test
  @DisplayName("maybeDecrTo in PROBE: only the rejection of the last probe (next - 1) counts;"
      + " next moves to the hint + 1, within (match, rejected]")
  void probeRejection() {
    Progress p = at(Progress.State.PROBE, 2, 8);
    assertThat(p.maybeDecrTo(6, 3)).isFalse();
    assertThat(p.next).isEqualTo(8);
    p.probeSent = true;
    assertThat(p.maybeDecrTo(7, 4)).isTrue();
    assertThat(p.next).isEqualTo(5);
    assertThat(p.probeSent).isFalse();
    assertThat(p.match).isEqualTo(2);

    Progress high = at(Progress.State.PROBE, 2, 8);
    assertThat(high.maybeDecrTo(7, 20)).isTrue();
    assertThat(high.next).isEqualTo(7);

    Progress low = at(Progress.State.PROBE, 2, 8);
    assertThat(low.maybeDecrTo(7, 0)).isTrue();
    assertThat(low.next).isEqualTo(3);
  }

  @Test
  @DisplayName("toString names the state, match and next (log lines)")
  void toStringShowsPosition() {
    assertThat(at(Progress.State.REPLICATE, 3, 7).toString())
        .isEqualTo("REPLICATE{match=3, next=7}");
  }
}

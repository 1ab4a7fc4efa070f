package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The leader's ReadIndex bookkeeping (thesis 6.4): rounds, batching and confirmation. */
class ReadIndexTrackerTest {

  @Test
  @DisplayName("rounds: numbered 1, 2, ... with their send tick; pruning forgets only older"
      + " rounds")
  void roundsAndSendTimes() {
    ReadIndexTracker t = new ReadIndexTracker();
    assertThat(t.lastRound()).isZero();
    assertThat(t.nextRound(10)).isEqualTo(1);
    assertThat(t.nextRound(12)).isEqualTo(2);
    assertThat(t.nextRound(15)).isEqualTo(3);
    assertThat(t.lastRound()).isEqualTo(3);
    assertThat(t.sentAt(2)).isEqualTo(12);
    assertThat(t.sentAt(4)).isEqualTo(-1);
    t.pruneBefore(2);
    assertThat(t.sentAt(1)).isEqualTo(-1);
    assertThat(t.sentAt(2)).isEqualTo(12);
    assertThat(t.sentAt(3)).isEqualTo(15);
  }

  @Test
  @DisplayName("6.4 batching: a read starts a round unless one serving earlier reads is in"
      + " flight; reads waiting for an unsent round are reported")
  void batching() {
    ReadIndexTracker t = new ReadIndexTracker();
    assertThat(t.hasUnsentReads()).isFalse();
    assertThat(t.add(100, 5)).isTrue();
    assertThat(t.hasUnsentReads()).isTrue();
    // Not yet sent: a second read joins the same round, and the caller may still start it.
    assertThat(t.add(101, 5)).isTrue();
    long round = t.nextRound(0);
    assertThat(t.hasUnsentReads()).isFalse();
    // Round in flight: the next read waits for the following round.
    assertThat(t.add(102, 6)).isFalse();
    assertThat(t.hasUnsentReads()).isFalse();
    assertThat(t.confirm(round)).containsExactly(new ReadState(100, 5), new ReadState(101, 5));
    assertThat(t.hasUnsentReads()).isTrue();
    long next = t.nextRound(1);
    assertThat(t.hasUnsentReads()).isFalse();
    assertThat(t.confirm(next)).containsExactly(new ReadState(102, 6));
    assertThat(t.confirm(next)).isEmpty();
  }

  @Test
  @DisplayName("6.4 confirm: releases the reads of the acknowledged round and earlier ones, not"
      + " those waiting for a later round")
  void confirmUpToRound() {
    ReadIndexTracker t = new ReadIndexTracker();
    t.add(1, 3);
    long r1 = t.nextRound(0);
    t.add(2, 4);
    long r2 = t.nextRound(1);
    assertThat(t.confirm(r1 - 1)).isEmpty();
    assertThat(t.confirm(r1)).containsExactly(new ReadState(1, 3));
    assertThat(t.add(3, 4)).isFalse();
    assertThat(t.confirm(r2)).containsExactly(new ReadState(2, 4));
    assertThat(t.confirm(r2 + 5)).containsExactly(new ReadState(3, 4));
  }

  @Test
  @DisplayName("leadership lost: every waiting read fails, send times go, round numbers do not"
      + " restart")
  void abortAll() {
    ReadIndexTracker t = new ReadIndexTracker();
    t.awaitTermCommit(7);
    t.awaitTermCommit(8);
    t.add(9, 1);
    t.nextRound(4);
    t.add(10, 1);
    assertThat(t.abortAll()).containsExactly(7L, 8L, 9L, 10L);
    assertThat(t.abortAll()).isEmpty();
    assertThat(t.drainAwaitingTermCommit()).isEmpty();
    assertThat(t.sentAt(1)).isEqualTo(-1);
    assertThat(t.confirm(Long.MAX_VALUE)).isEmpty();
    assertThat(t.lastRound()).isEqualTo(1);
    assertThat(t.nextRound(5)).isEqualTo(2);
  }

  @Test
  @DisplayName("6.4 reads before the leader's first commit wait, in arrival order, and are"
      + " handed out once")
  void awaitingTermCommitDrainsOnce() {
    ReadIndexTracker t = new ReadIndexTracker();
    t.awaitTermCommit(3);
    t.awaitTermCommit(1);
    assertThat(t.drainAwaitingTermCommit()).containsExactly(3L, 1L);
    assertThat(t.drainAwaitingTermCommit()).isEmpty();
  }
}

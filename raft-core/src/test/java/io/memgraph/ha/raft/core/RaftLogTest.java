package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RaftLog: the durable log in storage followed by the unstable suffix, commit and applied. */
class RaftLogTest {

  /** Bytes {@link Entry#sizeBytes()} counts for a no-op entry. */
  private static final long NOOP = Entry.OVERHEAD_BYTES;

  /** A storage holding no-op entries 1..n with these terms. */
  static MemoryStorage disk(long... terms) {
    MemoryStorage s = new MemoryStorage();
    s.append(noops(1, terms));
    return s;
  }

  /** {@code disk(terms)} compacted up to {@code snapshotIndex} (taking that entry's term). */
  static MemoryStorage compacted(int snapshotIndex, long... terms) {
    MemoryStorage s = disk(terms);
    s.compact(new SnapshotMeta(snapshotIndex, terms[snapshotIndex - 1]));
    return s;
  }

  /** No-op entries from index {@code first} with these terms. */
  static List<Entry> noops(long first, long... terms) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      out.add(Entry.noop(terms[i], first + i));
    }
    return out;
  }

  static List<Long> indexes(List<Entry> entries) {
    return entries.stream().map(Entry::index).toList();
  }

  /** Terms of indexes lo..hi as the log answers them. */
  private static List<Long> terms(RaftLog log, long lo, long hi) {
    List<Long> out = new ArrayList<>();
    for (long i = lo; i <= hi; i++) {
      out.add(log.term(i));
    }
    return out;
  }

  /** A log over {@code s} plus unstable entries appended as a leader. */
  private static RaftLog withUnstable(MemoryStorage s, long... unstableTerms) {
    RaftLog log = new RaftLog(s);
    for (Entry e : noops(s.lastIndex() + 1, unstableTerms)) {
      log.append(e);
    }
    return log;
  }

  @Test
  @DisplayName("start-up: the log continues the storage; commit comes from the hard state and"
      + " may equal the last index but not pass it")
  void startsFromStorage() {
    MemoryStorage s = disk(1, 1, 2);
    s.setHardState(new HardState(2, 0, 3));
    RaftLog log = new RaftLog(s);
    assertThat(log.firstIndex()).isEqualTo(1);
    assertThat(log.lastIndex()).isEqualTo(3);
    assertThat(log.lastTerm()).isEqualTo(2);
    assertThat(log.committed()).isEqualTo(3);
    assertThat(log.applied()).isZero();
    assertThat(log.hasUnstableEntries()).isFalse();
    assertThat(log.durableLastIndex()).isEqualTo(3);

    s.setHardState(new HardState(2, 0, 4));
    assertThatThrownBy(() -> new RaftLog(s)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("beyond last log index 3");
  }

  @Test
  @DisplayName("start-up after compaction: applied and commit start at the snapshot index")
  void startsAfterSnapshot() {
    RaftLog log = new RaftLog(compacted(2, 1, 1, 2, 2));
    assertThat(log.firstIndex()).isEqualTo(3);
    assertThat(log.applied()).isEqualTo(2);
    assertThat(log.committed()).isEqualTo(2);
    assertThat(log.hasNextCommitted()).isFalse();
    assertThat(log.snapshotMeta()).isEqualTo(new SnapshotMeta(2, 1));
  }

  @Test
  @DisplayName("term: UNKNOWN below the snapshot and past the end; the snapshot's term at its"
      + " index; storage, then unstable entries up to the last index")
  void termAcrossSnapshotStorageAndUnstable() {
    RaftLog log = withUnstable(compacted(2, 1, 1, 2, 2), 3, 3);
    assertThat(terms(log, 0, 7))
        .containsExactly(RaftLog.UNKNOWN, RaftLog.UNKNOWN, 1L, 2L, 2L, 3L, 3L, RaftLog.UNKNOWN);
    assertThat(log.lastIndex()).isEqualTo(6);
    assertThat(log.lastTerm()).isEqualTo(3);
    assertThat(log.matchTerm(4, 2)).isTrue();
    assertThat(log.matchTerm(4, 3)).isFalse();
    assertThat(log.matchTerm(7, 3)).isFalse();
    // UNKNOWN is never a match, even when asked for it.
    assertThat(log.matchTerm(7, RaftLog.UNKNOWN)).isFalse();
  }

  @Test
  @DisplayName("5.4.1 up-to-date: a higher last term wins; with equal last terms the longer or"
      + " equal log wins")
  void isUpToDateComparesLastTermThenIndex() {
    RaftLog log = new RaftLog(disk(1, 2, 2));
    assertThat(log.isUpToDate(3, 2)).isTrue();
    assertThat(log.isUpToDate(4, 2)).isTrue();
    assertThat(log.isUpToDate(2, 2)).isFalse();
    assertThat(log.isUpToDate(1, 3)).isTrue();
    assertThat(log.isUpToDate(9, 1)).isFalse();
  }

  @Test
  @DisplayName("slice: [lo, hi) across storage and unstable entries; lo == hi is empty; a"
      + " compacted lo throws")
  void sliceAcrossStorageAndUnstable() {
    RaftLog log = withUnstable(compacted(1, 1, 1, 1, 2), 3, 3);
    assertThat(indexes(log.slice(2, 7, Long.MAX_VALUE))).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(indexes(log.slice(4, 6, Long.MAX_VALUE))).containsExactly(4L, 5L);
    assertThat(indexes(log.slice(5, 7, Long.MAX_VALUE))).containsExactly(5L, 6L);
    assertThat(indexes(log.entriesFrom(3, Long.MAX_VALUE))).containsExactly(3L, 4L, 5L, 6L);
    assertThat(log.slice(4, 4, Long.MAX_VALUE)).isEmpty();
    // An empty range is empty even below the compaction point: there is nothing to read.
    assertThat(log.slice(1, 1, Long.MAX_VALUE)).isEmpty();
    assertThat(log.entriesFrom(7, Long.MAX_VALUE)).isEmpty();
    assertThatThrownBy(() -> log.slice(1, 3, Long.MAX_VALUE))
        .isInstanceOf(LogCompactedException.class);
  }

  @Test
  @DisplayName("slice: the byte limit counts storage and unstable entries together; a total"
      + " exactly at the limit is allowed, one byte less drops the entry, one entry always comes")
  void sliceByteLimit() {
    RaftLog log = withUnstable(disk(1, 1), 1, 1);
    // Limit inside storage: stop there, even though unstable entries follow.
    assertThat(indexes(log.slice(1, 5, NOOP))).containsExactly(1L);
    assertThat(indexes(log.slice(1, 5, 0))).containsExactly(1L);
    // Storage returns all it has: go on into the unstable part with the bytes already used.
    assertThat(indexes(log.slice(1, 5, 3 * NOOP))).containsExactly(1L, 2L, 3L);
    assertThat(indexes(log.slice(1, 5, 3 * NOOP - 1))).containsExactly(1L, 2L);
    // Only unstable entries.
    assertThat(indexes(log.slice(3, 5, 2 * NOOP))).containsExactly(3L, 4L);
    assertThat(indexes(log.slice(3, 5, 2 * NOOP - 1))).containsExactly(3L);
    assertThat(indexes(log.slice(3, 5, 0))).containsExactly(3L);
  }

  @Test
  @DisplayName("append (leader): only at lastIndex + 1")
  void leaderAppendIsContiguous() {
    RaftLog log = new RaftLog(disk(1, 1));
    assertThatThrownBy(() -> log.append(Entry.noop(2, 4)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.append(Entry.noop(2, 2)))
        .isInstanceOf(IllegalStateException.class);
    log.append(Entry.noop(2, 3));
    assertThat(indexes(log.unstableEntries())).containsExactly(3L);
    assertThat(log.hasUnstableEntries()).isTrue();
    assertThat(log.durableLastIndex()).isEqualTo(2);
  }

  @Test
  @DisplayName("5.3 AppendEntries: a failed consistency check returns -1 and changes nothing")
  void maybeAppendRejectsMismatch() {
    RaftLog log = new RaftLog(disk(1, 1));
    assertThat(log.maybeAppend(2, 2, 2, noops(3, 2))).isEqualTo(-1);
    assertThat(log.maybeAppend(3, 1, 2, noops(4, 2))).isEqualTo(-1);
    assertThat(log.lastIndex()).isEqualTo(2);
    assertThat(log.committed()).isZero();
  }

  @Test
  @DisplayName("5.3 AppendEntries: commit advances to min(leaderCommit, last new entry), never"
      + " onto entries the leader did not vouch for")
  void maybeAppendCommitsOnlyWhatTheLeaderSent() {
    RaftLog log = new RaftLog(disk(1, 1, 1));
    // A probe at index 1: entries 2 and 3 are not known to match the leader.
    assertThat(log.maybeAppend(1, 1, 3, List.of())).isEqualTo(1);
    assertThat(log.committed()).isEqualTo(1);
    assertThat(log.maybeAppend(1, 1, 2, noops(2, 1))).isEqualTo(2);
    assertThat(log.committed()).isEqualTo(2);
    // Entries already present are not appended again.
    assertThat(log.hasUnstableEntries()).isFalse();
    assertThat(log.lastIndex()).isEqualTo(3);
  }

  @Test
  @DisplayName("5.3 AppendEntries: the first conflicting entry and all after it are replaced,"
      + " including durable ones")
  void maybeAppendTruncatesConflict() {
    MemoryStorage s = disk(1, 1, 1, 1);
    RaftLog log = new RaftLog(s);
    assertThat(log.maybeAppend(1, 1, 0, noops(2, 1, 2))).isEqualTo(3);
    assertThat(terms(log, 1, 4)).containsExactly(1L, 1L, 2L, RaftLog.UNKNOWN);
    assertThat(indexes(log.unstableEntries())).containsExactly(3L);
    // Entry 3 of storage is no longer part of the log: only 1..2 count as durable.
    assertThat(log.durableLastIndex()).isEqualTo(2);
    assertThat(indexes(log.entriesFrom(1, Long.MAX_VALUE))).containsExactly(1L, 2L, 3L);

    // Replacing part of the unstable suffix.
    log.maybeAppend(3, 2, 0, noops(4, 2, 2, 2));
    log.maybeAppend(4, 2, 0, noops(5, 3));
    assertThat(terms(log, 1, 6)).containsExactly(1L, 1L, 2L, 2L, 3L, RaftLog.UNKNOWN);
    assertThat(indexes(log.unstableEntries())).containsExactly(3L, 4L, 5L);
  }

  @Test
  @DisplayName("5.3 AppendEntries: a conflict inside the durable log drops the unstable entries"
      + " after it too")
  void maybeAppendConflictBelowUnstableEntries() {
    RaftLog log = withUnstable(disk(1, 1, 1, 1), 1, 1);
    assertThat(log.maybeAppend(2, 1, 0, noops(3, 2))).isEqualTo(3);
    assertThat(log.lastIndex()).isEqualTo(3);
    assertThat(terms(log, 1, 4)).containsExactly(1L, 1L, 2L, RaftLog.UNKNOWN);
    assertThat(indexes(log.unstableEntries())).containsExactly(3L);
    assertThat(log.durableLastIndex()).isEqualTo(2);
  }

  @Test
  @DisplayName("5.3 AppendEntries: a conflict at or below the commit index is a safety"
      + " violation; just above it is an ordinary truncation")
  void maybeAppendNeverOverwritesCommitted() {
    RaftLog log = new RaftLog(disk(1, 1, 1));
    log.commitTo(2);
    assertThatThrownBy(() -> log.maybeAppend(1, 1, 0, noops(2, 2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
    assertThat(log.maybeAppend(2, 1, 0, noops(3, 2))).isEqualTo(3);
    assertThat(log.term(3)).isEqualTo(2);
  }

  @Test
  @DisplayName("fast back-off: the largest index at or below the given one whose term is at"
      + " most the given term, reaching the snapshot's term at the compaction point")
  void findConflictByTerm() {
    RaftLog log = new RaftLog(compacted(2, 1, 1, 2, 2, 3));
    assertThat(log.findConflictByTerm(5, 3)).containsExactly(5, 3);
    assertThat(log.findConflictByTerm(9, 3)).containsExactly(5, 3);
    assertThat(log.findConflictByTerm(5, 2)).containsExactly(4, 2);
    assertThat(log.findConflictByTerm(3, 2)).containsExactly(3, 2);
    // The compaction point answers the snapshot's term.
    assertThat(log.findConflictByTerm(5, 1)).containsExactly(2, 1);
    // Nothing at or below term 0: the search ends at the compaction point with term 0.
    assertThat(log.findConflictByTerm(5, 0)).containsExactly(2, 0);
  }

  @Test
  @DisplayName("commitTo: never decreases; may reach the last index but not pass it")
  void commitToBounds() {
    RaftLog log = new RaftLog(disk(1, 1, 1));
    log.commitTo(3);
    assertThat(log.committed()).isEqualTo(3);
    log.commitTo(1);
    assertThat(log.committed()).isEqualTo(3);
    RaftLog other = new RaftLog(disk(1, 1, 1));
    assertThatThrownBy(() -> other.commitTo(4)).isInstanceOf(IllegalStateException.class);
    assertThat(other.committed()).isZero();
  }

  @Test
  @DisplayName("5.4.2 maybeCommit: only an index above the commit whose entry has the given term")
  void maybeCommitNeedsCurrentTerm() {
    RaftLog log = new RaftLog(disk(1, 2, 2));
    assertThat(log.maybeCommit(1, 2)).isFalse();
    assertThat(log.committed()).isZero();
    assertThat(log.maybeCommit(2, 2)).isTrue();
    assertThat(log.committed()).isEqualTo(2);
    assertThat(log.maybeCommit(2, 2)).isFalse();
    assertThat(log.maybeCommit(1, 1)).isFalse();
    assertThat(log.committed()).isEqualTo(2);
    assertThat(log.maybeCommit(4, 2)).isFalse(); // beyond the log
  }

  @Test
  @DisplayName("nextCommitted: committed entries after applied, capped by count and bytes")
  void nextCommittedAfterApplied() {
    RaftLog log = new RaftLog(disk(1, 1, 1, 1, 1));
    log.commitTo(4);
    assertThat(log.hasNextCommitted()).isTrue();
    assertThat(indexes(log.nextCommitted(10, Long.MAX_VALUE))).containsExactly(1L, 2L, 3L, 4L);
    assertThat(indexes(log.nextCommitted(4, Long.MAX_VALUE))).containsExactly(1L, 2L, 3L, 4L);
    assertThat(indexes(log.nextCommitted(3, Long.MAX_VALUE))).containsExactly(1L, 2L, 3L);
    assertThat(indexes(log.nextCommitted(10, 2 * NOOP))).containsExactly(1L, 2L);
    log.appliedTo(3);
    assertThat(indexes(log.nextCommitted(10, Long.MAX_VALUE))).containsExactly(4L);
    log.appliedTo(2); // never goes back
    assertThat(log.applied()).isEqualTo(3);
    log.appliedTo(4);
    assertThat(log.hasNextCommitted()).isFalse();
    assertThat(log.nextCommitted(10, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  @DisplayName("stableTo: entries up to the persisted index leave the unstable part, unless a"
      + " newer leader replaced them meanwhile")
  void stableToDropsPersistedPrefix() {
    MemoryStorage s = new MemoryStorage();
    RaftLog log = new RaftLog(s);
    log.append(Entry.noop(1, 1));
    log.append(Entry.noop(1, 2));
    log.append(Entry.noop(1, 3));
    assertThat(log.durableLastIndex()).isZero();
    s.append(log.unstableEntries());
    log.stableTo(1, 1);
    assertThat(indexes(log.unstableEntries())).containsExactly(2L, 3L);
    assertThat(log.durableLastIndex()).isEqualTo(1);
    log.stableTo(1, 1); // already stable: nothing more to drop
    assertThat(indexes(log.unstableEntries())).containsExactly(2L, 3L);
    log.stableTo(3, 2); // wrong term: entry 3 was replaced
    assertThat(indexes(log.unstableEntries())).containsExactly(2L, 3L);
    log.stableTo(3, 1);
    assertThat(log.hasUnstableEntries()).isFalse();
    assertThat(log.durableLastIndex()).isEqualTo(3);
    assertThat(log.lastIndex()).isEqualTo(3);
    assertThat(terms(log, 1, 3)).containsExactly(1L, 1L, 1L);
  }

  @Test
  @DisplayName("restore: a received snapshot replaces the whole log until the driver installs it")
  void restoreReplacesLog() {
    MemoryStorage s = disk(1, 1, 1);
    RaftLog log = new RaftLog(s);
    log.append(Entry.noop(2, 4));
    SnapshotMeta meta = new SnapshotMeta(10, 3);
    log.restore(meta);
    assertThat(log.unstableSnapshot()).isEqualTo(meta);
    assertThat(log.snapshotMeta()).isEqualTo(meta);
    assertThat(log.firstIndex()).isEqualTo(11);
    assertThat(log.lastIndex()).isEqualTo(10);
    assertThat(log.lastTerm()).isEqualTo(3);
    assertThat(log.committed()).isEqualTo(10);
    assertThat(log.applied()).isEqualTo(10);
    assertThat(log.hasUnstableEntries()).isFalse();
    assertThat(log.durableLastIndex()).isEqualTo(10);
    assertThat(log.term(3)).isEqualTo(RaftLog.UNKNOWN);

    // Entries after the snapshot follow it even before it is installed.
    assertThat(log.maybeAppend(10, 3, 11, noops(11, 3))).isEqualTo(11);
    assertThat(log.lastIndex()).isEqualTo(11);
    assertThat(log.committed()).isEqualTo(11);
    assertThat(log.durableLastIndex()).isEqualTo(10);
    // Read from the unstable part only: storage still ends at 3.
    assertThat(indexes(log.entriesFrom(11, Long.MAX_VALUE))).containsExactly(11L);
    assertThatThrownBy(() -> log.entriesFrom(10, Long.MAX_VALUE))
        .isInstanceOf(LogCompactedException.class);

    // Installing another snapshot does not clear this one.
    log.stableSnapshotTo(new SnapshotMeta(9, 3));
    assertThat(log.unstableSnapshot()).isEqualTo(meta);
    s.applySnapshot(meta);
    log.stableSnapshotTo(meta);
    assertThat(log.unstableSnapshot()).isNull();
    assertThat(log.snapshotMeta()).isEqualTo(meta);
    assertThat(log.firstIndex()).isEqualTo(11);
    assertThat(log.lastIndex()).isEqualTo(11);
  }

  /**
   * A storage the driver compacts up to {@code compactedTo} behind the log's back: the snapshot
   * meta still says nothing is compacted, but term() already throws for those indexes.
   */
  private static Storage compactingBehindTheLog(MemoryStorage s, long compactedTo) {
    return new Storage() {
      @Override
      public HardState initialHardState() {
        return s.initialHardState();
      }

      @Override
      public SnapshotMeta snapshotMeta() {
        return s.snapshotMeta();
      }

      @Override
      public long firstIndex() {
        return s.firstIndex();
      }

      @Override
      public long lastIndex() {
        return s.lastIndex();
      }

      @Override
      public long term(long index) {
        if (index <= compactedTo) {
          throw new LogCompactedException(index, compactedTo);
        }
        return s.term(index);
      }

      @Override
      public List<Entry> entries(long lo, long hi, long maxBytes) {
        return s.entries(lo, hi, maxBytes);
      }
    };
  }

  @Test
  @DisplayName("a concurrent compaction of the storage makes those terms UNKNOWN, and fast"
      + " back-off stops there with term 0")
  void concurrentCompactionReadsAsUnknown() {
    RaftLog log = new RaftLog(compactingBehindTheLog(disk(1, 1, 2, 2, 3), 2));
    assertThat(terms(log, 1, 5)).containsExactly(RaftLog.UNKNOWN, RaftLog.UNKNOWN, 2L, 2L, 3L);
    assertThat(log.matchTerm(2, 1)).isFalse();
    assertThat(log.findConflictByTerm(5, 1)).containsExactly(2, 0);
    assertThat(log.findConflictByTerm(5, 2)).containsExactly(4, 2);
  }
}

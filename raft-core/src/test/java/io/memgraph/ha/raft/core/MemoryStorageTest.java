package io.memgraph.ha.raft.core;

import static io.memgraph.ha.raft.core.RaftLogTest.compacted;
import static io.memgraph.ha.raft.core.RaftLogTest.disk;
import static io.memgraph.ha.raft.core.RaftLogTest.indexes;
import static io.memgraph.ha.raft.core.RaftLogTest.noops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** MemoryStorage against the {@link Storage} contract (the reference for a disk log). */
class MemoryStorageTest {

  private static final long NOOP = Entry.OVERHEAD_BYTES;

  @Test
  @DisplayName("Storage invariant: firstIndex = snapshot index + 1, lastIndex >= snapshot index")
  void emptyAndCompactedBounds() {
    MemoryStorage s = new MemoryStorage();
    assertThat(s.firstIndex()).isEqualTo(1);
    assertThat(s.lastIndex()).isZero();
    assertThat(s.term(0)).isZero();
    assertThat(s.initialHardState()).isEqualTo(HardState.EMPTY);

    MemoryStorage c = compacted(2, 1, 1, 2, 2);
    assertThat(c.firstIndex()).isEqualTo(3);
    assertThat(c.lastIndex()).isEqualTo(4);
    c.compact(new SnapshotMeta(4, 2));
    assertThat(c.firstIndex()).isEqualTo(5);
    assertThat(c.lastIndex()).isEqualTo(4);
  }

  @Test
  @DisplayName("term: defined from the snapshot index to the last index; below is compacted,"
      + " above is out of bounds")
  void termBounds() {
    MemoryStorage s = compacted(1, 1, 1, 2, 3);
    assertThat(s.term(1)).isEqualTo(1);
    assertThat(s.term(2)).isEqualTo(1);
    assertThat(s.term(3)).isEqualTo(2);
    assertThat(s.term(4)).isEqualTo(3);
    assertThatThrownBy(() -> s.term(0)).isInstanceOf(LogCompactedException.class);
    assertThatThrownBy(() -> s.term(5)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  @DisplayName("entries [lo, hi): lo from firstIndex, hi up to lastIndex + 1, stopping before the"
      + " bytes pass maxBytes but always at least one entry")
  void entriesBoundsAndBytes() {
    MemoryStorage s = compacted(1, 1, 1, 1, 1);
    assertThat(indexes(s.entries(2, 5, Long.MAX_VALUE))).containsExactly(2L, 3L, 4L);
    assertThat(s.entries(3, 3, Long.MAX_VALUE)).isEmpty();
    assertThatThrownBy(() -> s.entries(1, 3, Long.MAX_VALUE))
        .isInstanceOf(LogCompactedException.class);
    assertThatThrownBy(() -> s.entries(2, 6, Long.MAX_VALUE))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("hi 6 > last index + 1 = 5");
    assertThat(indexes(s.entries(2, 5, 2 * NOOP))).containsExactly(2L, 3L);
    assertThat(indexes(s.entries(2, 5, 2 * NOOP - 1))).containsExactly(2L);
    assertThat(indexes(s.entries(2, 5, 0))).containsExactly(2L);
  }

  @Test
  @DisplayName("append: replaces entries at and after the first new index, skips what the"
      + " snapshot covers, rejects a gap")
  void appendTruncatesSkipsAndRejectsGaps() {
    MemoryStorage s = disk(1, 1, 1, 1);
    s.append(noops(3, 2));
    assertThat(s.lastIndex()).isEqualTo(3);
    assertThat(s.term(3)).isEqualTo(2);
    assertThat(s.term(2)).isEqualTo(1);
    s.append(noops(4, 2, 2));
    assertThat(s.lastIndex()).isEqualTo(5);
    assertThatThrownBy(() -> s.append(noops(7, 2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gap");

    s.compact(new SnapshotMeta(3, 2));
    // Entries 2..3 are inside the snapshot and skipped; 4 replaces the old 4 and drops 5.
    s.append(noops(2, 9, 9, 3));
    assertThat(s.firstIndex()).isEqualTo(4);
    assertThat(s.lastIndex()).isEqualTo(4);
    assertThat(s.term(3)).isEqualTo(2);
    assertThat(s.term(4)).isEqualTo(3);
  }

  @Test
  @DisplayName("applySnapshot: only a newer snapshot, and it drops every entry")
  void applySnapshotMustBeNewer() {
    MemoryStorage s = disk(1, 1, 1);
    SnapshotMeta meta = new SnapshotMeta(2, 1);
    s.applySnapshot(meta);
    assertThat(s.snapshotMeta()).isEqualTo(meta);
    assertThat(s.firstIndex()).isEqualTo(3);
    assertThat(s.lastIndex()).isEqualTo(2);
    assertThatThrownBy(() -> s.applySnapshot(new SnapshotMeta(2, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.applySnapshot(new SnapshotMeta(1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    s.applySnapshot(new SnapshotMeta(3, 2));
    assertThat(s.lastIndex()).isEqualTo(3);
    assertThat(s.term(3)).isEqualTo(2);
  }

  @Test
  @DisplayName("compact: up to an entry it holds with that term; an older point is ignored")
  void compactBounds() {
    MemoryStorage s = disk(1, 1, 2);
    assertThatThrownBy(() -> s.compact(new SnapshotMeta(4, 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.compact(new SnapshotMeta(3, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    s.compact(new SnapshotMeta(1, 1));
    assertThat(indexes(s.entries(2, 4, Long.MAX_VALUE))).containsExactly(2L, 3L);
    // The same point again or an older one: nothing happens (no check of its term either).
    s.compact(new SnapshotMeta(1, 5));
    assertThat(s.snapshotMeta()).isEqualTo(new SnapshotMeta(1, 1));
    s.compact(new SnapshotMeta(3, 2));
    assertThat(s.snapshotMeta()).isEqualTo(new SnapshotMeta(3, 2));
    assertThat(s.lastIndex()).isEqualTo(3);
    assertThat(s.entries(4, 4, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  @DisplayName("copy: the crash-time image is independent of later writes")
  void copyIsIndependent() {
    MemoryStorage s = disk(1, 1);
    s.setHardState(new HardState(1, 2, 1));
    MemoryStorage copy = new MemoryStorage(s);
    s.append(noops(3, 1));
    s.setHardState(new HardState(2, 0, 3));
    s.compact(new SnapshotMeta(2, 1));
    assertThat(copy.lastIndex()).isEqualTo(2);
    assertThat(copy.initialHardState()).isEqualTo(new HardState(1, 2, 1));
    assertThat(copy.snapshotMeta()).isEqualTo(SnapshotMeta.NONE);
    assertThat(indexes(copy.entries(1, 3, Long.MAX_VALUE))).containsExactly(1L, 2L);
    assertThat(List.of(s.firstIndex(), s.lastIndex())).containsExactly(3L, 3L);
  }
}

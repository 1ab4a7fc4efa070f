package io.memgraph.ha.raft.core;

import java.util.List;

/**
 * The core's read-only view of what is already durable: the log after the last compaction point,
 * the snapshot meta of that point and the hard state at start-up. The driver implements it over
 * its disk log ({@link MemoryStorage} is the in-memory version for tests) and mutates it only from
 * the thread that drives the core: appending a {@link Ready}'s entries, installing a received
 * snapshot, and compacting after the application wrote a snapshot.
 *
 * <p>Invariant: {@code firstIndex() == snapshotMeta().index() + 1} and
 * {@code lastIndex() >= snapshotMeta().index()} (an empty log has {@code lastIndex() ==
 * snapshotMeta().index()}).
 */
public interface Storage {

  /** The hard state persisted last (at start-up: the one the core starts from). */
  HardState initialHardState();

  /** The compaction point: the snapshot covering every entry before {@link #firstIndex()}. */
  SnapshotMeta snapshotMeta();

  /** Index of the first entry still in the log. */
  long firstIndex();

  /** Index of the last durable entry (or the snapshot index if the log is empty). */
  long lastIndex();

  /**
   * Term of the entry at {@code index}, for {@code snapshotMeta().index() <= index <= lastIndex()}
   * (the snapshot index answers the snapshot term).
   *
   * @throws LogCompactedException if {@code index < snapshotMeta().index()}
   * @throws IndexOutOfBoundsException if {@code index > lastIndex()}
   */
  long term(long index);

  /**
   * Entries {@code [lo, hi)}, stopping before the total {@link Entry#sizeBytes()} exceeds
   * {@code maxBytes}, but always at least one entry when {@code lo < hi}.
   *
   * @throws LogCompactedException if {@code lo < firstIndex()}
   * @throws IndexOutOfBoundsException if {@code hi > lastIndex() + 1}
   */
  List<Entry> entries(long lo, long hi, long maxBytes);
}

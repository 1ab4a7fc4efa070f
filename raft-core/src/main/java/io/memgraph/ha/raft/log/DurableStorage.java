package io.memgraph.ha.raft.log;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.HardState;
import io.memgraph.ha.raft.core.LogCompactedException;
import io.memgraph.ha.raft.core.SnapshotMeta;
import io.memgraph.ha.raft.core.Storage;
import java.util.List;

/**
 * The core's {@link Storage} view over a {@link SegmentedLog} (which keeps recent entries and every
 * term in memory, so the hot path does not read the disk) and the hard state loaded at start-up.
 * Confined to the Raft thread, like the log.
 */
public final class DurableStorage implements Storage {
  private final SegmentedLog log;
  private final HardState initial;

  /** Wraps an open log; {@code initial} is the hard state loaded at start-up. */
  public DurableStorage(SegmentedLog log, HardState initial) {
    this.log = log;
    this.initial = initial;
  }

  /** The underlying log. */
  public SegmentedLog log() {
    return log;
  }

  @Override
  public HardState initialHardState() {
    return initial;
  }

  @Override
  public SnapshotMeta snapshotMeta() {
    return log.base();
  }

  @Override
  public long firstIndex() {
    return log.firstIndex();
  }

  @Override
  public long lastIndex() {
    return log.lastIndex();
  }

  @Override
  public long term(long index) {
    if (index < log.base().index()) {
      throw new LogCompactedException(index, log.base().index());
    }
    return log.term(index);
  }

  @Override
  public List<Entry> entries(long lo, long hi, long maxBytes) {
    if (lo < log.firstIndex()) {
      throw new LogCompactedException(lo, log.base().index());
    }
    if (hi > log.lastIndex() + 1) {
      throw new IndexOutOfBoundsException("entries up to " + hi + " requested but the log ends at "
          + log.lastIndex());
    }
    return log.entries(lo, hi, maxBytes);
  }
}

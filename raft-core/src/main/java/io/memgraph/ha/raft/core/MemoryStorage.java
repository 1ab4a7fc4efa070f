package io.memgraph.ha.raft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Storage} kept in memory: used by tests and the simulation, and a reference for what a
 * disk-backed implementation must do. Not thread-safe (the core's driver is single-threaded).
 */
public final class MemoryStorage implements Storage {

  private HardState hardState = HardState.EMPTY;
  private SnapshotMeta snapshot = SnapshotMeta.NONE;
  /** entries.get(i) has index snapshot.index() + 1 + i. */
  private final List<Entry> entries = new ArrayList<>();

  /** An empty log. */
  public MemoryStorage() {
  }

  /** A copy of {@code other}, e.g. the "durable" state a simulated crash leaves behind. */
  public MemoryStorage(MemoryStorage other) {
    this.hardState = other.hardState;
    this.snapshot = other.snapshot;
    this.entries.addAll(other.entries);
  }

  @Override
  public HardState initialHardState() {
    return hardState;
  }

  @Override
  public SnapshotMeta snapshotMeta() {
    return snapshot;
  }

  @Override
  public long firstIndex() {
    return snapshot.index() + 1;
  }

  @Override
  public long lastIndex() {
    return snapshot.index() + entries.size();
  }

  @Override
  public long term(long index) {
    if (index < snapshot.index()) {
      throw new LogCompactedException(index, snapshot.index());
    }
    if (index > lastIndex()) {
      throw new IndexOutOfBoundsException("index " + index + " > last index " + lastIndex());
    }
    return index == snapshot.index() ? snapshot.term() : entry(index).term();
  }

  @Override
  public List<Entry> entries(long lo, long hi, long maxBytes) {
    if (lo < firstIndex()) {
      throw new LogCompactedException(lo, snapshot.index());
    }
    if (hi > lastIndex() + 1) {
      throw new IndexOutOfBoundsException("hi " + hi + " > last index + 1 = " + (lastIndex() + 1));
    }
    List<Entry> out = new ArrayList<>();
    long bytes = 0;
    for (long i = lo; i < hi; i++) {
      Entry e = entry(i);
      bytes += e.sizeBytes();
      if (!out.isEmpty() && bytes > maxBytes) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  private Entry entry(long index) {
    return entries.get((int) (index - snapshot.index() - 1));
  }

  /** Persists the hard state. */
  public void setHardState(HardState state) {
    this.hardState = state;
  }

  /**
   * Appends {@code newEntries} (consecutive), first dropping existing entries at or after the first
   * new index. Entries at or below the compaction point are skipped (already covered).
   */
  public void append(List<Entry> newEntries) {
    for (Entry e : newEntries) {
      if (e.index() <= snapshot.index()) {
        continue;
      }
      if (e.index() > lastIndex() + 1) {
        throw new IllegalArgumentException("gap: appending index " + e.index() + " after "
            + lastIndex());
      }
      while (lastIndex() >= e.index()) {
        entries.remove(entries.size() - 1);
      }
      entries.add(e);
    }
  }

  /** Installs a received snapshot: the whole log is replaced by the compaction point {@code meta}. */
  public void applySnapshot(SnapshotMeta meta) {
    if (meta.index() <= snapshot.index()) {
      throw new IllegalArgumentException("snapshot " + meta + " is not newer than " + snapshot);
    }
    entries.clear();
    snapshot = meta;
  }

  /** Drops every entry up to and including {@code meta.index()} after a local snapshot. */
  public void compact(SnapshotMeta meta) {
    if (meta.index() <= snapshot.index()) {
      return;
    }
    if (meta.index() > lastIndex() || term(meta.index()) != meta.term()) {
      throw new IllegalArgumentException("cannot compact to " + meta + ": last index "
          + lastIndex());
    }
    entries.subList(0, (int) (meta.index() - snapshot.index())).clear();
    snapshot = meta;
  }
}

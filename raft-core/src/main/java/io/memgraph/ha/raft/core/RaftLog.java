package io.memgraph.ha.raft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The log as the core sees it: the durable part in {@link Storage} followed by the unstable part
 * (entries and possibly a received snapshot) that the driver has not yet persisted. Also tracks
 * the commit and applied indexes.
 */
final class RaftLog {

  /** Returned by {@link #term(long)} for an index that is compacted or beyond the log. */
  static final long UNKNOWN = -1;

  private final Storage storage;
  /** A received snapshot not yet installed by the driver, or null. */
  private SnapshotMeta unstableSnapshot;
  /** Index of unstable.get(0). Entries before it come from storage (or the snapshot). */
  private long offset;
  private final List<Entry> unstable = new ArrayList<>();
  private long committed;
  private long applied;

  RaftLog(Storage storage) {
    this.storage = storage;
    this.offset = storage.lastIndex() + 1;
    this.applied = storage.snapshotMeta().index();
    this.committed = Math.max(storage.initialHardState().commit(), applied);
    if (committed > storage.lastIndex()) {
      throw new IllegalStateException("hard state commit " + committed + " beyond last log index "
          + storage.lastIndex() + ": the log lost entries it had acknowledged");
    }
  }

  long committed() {
    return committed;
  }

  long applied() {
    return applied;
  }

  long firstIndex() {
    return unstableSnapshot != null ? unstableSnapshot.index() + 1 : storage.firstIndex();
  }

  long lastIndex() {
    if (!unstable.isEmpty()) {
      return offset + unstable.size() - 1;
    }
    return unstableSnapshot != null ? unstableSnapshot.index() : storage.lastIndex();
  }

  long lastTerm() {
    return term(lastIndex());
  }

  /** The compaction point the log currently starts after. */
  SnapshotMeta snapshotMeta() {
    return unstableSnapshot != null ? unstableSnapshot : storage.snapshotMeta();
  }

  /** Term at {@code index}, or {@link #UNKNOWN} if compacted or beyond the last index. */
  long term(long index) {
    SnapshotMeta snap = snapshotMeta();
    if (index < snap.index() || index > lastIndex()) {
      return UNKNOWN;
    }
    if (index == snap.index()) {
      return snap.term();
    }
    if (index >= offset) {
      return unstable.get((int) (index - offset)).term();
    }
    try {
      return storage.term(index);
    } catch (LogCompactedException e) {
      // The driver compacted concurrently with our view of firstIndex; treat as compacted.
      return UNKNOWN;
    }
  }

  boolean matchTerm(long index, long term) {
    long t = term(index);
    return t != UNKNOWN && t == term;
  }

  /** Raft paper 5.4.1: is a candidate's log at least as up-to-date as ours? */
  boolean isUpToDate(long lastIndex, long lastTerm) {
    long myTerm = lastTerm();
    return lastTerm > myTerm || (lastTerm == myTerm && lastIndex >= lastIndex());
  }

  /**
   * Entries from {@code lo} to the end, at most {@code maxBytes} (at least one entry).
   *
   * @throws LogCompactedException if {@code lo} is compacted
   */
  List<Entry> entriesFrom(long lo, long maxBytes) {
    return slice(lo, lastIndex() + 1, maxBytes);
  }

  List<Entry> slice(long lo, long hi, long maxBytes) {
    if (lo >= hi) {
      return List.of();
    }
    if (lo < firstIndex()) {
      throw new LogCompactedException(lo, snapshotMeta().index());
    }
    List<Entry> out = new ArrayList<>();
    long bytes = 0;
    if (lo < offset) {
      List<Entry> stored = storage.entries(lo, Math.min(hi, offset), maxBytes);
      for (Entry e : stored) {
        bytes += e.sizeBytes();
      }
      out.addAll(stored);
      if (lo + stored.size() < Math.min(hi, offset)) {
        return out; // size limit reached inside storage
      }
    }
    for (long i = Math.max(lo, offset); i < hi; i++) {
      Entry e = unstable.get((int) (i - offset));
      bytes += e.sizeBytes();
      if (!out.isEmpty() && bytes > maxBytes) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  /** Appends entries created by this (leader) node. */
  void append(Entry e) {
    if (e.index() != lastIndex() + 1) {
      throw new IllegalStateException("leader append at " + e.index() + " after " + lastIndex());
    }
    truncateAndAppend(List.of(e));
  }

  /**
   * The follower side of AppendEntries (paper 5.3): if our log has {@code prevIndex} with
   * {@code prevTerm}, drop any conflicting suffix, append what is new and advance the commit index.
   *
   * @return the index of the last new entry, or -1 if the consistency check failed
   */
  long maybeAppend(long prevIndex, long prevTerm, long leaderCommit, List<Entry> entries) {
    if (!matchTerm(prevIndex, prevTerm)) {
      return -1;
    }
    long lastNew = prevIndex + entries.size();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!matchTerm(e.index(), e.term())) {
        if (e.index() <= committed) {
          throw new IllegalStateException("entry " + e + " conflicts with committed index "
              + committed + ": a leader tried to overwrite a committed entry");
        }
        truncateAndAppend(entries.subList(i, entries.size()));
        break;
      }
    }
    commitTo(Math.min(leaderCommit, lastNew));
    return lastNew;
  }

  private void truncateAndAppend(List<Entry> entries) {
    long first = entries.get(0).index();
    if (first == offset + unstable.size()) {
      unstable.addAll(entries);
    } else if (first <= offset) {
      // Replaces (part of) the durable log too; the driver truncates storage when it appends.
      unstable.clear();
      offset = first;
      unstable.addAll(entries);
    } else {
      unstable.subList((int) (first - offset), unstable.size()).clear();
      unstable.addAll(entries);
    }
  }

  /**
   * Fast back-off helper: the largest index at or below {@code index} whose term is at most
   * {@code term}, with that term (term 0 if the search reached the compacted prefix).
   */
  long[] findConflictByTerm(long index, long term) {
    long first = snapshotMeta().index();
    for (long i = Math.min(index, lastIndex()); i >= first; i--) {
      long t = term(i);
      if (t == UNKNOWN) {
        return new long[] {i, 0};
      }
      if (t <= term) {
        return new long[] {i, t};
      }
    }
    return new long[] {first, 0};
  }

  void commitTo(long index) {
    if (index > committed) {
      if (index > lastIndex()) {
        throw new IllegalStateException("commit " + index + " beyond last index " + lastIndex());
      }
      committed = index;
    }
  }

  /** Commits {@code index} only if its entry is from {@code term} (paper 5.4.2, figure 8). */
  boolean maybeCommit(long index, long term) {
    if (index > committed && term(index) == term) {
      committed = index;
      return true;
    }
    return false;
  }

  /**
   * Entries committed but not yet handed to the application: at most {@code maxCount}, and at
   * most {@code maxBytes} (at least one entry).
   */
  List<Entry> nextCommitted(long maxCount, long maxBytes) {
    long lo = Math.max(applied + 1, firstIndex());
    long hi = committed + 1;
    if (maxCount < hi - lo) {
      hi = lo + maxCount;
    }
    return slice(lo, hi, maxBytes);
  }

  boolean hasNextCommitted() {
    return committed > applied;
  }

  void appliedTo(long index) {
    if (index > applied) {
      applied = index;
    }
  }

  List<Entry> unstableEntries() {
    return List.copyOf(unstable);
  }

  boolean hasUnstableEntries() {
    return !unstable.isEmpty();
  }

  SnapshotMeta unstableSnapshot() {
    return unstableSnapshot;
  }

  /** The driver persisted entries up to {@code index} (if they were not replaced meanwhile). */
  void stableTo(long index, long term) {
    if (index >= offset && matchTerm(index, term)) {
      unstable.subList(0, (int) (index - offset + 1)).clear();
      offset = index + 1;
    }
  }

  void stableSnapshotTo(SnapshotMeta meta) {
    if (meta.equals(unstableSnapshot)) {
      unstableSnapshot = null;
    }
  }

  /**
   * The last index that is durable and part of the current log: what a leader counts for itself
   * towards a majority.
   */
  long durableLastIndex() {
    if (unstableSnapshot != null) {
      return unstableSnapshot.index();
    }
    return Math.min(storage.lastIndex(), offset - 1);
  }

  /** Replaces the whole log by a received snapshot (the driver installs it from the Ready). */
  void restore(SnapshotMeta meta) {
    unstableSnapshot = meta;
    unstable.clear();
    offset = meta.index() + 1;
    committed = meta.index();
    applied = meta.index();
  }
}

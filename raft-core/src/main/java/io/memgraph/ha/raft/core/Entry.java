package io.memgraph.ha.raft.core;

import java.util.Objects;

/**
 * One Raft log entry. Immutable by convention: nobody writes into {@link #data()} after the
 * entry was proposed (the array is shared, not copied, on the hot path).
 *
 * @param term the leader term in which the entry was created (at least 1)
 * @param index the position in the log (at least 1)
 * @param type whether it is an application command or a leader's no-op
 * @param data the opaque command bytes; empty for {@link EntryType#NOOP}
 */
public record Entry(long term, long index, EntryType type, byte[] data) {

  private static final byte[] EMPTY = new byte[0];

  /** Fixed per-entry overhead counted by {@link #sizeBytes()} (term, index, type, length). */
  public static final int OVERHEAD_BYTES = 8 + 8 + 1 + 4;

  /** Checks the invariants every entry in a log must satisfy. */
  public Entry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    if (term < 1 || index < 1) {
      throw new IllegalArgumentException("entry term and index must be >= 1, got term=" + term
          + " index=" + index);
    }
  }

  /** A leader's no-op entry. */
  public static Entry noop(long term, long index) {
    return new Entry(term, index, EntryType.NOOP, EMPTY);
  }

  /** The approximate encoded size, used for batching ({@code maxSizePerMsg}). */
  public long sizeBytes() {
    return OVERHEAD_BYTES + data.length;
  }

  @Override
  public String toString() {
    return "Entry{t=" + term + ", i=" + index + ", " + type + ", " + data.length + "B}";
  }
}

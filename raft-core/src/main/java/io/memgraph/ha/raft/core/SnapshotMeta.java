package io.memgraph.ha.raft.core;

/**
 * Identifies a state-machine snapshot: it contains the effect of every entry up to and including
 * {@code index}, whose term was {@code term}. Also the compaction point of the log: the log's first
 * entry is {@code index + 1}.
 *
 * @param index last log index included in the snapshot (0 = no snapshot)
 * @param term term of the entry at {@code index} (0 = no snapshot)
 */
public record SnapshotMeta(long index, long term) {

  /** "No snapshot": the log starts at index 1. */
  public static final SnapshotMeta NONE = new SnapshotMeta(0, 0);

  /** Rejects negative values and a term without an index. */
  public SnapshotMeta {
    if (index < 0 || term < 0 || (index == 0) != (term == 0)) {
      throw new IllegalArgumentException("invalid snapshot meta index=" + index + " term=" + term);
    }
  }
}

package io.memgraph.ha.raft.core;

/** Thrown by {@link Storage} when asked for an index that was compacted into a snapshot. */
public final class LogCompactedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param index the requested index
   * @param snapshotIndex the current compaction point
   */
  public LogCompactedException(long index, long snapshotIndex) {
    super("log index " + index + " is compacted (snapshot index " + snapshotIndex + ")");
  }
}

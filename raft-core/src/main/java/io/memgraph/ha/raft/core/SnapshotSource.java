package io.memgraph.ha.raft.core;

import java.util.Optional;

/**
 * The application's stored snapshot, read by a leader that streams it to a lagging follower. It
 * must be able to serve the snapshot described by {@link Storage#snapshotMeta()} at least until
 * the next compaction.
 */
public interface SnapshotSource {

  /** Total size in bytes of the snapshot {@code meta}, or empty if it is no longer stored. */
  Optional<Long> size(SnapshotMeta meta);

  /**
   * Up to {@code maxBytes} bytes of snapshot {@code meta} from {@code offset}, or empty if that
   * snapshot is no longer stored (the leader then restarts with the current one).
   */
  Optional<byte[]> read(SnapshotMeta meta, long offset, int maxBytes);
}

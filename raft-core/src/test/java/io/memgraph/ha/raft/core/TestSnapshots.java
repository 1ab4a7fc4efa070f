package io.memgraph.ha.raft.core;

import java.util.Optional;

/** Snapshot sources for tests. */
final class TestSnapshots {

  /** A source that has no snapshot. */
  static final SnapshotSource NONE = new SnapshotSource() {
    @Override
    public Optional<Long> size(SnapshotMeta meta) {
      return Optional.empty();
    }

    @Override
    public Optional<byte[]> read(SnapshotMeta meta, long offset, int maxBytes) {
      return Optional.empty();
    }
  };

  private TestSnapshots() {
  }
}

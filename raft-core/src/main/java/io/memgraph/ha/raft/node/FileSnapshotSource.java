package io.memgraph.ha.raft.node;

import io.memgraph.ha.raft.core.SnapshotMeta;
import io.memgraph.ha.raft.core.SnapshotSource;
import io.memgraph.ha.raft.log.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the bytes of the snapshot files in a {@link SnapshotStore} to the core for streaming. */
final class FileSnapshotSource implements SnapshotSource {
  private static final Logger LOG = LoggerFactory.getLogger(FileSnapshotSource.class);

  private final SnapshotStore store;
  private final Map<SnapshotMeta, SnapshotStore.SnapshotFile> files = new ConcurrentHashMap<>();
  private final ReadFilter filter;

  /** Sees (and may replace) every chunk read for streaming: a test hook to damage bytes. */
  interface ReadFilter {
    ReadFilter NONE = (meta, offset, data) -> data;

    byte[] filter(SnapshotMeta meta, long offset, byte[] data);
  }

  FileSnapshotSource(SnapshotStore store, ReadFilter filter) throws IOException {
    this.store = store;
    this.filter = filter;
    refresh();
  }

  /** Re-reads the directory (after a snapshot was written, received or pruned). */
  void refresh() throws IOException {
    files.clear();
    for (SnapshotStore.SnapshotFile f : store.list()) {
      files.put(f.meta(), f);
    }
  }

  @Override
  public Optional<Long> size(SnapshotMeta meta) {
    SnapshotStore.SnapshotFile f = files.get(meta);
    return f == null ? Optional.empty() : Optional.of(f.size());
  }

  @Override
  public Optional<byte[]> read(SnapshotMeta meta, long offset, int maxBytes) {
    SnapshotStore.SnapshotFile f = files.get(meta);
    if (f == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(filter.filter(meta, offset, f.read(offset, maxBytes)));
    } catch (java.nio.file.NoSuchFileException e) {
      LOG.debug("Snapshot {} was pruned while streaming", meta);
      files.remove(meta);
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + f.path(), e);
    }
  }
}

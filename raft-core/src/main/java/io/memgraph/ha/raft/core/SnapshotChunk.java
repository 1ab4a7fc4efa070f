package io.memgraph.ha.raft.core;

import java.util.Objects;

/**
 * A piece of an incoming snapshot, handed to the application in {@link Ready#snapshotChunks()}.
 * Chunks arrive in order starting at offset 0; a chunk at offset 0 starts a new snapshot and
 * discards any partial one. The application writes them (for example to a temporary file) and
 * makes them durable before it sends the Ready's messages, because the acknowledgement in those
 * messages tells the leader to move on.
 *
 * @param meta the snapshot these bytes belong to
 * @param offset the position of {@code data} in the snapshot
 * @param data the bytes
 * @param last true if this is the final chunk: the application checks the assembled file and
 *     reports the result with {@link RaftCore#snapshotReceived}
 */
public record SnapshotChunk(SnapshotMeta meta, long offset, byte[] data, boolean last) {

  /** Null checks only; offsets are validated by the core before a chunk is accepted. */
  public SnapshotChunk {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(data, "data");
  }
}

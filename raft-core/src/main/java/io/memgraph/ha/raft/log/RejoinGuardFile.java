package io.memgraph.ha.raft.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The marker of a server under the Raft rejoin guard ({@code raft/rejoin-guard}): created when the
 * server starts with no durable state at all, deleted once the guard ended and the vote recording
 * it is durable. While it exists the server restarts guarded, even if it has written a hard state
 * or log entries meanwhile. Its content is a note for operators; only its existence matters.
 */
public final class RejoinGuardFile {
  private static final String NOTE = "This server started with an empty Raft directory. Until it"
      + " has followed a leader for an election timeout it does not campaign and does not vote for"
      + " a candidate with a non-empty log (it may have voted in the current term before its"
      + " directory was wiped). The server deletes this file itself.\n";

  private final Disk disk;
  private final Path file;

  /** A marker at {@code file} (usually {@code <durability>/raft/rejoin-guard}). */
  public RejoinGuardFile(Path file) {
    this(Disk.REAL, file);
  }

  /** A marker at {@code file} on {@code disk}. */
  public RejoinGuardFile(Disk disk, Path file) {
    this.disk = disk;
    this.file = file;
  }

  /** The marker's path. */
  public Path path() {
    return file;
  }

  /** True if the marker exists. */
  public boolean exists() {
    return disk.exists(file);
  }

  /** Creates the marker durably (atomic write, directory fsync). */
  public void create() throws IOException {
    Fsync.writeAtomically(disk, file, ByteBuffer.wrap(NOTE.getBytes(StandardCharsets.UTF_8)));
  }

  /** Deletes the marker durably, if it exists. */
  public void delete() throws IOException {
    if (disk.deleteIfExists(file)) {
      disk.syncDirectory(file.getParent());
    }
  }
}

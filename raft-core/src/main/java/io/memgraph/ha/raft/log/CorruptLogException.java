package io.memgraph.ha.raft.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Durable Raft state is damaged in a way that cannot be repaired automatically (a bad record in the
 * middle of the log, a damaged hard-state file, a missing segment). Start-up stops: continuing
 * could silently lose acknowledged entries. The message names the file and the byte offset.
 */
public final class CorruptLogException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  /** Creates an exception for {@code file} at byte {@code offset} (-1 when not applicable). */
  public CorruptLogException(Path file, long offset, String problem) {
    super(file + (offset >= 0 ? " at offset " + offset : "") + ": " + problem);
    this.file = file;
    this.offset = offset;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** The byte offset of the damage within {@link #file()}, or -1. */
  public long offset() {
    return offset;
  }
}

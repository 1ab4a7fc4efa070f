package io.memgraph.ha.raft.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The file-system operations the durable Raft state ({@link SegmentedLog}, {@link SnapshotStore},
 * {@link HardStateFile}, {@link RejoinGuardFile}) performs: the seam between them and the disk.
 * Production uses {@link #REAL}; the deterministic simulation passes a simulated file system with
 * POSIX crash semantics, so these classes' own checksums and recovery are what it tests.
 *
 * <p>What is durable follows POSIX: written bytes after {@link DiskFile#force}; a created, renamed
 * or deleted name after {@link #syncDirectory} of its directory.
 */
public interface Disk {

  /** The real file system ({@link java.nio.channels.FileChannel}, {@link java.nio.file.Files}). */
  Disk REAL = RealDisk.INSTANCE;

  /** How {@link #open} opens a file. */
  enum OpenMode {
    /** An existing file, for reading. */
    READ,
    /** An existing file, for reading and writing. */
    READ_WRITE,
    /** Created if missing, else truncated to zero bytes; for reading and writing. */
    CREATE_TRUNCATE
  }

  /** Opens {@code file}; {@link java.nio.file.NoSuchFileException} if it must exist and does not. */
  DiskFile open(Path file, OpenMode mode) throws IOException;

  /** True if {@code file} exists. */
  boolean exists(Path file);

  /** The size of {@code file} in bytes. */
  long size(Path file) throws IOException;

  /** The whole content of {@code file}. */
  byte[] readAllBytes(Path file) throws IOException;

  /** A stream over the content of {@code file}. */
  InputStream newInputStream(Path file) throws IOException;

  /** The files in {@code dir} whose names match {@code glob} (in no particular order). */
  List<Path> list(Path dir, String glob) throws IOException;

  /** Creates {@code dir} and its missing parents. */
  void createDirectories(Path dir) throws IOException;

  /** Renames {@code from} to {@code to} atomically, replacing {@code to} if it exists. */
  void rename(Path from, Path to) throws IOException;

  /** Deletes {@code file}; false if it did not exist. */
  boolean deleteIfExists(Path file) throws IOException;

  /** Makes the directory's entries (created, renamed, deleted files) durable. */
  void syncDirectory(Path dir) throws IOException;
}

package io.memgraph.ha.raft.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File-system helpers for crash-safe writes. */
final class Fsync {
  private Fsync() {}

  /**
   * Makes directory entries (created, renamed, deleted files) durable. Linux needs an fsync on the
   * directory itself for that; without it a rename can be lost in a crash even though the file's
   * content was synced.
   */
  static void directory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Writes {@code data} to {@code target} atomically: temp file, fsync, rename over, fsync dir. */
  static void writeAtomically(Path target, ByteBuffer data) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, data, 0);
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    directory(target.getParent());
  }

  static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }

  static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file)
      throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new CorruptLogException(file, pos, "unexpected end of file");
      }
      pos += n;
    }
  }
}

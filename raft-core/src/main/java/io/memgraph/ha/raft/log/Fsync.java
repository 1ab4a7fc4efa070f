package io.memgraph.ha.raft.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Helpers for crash-safe writes over a {@link Disk}. */
final class Fsync {
  private Fsync() {}

  /**
   * Writes {@code data} to {@code target} atomically: temp file, fsync, rename over, fsync dir
   * (without the last step a rename can be lost in a crash even though the file's content was
   * synced).
   */
  static void writeAtomically(Disk disk, Path target, ByteBuffer data) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (DiskFile f = disk.open(tmp, Disk.OpenMode.CREATE_TRUNCATE)) {
      writeFully(f, data, 0);
      f.force(true);
    }
    disk.rename(tmp, target);
    disk.syncDirectory(target.getParent());
  }

  static void writeFully(DiskFile f, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      pos += f.write(buf, pos);
    }
  }

  static void readFully(DiskFile f, ByteBuffer buf, long position, Path file)
      throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = f.read(buf, pos);
      if (n < 0) {
        throw new CorruptLogException(file, pos, "unexpected end of file");
      }
      pos += n;
    }
  }
}

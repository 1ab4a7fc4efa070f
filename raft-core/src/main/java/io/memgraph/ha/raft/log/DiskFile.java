package io.memgraph.ha.raft.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** An open file of a {@link Disk}: positional reads and writes, like a {@code FileChannel}. */
public interface DiskFile extends Closeable {

  /** Reads into {@code dst} from {@code position}; the bytes read, or -1 at the end of the file. */
  int read(ByteBuffer dst, long position) throws IOException;

  /** Writes {@code src} at {@code position}; the bytes written. Not durable until {@link #force}. */
  int write(ByteBuffer src, long position) throws IOException;

  /** The file's current size. */
  long size() throws IOException;

  /** Cuts the file to {@code size} bytes (no-op if it is not longer). */
  void truncate(long size) throws IOException;

  /** Makes everything written to this file durable ({@code fsync}, or {@code fdatasync}). */
  void force(boolean metaData) throws IOException;

  /** A read-only view of the file's first {@code size} bytes (memory-mapped on the real disk). */
  ByteBuffer map(long size) throws IOException;
}

package io.memgraph.ha.raft.log;

import io.memgraph.ha.raft.core.SnapshotMeta;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State-machine snapshots in one directory, named {@code snapshot-<index>-<term>.bin} (zero-padded
 * so names sort by index). A file is written to a {@code .tmp} name, fsynced, renamed and the
 * directory fsynced, so a file with a final name is always complete. The newest {@code keep}
 * files are kept.
 *
 * <p>File layout: header {@code "MGSNAP01", index u64, term u64}, the state machine's payload,
 * trailer {@code payloadLength u64, crc32c u32 (of header and payload), "MGSE"}. The whole file is
 * what a leader streams to a follower, so the follower can verify it end to end.
 */
public final class SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})-(\\d{20})\\.bin");
  private static final long MAGIC = 0x4D47534E41503031L; // "MGSNAP01"
  private static final int END_MAGIC = 0x4D475345; // "MGSE"
  static final int HEADER_BYTES = 24;
  static final int TRAILER_BYTES = 16;

  /**
   * A complete, durable snapshot file.
   *
   * @param meta the index and term it covers
   * @param path the file
   * @param size the file's size in bytes (what is streamed to followers)
   * @param disk the file system it is on
   */
  public record SnapshotFile(SnapshotMeta meta, Path path, long size, Disk disk) {

    /** The state machine's payload (without header and trailer). */
    public InputStream openPayload() throws IOException {
      InputStream in = disk.newInputStream(path);
      try {
        in.skipNBytes(HEADER_BYTES);
      } catch (IOException e) {
        in.close();
        throw e;
      }
      return new BoundedInputStream(in, size - HEADER_BYTES - TRAILER_BYTES);
    }

    /** Up to {@code max} bytes of the file starting at {@code offset} (for streaming). */
    public byte[] read(long offset, int max) throws IOException {
      int n = (int) Math.max(0, Math.min(max, size - offset));
      ByteBuffer b = ByteBuffer.allocate(n);
      try (DiskFile f = disk.open(path, Disk.OpenMode.READ)) {
        Fsync.readFully(f, b, offset, path);
      }
      return b.array();
    }
  }

  private final Disk disk;
  private final Path dir;
  private final int keep;

  /**
   * A store in {@code dir} keeping the newest {@code keep} snapshots; removes leftover temporary
   * files of interrupted writes.
   */
  public SnapshotStore(Path dir, int keep) throws IOException {
    this(Disk.REAL, dir, keep);
  }

  /** A store in {@code dir} on {@code disk}, as {@link #SnapshotStore(Path, int)}. */
  public SnapshotStore(Disk disk, Path dir, int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1");
    }
    this.disk = disk;
    this.dir = dir;
    this.keep = keep;
    disk.createDirectories(dir);
    for (Path p : disk.list(dir, "*.tmp")) {
      LOG.info("Removing incomplete snapshot {}", p);
      disk.deleteIfExists(p);
    }
  }

  /** The directory. */
  public Path directory() {
    return dir;
  }

  /**
   * The newest snapshot, verified against its checksum.
   *
   * @throws CorruptLogException if the newest file is damaged (the log was compacted to it, so an
   *     older one cannot replace it)
   */
  public synchronized Optional<SnapshotFile> latest() throws IOException {
    List<SnapshotFile> all = list();
    if (all.isEmpty()) {
      return Optional.empty();
    }
    SnapshotFile newest = all.get(all.size() - 1);
    verify(disk, newest.path(), newest.meta());
    return Optional.of(newest);
  }

  /**
   * All snapshots with a final name, oldest first (not verified). Safe to call while another
   * thread publishes or prunes: synchronized with them.
   */
  public synchronized List<SnapshotFile> list() throws IOException {
    List<SnapshotFile> out = new ArrayList<>();
    for (Path p : disk.list(dir, "snapshot-*.bin")) {
      Matcher m = NAME.matcher(p.getFileName().toString());
      if (m.matches()) {
        SnapshotMeta meta =
            new SnapshotMeta(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        out.add(new SnapshotFile(meta, p, disk.size(p), disk));
      }
    }
    out.sort(Comparator.comparingLong(f -> f.meta().index()));
    return out;
  }

  private Path finalPath(SnapshotMeta meta) {
    return dir.resolve(String.format("snapshot-%020d-%020d.bin", meta.index(), meta.term()));
  }

  /** Starts writing a snapshot of the local state machine. */
  public Writer create(SnapshotMeta meta) throws IOException {
    return new Writer(meta);
  }

  /** Starts receiving a snapshot file streamed from the leader. */
  public Receiver receive(SnapshotMeta meta) throws IOException {
    return new Receiver(meta);
  }

  // The local writer (apply thread) and the receiver (Raft thread) may publish concurrently.
  private synchronized SnapshotFile publish(Path tmp, SnapshotMeta meta) throws IOException {
    Path target = finalPath(meta);
    disk.rename(tmp, target);
    disk.syncDirectory(dir);
    SnapshotFile f = new SnapshotFile(meta, target, disk.size(target), disk);
    prune();
    return f;
  }

  private void prune() throws IOException {
    List<SnapshotFile> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      disk.deleteIfExists(all.get(i).path());
    }
  }

  /** Checks header, trailer and checksum of a snapshot file. */
  static void verify(Disk disk, Path p, SnapshotMeta expected) throws IOException {
    long size = disk.size(p);
    if (size < HEADER_BYTES + TRAILER_BYTES) {
      throw new CorruptLogException(p, 0, "snapshot file too short (" + size + " bytes)");
    }
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    try (DiskFile ch = disk.open(p, Disk.OpenMode.READ)) {
      ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
      Fsync.readFully(ch, head, 0, p);
      if (head.getLong(0) != MAGIC) {
        throw new CorruptLogException(p, 0, "not a snapshot file (bad magic)");
      }
      // Compared as numbers: damaged bytes need not make a valid SnapshotMeta.
      long index = head.getLong(8);
      long term = head.getLong(16);
      if (index != expected.index() || term != expected.term()) {
        throw new CorruptLogException(p, 8, "snapshot header says index " + index + " term " + term
            + ", expected " + expected);
      }
      long end = size - TRAILER_BYTES;
      long pos = 0;
      while (pos < end) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), end - pos));
        Fsync.readFully(ch, buf, pos, p);
        buf.flip();
        crc.update(buf);
        pos = pos + buf.limit();
      }
      ByteBuffer tail = ByteBuffer.allocate(TRAILER_BYTES);
      Fsync.readFully(ch, tail, end, p);
      if (tail.getInt(12) != END_MAGIC || tail.getLong(0) != end - HEADER_BYTES) {
        throw new CorruptLogException(p, end,
            "snapshot trailer missing or wrong (incomplete file)");
      }
      if (tail.getInt(8) != (int) crc.getValue()) {
        throw new CorruptLogException(p, end + 8, "snapshot checksum mismatch");
      }
    }
  }

  /**
   * Writes a local snapshot: the state machine writes its payload into this stream, then
   * {@link #commit()} makes it durable under its final name. {@link #close()} without commit
   * deletes the temporary file.
   */
  public final class Writer extends OutputStream {
    private final SnapshotMeta meta;
    private final Path tmp;
    private final DiskFile ch;
    private final OutputStream out;
    private final CRC32C crc = new CRC32C();
    private long payload;
    private boolean done;

    private Writer(SnapshotMeta meta) throws IOException {
      this.meta = meta;
      this.tmp = dir.resolve(finalPath(meta).getFileName() + ".tmp");
      this.ch = disk.open(tmp, Disk.OpenMode.CREATE_TRUNCATE);
      this.out = new BufferedOutputStream(new AppendingStream(ch), 1 << 16);
      ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
      h.putLong(MAGIC).putLong(meta.index()).putLong(meta.term());
      crc.update(h.array());
      out.write(h.array());
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      crc.update(b);
      payload++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      crc.update(b, off, len);
      payload += len;
    }

    /** Writes the trailer, fsyncs, renames to the final name and prunes old snapshots. */
    public SnapshotFile commit() throws IOException {
      ByteBuffer t = ByteBuffer.allocate(TRAILER_BYTES);
      t.putLong(payload).putInt((int) crc.getValue()).putInt(END_MAGIC);
      out.write(t.array());
      out.flush();
      ch.force(true);
      out.close();
      done = true;
      return publish(tmp, meta);
    }

    @Override
    public void close() throws IOException {
      if (!done) {
        done = true;
        try {
          out.close();
        } finally {
          // also when closing failed (an interrupted writer's channel is closed already)
          disk.deleteIfExists(tmp);
        }
      }
    }
  }

  /**
   * Receives a snapshot file in chunks from the leader into a temporary file. Chunks must arrive
   * in order; {@link #finish()} verifies the whole file and publishes it.
   */
  public final class Receiver implements AutoCloseable {
    private final SnapshotMeta meta;
    private final Path tmp;
    private final DiskFile ch;
    private long size;
    private boolean done;

    private Receiver(SnapshotMeta meta) throws IOException {
      this.meta = meta;
      this.tmp = dir.resolve(finalPath(meta).getFileName() + ".recv.tmp");
      this.ch = disk.open(tmp, Disk.OpenMode.CREATE_TRUNCATE);
    }

    /** The snapshot being received. */
    public SnapshotMeta meta() {
      return meta;
    }

    /** Bytes received so far (the next expected offset). */
    public long size() {
      return size;
    }

    /** Appends a chunk that must start at {@link #size()}. */
    public void write(long offset, byte[] data) throws IOException {
      if (offset != size) {
        throw new IllegalArgumentException("snapshot chunk at offset " + offset + ", expected "
            + size);
      }
      Fsync.writeFully(ch, ByteBuffer.wrap(data), offset);
      size += data.length;
    }

    /** Makes the received bytes durable (before acknowledging them to the leader). */
    public void sync() throws IOException {
      ch.force(false);
    }

    /** The temporary file the chunks are written to. */
    public Path path() {
      return tmp;
    }

    /**
     * Verifies the complete file and publishes it under its final name.
     *
     * @throws CorruptLogException if the file is damaged or incomplete (it is deleted); other
     *     {@link IOException}s are disk errors
     */
    public SnapshotFile finish() throws IOException {
      ch.force(true);
      ch.close();
      done = true;
      try {
        verify(disk, tmp, meta);
      } catch (IOException e) {
        disk.deleteIfExists(tmp);
        throw e;
      }
      return publish(tmp, meta);
    }

    /** Abandons the transfer and deletes the temporary file (no-op after finish). */
    @Override
    public void close() throws IOException {
      if (!done) {
        done = true;
        ch.close();
        disk.deleteIfExists(tmp);
      }
    }
  }

  /** Writes to a {@link DiskFile} from its start on; closing it closes the file. */
  private static final class AppendingStream extends OutputStream {
    private final DiskFile file;
    private long position;

    AppendingStream(DiskFile file) {
      this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Fsync.writeFully(file, ByteBuffer.wrap(b, off, len), position);
      position += len;
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  /** Reads at most {@code remaining} bytes from the wrapped stream. */
  private static final class BoundedInputStream extends FilterInputStream {
    private long remaining;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(Math.min(n, remaining));
      remaining -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}

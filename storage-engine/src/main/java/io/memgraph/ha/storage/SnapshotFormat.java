package io.memgraph.ha.storage;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The container of a snapshot file: an 8-byte magic and a 4-byte format version, then the content
 * in chunks of at most 1 MiB, each {@code length:int32, bytes, crc32c:int32}, ended by a zero length
 * and a trailer {@code totalLength:int64, crc32c of the whole content:int32}. Per-chunk checksums
 * catch a flipped bit before any of its bytes are parsed; the trailer catches a lost tail.
 *
 * <p>Versions: 1 is the graph alone; 2 adds the users section after it; 3 (written now) gives each
 * index and constraint its id and name and adds composite, relationship property and node key
 * items. All three are read. An index or constraint is stored as its write-set op's kind and names
 * ({@code Op}), so a new kind of item, or a name an item adds (a vector index of relationships has
 * a fifth), needs no new version: older files have none of them, and an older build refuses them
 * by kind or name count rather than misreading them.
 */
final class SnapshotFormat {
  private SnapshotFormat() {}

  static final byte[] MAGIC = "MGHASNAP".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 3;
  /** The oldest version this build still reads. */
  static final int OLDEST_READABLE = 1;

  /** The verified content of a snapshot and the format version it was written in. */
  record Content(int version, byte[] bytes) {}
  static final int MAX_CHUNK = 1 << 20;

  /** Buffers content and writes it out as checksummed chunks. */
  static final class ChunkedOutput {
    private final OutputStream out;
    private final byte[] chunk = new byte[MAX_CHUNK];
    private int fill;
    private final CRC32C total = new CRC32C();
    private long totalLength;

    ChunkedOutput(OutputStream out) throws IOException {
      this.out = out;
      out.write(MAGIC);
      writeInt(VERSION);
    }

    void write(ByteWriter w) throws IOException {
      byte[] b = w.buffer();
      int off = 0;
      int len = w.size();
      while (len > 0) {
        int n = Math.min(len, chunk.length - fill);
        System.arraycopy(b, off, chunk, fill, n);
        fill += n;
        off += n;
        len -= n;
        if (fill == chunk.length) {
          flushChunk();
        }
      }
      w.reset();
    }

    private void flushChunk() throws IOException {
      if (fill == 0) {
        return;
      }
      CRC32C crc = new CRC32C();
      crc.update(chunk, 0, fill);
      total.update(chunk, 0, fill);
      totalLength += fill;
      writeInt(fill);
      out.write(chunk, 0, fill);
      writeInt((int) crc.getValue());
      fill = 0;
    }

    void finish() throws IOException {
      flushChunk();
      writeInt(0);
      byte[] t = new byte[12];
      for (int i = 0; i < 8; i++) {
        t[i] = (byte) (totalLength >>> (56 - 8 * i));
      }
      int crc = (int) total.getValue();
      for (int i = 0; i < 4; i++) {
        t[8 + i] = (byte) (crc >>> (24 - 8 * i));
      }
      out.write(t);
      out.flush();
    }

    private void writeInt(int v) throws IOException {
      out.write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
  }

  /** Reads and verifies the whole container, returning the content bytes and their version. */
  static Content readContent(InputStream raw, String source) throws SnapshotFormatException {
    DataInputStream in = new DataInputStream(raw);
    long offset = 0;
    try {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new SnapshotFormatException(source + ": not a snapshot file (bad magic bytes at offset 0)", null);
      }
      int version = in.readInt();
      if (version < OLDEST_READABLE || version > VERSION) {
        throw new SnapshotFormatException(source + ": snapshot format version " + version
            + " is not supported; this build reads versions " + OLDEST_READABLE + " to " + VERSION, null);
      }
      offset = 12;
      byte[] content = new byte[1 << 16];
      int size = 0;
      CRC32C total = new CRC32C();
      int chunkNo = 0;
      while (true) {
        int len = in.readInt();
        if (len == 0) {
          break;
        }
        if (len < 0 || len > MAX_CHUNK) {
          throw new SnapshotFormatException(source + ": chunk " + chunkNo + " at offset " + offset
              + " has invalid length " + len + " (corrupt file)", null);
        }
        if (size + len > content.length) {
          content = Arrays.copyOf(content, Math.max(content.length * 2, size + len));
        }
        in.readFully(content, size, len);
        int expected = in.readInt();
        CRC32C crc = new CRC32C();
        crc.update(content, size, len);
        if ((int) crc.getValue() != expected) {
          throw new SnapshotFormatException(source + ": checksum mismatch in chunk " + chunkNo + " at offset "
              + offset + " (corrupt file)", null);
        }
        total.update(content, size, len);
        size += len;
        offset += 8 + len;
        chunkNo++;
      }
      long totalLength = in.readLong();
      int totalCrc = in.readInt();
      if (totalLength != size || totalCrc != (int) total.getValue()) {
        throw new SnapshotFormatException(source + ": trailer does not match the content (length " + totalLength
            + " vs " + size + "; corrupt file)", null);
      }
      if (in.read() != -1) {
        throw new SnapshotFormatException(source + ": unexpected bytes after the snapshot trailer", null);
      }
      return new Content(version, Arrays.copyOf(content, size));
    } catch (EOFException e) {
      throw new SnapshotFormatException(source + ": truncated snapshot (file ends inside the data after about "
          + offset + " bytes)", e);
    } catch (SnapshotFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new SnapshotFormatException(source + ": cannot read snapshot: " + e.getMessage(), e);
    }
  }
}

package io.memgraph.ha.raft.log;

import io.memgraph.ha.raft.core.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft hard state (term, vote, commit) in one small checksummed file, replaced atomically:
 * written to {@code <name>.tmp}, fsynced, renamed over the old file, then the directory fsynced.
 * A crash leaves either the old or the new file, never a mix; a leftover temp file is ignored.
 *
 * <p>Layout (32 bytes, big-endian): magic "MGHS", version 1, term (8), vote (4), commit (8),
 * CRC32C of the preceding 28 bytes.
 */
public final class HardStateFile {
  private static final Logger LOG = LoggerFactory.getLogger(HardStateFile.class);
  private static final int MAGIC = 0x4D474853; // "MGHS"
  private static final int VERSION = 1;
  static final int SIZE = 32;

  private final Disk disk;
  private final Path file;

  /** A hard-state file at {@code file} (usually {@code <durability>/raft/state}). */
  public HardStateFile(Path file) {
    this(Disk.REAL, file);
  }

  /** A hard-state file at {@code file} on {@code disk}. */
  public HardStateFile(Disk disk, Path file) {
    this.disk = disk;
    this.file = file;
  }

  /** The file's path. */
  public Path path() {
    return file;
  }

  /**
   * Reads the hard state; {@link HardState#EMPTY} if the file does not exist (a new node).
   *
   * @throws CorruptLogException if the file exists but is damaged
   */
  public HardState load() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    if (disk.deleteIfExists(tmp)) {
      LOG.info("Removed leftover {} from an interrupted hard-state write; using {}", tmp, file);
    }
    byte[] bytes;
    try {
      bytes = disk.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return HardState.EMPTY;
    }
    if (bytes.length != SIZE) {
      throw new CorruptLogException(file, 0,
          "hard-state file has " + bytes.length + " bytes, expected " + SIZE);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, SIZE - 4);
    int magic = b.getInt();
    int version = b.getInt();
    long term = b.getLong();
    int vote = b.getInt();
    long commit = b.getLong();
    int stored = b.getInt();
    if (magic != MAGIC) {
      throw new CorruptLogException(file, 0, "not a hard-state file (bad magic)");
    }
    if ((int) crc.getValue() != stored) {
      throw new CorruptLogException(file, SIZE - 4, "hard-state checksum mismatch");
    }
    if (version != VERSION) {
      throw new CorruptLogException(file, 4, "unsupported hard-state version " + version);
    }
    if (term < 0 || vote < 0 || commit < 0) {
      throw new CorruptLogException(file, 8, "negative value in hard state");
    }
    return new HardState(term, vote, commit);
  }

  /** Replaces the stored hard state atomically and durably. */
  public void save(HardState state) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.putInt(MAGIC).putInt(VERSION).putLong(state.term()).putInt(state.vote())
        .putLong(state.commit());
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, SIZE - 4);
    b.putInt((int) crc.getValue());
    b.flip();
    Fsync.writeAtomically(disk, file, b);
  }
}

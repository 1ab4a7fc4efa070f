package io.memgraph.ha.raft.sim;

import io.memgraph.ha.raft.core.Entry;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The simulated application: its whole state is a digest chained over every applied entry, so two
 * nodes that applied different entries (or the same in another order) disagree. Its snapshot is
 * the digest plus deterministic padding, so snapshots span several chunks.
 */
final class SimStateMachine {

  private long appliedIndex;
  private long appliedTerm;
  private long digest;

  long appliedIndex() {
    return appliedIndex;
  }

  long digest() {
    return digest;
  }

  void apply(Entry e) {
    if (e.index() != appliedIndex + 1) {
      throw new AssertionError("applying index " + e.index() + " after " + appliedIndex);
    }
    long h = digest * 0x9E3779B97F4A7C15L + e.index();
    h = h * 31 + e.term();
    h = h * 31 + e.type().ordinal();
    h = h * 31 + Arrays.hashCode(e.data());
    digest = h ^ (h >>> 29);
    appliedIndex = e.index();
    appliedTerm = e.term();
  }

  /**
   * The snapshot bytes. The padding depends on the writer, like a real snapshot whose layout is
   * not byte-identical across nodes: mixing chunks of two nodes' snapshots is detected on restore.
   */
  byte[] snapshot(int padding, int writer) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + padding + 4);
    b.putLong(appliedIndex).putLong(appliedTerm).putLong(digest).putInt(padding).putInt(writer);
    for (int i = 0; i < padding; i++) {
      b.put(pad(i, writer));
    }
    b.putInt(crc(b.array(), b.position()));
    return b.array();
  }

  /** The driver's check of a received snapshot, like the CRC trailer of a real snapshot file. */
  static boolean intact(byte[] bytes) {
    return bytes.length >= HEADER + 4
        && ByteBuffer.wrap(bytes).getInt(bytes.length - 4) == crc(bytes, bytes.length - 4);
  }

  private static int crc(byte[] bytes, int len) {
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(bytes, 0, len);
    return (int) c.getValue();
  }

  private static final int HEADER = 32;

  private byte pad(int i, int writer) {
    return (byte) ((digest >>> (i % 8)) ^ i ^ (writer * 37));
  }

  static SimStateMachine restore(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    SimStateMachine sm = new SimStateMachine();
    sm.appliedIndex = b.getLong();
    sm.appliedTerm = b.getLong();
    sm.digest = b.getLong();
    int padding = b.getInt();
    int writer = b.getInt();
    if (!intact(bytes)) {
      throw new AssertionError("restoring a snapshot that fails its checksum");
    }
    if (padding != bytes.length - HEADER - 4) {
      throw new AssertionError("snapshot length " + bytes.length + " but padding " + padding);
    }
    for (int i = 0; i < padding; i++) {
      if (b.get() != sm.pad(i, writer)) {
        throw new AssertionError("snapshot byte " + (HEADER + i) + " corrupt (chunks of"
            + " different snapshots mixed?)");
      }
    }
    return sm;
  }

  long appliedTerm() {
    return appliedTerm;
  }
}

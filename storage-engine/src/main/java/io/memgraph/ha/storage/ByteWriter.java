package io.memgraph.ha.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the varint encodings shared by write sets, properties and snapshots. */
final class ByteWriter {
  private byte[] buf;
  private int size;

  ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, size);
  }

  byte[] buffer() {
    return buf;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  void writeBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  /** Unsigned LEB128. */
  void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  void writeVarInt(int v) {
    writeVarLong(v & 0xFFFFFFFFL);
  }

  /** Zig-zag then LEB128, so small negative numbers stay short. */
  void writeSignedVarLong(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  void writeLong(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (i * 8));
    }
  }

  void writeInt(int v) {
    ensure(4);
    for (int i = 3; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (i * 8));
    }
  }

  void writeString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarInt(b.length);
    writeBytes(b, 0, b.length);
  }
}

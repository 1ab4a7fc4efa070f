package io.memgraph.ha.storage;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote. Every read is bounds-checked and fails with
 * {@link MalformedDataException} naming the position, so corrupt input never causes a huge
 * allocation or an unchecked index error.
 */
final class ByteReader {
  private final byte[] buf;
  private int pos;
  private final int end;

  ByteReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  ByteReader(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  int position() {
    return pos;
  }

  boolean hasRemaining() {
    return pos < end;
  }

  int remaining() {
    return end - pos;
  }

  private void need(int n) {
    if (n < 0 || end - pos < n) {
      throw new MalformedDataException("unexpected end of data at byte " + pos + " (need " + n + " more)");
    }
  }

  int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  long readVarLong() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new MalformedDataException("varint longer than 10 bytes at byte " + pos);
  }

  int readVarInt() {
    long v = readVarLong();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new MalformedDataException("length or count " + v + " out of range at byte " + pos);
    }
    return (int) v;
  }

  /** A count that must fit in the remaining input (each element takes at least one byte). */
  int readCount() {
    int n = readVarInt();
    if (n > remaining()) {
      throw new MalformedDataException("count " + n + " exceeds the remaining " + remaining() + " bytes at byte " + pos);
    }
    return n;
  }

  long readSignedVarLong() {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  int readInt() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  String readString() {
    int n = readVarInt();
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  byte[] readBytes(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  void skip(int n) {
    need(n);
    pos += n;
  }
}

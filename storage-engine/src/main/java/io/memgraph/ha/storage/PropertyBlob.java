package io.memgraph.ha.storage;

import java.util.Map;
import java.util.TreeMap;

/**
 * The properties of one vertex or edge as a single immutable byte array: pairs of (varint key id,
 * encoded value) sorted by key id; {@code null} when there are none. One small array per object
 * instead of a map keeps a vertex's two properties in about 32 bytes. Changing a property builds a
 * new array, which is also what lets an MVCC undo delta just keep the old array.
 */
final class PropertyBlob {
  private PropertyBlob() {}

  /** The value of key {@code keyId}, or {@code null}. */
  static Object get(byte[] blob, int keyId) {
    if (blob == null) {
      return null;
    }
    ByteReader r = new ByteReader(blob);
    while (r.hasRemaining()) {
      int k = r.readVarInt();
      if (k == keyId) {
        return ValueCodec.read(r);
      }
      if (k > keyId) {
        return null;
      }
      ValueCodec.skip(r);
    }
    return null;
  }

  /** All properties, by key id in ascending order. */
  static TreeMap<Integer, Object> decode(byte[] blob) {
    TreeMap<Integer, Object> out = new TreeMap<>();
    if (blob == null) {
      return out;
    }
    ByteReader r = new ByteReader(blob);
    while (r.hasRemaining()) {
      int k = r.readVarInt();
      out.put(k, ValueCodec.read(r));
    }
    return out;
  }

  /** Encodes properties (null values are dropped); {@code null} when nothing remains. */
  static byte[] encode(Map<Integer, Object> byKeyId) {
    TreeMap<Integer, Object> sorted = byKeyId instanceof TreeMap<Integer, Object> t ? t : new TreeMap<>(byKeyId);
    ByteWriter w = null;
    for (Map.Entry<Integer, Object> e : sorted.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      if (w == null) {
        w = new ByteWriter(32);
      }
      w.writeVarInt(e.getKey());
      ValueCodec.write(w, e.getValue());
    }
    return w == null ? null : w.toArray();
  }

  /** Checks that a blob read from a snapshot is well formed (sorted unique keys, valid values). */
  static void validate(byte[] blob, int nameCount) {
    ByteReader r = new ByteReader(blob);
    int last = -1;
    while (r.hasRemaining()) {
      int k = r.readVarInt();
      if (k <= last || k >= nameCount) {
        throw new MalformedDataException("property key id " + k + " out of order or unknown");
      }
      last = k;
      ValueCodec.read(r);
    }
  }
}

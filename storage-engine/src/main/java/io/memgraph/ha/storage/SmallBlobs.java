package io.memgraph.ha.storage;

import java.util.HashMap;

/**
 * One shared copy of each small property blob. Many objects carry the same few bytes of
 * properties (a weight from a small range, a flag, a year); a blob of up to seven bytes costs 24
 * bytes of heap as an array of its own but only a reference when shared. Blobs are never changed
 * in place (a change installs a new one), so sharing them is safe. Used by the apply thread and by
 * snapshot loading, one thread at a time, like the rest of the committed graph's writes.
 *
 * <p>Bounded: once {@link #MAX_BLOBS} distinct blobs are kept, new ones are simply not shared.
 * Kept blobs are never dropped; at most a few megabytes.
 */
final class SmallBlobs {
  /** Longest blob shared: it must fit in a long beside its length. */
  static final int MAX_LENGTH = 7;
  static final int MAX_BLOBS = 1 << 16;

  private final HashMap<Long, byte[]> blobs = new HashMap<>();

  /** The shared copy of {@code blob} when it is small (maybe {@code blob} itself), else {@code blob}. */
  byte[] share(byte[] blob) {
    if (blob == null || blob.length > MAX_LENGTH) {
      return blob;
    }
    long key = blob.length;
    for (byte b : blob) {
      key = key << 8 | (b & 0xFF);
    }
    byte[] kept = blobs.get(key);
    if (kept != null) {
      return kept;
    }
    if (blobs.size() < MAX_BLOBS) {
      blobs.put(key, blob);
    }
    return blob;
  }

  int size() {
    return blobs.size();
  }
}

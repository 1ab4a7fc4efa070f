package io.memgraph.ha.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Records indexed directly by their 64-bit id in fixed-size chunks: ids are allocated densely, so a
 * slot costs 4 bytes and a lookup is two array reads, with no boxed keys or hash entries. A slot
 * holds a record, the table's tombstone (the id was used and its object is deleted and collected),
 * or null (never used). Only the apply thread writes; slots are published with release stores.
 */
final class RecordTable<T> {
  private static final int SHIFT = 12;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  private final Object tombstone;
  private volatile Object[][] chunks = new Object[0][];
  /** One above the highest id whose slot was ever set. */
  private volatile long limit;

  RecordTable(Object tombstone) {
    this.tombstone = tombstone;
  }

  long limit() {
    return limit;
  }

  /** The record with this id, or null when the slot is empty or a tombstone. */
  @SuppressWarnings("unchecked")
  T get(long id) {
    Object o = raw(id);
    return o == tombstone ? null : (T) o;
  }

  Object raw(long id) {
    if (id < 0) {
      return null;
    }
    Object[][] c = chunks;
    long ci = id >>> SHIFT;
    if (ci >= c.length) {
      return null;
    }
    Object[] chunk = c[(int) ci];
    return chunk == null ? null : SLOT.getAcquire(chunk, (int) (id & MASK));
  }

  boolean isTombstone(long id) {
    return raw(id) == tombstone;
  }

  /** Whether the id was ever used (live, deleted or collected). */
  boolean used(long id) {
    return raw(id) != null;
  }

  void set(long id, Object value) {
    if (id < 0 || (id >>> SHIFT) >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("id out of range: " + id);
    }
    int ci = (int) (id >>> SHIFT);
    Object[][] c = chunks;
    if (ci >= c.length) {
      c = Arrays.copyOf(c, Math.max(ci + 1, c.length * 2));
      chunks = c;
    }
    Object[] chunk = c[ci];
    if (chunk == null) {
      chunk = new Object[CHUNK];
      c[ci] = chunk;
      chunks = c; // republish so readers see the new chunk
    }
    SLOT.setRelease(chunk, (int) (id & MASK), value);
    if (id >= limit) {
      limit = id + 1;
    }
  }

  /**
   * The smallest id at or above {@code from} whose slot was ever set (a record or a tombstone), or
   * -1. Chunks never touched are skipped whole, so a walk over a table with a few far-apart ids
   * costs one step per chunk slot, not per id.
   */
  long nextUsed(long from) {
    Object[][] c = chunks;
    long id = Math.max(0, from);
    long end = limit;
    while (id < end) {
      long ci = id >>> SHIFT;
      if (ci >= c.length) {
        return -1;
      }
      Object[] chunk = c[(int) ci];
      if (chunk == null) {
        id = (ci + 1) << SHIFT;
        continue;
      }
      for (int i = (int) (id & MASK); i < CHUNK; i++) {
        if (SLOT.getAcquire(chunk, i) != null) {
          return (ci << SHIFT) + i;
        }
      }
      id = (ci + 1) << SHIFT;
    }
    return -1;
  }

  void setTombstone(long id) {
    set(id, tombstone);
  }
}

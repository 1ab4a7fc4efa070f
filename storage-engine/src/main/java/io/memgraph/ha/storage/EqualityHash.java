package io.memgraph.ha.storage;

import java.util.function.LongConsumer;

/**
 * The entries of a {@link PropertyIndex} whose values are numbers, strings or booleans, by value,
 * for equality lookups: an open-addressing table of references to the index's own entries (linear
 * probing, at most half full): 8 to 16 bytes per entry.
 *
 * <p>Values equal by {@link Values#compare} share a key ({@link #keyOf}). A key with more than
 * {@link #FEW} entries gets a marker instead of more: its lookups go to the skip list (a probe chain
 * stays short, and a low-cardinality property such as an age is better served there anyway).
 *
 * <p>One writer, the apply thread; readers on any thread without locks. A writer only fills an
 * empty slot or turns a slot into {@link #DELETED}, and replaces the whole table (built aside) when
 * it grows; so a reader sees each entry or not, never a half-moved chain. What a reader must see is
 * there: an entry was added before the commit that made its version visible, and the reader read
 * that commit's publication first. Entries are immutable records.
 */
final class EqualityHash {
  /** More entries than this under one key and the key gets a marker instead. */
  static final int FEW = 8;
  /** The {@link PropertyIndex.Entry#sentinelClass} of a marker (never a type class). */
  private static final int MARK = -1;
  private static final PropertyIndex.Entry DELETED = new PropertyIndex.Entry(null, 0, MARK - 1, false);

  private volatile PropertyIndex.Entry[] table = new PropertyIndex.Entry[16];
  /** Slots not null: entries, markers and deleted ones (writer only). */
  private int used;
  /** Entries and markers (writer only). */
  private int live;

  /**
   * The key of a value, equal for values that {@link Values#compare} finds equal; null for the kinds
   * this table does not hold (lists, temporal values, points, bytes). A double that is a whole
   * number in the range of a long is keyed as that long (1.0 as 1, -0.0 as 0); other doubles as
   * themselves (every NaN as one NaN, as compare has it).
   */
  static Object keyOf(Object value) {
    if (value instanceof Long || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double boxed) {
      double d = boxed;
      if (d >= -0x1p63 && d < 0x1p63 && d == Math.rint(d)) {
        return (long) d;
      }
      return Double.isNaN(d) ? Double.NaN : boxed;
    }
    return null;
  }

  /** Adds an entry new to the index under its value's key (not null). Writer only. */
  void add(Object key, PropertyIndex.Entry e) {
    PropertyIndex.Entry[] t = table;
    int mask = t.length - 1;
    int free = -1;
    int same = 0;
    int i = slot(key, mask);
    for (PropertyIndex.Entry s; (s = t[i]) != null; i = (i + 1) & mask) {
      if (s == DELETED) {
        if (free < 0) {
          free = i;
        }
      } else if (key.equals(keyOf(s.value()))) {
        if (s.sentinelClass() == MARK) {
          return; // the skip list answers for this key
        }
        same++;
      }
    }
    PropertyIndex.Entry put = same < FEW ? e : new PropertyIndex.Entry(key, 0, MARK, false);
    if (free >= 0) {
      t[free] = put;
    } else {
      t[i] = put;
      used++;
    }
    live++;
    if (2 * used > t.length) {
      rebuild();
    }
  }

  /** Removes the entry of this id under the key, if the table has it. Writer only. */
  void remove(Object key, long id) {
    PropertyIndex.Entry[] t = table;
    int mask = t.length - 1;
    for (int i = slot(key, mask); t[i] != null; i = (i + 1) & mask) {
      PropertyIndex.Entry s = t[i];
      if (s != DELETED && s.sentinelClass() != MARK && s.vertexId() == id && key.equals(keyOf(s.value()))) {
        t[i] = DELETED;
        live--;
        return;
      }
    }
  }

  /**
   * Gives the ids of the entries under the key to {@code out} and returns true; or returns false,
   * giving nothing, when the key has a marker (ask the skip list).
   */
  boolean find(Object key, LongConsumer out) {
    PropertyIndex.Entry[] t = table;
    int mask = t.length - 1;
    int start = slot(key, mask);
    for (int i = start; t[i] != null; i = (i + 1) & mask) {
      PropertyIndex.Entry s = t[i];
      if (s.sentinelClass() == MARK && key.equals(s.value())) {
        return false;
      }
    }
    for (int i = start; t[i] != null; i = (i + 1) & mask) {
      PropertyIndex.Entry s = t[i];
      if (s != DELETED && s.sentinelClass() != MARK && key.equals(keyOf(s.value()))) {
        out.accept(s.vertexId());
      }
    }
    return true;
  }

  /** A new table for the live slots, at most a third full, published whole. */
  private void rebuild() {
    int capacity = 16;
    while (capacity < 3 * live) {
      capacity <<= 1;
    }
    PropertyIndex.Entry[] next = new PropertyIndex.Entry[capacity];
    int mask = capacity - 1;
    for (PropertyIndex.Entry s : table) {
      if (s != null && s != DELETED) {
        Object key = s.sentinelClass() == MARK ? s.value() : keyOf(s.value());
        int i = slot(key, mask);
        while (next[i] != null) {
          i = (i + 1) & mask;
        }
        next[i] = s;
      }
    }
    used = live;
    table = next;
  }

  private static int slot(Object key, int mask) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}

package io.memgraph.ha.raft.log;

import io.memgraph.ha.raft.core.Entry;

/**
 * The most recent log entries in memory (a ring of consecutive indexes), bounded by bytes, so that
 * replication and apply read recent entries without touching the disk.
 */
final class EntryCache {
  private final long maxBytes;
  private Entry[] ring = new Entry[1024];
  private int head;
  private int size;
  private long bytes;

  EntryCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Index of the first cached entry; meaningless when empty. */
  long firstIndex() {
    return size == 0 ? Long.MAX_VALUE : ring[head].index();
  }

  void add(Entry e) {
    if (size > 0 && e.index() != ring[(head + size - 1) % ring.length].index() + 1) {
      clear();
    }
    if (size == ring.length) {
      Entry[] bigger = new Entry[ring.length * 2];
      for (int i = 0; i < size; i++) {
        bigger[i] = ring[(head + i) % ring.length];
      }
      ring = bigger;
      head = 0;
    }
    ring[(head + size) % ring.length] = e;
    size++;
    bytes += e.sizeBytes();
    while (bytes > maxBytes && size > 1) {
      removeFirst();
    }
  }

  /** The entry at {@code index}, or null if it is not cached. */
  Entry get(long index) {
    if (size == 0) {
      return null;
    }
    long off = index - ring[head].index();
    if (off < 0 || off >= size) {
      return null;
    }
    return ring[(int) ((head + off) % ring.length)];
  }

  /** Drops entries with index >= {@code from}. */
  void truncateFrom(long from) {
    while (size > 0 && ring[(head + size - 1) % ring.length].index() >= from) {
      int last = (head + size - 1) % ring.length;
      bytes -= ring[last].sizeBytes();
      ring[last] = null;
      size--;
    }
  }

  /** Drops entries with index <= {@code upTo}. */
  void dropThrough(long upTo) {
    while (size > 0 && ring[head].index() <= upTo) {
      removeFirst();
    }
  }

  void clear() {
    while (size > 0) {
      removeFirst();
    }
  }

  private void removeFirst() {
    bytes -= ring[head].sizeBytes();
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
  }
}

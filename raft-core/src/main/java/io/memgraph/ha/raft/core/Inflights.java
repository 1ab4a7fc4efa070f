package io.memgraph.ha.raft.core;

/**
 * The AppendEntries messages in flight to one follower, as the last index each carried: a bounded
 * ring so that a leader pipelines at most {@code capacity} messages before it hears back.
 */
final class Inflights {

  private final long[] buffer;
  private int start;
  private int count;

  Inflights(int capacity) {
    this.buffer = new long[capacity];
  }

  boolean full() {
    return count == buffer.length;
  }

  int count() {
    return count;
  }

  void add(long lastIndex) {
    if (full()) {
      throw new IllegalStateException("inflights full");
    }
    buffer[(start + count) % buffer.length] = lastIndex;
    count++;
  }

  /** Frees every message whose last index is at most {@code index} (acknowledged). */
  void freeLe(long index) {
    while (count > 0 && buffer[start] <= index) {
      start = (start + 1) % buffer.length;
      count--;
    }
  }

  /** Frees the oldest message, so a heartbeat response can unblock a stuck pipeline. */
  void freeFirst() {
    if (count > 0) {
      start = (start + 1) % buffer.length;
      count--;
    }
  }

  void reset() {
    start = 0;
    count = 0;
  }
}

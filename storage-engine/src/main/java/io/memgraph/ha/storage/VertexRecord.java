package io.memgraph.ha.storage;

/**
 * The newest committed version of a vertex, stored in place (56 bytes with compressed oops), plus
 * its undo chain (null once old versions are garbage collected). Fields are volatile because the
 * apply thread changes them while readers read: the apply thread pushes an undo delta before it
 * changes a field, and readers read fields before the chain, so a reader that sees a new value also
 * sees the delta that undoes it.
 */
final class VertexRecord {
  static final int[] NO_LABELS = new int[0];
  static final EdgeRecord[] NO_EDGES = new EdgeRecord[0];

  final long id;
  volatile int[] labels = NO_LABELS; // sorted label ids
  volatile byte[] props; // PropertyBlob, null when empty
  volatile EdgeRecord[] out = NO_EDGES; // sorted by edge id; the first outCount entries are valid
  volatile int outCount;
  volatile EdgeRecord[] in = NO_EDGES;
  volatile int inCount;
  volatile Delta chain;
  /** The stamp and the deletion mark in one long (see {@link StampWord}). */
  private volatile long stampWord;

  VertexRecord(long id) {
    this.id = id;
  }

  long stamp() {
    return StampWord.stamp(stampWord);
  }

  boolean deleted() {
    return StampWord.deleted(stampWord);
  }

  /** Sets the stamp, keeping the deletion mark. */
  void stamp(long commit) {
    stampWord = StampWord.withStamp(stampWord, commit);
  }

  /** Marks the vertex deleted, keeping its stamp. */
  void markDeleted() {
    stampWord = StampWord.markedDeleted(stampWord);
  }
}

package io.memgraph.ha.storage;

/**
 * The newest committed version of an edge (48 bytes): endpoints and type never change, so only the
 * properties, deletion flag and stamp are versioned. See {@link VertexRecord} for the protocol.
 */
final class EdgeRecord {
  final long id;
  final VertexRecord from;
  final VertexRecord to;
  final int type;
  volatile byte[] props;
  volatile Delta chain;
  /** The stamp and the deletion mark in one long (see {@link StampWord}). */
  private volatile long stampWord;

  EdgeRecord(long id, VertexRecord from, VertexRecord to, int type) {
    this.id = id;
    this.from = from;
    this.to = to;
    this.type = type;
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

  /** Marks the edge deleted, keeping its stamp. */
  void markDeleted() {
    stampWord = StampWord.markedDeleted(stampWord);
  }
}

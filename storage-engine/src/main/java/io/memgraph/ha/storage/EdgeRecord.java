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
  /** The commit index of the last change, bit-inverted once deleted (see {@link VertexRecord}). */
  private volatile long stampWord;

  EdgeRecord(long id, VertexRecord from, VertexRecord to, int type) {
    this.id = id;
    this.from = from;
    this.to = to;
    this.type = type;
  }

  long stamp() {
    long w = stampWord;
    return w < 0 ? ~w : w;
  }

  boolean deleted() {
    return stampWord < 0;
  }

  /** Sets the stamp, keeping the deletion mark. */
  void stamp(long commit) {
    stampWord = stampWord < 0 ? ~commit : commit;
  }

  /** Marks the edge deleted, keeping its stamp. */
  void markDeleted() {
    stampWord = ~stamp();
  }
}

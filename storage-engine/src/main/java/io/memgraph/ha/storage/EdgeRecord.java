package io.memgraph.ha.storage;

/**
 * The newest committed version of an edge (56 bytes): endpoints and type never change, so only the
 * properties, deletion flag and stamp are versioned. See {@link VertexRecord} for the protocol.
 */
final class EdgeRecord {
  final long id;
  final VertexRecord from;
  final VertexRecord to;
  final int type;
  volatile byte[] props;
  volatile Delta chain;
  volatile long stamp;
  volatile boolean deleted;

  EdgeRecord(long id, VertexRecord from, VertexRecord to, int type) {
    this.id = id;
    this.from = from;
    this.to = to;
    this.type = type;
  }
}

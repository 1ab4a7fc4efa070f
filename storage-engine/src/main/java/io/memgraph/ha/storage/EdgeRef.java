package io.memgraph.ha.storage;

/**
 * An edge as seen by a transaction: its id, endpoints and type. Properties are read through the
 * transaction, since they are versioned.
 *
 * @param id edge id
 * @param from id of the start vertex
 * @param to id of the end vertex
 * @param type edge type name
 */
public record EdgeRef(long id, long from, long to, String type) {
  /** The endpoint that is not {@code vertexId} (or {@code vertexId} itself for a self-loop). */
  public long other(long vertexId) {
    return from == vertexId ? to : from;
  }
}

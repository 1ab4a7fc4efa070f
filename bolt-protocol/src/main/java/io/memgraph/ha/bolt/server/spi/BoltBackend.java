package io.memgraph.ha.bolt.server.spi;

/**
 * What a Bolt server runs queries against: the query engine of the database, a scripted backend in
 * tests. Bolt knows nothing of graphs or Cypher; it hands each connection's requests to one
 * {@link BoltSession} obtained here.
 *
 * <p>{@link #open} is called once per connection, when the client's HELLO (Bolt 1: INIT) arrives, on
 * a worker thread (never on the network event loop). Implementations must be thread-safe: different
 * connections call it concurrently.
 */
@FunctionalInterface
public interface BoltBackend {

  /**
   * Opens the session for one client connection.
   *
   * @param info who connected, with which protocol version and agent
   * @return the session; the server closes it when the connection ends
   * @throws BoltFailureException to refuse the connection (the client gets a FAILURE, then the
   *     connection is closed)
   */
  BoltSession open(ConnectionInfo info);
}

package io.memgraph.ha.bolt.version;

/**
 * Bolt 5.7 gives errors the shape of GQL: a FAILURE carries {@code gql_status},
 * {@code description}, {@code message}, {@code neo4j_code} (the classic status code) and a
 * {@code diagnostic_record} (see {@link io.memgraph.ha.bolt.messaging.GqlErrors}). 5.7 also brings
 * the handshake manifest ({@link io.memgraph.ha.bolt.transport.ServerHandshakeDecoder}).
 */
public class BoltV57 extends BoltV56 {

  private static final BoltVersion VERSION = new BoltVersion(5, 7);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  public boolean gqlErrors() {
    return true;
  }
}

package io.memgraph.ha.bolt.version;

/**
 * Bolt 5.8 lets a server name the home database a BEGIN or RUN resolved to and hint at
 * server-side routing ({@code ssr.enabled}); both are optional for the server, and with one
 * database and no server-side routing this server sends neither. Its messages are those of 5.7.
 */
public class BoltV58 extends BoltV57 {

  private static final BoltVersion VERSION = new BoltVersion(5, 8);

  @Override
  public BoltVersion version() {
    return VERSION;
  }
}

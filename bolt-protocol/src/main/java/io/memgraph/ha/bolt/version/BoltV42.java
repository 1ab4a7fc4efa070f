package io.memgraph.ha.bolt.version;

/** Bolt 4.2 changes nothing on the wire that this server sees (it only changed server internals). */
public class BoltV42 extends BoltV41 {

  private static final BoltVersion VERSION = new BoltVersion(4, 2);

  @Override
  public BoltVersion version() {
    return VERSION;
  }
}

package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.RequestCodec;
import io.memgraph.ha.bolt.messaging.RequestCodecs;
import java.util.Map;

/**
 * Bolt 5.1 moves authentication out of HELLO into LOGON, adds LOGOFF, and with them the
 * AUTHENTICATION state between HELLO and READY.
 */
public class BoltV51 extends BoltV50 {

  private static final BoltVersion VERSION = new BoltVersion(5, 1);

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  protected void requests(Map<Byte, RequestCodec<?>> table) {
    super.requests(table);
    put(table, RequestCodecs.LOGON);
    put(table, RequestCodecs.LOGOFF);
  }

  @Override
  public boolean authenticatesInHello() {
    return false;
  }
}

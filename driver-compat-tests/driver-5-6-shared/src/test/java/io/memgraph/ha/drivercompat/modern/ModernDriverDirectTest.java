package io.memgraph.ha.drivercompat.modern;

import io.memgraph.ha.drivercompat.backend.ScriptedServer;

/** Every scenario of {@link ModernDriverCompatibilityTest}: the driver 5.28 or 6.0 connected straight to the server. */
class ModernDriverDirectTest extends ModernDriverCompatibilityTest {

  @Override
  boolean throughProxy() {
    return false;
  }

  @Override
  int startEntry(ScriptedServer server) {
    return server.port();
  }

  @Override
  void stopEntry() {
  }
}

package io.memgraph.ha.drivercompat.driver44;

import io.memgraph.ha.drivercompat.backend.ScriptedServer;

/** Every scenario of {@link Driver44CompatibilityTest}: the driver 4.4 connected straight to the server. */
class Driver44DirectTest extends Driver44CompatibilityTest {

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

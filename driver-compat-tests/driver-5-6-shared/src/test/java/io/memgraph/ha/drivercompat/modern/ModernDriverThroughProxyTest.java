package io.memgraph.ha.drivercompat.modern;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.drivercompat.backend.ScriptedServer;
import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every scenario of {@link ModernDriverCompatibilityTest} through the proxy: the driver 5.28 or
 * 6.0 connects to a {@link BoltProxy} whose only endpoint is the scripted server. The server
 * answers HELLO without a {@code role}, so the proxy takes it for a standalone leader.
 */
class ModernDriverThroughProxyTest extends ModernDriverCompatibilityTest {

  /** The user agent of the proxy's own leader probes (one HELLO per endpoint and second). */
  static final String PROXY_PROBE_AGENT = "memgraph_ha_proxy/probe";

  private BoltProxy proxy;
  private int serverPort;

  @Override
  boolean throughProxy() {
    return true;
  }

  @Override
  int startEntry(ScriptedServer server) throws IOException {
    // The probes are the proxy's connections, not the driver's: leave them out of the call logs.
    server.backend().unrecorded(PROXY_PROBE_AGENT);
    serverPort = server.port();
    proxy = BoltProxy.start(ProxySettings.plain(List.of(new Endpoint("127.0.0.1", server.port()))));
    return proxy.port();
  }

  @Override
  void stopEntry() {
    if (proxy != null) {
      proxy.close();
    }
  }

  /**
   * Not a driver scenario: the proxy asks every endpoint who leads once a second, so that idle
   * sessions move to a new leader before their next transaction. With no client connected at all,
   * that probe alone must learn that the scripted server (no {@code role} in its HELLO answer) leads.
   */
  @Test
  void theLeaderProbeFindsTheLeaderWithoutAnyClient() throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L; // the first probe goes out after one second
    while (proxy.leader() == null && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(proxy.leader()).isEqualTo("127.0.0.1:" + serverPort);
  }
}

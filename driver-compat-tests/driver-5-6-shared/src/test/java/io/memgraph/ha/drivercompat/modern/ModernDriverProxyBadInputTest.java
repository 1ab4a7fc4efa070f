package io.memgraph.ha.drivercompat.modern;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.drivercompat.backend.BadConnections;
import io.memgraph.ha.drivercompat.backend.ScriptedBackend;
import io.memgraph.ha.drivercompat.backend.ScriptedQuery;
import io.memgraph.ha.drivercompat.backend.ScriptedServer;
import io.memgraph.ha.drivercompat.backend.ScriptedSession;
import io.memgraph.ha.drivercompat.backend.StalledServer;
import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/**
 * Bad input on the proxy's client port, next to a well-behaved Neo4j Java driver 5.28 or 6.0: a connection that sends
 * garbage instead of the handshake, one that sends a message larger than the proxy's limit and one
 * that sends a message with an unknown signature are each closed by the proxy, while the driver,
 * on a connection of its own, answers a query before and after on that same connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModernDriverProxyBadInputTest {

  /** The proxy's message limit here: small, so that an oversized message is cheap to send. */
  private static final int LIMIT = 16 * 1024;
  /** How long a bad connection waits for the proxy's answer and close. */
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String REQUEST_INVALID = "Neo.ClientError.Request.Invalid";

  private ScriptedServer server;
  private BoltProxy proxy;
  private Driver driver;

  @BeforeEach
  void start() throws IOException {
    server = ScriptedServer.start(new ScriptedBackend()
        .unrecorded(ModernDriverThroughProxyTest.PROXY_PROBE_AGENT)
        .script("RETURN 1", ScriptedQuery.result(List.of("1"), List.of(List.of(1L)))));
    ProxySettings plain = ProxySettings.plain(List.of(new Endpoint("127.0.0.1", server.port())));
    proxy = BoltProxy.start(new ProxySettings(plain.endpoints(), plain.bindAddress(), plain.port(), plain.clientTls(),
        plain.serverTls(), plain.workerThreads(), plain.sessionInactivityTimeout(), plain.numRetries(),
        plain.retryDelay(), plain.connectTimeout(), LIMIT, plain.shutdownGrace()));
    driver = GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(),
        AuthTokens.basic(ScriptedBackend.USER, ScriptedBackend.PASSWORD),
        Config.builder().withoutEncryption().withMaxConnectionPoolSize(1)
            .withConnectionTimeout(5, TimeUnit.SECONDS).build());
    assertThat(returnOne()).isEqualTo(1L);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    server.close();
  }

  @Test
  void garbageInsteadOfTheHandshakeIsClosed() {
    BadConnections.Outcome bad = BadConnections.garbageInsteadOfHandshake(proxy.port(), WAIT);
    assertThat(bad.closed()).as("closed by the proxy").isTrue();
    assertTheDriverStillWorks();
  }

  @Test
  void aMessageOverTheLimitIsRefusedAndClosed() {
    BadConnections.Outcome bad = BadConnections.oversizedMessage(proxy.port(), 4 * LIMIT, WAIT);
    assertThat(bad.closed()).as("closed by the proxy").isTrue();
    // The proxy answers a FAILURE before it closes (it may be lost if the close overtakes it).
    assertThat(bad.responses()).hasSizeLessThanOrEqualTo(1)
        .allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(Response.Failure.class,
            f -> assertThat(f.code()).isEqualTo(REQUEST_INVALID)));
    assertTheDriverStillWorks();
  }

  @Test
  void anUnknownMessageSignatureIsRefusedAndClosed() {
    BadConnections.Outcome bad = BadConnections.unknownSignatureAfterLogin(proxy.port(), ScriptedBackend.USER,
        ScriptedBackend.PASSWORD, WAIT);
    assertThat(bad.closed()).as("closed by the proxy").isTrue();
    assertThat(bad.responses()).hasSize(1).first().isInstanceOfSatisfying(Response.Failure.class,
        f -> assertThat(f.code()).isEqualTo(REQUEST_INVALID));
    // That connection had logged in, so it had a backend connection of its own: closed with it.
    awaitTrue("the bad connection's backend connection is closed", () -> server.backend().sessions().stream()
        .filter(s -> s.info().userAgent().equals(BadConnections.USER_AGENT))
        .allMatch(s -> s.calls().contains("CLOSE")));
    assertTheDriverStillWorks();
  }

  /**
   * A client that sends requests without reading answers, through a second proxy, to a server that
   * reads nothing after HELLO. Once the buffers on the way are full (the kernel's, at most 256
   * queued requests in the proxy), the proxy must stop reading from the client, not hold it all.
   */
  @Test
  void aClientCannotPileUpRequestsForAServerThatReadsNothing() throws Exception {
    try (StalledServer stalled = StalledServer.start();
        BoltProxy toStalled = BoltProxy.start(
            ProxySettings.plain(List.of(new Endpoint("127.0.0.1", stalled.port()))))) {
      List<Long> taken = BadConnections.flood(toStalled.port(), 6, 192L << 20);
      assertThat(taken.get(5) - taken.get(3)).as("bytes the proxy took in the last two of %s", taken)
          .isLessThan(1L << 20);
      assertThat(taken.get(5)).as("bytes the proxy took in all, %s", taken).isLessThan(128L << 20);
    }
    assertTheDriverStillWorks();
  }

  /** The driver answers on the connection it opened before the bad one, and the proxy dropped the bad session. */
  private void assertTheDriverStillWorks() {
    assertThat(returnOne()).isEqualTo(1L);
    List<ScriptedSession> driverConnections = server.backend().sessions().stream()
        .filter(s -> !s.info().userAgent().equals(BadConnections.USER_AGENT)).toList();
    assertThat(driverConnections).as("the driver's backend connections").hasSize(1);
    assertThat(driverConnections.get(0).calls()).doesNotContain("CLOSE")
        .filteredOn(c -> c.equals("RUN RETURN 1")).hasSize(2);
    awaitTrue("only the driver's session left in the proxy", () -> proxy.sessionCount() == 1);
  }

  private long returnOne() {
    try (Session session = driver.session()) {
      return session.run("RETURN 1").single().get(0).asLong();
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}

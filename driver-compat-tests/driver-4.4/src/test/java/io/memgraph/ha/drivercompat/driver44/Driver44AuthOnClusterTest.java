package io.memgraph.ha.drivercompat.driver44;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterLogsOnFailure;
import io.memgraph.ha.server.cluster.ClusterServer;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Driver 4.4 sends its credentials in HELLO (Bolt 4.4). Against a real three-server cluster with
 * {@code --auth-enabled=true}, straight to a server and through {@link BoltProxy}: the right
 * password gets in, a wrong one or none is {@code Neo.ClientError.Security.Unauthorized}
 * ({@link AuthenticationException}) at once, not a generic error or a retry loop.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class Driver44AuthOnClusterTest {
  private static final AuthToken ADA = AuthTokens.basic("ada", "hello-path-pw");

  private static Driver driver(String uri, AuthToken token) {
    return GraphDatabase.driver(uri, token, Config.builder().withoutEncryption()
        .withConnectionTimeout(10, TimeUnit.SECONDS).withMaxTransactionRetryTime(20, TimeUnit.SECONDS).build());
  }

  private static long count(String uri, AuthToken token) {
    try (Driver d = driver(uri, token); Session s = d.session()) {
      return s.run("MATCH (n:HelloPath) RETURN count(n)").single().get(0).asLong();
    }
  }

  private static void refused(String uri, AuthToken token) {
    long started = System.nanoTime();
    Neo4jException e = catchThrowableOfType(Neo4jException.class, () -> count(uri, token));
    assertThat(e).as("login to %s", uri).isInstanceOf(AuthenticationException.class);
    assertThat(e.code()).isEqualTo("Neo.ClientError.Security.Unauthorized");
    assertThat(e.getMessage()).isEqualTo("The client is unauthorized due to authentication failure.");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void helloCarriesTheCredentialsDirectAndThroughTheProxy() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.STEADY,
        Files.createTempDirectory("driver44-auth"), "--auth-enabled=true")) {
      ClusterServer leader = cluster.server(cluster.awaitLeader(Duration.ofSeconds(30)));
      String direct = leader.boltUri();
      try (Driver d = driver(direct, AuthTokens.basic("anyone", "anything")); Session s = d.session()) {
        s.run("CREATE USER ada IDENTIFIED BY 'hello-path-pw'").consume(); // no users yet: anyone gets in
      }
      try (Driver d = driver(direct, ADA); Session s = d.session()) {
        s.run("CREATE (:HelloPath)").consume();
      }
      assertThat(count(direct, ADA)).isEqualTo(1);
      refused(direct, AuthTokens.basic("ada", "wrong"));
      refused(direct, AuthTokens.none());

      List<Endpoint> endpoints = cluster.servers().stream()
          .map(s -> new Endpoint(ClusterServer.HOST, s.boltPort())).toList();
      try (BoltProxy proxy = BoltProxy.start(ProxySettings.plain(endpoints))) {
        String viaProxy = "bolt://127.0.0.1:" + proxy.port();
        assertThat(count(viaProxy, ADA)).isEqualTo(1);
        refused(viaProxy, AuthTokens.basic("ada", "wrong"));
        refused(viaProxy, AuthTokens.none());
        try (Driver d = driver(viaProxy, ADA); Session s = d.session()) {
          s.writeTransaction(tx -> tx.run("CREATE (:HelloPath)").consume());
        }
        assertThat(count(viaProxy, ADA)).isEqualTo(2);
      }
    }
  }
}

package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.testing.ScriptedBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.summary.ResultSummary;

/**
 * A quick check with the real Neo4j Java driver 5.28 (the full driver matrix lives in
 * driver-compat-tests): connect, auto-commit, fetch-size batches, explicit transactions, a failure
 * and recovery, routing.
 */
class Neo4jDriver5SmokeTest {

  private final ScriptedBackend backend = new ScriptedBackend()
      .result("RETURN 1 AS n", List.of("n"), List.of(List.of(1L)))
      .result("UNWIND range(1, 10) AS i RETURN i", List.of("i"), rows(10))
      .result("CREATE (n)", List.of(), List.of())
      .failure("BAD", "Neo.ClientError.Statement.SyntaxError", "Invalid input 'BAD' (line 1, column 1)");
  private BoltServer server;
  private Driver driver;
  private int port;

  private static List<List<Object>> rows(int n) {
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      rows.add(List.of(i));
    }
    return rows;
  }

  @BeforeEach
  void start() {
    server = BoltServer.builder(backend).host("127.0.0.1").port(0).build();
    port = server.start();
    backend.routingTable(Map.of("ttl", 300L, "db", "neo4j", "servers", List.of(
        Map.of("addresses", List.of("127.0.0.1:" + port), "role", "ROUTE"),
        Map.of("addresses", List.of("127.0.0.1:" + port), "role", "READ"),
        Map.of("addresses", List.of("127.0.0.1:" + port), "role", "WRITE"))));
    driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic("u", "p"),
        Config.builder().withoutEncryption().withFetchSize(3).withConnectionTimeout(5, TimeUnit.SECONDS).build());
  }

  @AfterEach
  void stop() {
    driver.close();
    server.close();
  }

  @Test
  void autoCommitBatchesAndVersion() {
    driver.verifyConnectivity();
    try (Session session = driver.session()) {
      assertThat(session.run("RETURN 1 AS n").single().get("n").asLong()).isEqualTo(1L);
      List<Record> records = session.run("UNWIND range(1, 10) AS i RETURN i").list();
      assertThat(records).extracting(r -> r.get("i").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      ResultSummary summary = session.run("CREATE (n)").consume();
      assertThat(summary.server().protocolVersion()).isEqualTo("5.8");
    }
    assertThat(backend.connections()).allSatisfy(c -> assertThat(c.protocolVersion()).isEqualTo("5.8"));
  }

  @Test
  void explicitTransactionsCommitAndRollback() {
    try (Session session = driver.session()) {
      try (Transaction tx = session.beginTransaction()) {
        tx.run("CREATE (n)").consume();
        assertThat(tx.run("UNWIND range(1, 10) AS i RETURN i").list()).hasSize(10);
        tx.commit();
      }
      assertThat(session.lastBookmarks()).isNotEmpty();
      try (Transaction tx = session.beginTransaction()) {
        tx.run("RETURN 1 AS n").consume();
        tx.rollback();
      }
    }
    assertThat(backend.calls()).contains("commit", "rollback");
  }

  @Test
  void failureThenRecovery() {
    try (Session session = driver.session()) {
      // Bolt 5.8: the FAILURE has the GQL shape, and the driver still reads the classic code from it
      assertThatThrownBy(() -> session.run("BAD").consume())
          .isInstanceOfSatisfying(ClientException.class, e -> {
            assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
            assertThat(e.gqlStatus()).isEqualTo("42001");
            assertThat(e.statusDescription()).startsWith("error: syntax error or access rule violation");
            assertThat(e.classification()).hasValue(org.neo4j.driver.exceptions.GqlStatusErrorClassification.CLIENT_ERROR);
          })
          .hasMessageContaining("Invalid input 'BAD'");
      assertThat(session.run("RETURN 1 AS n").single().get("n").asLong()).isEqualTo(1L);
    }
  }

  @Test
  void routingDriverUsesRoute() {
    try (Driver routing = GraphDatabase.driver("neo4j://127.0.0.1:" + port, AuthTokens.basic("u", "p"),
            Config.builder().withoutEncryption().build());
        Session session = routing.session(SessionConfig.forDatabase("neo4j"))) {
      assertThat(session.run("RETURN 1 AS n").single().get("n").asLong()).isEqualTo(1L);
    }
    assertThat(backend.calls()).anyMatch(c -> c.startsWith("route:"));
  }
}

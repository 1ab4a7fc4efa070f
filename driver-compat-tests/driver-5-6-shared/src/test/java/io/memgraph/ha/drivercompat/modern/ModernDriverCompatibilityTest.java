package io.memgraph.ha.drivercompat.modern;

import static io.memgraph.ha.drivercompat.backend.EveryValueType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.drivercompat.backend.EveryValueType;
import io.memgraph.ha.drivercompat.backend.ScriptedBackend;
import io.memgraph.ha.drivercompat.backend.ScriptedQuery;
import io.memgraph.ha.drivercompat.backend.ScriptedServer;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.summary.QueryType;
import org.neo4j.driver.summary.ResultSummary;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Point;
import org.neo4j.driver.types.Relationship;

/**
 * The real Neo4j Java driver 5.28 or 6.0 against our Bolt server and a scripted backend, over TCP on
 * 127.0.0.1. Each test gets a fresh server, backend and driver (one pooled connection), so the
 * backend's call log is exactly what this test's driver sent.
 *
 * <p>Drivers 5.28 and 6.0 have the same API for everything tested here, so modules driver-5 and
 * driver-6 both compile this file, each against its own driver.
 *
 * <p>Every scenario runs twice: {@link ModernDriverDirectTest} connects the driver straight to the
 * server, {@link ModernDriverThroughProxyTest} through a {@code BoltProxy} in front of it (driver →
 * proxy → server). The few expectations that legitimately differ through the proxy branch on
 * {@link #throughProxy()}, each with a comment saying why.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class ModernDriverCompatibilityTest {

  /** Both drivers propose 5.8..5.0 (6.0 also 6.0, in the manifest slot we skip); 5.8 is our highest. */
  private static final String VERSION = "5.8";
  private static final String FIVE = "UNWIND range(0, 4) AS i RETURN i";
  private static final String THREE = "UNWIND range(0, 2) AS i RETURN i";
  private static final String MANY = "UNWIND range(0, 19999) AS i RETURN i";

  private ScriptedServer server;
  /** The port drivers connect to: the server's, or the proxy's in front of it. */
  private int port;
  private Driver driver;

  /** True when a proxy stands between the driver and the server. */
  abstract boolean throughProxy();

  /** Starts what the drivers connect to in front of {@code server} (nothing, or a proxy); returns its port. */
  abstract int startEntry(ScriptedServer server) throws IOException;

  /** Stops what {@link #startEntry} started. */
  abstract void stopEntry();

  @BeforeEach
  void start() throws IOException {
    ScriptedBackend backend = new ScriptedBackend()
        .script(QUERY, EveryValueType.answer())
        .script(ECHO, ScriptedQuery.echoParameters())
        .script(FIVE, EveryValueType.numbers(5))
        .script(THREE, EveryValueType.numbers(3))
        .script(MANY, EveryValueType.numbers(20_000))
        .script("RETURN 1", ScriptedQuery.result(List.of("1"), List.of(List.of(1L))))
        .script("RETURN oops", ScriptedQuery.failure("Neo.ClientError.Statement.SyntaxError", "oops at line 1, column 8"));
    server = ScriptedServer.start(backend);
    port = startEntry(server);
    driver = driver(ScriptedBackend.PASSWORD);
  }

  private Driver driver(String password) {
    return GraphDatabase.driver(uri(), AuthTokens.basic(ScriptedBackend.USER, password),
        Config.builder().withoutEncryption().withMaxConnectionPoolSize(1)
            .withConnectionTimeout(5, TimeUnit.SECONDS).build());
  }

  /** The {@code bolt://} URI drivers connect to. */
  private String uri() {
    return "bolt://127.0.0.1:" + port;
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
    stopEntry();
    server.close();
  }

  @Test
  void negotiatesTheHighestCommonVersionAndReportsTheServer() {
    try (Session session = driver.session()) {
      ResultSummary summary = session.run("RETURN 1").consume();
      assertThat(summary.server().protocolVersion()).isEqualTo(VERSION);
      assertThat(summary.server().agent()).isEqualTo(ScriptedServer.AGENT);
    }
    assertThat(server.onlySession().info().protocolVersion()).isEqualTo(VERSION);
    assertThat(server.onlySession().calls()).startsWith("OPEN " + VERSION, "AUTH basic neo4j");
  }

  @Test
  void decodesEveryValueType() {
    Record record;
    try (Session session = driver.session()) {
      record = session.run(QUERY).single();
    }
    assertThat(record.keys()).isEqualTo(FIELDS);
    for (String field : FIELDS) {
      assertDecoded(field, record.get(field));
    }
  }

  @Test
  void parametersOfEveryTypeReachTheBackendAndComeBack() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    for (String field : PARAMETER_FIELDS) {
      parameters.put(field, switch (field) {
        case "duration" -> Values.isoDuration(DURATION.months(), DURATION.days(), DURATION.seconds(),
            DURATION.nanoseconds());
        case "point2d" -> Values.point((int) POINT_2D.srid(), POINT_2D.x(), POINT_2D.y());
        case "point3d" -> Values.point((int) POINT_3D.srid(), POINT_3D.x(), POINT_3D.y(), POINT_3D.z());
        default -> value(field);
      });
    }
    Record echoed;
    try (Session session = driver.session()) {
      echoed = session.run(ECHO, parameters).single();
    }
    Map<String, Object> received = server.onlySession().lastParameters();
    assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(PARAMETER_FIELDS);
    for (String field : PARAMETER_FIELDS) {
      if (field.equals("bytes")) {
        assertThat((byte[]) received.get(field)).isEqualTo(BYTES);
      } else {
        assertThat(received.get(field)).as(field).isEqualTo(value(field));
      }
      assertDecoded(field, echoed.get(field));
    }
  }

  @Test
  void largeValuesCrossChunkBoundariesBothWays() {
    String text = "ü".repeat(100_000) + "end";
    byte[] bytes = new byte[150_000];
    new Random(42).nextBytes(bytes);
    Record echoed;
    try (Session session = driver.session()) {
      echoed = session.run(ECHO, Map.of("text", text, "bytes", bytes)).single();
    }
    assertThat(echoed.get("text").asString()).isEqualTo(text);
    assertThat(echoed.get("bytes").asByteArray()).isEqualTo(bytes);
  }

  @Test
  void pullsInBatchesOfTheFetchSize() {
    List<Long> values;
    try (Session session = driver.session(SessionConfig.builder().withFetchSize(2).build())) {
      values = drain(session.run(FIVE));
    }
    assertThat(values).containsExactly(0L, 1L, 2L, 3L, 4L);
    // Reading record by record lets the driver pull batch by batch (list() would ask for all, PULL -1).
    assertThat(server.onlySession().calls().stream().filter(c -> c.startsWith("PULL")))
        .containsExactly("PULL 2 " + FIVE, "PULL 2 " + FIVE, "PULL 2 " + FIVE);
  }

  @Test
  void discardsWhatIsNotRead() {
    try (Session session = driver.session(SessionConfig.builder().withFetchSize(2).build())) {
      ResultSummary summary = session.run(FIVE).consume();
      assertThat(summary.server().protocolVersion()).isEqualTo(VERSION);
      assertThat(summary.queryType()).isEqualTo(QueryType.READ_ONLY);
    }
    List<String> calls = server.onlySession().calls();
    assertThat(calls).contains("DISCARD -1 " + FIVE);
    assertThat(calls.stream().filter(c -> c.startsWith("PULL"))).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void transactionConfigReachesTheBackend() {
    TransactionConfig config = TransactionConfig.builder().withTimeout(Duration.ofSeconds(7))
        .withMetadata(Map.of("app", "compat")).build();
    SessionConfig sessionConfig = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
        .withDatabase("graph").withBookmarks(Bookmark.from("bm-41")).build();
    try (Session session = driver.session(sessionConfig)) {
      session.run("RETURN 1", config).consume();
    }
    TxOptions options = server.onlySession().lastTxOptions();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(7));
    // Through the proxy a read transaction (mode "r") also carries ha_leader_read, so that only the
    // leader answers it; the driver's own entries arrive intact. Write transactions get an ha_tx_id
    // instead: writeTransactionMetadataReachesTheBackend.
    assertThat(options.metadata()).isEqualTo(throughProxy()
        ? Map.of("app", "compat", "ha_leader_read", true) : Map.of("app", "compat"));
    assertThat(options.readOnly()).isTrue();
    assertThat(options.database()).isEqualTo("graph");
    assertThat(options.bookmarks()).containsExactly("bm-41");
  }

  @Test
  void writeTransactionMetadataReachesTheBackend() {
    // Nested values and date-times too: the proxy decodes and re-encodes this map (in the struct
    // shape the server accepted, e.g. 4.4's "utc" date-times), while the query and its parameters
    // cross it as bytes.
    Map<String, Object> metadata = Map.of("app", "compat", "step", 1L, "nested", MAP, "tags", LIST,
        "when", DATE_TIME_ZONE_ID, "at", DATE_TIME_OFFSET);
    TransactionConfig config = TransactionConfig.builder().withMetadata(metadata).build();
    Map<String, Object> explicit;
    Map<String, Object> autoCommit;
    try (Session session = driver.session()) { // the default access mode: WRITE
      try (Transaction tx = session.beginTransaction(config)) {
        tx.run("RETURN 1").consume();
        tx.commit();
      }
      explicit = server.onlySession().lastTxOptions().metadata();
      session.run("RETURN 1", config).consume();
      autoCommit = server.onlySession().lastTxOptions().metadata();
    }
    if (throughProxy()) {
      // The proxy adds an ha_tx_id to the tx_metadata of every write transaction (BEGIN, and an
      // auto-commit RUN not in mode "r"), by which a commit whose outcome was lost is resolved. The
      // driver's own entries must arrive intact next to it, and each transaction gets its own id.
      for (Map<String, Object> received : List.of(explicit, autoCommit)) {
        assertThat(received).containsAllEntriesOf(metadata).hasSize(metadata.size() + 1).containsKey("ha_tx_id");
        assertThat(received.get("ha_tx_id")).isInstanceOf(String.class).asString().isNotBlank();
      }
      assertThat(explicit.get("ha_tx_id")).isNotEqualTo(autoCommit.get("ha_tx_id"));
    } else {
      assertThat(explicit).isEqualTo(metadata);
      assertThat(autoCommit).isEqualTo(metadata);
    }
  }

  @Test
  void explicitTransactionCommitReturnsTheBackendsBookmark() {
    List<Long> values;
    Bookmark bookmark;
    try (Session session = driver.session()) {
      try (Transaction tx = session.beginTransaction()) {
        values = tx.run(THREE).list(r -> r.get("i").asLong());
        tx.commit();
      }
      bookmark = session.lastBookmarks().iterator().next();
    }
    assertThat(values).containsExactly(0L, 1L, 2L);
    assertThat(bookmark.value()).isEqualTo("bm-1");
    assertThat(server.onlySession().calls())
        .containsSubsequence("TELEMETRY 1", "BEGIN", "RUN " + THREE, "PULL 1000 " + THREE, "COMMIT")
        .doesNotContain("ROLLBACK");
  }

  @Test
  void explicitTransactionRollback() {
    try (Session session = driver.session()) {
      try (Transaction tx = session.beginTransaction()) {
        assertThat(tx.run("RETURN 1").single().get(0).asLong()).isEqualTo(1L);
        tx.rollback();
      }
    }
    assertThat(server.onlySession().calls())
        .containsSubsequence("BEGIN", "RUN RETURN 1", "ROLLBACK")
        .doesNotContain("COMMIT");
  }

  @Test
  void managedTransactionCommits() {
    List<Long> values;
    try (Session session = driver.session()) {
      values = session.executeRead(tx -> tx.run(THREE).list(r -> r.get("i").asLong()));
    }
    assertThat(values).containsExactly(0L, 1L, 2L);
    // Bolt 5.4 TELEMETRY (the server hints telemetry.enabled): api 0 = managed transaction.
    assertThat(server.onlySession().calls()).containsSubsequence("TELEMETRY 0", "BEGIN", "RUN " + THREE, "COMMIT");
    assertThat(server.onlySession().lastTxOptions().readOnly()).isTrue();
  }

  @Test
  void managedTransactionRetriesATransientError() {
    server.backend().failFirst(THREE, 1, "Neo.TransientError.Transaction.DeadlockDetected", "deadlock, try again");
    List<Long> values;
    try (Session session = driver.session()) {
      values = session.executeWrite(tx -> tx.run(THREE).list(r -> r.get("i").asLong()));
    }
    assertThat(values).containsExactly(0L, 1L, 2L);
    assertThat(server.backend().allCalls().stream().filter(c -> c.equals("RUN " + THREE))).hasSize(2);
    assertThat(server.backend().allCalls().stream().filter(c -> c.equals("COMMIT"))).hasSize(1);
  }

  @Test
  void autoCommitBookmarkReachesTheDriverAndTheNextTransaction() {
    try (Session session = driver.session()) {
      session.run("RETURN 1").consume();
      assertThat(session.lastBookmarks()).extracting(Bookmark::value).containsExactly("bm-1");
      try (Transaction tx = session.beginTransaction()) {
        tx.commit();
      }
    }
    assertThat(server.onlySession().calls()).containsSubsequence("RUN RETURN 1", "BEGIN", "COMMIT");
    assertThat(server.onlySession().lastTxOptions().bookmarks()).containsExactly("bm-1");
  }

  @Test
  void twoResultStreamsOpenInOneTransaction() {
    List<Long> first;
    List<Long> second;
    try (Session session = driver.session(SessionConfig.builder().withFetchSize(2).build())) {
      try (Transaction tx = session.beginTransaction()) {
        Result r1 = tx.run(FIVE);
        assertThat(r1.next().get("i").asLong()).isEqualTo(0L);
        Result r2 = tx.run(THREE);
        // The second stream is read first; the first must still be pulled by its qid afterwards.
        second = drain(r2);
        first = drain(r1);
        tx.commit();
      }
    }
    assertThat(second).containsExactly(0L, 1L, 2L);
    assertThat(first).containsExactly(1L, 2L, 3L, 4L);
    // A PULL of the first stream after the second RUN can only reach it through its qid. How many
    // batches the driver prefetches before the second RUN differs between driver versions.
    assertThat(server.onlySession().calls()).containsSubsequence("BEGIN", "RUN " + FIVE, "PULL 2 " + FIVE,
        "RUN " + THREE, "PULL 2 " + THREE, "PULL 2 " + FIVE, "COMMIT");
  }

  @Test
  void failureIsReportedAndTheSessionRecovers() {
    try (Session session = driver.session()) {
      assertThatThrownBy(() -> session.run("RETURN oops").consume())
          .isInstanceOf(ClientException.class)
          .hasMessage("oops at line 1, column 8")
          .satisfies(e -> assertThat(((ClientException) e).code()).isEqualTo("Neo.ClientError.Statement.SyntaxError"))
          // Bolt 5.7+ FAILURE: the GQL status travels beside the classic code, also through the proxy
          .satisfies(e -> assertThat(((ClientException) e).gqlStatus()).isEqualTo("42001"));
      assertThat(session.run("RETURN 1").single().get(0).asLong()).isEqualTo(1L);
    }
    assertThat(server.onlySession().calls()).containsSubsequence("RUN RETURN oops", "RESET", "RUN RETURN 1");
  }

  @Test
  void failureInsideATransactionEndsItAndTheNextTransactionWorks() {
    try (Session session = driver.session()) {
      try (Transaction tx = session.beginTransaction()) {
        assertThatThrownBy(() -> tx.run("RETURN oops").consume())
            .isInstanceOf(ClientException.class).hasMessage("oops at line 1, column 8");
      }
      try (Transaction tx = session.beginTransaction()) {
        assertThat(tx.run("RETURN 1").single().get(0).asLong()).isEqualTo(1L);
        tx.commit();
      }
    }
    assertThat(server.onlySession().calls())
        .containsSubsequence("BEGIN", "RUN RETURN oops", "RESET", "BEGIN", "RUN RETURN 1", "COMMIT");
  }

  @Test
  void wrongPasswordIsRefused() {
    driver.close();
    driver = driver("wrong");
    try (Session session = driver.session()) {
      assertThatThrownBy(() -> session.run("RETURN 1").consume()).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("wrong user name or password");
    }
  }

  @Test
  void asyncApiRunsAndCommits() throws Exception {
    AsyncSession session = driver.session(AsyncSession.class);
    List<Long> values = session.beginTransactionAsync()
        .thenCompose(tx -> tx.runAsync(THREE)
            .thenCompose(cursor -> cursor.listAsync(r -> r.get("i").asLong()))
            .thenCompose(list -> tx.commitAsync().thenApply(ignored -> list)))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    session.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(values).containsExactly(0L, 1L, 2L);
    assertThat(server.onlySession().calls()).containsSubsequence("BEGIN", "RUN " + THREE, "COMMIT");
  }

  @Test
  void concurrentSessionsOnSeveralConnections() throws Exception {
    driver.close();
    driver = GraphDatabase.driver(uri(), AuthTokens.basic(ScriptedBackend.USER, ScriptedBackend.PASSWORD),
        Config.builder().withoutEncryption().withMaxConnectionPoolSize(4).build());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          List<Long> all = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            try (Session session = driver.session(); Transaction tx = session.beginTransaction()) {
              all.addAll(drain(tx.run(THREE)));
              tx.commit();
            }
          }
          return all;
        }));
      }
      for (Future<List<Long>> future : futures) {
        List<Long> all = future.get(20, TimeUnit.SECONDS);
        assertThat(all).hasSize(30).containsOnly(0L, 1L, 2L);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.backend().sessions()).hasSizeBetween(1, 4);
    assertThat(server.backend().allCalls().stream().filter(c -> c.equals("COMMIT"))).hasSize(40);
  }

  @Test
  void streamsManyRecords() {
    List<Long> values;
    try (Session session = driver.session(SessionConfig.builder().withFetchSize(1000).build())) {
      values = drain(session.run(MANY));
    }
    // Complete and in order (through the proxy: 20 PULLs and 20,000 RECORDs forwarded as bytes).
    assertThat(values).isEqualTo(LongStream.range(0, 20_000).boxed().toList());
    assertThat(server.onlySession().calls().stream().filter(c -> c.startsWith("PULL 1000 "))).hasSize(20);
  }

  @Test
  void routingDriverAsksForTheRoutingTableAndUsesIt() {
    List<Long> values;
    try (Driver routing = GraphDatabase.driver("neo4j://127.0.0.1:" + port,
        AuthTokens.basic(ScriptedBackend.USER, ScriptedBackend.PASSWORD),
        Config.builder().withoutEncryption().withConnectionTimeout(5, TimeUnit.SECONDS).build());
        Session session = routing.session()) {
      values = drain(session.run(THREE));
    }
    assertThat(values).containsExactly(0L, 1L, 2L);
    assertThat(server.backend().allCalls()).contains("RUN " + THREE);
    if (throughProxy()) {
      // The proxy answers ROUTE itself, with its own address for every role (ttl 300), so no ROUTE
      // reaches the server; the query above ran at the address that table gave (the proxy's).
      assertThat(server.backend().allCalls()).noneMatch(c -> c.startsWith("ROUTE"));
    } else {
      assertThat(server.backend().allCalls()).anyMatch(c -> c.startsWith("ROUTE"));
    }
    // Through the proxy too: HELLO reaches the server as the driver sent it, routing context included.
    assertThat(server.backend().sessions()).allMatch(s -> s.info().routingContext() != null);
  }

  @Test
  void sessionAuthSwitchesTheUserWithLogoffAndLogon() {
    try (Session session = driver.session()) {
      session.run("RETURN 1").consume();
    }
    try (Session session = driver.session(Session.class, AuthTokens.basic("alice", ScriptedBackend.PASSWORD))) {
      assertThat(session.run("RETURN 1").single().get(0).asLong()).isEqualTo(1L);
    }
    // One pooled connection: Bolt 5.1 LOGOFF/LOGON re-authenticates it instead of opening another.
    assertThat(server.onlySession().calls())
        .containsSubsequence("AUTH basic neo4j", "RUN RETURN 1", "LOGOFF", "AUTH basic alice", "RUN RETURN 1");
  }

  private static List<Long> drain(Result result) {
    List<Long> values = new ArrayList<>();
    while (result.hasNext()) {
      values.add(result.next().get("i").asLong());
    }
    return values;
  }

  /** Checks what the driver made of one value of {@link EveryValueType#ROW}. */
  private static void assertDecoded(String field, Value value) {
    switch (field) {
      case "null" -> assertThat(value.isNull()).isTrue();
      case "bool" -> assertThat(value.asBoolean()).isTrue();
      case "int" -> assertThat(value.asLong()).isEqualTo(INT);
      case "float" -> assertThat(value.asDouble()).isEqualTo(FLOAT);
      case "string" -> assertThat(value.asString()).isEqualTo(STRING);
      case "bytes" -> assertThat(value.asByteArray()).isEqualTo(BYTES);
      case "list" -> assertThat(value.asList()).isEqualTo(LIST);
      case "map" -> assertThat(value.asMap()).isEqualTo(MAP);
      case "node" -> {
        Node node = value.asNode();
        assertThat(node.elementId()).isEqualTo("n:1");
        assertThat(node.labels()).containsExactly("Person", "Employee");
        assertThat(node.asMap()).isEqualTo(NODE_1.properties());
      }
      case "relationship" -> {
        Relationship rel = value.asRelationship();
        assertThat(rel.elementId()).isEqualTo("r:7");
        assertThat(rel.type()).isEqualTo("WORKS_AT");
        assertThat(rel.startNodeElementId()).isEqualTo("n:1");
        assertThat(rel.endNodeElementId()).isEqualTo("n:2");
        assertThat(rel.asMap()).isEqualTo(RELATIONSHIP.properties());
      }
      case "path" -> {
        Path path = value.asPath();
        assertThat(path.length()).isEqualTo(1);
        assertThat(path.start().elementId()).isEqualTo("n:1");
        assertThat(path.end().elementId()).isEqualTo("n:2");
        assertThat(path.end().labels()).containsExactly("Company");
        Relationship step = path.relationships().iterator().next();
        assertThat(step.type()).isEqualTo("WORKS_AT");
        assertThat(step.startNodeElementId()).isEqualTo("n:1");
        assertThat(step.endNodeElementId()).isEqualTo("n:2");
      }
      case "date" -> assertThat(value.asLocalDate()).isEqualTo(DATE);
      case "time" -> assertThat(value.asOffsetTime()).isEqualTo(TIME);
      case "localtime" -> assertThat(value.asLocalTime()).isEqualTo(LOCAL_TIME);
      case "datetime_offset" -> assertThat(value.asOffsetDateTime()).isEqualTo(DATE_TIME_OFFSET);
      case "datetime_zone_id" -> {
        ZonedDateTime zoned = value.asZonedDateTime();
        assertThat(zoned).isEqualTo(DATE_TIME_ZONE_ID);
        assertThat(zoned.getZone().getId()).isEqualTo("Europe/Berlin");
      }
      case "localdatetime" -> assertThat(value.asLocalDateTime()).isEqualTo(LOCAL_DATE_TIME);
      case "duration" -> {
        IsoDuration d = value.asIsoDuration();
        assertThat(List.of(d.months(), d.days(), d.seconds(), (long) d.nanoseconds()))
            .containsExactly(DURATION.months(), DURATION.days(), DURATION.seconds(), (long) DURATION.nanoseconds());
      }
      case "point2d" -> {
        Point p = value.asPoint();
        assertThat(List.of((double) p.srid(), p.x(), p.y())).containsExactly(7203.0, 1.5, -2.5);
        assertThat(p.z()).isNaN();
      }
      case "point3d" -> {
        Point p = value.asPoint();
        assertThat(List.of((double) p.srid(), p.x(), p.y(), p.z())).containsExactly(4979.0, 12.5, 55.75, 100.0);
      }
      default -> throw new AssertionError("no expectation for field " + field);
    }
  }
}

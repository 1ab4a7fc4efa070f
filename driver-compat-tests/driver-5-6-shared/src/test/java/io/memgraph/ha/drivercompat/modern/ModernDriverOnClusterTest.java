package io.memgraph.ha.drivercompat.modern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.proxy.BoltProxy;
import io.memgraph.ha.proxy.Endpoint;
import io.memgraph.ha.proxy.ProxySettings;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterServer;
import io.memgraph.ha.server.cluster.RaftTiming;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Relationship;

/**
 * The real Neo4j Java driver 5.28 or 6.0 through {@link BoltProxy} in front of a real three-server
 * cluster (separate server processes started from the shaded server jar, real files, 127.0.0.1):
 * every value type the server has both ways, auto-commit, explicit and managed transactions, the
 * servers' error codes and messages unchanged, bookmarks that a follower honours, {@code bolt://}
 * and {@code neo4j://}, and writes that go on after the leader is killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModernDriverOnClusterTest {

  private java.nio.file.Path root;
  private ClusterHarness cluster;
  private BoltProxy proxy;
  private final Map<String, Driver> drivers = new LinkedHashMap<>();

  @BeforeAll
  void startCluster() throws Exception {
    root = Files.createTempDirectory("driver-compat-cluster");
    cluster = ClusterHarness.start(3, RaftTiming.FAST, root);
    // a new cluster elects its first leader about two election timeouts after its servers start
    // (the rejoin guard listens first); the proxy's search for one is shorter than that on a busy machine
    cluster.awaitLeader(Duration.ofSeconds(30));
    List<Endpoint> endpoints = cluster.servers().stream()
        .map(s -> new Endpoint(ClusterServer.HOST, s.boltPort())).toList();
    proxy = BoltProxy.start(ProxySettings.plain(endpoints));
  }

  @AfterAll
  void stopCluster() {
    drivers.values().forEach(Driver::close);
    if (proxy != null) {
      proxy.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private Driver driver(String scheme) {
    return drivers.computeIfAbsent(scheme, s -> driverFor(s + "://127.0.0.1:" + proxy.port()));
  }

  private static Driver driverFor(String uri) {
    return GraphDatabase.driver(uri, AuthTokens.none(), Config.builder()
        .withoutEncryption()
        .withConnectionTimeout(10, TimeUnit.SECONDS)
        .withMaxTransactionRetryTime(30, TimeUnit.SECONDS)
        .build());
  }

  /** A direct {@code bolt://} driver to the server at {@code address} ("host:port"), for comparison. */
  private static Driver direct(String address) {
    return driverFor("bolt://" + address);
  }

  private String leaderAddress() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // one write through the proxy makes it learn the leader, if its probe has not yet
    try (Session s = driver("bolt").session()) {
      s.executeWrite(tx -> tx.run("RETURN 1").consume());
    }
    while (proxy.leader() == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(proxy.leader()).as("the proxy's leader").isNotNull();
    return proxy.leader();
  }

  // ------------------------------------------------------------------------------------ values

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("null", null, "null"),
        Arguments.of("booleans", List.of(true, false), "[true, false]"),
        Arguments.of("integers", List.of(0L, 42L, -7L, Long.MAX_VALUE, Long.MIN_VALUE),
            "[0, 42, -7, 9223372036854775807, -9223372036854775807 - 1]"),
        Arguments.of("floats", List.of(3.141592653589793, -0.5, 42.0, Double.MAX_VALUE),
            "[3.141592653589793, -0.5, 42.0, 1.7976931348623157e308]"),
        Arguments.of("string", "Grüße, 世界! 🚀 \"quoted\" \\ 'single'",
            "'Grüße, 世界! 🚀 \"quoted\" \\\\ \\'single\\''"),
        Arguments.of("list", List.of(1L, "two", 3.5, true, List.of(4L, List.of(5L)), Map.of("k", "v"), List.of()),
            "[1, 'two', 3.5, true, [4, [5]], {k: 'v'}, []]"),
        Arguments.of("map", Map.of("a", 1L, "b", "x", "c", List.of(1L, 2L), "d", Map.of("e", 2.5)),
            "{a: 1, b: 'x', c: [1, 2], d: {e: 2.5}}"),
        Arguments.of("dates", List.of(LocalDate.of(2024, 2, 29), LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)),
            "[date('2024-02-29'), date('0001-01-01'), date('9999-12-31')]"),
        Arguments.of("times", List.of(OffsetTime.of(12, 34, 56, 789_000_000, ZoneOffset.ofHours(1)),
                OffsetTime.of(0, 0, 0, 1, ZoneOffset.ofHoursMinutes(-9, -30))),
            "[time('12:34:56.789+01:00'), time('00:00:00.000000001-09:30')]"),
        Arguments.of("local times", List.of(LocalTime.of(23, 59, 59, 999_999_999), LocalTime.MIDNIGHT),
            "[localtime('23:59:59.999999999'), localtime('00:00:00')]"),
        Arguments.of("datetimes with offset",
            List.of(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_789, ZoneOffset.ofHours(-5)),
                OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)),
            "[datetime('2024-02-29T12:34:56.123456789-05:00'), datetime('1970-01-01T00:00:00Z')]"),
        Arguments.of("datetimes with zone id",
            List.of(ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Berlin")),
                ZonedDateTime.of(2024, 1, 15, 8, 30, 0, 5, ZoneId.of("America/New_York"))),
            "[datetime('2024-07-01T12:00:00[Europe/Berlin]'), datetime('2024-01-15T08:30:00.000000005[America/New_York]')]"),
        Arguments.of("local datetimes", List.of(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 1),
                LocalDateTime.of(2024, 2, 29, 0, 0)),
            "[localdatetime('1999-12-31T23:59:59.000000001'), localdatetime('2024-02-29T00:00:00')]"),
        Arguments.of("durations", List.of(Values.isoDuration(14, 3, 3723, 500_000_000).asIsoDuration(),
                Values.isoDuration(0, -1, -30, 0).asIsoDuration()),
            "[duration('P1Y2M3DT1H2M3.5S'), duration({days: -1, seconds: -30})]"),
        Arguments.of("points", List.of(Values.point(7203, 1.5, -2.25).asPoint(), Values.point(9157, 1, 2, 3).asPoint(),
                Values.point(4326, 12.5, 55.75).asPoint(), Values.point(4979, -170, -45, 10).asPoint()),
            "[point({x: 1.5, y: -2.25}), point({x: 1, y: 2, z: 3}), point({longitude: 12.5, latitude: 55.75}), "
                + "point({longitude: 190, latitude: -45, height: 10})]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @Order(1)
  void valuesCrossTheProxyBothWaysUnchanged(String name, Object value, String literal) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("v", value);
    for (String scheme : List.of("bolt", "neo4j")) {
      Record r;
      try (Session s = driver(scheme).session()) {
        r = s.run("RETURN $v AS sent, " + literal + " AS made, $v = " + literal + " AS same", params).single();
      }
      Value expected = Values.value(value);
      assertThat(r.get("sent")).as("%s sent through %s:// came back", name, scheme).isEqualTo(expected);
      assertThat(r.get("made")).as("the server's %s arrived through %s://", literal, scheme).isEqualTo(expected);
      if (value != null) {
        assertThat(r.get("same").asBoolean()).as("the server found $v equal to %s", literal).isTrue();
      }
    }
  }

  @Test
  @Order(1)
  void pointsAndByteArraysAreStoredReplicatedAndReadBackFromEveryServer() throws Exception {
    byte[] bytes = {0, 1, -1, 127};
    Value point = Values.point(7203, 1.5, -2.25);
    Set<Bookmark> bookmarks;
    try (Session s = driver("bolt").session()) {
      Record r = s.run("RETURN $b AS b, $p AS p", Map.of("b", bytes, "p", point)).single();
      assertThat(r.get("b").asByteArray()).isEqualTo(bytes);
      assertThat(r.get("p")).isEqualTo(point);
      s.executeWrite(tx -> tx.run("CREATE (:Spatial {raw: $b, at: $p, geo: point({longitude: 12.5, latitude: 55.75, "
          + "height: 100})})", Map.of("b", bytes, "p", point)).consume());
      bookmarks = s.lastBookmarks();
    }
    for (ClusterServer server : cluster.servers()) {
      String address = ClusterServer.HOST + ":" + server.boltPort();
      try (Driver d = direct(address);
          Session s = d.session(SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
              .withBookmarks(bookmarks).build())) {
        Record r = s.executeRead(tx -> tx.run("MATCH (n:Spatial {at: point({x: 1.5, y: -2.25})}) "
            + "RETURN n.raw AS raw, n.at AS at, n.geo AS geo").single());
        assertThat(r.get("raw").asByteArray()).as("bytes on %s", address).isEqualTo(bytes);
        assertThat(r.get("at")).as("point on %s", address).isEqualTo(point);
        assertThat(r.get("geo")).as("3D point on %s", address).isEqualTo(Values.point(4979, 12.5, 55.75, 100));
      }
    }
  }

  @Test
  @Order(2)
  void nodesRelationshipsAndPathsArriveWhole() {
    try (Session s = driver("bolt").session()) {
      s.executeWrite(tx -> tx.run("CREATE (:Dc {name: 'a', born: date('1815-12-10')})"
          + "-[:DC_KNOWS {since: 1833}]->(:Dc:Other {name: 'b'})").consume());
      Record r = s.executeRead(tx -> tx.run("MATCH p = (a:Dc {name: 'a'})-[r:DC_KNOWS]->(b:Dc {name: 'b'})"
          + " RETURN a, r, b, p").single());
      Node a = r.get("a").asNode();
      Node b = r.get("b").asNode();
      Relationship rel = r.get("r").asRelationship();
      Path p = r.get("p").asPath();
      assertThat(a.labels()).containsExactly("Dc");
      assertThat(b.labels()).containsExactlyInAnyOrder("Dc", "Other");
      assertThat(a.get("born").asLocalDate()).isEqualTo(LocalDate.of(1815, 12, 10));
      assertThat(rel.type()).isEqualTo("DC_KNOWS");
      assertThat(rel.get("since").asLong()).isEqualTo(1833);
      assertThat(rel.startNodeElementId()).isEqualTo(a.elementId());
      assertThat(rel.endNodeElementId()).isEqualTo(b.elementId());
      assertThat(p.length()).isEqualTo(1);
      assertThat(p.start().elementId()).isEqualTo(a.elementId());
      assertThat(p.end().elementId()).isEqualTo(b.elementId());
    }
  }

  // ------------------------------------------------------------------------------ transactions

  @ParameterizedTest
  @ValueSource(strings = {"bolt", "neo4j"})
  @Order(3)
  void autoCommitExplicitAndManagedTransactions(String scheme) {
    String label = "Tx_" + scheme;
    try (Session s = driver(scheme).session()) {
      assertThat(s.run("CREATE (:" + label + " {k: 'auto'})").consume().counters().nodesCreated()).isEqualTo(1);
      try (Transaction tx = s.beginTransaction()) {
        tx.run("CREATE (:" + label + " {k: 'explicit'})").consume();
        tx.commit();
      }
      try (Transaction tx = s.beginTransaction()) {
        tx.run("CREATE (:" + label + " {k: 'rolled back'})").consume();
        tx.rollback();
      }
      s.executeWrite(tx -> tx.run("CREATE (:" + label + " {k: 'managed'})").consume());
      List<String> ks = s.executeRead(tx -> tx.run("MATCH (n:" + label + ") RETURN n.k AS k ORDER BY k")
          .list(rec -> rec.get("k").asString()));
      assertThat(ks).containsExactly("auto", "explicit", "managed");
    }
  }

  @Test
  @Order(4)
  void serverErrorsKeepTheirCodesAndMessages() throws Exception {
    List<String> bad = List.of("RETURN 1 +", "RETURN 1 / 0", "MATCH (n) RETURN m", "RETURN $missing", "RETURN substring('abc', 'x')");
    List<String> viaProxy = new ArrayList<>();
    List<String> viaLeader = new ArrayList<>();
    try (Driver leader = direct(leaderAddress())) {
      for (String q : bad) {
        viaProxy.add(failure(driver("bolt"), q));
        viaLeader.add(failure(leader, q));
      }
    }
    assertThat(viaProxy).isEqualTo(viaLeader);
    assertThat(viaProxy.get(0)).startsWith("Neo.ClientError.Statement.SyntaxError");
    // the session is usable after each of them
    try (Session s = driver("bolt").session()) {
      assertThat(s.run("RETURN 2 AS two").single().get("two").asLong()).isEqualTo(2);
    }
  }

  @Test
  @Order(4)
  void neo4jFiveCypherRunsThroughTheProxy() {
    try (Session s = driver("neo4j").session()) {
      s.executeWrite(tx -> tx.run("CREATE (:N5Owner:N5Vip {name: 'Ann'})-[:N5_OWNS]->(:N5Pet {name: 'Rex'}), "
          + "(:N5Owner {name: 'Bob'})").consume());
      // subqueries and scoped CALL
      assertThat(s.run("MATCH (o:N5Owner) CALL (o) { RETURN COUNT { (o)-[:N5_OWNS]->() } AS pets } "
          + "RETURN o.name AS name, pets ORDER BY name").list(r -> r.get("name").asString() + "=" + r.get("pets").asLong()))
          .containsExactly("Ann=1", "Bob=0");
      // label expressions
      assertThat(s.run("MATCH (o:N5Owner&!N5Vip) RETURN o.name AS name").single().get("name").asString()).isEqualTo("Bob");
      // a quantified path pattern and a path selector
      assertThat(s.run("MATCH (a:N5Owner)((x)-[:N5_OWNS]->(y)){1,2}(p:N5Pet) RETURN a.name + '>' + p.name AS pair")
          .single().get("pair").asString()).isEqualTo("Ann>Rex");
      assertThat(s.run("MATCH p = SHORTEST 1 (:N5Owner {name: 'Ann'})-[:N5_OWNS]->+(:N5Pet) RETURN length(p) AS len")
          .single().get("len").asLong()).isEqualTo(1);
      // Neo4j 5 schema: a named index, shown with Neo4j's columns, dropped, and dropped again
      s.run("CREATE INDEX n5_owner_name IF NOT EXISTS FOR (n:N5Owner) ON (n.name)").consume();
      assertThat(s.run("SHOW INDEXES").list(r -> r.get("name").asString() + " " + r.get("labelsOrTypes").asList()
          + " " + r.get("properties").asList())).contains("n5_owner_name [N5Owner] [name]");
      s.run("DROP INDEX n5_owner_name").consume();
      assertThatThrownBy(() -> s.run("DROP INDEX n5_owner_name").consume())
          .isInstanceOfSatisfying(Neo4jException.class,
              e -> assertThat(e.code()).isEqualTo("Neo.DatabaseError.Schema.IndexDropFailed"));
      // procedures that tools call on connecting
      assertThat(s.run("CALL db.labels() YIELD label RETURN collect(label) AS labels").single().get("labels")
          .asList()).contains("N5Owner", "N5Pet", "N5Vip");
    }
    // one refusal per item, code and message as the server gives them
    assertThat(failure(driver("neo4j"), "MATCH (o:N5Owner) RETURN COLLECT { MATCH (o)-->(p) RETURN p.name, p }"))
        .isEqualTo("Neo.ClientError.Statement.SemanticError: A COLLECT subquery must end with a single return column "
            + "(it returns 2) (line 1, column 26 (offset: 25))");
    assertThat(failure(driver("neo4j"), "MATCH (x:N5Owner|) RETURN x"))
        .startsWith("Neo.ClientError.Statement.SyntaxError: ");
    assertThat(failure(driver("neo4j"), "MATCH ()((a)-->(b)){3,2} RETURN 1"))
        .startsWith("Neo.ClientError.Statement.SyntaxError: A quantifier for a path pattern must not have a lower "
            + "bound which exceeds its upper bound.");
    assertThat(failure(driver("neo4j"), "CALL db.nope()")).startsWith("Neo.ClientError.Procedure.ProcedureNotFound: "
        + "There is no procedure with the name `db.nope` registered for this database instance");
    assertThat(failure(driver("neo4j"), "RETURN point({x: 1, y: 2, crs: 'cart'})"))
        .isEqualTo("Neo.ClientError.Statement.ArgumentError: Unknown coordinate reference system: cart");
  }

  private static String failure(Driver driver, String query) {
    try (Session s = driver.session()) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> s.run(query).consume());
      assertThat(t).as("%s fails", query).isInstanceOf(Neo4jException.class);
      Neo4jException e = (Neo4jException) t;
      return e.code() + ": " + e.getMessage();
    }
  }

  @Test
  @Order(5)
  void aBookmarkFromTheProxyIsHonouredByAFollower() throws Exception {
    String leader = leaderAddress();
    Set<Bookmark> bookmarks;
    try (Session s = driver("bolt").session()) {
      s.executeWrite(tx -> tx.run("CREATE (:Bm {k: 1})").consume());
      bookmarks = s.lastBookmarks();
    }
    assertThat(bookmarks).isNotEmpty();
    for (ClusterServer follower : cluster.servers()) {
      String address = ClusterServer.HOST + ":" + follower.boltPort();
      if (address.equals(leader)) {
        continue;
      }
      try (Driver d = direct(address);
          Session s = d.session(SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
              .withBookmarks(bookmarks).build())) {
        long c = s.executeRead(tx -> tx.run("MATCH (n:Bm) RETURN count(n) AS c").single().get("c").asLong());
        assertThat(c).as("server %s after the bookmark", address).isEqualTo(1);
      }
    }
    // and a session through the proxy that starts from the bookmark
    try (Session s = driver("neo4j").session(SessionConfig.builder().withBookmarks(bookmarks).build())) {
      assertThat(s.run("MATCH (n:Bm) RETURN count(n) AS c").single().get("c").asLong()).isEqualTo(1);
    }
  }

  @Test
  @Order(6)
  void managedWritesGoOnAfterTheLeaderIsKilled() throws Exception {
    String leader = leaderAddress();
    ClusterServer killed = cluster.servers().stream()
        .filter(s -> (ClusterServer.HOST + ":" + s.boltPort()).equals(leader)).findFirst().orElseThrow();
    for (String scheme : List.of("bolt", "neo4j")) {
      try (Session s = driver(scheme).session()) {
        s.executeWrite(tx -> tx.run("CREATE (:Fo {scheme: $s, step: 'before'})", Map.of("s", scheme)).consume());
      }
    }
    killed.kill9();
    for (String scheme : List.of("bolt", "neo4j")) {
      try (Session s = driver(scheme).session()) {
        s.executeWrite(tx -> tx.run("CREATE (:Fo {scheme: $s, step: 'after'})", Map.of("s", scheme)).consume());
        List<String> steps = s.executeRead(tx -> tx.run("MATCH (n:Fo {scheme: $s}) RETURN n.step AS step ORDER BY step",
            Map.of("s", scheme)).list(rec -> rec.get("step").asString()));
        assertThat(steps).as("through %s://", scheme).containsExactly("after", "before");
      }
    }
    assertThat(proxy.leader()).isNotEqualTo(leader);
    killed.start();
  }
}

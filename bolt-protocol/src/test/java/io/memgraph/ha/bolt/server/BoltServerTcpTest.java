package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server over real TCP with the module's own client: the happy paths of each era of Bolt, and
 * where a RESET runs.
 */
class BoltServerTcpTest {

  private final ScriptedBackend backend = new ScriptedBackend()
      .result("RETURN 1", List.of("1"), List.of(List.of(1L)))
      .result("UNWIND range(1, 5)", List.of("n"), List.of(List.of(1L), List.of(2L), List.of(3L), List.of(4L), List.of(5L)))
      .result("MATCH (n)", List.of("n"), List.of(List.of(new Node(7, List.of("L"), Map.of("k", "v"), "7"))));
  private BoltServer server;
  private int port;

  @BeforeEach
  void start() {
    server = BoltServer.builder(backend).host("127.0.0.1").port(0).build();
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private BoltClientConnection connect() {
    return BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(5));
  }

  @Test
  void bolt54AutoCommitAndBatches() {
    try (BoltClientConnection c = connect()) {
      assertThat(c.handshake(new BoltVersion(5, 4).encodeRange(4)))
          .isEqualTo(new BoltVersion(5, 4));
      Response hello = c.hello(BoltClientConnection.helloExtra("test/1", Map.of()));
      assertThat(hello).isInstanceOf(Response.Success.class);
      Map<String, Object> meta = ((Response.Success) hello).metadata();
      assertThat(meta).containsKeys("server", "connection_id", "hints");
      assertThat(c.logon(Map.of("scheme", "basic", "principal", "u", "credentials", "p")))
          .isInstanceOf(Response.Success.class);
      Response run = c.run("UNWIND range(1, 5)", Map.of(), Map.of());
      assertThat(((Response.Success) run).metadata()).containsEntry("fields", List.of("n")).containsKey("t_first");
      List<Response> first = c.pull(2, -1);
      assertThat(first).hasSize(3);
      assertThat(((Response.Success) first.get(2)).metadata()).containsEntry("has_more", true);
      List<Response> rest = c.pull(-1, -1);
      assertThat(rest).hasSize(4);
      assertThat(((Response.Success) rest.get(3)).metadata()).containsKey("t_last").containsEntry("type", "r");
      c.run("MATCH (n)", Map.of(), Map.of());
      List<Response> nodes = c.pull(-1, -1);
      assertThat(((Response.RecordMessage) nodes.get(0)).values()).containsExactly(
          new Node(7, List.of("L"), Map.of("k", "v"), "7"));
    }
  }

  @Test
  void oneEventLoopPerProcessorUnlessToldOtherwise() {
    assertThat(server.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    BoltServer three = BoltServer.builder(backend).host("127.0.0.1").port(0).ioThreads(3).build();
    int threePort = three.start();
    try (BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", threePort, Duration.ofSeconds(5))) {
      assertThat(three.ioThreads()).isEqualTo(3);
      assertThat(c.handshake(new BoltVersion(5, 4).encodeRange(4))).isEqualTo(new BoltVersion(5, 4));
    } finally {
      three.close();
    }
    assertThatThrownBy(() -> BoltServer.builder(backend).ioThreads(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("I/O threads must be positive, got 0");
  }

  @Test
  void bolt1InitRunPullAll() {
    try (BoltClientConnection c = connect()) {
      assertThat(c.handshake(new BoltVersion(1, 0))).isEqualTo(new BoltVersion(1, 0));
      assertThat(c.hello(Map.of("user_agent", "old/1", "scheme", "none"))).isInstanceOf(Response.Success.class);
      Response run = c.run("RETURN 1", Map.of(), Map.of());
      assertThat(((Response.Success) run).metadata()).containsKey("result_available_after");
      List<Response> all = c.pull(-1, -1);
      assertThat(all).hasSize(2);
      assertThat(((Response.RecordMessage) all.get(0)).values()).containsExactly(1L);
    }
  }

  @Test
  void explicitTransactionWithTwoResults() {
    try (BoltClientConnection c = connect()) {
      c.handshake(new BoltVersion(4, 4));
      c.hello(Map.of("user_agent", "t/1", "scheme", "none"));
      assertThat(c.begin(Map.of("db", "neo4j"))).isInstanceOf(Response.Success.class);
      assertThat(((Response.Success) c.run("RETURN 1", Map.of(), Map.of())).metadata()).containsEntry("qid", 0L);
      assertThat(((Response.Success) c.run("UNWIND range(1, 5)", Map.of(), Map.of())).metadata()).containsEntry("qid", 1L);
      assertThat(c.pull(1, 0)).hasSize(2);
      assertThat(c.pull(-1, -1)).hasSize(6);
      Response commit = c.commit();
      assertThat(((Response.Success) commit).metadata()).containsKey("bookmark");
      assertThat(backend.calls()).containsSubsequence("begin:neo4j", "run:RETURN 1", "run:UNWIND range(1, 5)", "commit");
    }
  }

  @Test
  void resetInterruptsARunningQuery() throws Exception {
    try (BoltClientConnection c = connect()) {
      c.handshake(new BoltVersion(5, 4));
      c.hello(BoltClientConnection.helloExtra("t/1", Map.of()));
      c.logon(Map.of("scheme", "none"));
      c.send(new io.memgraph.ha.bolt.messaging.Request.Run("BLOCK", Map.of(), Map.of()),
          new io.memgraph.ha.bolt.messaging.Request.Pull(-1, -1));
      assertThat(backend.awaitBlocked(5000)).isTrue();
      long start = System.nanoTime();
      c.send(new io.memgraph.ha.bolt.messaging.Request.Reset());
      Response run = c.receive();
      assertThat(((Response.Failure) run).code()).isEqualTo("Neo.TransientError.Transaction.Terminated");
      assertThat(c.receive()).isInstanceOf(Response.Ignored.class);
      assertThat(c.receive()).isInstanceOf(Response.Success.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      c.run("RETURN 1", Map.of(), Map.of());
      assertThat(c.pull(-1, -1)).hasSize(2);
    }
  }

  @Test
  void goodbyeClosesTheConnection() {
    try (BoltClientConnection c = connect()) {
      c.handshake(new BoltVersion(4, 4));
      c.hello(Map.of("user_agent", "t/1", "scheme", "none"));
      c.goodbye();
      assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void utcPatchOn44SwitchesDateTimesToTheUtcForm() {
    java.time.ZonedDateTime berlin = java.time.ZonedDateTime.of(2024, 3, 1, 12, 0, 0, 0,
        java.time.ZoneId.of("Europe/Berlin"));
    backend.result("RETURN datetime()", List.of("d"), List.of(List.of(berlin)));
    try (BoltClientConnection c = connect()) {
      c.handshake(new BoltVersion(4, 4));
      Response hello = c.hello(Map.of("user_agent", "t/1", "scheme", "none", "patch_bolt", List.of("utc")));
      assertThat(((Response.Success) hello).metadata()).containsEntry("patch_bolt", List.of("utc"));
      c.run("RETURN datetime()", Map.of(), Map.of());
      List<Response> rows = c.pull(-1, -1);
      assertThat(((Response.RecordMessage) rows.get(0)).values()).containsExactly(berlin);
    }
  }

  @Test
  void handshakeAndHelloPipelinedInOneWrite() throws Exception {
    io.netty.buffer.ByteBuf body = io.netty.buffer.Unpooled.buffer();
    io.memgraph.ha.bolt.version.BoltProtocols.forVersion(new BoltVersion(4, 4)).orElseThrow().encodeRequest(
        new io.memgraph.ha.bolt.messaging.Request.Hello(Map.of("user_agent", "t/1", "scheme", "none")),
        new io.memgraph.ha.bolt.packstream.PackStreamWriter(body, io.memgraph.ha.bolt.packstream.StructShape.LEGACY));
    io.netty.buffer.ByteBuf wire = io.netty.buffer.Unpooled.buffer();
    wire.writeInt(0x6060B017).writeInt(0x00000404).writeInt(0).writeInt(0).writeInt(0);
    io.memgraph.ha.bolt.transport.Chunking.writeChunked(body, wire);
    byte[] bytes = new byte[wire.readableBytes()];
    wire.readBytes(bytes);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(bytes);
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      assertThat(in.readInt()).isEqualTo(0x00000404);
      int chunk = in.readUnsignedShort();
      assertThat(chunk).isPositive();
      assertThat(in.readUnsignedByte()).isEqualTo(0xB1);
      assertThat(in.readUnsignedByte()).isEqualTo(0x70);
    }
  }

  @Test
  void largeRecordsAndLongStreamsArriveWholeAndInOrder() {
    String big = "x".repeat(200_000);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 20_000; i++) {
      rows.add(List.of(i, "row-" + i));
    }
    backend.result("BIG", List.of("s"), List.of(List.of(big)));
    backend.result("MANY", List.of("i", "s"), rows);
    try (BoltClientConnection c = connect()) {
      c.handshake(new BoltVersion(5, 0));
      c.hello(BoltClientConnection.helloExtra("t/1", Map.of("scheme", "none")));
      c.run("BIG", Map.of(), Map.of());
      List<Response> one = c.pull(-1, -1);
      assertThat(((Response.RecordMessage) one.get(0)).values()).containsExactly(big);
      c.run("MANY", Map.of(), Map.of());
      List<Response> many = c.pull(-1, -1);
      assertThat(many).hasSize(20_001);
      for (int i = 0; i < 20_000; i++) {
        assertThat(((Response.RecordMessage) many.get(i)).values().get(0)).isEqualTo((long) i);
      }
    }
  }

  @Test
  void bolt3ExplicitTransactionWithPullAll() {
    try (BoltClientConnection c = connect()) {
      assertThat(c.handshake(new BoltVersion(3, 0))).isEqualTo(new BoltVersion(3, 0));
      Map<String, Object> hello = ((Response.Success) c.hello(Map.of("user_agent", "v3/1", "scheme", "none")))
          .metadata();
      assertThat(hello).containsKeys("server", "connection_id").doesNotContainKey("hints");
      assertThat(c.begin(Map.of("bookmarks", List.of("bm-0"), "tx_timeout", 1000L))).isInstanceOf(Response.Success.class);
      Map<String, Object> run = ((Response.Success) c.run("UNWIND range(1, 5)", Map.of(), Map.of())).metadata();
      assertThat(run).containsKey("t_first").doesNotContainKey("qid");
      List<Response> all = c.pull(-1, -1);
      assertThat(all).hasSize(6);
      assertThat(((Response.Success) all.get(5)).metadata()).doesNotContainKeys("has_more", "db");
      assertThat(c.rollback()).isInstanceOf(Response.Success.class);
      assertThat(backend.calls()).containsSubsequence("begin", "run:UNWIND range(1, 5)", "rollback");
    }
  }

  @Test
  void bolt43RouteWithBareDatabaseName() {
    backend.routingTable(Map.of("ttl", 300L, "servers", List.of(
        Map.of("addresses", List.of("127.0.0.1:" + port), "role", "WRITE"))));
    try (BoltClientConnection c = connect()) {
      c.handshake(new BoltVersion(4, 3));
      c.hello(Map.of("user_agent", "t/1", "scheme", "none", "routing", Map.of("address", "127.0.0.1:" + port)));
      Response r = c.request(new io.memgraph.ha.bolt.messaging.Request.Route(Map.of("address", "127.0.0.1:" + port),
          List.of(), Map.of("db", "neo4j")));
      assertThat(((Response.Success) r).metadata()).containsKey("rt");
      assertThat(backend.calls()).contains("route:neo4j");
      assertThat(backend.connections().get(0).routingContext()).containsEntry("address", "127.0.0.1:" + port);
    }
  }

  // ---- Where a RESET runs: a lone RESET of an idle session (what a driver sends each time it puts
  // a connection back in its pool) on the connection's event loop, anything else on a worker, and
  // every answer in the order of the requests either way.

  private BoltClientConnection loggedIn() {
    BoltClientConnection c = connect();
    assertThat(c.handshake(new BoltVersion(5, 4))).isEqualTo(new BoltVersion(5, 4));
    assertThat(c.hello(BoltClientConnection.helloExtra("test/1", Map.of()))).isInstanceOf(Response.Success.class);
    assertThat(c.logon(Map.of("scheme", "none"))).isInstanceOf(Response.Success.class);
    return c;
  }

  private String lastResetThread() {
    List<String> threads = backend.resetThreads();
    assertThat(threads).isNotEmpty();
    return threads.get(threads.size() - 1);
  }

  @Test
  void aResetOfAnIdleSessionIsAnsweredOnTheEventLoop() {
    try (BoltClientConnection c = loggedIn()) {
      c.run("RETURN 1", Map.of(), Map.of());
      assertThat(c.pull(-1, -1)).hasSize(2);
      // The worker sends the PULL's summary before it hands the session back as idle; a RESET
      // that overtakes that hand-over is (correctly) queued to a worker, and so is one that
      // overtakes the previous RESET's. Once the worker is done, the next RESET runs on the loop.
      String thread = "";
      for (int attempt = 0; attempt < 50 && !thread.startsWith("bolt-io"); attempt++) {
        sleepMillis(attempt == 0 ? 0 : 20);
        assertThat(c.reset()).isInstanceOf(Response.Success.class);
        thread = lastResetThread();
      }
      assertThat(thread).as("a RESET of the idle session, in 50 tries").startsWith("bolt-io");
      c.run("RETURN 1", Map.of(), Map.of());
      assertThat(c.pull(-1, -1)).as("the session works on after it").hasSize(2);
    }
  }

  @Test
  void aResetInsideATransactionGoesToAWorker() {
    try (BoltClientConnection c = loggedIn()) {
      assertThat(c.begin(Map.of())).isInstanceOf(Response.Success.class);
      c.run("RETURN 1", Map.of(), Map.of());
      assertThat(c.pull(-1, -1)).hasSize(2);
      assertThat(c.reset()).isInstanceOf(Response.Success.class);
      assertThat(lastResetThread()).startsWith("bolt-worker");
      assertThat(c.begin(Map.of())).as("the transaction was ended").isInstanceOf(Response.Success.class);
    }
  }

  @Test
  void aResetOnBolt1GoesToAWorkerSinceItsTransactionsAreQueries() {
    try (BoltClientConnection c = connect()) {
      assertThat(c.handshake(new BoltVersion(1, 0))).isEqualTo(new BoltVersion(1, 0));
      assertThat(c.hello(Map.of("user_agent", "old/1", "scheme", "none"))).isInstanceOf(Response.Success.class);
      c.run("RETURN 1", Map.of(), Map.of());
      assertThat(c.pull(-1, -1)).hasSize(2);
      assertThat(c.reset()).isInstanceOf(Response.Success.class);
      assertThat(lastResetThread()).startsWith("bolt-worker");
    }
  }

  @Test
  void aResetWithAResultOpenGoesToAWorker() {
    try (BoltClientConnection c = loggedIn()) {
      assertThat(c.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
      assertThat(c.reset()).isInstanceOf(Response.Success.class);
      assertThat(lastResetThread()).startsWith("bolt-worker");
    }
  }

  @Test
  void aResetSentRightBehindAQueryIsAnsweredAfterIt() {
    try (BoltClientConnection c = loggedIn()) {
      for (int i = 0; i < 300; i++) {
        // In one write or two: the RESET comes in before the worker took the query (which it then
        // IGNOREs), while it runs, or after its answer was handed to the event loop.
        if (i % 2 == 0) {
          c.send(new Request.Run("RETURN 1", Map.of(), Map.of()), Request.Pull.ALL, new Request.Reset());
        } else {
          c.send(new Request.Run("RETURN 1", Map.of(), Map.of()), Request.Pull.ALL);
          c.send(new Request.Reset());
        }
        List<String> before = new ArrayList<>();
        while (true) {
          Response r = c.receive();
          if (r instanceof Response.Success s && s.metadata().isEmpty()) {
            break; // the RESET's answer
          }
          before.add(kind(r));
        }
        assertThat(before).as("the answers before the RESET's, round %d", i).isIn(
            List.of("run", "record", "pull"), List.of("run", "ignored"), List.of("ignored", "ignored"));
      }
      assertThat(c.responsesWaiting()).as("nothing after the last RESET's answer").isZero();
      assertThat(backend.resetThreads()).hasSize(300);
    }
  }

  @Test
  void aResetRightBehindAQueryRunOnTheEventLoopIsAnsweredAfterIt() {
    backend.quick("RETURN 1");
    aResetSentRightBehindAQueryIsAnsweredAfterIt();
    assertThat(backend.runThreads()).as("some of the queries ran on the event loop")
        .anyMatch(t -> t.startsWith("RETURN 1@bolt-io"));
  }

  // ---- Where a RUN runs: on the connection's event loop when the session vouches that it waits
  // for nothing (alone or with its PULL or DISCARD), on a worker otherwise.

  /** Sends RUN and PULL in one write until the RUN ran on the event loop; its answers each time. */
  private List<String> runOnTheLoop(BoltClientConnection c, String query) {
    return runOnTheLoop(c, query, false);
  }

  private List<String> runOnTheLoop(BoltClientConnection c, String query, boolean resetFirst) {
    List<String> answers = new ArrayList<>();
    // The worker of the previous request may still hold the session when the RUN arrives (then it
    // is queued to a worker); once the worker is done, the next RUN runs on the loop.
    for (int attempt = 0; attempt < 50; attempt++) {
      sleepMillis(attempt == 0 ? 0 : 20);
      if (resetFirst) {
        c.send(new Request.Reset(), new Request.Run(query, Map.of(), Map.of()), Request.Pull.ALL);
        assertThat(c.receive()).isEqualTo(new Response.Success(Map.of()));
      } else {
        c.send(new Request.Run(query, Map.of(), Map.of()), Request.Pull.ALL);
      }
      answers = new ArrayList<>(List.of(kind(c.receive())));
      answers.addAll(c.untilSummary().stream().map(BoltServerTcpTest::kind).toList());
      List<String> threads = backend.runThreads();
      if (threads.get(threads.size() - 1).startsWith(query + "@bolt-io")) {
        return answers;
      }
    }
    throw new AssertionError(query + " never ran on the event loop: " + backend.runThreads());
  }

  @Test
  void aRunTheSessionVouchesForRunsOnTheEventLoopWithItsPull() {
    backend.quick("UNWIND range(1, 5)").quick("CREATE (n)")
        .result("CREATE (n)", List.of(), List.of());
    try (BoltClientConnection c = loggedIn()) {
      assertThat(runOnTheLoop(c, "UNWIND range(1, 5)"))
          .containsExactly("run", "record", "record", "record", "record", "record", "pull");
      // a write: its summary carries the commit's bookmark, answered after the commit
      c.send(new Request.Run("CREATE (n)", Map.of(), Map.of()), Request.Pull.ALL);
      assertThat(c.receive()).isInstanceOf(Response.Success.class);
      assertThat(((Response.Success) c.receive()).metadata()).containsKey("bookmark");
      // behind the RESET of an idle session, as a driver sends when it takes a connection from its pool
      assertThat(runOnTheLoop(c, "UNWIND range(1, 5)", true))
          .containsExactly("run", "record", "record", "record", "record", "record", "pull");
      // a RUN alone, its PULL in a later write
      assertThat(c.run("UNWIND range(1, 5)", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
      assertThat(c.pull(2, -1)).hasSize(3);
      assertThat(c.pull(-1, -1)).hasSize(4);
    }
  }

  @Test
  void aRunTheSessionDoesNotVouchForRunsOnAWorker() {
    backend.quick("RETURN 1");
    try (BoltClientConnection c = loggedIn()) {
      runOnTheLoop(c, "RETURN 1"); // the session is idle, so the loop would take a vouched RUN
      for (int i = 0; i < 5; i++) {
        sleepMillis(20);
        c.send(new Request.Run("UNWIND range(1, 5)", Map.of(), Map.of()), Request.Pull.ALL);
        assertThat(c.receive()).isInstanceOf(Response.Success.class);
        assertThat(c.untilSummary()).hasSize(6);
      }
      // a transaction the session does not vouch for: its BEGIN, RUN and COMMIT on a worker
      assertThat(c.begin(Map.of())).isInstanceOf(Response.Success.class);
      sleepMillis(20);
      assertThat(c.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
      assertThat(c.pull(-1, -1)).hasSize(2);
      assertThat(c.commit()).isInstanceOf(Response.Success.class);
    }
    List<String> threads = backend.runThreads();
    assertThat(threads.subList(threads.size() - 6, threads.size()))
        .allMatch(t -> t.contains("@bolt-worker"), "on a worker");
    assertThat(backend.txThreads()).allMatch(t -> t.contains("@bolt-worker"), "on a worker");
  }

  @Test
  void vouchedRequestsInOneWriteRunOnTheEventLoopUpToItsLimit() {
    backend.quick("RETURN 1");
    try (BoltClientConnection c = loggedIn()) {
      runOnTheLoop(c, "RETURN 1");
      sleepMillis(20);
      // ten RUNs with their PULLs in one write: the loop runs the first sixteen requests
      List<Request> requests = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        requests.add(new Request.Run("RETURN 1", Map.of(), Map.of()));
        requests.add(Request.Pull.ALL);
      }
      c.send(requests.toArray(Request[]::new));
      for (int i = 0; i < 10; i++) {
        assertThat(c.receive()).isInstanceOf(Response.Success.class);
        assertThat(c.untilSummary()).hasSize(2);
      }
    }
    List<String> threads = backend.runThreads();
    assertThat(threads.subList(threads.size() - 10, threads.size() - 2))
        .allMatch(t -> t.contains("@bolt-io"), "on the event loop");
    assertThat(threads.subList(threads.size() - 2, threads.size()))
        .allMatch(t -> t.contains("@bolt-worker"), "on a worker");
  }

  @Test
  void aTransactionTheSessionVouchesForRunsOnTheEventLoop() {
    backend.quick("RETURN 1").quickTransactions();
    try (BoltClientConnection c = loggedIn()) {
      boolean onLoop = false;
      for (int attempt = 0; attempt < 50 && !onLoop; attempt++) {
        sleepMillis(20);
        // as a driver sends a managed transaction: BEGIN with its first RUN and PULL, then COMMIT,
        // then the pool's RESET (here with the next transaction's first requests)
        c.send(new Request.Reset(), new Request.Begin(Map.of()), new Request.Run("RETURN 1", Map.of(), Map.of()),
            Request.Pull.ALL);
        assertThat(c.receive()).isEqualTo(new Response.Success(Map.of()));
        assertThat(c.receive()).isEqualTo(new Response.Success(Map.of()));
        assertThat(kind(c.receive())).isEqualTo("run");
        assertThat(c.untilSummary()).hasSize(2);
        assertThat(((Response.Success) c.commit()).metadata()).containsKey("bookmark");
        List<String> tx = backend.txThreads();
        List<String> runs = backend.runThreads();
        onLoop = tx.get(tx.size() - 2).startsWith("begin@bolt-io") && tx.get(tx.size() - 1).startsWith("commit@bolt-io")
            && runs.get(runs.size() - 1).startsWith("RETURN 1@bolt-io");
      }
      assertThat(onLoop).as("a whole transaction ran on the event loop: " + backend.txThreads()).isTrue();
      // a COMMIT with a result the client left open: its commit runs that result to the end, so a worker
      c.send(new Request.Begin(Map.of()), new Request.Run("UNWIND range(1, 5)", Map.of(), Map.of()));
      assertThat(c.receive()).isEqualTo(new Response.Success(Map.of()));
      assertThat(kind(c.receive())).isEqualTo("run");
      assertThat(c.commit()).isInstanceOf(Response.Success.class);
      List<String> tx = backend.txThreads();
      assertThat(tx.get(tx.size() - 1)).startsWith("commit@bolt-worker");
    }
  }

  private static String kind(Response r) {
    if (r instanceof Response.RecordMessage) {
      return "record";
    }
    if (r instanceof Response.Ignored) {
      return "ignored";
    }
    if (r instanceof Response.Success s) {
      return s.metadata().containsKey("fields") ? "run" : s.metadata().containsKey("t_last") ? "pull" : s.toString();
    }
    return r.toString();
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

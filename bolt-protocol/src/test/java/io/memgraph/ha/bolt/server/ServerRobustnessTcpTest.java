package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.client.BoltClientException;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.testing.LogCapture;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server under clients that misbehave at the socket level, over real TCP: clients that stop
 * reading, clients that go quiet, too many clients, clients that vanish mid-stream. In each case a
 * healthy client next to them keeps being served, and every backend session is closed once.
 */
class ServerRobustnessTcpTest {

  private static final String ROW = "x".repeat(1024);
  /** About 2 GB if it were ever produced in full; rows are made as they are pulled. */
  private static final int BIG_ROWS = 2_000_000;
  /** About 20 MB: more than the socket buffers hold, so a client that does not read stalls it. */
  private static final int MEDIUM_ROWS = 20_000;

  private final ScriptedBackend backend = new ScriptedBackend()
      .result("RETURN 1", List.of("1"), List.of(List.of(1L)))
      .generated("BIG", "x", BIG_ROWS, i -> ROW)
      .generated("MEDIUM", "i", MEDIUM_ROWS, i -> List.of((long) i, ROW));
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private BoltServer server;
  private int port;

  private int start(BoltServer.Builder builder) {
    server = builder.host("127.0.0.1").port(0).build();
    port = server.start();
    return port;
  }

  @AfterEach
  void stop() throws Exception {
    Collections.reverse(toClose);
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // the server may already have closed it; the test asserted what mattered
      }
    }
    if (server != null) {
      server.close();
    }
  }

  private RawBoltSocket raw() {
    RawBoltSocket s = RawBoltSocket.connect(port);
    toClose.add(s);
    return s;
  }

  private BoltClientConnection healthy() {
    BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(5));
    toClose.add(c);
    assertThat(c.handshake(new BoltVersion(4, 4))).isEqualTo(new BoltVersion(4, 4));
    assertThat(c.hello(BoltClientConnection.helloExtra("healthy/1", Map.of("scheme", "none"))))
        .isInstanceOf(Response.Success.class);
    return c;
  }

  private static void assertQueryWorks(BoltClientConnection c) {
    assertThat(c.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
    List<Response> rows = c.pull(-1, -1);
    assertThat(rows).hasSize(2);
    assertThat(((Response.RecordMessage) rows.get(0)).values()).containsExactly(1L);
  }

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + millis + " ms waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Waits until no result produces rows any more (every stream is parked or done). */
  private void awaitStreamsParked() throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    long last = -1;
    while (backend.rowsPulled() != last) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("streams never stopped producing: " + backend.rowsPulled() + " rows");
      }
      last = backend.rowsPulled();
      Thread.sleep(300);
    }
  }

  private static long index(Response.RecordMessage record) {
    return (Long) ((List<?>) record.values().get(0)).get(0);
  }

  private long runs(String query) {
    return backend.calls().stream().filter(c -> c.equals("run:" + query)).count();
  }

  @Test
  void clientsThatStopReadingHoldNoWorkerThread() throws Exception {
    int workers = 4;
    int stalled = 40;
    start(BoltServer.builder(backend).workerThreads(workers).writeTimeout(Duration.ZERO));
    for (int i = 0; i < stalled; i++) {
      raw().send(new Request.Run("BIG", Map.of(), Map.of()), new Request.Pull(-1, -1));
    }
    await("every stalled client's stream has started", 20_000, () -> runs("BIG") == stalled);
    awaitStreamsParked();

    // with every worker held by a stalled client this would time out (the client waits 5 s)
    assertQueryWorks(healthy());
    // each stalled client costs its socket buffers and the water marks, not its whole result
    long bytesPerStalledClient = backend.rowsPulled() * ROW.length() / stalled;
    assertThat(bytesPerStalledClient).isLessThan(16L * 1024 * 1024);
    assertThat(server.openConnections()).isEqualTo(stalled + 1);
  }

  @Test
  void aParkedStreamResumesInOrderWhenItsClientReadsAgain() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1).writeTimeout(Duration.ZERO));
    RawBoltSocket first = raw();
    RawBoltSocket second = raw();
    first.send(new Request.Run("MEDIUM", Map.of(), Map.of()), new Request.Pull(-1, -1));
    second.send(new Request.Run("MEDIUM", Map.of(), Map.of()), new Request.Pull(7000, -1),
        new Request.Pull(-1, -1));
    await("both streams have started", 10_000, () -> runs("MEDIUM") == 2);
    awaitStreamsParked();
    assertThat(backend.rowsPulled()).isLessThan(2L * MEDIUM_ROWS);

    for (RawBoltSocket s : List.of(second, first)) {
      assertThat(s.read()).isInstanceOf(Response.Success.class); // HELLO
      assertThat(s.read()).isInstanceOf(Response.Success.class); // RUN
      List<Long> seen = new ArrayList<>();
      Response r;
      while ((r = s.read()) instanceof Response.RecordMessage record) {
        seen.add(index(record));
      }
      if (s == second) {
        assertThat(seen).hasSize(7000);
        assertThat(((Response.Success) r).metadata()).containsEntry("has_more", true);
        while ((r = s.read()) instanceof Response.RecordMessage record) {
          seen.add(index(record));
        }
      }
      assertThat(((Response.Success) r).metadata()).containsEntry("has_more", false).containsEntry("type", "r");
      assertThat(seen).hasSize(MEDIUM_ROWS);
      for (int i = 0; i < MEDIUM_ROWS; i++) {
        assertThat(seen.get(i)).isEqualTo(i);
      }
    }
  }

  @Test
  void resetInterruptsAStreamWhoseClientStoppedReading() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1).writeTimeout(Duration.ZERO));
    RawBoltSocket s = raw();
    s.send(new Request.Run("BIG", Map.of(), Map.of()), new Request.Pull(-1, -1));
    await("the stream has started", 10_000, () -> runs("BIG") == 1);
    awaitStreamsParked();

    s.send(new Request.Reset());
    assertThat(s.read()).isInstanceOf(Response.Success.class); // HELLO
    assertThat(s.read()).isInstanceOf(Response.Success.class); // RUN
    assertThat(s.readUntilSummary()).isInstanceOf(Response.Ignored.class); // the interrupted PULL
    assertThat(s.read()).isInstanceOf(Response.Success.class); // RESET
    assertThat(backend.rowsPulled()).isLessThan(BIG_ROWS / 10);

    s.send(new Request.Run("RETURN 1", Map.of(), Map.of()), new Request.Pull(-1, -1));
    assertThat(s.read()).isInstanceOf(Response.Success.class);
    assertThat(s.read()).isEqualTo(new Response.RecordMessage(List.of(1L)));
    assertThat(s.read()).isInstanceOf(Response.Success.class);
  }

  @Test
  void aClientThatDoesNotReadIsDisconnectedAfterTheWriteTimeout() throws Exception {
    try (LogCapture logs = new LogCapture(BoltConnection.class)) {
      start(BoltServer.builder(backend).workerThreads(2).writeTimeout(Duration.ofMillis(500)));
      BoltClientConnection healthy = healthy();
      RawBoltSocket s = raw();
      s.send(new Request.Run("BIG", Map.of(), Map.of()), new Request.Pull(-1, -1));
      await("the stalled client is disconnected", 10_000, () -> server.openConnections() == 1);

      assertThat(logs.messages(Level.WARN)).filteredOn(m -> m.contains("write timeout"))
          .singleElement().asString().contains(s.localAddress());
      assertThat(s.drainUntilClosed()).isTrue();
      await("its session is closed", 5_000, () -> backend.sessionCloseCounts().get(1) == 1);
      assertQueryWorks(healthy);
      assertThat(backend.sessionCloseCounts()).containsExactly(0, 1);
    }
  }

  @Test
  void aSlowButSteadyReaderIsNotDisconnected() throws Exception {
    start(BoltServer.builder(backend).workerThreads(1).writeTimeout(Duration.ofSeconds(2)));
    RawBoltSocket s = raw();
    s.send(new Request.Run("MEDIUM", Map.of(), Map.of()), new Request.Pull(-1, -1));
    s.read();
    s.read();
    // reads 0.5 MB every 100 ms for about 3 s, longer than the write timeout: slower than the server
    // writes, but never stalled for 2 s (with 500 ms, a loaded CI machine once descheduled this
    // thread for longer)
    int records = 0;
    for (int round = 0; round < 30; round++) {
      for (int i = 0; i < 500; i++) {
        assertThat(s.read()).isInstanceOf(Response.RecordMessage.class);
        records++;
      }
      Thread.sleep(100);
    }
    Response r;
    while ((r = s.read()) instanceof Response.RecordMessage) {
      records++;
    }
    assertThat(r).isInstanceOf(Response.Success.class);
    assertThat(records).isEqualTo(MEDIUM_ROWS);
  }

  @Test
  void anIdleConnectionIsClosedAndItsTransactionRolledBack() throws Exception {
    try (LogCapture logs = new LogCapture(BoltConnection.class)) {
      start(BoltServer.builder(backend).sessionInactivityTimeout(Duration.ofMillis(800)));
      BoltClientConnection idle = healthy();
      assertThat(idle.begin(Map.of())).isInstanceOf(Response.Success.class);
      assertThat(idle.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
      BoltClientConnection busy = healthy();
      busy.send(new Request.Run("BLOCK", Map.of(), Map.of()));
      assertThat(backend.awaitBlocked(5_000)).isTrue();
      BoltClientConnection active = healthy();
      for (int i = 0; i < 20; i++) {
        assertQueryWorks(active); // a request every 100 ms keeps a connection alive
        Thread.sleep(100);
      }

      assertThat(idle.awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertThat(backend.sessionCloseCounts()).containsExactly(1, 0, 0);
      List<String> calls = backend.calls();
      assertThat(calls.subList(calls.indexOf("begin"), calls.size())).contains("close")
          .doesNotContain("commit", "rollback");
      assertThat(logs.messages(Level.INFO)).filteredOn(m -> m.contains("session inactivity timeout")).hasSize(1);
      // a connection whose query is still running is not idle
      assertThat(busy.isOpen()).isTrue();
      busy.send(new Request.Reset());
      assertThat(busy.receive()).isInstanceOf(Response.Failure.class);
      assertThat(busy.receive()).isInstanceOf(Response.Success.class);
      assertQueryWorks(active);
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedWithOneWarning() throws Exception {
    try (LogCapture logs = new LogCapture(ConnectionLimiter.class)) {
      start(BoltServer.builder(backend).maxConnections(2));
      BoltClientConnection first = healthy();
      BoltClientConnection second = healthy();
      for (int i = 0; i < 5; i++) {
        try (Socket s = new Socket()) {
          s.setSoTimeout(5_000);
          s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
          s.getOutputStream().write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0,
              0, 0, 0, 0});
          int b;
          try {
            b = s.getInputStream().read();
          } catch (IOException e) {
            b = -1; // reset by the server
          }
          assertThat(b).as("connection %d beyond the limit gets no handshake answer", i).isEqualTo(-1);
        }
      }
      assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("max connections");
      assertQueryWorks(first);

      second.close();
      await("a slot is free again", 5_000, () -> server.openConnections() == 1);
      assertQueryWorks(healthy());
    }
  }

  @Test
  void abruptDisconnectsMidStreamCloseEverySessionExactlyOnce() throws Exception {
    int clients = 200;
    try (LogCapture logs = new LogCapture(BoltConnection.class, BoltStateMachine.class)) {
      start(BoltServer.builder(backend).workerThreads(4));
      for (int i = 0; i < clients; i++) {
        RawBoltSocket s = RawBoltSocket.connect(port);
        if (i % 2 == 0) {
          s.send(new Request.Run("BIG", Map.of(), Map.of()), new Request.Pull(-1, -1));
        } else {
          s.send(new Request.Begin(Map.of()), new Request.Run("BIG", Map.of(), Map.of()), new Request.Pull(-1, -1));
        }
        s.skip(64 * 1024 + (i % 7) * 1000); // the stream is flowing
        s.abort();
      }
      await("every connection is gone", 20_000, () -> server.openConnections() == 0);
      await("every session is closed", 20_000,
          () -> backend.sessionCloseCounts().size() == clients && !backend.sessionCloseCounts().contains(0));
      awaitStreamsParked();
      assertThat(backend.sessionCloseCounts()).hasSize(clients).containsOnly(1);
      assertThat(logs.messages(Level.ERROR)).isEmpty();
      assertThat(logs.messages(Level.WARN)).isEmpty();
      BoltClientConnection after = healthy();
      assertQueryWorks(after);
    }
  }

  @Test
  void stoppingTheServerClosesEverySessionOnce() throws Exception {
    start(BoltServer.builder(backend).workerThreads(2));
    for (int i = 0; i < 10; i++) {
      raw().send(new Request.Begin(Map.of()), new Request.Run("BIG", Map.of(), Map.of()), new Request.Pull(-1, -1));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(healthy().begin(Map.of())).isInstanceOf(Response.Success.class);
    }
    await("every stream has started", 10_000, () -> runs("BIG") == 10);
    server.close();
    assertThat(backend.sessionCloseCounts()).hasSize(15).containsOnly(1);
  }

  @Test
  void builderRejectsNegativeTimeoutsAndLimits() {
    BoltServer.Builder b = BoltServer.builder(backend);
    assertThatThrownBy(() -> b.writeTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write timeout");
    assertThatThrownBy(() -> b.sessionInactivityTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session inactivity timeout");
    assertThatThrownBy(() -> b.maxConnections(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max connections");
  }
}

package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.bolt.testing.LogCapture;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A backend that throws {@link StackOverflowError} and {@link OutOfMemoryError} (real ones, from
 * real recursion and a real allocation) over real TCP, with a pool of one worker thread: the
 * client gets a FAILURE with a one-line message, the server logs one line, another connection
 * keeps working, the same connection works after RESET, and every backend call before and after
 * runs on the same worker thread, which proves the worker survived. An error that means the JVM
 * is broken closes its connection and ends the worker, and the pool carries on with a new one.
 */
class BackendErrorsTcpTest {

  private final ErrorBackend backend = new ErrorBackend();
  private BoltServer server;
  private int port;
  private LogCapture logs;

  @BeforeEach
  void start() {
    server = BoltServer.builder(backend).host("127.0.0.1").port(0).workerThreads(1).build();
    port = server.start();
    logs = new LogCapture(BoltStateMachine.class, BoltConnection.class);
  }

  @AfterEach
  void stop() {
    logs.close();
    server.close();
  }

  private BoltClientConnection ready() {
    BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(10));
    assertThat(c.handshake(new BoltVersion(5, 4))).isEqualTo(new BoltVersion(5, 4));
    assertThat(c.hello(BoltClientConnection.helloExtra("errors/1", Map.of()))).isInstanceOf(Response.Success.class);
    assertThat(c.logon(Map.of("scheme", "none"))).isInstanceOf(Response.Success.class);
    return c;
  }

  private static void assertQueryWorks(BoltClientConnection c) {
    assertThat(c.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
    List<Response> rows = c.pull(-1, -1);
    assertThat(rows).hasSize(2);
    assertThat(((Response.RecordMessage) rows.get(0)).values()).containsExactly(1L);
  }

  private static Response.Failure failure(Response r) {
    assertThat(r).isInstanceOf(Response.Failure.class);
    Response.Failure f = (Response.Failure) r;
    assertThat(f.message()).doesNotContain("\n").hasSizeLessThan(300);
    return f;
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "StackOverflowError, RUN, OVERFLOW, Neo.TransientError.General.StackOverFlowError, ran out of stack",
      "StackOverflowError, PULL, PULL_OVERFLOW, Neo.TransientError.General.StackOverFlowError, ran out of stack",
      "OutOfMemoryError, RUN, OOM, Neo.TransientError.General.OutOfMemoryError, ran out of memory",
      "OutOfMemoryError, PULL, PULL_OOM, Neo.TransientError.General.OutOfMemoryError, ran out of memory",
  })
  void requestErrorIsAFailureAndTheWorkerSurvives(String error, String request, String query, String code,
      String message) {
    try (BoltClientConnection bad = ready(); BoltClientConnection other = ready()) {
      assertQueryWorks(bad);
      assertQueryWorks(other);
      Set<Thread> before = Set.copyOf(backend.threads);
      assertThat(before).hasSize(1);

      Response.Failure f;
      if (request.equals("RUN")) {
        f = failure(bad.run(query, Map.of(), Map.of()));
      } else {
        assertThat(bad.run(query, Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        f = failure(bad.pull(-1, -1).get(0));
      }
      assertThat(f.code()).isEqualTo(code);
      assertThat(f.message()).contains(message).contains(error).contains(request);

      // the other connection is served by the one worker while the failed one waits for RESET
      assertQueryWorks(other);
      assertThat(bad.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Ignored.class);
      assertThat(bad.reset()).isInstanceOf(Response.Success.class);
      assertQueryWorks(bad);
      assertThat(backend.threads).as("the same worker thread ran every call").isEqualTo(before);

      List<ILoggingEvent> errors = logs.events(Level.ERROR);
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).getFormattedMessage()).contains(error).contains(code).contains("127.0.0.1")
          .doesNotContain("\n");
      assertThat(errors.get(0).getThrowableProxy()).as("one line, no stack trace").isNull();
    }
  }

  @Test
  void errorThatMeansTheJvmIsBrokenClosesTheConnectionAndThePoolCarriesOn() {
    try (BoltClientConnection bad = ready(); BoltClientConnection other = ready()) {
      assertQueryWorks(other);
      Response.Failure f = failure(bad.run("FATAL", Map.of(), Map.of()));
      assertThat(f.code()).isEqualTo("Neo.DatabaseError.General.UnknownError");
      assertThat(f.message()).contains("InternalError");
      assertThat(bad.awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertQueryWorks(other);
      assertThat(backend.threads).as("the pool replaced the worker the error ended").hasSize(2);
      assertThat(logs.messages(Level.ERROR)).filteredOn(m -> m.contains("fatal JVM error")).hasSize(1);
    }
  }

  /**
   * Answers {@code RETURN 1} with one row; other queries throw what they are named after, in RUN or
   * in PULL. Records the thread of every call.
   */
  private static final class ErrorBackend implements BoltBackend {
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public BoltSession open(ConnectionInfo info) {
      threads.add(Thread.currentThread());
      return new BoltSession() {
        @Override
        public void authenticate(Map<String, Object> authToken) {
          threads.add(Thread.currentThread());
        }

        @Override
        public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
          threads.add(Thread.currentThread());
          switch (query) {
            case "OVERFLOW" -> overflow(0);
            case "OOM" -> exhaustHeap();
            case "FATAL" -> throw new InternalError("simulated JVM failure");
            default -> {
              // rows below
            }
          }
          return new Rows(query);
        }

        @Override
        public void begin(TxOptions options) {
          threads.add(Thread.currentThread());
        }

        @Override
        public String commit() {
          return null;
        }

        @Override
        public void rollback() {
        }

        @Override
        public Map<String, Object> route(Map<String, Object> routingContext, List<String> bookmarks, String database,
            String impersonatedUser) {
          return Map.of();
        }

        @Override
        public void interrupt() {
        }

        @Override
        public void reset() {
          threads.add(Thread.currentThread());
        }

        @Override
        public void close() {
        }
      };
    }

    private final class Rows implements ResultStream {
      private final String query;

      Rows(String query) {
        this.query = query;
      }

      @Override
      public List<String> fields() {
        return List.of("x");
      }

      @Override
      public boolean pull(long n, RecordSink sink) {
        threads.add(Thread.currentThread());
        if (query.equals("PULL_OVERFLOW")) {
          overflow(0);
        } else if (query.equals("PULL_OOM")) {
          exhaustHeap();
        }
        sink.accept(List.of(1L));
        return false;
      }

      @Override
      public boolean discard(long n) {
        return false;
      }

      @Override
      public Map<String, Object> summary() {
        return Map.of("type", "r");
      }
    }

    /** Recurses until the stack is gone: a real StackOverflowError. */
    private static long overflow(long depth) {
      return overflow(depth + 1) + 1;
    }

    /** One allocation larger than the heap: a real OutOfMemoryError, without filling the heap first. */
    private static void exhaustHeap() {
      long words = Runtime.getRuntime().maxMemory() / Long.BYTES + 1;
      if (words >= Integer.MAX_VALUE - 8) {
        throw new OutOfMemoryError("Java heap space (simulated: this heap is too large for one array to exceed)");
      }
      long[] tooBig = new long[(int) words];
      throw new AssertionError("allocated " + tooBig.length + " words, more than the heap holds");
    }
  }
}

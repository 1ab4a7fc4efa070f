package io.memgraph.ha.bolt.server.bench;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.server.BoltServer;
import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;

/**
 * Streams a typical result (an id, a name, a score, a small map and a short list per record)
 * through a {@link BoltServer} over TCP on 127.0.0.1 and prints records per second, read by the
 * module's own client (PULL batches of 1000, and one PULL of all) and by the Neo4j Java driver 5.28
 * (fetch size 1000),
 * plus the cost of a round trip for a one-record query. Usage:
 * <pre>
 * mvn -q -o -pl bolt-protocol test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.memgraph.ha.bolt.server.bench.BoltServerBenchmark [-Dexec.args="1000000"]
 * </pre>
 */
public final class BoltServerBenchmark {

  private BoltServerBenchmark() {}

  /** A backend whose every query returns {@code rows} generated records. */
  private static BoltBackend backend(long rows) {
    return info -> new BoltSession() {
      @Override
      public void authenticate(Map<String, Object> authToken) {}

      @Override
      public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
        long total = query.equals("ONE") ? 1 : rows;
        return new ResultStream() {
          private long next;

          @Override
          public List<String> fields() {
            return List.of("id", "name", "score", "props", "tags");
          }

          @Override
          public boolean pull(long n, RecordSink sink) {
            long end = n < 0 ? total : Math.min(total, next + n);
            for (; next < end; next++) {
              sink.accept(List.of(next, "name-" + next, next * 0.5, Map.of("age", 42L, "city", "Zagreb"),
                  List.of("a", "b")));
            }
            return next < total;
          }

          @Override
          public boolean discard(long n) {
            next = total;
            return false;
          }

          @Override
          public Map<String, Object> summary() {
            return Map.of("type", "r");
          }
        };
      }

      @Override
      public void begin(TxOptions options) {}

      @Override
      public String commit() {
        return null;
      }

      @Override
      public void rollback() {}

      @Override
      public Map<String, Object> route(Map<String, Object> routingContext, List<String> bookmarks, String database,
          String impersonatedUser) {
        return Map.of();
      }

      @Override
      public void interrupt() {}

      @Override
      public void reset() {}

      @Override
      public void close() {}
    };
  }

  /** Runs the benchmark; the optional argument is the number of records per stream. */
  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    try (BoltServer server = BoltServer.builder(backend(rows)).host("127.0.0.1").port(0).build()) {
      int port = server.start();
      for (int round = 0; round < 3; round++) {
        ownClient(port, rows, round);
        neo4jDriver(port, rows, round);
      }
    }
  }

  private static void ownClient(int port, long rows, int round) {
    try (BoltClientConnection c = BoltClientConnection.connect("127.0.0.1", port, Duration.ofSeconds(60))) {
      c.handshake(new BoltVersion(5, 4));
      c.hello(BoltClientConnection.helloExtra("bench/1", Map.of()));
      c.logon(Map.of("scheme", "none"));
      long start = System.nanoTime();
      c.run("MANY", Map.of(), Map.of());
      long received = 0;
      boolean more = true;
      while (more) {
        List<Response> batch = c.pull(1000, -1);
        received += batch.size() - 1;
        more = Boolean.TRUE.equals(((Response.Success) batch.get(batch.size() - 1)).metadata().get("has_more"));
      }
      report("own client, PULL 1000", round, received, System.nanoTime() - start);
      // one PULL of everything: the server produces in slices and parks whenever the socket is full
      start = System.nanoTime();
      c.run("MANY", Map.of(), Map.of());
      received = c.pull(-1, -1).size() - 1;
      report("own client, PULL all", round, received, System.nanoTime() - start);
      int trips = 2000;
      start = System.nanoTime();
      for (int i = 0; i < trips; i++) {
        c.run("ONE", Map.of(), Map.of());
        c.pull(-1, -1);
      }
      System.out.printf("round %d  own client, RUN+PULL of one record: %.1f us per query%n", round,
          (System.nanoTime() - start) / 1e3 / trips);
    }
  }

  private static void neo4jDriver(int port, long rows, int round) {
    try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none(),
            Config.builder().withoutEncryption().withFetchSize(1000).build());
        Session session = driver.session()) {
      long start = System.nanoTime();
      Result result = session.run("MANY");
      long received = 0;
      while (result.hasNext()) {
        result.next();
        received++;
      }
      report("Neo4j driver 5.28, fetch 1000", round, received, System.nanoTime() - start);
    }
  }

  private static void report(String what, int round, long records, long nanos) {
    System.out.printf("round %d  %-30s %,d records in %.2f s = %,.0f records/s%n", round, what, records,
        nanos / 1e9, records / (nanos / 1e9));
  }
}

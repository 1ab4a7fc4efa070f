package io.memgraph.ha.server.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.TransientException;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-query limits of a real server process: a query past {@code --query-memory-limit-mb}
 * fails with a transient error while another client goes on, and the server's heap returns to
 * its earlier level; {@code --query-execution-time-sec} counts the server's work, not the time a
 * slow client takes to fetch a streamed result; queries nested past the parser's limits get a
 * one-line syntax error while another client goes on.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueryLimitsE2ETest {
    private static final long MIB = 1024 * 1024;

    @Test
    void aQueryPastItsMemoryLimitFailsAloneAndItsMemoryIsGivenBack() throws Exception {
        try (ServerProcess server = ServerProcess.start("--query-memory-limit-mb=64");
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session big = driver.session()) {
            assertThat(big.run("RETURN 1").single().get(0).asLong()).isEqualTo(1L);
            long before = heapAfterGc(server, big);

            try (OtherClient other = new OtherClient(driver)) {
                // collect() of 10 million strings: gigabytes if it were let through
                assertThatThrownBy(() -> big.run("UNWIND range(1, 1000) AS i UNWIND range(1, 10000) AS j "
                        + "RETURN collect('value ' + toString(i * j)) AS all").consume())
                        .isInstanceOfSatisfying(TransientException.class, e -> {
                            assertThat(e.code()).isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
                            assertThat(e.getMessage()).contains("--query-memory-limit-mb").doesNotContain("\n");
                        });
                other.awaitMoreAnswers(20); // the other client still gets answers after the failure
            }
            assertThat(big.run("RETURN 2").single().get(0).asLong()).as("the same session goes on").isEqualTo(2L);
            assertThat(heapAfterGc(server, big) - before).as("heap growth after the failed query")
                    .isLessThan(32 * MIB);
        }
    }

    @Test
    void deepQueriesGetOneLineErrorsWhileAnotherClientGoesOn() throws Exception {
        try (ServerProcess server = ServerProcess.start();
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session deep = driver.session()) {
            try (OtherClient other = new OtherClient(driver)) {
                for (String query : new String[] {
                        "RETURN " + "(".repeat(5000) + "1" + ")".repeat(5000),
                        "RETURN " + "[".repeat(10_000) + "1" + "]".repeat(10_000),
                        "RETURN " + "NOT ".repeat(1000) + "true"}) {
                    assertThatThrownBy(() -> deep.run(query).consume())
                            .as(query.substring(0, 20))
                            .isInstanceOfSatisfying(ClientException.class, e -> {
                                assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
                                assertThat(e.getMessage()).contains("nesting exceeds").doesNotContain("\n");
                            });
                    assertThat(deep.run("RETURN 1").single().get(0).asLong()).as("the same session goes on")
                            .isEqualTo(1L);
                    other.awaitMoreAnswers(5); // the other client keeps getting answers
                }
                assertThat(deep.run("RETURN 1" + " + 1".repeat(9999)).single().get(0).asLong())
                        .as("a flat sum of 10,000 terms").isEqualTo(10_000L);
            }
        }
    }

    @Test
    void aSlowReaderIsNotStoppedByTheQueryTimeLimit() throws Exception {
        try (ServerProcess server = ServerProcess.start("--query-execution-time-sec=1");
                Driver driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
                Session s = driver.session(SessionConfig.builder().withFetchSize(100).build())) {
            long start = System.nanoTime();
            Result result = s.run("UNWIND range(1, 2500) AS i RETURN i");
            long n = 0;
            while (result.hasNext()) {
                Record r = result.next();
                assertThat(r.get(0).asLong()).isEqualTo(++n);
                if (n % 100 == 0) {
                    Thread.sleep(100); // the client takes 2.5 s in all; the server works for far less
                }
            }
            assertThat(n).isEqualTo(2500);
            assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(2400));
        }
    }

    /** The server's used heap after a full collection ({@code jcmd GC.run}), as SHOW STORAGE INFO gives it. */
    private static long heapAfterGc(ServerProcess server, Session s) throws IOException, InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            Process gc = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(server.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(gc.exitValue()).as("jcmd GC.run").isZero();
            long used = s.run("SHOW STORAGE INFO").list().stream()
                    .filter(r -> r.get("storage info").asString().equals("memory_usage"))
                    .findFirst().orElseThrow().get("value").asLong();
            least = Math.min(least, used);
        }
        return least;
    }

    /**
     * Another client on the same server, asking a small query in a loop on its own thread until
     * closed; closing fails the test if any of its queries failed.
     */
    private static final class OtherClient implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong answers = new AtomicLong();
        private final AtomicReference<Throwable> failed = new AtomicReference<>();
        private final Thread thread;

        OtherClient(Driver driver) {
            thread = new Thread(() -> {
                try (Session s = driver.session()) {
                    while (!stop.get()) {
                        assertThat(s.run("UNWIND range(1, 100) AS i RETURN sum(i) AS s").single().get(0).asLong())
                                .isEqualTo(5050L);
                        answers.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "other-client");
            thread.start();
        }

        /** Waits until the client has had {@code n} more answers (or has failed). */
        void awaitMoreAnswers(int n) throws InterruptedException {
            long seen = answers.get();
            while (answers.get() < seen + n && failed.get() == null) {
                Thread.sleep(5);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
            assertThat(failed.get()).as("the other client's queries").isNull();
            assertThat(thread.isAlive()).as("the other client stopped").isFalse();
        }
    }
}

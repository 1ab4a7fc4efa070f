package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Errors a client sees, lazy streaming, cancellation and the deadline. */
class ErrorsAndControlTest {

    private static String code(Throwable t) {
        return ((CypherException) t).statusCode();
    }

    @Test
    void syntaxErrorCarriesLineAndColumn() {
        Db db = new Db();
        assertThatThrownBy(() -> db.run("MATCH (n)\nRETRUN n"))
                .isInstanceOf(CypherSyntaxException.class)
                .satisfies(e -> {
                    assertThat(code(e)).isEqualTo("Neo.ClientError.Statement.SyntaxError");
                    assertThat(((CypherSyntaxException) e).line()).isEqualTo(2);
                    assertThat(((CypherSyntaxException) e).column()).isEqualTo(1);
                });
    }

    @Test
    void missingParameterNamesIt() {
        Db db = new Db();
        assertThatThrownBy(() -> db.run("MATCH (n) WHERE n.x = $p RETURN n"))
                .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Statement.ParameterMissing"))
                .hasMessage("Expected parameter(s): p");
    }

    @Test
    void typeErrorAtRunTime() {
        Db db = new Db();
        db.social();
        assertThatThrownBy(() -> db.run("MATCH (n:Person) RETURN n.name + 1 - 'x'"))
                .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Statement.TypeError"));
        assertThatThrownBy(() -> db.run("MATCH (n:Person) SET n.friend = n"))
                .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Statement.TypeError"));
        assertThatThrownBy(() -> db.run("MATCH (x) RETURN undefinedVar"))
                .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Statement.SemanticError"));
    }

    @Test
    void pullingOneRowOfALargeScanDoesNotComputeTheRest() {
        Db db = new Db();
        db.run("UNWIND range(0, 9999) AS i CREATE (:N {i: i})");
        // Row 5000 divides by zero: only a query that gets that far fails.
        String q = "MATCH (n:N) RETURN 10 / (n.i - 5000) AS x";
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, q, Map.of(), QueryControl.unlimited())) {
            List<Object[]> rows = new ArrayList<>();
            assertThat(ex.pull(3, rows::add)).isTrue();
            assertThat(rows).hasSize(3);
            assertThatThrownBy(() -> ex.pull(-1, r -> { }))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Statement.ArithmeticError"));
        } finally {
            tx.close();
        }
    }

    @Test
    void pullAfterPullContinuesTheStream() {
        Db db = new Db();
        db.run("UNWIND range(1, 10) AS i CREATE (:N {i: i})");
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "MATCH (n:N) RETURN n.i ORDER BY n.i", Map.of(),
                QueryControl.unlimited())) {
            List<Object> got = new ArrayList<>();
            assertThat(ex.pull(4, r -> got.add(r[0]))).isTrue();
            assertThat(ex.pull(6, r -> got.add(r[0]))).isFalse();
            assertThat(got).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        } finally {
            tx.close();
        }
    }

    @Test
    void cancelStopsARunningQuery() throws Exception {
        Db db = new Db();
        db.run("UNWIND range(1, 2000) AS i CREATE (:N {i: i})");
        // 2000^3 rows: far longer than the test waits.
        assertThat(code(cancelledWhileRunning(db, "MATCH (a:N), (b:N), (c:N) RETURN count(*)", Map.of())))
                .isEqualTo("Neo.TransientError.Transaction.Terminated");
    }

    /** What {@code query} fails with when cancelled 100 ms after it started running on another thread. */
    private static Throwable cancelledWhileRunning(Db db, String query, Map<String, Object> params)
            throws InterruptedException {
        QueryControl control = QueryControl.unlimited();
        Transaction tx = db.storage.begin();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (Execution ex = db.engine.execute(tx, query, params, control)) {
                started.countDown();
                ex.pull(-1, r -> { });
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            control.cancel();
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
            return failure.get();
        } finally {
            tx.close();
        }
    }

    @Test
    void deadlineStopsALongQuery() {
        Db db = new Db();
        db.run("UNWIND range(1, 2000) AS i CREATE (:N {i: i})");
        Transaction tx = db.storage.begin();
        long t0 = System.nanoTime();
        try (Execution ex = db.engine.execute(tx, "MATCH (a:N), (b:N), (c:N) RETURN count(*)", Map.of(),
                new QueryControl(java.time.Duration.ofMillis(200), 0))) {
            assertThatThrownBy(() -> ex.pull(-1, r -> { }))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut"))
                    .hasMessageContaining("--query-execution-time-sec");
        } finally {
            tx.close();
        }
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }

    /** Patterns that backtrack for hours on forty a's: nothing in them checks the query but the text they read. */
    private static final String FORTY_A = "a".repeat(40);

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the check it would hang the run
    void theDeadlineAndCancellationStopARegularExpressionThatBacktracksForever() throws Exception {
        Db db = new Db();
        for (String query : List.of("RETURN $s =~ '(.*a){12}b'", "RETURN apoc.text.regexGroups($s, '(.*a){12}b')",
                "RETURN apoc.text.replace($s, '(.*a){12}b', 'x')", "RETURN apoc.text.split($s, '(.*a){12}b')")) {
            Transaction tx = db.storage.begin();
            try (Execution ex = db.engine.execute(tx, query, Map.of("s", FORTY_A),
                    new QueryControl(java.time.Duration.ofMillis(200), 0))) {
                assertThatThrownBy(() -> ex.pull(-1, r -> { })).as(query)
                        .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut"));
            } finally {
                tx.close();
            }
        }
        // TERMINATE TRANSACTIONS (a cancel) stops one too
        assertThat(code(cancelledWhileRunning(db, "RETURN $s =~ '(.*a){12}b'", Map.of("s", FORTY_A))))
                .isEqualTo("Neo.TransientError.Transaction.Terminated");
        // a pattern that matches is unaffected
        assertThat(db.values("RETURN $s =~ 'a{40}'", "s", FORTY_A)).containsExactly(List.of(true));
    }
}

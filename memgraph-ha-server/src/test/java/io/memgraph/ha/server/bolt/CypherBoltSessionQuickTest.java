package io.memgraph.ha.server.bolt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.server.auth.Authenticator;
import io.memgraph.ha.server.auth.LoginRateLimiter;
import io.memgraph.ha.storage.Storage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * When the server's session lets a Bolt event loop run a query, a BEGIN or a COMMIT itself
 * ({@code runsWithoutWaiting}, {@code beginsWithoutWaiting}, {@code commitsWithoutWaiting}); and
 * what the session tells the {@link TransactionRegistry} as its transactions come and go.
 */
class CypherBoltSessionQuickTest {

    private final Storage storage = new Storage();
    private final FakeCluster cluster = new FakeCluster();
    private final QueryTimings timings = new QueryTimings();
    private final TransactionRegistry registry = new TransactionRegistry();
    private final CypherBoltSession session = new CypherBoltSession(storage,
            new Committer() {
                @Override
                public CompletableFuture<io.memgraph.ha.storage.ApplyResult> commit(
                        io.memgraph.ha.storage.WriteSet writeSet, String txId) {
                    throw new UnsupportedOperationException("these tests only read");
                }

                @Override
                public CompletableFuture<io.memgraph.ha.storage.ApplyResult> fence(String txId) {
                    throw new UnsupportedOperationException("these tests only read");
                }
            },
            new QueryEngine(storage),
            new CypherBoltBackend.Settings(null, 0, Duration.ofSeconds(1), "test"),
            cluster, new Authenticator(storage, false, LoginRateLimiter.standard()), timings,
            new ConnectionInfo("bolt-1", null, null, "5.4", "test/1", Map.of(), Map.of()), registry);

    /** Runs {@code query} auto-commit to its end, {@code times} times. */
    private void runToEnd(String query, int times) {
        for (int i = 0; i < times; i++) {
            ResultStream r = session.run(query, Map.of(), TxOptions.EMPTY);
            while (r.pull(100, values -> { })) {
                // all of it
            }
            r.summaryAsync().toCompletableFuture().join();
        }
    }

    private static TxOptions bookmarks(String... bookmarks) {
        return new TxOptions(List.of(bookmarks), null, Map.of(), false, null, null, Map.of());
    }

    /**
     * Runs {@code query} until the session vouches for it (a streak of quick runs: the first runs
     * are slow while the JIT compiles, and a busy machine interrupts a streak now and then).
     *
     * @return how many runs it took
     */
    private int runUntilVouchedFor(String query) {
        for (int runs = 1; runs <= 50_000; runs++) {
            runToEnd(query, 1);
            if (session.runsWithoutWaiting(query, TxOptions.EMPTY)) {
                return runs;
            }
        }
        throw new AssertionError(query + " was not vouched for after 50,000 runs");
    }

    @Test
    void aQueryIsVouchedForAfterAStreakOfQuickRuns() {
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).isFalse();
        assertThat(runUntilVouchedFor("RETURN 1 AS x")).isGreaterThanOrEqualTo(QueryTimings.STREAK);
        assertThat(session.runsWithoutWaiting("RETURN 2 AS x", TxOptions.EMPTY)).isFalse();
    }

    @Test
    void notWhenSomethingWouldMakeItWait() {
        runUntilVouchedFor("RETURN 1 AS x");
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", bookmarks(Bookmarks.of(storage.lastAppliedIndex()))))
                .as("bookmark applied").isTrue();
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x",
                bookmarks(Bookmarks.of(storage.lastAppliedIndex() + 1)))).as("bookmark not applied yet").isFalse();
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", bookmarks("not a bookmark"))).isFalse();
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", new TxOptions(List.of(), null,
                Map.of(CypherBoltSession.HA_TX_ID, "t1", CypherBoltSession.HA_TX_RESOLVE, true), false, null, null,
                Map.of()))).as("a resolve transaction").isFalse();
        cluster.admits = false;
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).as("admission would wait").isFalse();
        assertThat(session.beginsWithoutWaiting(TxOptions.EMPTY)).as("admission would wait").isFalse();
        cluster.admits = true;
        assertThat(session.beginsWithoutWaiting(bookmarks(Bookmarks.of(storage.lastAppliedIndex() + 1))))
                .as("bookmark not applied yet").isFalse();
        assertThat(session.beginsWithoutWaiting(new TxOptions(List.of(), null,
                Map.of(CypherBoltSession.HA_TX_ID, "t1", CypherBoltSession.HA_TX_RESOLVE, true), false, null, null,
                Map.of()))).as("a resolve transaction").isFalse();
        assertThat(session.beginsWithoutWaiting(bookmarks(Bookmarks.of(storage.lastAppliedIndex())))).isTrue();
        session.interrupt();
        assertThat(session.beginsWithoutWaiting(TxOptions.EMPTY)).as("a RESET on its way").isFalse();
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).as("a RESET on its way").isFalse();
    }

    private static final TxOptions READ = new TxOptions(List.of(), null, Map.of(), true, null, null, Map.of());

    private void consume(String query) {
        ResultStream r = session.run(query, Map.of(), TxOptions.EMPTY);
        while (r.pull(100, values -> { })) {
            // all of it
        }
    }

    /** Records quick runs of {@code query} up to the most the count keeps, as if no run had been preempted. */
    private void revouch(String query) {
        for (int i = 0; i < QueryTimings.MAX_COUNT; i++) {
            timings.record(query, 0, true);
        }
    }

    @Test
    void aLightTransactionIsVouchedForFromBeginToCommit() {
        runUntilVouchedFor("RETURN 1 AS x");
        // Wall-clock time is checked on its own further down: until then, a run the machine preempts
        // neither takes the vouching back (revouch before each check: one run preempted past
        // QueryTimings.VERY_SLOW_NANOS resets the count) nor makes the transaction heavy.
        revouch("RETURN 1 AS x");
        session.lightTxNanos = Long.MAX_VALUE;
        assertThat(session.beginsWithoutWaiting(READ)).isTrue();
        session.begin(READ);
        assertThat(session.beginsWithoutWaiting(READ)).as("one is open").isFalse();
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).isTrue();
        assertThat(session.runsWithoutWaiting("RETURN 2 AS x", TxOptions.EMPTY)).as("never ran").isFalse();
        assertThat(session.commitsWithoutWaiting()).isTrue();
        ResultStream open = session.run("RETURN 1 AS x", Map.of(), TxOptions.EMPTY);
        assertThat(session.commitsWithoutWaiting()).as("a result not consumed: the commit would run it").isFalse();
        assertThat(open.pull(-1, values -> { })).isFalse();
        assertThat(session.commitsWithoutWaiting()).isTrue();
        session.commitAsync().join();
        assertThat(session.commitsWithoutWaiting()).as("no transaction").isFalse();

        // at most LIGHT_TX_QUERIES queries
        session.begin(READ);
        for (int i = 1; i < CypherBoltSession.LIGHT_TX_QUERIES; i++) {
            consume("RETURN 1 AS x");
        }
        revouch("RETURN 1 AS x");
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).isTrue();
        consume("RETURN 1 AS x");
        revouch("RETURN 1 AS x"); // so that only the transaction can say no
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).as("too many queries").isFalse();
        assertThat(session.commitsWithoutWaiting()).as("too many queries").isFalse();
        session.commitAsync().join();

        // the counts start again with the next transaction; a slow query makes it heavy
        session.lightTxNanos = CypherBoltSession.LIGHT_TX_NANOS;
        session.begin(READ);
        revouch("RETURN 1 AS x");
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).isTrue();
        long began = System.nanoTime();
        consume("UNWIND range(1, 300000) AS x WITH x WHERE x % 7 = 0 RETURN count(x)");
        assertThat(System.nanoTime() - began).as("the slow query").isGreaterThan(CypherBoltSession.LIGHT_TX_NANOS);
        revouch("RETURN 1 AS x"); // so that only the transaction can say no
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).as("after a slow query").isFalse();
        assertThat(session.commitsWithoutWaiting()).as("after a slow query").isFalse();
        session.rollback();

        // a failed query: the transaction can only be rolled back
        session.begin(READ);
        assertThatThrownBy(() -> consume("RETURN 1 / 0 AS x")).isInstanceOf(BoltFailureException.class);
        revouch("RETURN 1 AS x"); // so that only the transaction can say no
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).as("failed").isFalse();
        assertThat(session.commitsWithoutWaiting()).as("failed").isFalse();
        session.rollback();

        // a transaction begun with the query BEGIN (Bolt 1 and 2) is left to workers
        session.run("BEGIN", Map.of(), TxOptions.EMPTY);
        revouch("RETURN 1 AS x"); // so that only the transaction can say no
        assertThat(session.runsWithoutWaiting("RETURN 1 AS x", TxOptions.EMPTY)).as("textual").isFalse();
        assertThat(session.commitsWithoutWaiting()).as("textual").isFalse();
    }

    @Test
    void aQueryThatFailsOrIsCutShortIsNeverVouchedFor() {
        for (int i = 0; i < QueryTimings.STREAK; i++) {
            assertThatThrownBy(() -> runToEnd("RETURN 1 / 0 AS x", 1)).isInstanceOf(BoltFailureException.class);
        }
        assertThat(session.runsWithoutWaiting("RETURN 1 / 0 AS x", TxOptions.EMPTY)).isFalse();

        runUntilVouchedFor("UNWIND range(1, 10) AS x RETURN x");
        ResultStream abandoned = session.run("UNWIND range(1, 10) AS x RETURN x", Map.of(), TxOptions.EMPTY);
        assertThat(abandoned.pull(2, values -> { })).isTrue();
        abandoned.close(); // the client went away part-way
        assertThat(session.runsWithoutWaiting("UNWIND range(1, 10) AS x RETURN x", TxOptions.EMPTY)).isFalse();
    }

    /** A sole leader, ready: admits everything at once unless told otherwise. */
    private static final class FakeCluster implements ClusterRole {
        volatile boolean admits = true;

        @Override
        public long admitWrite(Duration maxWait, BooleanSupplier stop) {
            return 1;
        }

        @Override
        public long admitRead(Duration maxWait, BooleanSupplier stop, boolean leaderOnly) {
            return -1;
        }

        @Override
        public boolean admitsWithoutWaiting(boolean readOnly, boolean leaderOnly) {
            return admits;
        }

        @Override
        public CompletableFuture<Void> confirmLeaderIn(long term, Duration maxWait) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean stillLeaderIn(long term) {
            return term == 1;
        }

        @Override
        public BoltFailureException notALeader() {
            return new BoltFailureException("Neo.ClientError.Cluster.NotALeader", "not the leader");
        }

        @Override
        public String leaderBoltAddress() {
            return "127.0.0.1:7687";
        }

        @Override
        public Map<String, Object> helloMetadata() {
            return Map.of();
        }

        @Override
        public Map<String, Object> routingTable(String clientAddress, String database) {
            return Map.of();
        }

        @Override
        public List<List<Object>> raftInfo() {
            return List.of();
        }

        @Override
        public List<List<Object>> peerStorageInfo() {
            return List.of();
        }
    }

    @Test
    void theRegistrySeesEachTransactionOnlyWhileItRuns() {
        consume("RETURN 1 AS x");
        assertThat(registry.running()).as("a query run to its end").isEmpty();
        ResultStream failing = session.run("UNWIND [1, 0] AS x RETURN 1 / x", Map.of(), TxOptions.EMPTY);
        assertThat(registry.running()).hasSize(1);
        assertThatThrownBy(() -> failing.pull(-1, values -> { })).isInstanceOf(BoltFailureException.class);
        assertThat(registry.running()).as("a query that failed, before any RESET").isEmpty();

        session.begin(READ);
        assertThat(registry.show(List.of())).extracting(row -> row[6]).containsExactly("");
        ResultStream open = session.run("UNWIND [1, 2] AS x RETURN x", Map.of(), TxOptions.EMPTY);
        assertThat(registry.show(List.of())).extracting(row -> row[6]).containsExactly("UNWIND [1, 2] AS x RETURN x");
        open.pull(-1, values -> { });
        assertThat(registry.show(List.of())).as("idle again").extracting(row -> row[6]).containsExactly("");
        session.rollback();
        assertThat(registry.running()).isEmpty();
    }
}

package io.memgraph.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Units run again on a new leader, on two fake servers: A leads term 1 and, in the commit cases,
 * never answers the COMMIT (or an auto-commit write's final PULL); B, leader of term 2, answers
 * the proxy's resolve fence with NotCommitted. The proxy then runs the whole unit again on B and
 * commits it there when B answers the client's queries as A did; when B answers otherwise the
 * client gets LeaderSwitch and B commits nothing. Also: units whose leader died before they
 * committed (between queries, mid-stream, between an auto-commit RUN and its PULL).
 */
class ProxyReplayTest extends FakeServerTest {

    /**
     * A fake server; "rows n" returns 1..n, plus {@link #extraRows} more; "create" returns no fields
     * and no rows.
     */
    private static final class FakeServer extends FakeSessions.Server {
        volatile int extraRows;
        /** COMMITs (and auto-commit writes) commit, and then are never answered. */
        volatile boolean commitsThenHang;
        /** The ids a resolve fence here finds committed (another server's {@link #committed}). */
        volatile List<Object> replicatedFrom = List.of();
        /** Every query run without an {@code ha_tx_id}: reads, and queries inside transactions. */
        final List<String> untagged = new CopyOnWriteArrayList<>();
        /** The column of an auto-commit write's result. */
        volatile String column = "n";
        /** COMMITs are never answered: they wait until the server's close interrupts them. */
        volatile boolean commitsHang;
        /** The {@code ha_tx_id} of every transaction committed here. */
        final List<Object> committed = new CopyOnWriteArrayList<>();
        /** Auto-commit writes are refused at their end, nothing written, as by a server shutting down. */
        volatile boolean refusesCommits;
        /** How many auto-commit writes are still refused at their RUN, as by a leader not ready yet. */
        final AtomicInteger refusedRuns = new AtomicInteger();

        FakeServer() {
            start(info -> new FakeSessions.Quiet() {
                private Map<String, Object> txMetadata = Map.of();

                @Override
                public Map<String, Object> helloMetadata() {
                    return hello;
                }

                @Override
                public void begin(TxOptions options) {
                    txMetadata = options.metadata();
                }

                @Override
                public ResultStream run(String query, Map<String, Object> parameters, TxOptions options) {
                    String[] words = query.split(" ");
                    boolean create = words[0].equals("create");
                    String rows = "rows " + (create ? 0 : Long.parseLong(words[1]) + extraRows);
                    Object txId = options.metadata().get(Messages.HA_TX_ID);
                    if (txId == null) { // in a transaction, or a read
                        untagged.add(query);
                        return FakeSessions.rows(rows, create ? List.of() : List.of("n"), () -> Map.of("type", "r"));
                    }
                    if (refusedRuns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new BoltFailureException(Messages.UNAVAILABLE,
                                "Server 1 has just become the leader and is not ready for writes yet; retry");
                    }
                    // an auto-commit write: it commits when its stream is exhausted
                    return FakeSessions.rows(rows, create ? List.of() : List.of(column),
                            () -> Map.of("type", "w", "bookmark", commitOrHang(txId)));
                }

                @Override
                public String commit() {
                    if (Boolean.TRUE.equals(txMetadata.get(Messages.HA_TX_RESOLVE))) {
                        if (replicatedFrom.contains(txMetadata.get(Messages.HA_TX_ID))) {
                            return "bm-fenced";
                        }
                        throw new BoltFailureException(Messages.NOT_COMMITTED, "fenced: never committed");
                    }
                    return commitOrHang(txMetadata.get(Messages.HA_TX_ID));
                }
            });
        }

        /** Commits {@code txId} and returns its bookmark, or hangs until closed when {@link #commitsHang}. */
        private String commitOrHang(Object txId) {
            if (refusesCommits) {
                throw new BoltFailureException(Messages.UNAVAILABLE, "The commit was not accepted and nothing was"
                        + " written (server 1 is closed or shutting down); retry");
            }
            if (commitsThenHang) {
                committed.add(txId);
            }
            if (commitsHang || commitsThenHang) {
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    // the server closes (its connections are closed already): no answer arrives
                    Thread.currentThread().interrupt();
                }
                throw new BoltFailureException("Neo.TransientError.General.DatabaseUnavailable", "stopped");
            }
            committed.add(txId);
            return "bm-" + committed.size();
        }
    }

    /** The proxy of the last {@link #clientOfAProxyOverAAndB}. */
    private BoltProxy proxy;

    /** A client of a proxy in front of A, the leader of term 1, and B, its follower. */
    private BoltClientConnection clientOfAProxyOverAAndB(FakeServer a, FakeServer b) throws Exception {
        proxy = proxyOver(a, b);
        return client(proxy.port(), Duration.ofSeconds(20));
    }

    /** The proxy's metrics text, each sample line a list element. */
    private List<String> metrics() {
        return proxy.metricsText("test").lines().filter(l -> !l.startsWith("#")).toList();
    }

    /** The client's COMMIT after A, its leader, died while committing it, and B leads. */
    private Response commitWhileTheLeaderDies(FakeServer a, FakeServer b) throws Exception {
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        assertThat(client.begin(Map.of())).isInstanceOf(Response.Success.class);
        assertThat(client.run("rows 3", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        assertThat(client.pull(-1, -1)).hasSize(4);
        return whileTheLeaderDies(a, b, client::commit);
    }

    /** What {@code committing} returns while A, the leader, dies committing it, and B then leads. */
    private static <T> T whileTheLeaderDies(FakeServer a, FakeServer b, Callable<T> committing) throws Exception {
        if (!a.commitsThenHang) {
            a.commitsHang = true;
        }
        Thread dies = new Thread(() -> {
            try {
                Thread.sleep(200); // the commit is on its way
                b.hello = Map.of("role", "leader", "term", 2L);
                a.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        dies.start();
        T answer = committing.call();
        dies.join();
        return answer;
    }

    /**
     * The answer to a query sent after A, the leader, died between two queries of a transaction
     * whose first carried {@code parameters}, and B leads.
     */
    private Response queryAfterTheLeaderDiedBetweenQueries(Map<String, Object> parameters) throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        assertThat(client.begin(Map.of())).isInstanceOf(Response.Success.class);
        assertThat(client.run("rows 2", parameters, Map.of())).isInstanceOf(Response.Success.class);
        assertThat(client.pull(-1, -1)).hasSize(3);
        b.hello = Map.of("role", "leader", "term", 2L);
        a.close();
        Response answer = client.run("rows 1", Map.of(), Map.of());
        client.pull(-1, -1);
        return answer;
    }

    @Test
    void aTransactionGoesOnOnTheNewLeaderAfterItsLeaderDiedBetweenQueries() throws Exception {
        assertThat(queryAfterTheLeaderDiedBetweenQueries(Map.of("small", "x".repeat(1000))))
                .isInstanceOf(Response.Success.class);
    }

    @Test
    void aTransactionTooLargeToKeepFailsWithLeaderSwitchWhenItsLeaderDies() throws Exception {
        assertThat(queryAfterTheLeaderDiedBetweenQueries(Map.of("large", "x".repeat(300_000))))
                .isInstanceOfSatisfying(Response.Failure.class,
                        f -> assertThat(f.code()).isEqualTo(Messages.LEADER_SWITCH));
    }

    @Test
    void aReadWhoseLeaderDiesMidStreamGoesOnOnTheNewLeader() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        assertThat(client.run("rows 5", Map.of(), Map.of("mode", "r"))).isInstanceOf(Response.Success.class);
        assertThat(client.pull(2, -1)).hasSize(3).last().isInstanceOfSatisfying(Response.Success.class,
                s -> assertThat(s.metadata()).containsEntry("has_more", true));
        b.hello = Map.of("role", "leader", "term", 2L);
        a.close();
        List<Response> rest = client.pull(-1, -1);
        assertThat(rest).hasSize(4).last().isInstanceOf(Response.Success.class);
        assertThat(rest.subList(0, 3)).extracting(r -> ((Response.RecordMessage) r).values().get(0))
                .containsExactly(3L, 4L, 5L);
    }

    @Test
    void anAutoCommitWriteWhoseServerIsLostBeforeItsPullGoesOnOnTheNewLeader() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        assertThat(client.run("rows 3", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        b.hello = Map.of("role", "leader", "term", 2L);
        a.close();
        // its write never committed (no PULL reached A): its RUN is run again on B, and the PULL follows
        assertThat(client.pull(-1, -1)).hasSize(4).last().isInstanceOfSatisfying(Response.Success.class,
                s -> assertThat(s.metadata()).containsEntry("bookmark", "bm-1"));
        assertThat(a.committed).isEmpty();
        assertThat(b.committed).as("committed on B, once").hasSize(1);
        assertThat(metrics()).contains("memgraph_ha_proxy_leader_known 1",
                "memgraph_ha_proxy_leader{address=\"" + b.address() + "\"} 1",
                "memgraph_ha_proxy_transactions_rerun_total 1",
                "memgraph_ha_proxy_rerun_checks_total{result=\"same\"} 1");
    }

    @Test
    void anAutoCommitWriteFencedAsNeverCommittedIsRunAgainOnTheNewLeaderAndCommittedThere() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        assertThat(client.run("rows 0", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        List<Response> answer = whileTheLeaderDies(a, b, () -> client.pull(-1, -1));
        assertThat(answer).singleElement().isInstanceOfSatisfying(Response.Success.class,
                s -> assertThat(s.metadata()).containsEntry("bookmark", "bm-1"));
        assertThat(a.committed).isEmpty();
        assertThat(b.committed).as("committed on B, once, under a new id").hasSize(1);
        assertThat(b.committed.get(0)).isInstanceOf(String.class);
        assertThat(metrics()).contains("memgraph_ha_proxy_commits_resolved_total{outcome=\"not_committed\"} 1",
                "memgraph_ha_proxy_commits_resolved_total{outcome=\"committed\"} 0",
                "memgraph_ha_proxy_transactions_rerun_total 1",
                "memgraph_ha_proxy_rerun_checks_total{result=\"same\"} 1",
                "memgraph_ha_proxy_client_connections_total 1", "memgraph_ha_proxy_backend_connections_total 2")
                .noneMatch(l -> l.startsWith("memgraph_ha_proxy_failures_total"));
        // one leader change, one search for the next, and one write that took the 200 ms of A's death and more
        assertThat(metrics()).contains("memgraph_ha_proxy_leader_changes_total 1",
                "memgraph_ha_proxy_leader_search_seconds_count 1",
                "memgraph_ha_proxy_transaction_seconds_count{type=\"auto_commit\",mode=\"write\"} 1",
                "memgraph_ha_proxy_transaction_seconds_bucket{type=\"auto_commit\",mode=\"write\",le=\"0.1\"} 0",
                "memgraph_ha_proxy_transaction_seconds_count{type=\"auto_commit\",mode=\"read\"} 0",
                "memgraph_ha_proxy_transaction_seconds_count{type=\"explicit\",mode=\"write\"} 0");
    }

    @Test
    void anAutoCommitWriteFencedAsNeverCommittedFailsWithLeaderSwitchWhenTheNewLeaderAnswersOtherwise()
            throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        b.column = "m";
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        assertThat(client.run("rows 0", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        List<Response> answer = whileTheLeaderDies(a, b, () -> client.pull(-1, -1));
        assertThat(answer).singleElement().isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.code()).isEqualTo(Messages.LEADER_SWITCH));
        assertThat(b.committed).as("nothing committed on B").isEmpty();
        assertThat(metrics()).contains("memgraph_ha_proxy_rerun_checks_total{result=\"different\"} 1",
                "memgraph_ha_proxy_failures_total{code=\"" + Messages.LEADER_SWITCH + "\"} 1");
    }

    @Test
    void anAutoCommitWriteFencedAsNeverCommittedAfterItsRecordsWereForwardedFailsWithLeaderSwitch()
            throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        // A server sends a PULL's records in slices of about 128 KiB, the last with the summary: the
        // client gets most of these records before A hangs committing. Run again, B's PULL would
        // commit before they could be checked.
        int rows = 100_000;
        assertThat(client.run("rows " + rows, Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        List<Response> answer = whileTheLeaderDies(a, b, () -> client.pull(-1, -1));
        assertThat(answer).last().isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.code()).isEqualTo(Messages.LEADER_SWITCH));
        assertThat(answer.size() - 1).as("records the client got, from A alone").isBetween(1, rows - 1);
        assertThat(b.committed).as("nothing committed on B").isEmpty();
    }

    /** The answers to a PULL that A, stopping, refused to commit (nothing written); B leads by then. */
    private static List<Response> pullRefusedByAStoppingLeader(FakeServer a, FakeServer b,
            BoltClientConnection client, String query) throws Exception {
        assertThat(client.run(query, Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        a.refusesCommits = true;
        a.hello = Map.of("role", "follower", "term", 2L);
        b.hello = Map.of("role", "leader", "term", 2L);
        return client.pull(-1, -1);
    }

    @Test
    void anAutoCommitWriteRefusedAtItsCommitWithNothingWrittenIsRunAgainOnTheLeader() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        List<Response> answer = pullRefusedByAStoppingLeader(a, b, client, "rows 0");
        // without the rule the client gets A's DatabaseUnavailable, which no driver retries for an
        // auto-commit query
        assertThat(answer).singleElement().isInstanceOfSatisfying(Response.Success.class,
                s -> assertThat(s.metadata()).containsEntry("bookmark", "bm-1"));
        assertThat(a.committed).isEmpty();
        assertThat(b.committed).as("committed on B, once").hasSize(1);
    }

    @Test
    void aQueryThatCommitsInBatchesIsNotRunAgainAfterItsCommitWasRefused() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        // its batches before the last commit on their own: run again, they would be written twice
        List<Response> answer = pullRefusedByAStoppingLeader(a, b, client, "rows 0 IN TRANSACTIONS");
        assertThat(answer).singleElement().isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.code()).isEqualTo(Messages.UNAVAILABLE));
        assertThat(b.committed).as("not run on B").isEmpty();
    }

    @Test
    void aQueryThatCommitsInBatchesFencedAsNeverCommittedGetsOutcomeUnknownNotARunAgain() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        assertThat(client.run("rows 0 in transactions of 10 rows", Map.of(), Map.of()))
                .isInstanceOf(Response.Success.class);
        List<Response> answer = whileTheLeaderDies(a, b, () -> client.pull(-1, -1));
        assertThat(answer).singleElement().isInstanceOfSatisfying(Response.Failure.class, f -> {
            assertThat(f.code()).isEqualTo(Messages.OUTCOME_UNKNOWN);
            assertThat(f.message()).contains("batches before it may have been");
        });
        assertThat(b.committed).as("not run on B").isEmpty();
    }

    @Test
    void anAutoCommitWriteRefusedAtItsRunByALeaderNotReadyIsSentAgain() throws Exception {
        sentAgainAfterItsRunWasRefused("rows 1");
    }

    @Test
    void aQueryThatCommitsInBatchesRefusedAtItsRunIsSentAgain() throws Exception {
        // a refused RUN ran nothing, so no batch of it committed: sending it again writes it once
        sentAgainAfterItsRunWasRefused("rows 1 IN TRANSACTIONS");
    }

    /** Runs {@code query} (one row) when A refuses its first RUN as a leader not ready yet. */
    private void sentAgainAfterItsRunWasRefused(String query) throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        a.refusedRuns.set(1);
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        assertThat(client.run(query, Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        assertThat(client.pull(-1, -1)).hasSize(2).last().isInstanceOf(Response.Success.class);
        assertThat(a.refusedRuns).hasValue(0);
        assertThat(a.committed).as("committed on A, once, when it was ready").hasSize(1);
        assertThat(metrics()).contains("memgraph_ha_proxy_requests_resent_total{reason=\"refused\"} 1",
                "memgraph_ha_proxy_transactions_rerun_total 0");
    }

    @Test
    void anAutoCommitWriteThatCommittedBeforeItsRunWasAnsweredGetsItsAnswerWhenItHasNoFields() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        List<Response> answer = answersOfAWriteThatCommittedBeforeItsRunWasAnswered(a, b, "create");
        assertThat(answer.get(0)).isInstanceOfSatisfying(Response.Success.class,
                s -> assertThat(s.metadata()).containsEntry("fields", List.of()));
        assertThat(answer.get(1)).isInstanceOfSatisfying(Response.Success.class,
                s -> assertThat(s.metadata()).containsEntry("bookmark", "bm-fenced").containsEntry("type", "w")
                        .as("named as a server's summary names it").containsEntry("db", "memgraph"));
        assertThat(a.committed).hasSize(1);
        assertThat(b.committed).as("not committed again").isEmpty();
        assertThat(b.untagged).as("B was asked for the fields, in a transaction").containsExactly("create");
    }

    @Test
    void theAnswerOfAResolvedAutoCommitWriteNamesTheDatabaseItsRunNamed() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        List<Response> answer = answersOfAWriteThatCommittedBeforeItsRunWasAnswered(a, b, "create",
                Map.of("db", "neo4j"));
        assertThat(answer.get(1)).isInstanceOfSatisfying(Response.Success.class,
                s -> assertThat(s.metadata()).containsEntry("db", "neo4j").containsEntry("type", "w"));
        assertThat(b.committed).as("not committed again").isEmpty();
    }

    @Test
    void anAutoCommitWriteThatCommittedBeforeItsRunWasAnsweredGetsOutcomeUnknownWhenItHasFields() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        // its records never reached the proxy: it cannot answer them
        List<Response> answer = answersOfAWriteThatCommittedBeforeItsRunWasAnswered(a, b, "rows 2");
        assertThat(answer.get(0)).isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.code()).isEqualTo(Messages.OUTCOME_UNKNOWN));
        assertThat(answer.get(1)).isInstanceOf(Response.Ignored.class);
        assertThat(b.committed).as("not committed again").isEmpty();
        assertThat(b.untagged).containsExactly("rows 2");
    }

    /**
     * The answers to an auto-commit RUN of {@code query} and its PULL, sent together as drivers
     * do, when A commits it and dies before answering, and B then leads.
     */
    private List<Response> answersOfAWriteThatCommittedBeforeItsRunWasAnswered(FakeServer a, FakeServer b,
            String query) throws Exception {
        return answersOfAWriteThatCommittedBeforeItsRunWasAnswered(a, b, query, Map.of());
    }

    /** As above, with {@code extra} in the RUN (its database, say). */
    private List<Response> answersOfAWriteThatCommittedBeforeItsRunWasAnswered(FakeServer a, FakeServer b,
            String query, Map<String, Object> extra) throws Exception {
        a.commitsThenHang = true;
        b.replicatedFrom = a.committed;
        BoltClientConnection client = clientOfAProxyOverAAndB(a, b);
        List<Response> answers = whileTheLeaderDies(a, b, () -> {
            client.send(new Request.Run(query, Map.of(), extra), new Request.Pull(-1, -1));
            List<Response> received = new ArrayList<>();
            received.add(client.receive());
            received.addAll(client.untilSummary());
            return received;
        });
        assertThat(answers).hasSize(2);
        if (answers.get(0) instanceof Response.Failure) {
            assertThat(client.reset()).as("the RESET after a failure").isInstanceOf(Response.Success.class);
        }
        return answers;
    }

    private FakeServer server() {
        return opened(new FakeServer());
    }

    @Test
    void aCommitFencedAsNeverCommittedIsRunAgainOnTheNewLeaderAndCommittedThere() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        Response answer = commitWhileTheLeaderDies(a, b);
        assertThat(answer).isInstanceOfSatisfying(Response.Success.class,
                s -> assertThat(s.metadata()).containsEntry("bookmark", "bm-1"));
        assertThat(a.committed).isEmpty();
        assertThat(b.committed).as("committed on B, once, under a new id").hasSize(1);
        assertThat(b.committed.get(0)).isInstanceOf(String.class);
    }

    @Test
    void aCommitFencedAsNeverCommittedFailsWithLeaderSwitchWhenTheNewLeaderAnswersOtherwise() throws Exception {
        FakeServer a = server();
        FakeServer b = server();
        b.extraRows = 1; // "rows 3" on B: four rows
        Response answer = commitWhileTheLeaderDies(a, b);
        assertThat(answer).isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.code()).isEqualTo(Messages.LEADER_SWITCH));
        assertThat(a.committed).isEmpty();
        assertThat(b.committed).as("nothing committed on B").isEmpty();
    }
}

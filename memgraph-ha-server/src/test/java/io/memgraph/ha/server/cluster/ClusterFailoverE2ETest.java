package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover of a three-server cluster of real processes ({@link ClusterHarness}) under {@code kill -9}:
 * no acknowledged write is lost and none is applied twice while eight writers retry through a leader
 * kill with {@code ha_tx_id}; a routing ({@code neo4j://}) driver's {@code executeWrite} keeps working
 * across a leader kill; with two of three servers down no write is acknowledged (and the refusals come
 * in bounded time); a commit retried with the same {@code ha_tx_id} on the next leader is answered with
 * the first commit's bookmark and applied once, and a resolve fence there answers the outcome.
 *
 * <p>Timing bounds carry a generous slack ({@link #SLACK}): the tests share two cores with three server
 * JVMs and other test runs. Measured times are logged at INFO. Every wait is bounded.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class ClusterFailoverE2ETest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverE2ETest.class);
    private static final String NOT_A_LEADER = "Neo.ClientError.Cluster.NotALeader";
    private static final String REPLICATION_TIMEOUT = "Neo.TransientError.Cluster.ReplicationTimeout";
    private static final String DATABASE_UNAVAILABLE = "Neo.TransientError.General.DatabaseUnavailable";
    private static final String HA_TX_ID = "ha_tx_id";
    private static final String NOT_COMMITTED = "Neo.TransientError.Transaction.NotCommitted";
    private static final String BOOKMARK_PREFIX = "memgraph-ha:";
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();
    /** Added to every timing bound: two shared cores, three server JVMs and other test runs. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    /** Runs single driver calls so that a server that never answers fails the test instead of hanging it. */
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "failover-test-call");
        t.setDaemon(true);
        return t;
    });

    // ---------------------------------------------------------------------------------------------
    // 1. Eight writers, leader killed: nothing acknowledged is lost, nothing is applied twice.
    // ---------------------------------------------------------------------------------------------

    private static final int WRITERS = 8;
    /** Upper bound of operations per writer (the writers normally stop on time first). */
    private static final int MAX_OPS_PER_WRITER = 20_000;
    /** How long one (writer, seq) is retried before it is recorded as unknown. */
    private static final Duration PER_OP_DEADLINE = Duration.ofSeconds(20);

    /**
     * Eight writers each retry one {@code (writer, seq)} with one {@code ha_tx_id} until it is acknowledged
     * (or 20 s pass: unknown) while the leader is killed; after the old leader has restarted and caught up,
     * every server has every acknowledged write exactly once, nothing twice, and the same state hash.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killingTheLeaderUnderEightWritersLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.FAST, dir)) {
            int first = cluster.awaitLeader(Duration.ofSeconds(30));
            warmUp(cluster);

            FailoverWorkload load = new FailoverWorkload(cluster, first);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS, r -> {
                Thread t = new Thread(r, "failover-writer");
                t.setDaemon(true);
                return t;
            });
            int oldLeader;
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> load.runWriter(writer)));
                }
                // At least 2 s of writing and some acknowledged writes (a loaded machine may need longer).
                long writingSince = System.nanoTime();
                long flowDeadline = writingSince + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() - writingSince < Duration.ofSeconds(2).toNanos() || load.acked.size() < 40) {
                    if (System.nanoTime() - flowDeadline > 0) {
                        fail("only " + load.acked.size() + " writes acknowledged in 60 s; failures: "
                                + new TreeMap<>(load.failures));
                    }
                    Thread.sleep(50);
                }
                int ackedBeforeKill = load.acked.size();

                // The leader now (elections may have happened on this loaded machine since the start).
                oldLeader = cluster.awaitLeader(Duration.ofSeconds(10));
                long oldTerm = asLong(cluster.raftInfo(oldLeader, Duration.ofSeconds(5)).get("term_id"));
                LOG.info("Killing the leader, server {} of term {}, after {} acknowledged writes in {} ms", oldLeader,
                        oldTerm, ackedBeforeKill, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writingSince));
                long killStart = System.nanoTime();
                load.killed(oldLeader, killStart);
                cluster.server(oldLeader).kill9();
                long killReturned = System.nanoTime();
                int newLeader = -1;
                long newTerm = -1;
                long electedAt = -1;
                long electionDeadline = killStart + Duration.ofSeconds(30).toNanos();
                while (newLeader < 0) {
                    for (ClusterServer s : cluster.servers()) {
                        if (!s.isRunning()) {
                            continue;
                        }
                        try {
                            Map<String, Object> info = cluster.raftInfo(s.id(), Duration.ofSeconds(2));
                            long term = asLong(info.get("term_id"));
                            if (isTrue(info.get("is_leader")) && term > oldTerm) {
                                electedAt = System.nanoTime();
                                newLeader = s.id();
                                newTerm = term;
                                break;
                            }
                        } catch (RuntimeException e) {
                            LOG.debug("SHOW RAFT INFO on server {}: {}", s.id(), e.toString());
                        }
                    }
                    if (newLeader < 0) {
                        if (System.nanoTime() - electionDeadline > 0) {
                            fail("no new leader within 30 s of killing server " + oldLeader);
                        }
                        Thread.sleep(20);
                    }
                }
                long electionMs = TimeUnit.NANOSECONDS.toMillis(electedAt - killStart);
                long electionBoundMs = RaftTiming.FAST.electionTimeoutMax() + 1_000 + SLACK.toMillis();
                LOG.info("Failover: server {} was killed (kill -9 took {} ms); server {} reported leadership of term {}"
                        + " {} ms after the kill (bound {} ms)", oldLeader,
                        TimeUnit.NANOSECONDS.toMillis(killReturned - killStart), newLeader, newTerm, electionMs,
                        electionBoundMs);
                assertThat(electionMs).as("ms from kill -9 of the leader to a leader of a higher term")
                        .isLessThan(electionBoundMs);

                Thread.sleep(3_000);
                load.stop.set(true);
                long joinDeadline = System.nanoTime() + PER_OP_DEADLINE.plusSeconds(20).toNanos();
                for (Future<?> f : writers) {
                    long left = Math.max(1, joinDeadline - System.nanoTime());
                    try {
                        f.get(left, TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        fail("a writer did not finish within " + PER_OP_DEADLINE.plusSeconds(20)
                                + " after the stop (a hung commit?); writers are at " + load.current);
                    }
                }
                long firstAckMs = load.firstAckAfterKillNanos.get() < 0 ? -1
                        : TimeUnit.NANOSECONDS.toMillis(load.firstAckAfterKillNanos.get() - killStart);
                LOG.info("Writers: {} operations, {} acknowledged ({} before the kill), {} acknowledged only after a"
                        + " retry, {} unknown; first write acknowledged by another server {} ms after the kill;"
                        + " failures seen: {}", load.attempted.size(), load.acked.size(), ackedBeforeKill,
                        load.ackedAfterRetry.get(), load.unknown.size(), firstAckMs, new TreeMap<>(load.failures));
                assertThat(load.firstAckAfterKillNanos.get())
                        .as("some write was acknowledged by a server other than the killed leader").isPositive();
            } finally {
                load.abort.set(true);
                pool.shutdownNow();
            }

            cluster.server(oldLeader).start();
            long applied = awaitSameAppliedIndex(cluster, Duration.ofSeconds(60));
            LOG.info("All three servers applied index {} after server {} restarted", applied, oldLeader);

            List<Bookmark> bookmarks = load.maxBookmark().map(List::of).orElse(List.of());
            Map<Integer, Map<String, Integer>> perServer = new LinkedHashMap<>();
            for (ClusterServer s : cluster.servers()) {
                Map<String, Integer> counts = bounded(Duration.ofSeconds(30), "reading :W on server " + s.id(),
                        () -> writeCounts(cluster, s.id(), bookmarks));
                perServer.put(s.id(), counts);
                Map<String, Integer> duplicates = new TreeMap<>();
                counts.forEach((k, c) -> {
                    if (c != 1) {
                        duplicates.put(k, c);
                    }
                });
                assertThat(duplicates).as("(writer, seq) present more than once on server %d", s.id()).isEmpty();
                Set<String> missing = new TreeSet<>(load.acked.keySet());
                missing.removeAll(counts.keySet());
                assertThat(missing).as("acknowledged (writer, seq) missing on server %d", s.id()).isEmpty();
                Set<String> neverSent = new TreeSet<>(counts.keySet());
                neverSent.removeAll(load.attempted);
                assertThat(neverSent).as("(writer, seq) on server %d that no writer sent", s.id()).isEmpty();
                Set<String> unknownPresent = new TreeSet<>(load.unknown);
                unknownPresent.retainAll(counts.keySet());
                LOG.info("Server {}: {} :W nodes, all distinct; {} of {} unknown operations present", s.id(),
                        counts.size(), unknownPresent.size(), load.unknown.size());
            }
            assertThat(perServer.get(2).keySet()).as("server 2's (writer, seq) vs server 1's")
                    .isEqualTo(perServer.get(1).keySet());
            assertThat(perServer.get(3).keySet()).as("server 3's (writer, seq) vs server 1's")
                    .isEqualTo(perServer.get(1).keySet());

            assertSameStateHash(cluster);
        }
    }

    /**
     * The shared state of the eight writers of {@link #killingTheLeaderUnderEightWritersLosesNoAcknowledgedWrite}.
     * Keys are {@code "<writer>-<seq>"}; the {@code ha_tx_id} of a key is {@code "w<writer>-<seq>"}, the
     * same for every attempt.
     */
    private static final class FailoverWorkload {
        final ClusterHarness cluster;
        final AtomicBoolean stop = new AtomicBoolean();
        final Set<String> attempted = ConcurrentHashMap.newKeySet();
        /** Acknowledged key to its bookmark. */
        final Map<String, String> acked = new ConcurrentHashMap<>();
        final Set<String> unknown = ConcurrentHashMap.newKeySet();
        final AtomicInteger ackedAfterRetry = new AtomicInteger();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        /** Writer to "key, attempt n on server s since t" for the report of a hang. */
        final Map<Integer, String> current = new ConcurrentHashMap<>();
        /** Set when the test ends: writers give up at once. */
        final AtomicBoolean abort = new AtomicBoolean();
        final AtomicLong firstAckAfterKillNanos = new AtomicLong(-1);
        private volatile int killed = -1;
        private volatile long killedAtNanos;
        private int leaderHint;

        FailoverWorkload(ClusterHarness cluster, int leader) {
            this.cluster = cluster;
            this.leaderHint = leader;
        }

        /** Records that server {@code id} is killed at {@code nanos} ({@link System#nanoTime()}). */
        void killed(int id, long nanos) {
            killedAtNanos = nanos;
            killed = id;
        }

        void runWriter(int w) {
            for (int seq = 0; seq < MAX_OPS_PER_WRITER && !stop.get(); seq++) {
                String key = w + "-" + seq;
                TransactionConfig config = txId("w" + key);
                Map<String, Object> params = Map.of("w", w, "s", seq);
                attempted.add(key);
                long deadline = System.nanoTime() + PER_OP_DEADLINE.toNanos();
                for (int attempt = 1; ; attempt++) {
                    if (abort.get() || Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    int target = leader();
                    current.put(w, key + ", attempt " + attempt + " on server " + target + " since "
                            + System.currentTimeMillis());
                    try (Session s = cluster.driver(target).session(WRITE)) {
                        s.run("CREATE (:W {writer: $w, seq: $s})", params, config).consume();
                        acked.put(key, bookmarkValue(s.lastBookmarks()));
                        if (attempt > 1) {
                            ackedAfterRetry.incrementAndGet();
                        }
                        long now = System.nanoTime();
                        if (killed > 0 && target != killed && now - killedAtNanos > 0) {
                            firstAckAfterKillNanos.compareAndSet(-1, now);
                        }
                        break;
                    } catch (RuntimeException e) {
                        failures.merge(codeOf(e), 1, Integer::sum);
                        if (System.nanoTime() - deadline > 0) {
                            LOG.warn("Writer {}: {} unknown after {} attempts; last failure: {}", w, key, attempt,
                                    e.toString());
                            unknown.add(key);
                            break;
                        }
                        leaderAfterFailureOn(target);
                        if (!pause(50)) {
                            return;
                        }
                    }
                }
            }
            current.put(w, "done");
        }

        private synchronized int leader() {
            return leaderHint;
        }

        /**
         * After a failure on {@code server}: when no other writer has found another leader meanwhile,
         * asks the running servers (at most 2 s) and remembers the one that says it leads.
         */
        private synchronized void leaderAfterFailureOn(int server) {
            if (leaderHint != server) {
                return;
            }
            try {
                leaderHint = cluster.awaitLeader(Duration.ofSeconds(2));
            } catch (AssertionError e) {
                LOG.debug("No leader yet: {}", e.getMessage());
            }
        }

        /** The acknowledged bookmark with the highest log index. */
        Optional<Bookmark> maxBookmark() {
            return acked.values().stream().max(Comparator.comparingLong(ClusterFailoverE2ETest::bookmarkIndex))
                    .map(Bookmark::from);
        }
    }

    /**
     * One write through the leader, retried (same {@code ha_tx_id}) for at most 60 s: the servers' write
     * path is loaded and compiled, and a leader takes writes, before the measured part starts.
     */
    private static void warmUp(ClusterHarness cluster) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                int leader = cluster.awaitLeader(Duration.ofSeconds(10));
                bounded(Duration.ofSeconds(30), "the warm-up write", () -> {
                    try (Session s = cluster.driver(leader).session(WRITE)) {
                        s.run("CREATE (:Warm)", txId("warm-up")).consume();
                        return null;
                    }
                });
                return;
            } catch (RuntimeException | AssertionError e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("no write succeeded within 60 s of the start", e);
                }
                LOG.info("Warm-up write failed, retrying: {}", e.toString());
                Thread.sleep(200);
            }
        }
    }

    /** Server {@code id}'s {@code "<writer>-<seq>"} of every {@code :W} node, with how often it occurs. */
    private static Map<String, Integer> writeCounts(ClusterHarness cluster, int id, List<Bookmark> bookmarks) {
        SessionConfig config = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).withBookmarks(bookmarks)
                .build();
        try (Session s = cluster.driver(id).session(config)) {
            Map<String, Integer> counts = new HashMap<>();
            for (Record r : s.run("MATCH (n:W) RETURN n.writer AS w, n.seq AS s").list()) {
                counts.merge(r.get("w").asLong() + "-" + r.get("s").asLong(), 1, Integer::sum);
            }
            return counts;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 2. A routing driver keeps executeWrite working across a leader kill.
    // ---------------------------------------------------------------------------------------------

    /**
     * A {@code neo4j://} driver that starts from a follower keeps every {@code executeWrite} succeeding
     * (its own retries) while the leader is killed; each write is there exactly once afterwards.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void neo4jSchemeDriverKeepsExecuteWriteWorkingAcrossALeaderKill(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.FAST, dir)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            int follower = cluster.servers().stream().mapToInt(ClusterServer::id).filter(id -> id != leader)
                    .findFirst().orElseThrow();
            String uri = "neo4j://" + cluster.server(follower).boltAddress();
            LOG.info("Leader: server {}; the routing driver starts from follower {} ({})", leader, follower, uri);

            // The driver knows only the follower's address: it finds the leader (and, after the kill, the
            // next one) through ROUTE answers alone, which name every server since the servers exchange
            // their Bolt addresses in the Raft handshake. No address resolver.
            Config config = Config.builder()
                    .withoutEncryption()
                    .withLogging(Logging.slf4j())
                    .withConnectionTimeout(5, TimeUnit.SECONDS)
                    .withConnectionAcquisitionTimeout(10, TimeUnit.SECONDS)
                    .withMaxTransactionRetryTime(40, TimeUnit.SECONDS)
                    .build();
            List<Bookmark> bookmarks;
            int written = 0;
            long longestMs = 0;
            int longestAt = -1;
            int killedAfter = -1;
            try (Driver driver = GraphDatabase.driver(uri, AuthTokens.none(), config);
                    Session session = driver.session()) {
                long start = System.nanoTime();
                long killedAt = -1;
                long loopDeadline = start + Duration.ofSeconds(120).toNanos();
                while (true) {
                    long now = System.nanoTime();
                    if (killedAt < 0 && now - start > Duration.ofSeconds(2).toNanos() && written >= 10) {
                        // The leader now: on this loaded machine it may have changed since the start.
                        int victim = cluster.awaitLeader(Duration.ofSeconds(10));
                        killedAfter = written;
                        cluster.server(victim).kill9();
                        killedAt = System.nanoTime();
                        LOG.info("Killed the leader, server {}, after {} writes", victim, written);
                    }
                    if (killedAt > 0 && now - killedAt > Duration.ofSeconds(4).toNanos()
                            && written - killedAfter >= 10) {
                        break;
                    }
                    if (now - loopDeadline > 0) {
                        fail("the write loop did not end within 120 s; " + written + " writes");
                    }
                    int i = written;
                    // executeWrite retries its function after an unknown outcome (e.g. the connection to the
                    // killed leader closed during the commit); the same ha_tx_id on every retry keeps that
                    // from creating the node twice.
                    TransactionConfig txConfig = txId("route-" + i);
                    long t0 = System.nanoTime();
                    bounded(Duration.ofSeconds(60), "executeWrite " + i, () -> session.executeWrite(
                            tx -> tx.run("CREATE (:R {i: $i})", Map.of("i", i)).consume(), txConfig));
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    if (ms > longestMs) {
                        longestMs = ms;
                        longestAt = i;
                    }
                    written++;
                }
                bookmarks = List.copyOf(session.lastBookmarks());
            }
            LOG.info("Routing driver: {} executeWrite calls succeeded ({} before the kill); the longest took {} ms"
                    + " (write {})", written, killedAfter, longestMs, longestAt);

            for (ClusterServer s : cluster.servers()) {
                if (!s.isRunning()) {
                    continue;
                }
                Map<Long, Integer> counts = bounded(Duration.ofSeconds(30), "reading :R on server " + s.id(), () -> {
                    SessionConfig read = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                            .withBookmarks(bookmarks).build();
                    try (Session r = cluster.driver(s.id()).session(read)) {
                        Map<Long, Integer> m = new TreeMap<>();
                        for (Record rec : r.run("MATCH (n:R) RETURN n.i AS i").list()) {
                            m.merge(rec.get("i").asLong(), 1, Integer::sum);
                        }
                        return m;
                    }
                });
                Map<Long, Integer> expected = new TreeMap<>();
                for (long i = 0; i < written; i++) {
                    expected.put(i, 1);
                }
                assertThat(counts).as(":R nodes by i on server %d (each write exactly once)", s.id())
                        .isEqualTo(expected);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 3. Two of three down: nothing is acknowledged; writes work again once a follower is back.
    // ---------------------------------------------------------------------------------------------

    /**
     * With both followers killed, no write on the remaining server is acknowledged, and each is refused
     * within {@code replication_timeout} + 1 s (+ {@link #SLACK}). Seen on this machine: the commit of the
     * transaction that began before the kill gets {@code ReplicationTimeout} after 0.4-0.6 s (the leader
     * steps down by check-quorum before {@code replication_timeout}, leadership lost: outcome unknown); every
     * later write gets {@code NotALeader} at admission within 0.4 s (mostly tens of ms);
     * {@code DatabaseUnavailable} was never seen, but is accepted (leader still confirming leadership).
     * After one follower restarts a write succeeds again, and no write refused before it was proposed exists.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void withTwoOfThreeDownNoWriteIsAcknowledged(@TempDir Path dir) throws Exception {
        RaftTiming timing = new RaftTiming(300, 500, 50, 2000, -1);
        try (ClusterHarness cluster = ClusterHarness.start(3, timing, dir)) {
            cluster.awaitLeader(Duration.ofSeconds(30));
            retryOnLeader(cluster, -1, "the write before the kill", id -> {
                try (Session s = cluster.driver(id).session(WRITE)) {
                    s.run("CREATE (:Before)", txId("before")).consume();
                    return bookmarkValue(s.lastBookmarks());
                }
            });
            long boundMs = timing.replicationTimeout() + 1_000 + SLACK.toMillis();
            Map<Integer, String> outcomes = new LinkedHashMap<>();
            Map<Integer, Long> millis = new LinkedHashMap<>();
            // Attempt 0 begins (and runs its CREATE) on the leader while the followers are up, and commits
            // after they died.
            FailoverPendingWrite pending = FailoverPendingWrite.begin(cluster);
            int leader = pending.server();
            List<Integer> followers = cluster.servers().stream().map(ClusterServer::id).filter(id -> id != leader)
                    .toList();
            try {
                for (int f : followers) {
                    cluster.server(f).kill9();
                }
                LOG.info("Killed followers {}; writing to the old leader, server {}", followers, leader);
                long t0 = System.nanoTime();
                String outcome = bounded(Duration.ofSeconds(30), "the commit of attempt 0", pending::commit);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                outcomes.put(0, outcome);
                millis.put(0, ms);
                LOG.info("Write attempt 0 (commit of a transaction begun before the kill) on server {}: {} after {} ms",
                        leader, outcome, ms);
            } finally {
                pending.close();
            }
            for (int i = 1; i <= 8; i++) {
                int attempt = i;
                boolean explicit = i % 2 == 0;
                long t0 = System.nanoTime();
                String outcome = bounded(Duration.ofSeconds(30), "write attempt " + i,
                        () -> attemptRejectedWrite(cluster, leader, attempt, explicit));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                outcomes.put(i, outcome);
                millis.put(i, ms);
                LOG.info("Write attempt {} ({}) on server {} with both followers down: {} after {} ms", i,
                        explicit ? "explicit transaction" : "auto-commit", leader, outcome, ms);
                if (i == 4) {
                    Thread.sleep(1_000);
                }
            }
            LOG.info("With two of three down: outcomes {}, times in ms {} (bound {} ms)", outcomes, millis, boundMs);
            for (int i : outcomes.keySet()) {
                assertThat(outcomes.get(i)).as("outcome of write attempt %d with two of three servers down", i)
                        .isIn(NOT_A_LEADER, REPLICATION_TIMEOUT, DATABASE_UNAVAILABLE);
                assertThat(millis.get(i)).as("ms until write attempt %d was refused", i).isLessThan(boundMs);
            }

            int back = followers.get(0);
            cluster.server(back).start();
            long restarted = System.nanoTime();
            long deadline = restarted + Duration.ofSeconds(60).toNanos();
            List<Bookmark> bookmarks = null;
            int writer = -1;
            String lastFailure = "";
            while (bookmarks == null) {
                if (System.nanoTime() - deadline > 0) {
                    fail("no write succeeded within 60 s of restarting server " + back + "; last failure: "
                            + lastFailure);
                }
                try {
                    int target = cluster.awaitLeader(Duration.ofSeconds(10));
                    bookmarks = bounded(Duration.ofSeconds(30), "the write after the restart", () -> {
                        try (Session s = cluster.driver(target).session(WRITE)) {
                            s.run("CREATE (:After)", txId("after-restart")).consume();
                            return List.copyOf(s.lastBookmarks());
                        }
                    });
                    writer = target;
                } catch (RuntimeException | AssertionError e) {
                    lastFailure = e.toString();
                    Thread.sleep(200);
                }
            }
            LOG.info("Server {} restarted; a write succeeded on server {} after {} ms", back, writer,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));

            int reader = writer;
            List<Bookmark> readAfter = bookmarks;
            Set<Long> present = bounded(Duration.ofSeconds(30), "reading :Rejected", () -> {
                SessionConfig read = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                        .withBookmarks(readAfter).build();
                try (Session s = cluster.driver(reader).session(read)) {
                    Set<Long> is = new TreeSet<>();
                    for (Record r : s.run("MATCH (n:Rejected) RETURN n.i AS i").list()) {
                        is.add(r.get("i").asLong());
                    }
                    return is;
                }
            });
            LOG.info(":Rejected nodes present after the restart: {}", present);
            for (int i : outcomes.keySet()) {
                String outcome = outcomes.get(i);
                // NotALeader and DatabaseUnavailable come before anything is proposed (at admission; for
                // attempt 0 at its commit, when the server no longer leads the transaction's term). A
                // ReplicationTimeout write was proposed and may or may not have committed: not asserted.
                if (!outcome.equals(REPLICATION_TIMEOUT)) {
                    assertThat(present).as("attempt %d was refused with %s before running", i, outcome)
                            .doesNotContain((long) i);
                }
            }
            assertThat(cluster.countNodes(reader, "Before", readAfter)).isEqualTo(1L);
            assertThat(cluster.countNodes(reader, "After", readAfter)).isEqualTo(1L);
        }
    }

    /**
     * Attempt 0 of {@link #withTwoOfThreeDownNoWriteIsAcknowledged}: an explicit transaction that ran
     * {@code CREATE (:Rejected {i: 0})} on the leader and is not committed yet.
     */
    private static final class FailoverPendingWrite implements AutoCloseable {
        private final int server;
        private final Session session;
        private final Transaction tx;

        private FailoverPendingWrite(int server, Session session, Transaction tx) {
            this.server = server;
            this.session = session;
            this.tx = tx;
        }

        /** Begins it on the current leader, again on the next one after a failure, for at most 60 s. */
        static FailoverPendingWrite begin(ClusterHarness cluster) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                Session session = null;
                try {
                    int leader = cluster.awaitLeader(Duration.ofSeconds(10));
                    Session s = cluster.driver(leader).session(WRITE);
                    session = s;
                    Transaction tx = bounded(Duration.ofSeconds(30), "beginning attempt 0", () -> {
                        Transaction t = s.beginTransaction();
                        t.run("CREATE (:Rejected {i: $i})", Map.of("i", 0)).consume();
                        return t;
                    });
                    return new FailoverPendingWrite(leader, s, tx);
                } catch (RuntimeException | AssertionError e) {
                    if (session != null) {
                        session.close();
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("could not begin a write transaction on a leader within 60 s", e);
                    }
                    LOG.info("Beginning attempt 0 failed, retrying: {}", e.toString());
                    Thread.sleep(200);
                }
            }
        }

        int server() {
            return server;
        }

        /** Commits: {@code "ACKNOWLEDGED"}, or the failure's Neo4j status code (or class name). */
        String commit() {
            try {
                tx.commit();
                return "ACKNOWLEDGED";
            } catch (RuntimeException e) {
                LOG.info("Write attempt 0 failed: {}", e.toString());
                return codeOf(e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the session of attempt 0: {}", e.toString());
            }
        }
    }

    /**
     * One {@code CREATE (:Rejected {i: i})} on server {@code id}, auto-commit or in an explicit
     * transaction: {@code "ACKNOWLEDGED"}, or the failure's Neo4j status code (or class name).
     */
    private static String attemptRejectedWrite(ClusterHarness cluster, int id, int i, boolean explicit) {
        try (Session s = cluster.driver(id).session(WRITE)) {
            if (explicit) {
                try (Transaction tx = s.beginTransaction()) {
                    tx.run("CREATE (:Rejected {i: $i})", Map.of("i", i)).consume();
                    tx.commit();
                }
            } else {
                s.run("CREATE (:Rejected {i: $i})", Map.of("i", i)).consume();
            }
            return "ACKNOWLEDGED";
        } catch (RuntimeException e) {
            LOG.info("Write attempt {} failed: {}", i, e.toString());
            return codeOf(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 4. Exactly-once across a leader kill.
    // ---------------------------------------------------------------------------------------------

    /**
     * An auto-commit and an explicit transaction, each committed with an {@code ha_tx_id}, sent again with
     * the same id to the next leader after a {@code kill -9} of the first: the same bookmarks, applied once.
     * A resolve fence on the next leader answers the explicit transaction's bookmark, and {@code NotCommitted}
     * for an id that never committed, whose commit afterwards is refused the same way.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aCommitRetriedWithTheSameHaTxIdAfterALeaderKillAppliesOnce(@TempDir Path dir) throws Exception {
        try (ClusterHarness cluster = ClusterHarness.start(3, RaftTiming.FAST, dir)) {
            cluster.awaitLeader(Duration.ofSeconds(30));
            String autoCommit = retryOnLeader(cluster, -1, "the first auto-commit", id -> autoCommitOnce(cluster, id));
            String explicit = retryOnLeader(cluster, -1, "the first explicit transaction",
                    id -> explicitOnce(cluster, id));
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            long oldTerm = asLong(cluster.raftInfo(leader, Duration.ofSeconds(5)).get("term_id"));
            LOG.info("First commits: auto-commit {}, explicit {}; the leader is server {} (term {})", autoCommit,
                    explicit, leader, oldTerm);

            cluster.server(leader).kill9();
            long killed = System.nanoTime();
            int next = awaitLeaderAbove(cluster, oldTerm, Duration.ofSeconds(30));
            LOG.info("Server {} leads after the kill of server {} ({} ms)", next, leader,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));

            String autoCommitAgain = retryOnLeader(cluster, oldTerm, "the auto-commit again",
                    id -> autoCommitOnce(cluster, id));
            String explicitAgain = retryOnLeader(cluster, oldTerm, "the explicit transaction again",
                    id -> explicitOnce(cluster, id));
            LOG.info("Retried commits: auto-commit {}, explicit {}", autoCommitAgain, explicitAgain);
            assertThat(autoCommitAgain).as("bookmark of the auto-commit retried with ha_tx_id once-1")
                    .isEqualTo(autoCommit);
            assertThat(explicitAgain).as("bookmark of the explicit transaction retried with ha_tx_id once-2")
                    .isEqualTo(explicit);
            assertThat(retryOnLeader(cluster, oldTerm, "resolving once-2", id -> resolveOnce(cluster, id, "once-2")))
                    .as("resolve fence for once-2").isEqualTo(explicit);
            assertThat(retryOnLeader(cluster, oldTerm, "resolving once-never",
                    id -> resolveOnce(cluster, id, "once-never"))).as("resolve fence for once-never")
                    .isEqualTo(NOT_COMMITTED);
            assertThat(retryOnLeader(cluster, oldTerm, "committing once-never after its fence",
                    id -> fencedCommitOnce(cluster, id))).as("commit of once-never after its fence")
                    .isEqualTo(NOT_COMMITTED);

            List<Bookmark> bookmarks = List.of(Bookmark.from(autoCommit), Bookmark.from(explicit));
            for (ClusterServer s : cluster.servers()) {
                if (!s.isRunning()) {
                    continue;
                }
                assertThat(bounded(Duration.ofSeconds(30), "count :Once", () -> cluster.countNodes(s.id(), "Once",
                        bookmarks))).as(":Once nodes on server %d", s.id()).isEqualTo(1L);
                assertThat(bounded(Duration.ofSeconds(30), "count :OnceTx", () -> cluster.countNodes(s.id(), "OnceTx",
                        bookmarks))).as(":OnceTx nodes on server %d", s.id()).isEqualTo(1L);
                assertThat(bounded(Duration.ofSeconds(30), "count :OnceNever", () -> cluster.countNodes(s.id(),
                        "OnceNever", bookmarks))).as(":OnceNever nodes on server %d", s.id()).isZero();
            }
        }
    }

    /** {@code CREATE (:Once {k: 1})} auto-commit with {@code ha_tx_id} {@code once-1}; its bookmark. */
    private static String autoCommitOnce(ClusterHarness cluster, int id) {
        try (Session s = cluster.driver(id).session(WRITE)) {
            s.run("CREATE (:Once {k: 1})", Map.of(), txId("once-1")).consume();
            return bookmarkValue(s.lastBookmarks());
        }
    }

    /**
     * {@code CREATE (:OnceTx {k: 2})} in an explicit transaction with {@code ha_tx_id} {@code once-2}; its
     * bookmark.
     */
    private static String explicitOnce(ClusterHarness cluster, int id) {
        try (Session s = cluster.driver(id).session(WRITE)) {
            try (Transaction tx = s.beginTransaction(txId("once-2"))) {
                tx.run("CREATE (:OnceTx {k: 2})").consume();
                tx.commit();
            }
            return bookmarkValue(s.lastBookmarks());
        }
    }

    /**
     * A resolve transaction for {@code txId} ({@code ha_tx_resolve}: BEGIN, COMMIT): the bookmark of its
     * commit, or {@code NotCommitted}'s code. Other failures are thrown (to be retried).
     */
    private static String resolveOnce(ClusterHarness cluster, int id, String txId) {
        try (Session s = cluster.driver(id).session(WRITE)) {
            try (Transaction tx = s.beginTransaction(TransactionConfig.builder()
                    .withMetadata(Map.of(HA_TX_ID, txId, "ha_tx_resolve", true)).build())) {
                tx.commit();
            }
            return bookmarkValue(s.lastBookmarks());
        } catch (Neo4jException e) {
            if (NOT_COMMITTED.equals(e.code())) {
                return e.code();
            }
            throw e;
        }
    }

    /** {@code CREATE (:OnceNever)} with the fenced {@code ha_tx_id} {@code once-never}: the failure's code. */
    private static String fencedCommitOnce(ClusterHarness cluster, int id) {
        try (Session s = cluster.driver(id).session(WRITE)) {
            s.run("CREATE (:OnceNever)", Map.of(), txId("once-never")).consume();
            return "ACKNOWLEDGED";
        } catch (Neo4jException e) {
            if (NOT_COMMITTED.equals(e.code())) {
                return e.code();
            }
            throw e;
        }
    }

    /**
     * Runs {@code commit} on the leader of a term above {@code oldTerm} (-1: any leader), again (same
     * {@code ha_tx_id}) after each failure, for at most 30 s. A new leader may refuse at first (not ready
     * yet: {@code DatabaseUnavailable}), and on this loaded machine leadership may move meanwhile.
     */
    private static String retryOnLeader(ClusterHarness cluster, long oldTerm, String what,
            IntFunction<String> commit) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                int id = awaitLeaderAbove(cluster, oldTerm, Duration.ofSeconds(10));
                return bounded(Duration.ofSeconds(30), what, () -> commit.apply(id));
            } catch (RuntimeException | AssertionError e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(what + " did not succeed within 30 s", e);
                }
                LOG.info("{} failed, retrying: {}", what, e.toString());
                Thread.sleep(200);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    /** The id of a running server that says it leads a term above {@code term}. */
    private static int awaitLeaderAbove(ClusterHarness cluster, long term, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, String> last = new TreeMap<>();
        while (true) {
            for (ClusterServer s : cluster.servers()) {
                if (!s.isRunning()) {
                    continue;
                }
                try {
                    Map<String, Object> info = cluster.raftInfo(s.id(), Duration.ofSeconds(2));
                    last.put(s.id(), info.toString());
                    if (isTrue(info.get("is_leader")) && asLong(info.get("term_id")) > term) {
                        return s.id();
                    }
                } catch (RuntimeException e) {
                    last.put(s.id(), e.toString());
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no leader of a term above " + term + " within " + timeout + "; the servers"
                        + " said " + last);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits until every server runs and reports the same {@code applied_index} and {@code commit_index}
     * ({@code SHOW RAFT INFO}), and returns that index.
     */
    private static long awaitSameAppliedIndex(ClusterHarness cluster, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, String> last = new TreeMap<>();
        while (true) {
            Set<Long> applied = new HashSet<>();
            Set<Long> committed = new HashSet<>();
            boolean all = true;
            for (ClusterServer s : cluster.servers()) {
                try {
                    Map<String, Object> info = cluster.raftInfo(s.id(), Duration.ofSeconds(2));
                    applied.add(asLong(info.get("applied_index")));
                    committed.add(asLong(info.get("commit_index")));
                    last.put(s.id(), "applied=" + info.get("applied_index") + " commit=" + info.get("commit_index")
                            + " role=" + info.get("role"));
                } catch (RuntimeException e) {
                    all = false;
                    last.put(s.id(), e.toString());
                }
            }
            if (all && applied.size() == 1 && applied.equals(committed)) {
                return applied.iterator().next();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the servers did not reach the same applied index within " + timeout
                        + "; they said " + last);
            }
            Thread.sleep(100);
        }
    }

    /** {@code SHOW STATE HASH} on every server: the same hash at the same applied index everywhere. */
    private static void assertSameStateHash(ClusterHarness cluster) {
        Map<Integer, Map<String, Object>> hashes = new TreeMap<>();
        for (ClusterServer s : cluster.servers()) {
            hashes.put(s.id(), bounded(Duration.ofSeconds(30), "SHOW STATE HASH on server " + s.id(), () -> {
                try (Session session = cluster.driver(s.id()).session(
                        SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build())) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (Record r : session.run("SHOW STATE HASH").list()) {
                        m.put(r.get("info").asString(), r.get("value").asObject());
                    }
                    return m;
                }
            }));
        }
        LOG.info("SHOW STATE HASH: {}", hashes);
        Map<String, Object> first = hashes.values().iterator().next();
        assertThat(first.get("state_hash")).as("state hash").isInstanceOf(String.class);
        for (Map.Entry<Integer, Map<String, Object>> e : hashes.entrySet()) {
            assertThat(e.getValue()).as("SHOW STATE HASH of server %d vs the others: %s", e.getKey(), hashes)
                    .isEqualTo(first);
        }
    }

    /** A transaction configuration with {@code ha_tx_id} = {@code id} in its metadata. */
    private static TransactionConfig txId(String id) {
        return TransactionConfig.builder().withMetadata(Map.of(HA_TX_ID, id)).build();
    }

    /** The single value of a session's bookmarks, e.g. {@code memgraph-ha:42}. */
    private static String bookmarkValue(Set<Bookmark> bookmarks) {
        assertThat(bookmarks).as("bookmarks after a commit").hasSize(1);
        String value = bookmarks.iterator().next().value();
        assertThat(value).as("bookmark").startsWith(BOOKMARK_PREFIX);
        return value;
    }

    /** The log index of a {@code memgraph-ha:<index>} bookmark. */
    private static long bookmarkIndex(String bookmark) {
        return Long.parseLong(bookmark.substring(BOOKMARK_PREFIX.length()));
    }

    /** The Neo4j status code of a server failure, else the exception's class name. */
    private static String codeOf(Throwable e) {
        if (e instanceof Neo4jException ne && ne.code() != null && ne.code().startsWith("Neo.")) {
            return ne.code();
        }
        return e.getClass().getSimpleName();
    }

    /**
     * Runs {@code call} on another thread and waits at most {@code timeout}: a server that never answers
     * fails the test (as a hang of {@code what}) instead of blocking it. Exceptions of the call are rethrown.
     */
    private static <T> T bounded(Duration timeout, String what, Callable<T> call) {
        Future<T> f = CALLS.submit(call);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(what + " did not complete within " + timeout + " (hang?)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Sleeps; false when interrupted (the interrupt flag is set again). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long asLong(Object v) {
        return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
    }

    private static boolean isTrue(Object v) {
        return v instanceof Boolean b ? b : v != null && v.toString().equalsIgnoreCase("true");
    }
}

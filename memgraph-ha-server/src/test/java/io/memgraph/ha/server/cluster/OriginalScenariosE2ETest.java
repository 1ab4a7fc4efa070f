package io.memgraph.ha.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integration scenarios of the original C++ HA Memgraph ({@code tests/integration/ha/} in
 * memgraph/memgraph: a Python {@code runner.py} per scenario driving {@code memgraph_ha} processes
 * through a C++ {@code tester}), re-done against our server with real processes
 * ({@link ClusterHarness}, {@link ClusterHarness#defaultSize()} servers: 3, or 5 with
 * {@code -Dmemgraph-ha.cluster.size=5}). Each test runs its own cluster under a {@code @TempDir};
 * "a minority" is {@code (n - 1) / 2} servers.
 *
 * <ul>
 *   <li>{@link #basic}: {@code ha/basic/runner.py} (kill a random minority, write through the
 *       leader, bring them back; no acknowledged write is lost). Random choices come from a seed
 *       that is logged and can be set with {@value #SEED_PROPERTY}.</li>
 *   <li>{@link #leaderElection}: {@code ha/leader_election/runner.py} (start a random subset of the
 *       stopped servers: a leader exists if and only if a majority runs; nothing is written).</li>
 *   <li>{@link #termUpdates}: {@code ha/term_updates/runner.py} (a leader without its followers
 *       cannot write; a follower back gives a majority; the leader dies; the old leader returns with
 *       its durability directory wiped and catches up). The original's CREATE reached the lone
 *       leader and hung; it then expected a count of 1 without writing again, i.e. that the hung
 *       CREATE commits once a majority is back. Here the CREATE runs in a transaction begun while
 *       the followers live and is committed right after they die: it fails with ReplicationTimeout
 *       (proposed, outcome unknown) or NotALeader (nothing proposed). After the ReplicationTimeout
 *       the old leader is the only server that can win an election, so the count is already 1 when
 *       a majority is back, as in the original; the test asserts that, then sends the CREATE again
 *       with the same {@code ha_tx_id} and asserts it is not applied twice (count exactly 1).</li>
 *   <li>{@link #logCompaction}: {@code ha/log_compaction/runner.py} (a server that was never
 *       started joins after the others compacted their logs, receives a snapshot and ends with the
 *       same state; its snapshot file equals another server's).</li>
 *   <li>{@link #largeLogEntries}: {@code ha/large_log_entries/runner.py} (250,000 nodes in one
 *       transaction per round, then a server is killed and brought back). Servers run with a 1 GB
 *       heap (2 GB for five rounds) unless {@value ClusterServer#HEAP_PROPERTY} is set, and with
 *       election timeouts of 4-5 s: the transaction makes GC pauses of up to 2 s on a busy machine,
 *       and with shorter timeouts each pause deposed the leader running it, over and over.</li>
 *   <li>{@link #indexSurvivesKills}: {@code ha/index/runner.py} (a label-property index survives
 *       killing every server in turn).</li>
 *   <li>{@link #constraintsSurviveKillsAndAreEnforced}: {@code ha/constraints/runner.py} (a unique
 *       constraint is replicated, survives the leader's death, is enforced on the new leader and can
 *       be dropped).</li>
 *   <li>{@link #aMajorityReplacedWithEmptyDisksRecoversFromTheSurvivors}: not the original's; a
 *       majority, the leader among them, lose their disks and are started empty: they catch up from
 *       the survivors (the recovery README's "Operating a cluster" describes).</li>
 * </ul>
 *
 * <p>Writes go through the current leader with an {@code ha_tx_id}, and are sent again (to whoever
 * is leader then) after {@code NotALeader}, a transient error or a lost connection, so each logical
 * write is applied exactly once. Every wait is bounded.
 */
@ExtendWith(ClusterLogsOnFailure.class)
class OriginalScenariosE2ETest {
    /** System property: the seed of the random choices of {@link #basic} and {@link #leaderElection}. */
    static final String SEED_PROPERTY = "memgraph-ha.scenario.seed";
    private static final Logger LOG = LoggerFactory.getLogger(OriginalScenariosE2ETest.class);
    private static final String NOT_A_LEADER = "Neo.ClientError.Cluster.NotALeader";
    private static final String REPLICATION_TIMEOUT = "Neo.TransientError.Cluster.ReplicationTimeout";
    private static final String CONSTRAINT_FAILED = "Neo.ClientError.Schema.ConstraintValidationFailed";
    private static final SessionConfig WRITE = SessionConfig.builder().withDefaultAccessMode(AccessMode.WRITE).build();
    private static final SessionConfig READ = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
    private static final Duration LEADER_WAIT = Duration.ofSeconds(30);
    private static final Duration WRITE_BUDGET = Duration.ofSeconds(60);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    /** How long one {@code SHOW RAFT INFO} may take here: servers that just started on a busy machine are slow. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CONVERGE_WAIT = Duration.ofSeconds(90);
    private static final ExecutorService QUERIES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "original-scenarios-query");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void stopQueryThreads() {
        QUERIES.shutdownNow();
    }

    // ------------------------------------------------------------------ scenarios

    /**
     * {@code ha/basic}: 20 rounds of: kill a random minority, create {@code (:Node {id: round})}
     * through the leader, restart them, kill a random minority again and count on the leader. At
     * the end every server runs again and all have the same nodes and the same state hash.
     */
    @Test
    void basic(@TempDir Path dir) {
        int n = ClusterHarness.defaultSize();
        int minority = (n - 1) / 2;
        long seed = seed();
        LOG.info("basic: {} servers, seed {} (replay with -D{}={})", n, seed, SEED_PROPERTY, seed);
        Random random = new Random(seed);
        int rounds = 20;
        try (ClusterHarness cluster = ClusterHarness.start(n, RaftTiming.FAST, dir)) {
            cluster.awaitLeader(LEADER_WAIT);
            for (int round = 0; round < rounds; round++) {
                cluster.startAll(); // the minority killed at the end of the previous round
                List<Integer> first = randomIds(random, n, minority);
                killAll(cluster, first);
                Written w = writeThroughLeader(cluster, "CREATE (:Node {id: $round})", Map.of("round", round),
                        "basic-" + seed + "-" + round, WRITE_BUDGET);
                cluster.startAll();
                List<Integer> second = randomIds(random, n, minority);
                killAll(cluster, second);
                long count = countOnLeader(cluster, "Node");
                LOG.info("basic: round {}: killed {}, wrote through {}, restarted, killed {}: count {}", round, first,
                        w.leader(), second, count);
                assertThat(count).as("nodes after round %d (seed %d)", round, seed).isEqualTo(round + 1L);
            }
            cluster.startAll();
            cluster.awaitLeader(LEADER_WAIT);
            String hash = awaitSameState(cluster, CONVERGE_WAIT);
            for (ClusterServer s : cluster.servers()) {
                assertThat(readLongs(cluster, s.id(), "MATCH (n:Node) RETURN n.id AS v ORDER BY v"))
                        .as("the ids of the nodes on server %d (seed %d)", s.id(), seed)
                        .containsExactlyElementsOf(LongStream.range(0, rounds).boxed().toList());
            }
            LOG.info("basic: all {} servers hold {} nodes, state hash {}", n, rounds, hash);
        }
    }

    /**
     * {@code ha/leader_election}: ten times, start a random subset of the stopped servers; some
     * server becomes leader if and only if a majority of them runs (otherwise none is for more than
     * two election timeouts); nothing is ever written, so every server's storage stays empty (its
     * state hash's applied index is 0); then kill them all.
     */
    @Test
    void leaderElection(@TempDir Path dir) {
        int n = ClusterHarness.defaultSize();
        long seed = seed();
        LOG.info("leaderElection: {} servers, seed {} (replay with -D{}={})", n, seed, SEED_PROPERTY, seed);
        Random random = new Random(seed);
        RaftTiming timing = RaftTiming.FAST;
        try (ClusterHarness cluster = ClusterHarness.prepare(n, timing, dir)) {
            for (int rep = 0; rep < 10; rep++) {
                // The first two repetitions cover both outcomes whatever the seed; the rest are random.
                int k = rep == 0 ? Math.max(1, n / 2) : rep == 1 ? n / 2 + 1 : 1 + random.nextInt(n);
                List<Integer> subset = randomIds(random, n, k);
                boolean majority = 2 * k > n;
                startInParallel(cluster, subset);
                if (majority) {
                    int leader = cluster.awaitLeader(LEADER_WAIT);
                    assertThat(subset).as("repetition %d: the leader is one of the running servers", rep)
                            .contains(leader);
                    Map<String, Object> storage = storageInfoOnLeader(cluster, leader);
                    assertThat(storage.entrySet().stream().filter(e -> e.getKey().endsWith(".vertex_count")
                            || e.getKey().endsWith(".last_applied_index")).map(e -> asLong(e.getValue())))
                            .as("repetition %d: vertices and applied write sets per server: %s", rep, storage)
                            .isNotEmpty().containsOnly(0L);
                    LOG.info("leaderElection: repetition {}: started {} of {}: leader {}; SHOW STORAGE INFO {}",
                            rep, subset, n, leader, storage);
                } else {
                    assertNoLeaderFor(cluster, subset, Duration.ofMillis(2 * timing.electionTimeoutMax() + 1000));
                    LOG.info("leaderElection: repetition {}: started {} of {}: no leader, as expected", rep, subset, n);
                }
                for (int id : subset) {
                    StateHash h = stateHash(cluster, id);
                    assertThat(h.appliedIndex()).as("repetition %d: write sets applied on server %d", rep, id).isZero();
                    assertThat(readLongs(cluster, id, "MATCH (n) RETURN count(n) AS v"))
                            .as("repetition %d: nodes on server %d", rep, id).containsExactly(0L);
                }
                killAll(cluster, subset);
            }
        }
    }

    /**
     * {@code ha/term_updates}: a CREATE whose COMMIT reaches the leader just after every follower was
     * killed fails; start enough of them for a majority: the timed-out CREATE is committed (or, when
     * it was refused before being proposed, it is not) and the same CREATE sent again with its
     * {@code ha_tx_id} leaves exactly one node; kill the leader and start the remaining followers:
     * the node is still there; start the old leader with a wiped durability directory: it catches up
     * and every server has the node once, with the same state hash.
     */
    @Test
    void termUpdates(@TempDir Path dir) {
        int n = ClusterHarness.defaultSize();
        // Elections slower than FAST: the lone leader must still be leader when the COMMIT arrives.
        RaftTiming timing = new RaftTiming(1000, 1500, 100, 2000, -1);
        try (ClusterHarness cluster = ClusterHarness.start(n, timing, dir)) {
            String txId = "term-updates-create";
            LoneCommit lone = null;
            for (int attempt = 1; lone == null; attempt++) {
                int candidate = awaitWritableLeader(cluster);
                boolean last = attempt == 3;
                lone = within(QUERY_TIMEOUT, "CREATE on the leader losing its followers", () -> {
                    List<Integer> others = otherIds(n, List.of(candidate));
                    try (Session s = cluster.driver(candidate).session(WRITE);
                         Transaction tx = s.beginTransaction(txConfig(txId))) {
                        try {
                            tx.run("CREATE (:Node)").consume();
                        } catch (Neo4jException e) {
                            if (last || !retryable(e)) {
                                throw e;
                            }
                            LOG.info("termUpdates: leadership moved before the followers were killed: {}",
                                    e.getMessage());
                            return null;
                        }
                        killAll(cluster, others);
                        try {
                            tx.commit();
                            return new LoneCommit(candidate, others, null);
                        } catch (Neo4jException e) {
                            return new LoneCommit(candidate, others, e);
                        }
                    }
                });
            }
            int leader = lone.leader();
            List<Integer> followers = lone.followers();
            Neo4jException refused = lone.failure();
            assertThat(refused).as("the COMMIT of a CREATE on a leader without a majority must fail").isNotNull();
            LOG.info("termUpdates: leader {}, killed every follower {} before the COMMIT: {}: {}", leader, followers,
                    refused.code(), refused.getMessage());
            assertThat(refused.code()).isIn(REPLICATION_TIMEOUT, NOT_A_LEADER);

            List<Integer> back = followers.subList(0, n / 2);
            startInParallel(cluster, back);
            long started = System.nanoTime();
            int second = cluster.awaitLeader(LEADER_WAIT);
            long elected = System.nanoTime();
            long before = countOnLeader(cluster, "Node");
            // Followers killed less than an election timeout after they first heard from the leader restart under
            // the rejoin guard (raft/rejoin-guard) and vote for nobody with a non-empty log until it expires, ten
            // election timeouts later: then the leader election below takes that long.
            LOG.info("termUpdates: started {}; leader {} after {} ms; before the retry the count is {} ({})", back,
                    second, millis(started, elected), before, before == 1
                            ? "the timed-out CREATE committed once a majority was back, as the original expected"
                            : "the refused CREATE was never proposed");
            // A ReplicationTimeout means the entry is in the old leader's log, and only that server can win an
            // election among the ones running now (the others lack the entry): it commits it with its no-op.
            assertThat(before).as("nodes before the retry, after %s", refused.code())
                    .isEqualTo(REPLICATION_TIMEOUT.equals(refused.code()) ? 1L : 0L);
            Written w = writeThroughLeader(cluster, "CREATE (:Node)", Map.of(), txId, WRITE_BUDGET);
            assertThat(countOnLeader(cluster, "Node")).as("nodes after the CREATE sent again with its ha_tx_id")
                    .isEqualTo(1L);

            int oldLeader = cluster.awaitLeader(LEADER_WAIT);
            cluster.server(oldLeader).kill9();
            List<Integer> rest = cluster.servers().stream()
                    .filter(s -> !s.isRunning() && s.id() != oldLeader).map(ClusterServer::id).toList();
            startInParallel(cluster, rest);
            int third = cluster.awaitLeader(LEADER_WAIT);
            LOG.info("termUpdates: the CREATE committed through {}; killed leader {}, started {}; leader {}",
                    w.leader(), oldLeader, rest, third);
            assertThat(countOnLeader(cluster, "Node")).as("nodes after the leader's death").isEqualTo(1L);

            cluster.server(oldLeader).wipeDurability();
            cluster.server(oldLeader).start();
            int fourth = cluster.awaitLeader(LEADER_WAIT);
            String hash = awaitSameState(cluster, CONVERGE_WAIT);
            for (ClusterServer s : cluster.servers()) {
                assertThat(readLongs(cluster, s.id(), "MATCH (n:Node) RETURN count(n) AS v"))
                        .as("nodes on server %d", s.id()).containsExactly(1L);
            }
            LOG.info("termUpdates: server {} rejoined with a wiped directory; leader {}; every server has the node, "
                    + "state hash {}", oldLeader, fourth, hash);
        }
    }

    /**
     * {@code ha/log_compaction}: with a snapshot every 100 entries, servers 2..n take more than 128
     * writes and compact their logs; server 1, started only then, catches up (same applied index,
     * count and state hash) and holds a snapshot file byte-identical to another server's of the
     * same name.
     */
    @Test
    void logCompaction(@TempDir Path dir) throws IOException {
        int n = ClusterHarness.defaultSize();
        int writes = 150;
        try (ClusterHarness cluster = ClusterHarness.prepare(n, RaftTiming.FAST.withSnapshotThreshold(100), dir)) {
            startInParallel(cluster, otherIds(n, List.of(1)));
            int leader = cluster.awaitLeader(LEADER_WAIT);
            LOG.info("logCompaction: servers 2..{} up, leader {}; {} writes", n, leader, writes);
            for (int i = 0; i < writes; i++) {
                writeThroughLeader(cluster, "CREATE (:Node)", Map.of(), "log-compaction-" + i, WRITE_BUDGET);
            }
            for (int id = 2; id <= n; id++) {
                assertThat(snapshots(cluster, id)).as("snapshots of server %d after %d writes", id, writes)
                        .isNotEmpty();
            }
            cluster.server(1).start();
            String hash = awaitSameState(cluster, CONVERGE_WAIT);
            assertThat(readLongs(cluster, 1, "MATCH (n:Node) RETURN count(n) AS v"))
                    .as("nodes on server 1").containsExactly((long) writes);

            Map<String, String> mine = snapshots(cluster, 1);
            boolean installed = cluster.server(1).stderrLines().stream()
                    .anyMatch(l -> l.contains("installed snapshot"));
            LOG.info("logCompaction: server 1 caught up (state hash {}); installed a snapshot: {}; its snapshots {}",
                    hash, installed, mine.keySet());
            List<String> equal = new ArrayList<>();
            for (int id = 2; id <= n; id++) {
                Map<String, String> theirs = snapshots(cluster, id);
                LOG.info("logCompaction: snapshots of server {}: {}", id, theirs.keySet());
                for (Map.Entry<String, String> e : mine.entrySet()) {
                    if (theirs.containsKey(e.getKey())) {
                        assertThat(theirs.get(e.getKey()))
                                .as("SHA-256 of %s on server 1 and on server %d", e.getKey(), id)
                                .isEqualTo(e.getValue());
                        equal.add(e.getKey() + " = server " + id);
                    }
                }
            }
            if (equal.isEmpty()) {
                LOG.info("logCompaction: no snapshot name in common; checked the snapshot install and the state hash");
                assertThat(installed).as("server 1 reports 'installed snapshot'").isTrue();
            } else {
                LOG.info("logCompaction: byte-identical snapshot files: {}", equal);
            }
        }
    }

    /**
     * {@code ha/large_log_entries}: per round, 250,000 nodes in one transaction through the leader,
     * then server {@code round + 1} is killed, the leader counts them all, and the server is started
     * again and catches up. One round per server, as in the original.
     */
    @Test
    void largeLogEntries(@TempDir Path dir) {
        int n = ClusterHarness.defaultSize();
        int batch = 250_000;
        // Election timeouts well above the servers' GC pauses: building and applying 250,000 nodes makes
        // young collections of 0.5-2 s on a busy 2-core machine (SerialGC, measured with -Xlog:gc), and
        // with FAST or the shipped timings every such pause deposed the leader running the transaction.
        RaftTiming timing = new RaftTiming(4000, 5000, 200, 30_000, -1);
        // 750,000 nodes use about 550 MB of heap; five rounds (five servers) need more than 1 GB.
        String heapBefore = System.getProperty(ClusterServer.HEAP_PROPERTY);
        if (heapBefore == null) {
            System.setProperty(ClusterServer.HEAP_PROPERTY, n <= 3 ? "-Xmx1g" : "-Xmx2g");
        }
        try (ClusterHarness cluster = ClusterHarness.start(n, timing, dir)) {
            cluster.awaitLeader(LEADER_WAIT);
            for (int round = 0; round < n; round++) {
                long t0 = System.nanoTime();
                Written w = writeThroughLeader(cluster, "UNWIND range(1, $batch) AS i CREATE (:Big {i: i, r: $round})",
                        Map.of("batch", batch, "round", round), "large-" + round, Duration.ofMinutes(3));
                long t1 = System.nanoTime();
                int victim = round + 1;
                cluster.server(victim).kill9();
                long count = countOnLeader(cluster, "Big");
                long t2 = System.nanoTime();
                assertThat(count).as("nodes after round %d", round).isEqualTo((round + 1L) * batch);
                cluster.server(victim).start();
                awaitAppliedEverywhere(cluster, Duration.ofMinutes(2));
                LOG.info("largeLogEntries: round {}: {} nodes through {} in {} ms; killed {}; count {} in {} ms; "
                        + "server {} caught up in {} ms", round, batch, w.leader(), millis(t0, t1), victim, count,
                        millis(t1, t2), victim, millis(t2, System.nanoTime()));
            }
            int leader = cluster.awaitLeader(LEADER_WAIT);
            LOG.info("largeLogEntries: SHOW STORAGE INFO on leader {}: {}", leader,
                    storageInfoOnLeader(cluster, leader));
            awaitSameState(cluster, CONVERGE_WAIT);
        } finally {
            if (heapBefore == null) {
                System.clearProperty(ClusterServer.HEAP_PROPERTY);
            }
        }
    }

    /**
     * {@code ha/index}: {@code CREATE INDEX ON :Node(id)}; then each server in turn is killed: the
     * leader (possibly a new one) lists the index; the server is started again and lists it too.
     */
    @Test
    void indexSurvivesKills(@TempDir Path dir) {
        int n = ClusterHarness.defaultSize();
        try (ClusterHarness cluster = ClusterHarness.start(n, RaftTiming.FAST, dir)) {
            cluster.awaitLeader(LEADER_WAIT);
            writeThroughLeader(cluster, "CREATE INDEX ON :Node(id)", Map.of(), "index-create", WRITE_BUDGET);
            writeThroughLeader(cluster, "UNWIND range(1, 10) AS i CREATE (:Node {id: i})", Map.of(), "index-nodes",
                    WRITE_BUDGET);
            for (int id = 1; id <= n; id++) {
                cluster.server(id).kill9();
                int[] asked = new int[1];
                List<String> listed = onLeader(cluster, leader -> {
                    asked[0] = leader;
                    return indexes(cluster, leader);
                });
                int leader = asked[0];
                assertThat(listed).as("indexes on leader %d with server %d killed", leader, id)
                        .contains(":Node(id)");
                cluster.server(id).start();
                List<String> after = awaitIndex(cluster, id, ":Node(id)", Duration.ofSeconds(30));
                LOG.info("indexSurvivesKills: killed {}, leader {} lists the index; restarted {}: {}", id, leader, id,
                        after);
            }
            awaitSameState(cluster, CONVERGE_WAIT);
        }
    }

    /**
     * {@code ha/constraints}: a unique constraint on {@code (n:Node) n.prop} rejects a second node
     * with the same value and writes nothing; after the leader's death the new leader lists it and
     * still enforces it; after {@code DROP CONSTRAINT} the duplicate is accepted.
     */
    @Test
    void constraintsSurviveKillsAndAreEnforced(@TempDir Path dir) {
        int n = ClusterHarness.defaultSize();
        List<Object> unique = List.of("unique", "Node", "prop");
        try (ClusterHarness cluster = ClusterHarness.start(n, RaftTiming.FAST, dir)) {
            cluster.awaitLeader(LEADER_WAIT);
            writeThroughLeader(cluster, "CREATE CONSTRAINT ON (n:Node) ASSERT n.prop IS UNIQUE", Map.of(),
                    "constraint-create", WRITE_BUDGET);
            writeThroughLeader(cluster, "CREATE (:Node {prop: 1})", Map.of(), "constraint-first", WRITE_BUDGET);
            Neo4jException dup = duplicateRefused(cluster, "constraint-dup-1");
            LOG.info("constraints: duplicate refused: {}", dup.getMessage());
            assertThat(countOnLeader(cluster, "Node")).as("nodes after the refused duplicate").isEqualTo(1L);

            int oldLeader = cluster.awaitLeader(LEADER_WAIT);
            cluster.server(oldLeader).kill9();
            int[] asked = new int[1];
            List<List<Object>> listed = onLeader(cluster, l -> {
                asked[0] = l;
                return constraints(cluster, l);
            });
            int leader = asked[0];
            assertThat(listed).as("constraints on the new leader %d", leader).contains(unique);
            duplicateRefused(cluster, "constraint-dup-2");
            assertThat(countOnLeader(cluster, "Node")).as("nodes after the second refused duplicate").isEqualTo(1L);
            LOG.info("constraints: killed leader {}; leader {} lists and enforces the constraint", oldLeader, leader);

            writeThroughLeader(cluster, "DROP CONSTRAINT ON (n:Node) ASSERT n.prop IS UNIQUE", Map.of(),
                    "constraint-drop", WRITE_BUDGET);
            writeThroughLeader(cluster, "CREATE (:Node {prop: 1})", Map.of(), "constraint-dup-3", WRITE_BUDGET);
            assertThat(countOnLeader(cluster, "Node")).as("nodes after the drop and the duplicate").isEqualTo(2L);

            cluster.server(oldLeader).start();
            awaitSameState(cluster, CONVERGE_WAIT);
            for (ClusterServer s : cluster.servers()) {
                assertThat(constraints(cluster, s.id())).as("constraints on server %d after the drop", s.id())
                        .isEmpty();
                assertThat(readLongs(cluster, s.id(), "MATCH (n:Node {prop: 1}) RETURN count(n) AS v"))
                        .as("nodes with prop 1 on server %d", s.id()).containsExactly(2L);
            }
        }
    }

    /**
     * Beyond the original's scenarios, the recovery README's "Operating a cluster" describes: a
     * majority of the servers, the leader among them, lose their disks after every server applied
     * the same writes. Each is started again with an empty durability directory; the wiped servers
     * start under the rejoin guard, so only a survivor can be elected, and the wiped ones catch up
     * from it (by snapshot: the threshold is low). Every write is there once on every server, a
     * write sent again with its old {@code ha_tx_id} is not applied again, and new writes work.
     */
    @Test
    void aMajorityReplacedWithEmptyDisksRecoversFromTheSurvivors(@TempDir Path dir) {
        int n = ClusterHarness.defaultSize();
        int writes = 60;
        try (ClusterHarness cluster = ClusterHarness.start(n, RaftTiming.FAST.withSnapshotThreshold(20), dir)) {
            cluster.awaitLeader(LEADER_WAIT);
            for (int i = 0; i < writes; i++) {
                writeThroughLeader(cluster, "CREATE (:Node {id: $id})", Map.of("id", i), "replaced-" + i,
                        WRITE_BUDGET);
            }
            String before = awaitSameState(cluster, CONVERGE_WAIT);
            int leader = cluster.awaitLeader(LEADER_WAIT);
            List<Integer> lost = new ArrayList<>(List.of(leader));
            lost.addAll(otherIds(n, List.of(leader)).subList(0, n / 2));
            List<Integer> survivors = otherIds(n, lost);
            killAll(cluster, lost);
            for (int id : lost) {
                cluster.server(id).wipeDurability();
            }
            LOG.info("replaced: every server at state {}; servers {} (leader {}) lost their disks, {} survive",
                    before, lost, leader, survivors);

            startInParallel(cluster, lost);
            long started = System.nanoTime();
            int elected = awaitWritableLeader(cluster);
            LOG.info("replaced: leader {} ready for writes {} ms after the wiped servers started", elected,
                    millis(started, System.nanoTime()));
            assertThat(survivors).as("the leader after the replacement is a server that kept its disk")
                    .contains(elected);
            assertThat(awaitSameState(cluster, CONVERGE_WAIT)).as("state hash once the wiped servers caught up")
                    .isEqualTo(before);
            for (int id : lost) {
                assertThat(cluster.server(id).stderrLines()).as("server %d's log: it caught up by a snapshot", id)
                        .anyMatch(l -> l.contains("installed snapshot"));
            }
            for (ClusterServer s : cluster.servers()) {
                assertThat(readLongs(cluster, s.id(), "MATCH (n:Node) RETURN count(DISTINCT n.id) * 1000 + count(n)"
                        + " AS v")).as("distinct ids and nodes on server %d", s.id())
                        .containsExactly(writes * 1000L + writes);
            }
            writeThroughLeader(cluster, "CREATE (:Node {id: $id})", Map.of("id", 0), "replaced-0", WRITE_BUDGET);
            writeThroughLeader(cluster, "CREATE (:Node {id: $id})", Map.of("id", writes), "replaced-new",
                    WRITE_BUDGET);
            assertThat(countOnLeader(cluster, "Node")).as("nodes after a write sent again and a new one")
                    .isEqualTo(writes + 1L);
        }
    }

    // ------------------------------------------------------------------ cluster steps

    /** The seed of {@value #SEED_PROPERTY}, or a new one. */
    private static long seed() {
        Long s = Long.getLong(SEED_PROPERTY);
        return s != null ? s : new Random().nextLong();
    }

    /** {@code k} distinct ids of 1..n, chosen by {@code random}. */
    private static List<Integer> randomIds(Random random, int n, int k) {
        List<Integer> ids = IntStream.rangeClosed(1, n).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(ids, random);
        List<Integer> chosen = new ArrayList<>(ids.subList(0, k));
        Collections.sort(chosen);
        return chosen;
    }

    /** The ids of 1..n not in {@code except}. */
    private static List<Integer> otherIds(int n, List<Integer> except) {
        return IntStream.rangeClosed(1, n).filter(i -> !except.contains(i)).boxed().toList();
    }

    private static void killAll(ClusterHarness cluster, List<Integer> ids) {
        for (int id : ids) {
            cluster.server(id).kill9();
        }
    }

    /** Starts the (stopped) servers {@code ids} at once and waits until each listens. */
    private static void startInParallel(ClusterHarness cluster, List<Integer> ids) {
        for (int id : ids) {
            cluster.server(id).launch();
        }
        for (int id : ids) {
            cluster.server(id).awaitListening(ClusterServer.START_TIMEOUT);
        }
    }

    /**
     * The first CREATE of {@link #termUpdates}: the leader it ran on, the followers killed before its
     * COMMIT, and how the COMMIT failed (null if it did not).
     */
    private record LoneCommit(int leader, List<Integer> followers, Neo4jException failure) {
    }

    /** Waits until a leader reports {@code ready_for_writes}; returns its id. */
    private static int awaitWritableLeader(ClusterHarness cluster) {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (true) {
            int leader = cluster.awaitLeader(LEADER_WAIT);
            try {
                Map<String, Object> info = cluster.raftInfo(leader, PROBE_TIMEOUT);
                if (Boolean.TRUE.equals(info.get("ready_for_writes")) && Boolean.TRUE.equals(info.get("is_leader"))) {
                    return leader;
                }
            } catch (RuntimeException e) {
                LOG.debug("SHOW RAFT INFO on server {}: {}", leader, e.toString());
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no leader ready for writes within " + LEADER_WAIT);
            }
            sleep(100);
        }
    }

    /** Where a write committed, and the bookmarks of its session. */
    private record Written(int leader, List<Bookmark> bookmarks) {
    }

    /**
     * Runs {@code query} as an auto-commit transaction with {@code ha_tx_id = txId} on the leader,
     * and again on whoever is leader then after {@code NotALeader}, a transient error or a lost
     * connection, until it succeeds or {@code budget} is spent. Any other failure is thrown.
     */
    private static Written writeThroughLeader(ClusterHarness cluster, String query, Map<String, Object> params,
                                              String txId, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            int attempt = attempts;
            String failure = "no leader";
            int leader = -1;
            try {
                leader = cluster.awaitLeader(LEADER_WAIT);
            } catch (AssertionError e) {
                failure = e.getMessage();
            }
            if (leader > 0) {
                int target = leader;
                Duration attemptTimeout = budget.compareTo(QUERY_TIMEOUT) > 0 ? budget : QUERY_TIMEOUT;
                try {
                    return within(attemptTimeout, "write " + txId + " on server " + target, () -> {
                        try (Session s = cluster.driver(target).session(WRITE)) {
                            s.run(query, params, txConfig(txId)).consume();
                            if (attempt > 1) {
                                LOG.info("Write {} committed through server {} at attempt {}", txId, target, attempt);
                            }
                            return new Written(target, List.copyOf(s.lastBookmarks()));
                        }
                    });
                } catch (Neo4jException e) {
                    if (!retryable(e)) {
                        throw e;
                    }
                    failure = "server " + target + ": " + e.getClass().getSimpleName() + " " + e.code() + ": "
                            + e.getMessage();
                }
            }
            LOG.info("Write {} attempt {} failed: {}", txId, attempts, failure);
            if (System.nanoTime() - deadline > 0) {
                fail("write " + txId + " did not succeed within " + budget + " (" + attempts + " attempts); last: "
                        + failure);
            }
            sleep(200);
        }
    }

    /**
     * {@code read} on the current leader; asked again (of whoever leads then) when that server
     * stopped leading meanwhile (a linearizable read on a server that lost leadership is refused
     * with NotALeader) or another retryable error came, for at most {@link #WRITE_BUDGET}.
     */
    private static <T> T onLeader(ClusterHarness cluster, java.util.function.IntFunction<T> read) {
        long deadline = System.nanoTime() + WRITE_BUDGET.toNanos();
        while (true) {
            int leader = cluster.awaitLeader(LEADER_WAIT);
            try {
                return read.apply(leader);
            } catch (Neo4jException e) {
                if (!retryable(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.info("Reading on leader {} failed, asking again: {}: {}", leader, e.code(), e.getMessage());
            }
            sleep(200);
        }
    }

    private static boolean retryable(Neo4jException e) {
        return e instanceof ServiceUnavailableException || e instanceof SessionExpiredException
                || NOT_A_LEADER.equals(e.code()) || (e.code() != null && e.code().startsWith("Neo.TransientError."));
    }

    private static TransactionConfig txConfig(String txId) {
        return TransactionConfig.builder().withMetadata(Map.of("ha_tx_id", txId)).build();
    }

    /** The number of nodes with {@code label} on the current leader (a linearizable read there). */
    private static long countOnLeader(ClusterHarness cluster, String label) {
        String query = "MATCH (n:`" + label + "`) RETURN count(n) AS v";
        long deadline = System.nanoTime() + WRITE_BUDGET.toNanos();
        while (true) {
            String failure = "no leader";
            int leader = -1;
            try {
                leader = cluster.awaitLeader(LEADER_WAIT);
            } catch (AssertionError e) {
                failure = e.getMessage();
            }
            if (leader > 0) {
                int target = leader;
                try {
                    return within(QUERY_TIMEOUT, "count on server " + target, () -> {
                        try (Session s = cluster.driver(target).session(READ)) {
                            return s.run(query).single().get("v").asLong();
                        }
                    });
                } catch (Neo4jException e) {
                    if (!retryable(e)) {
                        throw e;
                    }
                    failure = "server " + target + ": " + e.code() + ": " + e.getMessage();
                }
            }
            LOG.info("Counting {} on the leader failed: {}", label, failure);
            if (System.nanoTime() - deadline > 0) {
                fail("could not count " + label + " on a leader within " + WRITE_BUDGET + "; last: " + failure);
            }
            sleep(200);
        }
    }

    /** The first column, as longs, of {@code query} in a READ transaction on server {@code id}. */
    private static List<Long> readLongs(ClusterHarness cluster, int id, String query) {
        return within(QUERY_TIMEOUT, query + " on server " + id, () -> {
            try (Session s = cluster.driver(id).session(READ)) {
                return s.run(query).list(r -> r.get(0).asLong());
            }
        });
    }

    /** {@code SHOW INDEX INFO} on server {@code id} (read mode). */
    private static List<String> indexes(ClusterHarness cluster, int id) {
        return within(QUERY_TIMEOUT, "SHOW INDEX INFO on server " + id, () -> {
            try (Session s = cluster.driver(id).session(READ)) {
                return s.run("SHOW INDEX INFO").list(r -> r.get("created index").asString());
            }
        });
    }

    /** Polls {@code SHOW INDEX INFO} on server {@code id} until it lists {@code index}. */
    private static List<String> awaitIndex(ClusterHarness cluster, int id, String index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                List<String> listed = indexes(cluster, id);
                if (listed.contains(index)) {
                    return listed;
                }
                last = listed;
            } catch (Neo4jException e) {
                last = e.code() + ": " + e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                fail("server " + id + " did not list " + index + " within " + timeout + "; last: " + last);
            }
            sleep(200);
        }
    }

    /**
     * {@code SHOW CONSTRAINT INFO} on server {@code id} (read mode): [type, label, properties] rows, the
     * properties joined as the original gave them (we give a list, as Memgraph since 2020 and GQLAlchemy).
     */
    private static List<List<Object>> constraints(ClusterHarness cluster, int id) {
        return within(QUERY_TIMEOUT, "SHOW CONSTRAINT INFO on server " + id, () -> {
            try (Session s = cluster.driver(id).session(READ)) {
                return s.run("SHOW CONSTRAINT INFO").list(r -> List.<Object>of(r.get("constraint type").asString(),
                        r.get("label").asString(), String.join(",", r.get("properties").asList(v -> v.asString()))));
            }
        });
    }

    /** A duplicate {@code (:Node {prop: 1})} through the leader: refused with ConstraintValidationFailed. */
    private static Neo4jException duplicateRefused(ClusterHarness cluster, String txId) {
        try {
            writeThroughLeader(cluster, "CREATE (:Node {prop: 1})", Map.of(), txId, WRITE_BUDGET);
        } catch (Neo4jException e) {
            assertThat(e.code()).as("the duplicate's failure: %s", e.getMessage()).isEqualTo(CONSTRAINT_FAILED);
            return e;
        }
        throw new AssertionError("a duplicate (:Node {prop: 1}) was committed despite the unique constraint");
    }

    /** {@code SHOW STORAGE INFO} on the leader as {@code "<server id>.<info>" -> value}. */
    private static Map<String, Object> storageInfoOnLeader(ClusterHarness cluster, int leader) {
        List<Record> rows = within(QUERY_TIMEOUT, "SHOW STORAGE INFO on server " + leader, () -> {
            try (Session s = cluster.driver(leader).session(READ)) {
                return s.run("SHOW STORAGE INFO").list();
            }
        });
        Map<String, Object> info = new TreeMap<>();
        for (Record r : rows) {
            info.put(r.get("server id").asObject() + "." + r.get("storage info").asString(), r.get("value").asObject());
        }
        return info;
    }

    /** Asserts that none of the running servers {@code ids} says it is the leader during {@code period}. */
    private static void assertNoLeaderFor(ClusterHarness cluster, List<Integer> ids, Duration period) {
        long end = System.nanoTime() + period.toNanos();
        int polls = 0;
        while (System.nanoTime() - end < 0) {
            for (int id : ids) {
                Map<String, Object> info = cluster.raftInfo(id, PROBE_TIMEOUT);
                assertThat(info.get("is_leader")).as("is_leader of server %d with only %s running: %s", id, ids, info)
                        .isEqualTo(Boolean.FALSE);
            }
            polls++;
            sleep(100);
        }
        LOG.debug("No leader among {} in {} polls over {}", ids, polls, period);
    }

    /** {@code SHOW STATE HASH} of one server. */
    private record StateHash(long appliedIndex, String hash) {
    }

    private static StateHash stateHash(ClusterHarness cluster, int id) {
        return within(QUERY_TIMEOUT, "SHOW STATE HASH on server " + id, () -> {
            try (Session s = cluster.driver(id).session()) {
                Map<String, Object> rows = new LinkedHashMap<>();
                for (Record r : s.run("SHOW STATE HASH").list()) {
                    rows.put(r.get("info").asString(), r.get("value").asObject());
                }
                return new StateHash(asLong(rows.get("applied_index")), String.valueOf(rows.get("state_hash")));
            }
        });
    }

    /**
     * Waits until every running server has applied everything the cluster committed (the same Raft
     * {@code applied_index}, equal to the highest {@code commit_index} reported).
     *
     * @return that index
     */
    private static long awaitAppliedEverywhere(ClusterHarness cluster, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "nothing asked yet";
        while (true) {
            try {
                Map<Integer, String> said = new TreeMap<>();
                long maxCommit = Long.MIN_VALUE;
                List<Long> applied = new ArrayList<>();
                for (ClusterServer s : cluster.servers()) {
                    if (!s.isRunning()) {
                        continue;
                    }
                    Map<String, Object> info = cluster.raftInfo(s.id(), PROBE_TIMEOUT);
                    maxCommit = Math.max(maxCommit, asLong(info.get("commit_index")));
                    applied.add(asLong(info.get("applied_index")));
                    said.put(s.id(), "role=" + info.get("role") + " term=" + info.get("term_id") + " commit="
                            + info.get("commit_index") + " applied=" + info.get("applied_index"));
                }
                long target = maxCommit;
                if (!applied.isEmpty() && applied.stream().allMatch(a -> a == target)) {
                    return target;
                }
                last = said.toString();
            } catch (RuntimeException e) {
                last = e.toString();
            }
            if (System.nanoTime() - deadline > 0) {
                fail("the servers did not all apply the same index within " + timeout + "; last: " + last);
            }
            sleep(200);
        }
    }

    /**
     * Waits until every server runs, has applied everything committed, and then checks that all
     * report the same {@code SHOW STATE HASH} (at the same write-set index).
     *
     * @return the common hash
     */
    private static String awaitSameState(ClusterHarness cluster, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "nothing asked yet";
        while (true) {
            long left = Math.max(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime());
            long index = awaitAppliedEverywhere(cluster, Duration.ofNanos(left));
            Map<Integer, StateHash> hashes = new TreeMap<>();
            for (ClusterServer s : cluster.servers()) {
                assertThat(s.isRunning()).as("%s runs", s).isTrue();
                hashes.put(s.id(), stateHash(cluster, s.id()));
            }
            long distinctIndexes = hashes.values().stream().map(StateHash::appliedIndex).distinct().count();
            if (distinctIndexes == 1) {
                assertThat(hashes.values().stream().map(StateHash::hash).distinct().count())
                        .as("state hashes of servers that applied the same write sets (Raft index %d): %s", index,
                                hashes)
                        .isEqualTo(1L);
                StateHash h = hashes.values().iterator().next();
                LOG.info("Every server applied Raft index {} (write sets up to {}): state hash {}", index,
                        h.appliedIndex(), h.hash());
                return h.hash();
            }
            last = hashes.toString();
            if (System.nanoTime() - deadline > 0) {
                fail("the servers did not reach the same state within " + timeout + "; last: " + last);
            }
            sleep(200);
        }
    }

    /** The snapshot files of server {@code id}: file name to SHA-256 of its bytes. */
    private static Map<String, String> snapshots(ClusterHarness cluster, int id) throws IOException {
        Path dir = cluster.server(id).durabilityDirectory().resolve("snapshots");
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.getFileName().toString().matches("snapshot-\\d+-\\d+\\.bin")).toList()) {
                files.put(f.getFileName().toString(), sha256(f));
            }
        }
        return files;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ small things

    /** Runs {@code task} on another thread and waits at most {@code timeout} for it. */
    private static <T> T within(Duration timeout, String what, Callable<T> task) {
        Future<T> f = QUERIES.submit(task);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(what, c);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(what + " did not finish within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + what, e);
        }
    }

    private static long asLong(Object v) {
        if (v instanceof Number num) {
            return num.longValue();
        }
        return Long.parseLong(String.valueOf(v).trim());
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

package io.memgraph.ha.raft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.core.HardState;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.ReadMode;
import io.memgraph.ha.raft.core.Role;
import io.memgraph.ha.raft.core.SoftState;
import io.memgraph.ha.raft.log.HardStateFile;
import io.memgraph.ha.raft.transport.RaftTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Three RaftNodes in one JVM on 127.0.0.1 with real TCP, real directories and fsync. */
class RaftNodeClusterTest {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNodeClusterTest.class);
  private static final RaftTransport.Options TRANSPORT = new RaftTransport.Options(1 << 24, 10_000,
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), 1);

  @TempDir
  Path tmp;

  private final RaftNode[] nodes = new RaftNode[4];
  private final ListStateMachine[] machines = new ListStateMachine[4];
  private CoordinationConfig cluster;
  private RaftConfig raftConfig;
  private ReadMode readMode = ReadMode.SAFE;
  private FileSnapshotSource.ReadFilter snapshotFilter = FileSnapshotSource.ReadFilter.NONE;
  /** Inbound messages of server i pass only if {@code inbound.test(i, m)}. */
  private java.util.function.BiPredicate<Integer, Message> inbound = (i, m) -> true;
  private Duration holdEmptyAppends = RaftNode.DEFAULT_HOLD_EMPTY_APPENDS;

  @AfterEach
  void stopAll() {
    for (RaftNode n : nodes) {
      if (n != null) {
        n.halt();
      }
    }
  }

  private void startCluster(RaftConfig cfg) throws IOException {
    raftConfig = cfg;
    RaftTransport[] ts = new RaftTransport[4];
    for (int i = 1; i <= 3; i++) {
      ts[i] = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), TRANSPORT);
    }
    cluster = CoordinationConfig.local("127.0.0.1", ts[1].localPort(), ts[2].localPort(),
        ts[3].localPort());
    for (int i = 1; i <= 3; i++) {
      machines[i] = new ListStateMachine();
      nodes[i] = builder(i).transport(ts[i]).start();
    }
  }

  private RaftNode.Builder builder(int id) {
    return RaftNode.builder(id, cluster, raftConfig, tmp.resolve("node" + id), machines[id])
        .transportOptions(TRANSPORT)
        .readMode(readMode)
        .snapshotReadFilter(snapshotFilter)
        .snapshotChunkBytes(1024)
        .inboundFilter(m -> inbound.test(id, m))
        .holdEmptyAppends(holdEmptyAppends)
        .advertise(boltAddress(id));
  }

  /** What each server advertises in these tests: a Bolt address of its own. */
  private static String boltAddress(int id) {
    return "127.0.0.1:" + (7686 + id);
  }

  private void restart(int id) throws IOException {
    machines[id] = new ListStateMachine();
    nodes[id] = builder(id).start();
  }

  private static void await(String what, long timeoutMillis, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private RaftNode awaitLeader(int... among) throws InterruptedException {
    RaftNode[] found = new RaftNode[1];
    await("a leader", 10_000, () -> {
      for (int i : among) {
        RaftNode n = nodes[i];
        if (n != null && n.isLeader()) {
          // Everyone up agrees on it.
          boolean agreed = true;
          for (int j : among) {
            agreed &= nodes[j].leaderId() == i;
          }
          if (agreed) {
            found[0] = n;
            return true;
          }
        }
      }
      return false;
    });
    return found[0];
  }

  private static List<ProposalResult> proposeAll(RaftNode leader, String prefix, int count)
      throws Exception {
    List<CompletableFuture<ProposalResult>> fs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      fs.add(leader.propose((prefix + i).getBytes(StandardCharsets.UTF_8)));
    }
    List<ProposalResult> out = new ArrayList<>();
    for (CompletableFuture<ProposalResult> f : fs) {
      out.add(f.get(10, TimeUnit.SECONDS));
    }
    return out;
  }

  private void awaitSameState(int expectedSize, int... ids) throws InterruptedException {
    await("all nodes applied " + expectedSize + " commands", 15_000, () -> {
      for (int i : ids) {
        if (machines[i].size() != expectedSize) {
          return false;
        }
      }
      return true;
    });
    for (int i : ids) {
      assertThat(machines[i].applied()).as("state of server " + i)
          .isEqualTo(machines[ids[0]].applied());
    }
  }

  private static final RaftConfig FAST = new RaftConfig(150, 300, 30, 5000, -1);

  /** A FAST cluster whose leader committed {@code count} commands, applied everywhere; its leader. */
  private RaftNode startedWith(String prefix, int count) throws Exception {
    startCluster(FAST);
    RaftNode leader = awaitLeader(1, 2, 3);
    proposeAll(leader, prefix, count);
    awaitSameState(count, 1, 2, 3);
    return leader;
  }

  /**
   * A leader holds an AppendEntries that carries nothing but a new commit index: when the next
   * entries come sooner they carry the index and the empty one is never sent; when none follow it
   * goes once its time is up. (Heartbeats carry the commit index too, so the followers would catch
   * up without it; the count of empty AppendEntries is what tells.)
   */
  @Test
  void commitIndexRidesWithTheNextEntriesAndGoesAloneWhenNoneFollow() throws Exception {
    holdEmptyAppends = Duration.ofMillis(200);
    AtomicInteger[] empty = new AtomicInteger[4];
    for (int i = 1; i <= 3; i++) {
      empty[i] = new AtomicInteger();
    }
    inbound = (i, m) -> {
      if (m instanceof Message.AppendEntries a && a.entries().isEmpty()) {
        empty[i].incrementAndGet();
      }
      return true;
    };
    startCluster(FAST);
    RaftNode leader = awaitLeader(1, 2, 3);
    proposeAll(leader, "warm", 1);
    awaitSameState(1, 1, 2, 3);
    Thread.sleep(300); // the warm-up's held index has gone
    IntSupplier received = () -> empty[1].get() + empty[2].get() + empty[3].get();
    int atStart = received.getAsInt();

    int writes = 50;
    for (int i = 0; i < writes; i++) {
      // one at a time: each commit is followed by the next entry well within the hold
      leader.propose(("w" + i).getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    }
    int during = received.getAsInt() - atStart;
    // without holding, every commit goes to both followers alone: 100
    assertThat(during).as("AppendEntries without entries received during %d writes", writes)
        .isLessThan(writes / 5);
    await("the last commit index sent alone to both followers", 5_000,
        () -> received.getAsInt() - atStart - during >= 2);
    awaitSameState(1 + writes, 1, 2, 3);
  }

  @Test
  void electsReplicatesSurvivesLeaderKillAndRestartCatchesUp() throws Exception {
    startCluster(FAST);
    RaftNode leader = awaitLeader(1, 2, 3);
    int leaderId = leader.id();

    List<ProposalResult> results = proposeAll(leader, "a", 100);
    for (int i = 0; i < 100; i++) {
      assertThat(new String(results.get(i).result(), StandardCharsets.UTF_8))
          .isEqualTo("ok:" + (i + 1));
      if (i > 0) {
        assertThat(results.get(i).index()).isEqualTo(results.get(i - 1).index() + 1);
      }
    }
    awaitSameState(100, 1, 2, 3);
    assertThat(machines[leaderId].applied().get(0)).isEqualTo("a0");

    // A linearizable read on the leader sees every acknowledged write.
    long readIndex = leader.readIndex().get(5, TimeUnit.SECONDS);
    assertThat(readIndex).isGreaterThanOrEqualTo(results.get(99).index());
    assertThat(leader.appliedIndex()).isGreaterThanOrEqualTo(readIndex);

    // A follower refuses, naming the leader.
    int followerId = leaderId % 3 + 1;
    CompletableFuture<ProposalResult> refused = nodes[followerId].propose(new byte[] {1});
    assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NotLeaderException.class)
        .satisfies(e -> assertThat(((NotLeaderException) e).leaderId()).isEqualTo(leaderId));
    assertThatThrownBy(() -> nodes[followerId].readIndex().get(5, TimeUnit.SECONDS))
        .cause().isInstanceOf(NotLeaderException.class);
    // A causal read on a follower waits for the bookmark's index, then sees the write.
    ProposalResult bookmark = leader.propose("bm".getBytes(StandardCharsets.UTF_8))
        .get(5, TimeUnit.SECONDS);
    long applied = nodes[followerId].awaitApplied(bookmark.index()).get(5, TimeUnit.SECONDS);
    assertThat(applied).isGreaterThanOrEqualTo(bookmark.index());
    assertThat(machines[followerId].applied()).contains("bm");

    // Kill the leader: the other two elect a new one and keep committing.
    leader.halt();
    nodes[leaderId] = null;
    int[] rest = others(leaderId);
    RaftNode second = awaitLeader(rest);
    assertThat(second.id()).isNotEqualTo(leaderId);
    assertThat(second.term()).isGreaterThan(results.get(0).term());
    // Its term's start applied, it holds every write the old leader had acknowledged.
    long termStart = second.awaitTermStartApplied(second.term()).get(5, TimeUnit.SECONDS);
    assertThat(termStart).isGreaterThan(bookmark.index());
    assertThat(machines[second.id()].applied()).contains("a99", "bm");
    int other = rest[0] == second.id() ? rest[1] : rest[0];
    assertThatThrownBy(() -> nodes[other].awaitTermStartApplied(second.term()).get(5, TimeUnit.SECONDS))
        .as("a follower has no term start: it falls back to a ReadIndex, which it refuses")
        .cause().isInstanceOf(NotLeaderException.class);
    proposeAll(second, "b", 50);
    awaitSameState(151, rest);

    // The old leader restarts from its directory and catches up.
    restart(leaderId);
    awaitSameState(151, 1, 2, 3);
    assertThat(machines[leaderId].applied().get(150)).isEqualTo("b49");
    RaftNode third = awaitLeader(1, 2, 3);
    proposeAll(third, "c", 10);
    awaitSameState(161, 1, 2, 3);
  }

  @Test
  void aNewLeadersTermStartIsAppliedOnlyOnceItsNoOpCommitted() throws Exception {
    RaftNode first = startedWith("x", 5);
    // No AppendEntries response reaches anyone now: the next leader's no-op cannot commit (votes
    // and heartbeats still pass, so it is elected and stays leader).
    java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean(true);
    inbound = (i, m) -> !(cut.get() && m instanceof Message.AppendEntriesResponse);
    int firstId = first.id();
    first.halt();
    nodes[firstId] = null;
    RaftNode second = awaitLeader(others(firstId));
    long term = second.term();

    CompletableFuture<Long> start = second.awaitTermStartApplied(term);
    Thread.sleep(300); // ten heartbeat intervals
    assertThat(start).as("completed before the no-op of term %d committed", term).isNotDone();
    assertThat(second.isLeader()).isTrue();

    cut.set(false);
    long applied = start.get(5, TimeUnit.SECONDS);
    assertThat(applied).isGreaterThan(first.appliedIndex());
    assertThat(machines[second.id()].applied()).containsExactly("x0", "x1", "x2", "x3", "x4");
  }

  @Test
  void everyServerLearnsWhatTheOthersAdvertise() throws Exception {
    startCluster(FAST);
    await("every server knows every Bolt address", 10_000, () -> {
      for (int i = 1; i <= 3; i++) {
        for (int j = 1; j <= 3; j++) {
          if (!nodes[i].peerInfo(j).equals(java.util.Optional.of(boltAddress(j)))) {
            return false;
          }
        }
      }
      return true;
    });
    assertThat(nodes[1].peerInfo(4)).isEmpty();
    assertThatThrownBy(() -> builder(1).advertise("x".repeat(2000)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int[] others(int id) {
    return id == 1 ? new int[] {2, 3} : id == 2 ? new int[] {1, 3} : new int[] {1, 2};
  }

  private static PeerStatus statusOf(RaftNode n, int peer) {
    return n.peerStatus().stream().filter(p -> p.id() == peer).findFirst().orElseThrow();
  }

  @Test
  void peerStatusShowsMatchIndexesOnTheLeaderAndContactEverywhere() throws Exception {
    startCluster(FAST);
    RaftNode leader = awaitLeader(1, 2, 3);
    int[] followers = others(leader.id());
    long last = proposeAll(leader, "p", 10).get(9).index();
    await("the leader sees both followers at index " + last, 5000,
        () -> leader.peerStatus().stream().allMatch(p -> p.matchIndex() == last));
    assertThat(leader.peerStatus()).extracting(PeerStatus::id).containsExactly(followers[0],
        followers[1]);
    assertThat(leader.peerStatus()).allSatisfy(
        p -> assertThat(p.millisSinceLastContact()).isBetween(0L, 5000L));
    for (int f : followers) {
      List<PeerStatus> st = nodes[f].peerStatus();
      assertThat(st).extracting(PeerStatus::id).containsExactly(others(f)[0], others(f)[1]);
      assertThat(st).allSatisfy(p -> assertThat(p.matchIndex()).isEqualTo(-1));
      assertThat(statusOf(nodes[f], leader.id()).millisSinceLastContact()).isBetween(0L, 5000L);
    }

    // A stopped follower: its last contact ages, its match index stays where it was.
    int gone = followers[0];
    nodes[gone].halt();
    nodes[gone] = null;
    Thread.sleep(400);
    PeerStatus g = statusOf(leader, gone);
    assertThat(g.millisSinceLastContact()).isGreaterThanOrEqualTo(400);
    assertThat(g.matchIndex()).isEqualTo(last);
    assertThat(statusOf(leader, followers[1]).millisSinceLastContact())
        .isLessThan(g.millisSinceLastContact());
  }

  @Test
  void peerStatusOfAServerThatNeverHeardFromItsPeers() throws Exception {
    raftConfig = FAST;
    RaftTransport t = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), TRANSPORT);
    cluster = CoordinationConfig.local("127.0.0.1", t.localPort(), 1, 2); // 2 and 3 never run
    machines[1] = new ListStateMachine();
    nodes[1] = builder(1).transport(t).start();
    assertThat(nodes[1].peerStatus()).containsExactly(new PeerStatus(2, -1, -1),
        new PeerStatus(3, -1, -1));
  }

  @Test
  void closeHandsLeadershipToTheMostUpToDateFollowerQuickly() throws Exception {
    AtomicInteger lagging = new AtomicInteger();
    inbound = (i, m) -> !(lagging.get() == i && m instanceof Message.AppendEntries);
    startCluster(FAST);
    RaftNode leader = awaitLeader(1, 2, 3);
    int old = leader.id();
    proposeAll(leader, "w", 3);
    awaitSameState(3, 1, 2, 3);
    // The lowest id lags: the old rule (the first connected peer) would have picked it.
    int[] followers = others(old);
    int behind = followers[0];
    int ahead = followers[1];
    lagging.set(behind);
    long last = proposeAll(leader, "v", 20).get(19).index();
    await("the leader sees who is behind", 5000,
        () -> statusOf(leader, ahead).matchIndex() == last
            && statusOf(leader, behind).matchIndex() < last);

    long termBefore = leader.term();
    List<SoftState> oldLeaderSaw = new ArrayList<>();
    leader.addRoleListener(s -> {
      synchronized (oldLeaderSaw) {
        oldLeaderSaw.add(s);
      }
    });
    AtomicLong ledAt = new AtomicLong();
    nodes[ahead].addRoleListener(s -> {
      if (s.role() == Role.LEADER) {
        ledAt.compareAndSet(0, System.nanoTime());
      }
    });
    long start = System.nanoTime();
    leader.close();
    long closed = System.nanoTime();
    nodes[old] = null;
    await("server " + ahead + " leads", 10_000, () -> nodes[ahead].isLeader());
    LOG.info("Planned leader stop: server {} was leader {} ms after close() of server {} was"
        + " called; close() returned after {} ms (heartbeat {} ms, election timeout {}..{} ms)",
        ahead, TimeUnit.NANOSECONDS.toMillis(ledAt.get() - start), old,
        TimeUnit.NANOSECONDS.toMillis(closed - start), FAST.heartbeatInterval(),
        FAST.electionTimeoutMin(), FAST.electionTimeoutMax());
    synchronized (oldLeaderSaw) {
      assertThat(oldLeaderSaw).as("the old leader saw the handover before it stopped")
          .anySatisfy(s -> {
            assertThat(s.role()).isEqualTo(Role.FOLLOWER);
            assertThat(s.term()).isEqualTo(termBefore + 1);
          });
    }
    assertThat(nodes[ahead].term()).isEqualTo(termBefore + 1);
    assertThat(nodes[behind].isLeader()).isFalse();
    lagging.set(0);
    proposeAll(nodes[ahead], "after", 5);
    awaitSameState(28, behind, ahead);
  }

  @Test
  void serverWithAWipedDirectoryRejoinsUnderTheGuard() throws Exception {
    RaftNode leader = startedWith("a", 10);
    // A new cluster starts guarded (no durable state); the guards end once a leader was followed.
    await("every server's guard ended", 10_000, () -> {
      for (int i = 1; i <= 3; i++) {
        if (nodes[i].rejoinGuarded() || Files.exists(guardMarker(i))) {
          return false;
        }
      }
      return true;
    });

    int wiped = others(leader.id())[0];
    AtomicBoolean cut = new AtomicBoolean(true);
    inbound = (i, m) -> !(i == wiped && cut.get());
    nodes[wiped].halt();
    deleteRecursively(tmp.resolve("node" + wiped));
    restart(wiped);
    assertThat(nodes[wiped].rejoinGuarded()).isTrue();
    assertThat(guardMarker(wiped)).exists();

    // Restarted while guarded, it stays guarded even though it has a hard state by now.
    nodes[wiped].halt();
    new HardStateFile(tmp.resolve("node" + wiped).resolve("raft").resolve("state"))
        .save(new HardState(leader.term(), 0, 0));
    restart(wiped);
    assertThat(nodes[wiped].rejoinGuarded()).isTrue();

    cut.set(false);
    awaitSameState(10, 1, 2, 3);
    await("the guard of server " + wiped + " ended", 10_000,
        () -> !nodes[wiped].rejoinGuarded() && !Files.exists(guardMarker(wiped)));
    HardState hs = new HardStateFile(tmp.resolve("node" + wiped).resolve("raft").resolve("state"))
        .load();
    assertThat(hs.term()).isEqualTo(leader.term());
    assertThat(hs.vote()).as("the term it rejoined in counts as voted").isEqualTo(leader.id());

    // It votes again: with the leader gone, it and the third server elect a new one.
    int oldLeader = leader.id();
    leader.halt();
    nodes[oldLeader] = null;
    RaftNode next = awaitLeader(others(oldLeader));
    proposeAll(next, "b", 5);
    awaitSameState(15, others(oldLeader));
  }

  private Path guardMarker(int id) {
    return tmp.resolve("node" + id).resolve("raft").resolve("rejoin-guard");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void followerThatMissedMoreThanTheThresholdCatchesUpBySnapshot() throws Exception {
    startCluster(new RaftConfig(150, 300, 30, 5000, 50));
    RaftNode leader = awaitLeader(1, 2, 3);
    proposeAll(leader, "x", 10);
    awaitSameState(10, 1, 2, 3);

    int lagging = leader.id() % 3 + 1;
    nodes[lagging].halt();
    nodes[lagging] = null;
    for (int round = 0; round < 4; round++) {
      proposeAll(leader, "y" + round + "-", 60);
    }
    int[] up = new int[2];
    int k = 0;
    for (int i = 1; i <= 3; i++) {
      if (i != lagging) {
        up[k++] = i;
      }
    }
    awaitSameState(250, up);
    await("the leader wrote a snapshot", 5000, () -> leader.snapshotsWritten() > 0);

    restart(lagging);
    awaitSameState(250, 1, 2, 3);
    RaftNode restarted = nodes[lagging];
    await("the restarted follower installed a snapshot", 5000,
        () -> restarted.snapshotsInstalled() > 0);
    assertThat(machines[lagging].restores()).isPositive();

    // And it keeps up with new entries afterwards.
    proposeAll(leader, "z", 20);
    awaitSameState(270, 1, 2, 3);
  }

  @Test
  void aFollowerWritingASnapshotLetsTheOtherSurvivorOfAKilledLeaderLeadFirst() throws Exception {
    startCluster(new RaftConfig(750, 1000, 100, 20_000, 50));
    RaftNode leader = awaitLeader(1, 2, 3);
    // The lower survivor campaigns first after a refusal: unless its apply thread is busy.
    int writer = leader.id() == 1 ? 2 : 1;
    int other = 6 - leader.id() - writer;
    CountDownLatch gate = new CountDownLatch(1);
    machines[writer].holdSnapshots(gate);
    try {
      proposeAll(leader, "x", 60); // past the threshold of 50: every server writes a snapshot
      assertThat(machines[writer].awaitSnapshotHeld(10_000)).as("server %d writes a snapshot", writer)
          .isTrue();
      // On a new cluster each survivor is under the rejoin guard until an election timeout after
      // it first matched the leader's log, and then campaigns at once: the order in which the
      // guards end would decide, not the order of the survivors' turns.
      await("the survivors' rejoin guards ended", 5000,
          () -> !nodes[writer].rejoinGuarded() && !nodes[other].rejoinGuarded());
      nodes[leader.id()].halt(); // its Raft port refuses connections from now on
      nodes[leader.id()] = null;
      RaftNode next = awaitLeader(writer, other);
      assertThat(next.id()).as("the survivor whose apply thread is free").isEqualTo(other);
    } finally {
      gate.countDown();
    }
  }

  @Test
  void followerDiscardsADamagedSnapshotAndFetchesItAgain() throws Exception {
    // Every node's snapshot source damages one byte of the first chunk it serves at offset 1024
    // (inside the payload, so only the checksum can tell): the first transfer is corrupt.
    java.util.concurrent.atomic.AtomicInteger damaged =
        new java.util.concurrent.atomic.AtomicInteger();
    snapshotFilter = (meta, offset, data) -> {
      if (offset == 1024 && data.length > 10 && damaged.compareAndSet(0, 1)) {
        byte[] copy = data.clone();
        copy[10] ^= 0x40;
        return copy;
      }
      return data;
    };
    ch.qos.logback.classic.Logger nodeLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RaftNode.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    nodeLog.addAppender(appender);
    try {
      startCluster(new RaftConfig(150, 300, 30, 5000, 50));
      RaftNode leader = awaitLeader(1, 2, 3);
      proposeAll(leader, "x", 10);
      awaitSameState(10, 1, 2, 3);
      int lagging = leader.id() % 3 + 1;
      nodes[lagging].halt();
      nodes[lagging] = null;
      for (int round = 0; round < 4; round++) {
        proposeAll(leader, "y" + round + "-", 60);
      }
      await("the leader wrote a snapshot", 5000, () -> leader.snapshotsWritten() > 0);
      restart(lagging);
      awaitSameState(250, 1, 2, 3);
      RaftNode restarted = nodes[lagging];
      assertThat(damaged.get()).as("a damaged chunk was served").isEqualTo(1);
      assertThat(restarted.failure()).isEmpty();
      await("the restarted follower installed a snapshot", 5000,
          () -> restarted.snapshotsInstalled() > 0);
      // The leader may have changed meanwhile on a loaded machine: any named leader will do.
      // Raft threads keep logging: read a copy, taken under the appender's lock.
      List<ch.qos.logback.classic.spi.ILoggingEvent> events;
      synchronized (appender) {
        events = new ArrayList<>(appender.list);
      }
      assertThat(events).anySatisfy(e -> {
        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(e.getFormattedMessage()).contains("Server " + lagging + " discards damaged")
            .containsPattern("from leader [1-3] ").contains(".recv.tmp")
            .contains("checksum mismatch");
      });
      proposeAll(awaitLeader(1, 2, 3), "z", 20);
      awaitSameState(270, 1, 2, 3);
    } finally {
      nodeLog.detachAppender(appender);
    }
  }

  @Test
  void restartedClusterRecoversFromSnapshotAndLog() throws Exception {
    startCluster(new RaftConfig(150, 300, 30, 5000, 50));
    RaftNode leader = awaitLeader(1, 2, 3);
    proposeAll(leader, "r", 120);
    awaitSameState(120, 1, 2, 3);
    await("snapshots on all nodes", 5000, () -> nodes[1].snapshotsWritten() > 0
        && nodes[2].snapshotsWritten() > 0 && nodes[3].snapshotsWritten() > 0);
    List<String> expected = machines[1].applied();
    for (int i = 1; i <= 3; i++) {
      nodes[i].close();
    }
    for (int i = 1; i <= 3; i++) {
      restart(i);
      assertThat(machines[i].restores()).as("restored from its own snapshot").isEqualTo(1);
    }
    RaftNode again = awaitLeader(1, 2, 3);
    awaitSameState(120, 1, 2, 3);
    assertThat(machines[again.id()].applied()).isEqualTo(expected);
    proposeAll(again, "s", 5);
    awaitSameState(125, 1, 2, 3);
  }

  @Test
  void leaseReadsSeeEveryAcknowledgedWrite() throws Exception {
    readMode = ReadMode.LEASE;
    startCluster(FAST);
    RaftNode leader = awaitLeader(1, 2, 3);
    for (int i = 0; i < 20; i++) {
      ProposalResult r = proposeAll(leader, "l" + i + "-", 1).get(0);
      long read = leader.readIndex().get(5, TimeUnit.SECONDS);
      assertThat(read).isGreaterThanOrEqualTo(r.index());
      assertThat(machines[leader.id()].applied()).contains("l" + i + "-0");
    }
  }

  @Test
  void proposalNotCommittedInTimeReportsAnUnknownOutcome() throws Exception {
    startCluster(new RaftConfig(150, 300, 30, 100, -1));
    RaftNode leader = awaitLeader(1, 2, 3);
    proposeAll(leader, "t", 3);
    for (int i = 1; i <= 3; i++) {
      if (i != leader.id()) {
        nodes[i].halt();
        nodes[i] = null;
      }
    }
    CompletableFuture<ProposalResult> f = leader.propose("lost?".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(OutcomeUnknownException.class)
        .hasMessageContaining("outcome unknown")
        .satisfies(e -> assertThat(((OutcomeUnknownException) e).reason())
            .isEqualTo(OutcomeUnknownException.Reason.REPLICATION_TIMEOUT));
  }

  @Test
  void gracefulCloseOfTheLeaderHandsLeadershipOver() throws Exception {
    startCluster(FAST);
    RaftNode leader = awaitLeader(1, 2, 3);
    proposeAll(leader, "g", 5);
    List<Integer> seenLeaders = new ArrayList<>();
    int old = leader.id();
    int[] rest = old == 1 ? new int[] {2, 3} : old == 2 ? new int[] {1, 3} : new int[] {1, 2};
    nodes[rest[0]].addRoleListener(s -> {
      synchronized (seenLeaders) {
        seenLeaders.add(s.leader());
      }
    });
    long termBefore = leader.term();
    List<SoftState> oldLeaderSaw = new ArrayList<>();
    leader.addRoleListener(s -> {
      synchronized (oldLeaderSaw) {
        oldLeaderSaw.add(s);
      }
    });
    leader.close();
    nodes[old] = null;
    // Before it stopped, the old leader saw its successor's election in the next term (a killed
    // leader would not): the transfer happened while it was still running.
    synchronized (oldLeaderSaw) {
      assertThat(oldLeaderSaw).anySatisfy(s -> {
        assertThat(s.role()).isEqualTo(Role.FOLLOWER);
        assertThat(s.term()).isEqualTo(termBefore + 1);
      });
    }
    RaftNode next = awaitLeader(rest);
    assertThat(next.term()).isEqualTo(termBefore + 1);
    synchronized (seenLeaders) {
      assertThat(seenLeaders).contains(next.id());
    }
  }
}

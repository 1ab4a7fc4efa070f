package io.memgraph.ha.raft.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.log.CorruptLogException;
import io.memgraph.ha.raft.transport.RaftTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart recovery of a single-node cluster from its directory (real files, fsync, TCP port). */
class RaftNodeRecoveryTest {
  private static final RaftConfig TIMING = new RaftConfig(150, 300, 30, 5000, -1);
  private static final RaftConfig SNAPSHOT_EVERY_20 = new RaftConfig(150, 300, 30, 5000, 20);

  @TempDir
  Path dir;

  private RaftNode node;
  private CoordinationConfig cluster;

  @AfterEach
  void stop() {
    if (node != null) {
      node.halt();
    }
  }

  private RaftNode start(ListStateMachine sm, RaftConfig cfg) throws IOException {
    return start(sm, cfg, RaftNode.DEFAULT_SNAPSHOT_BYTES);
  }

  private RaftNode start(ListStateMachine sm, RaftConfig cfg, long snapshotBytes)
      throws IOException {
    if (cluster == null) {
      RaftTransport t = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0),
          RaftTransport.Options.DEFAULTS);
      cluster = CoordinationConfig.local("127.0.0.1", t.localPort());
      return RaftNode.builder(1, cluster, cfg, dir, sm).transport(t).snapshotBytes(snapshotBytes)
          .start();
    }
    return RaftNode.builder(1, cluster, cfg, dir, sm).snapshotBytes(snapshotBytes).start();
  }

  private static void awaitLeader(RaftNode n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!n.isLeader()) {
      assertThat(System.nanoTime()).as("single node elects itself").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static void propose(RaftNode n, String prefix, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      n.propose((prefix + i).getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
    }
  }

  /** Waits (at most 10 s) until {@code sm} applied {@code count} commands. */
  private static void awaitApplied(ListStateMachine sm, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sm.size() < count) {
      assertThat(System.nanoTime()).as("applied %d within 10 s", count).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** Waits (at most 5 s) until {@code n} wrote {@code count} snapshots. */
  private static void awaitSnapshots(RaftNode n, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (n.snapshotsWritten() < count) {
      assertThat(System.nanoTime()).as("%d snapshots within 5 s", count).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("raft"))) {
      return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  @Test
  void aOneServerClusterLeadsAtOnceNotAfterAnElectionTimeout() throws Exception {
    // A 10 s election timeout: without the sole-voter rule the first election would take 10 s.
    RaftConfig slow = new RaftConfig(10_000, 20_000, 1000, 5000, -1);
    for (int run = 0; run < 2; run++) { // a new directory, then a restart from it
      long start = System.nanoTime();
      node = start(new ListStateMachine(), slow);
      long deadline = start + TimeUnit.SECONDS.toNanos(3);
      while (!node.isLeader()) {
        assertThat(System.nanoTime()).as("leader within 3 s").isLessThan(deadline);
        Thread.sleep(2);
      }
      assertThat(node.rejoinGuarded()).as("no guard in a one-member cluster").isFalse();
      assertThat(dir.resolve("raft").resolve("rejoin-guard")).doesNotExist();
      node.close();
    }
    node = null;
  }

  @Test
  void restartReappliesTheCommittedLogAndKeepsTheTerm() throws Exception {
    ListStateMachine sm = new ListStateMachine();
    node = start(sm, TIMING);
    awaitLeader(node);
    propose(node, "e", 30);
    long term = node.term();
    node.close();

    ListStateMachine sm2 = new ListStateMachine();
    node = start(sm2, TIMING);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sm2.size() < 30) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(5);
    }
    assertThat(sm2.applied()).isEqualTo(sm.applied());
    awaitLeader(node);
    assertThat(node.term()).isGreaterThan(term);
    propose(node, "f", 3);
    assertThat(sm2.size()).isEqualTo(33);
  }

  @Test
  void restartRecoversFromItsSnapshotPlusTheLogAfterIt() throws Exception {
    ListStateMachine sm = new ListStateMachine();
    node = start(sm, SNAPSHOT_EVERY_20);
    awaitLeader(node);
    propose(node, "s", 50);
    awaitSnapshots(node, 2);
    node.close();
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      assertThat(s.count()).as("only the newest two snapshots are kept").isEqualTo(2);
    }

    ListStateMachine sm2 = new ListStateMachine();
    node = start(sm2, SNAPSHOT_EVERY_20);
    assertThat(sm2.restores()).isEqualTo(1);
    awaitApplied(sm2, 50);
    assertThat(sm2.applied()).isEqualTo(sm.applied());
  }

  /**
   * Starts {@link #node} as the leader over a state machine that captures its snapshots (one falls
   * due every 20 entries) and writes each only once {@code gate} opens; returns the state machine.
   */
  private ListStateMachine startCapturingWithSnapshotsHeldBy(CountDownLatch gate) throws Exception {
    ListStateMachine sm = new ListStateMachine();
    sm.captureSnapshots();
    sm.holdSnapshots(gate);
    node = start(sm, SNAPSHOT_EVERY_20);
    awaitLeader(node);
    return sm;
  }

  @Test
  void aSnapshotWrittenOffTheApplyThreadLetsEntriesApplyMeanwhile() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    ListStateMachine sm = startCapturingWithSnapshotsHeldBy(gate);
    propose(node, "s", 20);
    assertThat(sm.awaitSnapshotHeld(5000)).as("the snapshot at 20 is being written").isTrue();
    // Held like a long write of a large state; the entries after it still commit and apply.
    // Another snapshot falls due at 40 and is skipped: one is written at a time.
    propose(node, "t", 30);
    assertThat(sm.size()).isEqualTo(50);
    assertThat(node.snapshotsWritten()).isZero();
    gate.countDown();
    awaitSnapshots(node, 1);
    assertThat(sm.capturesClosed()).isEqualTo(1);
    node.close();

    ListStateMachine sm2 = new ListStateMachine();
    node = start(sm2, SNAPSHOT_EVERY_20);
    assertThat(sm2.restores()).as("restored from the snapshot written beside the applies")
        .isEqualTo(1);
    awaitApplied(sm2, 50);
    assertThat(sm2.applied()).isEqualTo(sm.applied());
  }

  @Test
  void closingWhileASnapshotIsWrittenAbandonsItAndLeavesNoSnapshotFile() throws Exception {
    ListStateMachine sm = startCapturingWithSnapshotsHeldBy(new CountDownLatch(1)); // never opened
    propose(node, "s", 25);
    assertThat(sm.awaitSnapshotHeld(5000)).isTrue();
    long start = System.nanoTime();
    node.close();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
        .as("close does not wait out a held snapshot write").isLessThan(5);
    assertThat(sm.capturesClosed()).isEqualTo(1);
    assertThat(node.snapshotsWritten()).isZero();
    try (Stream<Path> s = Files.list(dir.resolve("snapshots"))) {
      assertThat(s.toList()).as("no snapshot, no unfinished file").isEmpty();
    }

    ListStateMachine sm2 = new ListStateMachine();
    node = start(sm2, SNAPSHOT_EVERY_20);
    awaitApplied(sm2, 25);
    assertThat(sm2.restores()).isZero();
    assertThat(sm2.applied()).isEqualTo(sm.applied());
  }

  @Test
  void aFewLargeEntriesAreSnapshottedLongBeforeTheEntryCountThreshold() throws Exception {
    // 50,000 entries would be the threshold by count; 12 entries of 20 KiB pass 64 KiB twice.
    RaftConfig byCount = new RaftConfig(150, 300, 30, 5000, 50_000);
    ListStateMachine sm = new ListStateMachine();
    node = start(sm, byCount, 64 << 10);
    awaitLeader(node);
    for (int i = 0; i < 12; i++) {
      byte[] big = new byte[20 << 10];
      java.util.Arrays.fill(big, (byte) ('a' + i));
      node.propose(big).get(5, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (node.snapshotsWritten() < 2) {
      assertThat(System.nanoTime()).as("two snapshots by bytes").isLessThan(deadline);
      Thread.sleep(5);
    }
    node.close();

    ListStateMachine sm2 = new ListStateMachine();
    node = start(sm2, byCount, 64 << 10);
    assertThat(sm2.restores()).as("the restart reads a snapshot").isEqualTo(1);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sm2.size() < sm.size()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(5);
    }
    assertThat(sm2.applied()).isEqualTo(sm.applied());
  }

  @Test
  void tornLogTailIsRepairedOnRestart() throws Exception {
    ListStateMachine sm = new ListStateMachine();
    node = start(sm, TIMING);
    awaitLeader(node);
    propose(node, "t", 10);
    node.close();
    node = null;
    Path last = segments().get(segments().size() - 1);
    long size = Files.size(last);
    Files.write(last, new byte[] {0, 0, 0, 99, 1, 2, 3}, StandardOpenOption.APPEND);

    ListStateMachine sm2 = new ListStateMachine();
    node = start(sm2, TIMING);
    assertThat(Files.size(last)).isEqualTo(size);
    awaitLeader(node);
    propose(node, "u", 1);
    assertThat(sm2.applied()).startsWith(sm.applied().toArray(new String[0]));
  }

  @Test
  void tooManyProposalsInFlightAreRefusedNotQueued() throws Exception {
    ListStateMachine sm = new ListStateMachine();
    RaftTransport t = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0),
        RaftTransport.Options.DEFAULTS);
    cluster = CoordinationConfig.local("127.0.0.1", t.localPort());
    node = RaftNode.builder(1, cluster, TIMING, dir, sm).transport(t).maxPendingProposals(8)
        .start();
    awaitLeader(node);
    List<CompletableFuture<ProposalResult>> fs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      fs.add(node.propose(("p" + i).getBytes(StandardCharsets.UTF_8)));
    }
    int ok = 0;
    int refused = 0;
    for (CompletableFuture<ProposalResult> f : fs) {
      try {
        f.get(5, TimeUnit.SECONDS);
        ok++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(RejectedExecutionException.class)
            .hasMessageContaining("nothing was appended");
        refused++;
      }
    }
    assertThat(ok).isGreaterThanOrEqualTo(8);
    assertThat(refused).isPositive();
    assertThat(sm.size()).as("exactly the accepted proposals were applied").isEqualTo(ok);
    propose(node, "after", 3); // capacity is returned once proposals complete
  }

  @Test
  void stateMachineFailureStopsTheNode() throws Exception {
    node = start(new ListStateMachine(), TIMING);
    awaitLeader(node);
    propose(node, "fine", 2);
    RaftNode n = node;
    CompletableFuture<ProposalResult> f = n.propose("boom".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
        .cause().isInstanceOf(OutcomeUnknownException.class);
    assertThat(n.failure()).get(InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("refuses 'boom'");
    assertThatThrownBy(() -> n.propose(new byte[] {1}).get(5, TimeUnit.SECONDS))
        .cause().hasMessageContaining("closed");
  }

  @Test
  void corruptEntryInTheMiddleStopsStartUpNamingTheFile() throws Exception {
    ListStateMachine sm = new ListStateMachine();
    node = start(sm, TIMING);
    awaitLeader(node);
    propose(node, "m", 10);
    node.close();
    node = null;
    Path seg = segments().get(0);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, 60);
      b.put(0, (byte) (b.get(0) ^ 0x01)).flip();
      ch.write(b, 60);
    }
    assertThatThrownBy(() -> start(new ListStateMachine(), TIMING))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(seg.toString());
  }
}

package io.memgraph.ha.raft.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.core.ReadMode;
import io.memgraph.ha.raft.transport.RaftTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease reads after a pause of the leader's Raft thread (a GC pause, a stuck fsync): while it was
 * paused and cut off, the others elected a new leader and committed a write. When the old leader
 * resumes, the time it lost must expire its lease before it looks at the read that waited, so it
 * never serves the read from its stale state.
 */
class RaftNodeLeaseTest {
  private static final RaftTransport.Options TRANSPORT = new RaftTransport.Options(1 << 24, 10_000,
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), 1);
  private static final RaftConfig CONFIG = new RaftConfig(150, 300, 30, 1000, -1);

  @TempDir
  Path tmp;

  private final RaftNode[] nodes = new RaftNode[4];
  private final ListStateMachine[] machines = new ListStateMachine[4];
  private final AtomicBoolean[] cutOff = new AtomicBoolean[4];

  @AfterEach
  void stopAll() {
    for (RaftNode n : nodes) {
      if (n != null) {
        n.halt();
      }
    }
  }

  private static void await(String what, long millis, java.util.function.BooleanSupplier cond)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
      }
      Thread.sleep(2);
    }
  }

  @Test
  void pausedOldLeaderDoesNotServeALeaseReadAfterANewLeaderCommitted() throws Exception {
    RaftTransport[] ts = new RaftTransport[4];
    for (int i = 1; i <= 3; i++) {
      ts[i] = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), TRANSPORT);
    }
    CoordinationConfig cluster = CoordinationConfig.local("127.0.0.1", ts[1].localPort(),
        ts[2].localPort(), ts[3].localPort());
    for (int i = 1; i <= 3; i++) {
      machines[i] = new ListStateMachine();
      AtomicBoolean cut = new AtomicBoolean();
      cutOff[i] = cut;
      nodes[i] = RaftNode.builder(i, cluster, CONFIG, tmp.resolve("node" + i), machines[i])
          .transport(ts[i]).transportOptions(TRANSPORT).readMode(ReadMode.LEASE)
          .inboundFilter(m -> !cut.get()).start();
    }
    RaftNode[] found = new RaftNode[1];
    await("a leader", 10_000, () -> {
      for (int i = 1; i <= 3; i++) {
        if (nodes[i].isLeader()) {
          found[0] = nodes[i];
          return true;
        }
      }
      return false;
    });
    RaftNode old = found[0];
    old.propose("a".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
    // A lease read works while all is well.
    long before = old.readIndex().get(5, TimeUnit.SECONDS);
    assertThat(before).isPositive();

    // Pause the old leader's Raft thread and cut it off from incoming messages.
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch paused = new CountDownLatch(1);
    cutOff[old.id()].set(true);
    assertThat(old.runOnRaftThread(() -> {
      paused.countDown();
      try {
        if (!release.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test pause never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    })).isTrue();
    assertThat(paused.await(5, TimeUnit.SECONDS)).isTrue();
    RaftNode[] successor = new RaftNode[1];
    try {
      await("a new leader among the others", 10_000, () -> {
        for (int i = 1; i <= 3; i++) {
          if (i != old.id() && nodes[i].isLeader()) {
            successor[0] = nodes[i];
            return true;
          }
        }
        return false;
      });
      ProposalResult b = successor[0].propose("b".getBytes(StandardCharsets.UTF_8))
          .get(5, TimeUnit.SECONDS);
      assertThat(b.index()).isGreaterThan(before);
      // The read arrives during the pause; the Raft thread sees it right after resuming.
      CompletableFuture<Long> read = old.readIndex();
      release.countDown();
      try {
        long served = read.get(5, TimeUnit.SECONDS);
        throw new AssertionError("the old leader served a lease read at index " + served
            + " after server " + successor[0].id() + " committed index " + b.index()
            + "; its state has " + machines[old.id()].applied());
      } catch (ExecutionException e) {
        // Refused (no longer leader) or not confirmed in time: both are correct outcomes.
        assertThat(e.getCause()).isInstanceOfAny(NotLeaderException.class,
            java.util.concurrent.TimeoutException.class, NodeShutdownException.class);
      }
      assertThat(machines[old.id()].applied()).doesNotContain("b");
    } finally {
      release.countDown();
    }
  }
}

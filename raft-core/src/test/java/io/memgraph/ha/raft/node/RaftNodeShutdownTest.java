package io.memgraph.ha.raft.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.transport.RaftTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every future a node hands out (propose, readIndex, awaitApplied) completes when the node closes
 * or halts, even the ones created while it is shutting down.
 */
class RaftNodeShutdownTest {
  private static final RaftTransport.Options TRANSPORT = new RaftTransport.Options(1 << 24, 10_000,
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), 1);
  private static final RaftConfig CONFIG = new RaftConfig(150, 300, 30, 5000, -1);

  @TempDir
  Path tmp;

  private final RaftNode[] nodes = new RaftNode[4];

  @AfterEach
  void stopAll() {
    for (RaftNode n : nodes) {
      if (n != null) {
        n.halt();
      }
    }
  }

  private void startCluster() throws IOException {
    RaftTransport[] ts = new RaftTransport[4];
    for (int i = 1; i <= 3; i++) {
      ts[i] = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), TRANSPORT);
    }
    CoordinationConfig cluster = CoordinationConfig.local("127.0.0.1", ts[1].localPort(),
        ts[2].localPort(), ts[3].localPort());
    for (int i = 1; i <= 3; i++) {
      nodes[i] = RaftNode.builder(i, cluster, CONFIG, tmp.resolve("node" + i),
          new ListStateMachine()).transport(ts[i]).transportOptions(TRANSPORT).start();
    }
  }

  private RaftNode awaitLeader() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (int i = 1; i <= 3; i++) {
        if (nodes[i].isLeader()) {
          return nodes[i];
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no leader within 10 s");
  }

  /**
   * Keeps creating futures on {@code node} from two threads while it stops, then checks that every
   * one of them completed within a bounded time, and that failures say the node shut down.
   */
  private void stopUnderLoad(RaftNode node, Runnable stop) throws Exception {
    ConcurrentLinkedQueue<CompletableFuture<?>> futures = new ConcurrentLinkedQueue<>();
    // Waits that only shutdown can end: an index far in the future.
    for (int i = 0; i < 200; i++) {
      futures.add(node.awaitApplied(1_000_000 + i));
    }
    AtomicBoolean go = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int tn = t;
      Thread th = new Thread(() -> {
        int i = 0;
        while (go.get() && i < 200_000) {
          futures.add(node.propose(("p" + tn + "-" + i).getBytes(StandardCharsets.UTF_8)));
          futures.add(node.readIndex());
          futures.add(node.awaitApplied(2_000_000 + i));
          i++;
          if (i % 64 == 0) {
            Thread.yield();
          }
        }
      }, "load-" + t);
      threads.add(th);
      th.start();
    }
    Thread.sleep(150);
    stop.run();
    go.set(false);
    for (Thread th : threads) {
      th.join(10_000);
      assertThat(th.isAlive()).isFalse();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (CompletableFuture<?> f : futures) {
      long left = deadline - System.nanoTime();
      try {
        f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("a future was still pending 5 s after the node stopped ("
            + futures.stream().filter(x -> !x.isDone()).count() + " of " + futures.size() + ")");
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
        assertThat(c).isInstanceOfAny(NodeShutdownException.class, OutcomeUnknownException.class,
            NotLeaderException.class, java.util.concurrent.RejectedExecutionException.class,
            ProposalLostException.class, java.util.concurrent.TimeoutException.class);
      }
    }
    assertThat(futures.size()).isGreaterThan(1000);
    // The far-future waits can only have ended with the shutdown outcome.
    long shutdownOutcomes = futures.stream().filter(CompletableFuture::isCompletedExceptionally)
        .map(f -> f.handle((r, e) -> e).join())
        .filter(e -> e instanceof NodeShutdownException).count();
    assertThat(shutdownOutcomes).isGreaterThanOrEqualTo(200);
    // And after the stop, new requests fail at once.
    assertThat(node.propose(new byte[] {1})).failsWithin(Duration.ofSeconds(1));
    assertThat(node.readIndex()).failsWithin(Duration.ofSeconds(1));
    assertThat(node.awaitApplied(5_000_000)).failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(NodeShutdownException.class);
  }

  @Test
  void haltingTheLeaderCompletesEveryPendingFuture() throws Exception {
    startCluster();
    RaftNode leader = awaitLeader();
    stopUnderLoad(leader, leader::halt);
  }

  @Test
  void closingAFollowerCompletesEveryPendingFuture() throws Exception {
    startCluster();
    RaftNode leader = awaitLeader();
    RaftNode follower = nodes[leader.id() % 3 + 1];
    stopUnderLoad(follower, follower::close);
  }
}

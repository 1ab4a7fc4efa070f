package io.memgraph.ha.raft.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.transport.RaftTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower whose state machine is much slower than the cluster's commit rate: the entries
 * handed to its apply thread stay under the configured bound while the leader keeps committing
 * (the rest wait, committed, in the log), and it still catches up.
 */
class RaftNodeApplyBackpressureTest {
  private static final RaftTransport.Options TRANSPORT = new RaftTransport.Options(1 << 24, 10_000,
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), 1);
  private static final RaftConfig CONFIG = new RaftConfig(150, 300, 30, 10_000, -1);
  private static final int MAX_APPLYING = 32;

  @TempDir
  Path tmp;

  private final RaftNode[] nodes = new RaftNode[4];
  private final ListStateMachine[] machines = new ListStateMachine[4];

  @AfterEach
  void stopAll() {
    for (RaftNode n : nodes) {
      if (n != null) {
        n.halt();
      }
    }
  }

  /** Delegates to a {@link ListStateMachine}, sleeping on every apply while {@code slow}. */
  private static final class SlowStateMachine implements StateMachine {
    private final ListStateMachine inner;
    final AtomicBoolean slow = new AtomicBoolean();

    SlowStateMachine(ListStateMachine inner) {
      this.inner = inner;
    }

    @Override
    public byte[] apply(long index, byte[] data) {
      if (slow.get()) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while applying " + index, e);
        }
      }
      return inner.apply(index, data);
    }

    @Override
    public void writeSnapshot(long index, OutputStream out) throws IOException {
      inner.writeSnapshot(index, out);
    }

    @Override
    public void restore(InputStream in) throws IOException {
      inner.restore(in);
    }
  }

  @Test
  void slowFollowerKeepsItsApplyBacklogBounded() throws Exception {
    RaftTransport[] ts = new RaftTransport[4];
    for (int i = 1; i <= 3; i++) {
      ts[i] = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), TRANSPORT);
    }
    CoordinationConfig cluster = CoordinationConfig.local("127.0.0.1", ts[1].localPort(),
        ts[2].localPort(), ts[3].localPort());
    SlowStateMachine[] sms = new SlowStateMachine[4];
    for (int i = 1; i <= 3; i++) {
      machines[i] = new ListStateMachine();
      sms[i] = new SlowStateMachine(machines[i]);
      nodes[i] = RaftNode.builder(i, cluster, CONFIG, tmp.resolve("node" + i), sms[i])
          .transport(ts[i]).transportOptions(TRANSPORT).maxApplying(MAX_APPLYING, 1 << 20)
          .start();
    }
    RaftNode leader = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (leader == null && System.nanoTime() < deadline) {
      for (int i = 1; i <= 3; i++) {
        if (nodes[i].isLeader()) {
          leader = nodes[i];
        }
      }
      Thread.sleep(5);
    }
    assertThat(leader).as("a leader within 10 s").isNotNull();
    RaftNode slow = nodes[leader.id() % 3 + 1];
    sms[slow.id()].slow.set(true);

    AtomicLong maxBacklog = new AtomicLong();
    AtomicLong maxCommittedUnapplied = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        maxBacklog.accumulateAndGet(slow.applyBacklog(), Math::max);
        maxCommittedUnapplied.accumulateAndGet(slow.commitIndex() - slow.appliedIndex(),
            Math::max);
        try {
          Thread.sleep(0, 200_000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "sampler");
    sampler.start();
    int total = 2000;
    try {
      // The leader and the fast follower commit far faster than the slow one applies.
      List<CompletableFuture<ProposalResult>> fs = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        fs.add(leader.propose(("c" + i).getBytes(StandardCharsets.UTF_8)));
        if (fs.size() >= 256) {
          fs.remove(0).get(10, TimeUnit.SECONDS);
        }
      }
      for (CompletableFuture<ProposalResult> f : fs) {
        f.get(10, TimeUnit.SECONDS);
      }
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (machines[slow.id()].size() < total && System.nanoTime() < waitUntil) {
        Thread.sleep(10);
      }
    } finally {
      sampling.set(false);
      sampler.join(5000);
    }
    assertThat(machines[slow.id()].size()).as("the slow follower caught up").isEqualTo(total);
    assertThat(machines[slow.id()].applied()).isEqualTo(machines[leader.id()].applied());
    assertThat(slow.failure()).isEmpty();
    // Back-pressure really happened: many more entries were committed than handed over...
    assertThat(maxCommittedUnapplied.get()).isGreaterThan(4L * MAX_APPLYING);
    // ...and the apply thread never held more than the bound.
    assertThat(maxBacklog.get()).isPositive().isLessThanOrEqualTo(MAX_APPLYING);
  }

  /**
   * The apply thread wakes the Raft thread after a batch only while entries wait for apply budget.
   * With ticks a quarter of a second apart, a wake-up lost there would cost a tick for each of the
   * 100 rounds that 400 entries take four at a time: 25 s instead of well under one.
   */
  @Test
  void entriesHeldBackByTheApplyLimitGoWithoutWaitingForATick() throws Exception {
    RaftTransport t = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0), TRANSPORT);
    CoordinationConfig sole = CoordinationConfig.local("127.0.0.1", t.localPort());
    machines[1] = new ListStateMachine();
    RaftConfig slowTicks = new RaftConfig(1000, 1250, 500, 60_000, -1);
    nodes[1] = RaftNode.builder(1, sole, slowTicks, tmp.resolve("sole"), machines[1])
        .transport(t).transportOptions(TRANSPORT).tickMillis(250).maxApplying(4, 1 << 20).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!nodes[1].isLeader() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(nodes[1].isLeader()).as("the sole server leads within 10 s").isTrue();

    int total = 400;
    List<CompletableFuture<ProposalResult>> fs = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      fs.add(nodes[1].propose(("e" + i).getBytes(StandardCharsets.UTF_8)));
    }
    long start = System.nanoTime();
    for (CompletableFuture<ProposalResult> f : fs) {
      f.get(60, TimeUnit.SECONDS);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(machines[1].size()).isEqualTo(total);
    assertThat(millis).as("400 entries applied four at a time, in ms").isLessThan(5_000);
  }
}

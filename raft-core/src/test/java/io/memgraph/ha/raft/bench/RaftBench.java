package io.memgraph.ha.raft.bench;

import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.node.ProposalResult;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.raft.node.StateMachine;
import io.memgraph.ha.raft.transport.RaftTransport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commit throughput and latency of a three-node cluster over loopback TCP with fsync: 100-byte
 * entries, 1, 16 and 256 concurrent proposers (each waits for its entry to be applied on the leader
 * before proposing the next). Prints entries per second and p50/p99 commit latency.
 *
 * <p>Run: {@code mvn -q -o -pl raft-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.memgraph.ha.raft.bench.RaftBench [-Dexec.args="10 1,16,256"]}
 * (arguments: seconds per run, concurrency levels). Data goes to a temporary directory on the
 * default file system ({@code java.io.tmpdir}), which decides what an fsync costs.
 */
public final class RaftBench {
  private RaftBench() {}

  /** Counts applied entries; snapshot = the count. Cheap, so the numbers measure Raft. */
  private static final class CountingStateMachine implements StateMachine {
    private long count;

    @Override
    public synchronized byte[] apply(long index, byte[] data) {
      count++;
      return new byte[0];
    }

    @Override
    public synchronized void writeSnapshot(long index, OutputStream out) throws IOException {
      new DataOutputStream(out).writeLong(count);
    }

    @Override
    public synchronized void restore(InputStream in) throws IOException {
      count = new DataInputStream(in).readLong();
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int[] levels = args.length > 1
        ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1, 16, 256};
    Path dir = Files.createTempDirectory("raft-bench");
    RaftConfig cfg = RaftConfig.DEFAULTS;
    RaftTransport[] ts = new RaftTransport[4];
    for (int i = 1; i <= 3; i++) {
      ts[i] = RaftTransport.listen(new InetSocketAddress("127.0.0.1", 0),
          RaftTransport.Options.DEFAULTS);
    }
    CoordinationConfig cluster = CoordinationConfig.local("127.0.0.1", ts[1].localPort(),
        ts[2].localPort(), ts[3].localPort());
    RaftNode[] nodes = new RaftNode[4];
    try {
      for (int i = 1; i <= 3; i++) {
        nodes[i] = RaftNode.builder(i, cluster, cfg, dir.resolve("node" + i),
            new CountingStateMachine()).transport(ts[i]).start();
      }
      RaftNode leader = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (leader == null && System.nanoTime() < deadline) {
        for (int i = 1; i <= 3; i++) {
          if (nodes[i].isLeader()) {
            leader = nodes[i];
          }
        }
        Thread.sleep(10);
      }
      if (leader == null) {
        throw new IllegalStateException("no leader elected within 20 s");
      }
      System.out.printf("raft-core benchmark: 3 nodes, loopback TCP, fsync in %s, 100-byte entries,"
          + " %d s per level, leader %d%n", dir, seconds, leader.id());
      System.out.printf("%-12s %14s %10s %10s %10s %14s%n", "proposers", "entries/s", "p50 ms",
          "p99 ms", "max ms", "entries/fsync");
      run(leader, 16, 2, false); // warm-up: JIT, connections, page cache
      for (int c : levels) {
        run(leader, c, seconds, true);
      }
    } finally {
      for (int i = 1; i <= 3; i++) {
        if (nodes[i] != null) {
          nodes[i].halt();
        }
      }
      deleteRecursively(dir);
    }
  }

  /** One proposer: proposes, waits for the result, records the latency, repeats until stopped. */
  private static final class Proposer {
    private final RaftNode leader;
    private final byte[] payload = new byte[100];
    private long[] latencies = new long[1 << 12];
    private int n;
    private volatile boolean stop;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong failures;

    Proposer(RaftNode leader, AtomicLong failures) {
      this.leader = leader;
      this.failures = failures;
    }

    void next() {
      if (stop) {
        done.countDown();
        return;
      }
      long start = System.nanoTime();
      CompletableFuture<ProposalResult> f = leader.propose(payload);
      f.whenComplete((r, e) -> {
        if (e != null) {
          failures.incrementAndGet();
        } else {
          record(System.nanoTime() - start);
        }
        next();
      });
    }

    private void record(long nanos) {
      if (n == latencies.length) {
        latencies = Arrays.copyOf(latencies, n * 2);
      }
      latencies[n++] = nanos;
    }
  }

  private static void run(RaftNode leader, int concurrency, int seconds, boolean print)
      throws InterruptedException {
    AtomicLong failures = new AtomicLong();
    Proposer[] ps = new Proposer[concurrency];
    for (int i = 0; i < concurrency; i++) {
      ps[i] = new Proposer(leader, failures);
    }
    long syncsBefore = leader.logSyncs();
    long start = System.nanoTime();
    for (Proposer p : ps) {
      p.next();
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    for (Proposer p : ps) {
      p.stop = true;
    }
    for (Proposer p : ps) {
      if (!p.done.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a proposer did not finish");
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long syncs = leader.logSyncs() - syncsBefore;
    int total = 0;
    for (Proposer p : ps) {
      total += p.n;
    }
    long[] all = new long[total];
    int k = 0;
    for (Proposer p : ps) {
      System.arraycopy(p.latencies, 0, all, k, p.n);
      k += p.n;
    }
    Arrays.sort(all);
    if (print) {
      System.out.printf("%-12d %14.0f %10.2f %10.2f %10.2f %14.1f%s%n", concurrency,
          total / elapsed, pct(all, 0.50), pct(all, 0.99),
          all.length == 0 ? 0 : all[all.length - 1] / 1e6,
          syncs == 0 ? 0.0 : (double) total / syncs,
          failures.get() == 0 ? "" : "  (" + failures.get() + " failed)");
    }
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) {
          throw new UncheckedIOException(exc);
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}

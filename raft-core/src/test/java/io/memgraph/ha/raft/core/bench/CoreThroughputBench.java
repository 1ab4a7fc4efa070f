package io.memgraph.ha.raft.core.bench;

import io.memgraph.ha.raft.core.CoreConfig;
import io.memgraph.ha.raft.core.MemoryStorage;
import io.memgraph.ha.raft.core.Message;
import io.memgraph.ha.raft.core.ProposeResult;
import io.memgraph.ha.raft.core.RaftCore;
import io.memgraph.ha.raft.core.Ready;
import io.memgraph.ha.raft.core.Role;
import io.memgraph.ha.raft.core.SnapshotMeta;
import io.memgraph.ha.raft.core.SnapshotSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * CPU cost of the pure core: three in-memory nodes on one thread, no IO, 100-byte entries proposed
 * in batches of {@code batch}; prints committed-and-applied entries per second. It measures the
 * algorithm's overhead only (the real figures with fsync and TCP come from the node benchmark).
 *
 * <p>Run: {@code mvn -q -o -pl raft-core -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.memgraph.ha.raft.core.bench.CoreThroughputBench -Dexec.args="2000000 64"}
 */
public final class CoreThroughputBench {

  private static final SnapshotSource NO_SNAPSHOTS = new SnapshotSource() {
    @Override
    public Optional<Long> size(SnapshotMeta meta) {
      return Optional.empty();
    }

    @Override
    public Optional<byte[]> read(SnapshotMeta meta, long offset, int maxBytes) {
      return Optional.empty();
    }
  };

  private CoreThroughputBench() {
  }

  /** Arguments: total entries (default 1,000,000) and batch size (default 64). */
  public static void main(String[] args) {
    long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    for (int round = 0; round < 3; round++) {
      run(total / (round == 0 ? 10 : 1), batch, round == 0);
    }
  }

  private static void run(long total, int batch, boolean warmup) {
    List<Integer> ids = List.of(1, 2, 3);
    RaftCore[] cores = new RaftCore[4];
    MemoryStorage[] disks = new MemoryStorage[4];
    long[] applied = new long[4];
    for (int id : ids) {
      disks[id] = new MemoryStorage();
      cores[id] = new RaftCore(CoreConfig.defaults(id, ids).withTiming(10, 20, 2)
          .withSnapshotThreshold(-1), disks[id], NO_SNAPSHOTS, new SplittableRandom(id));
    }
    ArrayDeque<Message> net = new ArrayDeque<>();
    while (cores[1].role() != Role.LEADER) {
      cores[1].tick();
      pump(cores, disks, applied, net);
    }
    byte[] payload = new byte[100];
    long start = System.nanoTime();
    long proposed = 0;
    while (applied[2] < total) {
      for (int i = 0; i < batch && proposed < total; i++) {
        if (cores[1].propose(payload) instanceof ProposeResult.Accepted) {
          proposed++;
        }
      }
      pump(cores, disks, applied, net);
      if (proposed >= total) {
        cores[1].tick();
        cores[2].tick();
        cores[3].tick();
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    if (!warmup) {
      System.out.printf("pure core, 3 nodes, batch %d: %d entries in %.2f s = %.0f entries/s%n",
          batch, total, s, total / s);
    }
  }

  private static void pump(RaftCore[] cores, MemoryStorage[] disks, long[] applied,
      ArrayDeque<Message> net) {
    boolean busy = true;
    while (busy) {
      busy = false;
      for (int id = 1; id <= 3; id++) {
        while (cores[id].hasReady()) {
          busy = true;
          Ready rd = cores[id].ready();
          disks[id].append(rd.entries());
          rd.hardState().ifPresent(disks[id]::setHardState);
          net.addAll(rd.messages());
          for (var e : rd.committedEntries()) {
            applied[id] = e.index();
          }
          cores[id].advance(rd);
        }
      }
      while (!net.isEmpty()) {
        busy = true;
        Message m = net.poll();
        cores[m.to()].step(m);
      }
    }
  }
}

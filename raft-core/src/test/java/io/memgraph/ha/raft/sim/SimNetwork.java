package io.memgraph.ha.raft.sim;

import io.memgraph.ha.raft.core.Message;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated network: every message gets a random latency (so messages reorder), may be
 * dropped or duplicated, and is lost if its link is cut when it is sent or delivered. Links are
 * directed, so a partition can be one-way.
 */
final class SimNetwork {

  private final Simulation sim;
  private final SplittableRandom random;
  /** Directed links "from -> to" that drop everything: from * 1000 + to. */
  private final Set<Integer> cut = new HashSet<>();
  double dropRate;
  double duplicateRate;
  double delaySpikeRate;
  /** Snapshot chunks whose bytes get damaged in flight (a bit flip the checksum must catch). */
  double corruptRate;
  /** The damaged chunks' data arrays, by identity: the core hands them on unchanged. */
  private final java.util.Set<byte[]> corrupted =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  int minLatencyMs;
  int maxLatencyMs;
  long sent;
  long dropped;

  SimNetwork(Simulation sim, SplittableRandom random) {
    this.sim = sim;
    this.random = random;
  }

  void send(Message m) {
    sent++;
    int copies = random.nextDouble() < duplicateRate ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      if (isCut(m.from(), m.to()) || random.nextDouble() < dropRate) {
        dropped++;
        continue;
      }
      Message out = m;
      if (corruptRate > 0 && m instanceof Message.InstallSnapshotChunk c && c.data().length > 0
          && random.nextDouble() < corruptRate) {
        byte[] data = c.data().clone();
        data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
        corrupted.add(data);
        out = new Message.InstallSnapshotChunk(c.from(), c.to(), c.term(), c.meta(), c.offset(),
            data, c.done());
      }
      long latency = minLatencyMs + random.nextInt(maxLatencyMs - minLatencyMs + 1);
      if (random.nextDouble() < delaySpikeRate) {
        // A message stuck in a queue for longer than an election timeout: stale terms, late
        // TimeoutNow, snapshot chunks from a previous attempt.
        latency += random.nextInt(1500);
      }
      sim.scheduleDelivery(out, latency);
    }
  }

  /** True if {@code data} is a snapshot chunk's bytes that this network damaged. */
  boolean isCorrupted(byte[] data) {
    return corrupted.contains(data);
  }

  boolean isCut(int from, int to) {
    return cut.contains(from * 1000 + to);
  }

  void cut(int from, int to) {
    cut.add(from * 1000 + to);
  }

  void healAll() {
    cut.clear();
  }

  String describeCuts() {
    return cut.stream().sorted().map(c -> (c / 1000) + "->" + (c % 1000)).toList().toString();
  }
}

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
      long latency = minLatencyMs + random.nextInt(maxLatencyMs - minLatencyMs + 1);
      if (random.nextDouble() < delaySpikeRate) {
        // A message stuck in a queue for longer than an election timeout: stale terms, late
        // TimeoutNow, snapshot chunks from a previous attempt.
        latency += random.nextInt(1500);
      }
      sim.scheduleDelivery(m, latency);
    }
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

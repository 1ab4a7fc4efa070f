package io.memgraph.ha.raft.core;

import java.util.Arrays;

/** Majority arithmetic for a single static group of voters. */
final class Quorum {

  private Quorum() {
  }

  /**
   * The largest value that a majority of {@code values} is at least at: for match indexes, the
   * highest index stored on a majority; for heartbeat acknowledgements, the newest round a
   * majority confirmed.
   */
  static long majorityValue(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    // With n values sorted ascending, the (n/2+1)-th largest sits at n - (n/2 + 1).
    return sorted[sorted.length - (sorted.length / 2 + 1)];
  }
}

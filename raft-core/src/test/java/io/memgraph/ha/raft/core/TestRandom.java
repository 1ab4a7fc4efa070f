package io.memgraph.ha.raft.core;

import java.util.random.RandomGenerator;

/** Random sources for tests that need a node's election timeout fixed. */
final class TestRandom {

  /** Always draws the longest election timeout, so a follower does not campaign before it. */
  static final RandomGenerator LONGEST_TIMEOUT = new RandomGenerator() {
    @Override
    public long nextLong() {
      return -1;
    }

    @Override
    public int nextInt(int bound) {
      return bound - 1;
    }
  };

  private TestRandom() {
  }
}

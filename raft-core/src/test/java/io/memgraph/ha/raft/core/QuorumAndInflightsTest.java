package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import java.util.List;

/** Majority arithmetic and the in-flight window, against brute-force models. */
class QuorumAndInflightsTest {

  @Property
  void majorityValueIsTheLargestValueAMajorityReaches(
      @ForAll @Size(min = 1, max = 7) List<@IntRange(min = 0, max = 50) Integer> values) {
    long[] v = values.stream().mapToLong(Integer::longValue).toArray();
    long got = Quorum.majorityValue(v);
    int majority = v.length / 2 + 1;
    long expected = -1;
    for (long candidate : v) {
      long atLeast = Arrays.stream(v).filter(x -> x >= candidate).count();
      if (atLeast >= majority) {
        expected = Math.max(expected, candidate);
      }
    }
    assertThat(got).isEqualTo(expected);
  }

  @Property
  void inflightsFreeUpToAnIndex(@ForAll @IntRange(min = 1, max = 8) int capacity,
      @ForAll @IntRange(min = 0, max = 20) int freeUpTo) {
    Inflights in = new Inflights(capacity);
    for (int i = 1; i <= capacity; i++) {
      in.add(i * 2L);
    }
    assertThat(in.full()).isTrue();
    in.freeLe(freeUpTo);
    long remaining = java.util.stream.LongStream.rangeClosed(1, capacity)
        .filter(i -> i * 2 > freeUpTo).count();
    assertThat(in.count()).isEqualTo((int) remaining);
    assertThat(in.full()).isEqualTo(remaining == capacity);
  }
}

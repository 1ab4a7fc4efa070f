package io.memgraph.ha.raft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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

  /**
   * The ring against a queue model through any sequence of operations, so its start wraps around:
   * 0 = add the next index (if not full), 1 = freeLe(the current oldest), 2 = freeFirst, 3 = reset.
   */
  @Property
  void inflightsBehaveLikeAQueueAcrossWrapAround(@ForAll @IntRange(min = 1, max = 4) int capacity,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 3) Integer> ops) {
    Inflights in = new Inflights(capacity);
    java.util.ArrayDeque<Long> model = new java.util.ArrayDeque<>();
    long nextIndex = 1;
    for (int op : ops) {
      switch (op) {
        case 0 -> {
          if (model.size() < capacity) {
            in.add(nextIndex);
            model.add(nextIndex);
            nextIndex += 2;
          }
        }
        case 1 -> {
          if (!model.isEmpty()) {
            long oldest = model.peekFirst();
            in.freeLe(oldest);
            model.removeIf(i -> i <= oldest);
          }
        }
        case 2 -> {
          in.freeFirst();
          model.pollFirst();
        }
        default -> {
          in.reset();
          model.clear();
        }
      }
      assertThat(in.count()).isEqualTo(model.size());
      assertThat(in.full()).isEqualTo(model.size() == capacity);
    }
    // What is left is freed oldest first: freeing up to each remaining index frees one.
    for (long idx : List.copyOf(model)) {
      in.freeLe(idx);
      model.pollFirst();
      assertThat(in.count()).isEqualTo(model.size());
    }
  }

  @Test
  @DisplayName("Inflights: the ring wraps around; freeFirst frees the oldest message only")
  void inflightsWrapAround() {
    Inflights in = new Inflights(3);
    in.add(1);
    in.add(2);
    in.add(3);
    in.freeFirst(); // frees 1: the ring starts at slot 1
    in.add(4); // goes to slot 0
    assertThat(in.full()).isTrue();
    in.freeLe(3);
    assertThat(in.count()).isEqualTo(1);
    in.add(5);
    in.add(6);
    // 4, 5, 6 in slots 0, 1, 2 after wrapping: freeing up to 5 leaves one.
    in.freeLe(5);
    assertThat(in.count()).isEqualTo(1);
    in.freeFirst();
    assertThat(in.count()).isZero();
    in.freeFirst(); // nothing left: no effect
    assertThat(in.count()).isZero();
    in.add(7);
    in.add(8);
    in.reset();
    assertThat(in.count()).isZero();
    in.add(9);
    in.freeLe(8);
    assertThat(in.count()).isEqualTo(1);
  }

  @Test
  @DisplayName("Inflights: adding to a full window is a bug in the caller")
  void inflightsRejectAddWhenFull() {
    Inflights in = new Inflights(1);
    in.add(3);
    assertThatThrownBy(() -> in.add(4)).isInstanceOf(IllegalStateException.class);
    in.freeLe(2);
    assertThat(in.count()).isEqualTo(1);
    in.freeLe(3);
    assertThat(in.count()).isZero();
  }
}

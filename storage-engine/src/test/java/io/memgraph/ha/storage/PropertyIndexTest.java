package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A property index's equality lookups find exactly the entries whose value {@link Values#compare}s
 * equal, whether they go through the hash map (numbers, strings, booleans) or the skip list.
 */
class PropertyIndexTest {
  /** Values that are equal across types and representations, or nearly so, or not hashable at all. */
  private static final Object[] VALUES = {
      0L, 0.0, -0.0, 1L, 1.0, -1L, -1.0, 2.5, -2.5, Double.NaN, 0.0 / 0.0,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Long.MAX_VALUE, Long.MIN_VALUE, 0x1p63, -0x1p63,
      9007199254740993L, 0x1p53, (double) (1L << 53), "", "a", "1", true, false,
      List.of(1L, "a"), List.of(1.0, "a"), LocalDate.of(2026, 12, 6), new byte[] {1}};

  @Test
  void equalFindsWhatCompareCallsEqualThroughAddsAndRemoves() {
    Random random = new Random(20261206);
    PropertyIndex index = new PropertyIndex(1, 2);
    List<Object[]> live = new ArrayList<>(); // {value, id}
    for (int step = 0; step < 20_000; step++) {
      if (live.isEmpty() || random.nextInt(3) > 0) {
        Object value = VALUES[random.nextInt(VALUES.length)];
        // few ids, so that values gather more than FEW entries and ids repeat across values
        long id = random.nextInt(40);
        index.add(value, id);
        if (live.stream().noneMatch(e -> (long) e[1] == id && Values.compare(e[0], value) == 0)) {
          live.add(new Object[] {value, id});
        }
      } else {
        Object[] gone = live.get(random.nextInt(live.size()));
        // removed by an equal value of another representation sometimes, as compare allows
        Object by = random.nextBoolean() ? gone[0] : VALUES[random.nextInt(VALUES.length)];
        if (Values.compare(by, gone[0]) != 0) {
          by = gone[0];
        }
        index.remove(by, (long) gone[1]);
        live.remove(gone);
      }
      if (step % 50 == 0) {
        for (Object probe : VALUES) {
          assertThat(lookUp(index, probe)).as("equal(%s) after step %d", show(probe), step)
              .isEqualTo(expected(live, probe));
        }
      }
    }
  }

  @Test
  void aValueSharedByManyEntriesIsStillFoundInFull() {
    PropertyIndex index = new PropertyIndex(1, 2);
    for (long id = 0; id < 3 * EqualityHash.FEW; id++) {
      index.add(id % 2 == 0 ? 7L : 7.0, id);
    }
    assertThat(lookUp(index, 7L)).hasSize(3 * EqualityHash.FEW);
    for (long id = 0; id < 3 * EqualityHash.FEW - 1; id++) {
      index.remove(7L, id);
    }
    assertThat(lookUp(index, 7.0)).containsExactly(3L * EqualityHash.FEW - 1);
  }

  @Test
  void manyDistinctValuesSurviveGrowthAndRemovals() {
    PropertyIndex index = new PropertyIndex(1, 2);
    int n = 50_000;
    for (long v = 0; v < n; v++) {
      index.add(v % 3 == 0 ? (Object) ("s" + v) : (Object) v, v + 1_000_000);
    }
    for (long v = 0; v < n; v += 2) {
      index.remove(v % 3 == 0 ? (Object) ("s" + v) : (Object) (double) v, v + 1_000_000);
    }
    for (long v = 0; v < n; v++) {
      Object probe = v % 3 == 0 ? (Object) ("s" + v) : (Object) v;
      assertThat(lookUp(index, probe)).as("equal(%s)", probe)
          .isEqualTo(v % 2 == 0 ? new TreeSet<Long>() : new TreeSet<>(List.of(v + 1_000_000)));
    }
  }

  @Test
  void aReaderFindsEveryEntryAddedBeforeWhatItSawPublishedWhileTheTableGrows() throws Exception {
    PropertyIndex index = new PropertyIndex(1, 2);
    int n = 200_000;
    java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong(-1);
    java.util.concurrent.atomic.AtomicReference<String> miss = new java.util.concurrent.atomic.AtomicReference<>();
    Thread reader = new Thread(() -> {
      Random random = new Random(7);
      while (published.get() < n - 1 && miss.get() == null) {
        long upTo = published.get(); // as a reader learns of a commit, then reads the index
        if (upTo < 0) {
          continue;
        }
        long v = (long) (random.nextDouble() * (upTo + 1));
        if (!lookUp(index, v).equals(new TreeSet<>(List.of(v)))) {
          miss.set("equal(" + v + ") missed, published up to " + upTo);
        }
      }
    });
    reader.start();
    for (long v = 0; v < n; v++) {
      index.add(v, v);
      published.set(v);
    }
    reader.join(60_000);
    assertThat(miss.get()).isNull();
  }

  @Test
  void equalValuesShareAHashKeyAndOthersDoNot() {
    assertThat(EqualityHash.keyOf(1.0)).isEqualTo(EqualityHash.keyOf(1L));
    assertThat(EqualityHash.keyOf(-0.0)).isEqualTo(EqualityHash.keyOf(0L));
    assertThat(EqualityHash.keyOf(0.0 / 0.0)).isEqualTo(EqualityHash.keyOf(Double.NaN));
    // 2^63 is above every long, and 2^53 + 1 is no double
    assertThat(EqualityHash.keyOf(0x1p63)).isNotEqualTo(EqualityHash.keyOf(Long.MAX_VALUE));
    assertThat(EqualityHash.keyOf(0x1p53)).isNotEqualTo(EqualityHash.keyOf(9007199254740993L));
    assertThat(EqualityHash.keyOf(List.of(1L))).isNull();
    assertThat(EqualityHash.keyOf(LocalDate.of(2026, 12, 6))).isNull();
  }

  private static TreeSet<Long> lookUp(PropertyIndex index, Object value) {
    TreeSet<Long> ids = new TreeSet<>();
    index.equal(value, ids::add);
    return ids;
  }

  private static TreeSet<Long> expected(List<Object[]> live, Object value) {
    TreeSet<Long> ids = new TreeSet<>();
    for (Object[] e : live) {
      if (Values.compare(e[0], value) == 0) {
        ids.add((long) e[1]);
      }
    }
    return ids;
  }

  private static String show(Object v) {
    return v instanceof byte[] b ? java.util.Arrays.toString(b) : v + " (" + v.getClass().getSimpleName() + ")";
  }
}

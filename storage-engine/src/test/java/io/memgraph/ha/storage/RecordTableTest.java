package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The id walk that index builds use: every used slot in order, untouched chunks skipped. */
class RecordTableTest {
  private static List<Long> walk(RecordTable<Object> t, long from) {
    List<Long> ids = new ArrayList<>();
    for (long id = t.nextUsed(from); id >= 0; id = t.nextUsed(id + 1)) {
      ids.add(id);
    }
    return ids;
  }

  @Test
  void nextUsedVisitsRecordsAndTombstonesInOrderAndSkipsEmptyChunks() {
    Object tombstone = new Object();
    RecordTable<Object> t = new RecordTable<>(tombstone);
    assertThat(t.nextUsed(0)).isEqualTo(-1);
    t.set(3, "a");
    t.setTombstone(4095);
    t.set(4096, "b");
    t.set(1L << 30, "far");
    assertThat(walk(t, 0)).containsExactly(3L, 4095L, 4096L, 1L << 30);
    assertThat(walk(t, 4)).containsExactly(4095L, 4096L, 1L << 30);
    assertThat(walk(t, 4097)).containsExactly(1L << 30);
    assertThat(t.nextUsed((1L << 30) + 1)).isEqualTo(-1);
    assertThat(t.nextUsed(-5)).isEqualTo(3);
  }
}

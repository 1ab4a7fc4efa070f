package io.memgraph.ha.raft.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.HardState;
import io.memgraph.ha.raft.core.LogCompactedException;
import io.memgraph.ha.raft.core.SnapshotMeta;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's Storage contract over the segmented log. */
class DurableStorageTest {
  @TempDir
  Path dir;

  @Test
  void followsTheStorageContractAroundTheCompactionPoint() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, SegmentedLog.Options.DEFAULTS)) {
      List<Entry> es = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        es.add(new Entry(i <= 10 ? 1 : 2, i, EntryType.NORMAL, new byte[] {(byte) i}));
      }
      log.append(es);
      log.sync();
      HardState hs = new HardState(2, 1, 15);
      DurableStorage s = new DurableStorage(log, hs);
      assertThat(s.initialHardState()).isEqualTo(hs);
      assertThat(s.snapshotMeta()).isEqualTo(SnapshotMeta.NONE);
      assertThat(s.firstIndex()).isEqualTo(1);
      assertThat(s.lastIndex()).isEqualTo(20);
      assertThat(s.term(0)).isZero();
      assertThat(s.term(11)).isEqualTo(2);

      log.compact(new SnapshotMeta(12, 2));
      assertThat(s.snapshotMeta()).isEqualTo(new SnapshotMeta(12, 2));
      assertThat(s.firstIndex()).isEqualTo(13);
      assertThat(s.term(12)).isEqualTo(2);
      assertThatThrownBy(() -> s.term(11)).isInstanceOf(LogCompactedException.class);
      assertThatThrownBy(() -> s.entries(12, 14, Long.MAX_VALUE))
          .isInstanceOf(LogCompactedException.class);
      assertThatThrownBy(() -> s.entries(13, 22, Long.MAX_VALUE))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> s.term(21)).isInstanceOf(IndexOutOfBoundsException.class);
      List<Entry> got = s.entries(13, 21, Long.MAX_VALUE);
      assertThat(got).extracting(Entry::index).containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L,
          20L);
      assertThat(s.entries(13, 21, 0)).hasSize(1);
    }
  }
}

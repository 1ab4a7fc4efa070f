package io.memgraph.ha.raft.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.SnapshotMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The segmented log against a simple model (a sorted map plus the compaction point) under random
 * appends, conflicting overwrites, syncs, truncations, compactions and reopenings, with small
 * segments so that segment boundaries are crossed often.
 */
class SegmentedLogProperties {
  @Property(tries = 60)
  void behavesLikeTheModel(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 99) Integer> ops,
      @ForAll long seed, @ForAll boolean preallocate) throws IOException {
    SegmentedLog.Options small = new SegmentedLog.Options(2048, 512, 1 << 16, preallocate);
    Path dir = Files.createTempDirectory("seglog-prop");
    Random rnd = new Random(seed);
    TreeMap<Long, Entry> model = new TreeMap<>();
    SnapshotMeta base = SnapshotMeta.NONE;
    long term = 1;
    SegmentedLog log = SegmentedLog.open(dir, base, small);
    try {
      for (int op : ops) {
        long last = model.isEmpty() ? base.index() : model.lastKey();
        if (op < 45) { // append
          int n = 1 + rnd.nextInt(20);
          if (rnd.nextInt(4) == 0) {
            term++;
          }
          List<Entry> batch = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            batch.add(entry(term, last + i, rnd));
          }
          log.append(batch);
          batch.forEach(e -> model.put(e.index(), e));
        } else if (op < 60 && last > base.index()) { // a new leader overwrites a suffix
          long from = base.index() + 1 + rnd.nextInt((int) (last - base.index()));
          term++;
          List<Entry> batch = new ArrayList<>();
          int n = 1 + rnd.nextInt(5);
          for (int i = 0; i < n; i++) {
            batch.add(entry(term, from + i, rnd));
          }
          log.append(batch);
          model.tailMap(from, true).clear();
          batch.forEach(e -> model.put(e.index(), e));
        } else if (op < 70) {
          assertThat(log.sync()).isEqualTo(last);
        } else if (op < 78 && last > base.index()) { // truncate a suffix
          long from = base.index() + 1 + rnd.nextInt((int) (last - base.index()));
          log.truncateSuffix(from);
          model.tailMap(from, true).clear();
        } else if (op < 88 && last > base.index()) { // compact after a snapshot
          long upTo = base.index() + 1 + rnd.nextInt((int) (last - base.index()));
          base = new SnapshotMeta(upTo, model.get(upTo).term());
          log.compact(base);
          model.headMap(upTo, true).clear();
        } else { // clean restart
          log.close();
          log = SegmentedLog.open(dir, base, small);
        }
        check(log, model, base);
      }
    } finally {
      log.close();
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static Entry entry(long term, long index, Random rnd) {
    byte[] data = new byte[rnd.nextInt(300)];
    rnd.nextBytes(data);
    return new Entry(term, index, data.length == 0 ? EntryType.NOOP : EntryType.NORMAL, data);
  }

  private static void check(SegmentedLog log, TreeMap<Long, Entry> model, SnapshotMeta base) {
    assertThat(log.firstIndex()).isEqualTo(base.index() + 1);
    assertThat(log.lastIndex()).isEqualTo(model.isEmpty() ? base.index() : model.lastKey());
    assertThat(log.term(base.index())).isEqualTo(base.term());
    for (Entry e : model.values()) {
      Entry got = log.get(e.index());
      assertThat(got.term()).isEqualTo(e.term());
      assertThat(got.type()).isEqualTo(e.type());
      assertThat(got.data()).isEqualTo(e.data());
      assertThat(log.term(e.index())).isEqualTo(e.term());
    }
  }
}

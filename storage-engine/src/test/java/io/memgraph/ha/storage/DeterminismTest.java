package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same log gives the same state, byte for byte, on every node, whatever the reader timing. */
class DeterminismTest {
  static byte[] snapshot(Storage s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.writeSnapshot(out);
    return out.toByteArray();
  }

  private static void applyAll(Storage s, List<RandomWorkload.Entry> entries) {
    for (RandomWorkload.Entry e : entries) {
      s.apply(e.index(), e.writeSet());
    }
  }

  @Test
  void sameLogGivesIdenticalSnapshotsAndResults() throws IOException {
    for (long seed = 1; seed <= 4; seed++) {
      Storage leader = new Storage();
      List<RandomWorkload.Entry> log = RandomWorkload.run(leader, seed, 400);
      assertThat(log.stream().filter(e -> !e.leaderResult().committed()).count())
          .as("the workload must produce some rejections").isPositive();
      Storage follower = new Storage();
      // A reader held open on the follower changes its garbage-collection timing, not its state.
      Transaction reader = null;
      for (RandomWorkload.Entry e : log) {
        if (e.index() % 37 == 0) {
          if (reader != null) {
            reader.close();
          }
          reader = follower.begin();
        }
        assertThat(follower.apply(e.index(), e.writeSet())).isEqualTo(e.leaderResult());
      }
      byte[] a = snapshot(leader);
      byte[] b = snapshot(follower);
      assertThat(b).isEqualTo(a);
      reader.close();
      follower.collectGarbage();
      assertThat(snapshot(follower)).isEqualTo(a);

      Storage loaded = Storage.readSnapshot(new ByteArrayInputStream(a), "memory");
      assertThat(snapshot(loaded)).isEqualTo(a);
      assertThat(loaded.stats().vertexCount()).isEqualTo(leader.stats().vertexCount());
      assertThat(loaded.stats().edgeCount()).isEqualTo(leader.stats().edgeCount());
      assertThat(loaded.stats().labelCounts()).isEqualTo(leader.stats().labelCounts());
      assertThat(loaded.stats().indexCounts()).isEqualTo(leader.stats().indexCounts());
    }
  }

  @Test
  void damagedWriteSetsAreDecidedTheSameWayEverywhere() throws IOException {
    Storage leader = new Storage();
    List<RandomWorkload.Entry> log = RandomWorkload.run(leader, 11, 15);
    Transaction tx = leader.begin();
    long a = tx.createVertex();
    tx.addLabel(a, "Person");
    tx.setVertexProperty(a, "name", "flip");
    tx.setVertexProperty(a, "tags", List.of("x", 1L, java.util.Map.of("k", 2.5)));
    long b = tx.createVertex();
    long e = tx.createEdge(a, b, "KNOWS");
    tx.setEdgeProperty(e, "w", 3L);
    byte[] good = tx.prepare().toBytes();
    java.util.Random rnd = new java.util.Random(17);
    for (int trial = 0; trial < 100; trial++) {
      byte[] bad = good.clone();
      int flips = 1 + rnd.nextInt(3);
      for (int f = 0; f < flips; f++) {
        bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
      }
      Storage x = new Storage();
      Storage y = new Storage();
      for (RandomWorkload.Entry en : log) {
        x.apply(en.index(), en.writeSet());
        y.apply(en.index(), en.writeSet());
      }
      long index = leader.lastAppliedIndex() + 1;
      ApplyResult rx = x.apply(index, bad);
      assertThat(y.apply(index, bad)).isEqualTo(rx);
      assertThat(x.lastAppliedIndex()).isEqualTo(index);
      assertThat(snapshot(y)).isEqualTo(snapshot(x));
    }
  }

  @Test
  void loadedSnapshotContinuesTheLogLikeTheOriginal() throws IOException {
    Storage leader = new Storage();
    List<RandomWorkload.Entry> log = RandomWorkload.run(leader, 99, 600);
    int cut = log.size() / 2;
    Storage a = new Storage();
    for (RandomWorkload.Entry e : log.subList(0, cut)) {
      a.apply(e.index(), e.writeSet());
    }
    Storage b = Storage.readSnapshot(new ByteArrayInputStream(snapshot(a)), "memory");
    // Stamps travel in the snapshot, so conflicts with write sets older than it are decided the same.
    for (RandomWorkload.Entry e : log.subList(cut, log.size())) {
      ApplyResult ra = a.apply(e.index(), e.writeSet());
      assertThat(b.apply(e.index(), e.writeSet())).isEqualTo(ra).isEqualTo(e.leaderResult());
    }
    assertThat(snapshot(b)).isEqualTo(snapshot(a)).isEqualTo(snapshot(leader));
  }

  @Test
  void snapshotTakenWhileApplyingEqualsSnapshotOfAStoreStoppedAtThatIndex() throws Exception {
    Storage leader = new Storage();
    List<RandomWorkload.Entry> log = RandomWorkload.run(leader, 7, 800);
    Storage busy = new Storage();
    int half = log.size() / 2;
    applyAll(busy, log.subList(0, half));
    Thread applier = new Thread(() -> applyAll(busy, log.subList(half, log.size())));
    applier.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long at = busy.writeSnapshot(out);
    applier.join(60_000);
    assertThat(applier.isAlive()).isFalse();
    Storage stopped = new Storage();
    for (RandomWorkload.Entry e : log) {
      if (e.index() > at) {
        break;
      }
      stopped.apply(e.index(), e.writeSet());
    }
    assertThat(out.toByteArray()).isEqualTo(snapshot(stopped));
  }

  @Test
  void aCapturedStateWrittenAfterMoreAppliesEqualsTheSnapshotAtItsIndex() throws Exception {
    Storage leader = new Storage();
    List<RandomWorkload.Entry> log = RandomWorkload.run(leader, 11, 800);
    Storage busy = new Storage();
    int half = log.size() / 2;
    applyAll(busy, log.subList(0, half));
    byte[] atCapture = snapshot(busy);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long openWhileCaptured;
    try (Storage.CapturedState captured = busy.capture()) {
      assertThat(captured.index()).isEqualTo(busy.lastAppliedIndex());
      // everything after the capture is applied (and collected where it can be) before the write
      applyAll(busy, log.subList(half, log.size()));
      captured.writeTo(out);
      openWhileCaptured = busy.stats().openTransactions();
    }
    // Equal only if a record written without a changed field (a property set to its own value)
    // keeps its older stamp for older readers.
    assertThat(out.toByteArray()).isEqualTo(atCapture);
    assertThat(snapshot(busy)).isNotEqualTo(atCapture);
    assertThat(openWhileCaptured).isEqualTo(1);
    assertThat(busy.stats().openTransactions()).as("closing releases the read view").isZero();
  }
}

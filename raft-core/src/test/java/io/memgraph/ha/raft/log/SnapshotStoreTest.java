package io.memgraph.ha.raft.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.core.SnapshotMeta;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
  @TempDir
  Path dir;

  private static byte[] payload(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static SnapshotStore.SnapshotFile write(SnapshotStore store, SnapshotMeta meta, byte[] data)
      throws IOException {
    try (SnapshotStore.Writer w = store.create(meta)) {
      w.write(data, 0, data.length / 2);
      for (int i = data.length / 2; i < data.length; i++) {
        w.write(data[i]);
      }
      return w.commit();
    }
  }

  @Test
  void writtenSnapshotIsTheLatestAndItsPayloadRoundTrips() throws IOException {
    SnapshotStore store = new SnapshotStore(dir, 2);
    assertThat(store.latest()).isEmpty();
    byte[] data = payload(100_000, 1);
    SnapshotStore.SnapshotFile f = write(store, new SnapshotMeta(50, 2), data);
    assertThat(f.path().getFileName().toString())
        .isEqualTo("snapshot-00000000000000000050-00000000000000000002.bin");
    assertThat(f.size()).isEqualTo(data.length + SnapshotStore.HEADER_BYTES
        + SnapshotStore.TRAILER_BYTES);
    SnapshotStore.SnapshotFile latest = new SnapshotStore(dir, 2).latest().orElseThrow();
    assertThat(latest.meta()).isEqualTo(new SnapshotMeta(50, 2));
    try (InputStream in = latest.openPayload()) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void onlyTheNewestSnapshotsAreKept() throws IOException {
    SnapshotStore store = new SnapshotStore(dir, 2);
    for (int i = 1; i <= 4; i++) {
      write(store, new SnapshotMeta(i * 10, 1), payload(10, i));
    }
    assertThat(store.list()).extracting(f -> f.meta().index()).containsExactly(30L, 40L);
    assertThat(store.latest().orElseThrow().meta().index()).isEqualTo(40);
  }

  @Test
  void abandonedWriterLeavesNoFile() throws IOException {
    SnapshotStore store = new SnapshotStore(dir, 2);
    try (SnapshotStore.Writer w = store.create(new SnapshotMeta(5, 1))) {
      w.write(new byte[] {1, 2, 3});
    }
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void streamedChunksAreAssembledVerifiedAndPublished() throws IOException {
    Path leaderDir = dir.resolve("leader");
    Path followerDir = dir.resolve("follower");
    SnapshotStore leader = new SnapshotStore(leaderDir, 2);
    byte[] data = payload(70_000, 3);
    SnapshotMeta meta = new SnapshotMeta(900, 4);
    SnapshotStore.SnapshotFile source = write(leader, meta, data);
    SnapshotStore follower = new SnapshotStore(followerDir, 2);
    SnapshotStore.SnapshotFile received;
    try (SnapshotStore.Receiver r = follower.receive(meta)) {
      long off = 0;
      while (off < source.size()) {
        byte[] chunk = source.read(off, 8192);
        r.write(off, chunk);
        r.sync();
        off += chunk.length;
      }
      assertThatThrownBy(() -> r.write(3, new byte[1])).isInstanceOf(IllegalArgumentException.class);
      received = r.finish();
    }
    assertThat(received.meta()).isEqualTo(meta);
    assertThat(follower.latest().orElseThrow().meta()).isEqualTo(meta);
    try (InputStream in = received.openPayload()) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void damagedTransferIsRefusedAndLeavesNoFile() throws IOException {
    SnapshotStore leader = new SnapshotStore(dir.resolve("leader"), 2);
    SnapshotMeta meta = new SnapshotMeta(9, 1);
    SnapshotStore.SnapshotFile source = write(leader, meta, payload(5000, 5));
    SnapshotStore follower = new SnapshotStore(dir.resolve("follower"), 2);
    byte[] all = source.read(0, (int) source.size());
    all[100] ^= 1;
    try (SnapshotStore.Receiver r = follower.receive(meta)) {
      r.write(0, all);
      assertThatThrownBy(r::finish)
          .isInstanceOf(CorruptLogException.class)
          .hasMessageContaining("checksum mismatch");
    }
    assertThat(follower.list()).isEmpty();
    // Damage in the header that makes no valid index (negative) is a damaged transfer too.
    byte[] badHeader = source.read(0, (int) source.size());
    badHeader[8] ^= (byte) 0x80;
    try (SnapshotStore.Receiver r = follower.receive(meta)) {
      r.write(0, badHeader);
      assertThatThrownBy(r::finish)
          .isInstanceOf(CorruptLogException.class)
          .hasMessageContaining("snapshot header says index -");
    }
    // A transfer cut short is refused too.
    try (SnapshotStore.Receiver r = follower.receive(meta)) {
      r.write(0, source.read(0, 3000));
      assertThatThrownBy(r::finish).isInstanceOf(CorruptLogException.class);
    }
  }

  @Test
  void damagedNewestSnapshotStopsStartUp() throws IOException {
    SnapshotStore store = new SnapshotStore(dir, 2);
    SnapshotStore.SnapshotFile f = write(store, new SnapshotMeta(7, 1), payload(1000, 9));
    byte[] bytes = Files.readAllBytes(f.path());
    bytes[500] ^= 4;
    Files.write(f.path(), bytes);
    assertThatThrownBy(() -> new SnapshotStore(dir, 2).latest())
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(f.path().toString());
  }

  @Test
  void leftoverTemporaryFilesAreRemovedOnOpen() throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve("snapshot-00000000000000000001-00000000000000000001.bin.tmp");
    Files.write(tmp, new byte[] {1});
    SnapshotStore store = new SnapshotStore(dir, 2);
    assertThat(tmp).doesNotExist();
    assertThat(store.latest()).isEmpty();
  }
}

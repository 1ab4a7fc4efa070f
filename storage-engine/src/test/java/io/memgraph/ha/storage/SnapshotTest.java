package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot files: round trip, and every kind of damage gives a clear error and no graph. */
class SnapshotTest {
  @TempDir
  Path dir;

  private Storage source;
  private Path file;

  @BeforeEach
  void writeSnapshot() throws IOException {
    source = new Storage();
    RandomWorkload.run(source, 5, 300);
    file = dir.resolve("snapshot-5.bin");
    assertThat(source.writeSnapshot(file)).isEqualTo(source.lastAppliedIndex());
    assertThat(Files.exists(dir.resolve("snapshot-5.bin.tmp"))).isFalse();
  }

  @Test
  void roundTripsThroughAFile() throws IOException {
    Storage loaded = Storage.readSnapshot(file);
    assertThat(loaded.lastAppliedIndex()).isEqualTo(source.lastAppliedIndex());
    assertThat(loaded.schema()).isEqualTo(source.schema());
    assertThat(DeterminismTest.snapshot(loaded)).isEqualTo(Files.readAllBytes(file));
    Transaction a = source.begin();
    Transaction b = loaded.begin();
    List<Long> ids = TransactionTest.ids(a.vertices());
    assertThat(TransactionTest.ids(b.vertices())).isEqualTo(ids);
    for (long id : ids) {
      assertThat(b.labels(id)).isEqualTo(a.labels(id));
      assertThat(b.vertexProperties(id)).isEqualTo(a.vertexProperties(id));
      assertThat(b.outEdges(id)).isEqualTo(a.outEdges(id));
      assertThat(b.inEdges(id)).isEqualTo(a.inEdges(id));
    }
    assertThat(TransactionTest.ids(b.verticesInRange("Person", "age", Bound.inclusive(18), Bound.exclusive(40.5))))
        .isEqualTo(TransactionTest.ids(a.verticesInRange("Person", "age", Bound.inclusive(18), Bound.exclusive(40.5))));
    // A loaded store allocates above every id it has seen.
    Transaction w = loaded.begin();
    long v = w.createVertex();
    assertThat(v).isGreaterThan(ids.isEmpty() ? -1 : ids.get(ids.size() - 1));
  }

  @Test
  void everySingleBitFlipInTheContentIsDetected() throws IOException {
    byte[] good = Files.readAllBytes(file);
    // Flip bits across the whole file (header, chunk lengths, data, checksums, trailer).
    for (int pos = 0; pos < good.length; pos += Math.max(1, good.length / 257)) {
      byte[] bad = good.clone();
      bad[pos] ^= (byte) (1 << (pos % 8));
      Path f = dir.resolve("flipped.bin");
      Files.write(f, bad);
      assertThatThrownBy(() -> Storage.readSnapshot(f))
          .as("flip at byte %d", pos)
          .isInstanceOf(SnapshotFormatException.class)
          .hasMessageContaining(f.toString());
    }
  }

  @Test
  void checksumMismatchIsNamed() throws IOException {
    byte[] bad = Files.readAllBytes(file);
    bad[40] ^= 0x10; // inside the first chunk's data
    Path f = dir.resolve("bad.bin");
    Files.write(f, bad);
    assertThatThrownBy(() -> Storage.readSnapshot(f)).isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("checksum mismatch in chunk 0");
  }

  @Test
  void truncationIsDetectedAtEveryLength() throws IOException {
    byte[] good = Files.readAllBytes(file);
    for (int len = 0; len < good.length; len += Math.max(1, good.length / 101)) {
      byte[] cut = Arrays.copyOf(good, len);
      int l = len;
      assertThatThrownBy(() -> Storage.readSnapshot(new ByteArrayInputStream(cut), "cut.bin"))
          .as("truncated to %d bytes", l)
          .isInstanceOf(SnapshotFormatException.class)
          .hasMessageContaining("cut.bin");
    }
    byte[] lastByteMissing = Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> Storage.readSnapshot(new ByteArrayInputStream(lastByteMissing), "cut.bin"))
        .hasMessageContaining("truncated");
  }

  @Test
  void wrongVersionAndMagicAreNamed() throws IOException {
    byte[] bad = Files.readAllBytes(file);
    ByteBuffer.wrap(bad).putInt(8, 4);
    Path f = dir.resolve("future.bin");
    Files.write(f, bad);
    assertThatThrownBy(() -> Storage.readSnapshot(f)).isInstanceOf(SnapshotFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("version 4")
        .hasMessageContaining("reads versions 1 to 3");
    Path g = dir.resolve("other.bin");
    Files.write(g, "hello, this is not a snapshot".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> Storage.readSnapshot(g)).hasMessageContaining("bad magic").hasMessageContaining(g.toString());
  }

  @Test
  void restoreKeepsTheOldStateWhenTheSnapshotIsBad() throws IOException {
    Storage target = new Storage();
    Transaction tx = target.begin();
    long v = tx.createVertex();
    target.commit(tx);
    byte[] bad = Files.readAllBytes(file);
    bad[bad.length / 2] ^= 1;
    assertThatThrownBy(() -> target.restore(new ByteArrayInputStream(bad), "bad"))
        .isInstanceOf(SnapshotFormatException.class);
    assertThat(target.begin().vertexExists(v)).isTrue();
    target.restore(Files.newInputStream(file), file.toString());
    assertThat(target.lastAppliedIndex()).isEqualTo(source.lastAppliedIndex());
    assertThat(DeterminismTest.snapshot(target)).isEqualTo(Files.readAllBytes(file));
  }

  /** Found by SnapshotFuzzTest: a schema item with too few names escaped as an ArrayIndexOutOfBoundsException. */
  @Test
  void aSchemaItemWithTooFewNamesIsCorrupt() throws IOException {
    ByteWriter content = new ByteWriter(16);
    content.writeVarLong(1); // applied index
    content.writeVarInt(0); // names
    content.writeVarInt(1); // schema items
    content.writeVarLong(1); // its id
    content.writeString("person_index"); // its name
    content.writeByte(Op.S_LABEL_PROPERTY_INDEX);
    content.writeVarInt(1); // one name where two are needed
    content.writeString("Person");
    byte[] file = SnapshotFuzzTest.container(java.util.Arrays.copyOf(content.buffer(), content.size()));
    assertThatThrownBy(() -> Storage.readSnapshot(new java.io.ByteArrayInputStream(file), "bad.snap"))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessage("bad.snap: corrupt snapshot content: schema item of kind 2 with 1 names");
  }

  /**
   * Found by SnapshotFuzzTest: the reader sized two degree arrays by the highest vertex id, so one
   * vertex with a large id in a snapshot asked for gigabytes (OutOfMemoryError, or a long stall).
   */
  @Test
  void aLargeVertexIdSizesNoAllocation() throws IOException {
    ByteWriter content = new ByteWriter(32);
    content.writeVarLong(1); // applied index
    content.writeVarInt(0); // names
    content.writeVarInt(0); // schema items
    content.writeByte(SnapshotWriter.TAG_OBJECT);
    content.writeVarLong((1L << 33) + 1); // id delta from -1: vertex 2^33
    content.writeVarLong(1); // stamp
    content.writeVarInt(0); // labels
    content.writeVarInt(0); // properties
    content.writeByte(SnapshotWriter.TAG_END);
    content.writeByte(SnapshotWriter.TAG_END); // no edges
    content.writeVarLong(1);
    content.writeVarLong(0);
    content.writeVarInt(0); // no users (format 2)
    byte[] file = SnapshotFuzzTest.container(java.util.Arrays.copyOf(content.buffer(), content.size()));
    Storage s = Storage.readSnapshot(new java.io.ByteArrayInputStream(file), "sparse.snap");
    try (Transaction tx = s.begin()) {
      assertThat(tx.vertexExists(1L << 33)).isTrue();
    }
  }
}

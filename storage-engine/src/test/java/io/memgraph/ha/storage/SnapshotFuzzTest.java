package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target for reading a snapshot ({@link SnapshotReader}, {@link SnapshotFormat}). The
 * contract: {@link Storage#readSnapshot(java.io.InputStream, String)} returns a storage or throws
 * {@link SnapshotFormatException} naming the source; nothing else, and no allocation driven by a
 * length in the file. A storage it returns works (takes a transaction) and writes a snapshot that
 * reads back to the same bytes; {@link Storage#restore} of bad bytes keeps the current state.
 *
 * <p>The first input byte's low bit picks whether the rest is a whole file or only the content,
 * which is then wrapped in a valid container (checksums included) so that the fuzzer reaches the
 * content's parser.
 */
class SnapshotFuzzTest {

  @FuzzTest
  void readSnapshot(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    byte[] file = (data[0] & 1) == 1 ? Arrays.copyOfRange(data, 1, data.length)
        : container(Arrays.copyOfRange(data, 1, data.length));
    Storage read;
    try {
      read = Storage.readSnapshot(new ByteArrayInputStream(file), "fuzz-input");
    } catch (SnapshotFormatException e) {
      assertThat(e.getMessage()).startsWith("fuzz-input");
      Storage current = FuzzGraphs.small();
      byte[] before = FuzzGraphs.state(current);
      try {
        current.restore(new ByteArrayInputStream(file), "fuzz-input");
        throw new AssertionError("restore accepted what readSnapshot refused");
      } catch (SnapshotFormatException again) {
        assertThat(FuzzGraphs.state(current)).isEqualTo(before);
      }
      return;
    }
    if (read.graph().vertices.limit() > WriteSetFuzzTest.SPARSE_ID || read.graph().edges.limit() > WriteSetFuzzTest.SPARSE_ID) {
      return; // writing it back scans every id up to the highest: the open finding on sparse ids
    }
    byte[] written = FuzzGraphs.state(read);
    assertThat(FuzzGraphs.state(Storage.readSnapshot(new ByteArrayInputStream(written), "rewritten")))
        .isEqualTo(written);
    read.resetIdAllocation();
    Transaction tx = read.begin();
    tx.addLabel(tx.createVertex(), "Fuzz");
    read.commit(tx);
  }

  /** The container of a snapshot file around {@code content}, as the writer makes it. */
  static byte[] container(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotFormat.ChunkedOutput chunks = new SnapshotFormat.ChunkedOutput(out);
    ByteWriter w = new ByteWriter(content.length);
    w.writeBytes(content, 0, content.length);
    chunks.write(w);
    chunks.finish();
    return out.toByteArray();
  }

  /** Writes seed inputs: snapshots of the fuzz graph, as a file and as content ({@code -Dfuzz.seeds=write}). */
  @Test
  @EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
  void writeSeeds() throws IOException {
    Path dir = Path.of("src/test/resources/io/memgraph/ha/storage/SnapshotFuzzTestInputs/readSnapshot");
    Files.createDirectories(dir);
    Storage s = FuzzGraphs.small();
    Transaction tx = s.begin();
    tx.deleteEdge(0);
    tx.createSchema(new SchemaItem.LabelIndex("Person"));
    tx.createSchema(new SchemaItem.ExistenceConstraint("Person", "id"));
    s.commit(tx);
    for (Storage storage : new Storage[] {FuzzGraphs.small(), s}) {
      byte[] file = FuzzGraphs.state(storage);
      String name = "seed-v" + SnapshotFormat.VERSION + "-at-" + storage.lastAppliedIndex();
      Files.write(dir.resolve(name + "-file"), prefixed(1, file));
      Files.write(dir.resolve(name + "-content"), prefixed(0, SnapshotFormat.readContent(new ByteArrayInputStream(file), name).bytes()));
    }
  }

  private static byte[] prefixed(int first, byte[] rest) {
    byte[] out = new byte[rest.length + 1];
    out[0] = (byte) first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}

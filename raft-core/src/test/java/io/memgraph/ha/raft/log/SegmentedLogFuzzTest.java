package io.memgraph.ha.raft.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.SnapshotMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target for recovering the Raft log from a damaged segment file, on the simulated disk. The
 * contract: {@link SegmentedLog#open} either recovers (every entry it reports can be read, a new
 * entry can be appended after them, and opening again gives the same entries) or throws
 * {@link CorruptLogException}; nothing else, and no allocation driven by a length in the file.
 *
 * <p>The first input byte holds flags, the rest is the file: bit 0, the rest is the whole file
 * (else a valid header comes first); bit 1, record checksums are corrected and bit 2, record
 * indexes are set to the expected sequence, so that the fuzzer gets past those checks to the
 * ones behind them; bit 3, the log preallocates its segments (the file is recovered as the last
 * segment of a preallocating log, and extended by it).
 */
class SegmentedLogFuzzTest {

  private static final Path DIR = Path.of("/fuzz/raft");
  private static final Path SEGMENT = DIR.resolve("log-00000000000000000001.seg");
  private static final SegmentedLog.Options OPTIONS = new SegmentedLog.Options(1 << 16, 1 << 16, 1 << 16, false);
  private static final SegmentedLog.Options PREALLOCATED = new SegmentedLog.Options(1 << 16, 1 << 16, 1 << 16, true);

  @FuzzTest
  void openSegment(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    int flags = data[0];
    ByteBuffer file = ByteBuffer.allocate(data.length - 1 + ((flags & 1) == 0 ? SegmentedLog.HEADER_BYTES : 0));
    if ((flags & 1) == 0) {
      file.putInt(SegmentedLog.MAGIC).putInt(SegmentedLog.VERSION).putLong(1);
    }
    file.put(data, 1, data.length - 1);
    repairRecords(file, (flags & 2) != 0, (flags & 4) != 0);

    SimDisk disk = new SimDisk();
    disk.createDirectories(DIR);
    try (DiskFile f = disk.open(SEGMENT, Disk.OpenMode.CREATE_TRUNCATE)) {
      f.write(ByteBuffer.wrap(file.array()), 0);
      f.force(true);
    }
    SegmentedLog.Options options = (flags & 8) != 0 ? PREALLOCATED : OPTIONS;
    List<Entry> recovered;
    try (SegmentedLog log = SegmentedLog.open(disk, DIR, SnapshotMeta.NONE, options)) {
      recovered = readAll(log);
      long next = log.lastIndex() + 1;
      log.append(List.of(new Entry(Math.max(1, log.lastTerm()), next, EntryType.NORMAL, new byte[] {42})));
      log.sync();
    } catch (CorruptLogException e) {
      assertThat(e.getMessage()).contains(SEGMENT.toString());
      return;
    }
    try (SegmentedLog log = SegmentedLog.open(disk, DIR, SnapshotMeta.NONE, options)) {
      List<Entry> again = readAll(log);
      assertThat(again).hasSize(recovered.size() + 1);
      for (int i = 0; i < recovered.size(); i++) {
        assertThat(again.get(i).index()).isEqualTo(recovered.get(i).index());
        assertThat(again.get(i).term()).isEqualTo(recovered.get(i).term());
        assertThat(again.get(i).data()).isEqualTo(recovered.get(i).data());
      }
    }
  }

  private static List<Entry> readAll(SegmentedLog log) {
    List<Entry> out = new ArrayList<>();
    for (long i = log.firstIndex(); i <= log.lastIndex(); i++) {
      Entry e = log.get(i);
      assertThat(e.index()).isEqualTo(i);
      assertThat(log.term(i)).isEqualTo(e.term());
      out.add(e);
    }
    return out;
  }

  /** Walks the records as recovery does and corrects their index and checksum where asked. */
  private static void repairRecords(ByteBuffer file, boolean checksums, boolean indexes) {
    int pos = SegmentedLog.HEADER_BYTES;
    long index = 1;
    while (pos + SegmentedLog.RECORD_PREFIX + SegmentedLog.RECORD_FIXED <= file.capacity()) {
      int len = file.getInt(pos);
      if (len < SegmentedLog.RECORD_FIXED || len > file.capacity() - pos - SegmentedLog.RECORD_PREFIX) {
        return;
      }
      if (indexes) {
        file.putLong(pos + SegmentedLog.RECORD_PREFIX + 8, index++);
      }
      if (checksums) {
        CRC32C crc = new CRC32C();
        crc.update(file.slice(pos, 4));
        crc.update(file.slice(pos + SegmentedLog.RECORD_PREFIX, len));
        file.putInt(pos + 4, (int) crc.getValue());
      }
      pos += SegmentedLog.RECORD_PREFIX + len;
    }
  }

  /** Writes seed inputs: segments written by the real log, whole and with a torn tail ({@code -Dfuzz.seeds=write}). */
  @Test
  @EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
  void writeSeeds() throws IOException {
    Path out = Path.of("src/test/resources/io/memgraph/ha/raft/log/SegmentedLogFuzzTestInputs/openSegment");
    Files.createDirectories(out);
    SimDisk disk = new SimDisk();
    try (SegmentedLog log = SegmentedLog.open(disk, DIR, SnapshotMeta.NONE, OPTIONS)) {
      log.append(List.of(new Entry(1, 1, EntryType.NOOP, new byte[0]),
          new Entry(1, 2, EntryType.NORMAL, new byte[] {1, 2, 3}),
          new Entry(2, 3, EntryType.NORMAL, "CREATE (n)".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      log.sync();
    }
    byte[] segment = disk.readAllBytes(SEGMENT);
    byte[] whole = new byte[segment.length + 1];
    whole[0] = 1; // the file as it is, header included
    System.arraycopy(segment, 0, whole, 1, segment.length);
    Files.write(out.resolve("seed-three-entries"), whole);
    Files.write(out.resolve("seed-torn-tail"), java.util.Arrays.copyOf(whole, whole.length - 5));
    byte[] body = new byte[segment.length - SegmentedLog.HEADER_BYTES + 1];
    body[0] = 6; // header added, checksums and indexes repaired
    System.arraycopy(segment, SegmentedLog.HEADER_BYTES, body, 1, body.length - 1);
    Files.write(out.resolve("seed-body-repaired"), body);
  }
}

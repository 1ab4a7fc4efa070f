package io.memgraph.ha.raft.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.SnapshotMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SegmentedLogTest {
  /** Small segments and no cache, so tests cross segment boundaries and read from disk. */
  private static final SegmentedLog.Options SMALL = new SegmentedLog.Options(4096, 0, 1 << 20, false);

  @TempDir
  Path dir;

  private static Entry entry(long term, long index) {
    String payload = "entry-" + index + "-" + "x".repeat((int) (index % 37));
    return new Entry(term, index, index % 10 == 0 ? EntryType.NOOP : EntryType.NORMAL,
        index % 10 == 0 ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Entry> entries(long term, long from, long to) {
    List<Entry> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(entry(term, i));
    }
    return out;
  }

  private static void assertEntryEquals(Entry actual, Entry expected) {
    assertThat(actual.index()).isEqualTo(expected.index());
    assertThat(actual.term()).isEqualTo(expected.term());
    assertThat(actual.type()).isEqualTo(expected.type());
    assertThat(actual.data()).isEqualTo(expected.data());
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
  }

  private SegmentedLog open(SnapshotMeta base) throws IOException {
    return SegmentedLog.open(dir, base, SMALL);
  }

  /** Writes entries 1..n (term 1) in batches, syncs and closes. */
  private void writeLog(int n) throws IOException {
    writeLog(SMALL, n);
  }

  private void writeLog(SegmentedLog.Options options, int n) throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, options)) {
      for (int i = 1; i <= n; i += 50) {
        log.append(entries(1, i, Math.min(n, i + 49)));
      }
      log.sync();
    }
  }

  /** Offset of the record for {@code index} in {@code file}, found by walking the records. */
  private static long offsetOf(Path file, long firstIndex, long index) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    long pos = SegmentedLog.HEADER_BYTES;
    for (long i = firstIndex; i < index; i++) {
      pos += SegmentedLog.RECORD_PREFIX + b.getInt((int) pos);
    }
    return pos;
  }

  private static void flipBit(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
      ch.write(b, offset);
    }
  }

  @Test
  void appendSyncAndReopenReturnsTheSameEntriesAcrossSegments() throws IOException {
    writeLog(500);
    assertThat(segmentFiles()).hasSizeGreaterThan(5);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.firstIndex()).isEqualTo(1);
      assertThat(log.lastIndex()).isEqualTo(500);
      assertThat(log.lastTerm()).isEqualTo(1);
      assertThat(log.durableIndex()).isEqualTo(500);
      for (long i = 1; i <= 500; i++) {
        assertEntryEquals(log.get(i), entry(1, i));
        assertThat(log.term(i)).isEqualTo(1);
      }
      List<Entry> range = log.entries(100, 200, Long.MAX_VALUE);
      assertThat(range).hasSize(100);
      assertThat(range.get(0).index()).isEqualTo(100);
      assertThat(log.entries(100, 200, 1)).hasSize(1);
      assertThat(log.term(0)).isZero();
      assertThatThrownBy(() -> log.get(501)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void segmentFilesAreNamedByFirstIndexAndConsecutive() throws IOException {
    writeLog(300);
    List<Path> files = segmentFiles();
    assertThat(files.get(0).getFileName().toString()).isEqualTo("log-00000000000000000001.seg");
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.segmentCount()).isEqualTo(files.size());
    }
  }

  @Test
  void entriesAreDurableOnlyAfterSync() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, SegmentedLog.Options.DEFAULTS)) {
      log.append(entries(1, 1, 10));
      assertThat(log.lastIndex()).isEqualTo(10);
      assertThat(log.durableIndex()).isZero();
      assertThat(log.get(7).index()).isEqualTo(7);
      assertThat(log.sync()).isEqualTo(10);
      assertThat(log.durableIndex()).isEqualTo(10);
    }
  }

  @Test
  void halfWrittenLastRecordIsTruncated() throws IOException {
    writeLog(20);
    Path last = segmentFiles().get(segmentFiles().size() - 1);
    long sizeBefore = Files.size(last);
    // A torn write: the first 20 bytes of what would be the record for index 21.
    ByteBuffer rec = ByteBuffer.allocate(20);
    rec.putInt(17 + 100).putInt(12345).putLong(1).putInt(0).flip();
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.APPEND)) {
      ch.write(rec);
    }
    Logger logger = (Logger) LoggerFactory.getLogger(SegmentedLog.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(20);
      assertThat(Files.size(last)).isEqualTo(sizeBefore);
      log.append(entries(2, 21, 25));
      log.sync();
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains(last.toString())
          .contains("offset " + sizeBefore).contains("truncating 20 bytes");
    });
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(25);
      assertEntryEquals(log.get(21), entry(2, 21));
    }
  }

  @Test
  void garbageAfterTheLastRecordIsTruncated() throws IOException {
    writeLog(20);
    Path last = segmentFiles().get(segmentFiles().size() - 1);
    long sizeBefore = Files.size(last);
    byte[] garbage = new byte[300];
    new java.util.Random(42).nextBytes(garbage);
    Files.write(last, garbage, StandardOpenOption.APPEND);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(20);
      assertThat(Files.size(last)).isEqualTo(sizeBefore);
    }
  }

  @Test
  void bitFlipInTheLastRecordIsATornTail() throws IOException {
    writeLog(21);
    List<Path> files = segmentFiles();
    Path last = files.get(files.size() - 1);
    long first = Long.parseLong(last.getFileName().toString().substring(4, 24));
    long off = offsetOf(last, first, 21);
    flipBit(last, off + 30);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(20);
      assertThat(Files.size(last)).isEqualTo(off);
    }
  }

  @Test
  void bitFlipInTheMiddleOfTheLastSegmentStopsStartUp() throws IOException {
    writeLog(20);
    List<Path> files = segmentFiles();
    Path last = files.get(files.size() - 1);
    long first = Long.parseLong(last.getFileName().toString().substring(4, 24));
    assertThat(first).isLessThan(18);
    long off = offsetOf(last, first, 18);
    long sizeBefore = Files.size(last);
    flipBit(last, off + 30);
    assertThatThrownBy(() -> open(SnapshotMeta.NONE))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(last.toString())
        .hasMessageContaining("at offset " + off)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("a valid record follows")
        .satisfies(e -> assertThat(((CorruptLogException) e).offset()).isEqualTo(off));
    assertThat(Files.size(last)).as("nothing is truncated").isEqualTo(sizeBefore);
  }

  /** Overwrites {@code len} bytes at {@code offset} with zeros (extending the file if needed). */
  private static void zeroFill(Path file, long offset, int len) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(len), offset);
      ch.force(true);
    }
  }

  @Test
  void zeroFilledTailAfterAPowerCutIsATornTail() throws IOException {
    // The file system extended the file (or it was pre-allocated) but the data of the last
    // records never reached the disk: what remains are zeros where records 19 and 20 were, plus
    // an extended zero region.
    writeLog(20);
    List<Path> files = segmentFiles();
    Path last = files.get(files.size() - 1);
    long first = Long.parseLong(last.getFileName().toString().substring(4, 24));
    long off = offsetOf(last, first, 19);
    long size = Files.size(last);
    zeroFill(last, off, (int) (size - off) + 512);
    Logger logger = (Logger) LoggerFactory.getLogger(SegmentedLog.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(18);
      assertThat(Files.size(last)).isEqualTo(off);
      log.append(entries(2, 19, 22));
      log.sync();
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains(last.toString()).contains("offset " + off)
          .contains("zero-filled tail").contains("index 19");
    });
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(22);
      assertEntryEquals(log.get(19), entry(2, 19));
    }
  }

  @Test
  void zeroFilledRegionFollowedByValidRecordsStopsStartUp() throws IOException {
    // Records 17 and 18 zeroed, 19 and 20 intact: a hole in the middle of the last segment.
    writeLog(20);
    List<Path> files = segmentFiles();
    Path last = files.get(files.size() - 1);
    long first = Long.parseLong(last.getFileName().toString().substring(4, 24));
    assertThat(first).isLessThan(17);
    long off = offsetOf(last, first, 17);
    long valid = offsetOf(last, first, 19);
    long sizeBefore = Files.size(last);
    zeroFill(last, off, (int) (valid - off));
    assertThatThrownBy(() -> open(SnapshotMeta.NONE))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(last.toString())
        .hasMessageContaining("at offset " + off)
        .hasMessageContaining("zero-filled region of " + (valid - off) + " bytes")
        .hasMessageContaining("a valid record follows at offset " + valid)
        .satisfies(e -> assertThat(((CorruptLogException) e).offset()).isEqualTo(off));
    assertThat(Files.size(last)).as("nothing is truncated").isEqualTo(sizeBefore);
  }

  @Test
  void corruptLengthFieldInTheMiddleStopsStartUp() throws IOException {
    writeLog(20);
    List<Path> files = segmentFiles();
    Path last = files.get(files.size() - 1);
    long first = Long.parseLong(last.getFileName().toString().substring(4, 24));
    long off = offsetOf(last, first, 18);
    flipBit(last, off + 1); // the length field now points far beyond the record
    assertThatThrownBy(() -> open(SnapshotMeta.NONE))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("at offset " + off);
  }

  @Test
  void damageInAnEarlierSegmentStopsStartUpEvenAtItsEnd() throws IOException {
    writeLog(300);
    Path firstSeg = segmentFiles().get(0);
    long size = Files.size(firstSeg);
    flipBit(firstSeg, size - 3); // inside the segment's last record
    assertThatThrownBy(() -> open(SnapshotMeta.NONE))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(firstSeg.toString())
        .hasMessageContaining("non-last segment");
  }

  @Test
  void missingSegmentInTheMiddleStopsStartUp() throws IOException {
    writeLog(300);
    List<Path> files = segmentFiles();
    Files.delete(files.get(1));
    assertThatThrownBy(() -> open(SnapshotMeta.NONE))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(files.get(2).toString())
        .hasMessageContaining("a segment is missing");
  }

  @Test
  void emptyLastSegmentFromAnInterruptedRollIsRepaired() throws IOException {
    writeLog(20);
    Path torn = dir.resolve(String.format("log-%020d.seg", 21));
    Files.write(torn, new byte[7]);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(20);
      log.append(entries(1, 21, 22));
      log.sync();
    }
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(22);
    }
  }

  @Test
  void conflictingSuffixIsReplacedDurably() throws IOException {
    writeLog(300);
    int filesBefore = segmentFiles().size();
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      log.append(entries(2, 100, 110)); // overwrites 100..300
      assertThat(log.lastIndex()).isEqualTo(110);
      assertThat(log.lastTerm()).isEqualTo(2);
      assertThat(log.durableIndex()).isEqualTo(99);
      log.sync();
    }
    assertThat(segmentFiles().size()).isLessThan(filesBefore);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(110);
      assertThat(log.term(99)).isEqualTo(1);
      assertThat(log.term(100)).isEqualTo(2);
      assertEntryEquals(log.get(105), entry(2, 105));
    }
  }

  @Test
  void truncateSuffixAloneSurvivesReopen() throws IOException {
    writeLog(50);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      log.truncateSuffix(31);
      assertThat(log.lastIndex()).isEqualTo(30);
    }
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      assertThat(log.lastIndex()).isEqualTo(30);
      assertThatThrownBy(() -> log.append(entries(1, 32, 33)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("gap");
    }
  }

  @Test
  void compactionDeletesWholeSegmentsBelowTheSnapshot() throws IOException {
    writeLog(500);
    int before = segmentFiles().size();
    SnapshotMeta snap = new SnapshotMeta(400, 1);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      log.compact(snap);
      assertThat(log.firstIndex()).isEqualTo(401);
      assertThat(log.term(400)).isEqualTo(1);
      assertThatThrownBy(() -> log.get(400)).isInstanceOf(IndexOutOfBoundsException.class);
      assertEntryEquals(log.get(401), entry(1, 401));
    }
    List<Path> after = segmentFiles();
    assertThat(after.size()).isLessThan(before);
    long firstOnDisk = Long.parseLong(after.get(0).getFileName().toString().substring(4, 24));
    assertThat(firstOnDisk).isLessThanOrEqualTo(401).isGreaterThan(300);
    try (SegmentedLog log = open(snap)) {
      assertThat(log.firstIndex()).isEqualTo(401);
      assertThat(log.lastIndex()).isEqualTo(500);
    }
    // Without the snapshot the log is unusable: its beginning is gone.
    assertThatThrownBy(() -> open(SnapshotMeta.NONE))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("are missing");
  }

  @Test
  void resetAfterInstallingASnapshotStartsAnEmptyLogAfterIt() throws IOException {
    writeLog(100);
    SnapshotMeta snap = new SnapshotMeta(1000, 3);
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      log.reset(snap);
      assertThat(segmentFiles()).isEmpty();
      assertThat(log.lastIndex()).isEqualTo(1000);
      assertThat(log.lastTerm()).isEqualTo(3);
      log.append(entries(3, 1001, 1005));
      log.sync();
    }
    try (SegmentedLog log = open(snap)) {
      assertThat(log.firstIndex()).isEqualTo(1001);
      assertThat(log.lastIndex()).isEqualTo(1005);
      assertThat(log.term(1000)).isEqualTo(3);
    }
  }

  @Test
  void logEndingBeforeTheSnapshotIsDiscardedOnOpen() throws IOException {
    writeLog(100);
    try (SegmentedLog log = open(new SnapshotMeta(200, 2))) {
      assertThat(log.lastIndex()).isEqualTo(200);
      assertThat(segmentFiles()).isEmpty();
    }
  }

  @Test
  void logConflictingWithTheSnapshotTermIsDiscardedOnOpen() throws IOException {
    writeLog(100);
    try (SegmentedLog log = open(new SnapshotMeta(50, 2))) {
      assertThat(log.lastIndex()).isEqualTo(50);
      assertThat(log.lastTerm()).isEqualTo(2);
    }
  }

  @Test
  void decreasingTermsAndGapsAreRejectedOnAppend() throws IOException {
    try (SegmentedLog log = open(SnapshotMeta.NONE)) {
      log.append(entries(3, 1, 5));
      assertThatThrownBy(() -> log.append(entries(2, 6, 6)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> log.append(entries(3, 8, 9)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void cacheServesRecentEntriesAndDiskServesOldOnes() throws IOException {
    SegmentedLog.Options opts = new SegmentedLog.Options(1 << 20, 2000, 1 << 20, false);
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, opts)) {
      log.append(entries(1, 1, 300));
      log.sync();
      for (long i = 1; i <= 300; i++) {
        assertEntryEquals(log.get(i), entry(1, i));
      }
      log.append(entries(2, 150, 160));
      for (long i = 150; i <= 160; i++) {
        assertEntryEquals(log.get(i), entry(2, i));
      }
      assertEntryEquals(log.get(149), entry(1, 149));
    }
  }

  @Test
  void largeEntriesBiggerThanTheWriteBufferRoundTrip() throws IOException {
    byte[] big = new byte[3 << 20];
    new java.util.Random(7).nextBytes(big);
    SegmentedLog.Options opts = new SegmentedLog.Options(1 << 20, 0, 8 << 20, false);
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, opts)) {
      log.append(List.of(new Entry(1, 1, EntryType.NORMAL, big), entry(1, 2),
          new Entry(1, 3, EntryType.NORMAL, big)));
      log.sync();
    }
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, opts)) {
      assertThat(log.get(1).data()).isEqualTo(big);
      assertEntryEquals(log.get(2), entry(1, 2));
      assertThat(log.get(3).data()).isEqualTo(big);
    }
  }

  // ---------------------------------------------------------------- preallocated segments

  private static final SegmentedLog.Options PREALLOCATED = new SegmentedLog.Options(4096, 0, 1 << 20, true);

  private static long firstIndexOf(Path segment) {
    return Long.parseLong(segment.getFileName().toString().substring(4, 24));
  }

  private List<ILoggingEvent> warningsWhile(IoAction action) throws IOException {
    Logger logger = (Logger) LoggerFactory.getLogger(SegmentedLog.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      action.run();
    } finally {
      logger.detachAppender(appender);
    }
    return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  @Test
  void preallocatedSegmentsKeepTheirRestOnlyInTheLastAndReopenQuietly() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
      for (int i = 1; i <= 250; i += 25) {
        log.append(entries(1, i, i + 24));
        log.sync();
      }
    }
    List<Path> files = segmentFiles();
    assertThat(files).hasSizeGreaterThan(2);
    for (Path f : files.subList(0, files.size() - 1)) {
      long next = firstIndexOf(files.get(files.indexOf(f) + 1));
      assertThat(Files.size(f)).as("%s is cut to its records", f)
          .isEqualTo(offsetOf(f, firstIndexOf(f), next));
    }
    Path last = files.get(files.size() - 1);
    long end = offsetOf(last, firstIndexOf(last), 251);
    assertThat(end).isLessThan(4096);
    assertThat(Files.size(last)).as("the last is preallocated").isEqualTo(4096);
    List<ILoggingEvent> warnings = warningsWhile(() -> {
      try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
        assertThat(log.lastIndex()).isEqualTo(250);
        for (long i = 1; i <= 250; i++) {
          assertEntryEquals(log.get(i), entry(1, i));
        }
        log.append(entries(2, 251, 260));
        log.sync();
      }
    });
    assertThat(warnings).as("the unwritten rest is no torn tail").isEmpty();
    assertThat(Files.size(last)).isEqualTo(4096);
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
      assertThat(log.lastIndex()).isEqualTo(260);
      assertEntryEquals(log.get(251), entry(2, 251));
      assertEntryEquals(log.get(260), entry(2, 260));
    }
  }

  @Test
  void aTornRecordInThePreallocatedRestIsCutAndTheSegmentPreallocatedAgain() throws IOException {
    writeLog(PREALLOCATED, 20);
    Path last = segmentFiles().get(0);
    long end = offsetOf(last, 1, 21);
    ByteBuffer torn = ByteBuffer.allocate(20);
    torn.putInt(17 + 100).putInt(12345).putLong(1).putInt(0).flip();
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
      ch.write(torn, end);
    }
    List<ILoggingEvent> warnings = warningsWhile(() -> {
      try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
        assertThat(log.lastIndex()).isEqualTo(20);
        assertThat(Files.size(last)).as("preallocated again after the cut").isEqualTo(4096);
        log.append(entries(2, 21, 25));
        log.sync();
      }
    });
    assertThat(warnings).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
        .contains(last.toString()).contains("offset " + end).contains("index 21"));
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
      assertThat(log.lastIndex()).isEqualTo(25);
      assertEntryEquals(log.get(21), entry(2, 21));
    }
  }

  @Test
  void aPreallocatedSegmentWhoseHeaderNeverReachedTheDiskIsRewrittenEmpty() throws IOException {
    // 64 KiB segments: an all-zero file longer than the 4 KiB once searched for an unfinished header
    SegmentedLog.Options options = new SegmentedLog.Options(1 << 16, 0, 1 << 20, true);
    writeLog(options, 20);
    // A crash right after the next segment was created and extended, before its header was synced.
    Path next = dir.resolve("log-00000000000000000021.seg");
    try (FileChannel ch = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(1), (1 << 16) - 1);
    }
    try (FileChannel ch = FileChannel.open(segmentFiles().get(0), StandardOpenOption.WRITE)) {
      ch.truncate(offsetOf(segmentFiles().get(0), 1, 21)); // roll cut the first one first
    }
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, options)) {
      assertThat(log.lastIndex()).isEqualTo(20);
      log.append(entries(1, 21, 30));
      log.sync();
    }
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, options)) {
      assertThat(log.lastIndex()).isEqualTo(30);
      assertEntryEquals(log.get(21), entry(1, 21));
    }
  }

  @Test
  void aSuffixTruncatedInAPreallocatedSegmentNeverComesBack() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
      log.append(entries(1, 1, 30));
      log.sync();
      log.append(entries(2, 21, 22)); // a new leader's entries replace 21..30
      log.sync();
    }
    List<ILoggingEvent> warnings = warningsWhile(() -> {
      try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
        assertThat(log.lastIndex()).isEqualTo(22);
        assertEntryEquals(log.get(22), entry(2, 22));
      }
    });
    assertThat(warnings).as("no stale record after the new ones, not even as a torn tail").isEmpty();
  }

  @Test
  void aSegmentPreallocatedBeyondTheSegmentSizeIsCutWhenTheNextStarts() throws IOException {
    // Written with larger segments, then reopened with smaller ones: the roll finds the segment's
    // file longer than its records, and an earlier segment may not keep a zero-filled rest.
    writeLog(new SegmentedLog.Options(1 << 16, 0, 1 << 20, true), 20);
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
      for (int i = 21; i <= 200; i += 20) {
        log.append(entries(1, i, i + 19));
      }
      log.sync();
    }
    List<Path> files = segmentFiles();
    assertThat(files).hasSizeGreaterThan(1);
    assertThat(Files.size(files.get(0))).isEqualTo(offsetOf(files.get(0), 1, firstIndexOf(files.get(1))));
    try (SegmentedLog log = SegmentedLog.open(dir, SnapshotMeta.NONE, PREALLOCATED)) {
      assertThat(log.lastIndex()).isEqualTo(200);
      assertEntryEquals(log.get(20), entry(1, 20));
    }
  }
}

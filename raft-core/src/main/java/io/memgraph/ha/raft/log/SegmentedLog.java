package io.memgraph.ha.raft.log;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.SnapshotMeta;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable Raft log: segment files {@code log-<firstIndex>.seg} in one directory, each a 16-byte
 * header (magic "MGRL", version, first index) followed by records
 * {@code [length u32][crc32c u32][term u64][index u64][type u8][data]}, where {@code length} counts
 * the bytes after the CRC and the CRC covers the length field and those bytes.
 *
 * <p><b>Group commit.</b> {@link #append(List)} only writes (to the page cache); {@link #sync()}
 * makes everything appended so far durable with one {@code fsync} per dirty segment and returns
 * the durable index. {@link #durableIndex()} says how far the log is durable; an entry may be
 * acknowledged to a leader only at or below it.
 *
 * <p><b>Recovery.</b> {@link #open} scans every segment and checks each record's length, CRC,
 * index sequence and term order. In the last segment, a bad record that nothing valid follows is
 * a torn tail from a crash during an unsynced write: the file is truncated there and a WARN names
 * the file and offset. A bad record in an earlier segment, or one followed by a valid record,
 * means damage to data that may have been acknowledged: {@link CorruptLogException} stops start-up.
 * A segment is fsynced before the next one is started, so an earlier segment is never legitimately
 * torn.
 *
 * <p><b>Preallocation.</b> With {@link Options#preallocate()} (the default) a new segment file is
 * extended to the segment size when it is created, without writing data (a sparse file), so that
 * appends write inside the file instead of growing it and an {@code fdatasync} has no new file size
 * to record. The unwritten rest reads as zeros. In the last segment, recovery takes a run of zeros
 * that reaches the end of the file as that rest: the log ends before it, quietly (it cannot be told
 * from records that were written but never synced, and those were never acknowledged). A segment
 * is cut to its records and synced before the next one is started, so no earlier segment has such
 * a rest.
 *
 * <p><b>Compaction.</b> The log starts after a snapshot ({@link SnapshotMeta}): {@link #compact}
 * moves that point forward and deletes whole segments below it; {@link #reset} discards
 * everything when a newer snapshot is installed from the leader.
 *
 * <p>Not thread-safe: the node driver confines it to its Raft thread. Read methods report I/O
 * errors as {@link UncheckedIOException}.
 */
public final class SegmentedLog implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);

  static final int MAGIC = 0x4D47524C; // "MGRL"
  static final int VERSION = 1;
  static final int HEADER_BYTES = 16;
  /** length + crc. */
  static final int RECORD_PREFIX = 8;
  /** term + index + type. */
  static final int RECORD_FIXED = 17;
  private static final Pattern NAME = Pattern.compile("log-(\\d{20})\\.seg");

  /**
   * Tuning.
   *
   * @param segmentBytes a segment is closed and a new one started once it reaches this size
   * @param cacheBytes how many bytes of the newest entries are kept in memory
   * @param maxRecordBytes the largest accepted record; a bigger length field is corruption
   * @param preallocate extend each new segment file to {@code segmentBytes} when it is created (see
   *     the class comment). On ext4, a 120-byte write and {@code fdatasync} took 134-184 µs at the
   *     end of a growing file and 96-104 µs inside a preallocated one.
   */
  public record Options(long segmentBytes, long cacheBytes, int maxRecordBytes, boolean preallocate) {
    /** 64 MiB segments, preallocated; 64 MiB cache, 64 MiB records. */
    public static final Options DEFAULTS = new Options(64L << 20, 64L << 20, 64 << 20, true);

    /** Range checks. */
    public Options {
      if (segmentBytes < 1024 || cacheBytes < 0 || maxRecordBytes < RECORD_FIXED) {
        throw new IllegalArgumentException("invalid log options " + segmentBytes + "/" + cacheBytes
            + "/" + maxRecordBytes);
      }
    }
  }

  /** One segment file and the in-memory index of its records. */
  private static final class Segment {
    final Path path;
    final long firstIndex;
    final DiskFile ch;
    long[] offsets = new long[256];
    long[] terms = new long[256];
    int count;
    long size;
    boolean dirty;

    Segment(Path path, long firstIndex, DiskFile ch) {
      this.path = path;
      this.firstIndex = firstIndex;
      this.ch = ch;
    }

    long lastIndex() {
      return firstIndex + count - 1;
    }

    void add(long offset, long term) {
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, count * 2);
        terms = Arrays.copyOf(terms, count * 2);
      }
      offsets[count] = offset;
      terms[count] = term;
      count++;
    }
  }

  private final Disk disk;
  private final Path dir;
  private final Options options;
  private final List<Segment> segments = new ArrayList<>();
  private final EntryCache cache;
  /** Batches the records of one append into few writes; never larger than a segment. */
  private final ByteBuffer writeBuf;
  /** Absolute file position where {@link #writeBuf}'s content goes in the active segment. */
  private long writeBufPosition;
  private final CRC32C crc = new CRC32C();
  private SnapshotMeta base;
  private long lastIndex;
  private long lastTerm;
  private long durableIndex;
  private boolean directoryDirty;
  private long syncs;

  private SegmentedLog(Disk disk, Path dir, Options options, SnapshotMeta base) {
    this.disk = disk;
    this.dir = dir;
    this.options = options;
    this.cache = new EntryCache(options.cacheBytes());
    this.writeBuf = ByteBuffer.allocateDirect((int) Math.min(1 << 20, options.segmentBytes()));
    this.base = base;
  }

  /**
   * Opens (or creates) the log in {@code dir}, recovering from a crash as described above.
   *
   * @param base the newest durable snapshot ({@link SnapshotMeta#NONE} if none): entries at or
   *     below it are not served, and a log that does not reach it is discarded
   * @throws CorruptLogException if the log is damaged beyond a torn tail
   */
  public static SegmentedLog open(Path dir, SnapshotMeta base, Options options) throws IOException {
    return open(Disk.REAL, dir, base, options);
  }

  /** Opens (or creates) the log in {@code dir} on {@code disk}, as {@link #open(Path,
   * SnapshotMeta, Options)} does on the real file system. */
  public static SegmentedLog open(Disk disk, Path dir, SnapshotMeta base, Options options)
      throws IOException {
    disk.createDirectories(dir);
    SegmentedLog log = new SegmentedLog(disk, dir, options, base);
    try {
      log.recover();
    } catch (IOException | RuntimeException e) {
      log.closeQuietly(e);
      throw e;
    }
    return log;
  }

  private void closeQuietly(Exception cause) {
    for (Segment s : segments) {
      try {
        s.ch.close();
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
  }

  // ---------------------------------------------------------------- recovery

  private void recover() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : disk.list(dir, "log-*.seg")) {
      if (NAME.matcher(p.getFileName().toString()).matches()) {
        files.add(p);
      }
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    long prevLast = -1;
    long prevTerm = 0;
    for (int i = 0; i < files.size(); i++) {
      Path p = files.get(i);
      Matcher m = NAME.matcher(p.getFileName().toString());
      if (!m.matches()) {
        throw new IllegalStateException("unreachable: " + p);
      }
      long first = Long.parseLong(m.group(1));
      boolean isLast = i == files.size() - 1;
      if (prevLast >= 0 && first != prevLast + 1) {
        throw new CorruptLogException(p, -1, "segment starts at index " + first
            + " but the previous segment ends at " + prevLast + " (a segment is missing or stale)");
      }
      Segment s = new Segment(p, first, disk.open(p, Disk.OpenMode.READ_WRITE));
      segments.add(s);
      prevTerm = scan(s, isLast, prevTerm);
      if (isLast) {
        preallocate(s);
      }
      if (!isLast && s.count == 0) {
        throw new CorruptLogException(p, HEADER_BYTES,
            "segment holds no records but is not the last");
      }
      prevLast = s.lastIndex();
    }
    if (segments.isEmpty()) {
      lastIndex = base.index();
      lastTerm = base.term();
    } else {
      Segment lastSeg = segments.get(segments.size() - 1);
      long physFirst = segments.get(0).firstIndex;
      long physLast = lastSeg.lastIndex();
      if (physFirst > base.index() + 1) {
        throw new CorruptLogException(segments.get(0).path, -1, "the log starts at index "
            + physFirst + " but the newest snapshot ends at index " + base.index()
            + "; entries " + (base.index() + 1) + ".." + (physFirst - 1) + " are missing");
      }
      if (physLast < base.index()) {
        LOG.info("Log in {} ends at index {}, before snapshot {}; discarding it", dir, physLast,
            base);
        deleteAllSegments();
      } else if (base.index() > 0 && base.index() >= physFirst
          && termInSegments(base.index()) != base.term()) {
        LOG.warn("Log in {} has term {} at snapshot index {} but the snapshot says term {};"
            + " discarding the log", dir, termInSegments(base.index()), base.index(), base.term());
        deleteAllSegments();
      }
      if (segments.isEmpty()) {
        lastIndex = base.index();
        lastTerm = base.term();
      } else {
        lastIndex = physLast;
        Segment s = segments.get(segments.size() - 1);
        lastTerm = s.count > 0 ? s.terms[s.count - 1] : prevTerm;
        if (lastIndex == base.index()) {
          lastTerm = base.term();
        }
      }
    }
    durableIndex = lastIndex;
    if (!segments.isEmpty()) {
      writeBufPosition = segments.get(segments.size() - 1).size;
    }
    if (directoryDirty) {
      disk.syncDirectory(dir);
      directoryDirty = false;
    }
  }

  /** Scans one segment, filling its index; returns the last term seen. */
  private long scan(Segment s, boolean isLast, long prevTerm) throws IOException {
    long fileSize = s.ch.size();
    if (fileSize < HEADER_BYTES || !headerValid(s, fileSize)) {
      if (isLast && (fileSize < HEADER_BYTES || allZero(s.ch, fileSize))) {
        // Crashed while creating the segment: nothing in it was ever synced.
        LOG.warn("Segment {} has an incomplete header ({} bytes); rewriting it empty", s.path,
            fileSize);
        s.ch.truncate(0);
        writeHeader(s);
        s.ch.force(true);
        s.size = HEADER_BYTES;
        return prevTerm;
      }
      throw new CorruptLogException(s.path, 0, "invalid segment header");
    }
    ByteBuffer m = s.ch.map(fileSize);
    long pos = HEADER_BYTES;
    long expected = s.firstIndex;
    long term = prevTerm;
    while (pos < fileSize) {
      String problem = checkRecord(m, pos, fileSize, expected, term);
      if (problem == null) {
        long recTerm = m.getLong((int) pos + RECORD_PREFIX);
        s.add(pos, recTerm);
        term = recTerm;
        pos += RECORD_PREFIX + m.getInt((int) pos);
        expected++;
        continue;
      }
      if (!isLast) {
        throw new CorruptLogException(s.path, pos, "damaged record in a non-last segment: "
            + problem + " (index " + expected + ")");
      }
      // A zero-length header starts a zero-filled region: a file extended (or pre-allocated) by
      // the file system whose data never reached the disk. At the tail that is a torn write, like
      // etcd treats it; followed by a valid record it is a hole in data that may have been synced.
      long zeros = zeroRun(m, pos, fileSize);
      if (options.preallocate() && zeros == fileSize - pos) {
        // the preallocated rest of the segment: the log ends here (see the class comment)
        LOG.debug("Segment {} ends at offset {}; the {} bytes after it are unwritten", s.path, pos, zeros);
        break;
      }
      long next = zeros == fileSize - pos ? -1 : findValidRecord(m, pos, fileSize, expected);
      if (next >= 0) {
        // The next record's length field starts with zero bytes too: the region ends before it.
        String what = zeros >= RECORD_PREFIX
            ? "zero-filled region of " + Math.min(zeros, next - pos) + " bytes" : problem;
        throw new CorruptLogException(s.path, pos, "damaged record in the middle of the log: "
            + what + " (index " + expected + "), but a valid record follows at offset " + next
            + "; refusing to start because entries after it may have been acknowledged");
      }
      LOG.warn("Torn tail in Raft log segment {} at offset {}: {} (index {}); truncating {} bytes",
          s.path, pos, zeros == fileSize - pos ? "zero-filled tail" : problem, expected,
          fileSize - pos);
      s.ch.truncate(pos);
      s.ch.force(true);
      break;
    }
    s.size = pos;
    return term;
  }

  private boolean headerValid(Segment s, long fileSize) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
    Fsync.readFully(s.ch, h, 0, s.path);
    h.flip();
    return h.getInt() == MAGIC && h.getInt() == VERSION && h.getLong() == s.firstIndex;
  }

  /** True if every byte of the file is zero: a segment created (and maybe preallocated) but never synced. */
  private static boolean allZero(DiskFile ch, long size) throws IOException {
    return zeroRun(ch.map(size), 0, size) == size;
  }

  /** Null if a valid record with index {@code expected} starts at {@code pos}, else the problem. */
  private String checkRecord(ByteBuffer m, long pos, long fileSize, long expected,
      long prevTerm) {
    if (pos + RECORD_PREFIX > fileSize) {
      return "incomplete record header (" + (fileSize - pos) + " bytes)";
    }
    int p = (int) pos;
    int len = m.getInt(p);
    if (len < RECORD_FIXED || len > options.maxRecordBytes()) {
      return "invalid record length " + len;
    }
    if (pos + RECORD_PREFIX + len > fileSize) {
      return "record of " + len + " bytes runs past the end of the file";
    }
    if (crcOf(m, p, len) != m.getInt(p + 4)) {
      return "checksum mismatch";
    }
    long term = m.getLong(p + RECORD_PREFIX);
    long index = m.getLong(p + RECORD_PREFIX + 8);
    int type = m.get(p + RECORD_PREFIX + 16);
    if (index != expected) {
      return "record has index " + index + ", expected " + expected;
    }
    if (term < 1 || term < prevTerm) {
      return "record has term " + term + " after term " + prevTerm;
    }
    if (type < 0 || type >= EntryType.values().length) {
      return "unknown entry type " + type;
    }
    return null;
  }

  private int crcOf(ByteBuffer m, int p, int len) {
    crc.reset();
    crc.update(m.slice(p, 4));
    crc.update(m.slice(p + RECORD_PREFIX, len));
    return (int) crc.getValue();
  }

  /** Number of zero bytes starting at {@code from}; eight at a time, for a preallocated rest. */
  private static long zeroRun(ByteBuffer m, long from, long fileSize) {
    int q = (int) from;
    int end = (int) fileSize;
    while (q + Long.BYTES <= end && m.getLong(q) == 0) {
      q += Long.BYTES;
    }
    while (q < end && m.get(q) == 0) {
      q++;
    }
    return q - from;
  }

  /** Offset of a valid record at or after {@code from + 1} with index >= expected, or -1. */
  private long findValidRecord(ByteBuffer m, long from, long fileSize, long expected) {
    long maxIndex = expected + (fileSize - from) / (RECORD_PREFIX + RECORD_FIXED);
    for (long q = from + 1; q + RECORD_PREFIX + RECORD_FIXED <= fileSize; q++) {
      int p = (int) q;
      int len = m.getInt(p);
      if (len < RECORD_FIXED || len > options.maxRecordBytes()
          || q + RECORD_PREFIX + len > fileSize) {
        continue;
      }
      long index = m.getLong(p + RECORD_PREFIX + 8);
      if (index < expected || index > maxIndex) {
        continue;
      }
      if (crcOf(m, p, len) == m.getInt(p + 4)) {
        return q;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- reads

  /** The directory holding the segments. */
  public Path directory() {
    return dir;
  }

  /** The snapshot the log starts after. */
  public SnapshotMeta base() {
    return base;
  }

  /** The first index the log can serve: {@code base().index() + 1}. */
  public long firstIndex() {
    return base.index() + 1;
  }

  /** The last index appended (durable or not); {@code base().index()} when empty. */
  public long lastIndex() {
    return lastIndex;
  }

  /** The term of {@link #lastIndex()}. */
  public long lastTerm() {
    return lastTerm;
  }

  /** Every entry at or below this index has been fsynced. */
  public long durableIndex() {
    return durableIndex;
  }

  /**
   * The term of the entry at {@code index}, for {@code base().index() <= index <= lastIndex()}.
   *
   * @throws IndexOutOfBoundsException outside that range
   */
  public long term(long index) {
    if (index == base.index()) {
      return base.term();
    }
    checkRange(index);
    return termInSegments(index);
  }

  private long termInSegments(long index) {
    Segment s = segmentFor(index);
    return s.terms[(int) (index - s.firstIndex)];
  }

  /** The entry at {@code index}, for {@code firstIndex() <= index <= lastIndex()}. */
  public Entry get(long index) {
    checkRange(index);
    if (index <= base.index()) {
      throw new IndexOutOfBoundsException("index " + index + " is compacted (log starts at "
          + firstIndex() + ")");
    }
    Entry e = cache.get(index);
    return e != null ? e : readFromDisk(index);
  }

  /**
   * Entries in {@code [from, to)}, stopping early once their total size exceeds {@code maxBytes}
   * (but always at least one entry).
   */
  public List<Entry> entries(long from, long to, long maxBytes) {
    if (from > to) {
      throw new IllegalArgumentException("from " + from + " > to " + to);
    }
    List<Entry> out = new ArrayList<>((int) Math.min(to - from, 1024));
    long bytes = 0;
    for (long i = from; i < to; i++) {
      Entry e = get(i);
      bytes += e.sizeBytes();
      if (!out.isEmpty() && bytes > maxBytes) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  private void checkRange(long index) {
    if (index < base.index() || index > lastIndex) {
      throw new IndexOutOfBoundsException("index " + index + " outside the log ["
          + base.index() + ", " + lastIndex + "]");
    }
  }

  private Segment segmentFor(long index) {
    int lo = 0;
    int hi = segments.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (segments.get(mid).firstIndex <= index) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    Segment s = segments.get(lo);
    if (index < s.firstIndex || index > s.lastIndex()) {
      throw new IllegalStateException("no segment holds index " + index);
    }
    return s;
  }

  private Entry readFromDisk(long index) {
    Segment s = segmentFor(index);
    int i = (int) (index - s.firstIndex);
    long start = s.offsets[i];
    long end = i + 1 < s.count ? s.offsets[i + 1] : s.size;
    try {
      flushWriteBuffer();
      ByteBuffer b = ByteBuffer.allocate((int) (end - start));
      Fsync.readFully(s.ch, b, start, s.path);
      b.flip();
      int len = b.getInt(0);
      if (len != b.capacity() - RECORD_PREFIX || crcOf(b, 0, len) != b.getInt(4)) {
        throw new CorruptLogException(s.path, start, "record for index " + index
            + " no longer matches its checksum");
      }
      return decode(b, len);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Entry decode(ByteBuffer b, int len) {
    long term = b.getLong(RECORD_PREFIX);
    long index = b.getLong(RECORD_PREFIX + 8);
    EntryType type = EntryType.values()[b.get(RECORD_PREFIX + 16)];
    byte[] data = new byte[len - RECORD_FIXED];
    b.get(RECORD_PREFIX + RECORD_FIXED, data);
    return new Entry(term, index, type, data);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Appends entries (not yet durable; call {@link #sync()}). The first entry's index must be at
   * most {@code lastIndex() + 1}; if it is lower, the conflicting suffix from that index on is
   * removed first (Raft's "delete the existing entry and all that follow it"). Entries must be
   * consecutive with non-decreasing terms.
   */
  public void append(List<Entry> entries) throws IOException {
    if (entries.isEmpty()) {
      return;
    }
    long first = entries.get(0).index();
    if (first <= base.index()) {
      throw new IllegalArgumentException("cannot append at index " + first
          + ": at or below the snapshot " + base);
    }
    if (first > lastIndex + 1) {
      throw new IllegalArgumentException("cannot append at index " + first + ": the log ends at "
          + lastIndex + " (a gap)");
    }
    if (first <= lastIndex) {
      truncateSuffix(first);
    }
    for (Entry e : entries) {
      if (e.index() != lastIndex + 1 || e.term() < lastTerm) {
        throw new IllegalArgumentException("entry " + e + " does not follow index " + lastIndex
            + " term " + lastTerm);
      }
      Segment s = active();
      if (s == null || (s.size >= options.segmentBytes() && s.count > 0)) {
        s = roll(e.index());
      }
      int recLen = RECORD_PREFIX + RECORD_FIXED + e.data().length;
      if (recLen - RECORD_PREFIX > options.maxRecordBytes()) {
        throw new IllegalArgumentException("entry " + e + " is larger than the maximum record size "
            + options.maxRecordBytes());
      }
      long offset = s.size;
      if (writeBuf.remaining() < recLen) {
        flushWriteBuffer();
      }
      ByteBuffer target = writeBuf.remaining() >= recLen ? writeBuf : ByteBuffer.allocate(recLen);
      int p = target.position();
      target.putInt(recLen - RECORD_PREFIX).putInt(0).putLong(e.term()).putLong(e.index())
          .put((byte) e.type().ordinal()).put(e.data());
      target.putInt(p + 4, crcOf(target, p, recLen - RECORD_PREFIX));
      if (target != writeBuf) {
        target.flip();
        Fsync.writeFully(s.ch, target, offset);
        writeBufPosition = offset + recLen;
      }
      s.add(offset, e.term());
      s.size += recLen;
      s.dirty = true;
      lastIndex = e.index();
      lastTerm = e.term();
      cache.add(e);
    }
    flushWriteBuffer();
  }

  private Segment active() {
    return segments.isEmpty() ? null : segments.get(segments.size() - 1);
  }

  private void flushWriteBuffer() throws IOException {
    if (writeBuf.position() == 0) {
      return;
    }
    writeBuf.flip();
    Fsync.writeFully(active().ch, writeBuf, writeBufPosition);
    writeBufPosition += writeBuf.limit();
    writeBuf.clear();
  }

  /** Starts a new segment at {@code firstIndex}, after making the current one durable. */
  private Segment roll(long firstIndex) throws IOException {
    Segment old = active();
    if (old != null) {
      flushWriteBuffer();
      if (old.ch.size() > old.size) {
        // its preallocated rest: cut before the next segment exists, so only the last has one
        old.ch.truncate(old.size);
        old.ch.force(true);
        old.dirty = false;
      } else if (old.dirty) {
        old.ch.force(false);
        old.dirty = false;
      }
    }
    Path p = dir.resolve(String.format("log-%020d.seg", firstIndex));
    Segment s = new Segment(p, firstIndex, disk.open(p, Disk.OpenMode.CREATE_TRUNCATE));
    writeHeader(s);
    s.size = HEADER_BYTES;
    preallocate(s);
    s.dirty = true;
    segments.add(s);
    writeBufPosition = s.size;
    directoryDirty = true;
    return s;
  }

  /**
   * Extends the segment's file to the segment size, if preallocating and it is shorter: one zero
   * byte written at the end leaves a sparse file. Needs no sync: recovery finds the end of the
   * records either way.
   */
  private void preallocate(Segment s) throws IOException {
    if (options.preallocate() && s.ch.size() < options.segmentBytes()) {
      Fsync.writeFully(s.ch, ByteBuffer.allocate(1), options.segmentBytes() - 1);
    }
  }

  private static void writeHeader(Segment s) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
    h.putInt(MAGIC).putInt(VERSION).putLong(s.firstIndex).flip();
    Fsync.writeFully(s.ch, h, 0);
  }

  /**
   * Makes every appended entry durable (one fsync per dirty segment, plus the directory if a
   * segment was created) and returns the new {@link #durableIndex()}.
   */
  public long sync() throws IOException {
    flushWriteBuffer();
    for (Segment s : segments) {
      if (s.dirty) {
        s.ch.force(false);
        s.dirty = false;
      }
    }
    if (directoryDirty) {
      disk.syncDirectory(dir);
      directoryDirty = false;
    }
    durableIndex = lastIndex;
    syncs++;
    return durableIndex;
  }

  /** How many times {@link #sync()} ran (entries per sync shows how well group commit works). */
  public long syncCount() {
    return syncs;
  }

  /**
   * Removes every entry with index >= {@code from} and makes the removal durable at once, so
   * that stale records can never reappear behind newer ones after a crash.
   */
  public void truncateSuffix(long from) throws IOException {
    if (from <= base.index()) {
      throw new IllegalArgumentException("cannot truncate at " + from + ": at or below snapshot "
          + base);
    }
    if (from > lastIndex) {
      return;
    }
    flushWriteBuffer();
    boolean deleted = false;
    while (!segments.isEmpty() && active().firstIndex >= from) {
      Segment s = segments.remove(segments.size() - 1);
      s.ch.close();
      disk.deleteIfExists(s.path);
      deleted = true;
    }
    Segment s = active();
    if (s != null && s.lastIndex() >= from) {
      int keep = (int) (from - s.firstIndex);
      s.size = s.offsets[keep];
      s.count = keep;
      s.ch.truncate(s.size);
      s.ch.force(true);
      s.dirty = false;
    }
    if (s != null) {
      preallocate(s); // after the cut is durable: the stale records are gone, zeros follow
    }
    if (deleted || directoryDirty) {
      disk.syncDirectory(dir);
      directoryDirty = false;
    }
    writeBufPosition = s == null ? 0 : s.size;
    cache.truncateFrom(from);
    lastIndex = from - 1;
    lastTerm = lastIndex == base.index() ? base.term() : termInSegments(lastIndex);
    durableIndex = Math.min(durableIndex, lastIndex);
  }

  /**
   * Moves the start of the log past {@code snapshot} (which must cover entries this log holds,
   * with the same term) and deletes every segment whose entries are all covered. The active
   * segment is kept.
   */
  public void compact(SnapshotMeta snapshot) throws IOException {
    if (snapshot.index() <= base.index()) {
      return;
    }
    if (snapshot.index() > lastIndex) {
      throw new IllegalArgumentException("snapshot " + snapshot + " is beyond the log's last index "
          + lastIndex + "; use reset");
    }
    long t = term(snapshot.index());
    if (t != snapshot.term()) {
      throw new IllegalArgumentException("snapshot " + snapshot + " does not match the log's term "
          + t + " at that index");
    }
    flushWriteBuffer();
    base = snapshot;
    boolean deleted = false;
    while (segments.size() > 1 && segments.get(0).lastIndex() <= snapshot.index()) {
      Segment s = segments.remove(0);
      s.ch.close();
      disk.deleteIfExists(s.path);
      deleted = true;
    }
    cache.dropThrough(snapshot.index());
    if (deleted) {
      disk.syncDirectory(dir);
    }
  }

  /**
   * Discards the whole log and restarts it after {@code snapshot}: used when a snapshot from the
   * leader replaces this node's state. The snapshot file must already be durable.
   */
  public void reset(SnapshotMeta snapshot) throws IOException {
    flushWriteBuffer();
    deleteAllSegments();
    disk.syncDirectory(dir);
    directoryDirty = false;
    cache.clear();
    base = snapshot;
    lastIndex = snapshot.index();
    lastTerm = snapshot.term();
    durableIndex = lastIndex;
    writeBufPosition = 0;
  }

  private void deleteAllSegments() throws IOException {
    for (Segment s : segments) {
      s.ch.close();
      disk.deleteIfExists(s.path);
    }
    segments.clear();
    directoryDirty = true;
  }

  /** Number of segment files (for tests and metrics). */
  public int segmentCount() {
    return segments.size();
  }

  /** Syncs and closes the files. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    try {
      sync();
    } catch (IOException e) {
      first = e;
    }
    for (Segment s : segments) {
      try {
        s.ch.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    segments.clear();
    if (first != null) {
      throw first;
    }
  }
}

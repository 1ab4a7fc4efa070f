package io.memgraph.ha.raft.log;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A simulated file system with POSIX crash semantics, for the deterministic simulation and the
 * durability tests: what a crash keeps is exactly what was made durable.
 *
 * <ul>
 *   <li>Every file has its current content (what reads see) and its durable content; writes and
 *       truncations since the last {@link DiskFile#force} are pending. {@code force} (either kind)
 *       makes them durable.
 *   <li>Every directory has its current entries and its durable entries; a create, rename or
 *       delete is pending until {@link #syncDirectory} of that directory. Created directories are
 *       durable at once (the servers create theirs once, before anything else).
 *   <li>{@link #crash} drops what is pending: all of it, or (as a page cache and a metadata
 *       journal that flushed part of their queue would leave it) a random prefix of each file's
 *       pending writes and of each directory's pending changes, optionally tearing the first write
 *       not kept: its first sectors reach the disk and the rest of its range reads as zeros or is
 *       missing. Handles opened before the crash fail afterwards.
 * </ul>
 * Deterministic: directory listings are sorted and every random choice comes from the crash's
 * generator. Not thread-safe (the simulation is single-threaded per run).
 */
public final class SimDisk implements Disk {

  /** What a crash keeps of the unsynced writes. */
  public enum CrashMode {
    /** Nothing unsynced survives. */
    DROP_UNSYNCED,
    /** A random prefix of each file's and each directory's unsynced changes survives. */
    KEEP_PREFIX,
    /** As {@link #KEEP_PREFIX}, and the first write not kept is torn. */
    TORN_WRITE
  }

  /** An unsynced write ({@code bytes != null}) or truncation to {@code position}. */
  private record Op(long position, byte[] bytes) {}

  private static final class Inode {
    byte[] data = new byte[0];
    int size;
    byte[] durable = new byte[0];
    int durableSize;
    final List<Op> pending = new ArrayList<>();
  }

  /** An unsynced change of a directory: link {@code name} to {@code inode}, or unlink it (null). */
  private record NameOp(String name, Inode inode) {}

  private static final class Dir {
    final TreeMap<String, Inode> entries = new TreeMap<>();
    final TreeMap<String, Inode> durable = new TreeMap<>();
    final List<NameOp> pending = new ArrayList<>();
  }

  /** The sector of a disk: the unit a torn write keeps or loses whole. */
  public static final int SECTOR = 512;

  private final int sectorBytes;

  private final Map<Path, Dir> dirs = new TreeMap<>();
  private final Map<String, PathMatcher> matchers = new HashMap<>();
  private int generation;
  private long forces;
  private long directorySyncs;
  private long bytesWritten;

  /** A disk with 512-byte sectors. */
  public SimDisk() {
    this(SECTOR);
  }

  /**
   * A disk whose torn writes keep or lose {@code sectorBytes} at a time (at least 16, so that a
   * log segment's header is written whole, as on any real disk). Smaller than a real sector, it
   * makes torn writes cut records more often.
   */
  public SimDisk(int sectorBytes) {
    if (sectorBytes < 16) {
      throw new IllegalArgumentException("sector of " + sectorBytes + " bytes");
    }
    this.sectorBytes = sectorBytes;
  }

  // ---------------------------------------------------------------- crash and statistics

  /** Loses everything not durable as {@code mode} says; every open handle becomes invalid. */
  public void crash(CrashMode mode, SplittableRandom random) {
    generation++;
    for (Dir d : dirs.values()) {
      int keep = mode == CrashMode.DROP_UNSYNCED ? 0 : random.nextInt(d.pending.size() + 1);
      for (int i = 0; i < keep; i++) {
        link(d.durable, d.pending.get(i));
      }
      d.pending.clear();
      d.entries.clear();
      d.entries.putAll(d.durable);
    }
    for (Dir d : dirs.values()) {
      for (Inode f : d.durable.values()) {
        if (f.pending.isEmpty()) {
          continue;
        }
        int keep = mode == CrashMode.DROP_UNSYNCED ? 0 : random.nextInt(f.pending.size() + 1);
        for (int i = 0; i < keep; i++) {
          makeDurable(f, f.pending.get(i));
        }
        if (mode == CrashMode.TORN_WRITE && keep < f.pending.size()) {
          tear(f, f.pending.get(keep), random);
        }
        f.pending.clear();
        f.data = Arrays.copyOf(f.durable, f.durableSize);
        f.size = f.durableSize;
      }
    }
  }

  private static void link(Map<String, Inode> names, NameOp op) {
    if (op.inode() == null) {
      names.remove(op.name());
    } else {
      names.put(op.name(), op.inode());
    }
  }

  /**
   * Keeps the sectors of {@code op} before a random sector boundary inside it (a sector is written
   * whole or not at all); the rest of its range reads as zeros (the size reached the disk, the data
   * did not) or is missing. Never stale garbage, as with ext4's default {@code data=ordered}.
   */
  private void tear(Inode f, Op op, SplittableRandom random) {
    if (op.bytes() == null || op.bytes().length == 0) {
      return;
    }
    long start = op.position();
    long end = start + op.bytes().length;
    long firstBoundary = (start / sectorBytes + 1) * sectorBytes;
    long boundaries = firstBoundary < end ? (end - 1 - firstBoundary) / sectorBytes + 1 : 0;
    long k = random.nextLong(boundaries + 1);
    int cut = (int) (k == 0 ? 0 : firstBoundary + (k - 1) * sectorBytes - start);
    byte[] torn = random.nextBoolean() ? new byte[op.bytes().length] : new byte[cut];
    System.arraycopy(op.bytes(), 0, torn, 0, cut);
    makeDurable(f, new Op(start, torn));
  }

  private static void makeDurable(Inode f, Op op) {
    if (op.bytes() == null) {
      f.durableSize = (int) Math.min(f.durableSize, op.position());
      return;
    }
    int end = (int) op.position() + op.bytes().length;
    if (end > f.durable.length) {
      f.durable = Arrays.copyOf(f.durable, Math.max(end, f.durable.length * 2));
    }
    if (op.position() > f.durableSize) {
      Arrays.fill(f.durable, f.durableSize, (int) op.position(), (byte) 0);
    }
    System.arraycopy(op.bytes(), 0, f.durable, (int) op.position(), op.bytes().length);
    f.durableSize = Math.max(f.durableSize, end);
  }

  /** File fsyncs so far. */
  public long forces() {
    return forces;
  }

  /** Directory fsyncs so far. */
  public long directorySyncs() {
    return directorySyncs;
  }

  /** Bytes written so far. */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** True if {@code file} would survive a crash now with its current content. */
  public boolean isDurable(Path file) {
    Dir d = dirs.get(file.getParent());
    if (d == null) {
      return false;
    }
    Inode f = d.entries.get(name(file));
    return f != null && d.durable.get(name(file)) == f && f.pending.isEmpty();
  }

  // ---------------------------------------------------------------- Disk

  private static String name(Path file) {
    return file.getFileName().toString();
  }

  private Dir dir(Path file) throws NoSuchFileException {
    Dir d = dirs.get(file.getParent());
    if (d == null) {
      throw new NoSuchFileException(file.toString(), null, "no such directory");
    }
    return d;
  }

  private Inode inode(Path file) throws NoSuchFileException {
    Inode f = dir(file).entries.get(name(file));
    if (f == null) {
      throw new NoSuchFileException(file.toString());
    }
    return f;
  }

  private void change(Dir d, String name, Inode inode) {
    NameOp op = new NameOp(name, inode);
    link(d.entries, op);
    d.pending.add(op);
  }

  @Override
  public DiskFile open(Path file, OpenMode mode) throws IOException {
    Dir d = dir(file);
    Inode f = d.entries.get(name(file));
    if (f == null) {
      if (mode != OpenMode.CREATE_TRUNCATE) {
        throw new NoSuchFileException(file.toString());
      }
      f = new Inode();
      change(d, name(file), f);
    }
    Handle h = new Handle(f, file, mode != OpenMode.READ);
    if (mode == OpenMode.CREATE_TRUNCATE) {
      h.truncate(0);
    }
    return h;
  }

  @Override
  public boolean exists(Path file) {
    Dir d = dirs.get(file.getParent());
    return (d != null && d.entries.containsKey(name(file))) || dirs.containsKey(file);
  }

  @Override
  public long size(Path file) throws IOException {
    return inode(file).size;
  }

  @Override
  public byte[] readAllBytes(Path file) throws IOException {
    Inode f = inode(file);
    return Arrays.copyOf(f.data, f.size);
  }

  @Override
  public InputStream newInputStream(Path file) throws IOException {
    return new ByteArrayInputStream(readAllBytes(file));
  }

  @Override
  public List<Path> list(Path dir, String glob) throws IOException {
    Dir d = dirs.get(dir);
    if (d == null) {
      throw new NoSuchFileException(dir.toString());
    }
    PathMatcher m = matchers.computeIfAbsent(glob,
        g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
    List<Path> out = new ArrayList<>();
    for (String name : d.entries.keySet()) {
      Path p = dir.resolve(name);
      if (m.matches(p.getFileName())) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    for (Path p = dir; p != null && !dirs.containsKey(p); p = p.getParent()) {
      Dir parent = p.getParent() == null ? null : dirs.get(p.getParent());
      if (parent != null && parent.entries.containsKey(name(p))) {
        throw new FileAlreadyExistsException(p.toString(), null, "a file, not a directory");
      }
      dirs.put(p, new Dir());
    }
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    Inode f = inode(from);
    Dir target = dir(to);
    if (dir(from) != target) {
      throw new IOException("rename across directories is not simulated: " + from + " -> " + to);
    }
    change(target, name(from), null);
    change(target, name(to), f);
  }

  @Override
  public boolean deleteIfExists(Path file) throws IOException {
    Dir d = dirs.get(file.getParent());
    if (d == null || !d.entries.containsKey(name(file))) {
      return false;
    }
    change(d, name(file), null);
    return true;
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    Dir d = dirs.get(dir);
    if (d == null) {
      throw new NoSuchFileException(dir.toString());
    }
    directorySyncs++;
    for (NameOp op : d.pending) {
      link(d.durable, op);
    }
    d.pending.clear();
  }

  /** An open file; fails once the disk crashed after it was opened. */
  private final class Handle implements DiskFile {
    private final Inode f;
    private final Path path;
    private final boolean writable;
    private final int openedIn = generation;
    private boolean closed;

    Handle(Inode f, Path path, boolean writable) {
      this.f = f;
      this.path = path;
      this.writable = writable;
    }

    private void check(boolean write) throws IOException {
      if (closed) {
        throw new IOException(path + ": file handle is closed");
      }
      if (openedIn != generation) {
        throw new IllegalStateException(path + ": file handle opened before a crash is used");
      }
      if (write && !writable) {
        throw new IOException(path + ": opened for reading only");
      }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      check(false);
      if (position >= f.size) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), f.size - position);
      dst.put(f.data, (int) position, n);
      return n;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      check(true);
      int n = src.remaining();
      byte[] bytes = new byte[n];
      src.get(bytes);
      int end = (int) position + n;
      if (end > f.data.length) {
        f.data = Arrays.copyOf(f.data, Math.max(end, f.data.length * 2));
      }
      if (position > f.size) {
        Arrays.fill(f.data, f.size, (int) position, (byte) 0);
      }
      System.arraycopy(bytes, 0, f.data, (int) position, n);
      f.size = Math.max(f.size, end);
      f.pending.add(new Op(position, bytes));
      bytesWritten += n;
      return n;
    }

    @Override
    public long size() throws IOException {
      check(false);
      return f.size;
    }

    @Override
    public void truncate(long size) throws IOException {
      check(true);
      if (size < f.size) {
        f.size = (int) size;
        f.pending.add(new Op(size, null));
      }
    }

    @Override
    public void force(boolean metaData) throws IOException {
      check(false);
      forces++;
      for (Op op : f.pending) {
        makeDurable(f, op);
      }
      f.pending.clear();
    }

    @Override
    public ByteBuffer map(long size) throws IOException {
      check(false);
      return ByteBuffer.wrap(Arrays.copyOf(f.data, (int) size)).asReadOnlyBuffer();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

package io.memgraph.ha.raft.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** {@link Disk#REAL}: each operation is the one {@code FileChannel} or {@code Files} call. */
final class RealDisk implements Disk {
  static final RealDisk INSTANCE = new RealDisk();

  private RealDisk() {}

  @Override
  public DiskFile open(Path file, OpenMode mode) throws IOException {
    FileChannel ch = switch (mode) {
      case READ -> FileChannel.open(file, StandardOpenOption.READ);
      case READ_WRITE -> FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      case CREATE_TRUNCATE -> FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    };
    return new Channel(ch);
  }

  @Override
  public boolean exists(Path file) {
    return Files.exists(file);
  }

  @Override
  public long size(Path file) throws IOException {
    return Files.size(file);
  }

  @Override
  public byte[] readAllBytes(Path file) throws IOException {
    return Files.readAllBytes(file);
  }

  @Override
  public InputStream newInputStream(Path file) throws IOException {
    return Files.newInputStream(file);
  }

  @Override
  public List<Path> list(Path dir, String glob) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
      for (Path p : ds) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Creates {@code dir} and any missing parents, and makes them durable: the parent of each
   * directory created is synced, as a new file's directory is, so that a power loss right after
   * does not take the new directory (and whatever was then synced inside it) away.
   */
  @Override
  public void createDirectories(Path dir) throws IOException {
    createDurably(dir, this::syncDirectory);
  }

  /** Something done to a directory that may fail. */
  interface DirectoryAction {
    void apply(Path dir) throws IOException;
  }

  /** {@link #createDirectories}, with {@code sync} called on the parent of each directory created, deepest last. */
  static void createDurably(Path dir, DirectoryAction sync) throws IOException {
    Path absolute = dir.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    Files.createDirectories(absolute);
    for (Path created : missing) {
      sync.apply(created.getParent());
    }
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public boolean deleteIfExists(Path file) throws IOException {
    return Files.deleteIfExists(file);
  }

  /** Linux needs an fsync on the directory itself to make its entries durable. */
  @Override
  public void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** A {@link FileChannel}. */
  private record Channel(FileChannel ch) implements DiskFile {
    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return ch.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return ch.write(src, position);
    }

    @Override
    public long size() throws IOException {
      return ch.size();
    }

    @Override
    public void truncate(long size) throws IOException {
      ch.truncate(size);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      ch.force(metaData);
    }

    @Override
    public ByteBuffer map(long size) throws IOException {
      return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}

package io.memgraph.ha.storage;

import io.memgraph.ha.storage.auth.Credential;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory MVCC property graph whose changes arrive as write sets applied in log order.
 *
 * <p>Typical use: {@link #begin()} a {@link Transaction}, read and write through it, then either
 * {@link #commit(Transaction)} on a single node, or {@link Transaction#prepare()} the write set,
 * replicate it, and {@link #apply(long, WriteSet)} it at its log index on every node. Apply is
 * deterministic: the same sequence of write sets gives the same state (and snapshot bytes)
 * everywhere. Transactions may run on any threads; applies are serialized.
 */
public final class Storage {
  private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
  private volatile Graph graph;

  /** An empty storage at applied index 0. */
  public Storage() {
    this(new Graph());
  }

  private Storage(Graph g) {
    this.graph = g;
  }

  /** The current state, for tests in this package. */
  Graph graph() {
    return graph;
  }

  /** Begins a transaction at the last applied index. */
  public Transaction begin() {
    return new Transaction(graph);
  }

  /** The last applied log index (0 when nothing was applied). */
  public long lastAppliedIndex() {
    return graph.lastApplied;
  }

  /**
   * Applies a write set at a log index greater than the last applied one. Returns the committed
   * result, or a deterministic rejection (write-write conflict, constraint violation, invalid).
   */
  public ApplyResult apply(long index, WriteSet writeSet) {
    Graph g = graph;
    synchronized (g.applyLock) {
      return g.applier.apply(index, writeSet);
    }
  }

  /** Applies an encoded write set; a malformed one is rejected as {@link RejectReason#INVALID}. */
  public ApplyResult apply(long index, byte[] writeSet) {
    WriteSet ws;
    try {
      ws = WriteSet.fromBytes(writeSet);
    } catch (IllegalArgumentException e) {
      // Still consume the index so every node stays at the same applied index.
      Graph g = graph;
      synchronized (g.applyLock) {
        return g.applier.reject(index, RejectReason.INVALID, e.getMessage());
      }
    }
    return apply(index, ws);
  }

  /**
   * Single-node commit: prepares the transaction and applies its write set at the next index. A
   * read-only transaction applies nothing and reports success at the current index.
   */
  public ApplyResult commit(Transaction tx) {
    WriteSet ws = tx.prepare();
    Graph g = graph;
    synchronized (g.applyLock) {
      if (ws.isEmpty()) {
        return ApplyResult.committed(g.lastApplied);
      }
      return g.applier.apply(g.lastApplied + 1, ws);
    }
  }

  /**
   * Continues id allocation above the highest vertex and edge id in the state (live, deleted or
   * collected), as a new leader must before it runs transactions.
   */
  public void resetIdAllocation() {
    Graph g = graph;
    synchronized (g.applyLock) {
      g.nextVertexId.set(g.vertices.limit());
      g.nextEdgeId.set(g.edges.limit());
    }
  }

  /** The id the next created vertex will get (unless another transaction takes it first). */
  public long nextVertexId() {
    return graph.nextVertexId.get();
  }

  /**
   * Keeps a search structure made by {@code factory} beside the graph for each schema item it makes
   * one for: built now for the items there are, when created for later ones, rebuilt when a
   * snapshot replaces the state (see {@link DerivedIndex}). Call it before transactions begin: a
   * structure built now holds the newest state only.
   */
  public void deriveIndexes(DerivedIndexFactory factory) {
    Graph g = graph;
    synchronized (g.applyLock) {
      g.derived.setFactory(factory, g.currentSchema(), g.lastApplied);
    }
  }

  /** Frees old versions no open transaction needs (also done after every apply). */
  public void collectGarbage() {
    Graph g = graph;
    synchronized (g.applyLock) {
      GarbageCollector.collect(g);
    }
  }

  /** Indexes and constraints at the newest state, in creation order. */
  public List<SchemaItem> schema() {
    return graph.currentSchema();
  }

  /** Indexes and constraints at the newest state with their ids and names, in creation order. */
  public List<SchemaDefinition> schemaDefinitions() {
    return graph.currentDefinitions();
  }

  /** The user names at the newest state, sorted. */
  public List<String> users() {
    return List.copyOf(graph.users.latest().keySet());
  }

  /** Whether at least one user exists at the newest state. */
  public boolean hasUsers() {
    return !graph.users.latest().isEmpty();
  }

  /** The stored credential of a user at the newest state, or null when there is no such user. */
  public Credential credential(String user) {
    return graph.users.latest().get(user);
  }

  /** Counts for the planner and storage info. */
  public StorageStats stats() {
    Graph g = graph;
    Map<String, Long> labels = new TreeMap<>();
    for (Map.Entry<Integer, Long> e : g.labelCounts.entrySet()) {
      if (e.getValue() > 0) {
        labels.put(g.names.name(e.getKey()), e.getValue());
      }
    }
    Map<SchemaItem, Long> indexes = new LinkedHashMap<>();
    for (SchemaItem item : g.currentSchema()) {
      if (item instanceof SchemaItem.LabelIndex li) {
        indexes.put(item, labels.getOrDefault(li.label(), 0L));
      } else if (item instanceof SchemaItem.LabelPropertyIndex pi) {
        int l = g.names.id(pi.label());
        int p = g.names.id(pi.property());
        indexes.put(item, g.propertyIndexCounts.getOrDefault(Graph.indexKey(l, p), 0L));
      } else if (item instanceof SchemaItem.CompositeIndex || item instanceof SchemaItem.EdgePropertyIndex) {
        PropertyIndex pi = item instanceof SchemaItem.CompositeIndex ? g.compositeIndexes.get(item)
            : g.edgeIndexes.get(item);
        indexes.put(item, pi == null ? 0L : pi.count);
      }
    }
    int pending;
    synchronized (g.applyLock) {
      pending = g.gcQueue.size();
    }
    Runtime rt = Runtime.getRuntime();
    return new StorageStats(g.lastApplied, g.vertexCount, g.edgeCount, labels, indexes, g.openSnapshotCount(),
        pending, rt.totalMemory() - rt.freeMemory());
  }

  /**
   * Writes a snapshot of the state at the last applied index while applies continue, and returns
   * that index. Identical states give identical bytes. The stream is flushed, not closed.
   */
  public long writeSnapshot(OutputStream out) throws IOException {
    return SnapshotWriter.write(graph, out);
  }

  /**
   * Pins the state at the last applied index for a snapshot written later, on any thread, while
   * applies continue. Garbage collection keeps the versions it needs until it is closed. Called
   * between two applies (a Raft node's apply thread does so), it holds exactly the state of the
   * entries applied so far.
   */
  public CapturedState capture() {
    Graph g = graph;
    return new CapturedState(g, g.openSnapshot());
  }

  /** A state pinned by {@link #capture()}: written at most once, then closed. */
  public static final class CapturedState implements AutoCloseable {
    private final Graph graph;
    private final long index;
    private boolean closed;

    private CapturedState(Graph graph, long index) {
      this.graph = graph;
      this.index = index;
    }

    /** The applied index whose state this holds. */
    public long index() {
      return index;
    }

    /**
     * Writes the snapshot {@link #writeSnapshot(OutputStream)} would have written at the capture:
     * the same bytes. The stream is flushed, not closed.
     */
    public synchronized void writeTo(OutputStream out) throws IOException {
      if (closed) {
        throw new IllegalStateException("captured state at index " + index + " is closed");
      }
      SnapshotWriter.write(graph, index, out);
    }

    /** Releases the versions kept for this state; later calls do nothing. */
    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        graph.closeSnapshot(index);
      }
    }
  }

  /**
   * Writes a snapshot to a file durably: a temporary file in the same directory, fsync, then an
   * atomic rename. Returns the applied index it holds.
   */
  public long writeSnapshot(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    long index;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      index = writeSnapshot(out);
      out.flush();
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      // Make the rename itself durable.
      try (FileChannel d = FileChannel.open(parent, StandardOpenOption.READ)) {
        d.force(true);
      }
    }
    LOG.info("wrote snapshot {} at applied index {} ({} bytes)", file, index, Files.size(file));
    return index;
  }

  /**
   * Loads a snapshot into a new storage. {@code source} names the stream in error messages.
   *
   * @throws SnapshotFormatException if the data is not a valid snapshot of a supported version
   */
  public static Storage readSnapshot(InputStream in, String source) throws SnapshotFormatException {
    return new Storage(SnapshotReader.read(in, source));
  }

  /** Loads a snapshot file into a new storage; errors name the file. */
  public static Storage readSnapshot(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Storage s = readSnapshot(in, file.toString());
      LOG.info("loaded snapshot {} at applied index {}", file, s.lastAppliedIndex());
      return s;
    }
  }

  /**
   * Replaces the whole state with a snapshot (as a Raft follower does on InstallSnapshot). The
   * current state is kept if the snapshot is bad. Transactions already running keep their old view.
   */
  public void restore(InputStream in, String source) throws SnapshotFormatException {
    Graph g = SnapshotReader.read(in, source);
    synchronized (graph.applyLock) {
      Graph old = graph;
      DerivedIndexFactory f = old.derived.factory();
      if (f != null) {
        synchronized (g.applyLock) {
          g.derived.setFactory(f, g.currentSchema(), g.lastApplied);
        }
      }
      this.graph = g;
      old.derived.closeAll();
    }
  }
}

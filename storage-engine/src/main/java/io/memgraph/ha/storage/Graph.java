package io.memgraph.ha.storage;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole in-memory state: record tables, names, indexes, constraints, counts, the garbage
 * collection queue and the registry of open snapshots, plus the static rules for reading a record
 * as of a snapshot. Only the apply thread (holding {@link #applyLock}) changes it.
 */
final class Graph {
  static final VertexRecord VERTEX_TOMBSTONE = new VertexRecord(-1);
  static final EdgeRecord EDGE_TOMBSTONE = new EdgeRecord(-1, null, null, -1);

  /** Reading at this "snapshot" sees the newest committed version (used by apply). */
  static final long LATEST = Long.MAX_VALUE;

  static final int ABSENT = 0;
  static final int ALIVE = 1;
  static final int DELETED = 2;

  final Object applyLock = new Object();
  final Applier applier = new Applier(this);
  final RecordTable<VertexRecord> vertices = new RecordTable<>(VERTEX_TOMBSTONE);
  final RecordTable<EdgeRecord> edges = new RecordTable<>(EDGE_TOMBSTONE);
  final NameTable names = new NameTable();
  /** Small property blobs shared between objects (see {@link SmallBlobs}). */
  final SmallBlobs smallBlobs = new SmallBlobs();
  volatile long lastApplied;

  /**
   * Schema in creation order with its id and name and the commit index of creation and drop (for
   * snapshots at an index).
   */
  record SchemaEntry(SchemaItem item, String name, long id, long createdAt, long droppedAt) {
    boolean live() {
      return droppedAt == Long.MAX_VALUE;
    }

    SchemaDefinition definition() {
      return new SchemaDefinition(id, name, item);
    }
  }

  volatile List<SchemaEntry> schemaHistory = List.of();
  /** The users and their credentials, versioned by commit index. */
  final UserTable users = new UserTable();
  final ConcurrentHashMap<Integer, LabelBitmap> labelIndexes = new ConcurrentHashMap<>();
  final ConcurrentHashMap<Long, PropertyIndex> propertyIndexes = new ConcurrentHashMap<>();
  /** Composite vertex indexes ({@link SchemaItem.CompositeIndex}). */
  final ConcurrentHashMap<SchemaItem, PropertyIndex> compositeIndexes = new ConcurrentHashMap<>();
  /** Edge property indexes ({@link SchemaItem.EdgePropertyIndex}). */
  final ConcurrentHashMap<SchemaItem, PropertyIndex> edgeIndexes = new ConcurrentHashMap<>();
  /** Search structures built outside the engine (vector and full-text indexes; {@link DerivedIndex}). */
  final DerivedIndexes derived = new DerivedIndexes(this);
  /**
   * Unique and node key constraints with their value-tuple -> owner maps at the newest state (apply
   * thread only), in a fixed order.
   */
  final Map<SchemaItem, UniqueIndex> uniqueConstraints = new TreeMap<>(
      (a, b) -> SchemaItem.describe(a).compareTo(SchemaItem.describe(b)));

  // Counts of the newest committed state, for statistics and the planner.
  volatile long vertexCount;
  volatile long edgeCount;
  final ConcurrentHashMap<Integer, Long> labelCounts = new ConcurrentHashMap<>();
  final ConcurrentHashMap<Long, Long> propertyIndexCounts = new ConcurrentHashMap<>();

  final ArrayDeque<GarbageCollector.Entry> gcQueue = new ArrayDeque<>();
  private final TreeMap<Long, Integer> openSnapshots = new TreeMap<>();

  final AtomicLong nextVertexId = new AtomicLong();
  final AtomicLong nextEdgeId = new AtomicLong();

  static long indexKey(int labelId, int propertyId) {
    return ((long) labelId << 32) | (propertyId & 0xFFFFFFFFL);
  }

  // ---- open snapshots (the garbage collection horizon) ----

  /** Registers a reader at the last applied index and returns that index. */
  long openSnapshot() {
    synchronized (openSnapshots) {
      long s = lastApplied;
      openSnapshots.merge(s, 1, Integer::sum);
      return s;
    }
  }

  void closeSnapshot(long s) {
    synchronized (openSnapshots) {
      openSnapshots.computeIfPresent(s, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** No open reader needs a version older than the newest one with commit index &lt;= horizon. */
  long horizon() {
    synchronized (openSnapshots) {
      long h = lastApplied;
      return openSnapshots.isEmpty() ? h : Math.min(h, openSnapshots.firstKey());
    }
  }

  int openSnapshotCount() {
    synchronized (openSnapshots) {
      return openSnapshots.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  // ---- reading a record as of snapshot s (fields first, then the chain: see VertexRecord) ----

  static int stateAt(VertexRecord r, long s) {
    boolean deleted = r.deleted();
    int state = deleted ? DELETED : ALIVE;
    for (Delta d = r.chain; d != null && d.commit > s; d = d.next) {
      if (d.kind == Delta.CREATED) {
        return ABSENT;
      } else if (d.kind == Delta.DELETED) {
        state = ALIVE;
      }
    }
    return state;
  }

  static int stateAt(EdgeRecord r, long s) {
    boolean deleted = r.deleted();
    int state = deleted ? DELETED : ALIVE;
    for (Delta d = r.chain; d != null && d.commit > s; d = d.next) {
      if (d.kind == Delta.CREATED) {
        return ABSENT;
      } else if (d.kind == Delta.DELETED) {
        state = ALIVE;
      }
    }
    return state;
  }

  static int[] labelsAt(VertexRecord r, long s) {
    int[] labels = r.labels;
    for (Delta d = r.chain; d != null && d.commit > s; d = d.next) {
      if (d.kind == Delta.LABELS) {
        labels = (int[]) d.old;
      }
    }
    return labels;
  }

  static byte[] propsAt(VertexRecord r, long s) {
    byte[] props = r.props;
    for (Delta d = r.chain; d != null && d.commit > s; d = d.next) {
      if (d.kind == Delta.PROPS) {
        props = (byte[]) d.old;
      }
    }
    return props;
  }

  static byte[] propsAt(EdgeRecord r, long s) {
    byte[] props = r.props;
    for (Delta d = r.chain; d != null && d.commit > s; d = d.next) {
      if (d.kind == Delta.PROPS) {
        props = (byte[]) d.old;
      }
    }
    return props;
  }

  /** An adjacency list as of a snapshot: the first {@code count} entries of {@code edges}. */
  record Adjacency(EdgeRecord[] edges, int count) {}

  static Adjacency adjacencyAt(VertexRecord r, long s, boolean out) {
    // Count before array: the apply thread writes the array before the count.
    int count = out ? r.outCount : r.inCount;
    EdgeRecord[] arr = out ? r.out : r.in;
    byte kind = out ? Delta.OUT : Delta.IN;
    for (Delta d = r.chain; d != null && d.commit > s; d = d.next) {
      if (d.kind == kind) {
        arr = (EdgeRecord[]) d.old;
        count = d.oldCount;
      }
    }
    return new Adjacency(arr, Math.min(count, arr.length));
  }

  static long stampAt(VertexRecord r, long s) {
    long stamp = r.stamp();
    for (Delta d = r.chain; d != null && d.commit > s; d = d.next) {
      stamp = d.prevStamp;
    }
    return stamp;
  }

  static long stampAt(EdgeRecord r, long s) {
    long stamp = r.stamp();
    for (Delta d = r.chain; d != null && d.commit > s; d = d.next) {
      stamp = d.prevStamp;
    }
    return stamp;
  }

  static boolean containsLabel(int[] labels, int labelId) {
    for (int l : labels) {
      if (l == labelId) {
        return true;
      }
      if (l > labelId) {
        return false;
      }
    }
    return false;
  }

  /** The schema items in force at the newest state, in creation order. */
  List<SchemaItem> currentSchema() {
    return schemaHistory.stream().filter(SchemaEntry::live).map(SchemaEntry::item).toList();
  }

  /** The schema in force at the newest state with ids and names, in creation order. */
  List<SchemaDefinition> currentDefinitions() {
    return schemaHistory.stream().filter(SchemaEntry::live).map(SchemaEntry::definition).toList();
  }

  PropertyIndex propertyIndex(String label, String property) {
    int l = names.id(label);
    int p = names.id(property);
    return l < 0 || p < 0 ? null : propertyIndexes.get(indexKey(l, p));
  }

  /** The composite index on exactly these properties in this order, or null. */
  PropertyIndex compositeIndex(String label, List<String> properties) {
    return properties.size() < 2 ? null : compositeIndexes.get(new SchemaItem.CompositeIndex(label, properties));
  }

  /** The edge index of the type on exactly these properties in this order, or null. */
  PropertyIndex edgeIndex(String type, List<String> properties) {
    return properties.isEmpty() ? null : edgeIndexes.get(new SchemaItem.EdgePropertyIndex(type, properties));
  }

  LabelBitmap labelIndex(String label) {
    int l = names.id(label);
    return l < 0 ? null : labelIndexes.get(l);
  }
}

package io.memgraph.ha.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A private layer of changes over the graph as of one snapshot. A transaction writes into it while
 * it runs (so it sees its own writes and nobody else does); {@code apply} replays a write set into a
 * fresh one over the newest state to check it and compute the new versions before installing them.
 *
 * <p>In apply mode a missing object or an object changed after the write set's snapshot raises a
 * {@link Rejection}; in transaction mode problems raise {@link StorageException}.
 */
final class Overlay {
  static final class VertexDraft {
    final long id;
    final VertexRecord base; // null when created in this overlay
    boolean created;
    boolean deleted;
    boolean checked;
    TreeSet<String> labels; // loaded on first use
    TreeMap<String, Object> props; // loaded on first use
    boolean labelsChanged;
    boolean propsChanged;
    boolean adjacencyChanged;
    List<Long> newOut = List.of(); // edges created in this overlay, allocated on first use
    List<Long> newIn = List.of();

    VertexDraft(long id, VertexRecord base) {
      this.id = id;
      this.base = base;
    }
  }

  static final class EdgeDraft {
    final long id;
    final EdgeRecord base;
    final long from;
    final long to;
    final String type;
    boolean created;
    boolean deleted;
    boolean checked;
    TreeMap<String, Object> props;
    boolean propsChanged;

    EdgeDraft(long id, EdgeRecord base, long from, long to, String type) {
      this.id = id;
      this.base = base;
      this.from = from;
      this.to = to;
      this.type = type;
    }
  }

  final Graph g;
  final long readAt;
  final boolean applyMode;
  final long conflictSnapshot;
  // Hash maps, not tree maps: a write set touches vertices at random ids, and the tree's cache
  // misses dominated apply; id order is produced once, on demand.
  final HashMap<Long, VertexDraft> vertices = new HashMap<>();
  final HashMap<Long, EdgeDraft> edges = new HashMap<>();
  private List<VertexDraft> sortedVertices;
  private long[] sortedVertexIds;
  private List<EdgeDraft> sortedEdges;
  private long vertexIdLimit;
  private long edgeIdLimit;
  final List<Op> schemaOps = new ArrayList<>();
  final List<Op> userOps = new ArrayList<>();
  /**
   * Labels, edge types and property keys this transaction used that had no name id yet, in the
   * order it first used them: they sort after the interned names, and apply interns them in this
   * order, so labels() and keys() keep one order before and after the commit.
   */
  final LinkedHashMap<String, Integer> newNames = new LinkedHashMap<>();
  /**
   * For the property keys an equality lookup asked about: the vertex drafts that may hold each
   * value, so that a transaction that MERGEs thousands of new vertices does not check every draft
   * on every lookup. Built for a key on its first lookup, then kept up to date on every write that
   * can give a draft that value (a set, or a label added to a stored vertex); entries are never
   * removed, so a caller still checks each candidate.
   */
  private HashMap<String, HashMap<Object, List<Long>>> draftsByValue;

  Overlay(Graph g, long readAt, boolean applyMode, long conflictSnapshot) {
    this.g = g;
    this.readAt = readAt;
    this.applyMode = applyMode;
    this.conflictSnapshot = conflictSnapshot;
  }

  boolean isEmpty() {
    return vertices.isEmpty() && edges.isEmpty() && schemaOps.isEmpty() && userOps.isEmpty();
  }

  private RuntimeException notFound(String what) {
    return applyMode
        ? new Rejection(RejectReason.CONFLICT, what + " was deleted by a transaction committed after snapshot "
            + conflictSnapshot)
        : new StorageException(what + " does not exist");
  }

  private RuntimeException conflict(String what, long stamp) {
    return new Rejection(RejectReason.CONFLICT, what + " was changed at index " + stamp
        + ", after this transaction's snapshot " + conflictSnapshot);
  }

  private RuntimeException invalid(String message) {
    return applyMode ? new Rejection(RejectReason.INVALID, message) : new StorageException(message);
  }

  // ---- drafts ----

  private void putVertex(VertexDraft d) {
    vertices.put(d.id, d);
    sortedVertices = null;
    sortedVertexIds = null;
    vertexIdLimit = Math.max(vertexIdLimit, d.id + 1);
  }

  private void putEdge(EdgeDraft d) {
    edges.put(d.id, d);
    sortedEdges = null;
    edgeIdLimit = Math.max(edgeIdLimit, d.id + 1);
  }

  /** Vertex drafts in id order. */
  List<VertexDraft> vertexDrafts() {
    if (sortedVertices == null) {
      List<VertexDraft> list = new ArrayList<>(vertices.values());
      list.sort(Comparator.comparingLong(d -> d.id));
      sortedVertices = list;
    }
    return sortedVertices;
  }

  /** Edge drafts in id order. */
  List<EdgeDraft> edgeDrafts() {
    if (sortedEdges == null) {
      List<EdgeDraft> list = new ArrayList<>(edges.values());
      list.sort(Comparator.comparingLong(d -> d.id));
      sortedEdges = list;
    }
    return sortedEdges;
  }

  /** The smallest drafted vertex id &gt;= from, or -1. */
  long vertexIdCeiling(long from) {
    if (sortedVertexIds == null) {
      List<VertexDraft> list = vertexDrafts();
      long[] ids = new long[list.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = list.get(i).id;
      }
      sortedVertexIds = ids;
    }
    int i = java.util.Arrays.binarySearch(sortedVertexIds, from);
    if (i < 0) {
      i = -i - 1;
    }
    return i < sortedVertexIds.length ? sortedVertexIds[i] : -1;
  }

  /** One above the highest drafted edge id (0 when none). */
  long edgeIdLimit() {
    return edgeIdLimit;
  }

  /** One above the highest drafted vertex id (0 when none). */
  long vertexIdLimit() {
    return vertexIdLimit;
  }

  VertexDraft touch(long id, boolean forUpdate) {
    VertexDraft d = vertices.get(id);
    if (d == null) {
      VertexRecord r = g.vertices.get(id);
      if (r == null || Graph.stateAt(r, readAt) != Graph.ALIVE) {
        throw notFound("vertex " + id);
      }
      d = new VertexDraft(id, r);
      putVertex(d);
    }
    if (d.deleted) {
      throw notFound("vertex " + id);
    }
    if (forUpdate && applyMode && !d.created && !d.checked) {
      long stamp = d.base.stamp();
      if (stamp > conflictSnapshot) {
        throw conflict("vertex " + id, stamp);
      }
      d.checked = true;
    }
    return d;
  }

  EdgeDraft touchEdge(long id, boolean forUpdate) {
    EdgeDraft d = edges.get(id);
    if (d == null) {
      EdgeRecord r = g.edges.get(id);
      if (r == null || Graph.stateAt(r, readAt) != Graph.ALIVE) {
        throw notFound("edge " + id);
      }
      d = new EdgeDraft(id, r, r.from.id, r.to.id, g.names.name(r.type));
      putEdge(d);
    }
    if (d.deleted) {
      throw notFound("edge " + id);
    }
    if (forUpdate && applyMode && !d.created && !d.checked) {
      long stamp = d.base.stamp();
      if (stamp > conflictSnapshot) {
        throw conflict("edge " + id, stamp);
      }
      d.checked = true;
    }
    return d;
  }

  TreeSet<String> labels(VertexDraft d) {
    if (d.labels == null) {
      d.labels = new TreeSet<>();
      if (d.base != null) {
        for (int l : Graph.labelsAt(d.base, readAt)) {
          d.labels.add(g.names.name(l));
        }
      }
    }
    return d.labels;
  }

  TreeMap<String, Object> props(VertexDraft d) {
    if (d.props == null) {
      d.props = d.base == null ? new TreeMap<>() : named(Graph.propsAt(d.base, readAt));
    }
    return d.props;
  }

  TreeMap<String, Object> props(EdgeDraft d) {
    if (d.props == null) {
      d.props = d.base == null ? new TreeMap<>() : named(Graph.propsAt(d.base, readAt));
    }
    return d.props;
  }

  TreeMap<String, Object> named(byte[] blob) {
    TreeMap<String, Object> out = new TreeMap<>();
    for (Map.Entry<Integer, Object> e : PropertyBlob.decode(blob).entrySet()) {
      out.put(g.names.name(e.getKey()), e.getValue());
    }
    return out;
  }

  /** A stored property blob as a map in key id order, which is creation order. */
  private Map<String, Object> byKeyId(byte[] blob) {
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<Integer, Object> e : PropertyBlob.decode(blob).entrySet()) {
      out.put(g.names.name(e.getKey()), e.getValue());
    }
    return Collections.unmodifiableMap(out);
  }

  // ---- writes ----

  /** Ids are dense array indexes; this bound keeps a corrupt id from allocating a huge table. */
  static final long MAX_ID = 1L << 40;

  void createVertex(long id) {
    if (id < 0 || id >= MAX_ID) {
      throw invalid("vertex id " + id + " is out of range");
    }
    if (vertices.containsKey(id) || g.vertices.used(id)) {
      throw invalid("vertex id " + id + " is already in use");
    }
    VertexDraft d = new VertexDraft(id, null);
    d.created = true;
    d.labels = new TreeSet<>();
    d.props = new TreeMap<>();
    putVertex(d);
  }

  void deleteVertex(long id) {
    VertexDraft d = touch(id, true);
    if (!edgesOf(d, true, null).isEmpty() || !edgesOf(d, false, null).isEmpty()) {
      throw applyMode
          ? new Rejection(RejectReason.CONFLICT, "vertex " + id + " has edges created after snapshot "
              + conflictSnapshot)
          : new StorageException("vertex " + id + " still has edges; delete them first or use detach delete");
    }
    d.deleted = true;
  }

  private void noteName(String name) {
    if (g.names.id(name) < 0) {
      newNames.putIfAbsent(name, newNames.size());
    }
  }

  /** Where a name sorts among a vertex's labels or an object's keys: creation order, see {@link #newNames}. */
  private long creationRank(String name) {
    int id = g.names.id(name);
    if (id >= 0) {
      return id;
    }
    Integer seq = newNames.get(name);
    return (long) Integer.MAX_VALUE + (seq == null ? newNames.size() : seq);
  }

  private Map<String, Object> inCreationOrder(Map<String, Object> props) {
    List<String> keys = new ArrayList<>(props.keySet());
    keys.sort(Comparator.comparingLong(this::creationRank));
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    for (String k : keys) {
      out.put(k, props.get(k));
    }
    return Collections.unmodifiableMap(out);
  }

  boolean addLabel(long id, String label) {
    VertexDraft d = touch(id, true);
    noteName(label);
    boolean changed = labels(d).add(label);
    d.labelsChanged |= changed;
    if (changed && draftsByValue != null && d.base != null) {
      // a stored vertex joining a label is in no index of that label yet
      for (Map.Entry<String, HashMap<Object, List<Long>>> e : draftsByValue.entrySet()) {
        Object v = props(d).get(e.getKey());
        if (v != null) {
          addDraftValue(e.getValue(), v, id);
        }
      }
    }
    return changed;
  }

  boolean removeLabel(long id, String label) {
    VertexDraft d = touch(id, true);
    boolean changed = labels(d).remove(label);
    d.labelsChanged |= changed;
    return changed;
  }

  void setVertexProperty(long id, String key, Object value) {
    VertexDraft d = touch(id, true);
    if (value == null) {
      props(d).remove(key);
    } else {
      noteName(key);
      props(d).put(key, value);
      HashMap<Object, List<Long>> byValue = draftsByValue == null ? null : draftsByValue.get(key);
      if (byValue != null) {
        addDraftValue(byValue, value, id);
      }
    }
    d.propsChanged = true;
  }

  /** A bucket for values that hash unlike they compare (lists, temporals, large numbers, NaN...). */
  private static final Object OTHER_VALUES = new Object();

  /**
   * The hash key of a value such that values equal under {@link Values#compare} share it: whole
   * numbers as longs (1 equals 1.0), strings and booleans as they are, all else one shared bucket.
   */
  private static Object valueKey(Object v) {
    if (v instanceof Long l) {
      return Math.abs(l) < (1L << 53) ? l : OTHER_VALUES;
    }
    if (v instanceof Double d) {
      if (Double.isNaN(d) || Math.abs(d) >= 0x1p53) {
        return OTHER_VALUES;
      }
      return d == Math.rint(d) ? (Object) (long) (double) d : (Object) d;
    }
    return v instanceof String || v instanceof Boolean ? v : OTHER_VALUES;
  }

  private static void addDraftValue(HashMap<Object, List<Long>> byValue, Object value, long id) {
    byValue.computeIfAbsent(valueKey(value), k -> new ArrayList<>()).add(id);
  }

  /**
   * Vertex drafts that may have {@code key} equal to {@code value} (a superset: the caller checks
   * each), for an equality lookup through an index.
   */
  void draftsMaybeEqual(String key, Object value, java.util.function.LongConsumer out) {
    if (draftsByValue == null) {
      draftsByValue = new HashMap<>();
    }
    HashMap<Object, List<Long>> byValue = draftsByValue.get(key);
    if (byValue == null) {
      byValue = new HashMap<>();
      for (VertexDraft d : vertices.values()) {
        if (!d.deleted) {
          Object v = props(d).get(key);
          if (v != null) {
            addDraftValue(byValue, v, d.id);
          }
        }
      }
      draftsByValue.put(key, byValue);
    }
    Object k = valueKey(value);
    if (k == OTHER_VALUES) {
      byValue.values().forEach(ids -> ids.forEach(out::accept));
      return;
    }
    byValue.getOrDefault(k, List.of()).forEach(out::accept);
    byValue.getOrDefault(OTHER_VALUES, List.of()).forEach(out::accept);
  }

  void createEdge(long id, long from, long to, String type) {
    if (id < 0 || id >= MAX_ID) {
      throw invalid("edge id " + id + " is out of range");
    }
    if (edges.containsKey(id) || g.edges.used(id)) {
      throw invalid("edge id " + id + " is already in use");
    }
    VertexDraft f = touch(from, false);
    VertexDraft t = touch(to, false);
    noteName(type);
    EdgeDraft e = new EdgeDraft(id, null, from, to, type);
    e.created = true;
    e.props = new TreeMap<>();
    putEdge(e);
    if (f.newOut.isEmpty()) {
      f.newOut = new ArrayList<>(2);
    }
    f.newOut.add(id);
    if (t.newIn.isEmpty()) {
      t.newIn = new ArrayList<>(2);
    }
    t.newIn.add(id);
    f.adjacencyChanged = true;
    t.adjacencyChanged = true;
  }

  void deleteEdge(long id) {
    EdgeDraft e = touchEdge(id, true);
    VertexDraft f = touch(e.from, false);
    VertexDraft t = touch(e.to, false);
    e.deleted = true;
    f.adjacencyChanged = true;
    t.adjacencyChanged = true;
  }

  void setEdgeProperty(long id, String key, Object value) {
    EdgeDraft e = touchEdge(id, true);
    if (value == null) {
      props(e).remove(key);
    } else {
      noteName(key);
      props(e).put(key, value);
    }
    e.propsChanged = true;
  }

  void replay(Op op) {
    switch (op.code()) {
      case Op.CREATE_VERTEX -> createVertex(op.a());
      case Op.DELETE_VERTEX -> deleteVertex(op.a());
      case Op.ADD_LABEL -> addLabel(op.a(), op.name());
      case Op.REMOVE_LABEL -> removeLabel(op.a(), op.name());
      case Op.SET_VERTEX_PROPERTY -> setVertexProperty(op.a(), op.name(), op.value());
      case Op.CREATE_EDGE -> createEdge(op.a(), op.b(), op.c(), op.name());
      case Op.DELETE_EDGE -> deleteEdge(op.a());
      case Op.SET_EDGE_PROPERTY -> setEdgeProperty(op.a(), op.name(), op.value());
      case Op.CREATE_SCHEMA, Op.DROP_SCHEMA -> schemaOps.add(op);
      case Op.CREATE_USER, Op.SET_PASSWORD, Op.DROP_USER -> userOps.add(op);
      default -> throw invalid("unknown op code " + op.code());
    }
  }

  // ---- reads ----

  boolean vertexVisible(long id) {
    VertexDraft d = vertices.get(id);
    if (d != null) {
      return !d.deleted;
    }
    VertexRecord r = g.vertices.get(id);
    return r != null && Graph.stateAt(r, readAt) == Graph.ALIVE;
  }

  boolean edgeVisible(long id) {
    EdgeDraft d = edges.get(id);
    if (d != null) {
      return !d.deleted;
    }
    EdgeRecord r = g.edges.get(id);
    return r != null && Graph.stateAt(r, readAt) == Graph.ALIVE;
  }

  /** The vertex's draft or base record, checked visible. */
  private VertexDraft draftOrNull(long id) {
    if (!vertexVisible(id)) {
      throw new StorageException("vertex " + id + " does not exist");
    }
    return vertices.get(id);
  }

  List<String> labelsOf(long id) {
    VertexDraft d = draftOrNull(id);
    if (d != null) {
      List<String> out = new ArrayList<>(labels(d));
      out.sort(Comparator.comparingLong(this::creationRank));
      return List.copyOf(out);
    }
    int[] ls = Graph.labelsAt(g.vertices.get(id), readAt); // ascending ids: creation order
    String[] out = new String[ls.length];
    for (int i = 0; i < ls.length; i++) {
      out[i] = g.names.name(ls[i]);
    }
    return List.of(out);
  }

  boolean hasLabel(long id, String label) {
    VertexDraft d = draftOrNull(id);
    if (d != null) {
      return labels(d).contains(label);
    }
    int l = g.names.id(label);
    return l >= 0 && Graph.containsLabel(Graph.labelsAt(g.vertices.get(id), readAt), l);
  }

  Object vertexProperty(long id, String key) {
    VertexDraft d = draftOrNull(id);
    if (d != null) {
      return props(d).get(key);
    }
    int k = g.names.id(key);
    return k < 0 ? null : PropertyBlob.get(Graph.propsAt(g.vertices.get(id), readAt), k);
  }

  Map<String, Object> vertexProperties(long id) {
    VertexDraft d = draftOrNull(id);
    if (d != null) {
      return inCreationOrder(props(d));
    }
    return byKeyId(Graph.propsAt(g.vertices.get(id), readAt));
  }

  List<EdgeRef> edges(long vertexId, boolean out, String type) {
    VertexDraft d = draftOrNull(vertexId);
    if (d != null) {
      return edgesOf(d, out, type);
    }
    return baseEdges(g.vertices.get(vertexId), out, type);
  }

  private List<EdgeRef> baseEdges(VertexRecord r, boolean out, String type) {
    Graph.Adjacency adj = Graph.adjacencyAt(r, readAt, out);
    int typeId = type == null ? -1 : g.names.id(type);
    if (type != null && typeId < 0) {
      return new ArrayList<>(0);
    }
    List<EdgeRef> result = new ArrayList<>(adj.count());
    for (int i = 0; i < adj.count(); i++) {
      EdgeRecord e = adj.edges()[i];
      if (typeId >= 0 && e.type != typeId) {
        continue;
      }
      EdgeDraft ed = edges.get(e.id);
      if (ed != null && ed.deleted) {
        continue;
      }
      result.add(new EdgeRef(e.id, e.from.id, e.to.id, g.names.name(e.type)));
    }
    return result;
  }

  /** The size of {@code edges(vertexId, out, null)}, counted without building it. */
  int degree(long vertexId, boolean out) {
    VertexDraft d = draftOrNull(vertexId);
    VertexRecord base = d == null ? g.vertices.get(vertexId) : d.base;
    int n = 0;
    if (base != null) {
      Graph.Adjacency adj = Graph.adjacencyAt(base, readAt, out);
      n = adj.count();
      if (!edges.isEmpty()) { // edges this transaction deleted are still in the stored adjacency
        for (int i = 0; i < adj.count(); i++) {
          EdgeDraft ed = edges.get(adj.edges()[i].id);
          if (ed != null && ed.deleted) {
            n--;
          }
        }
      }
    }
    if (d != null) {
      for (long id : out ? d.newOut : d.newIn) {
        if (!edges.get(id).deleted) {
          n++;
        }
      }
    }
    return n;
  }

  private List<EdgeRef> edgesOf(VertexDraft d, boolean out, String type) {
    List<EdgeRef> result = d.base == null ? new ArrayList<>() : baseEdges(d.base, out, type);
    List<Long> added = out ? d.newOut : d.newIn;
    if (!added.isEmpty()) {
      for (long id : added) {
        EdgeDraft e = edges.get(id);
        if (!e.deleted && (type == null || type.equals(e.type))) {
          result.add(new EdgeRef(e.id, e.from, e.to, e.type));
        }
      }
      result.sort((a, b) -> Long.compare(a.id(), b.id()));
    }
    return result;
  }

  EdgeRef edge(long id) {
    if (!edgeVisible(id)) {
      return null;
    }
    EdgeDraft d = edges.get(id);
    if (d != null) {
      return new EdgeRef(d.id, d.from, d.to, d.type);
    }
    EdgeRecord r = g.edges.get(id);
    return new EdgeRef(r.id, r.from.id, r.to.id, g.names.name(r.type));
  }

  Object edgeProperty(long id, String key) {
    if (!edgeVisible(id)) {
      throw new StorageException("edge " + id + " does not exist");
    }
    EdgeDraft d = edges.get(id);
    if (d != null) {
      return props(d).get(key);
    }
    int k = g.names.id(key);
    return k < 0 ? null : PropertyBlob.get(Graph.propsAt(g.edges.get(id), readAt), k);
  }

  Map<String, Object> edgeProperties(long id) {
    if (!edgeVisible(id)) {
      throw new StorageException("edge " + id + " does not exist");
    }
    EdgeDraft d = edges.get(id);
    if (d != null) {
      return inCreationOrder(props(d));
    }
    return byKeyId(Graph.propsAt(g.edges.get(id), readAt));
  }
}

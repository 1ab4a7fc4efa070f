package io.memgraph.ha.storage;

import io.memgraph.ha.storage.auth.Credential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * A snapshot-isolated transaction. It reads the state as of the last applied index when it began
 * ({@link #snapshotIndex()}) plus its own writes, which nobody else sees. It ends with
 * {@link Storage#commit(Transaction)} (single node), {@link #prepare()} (hand the write set to
 * replication, then {@link Storage#apply(long, WriteSet)}), or {@link #close()} (abort: nothing is
 * left behind). Not thread-safe: one transaction belongs to one thread at a time.
 *
 * <p>Vertex and edge ids are allocated when created, so they are known before commit. Scans return
 * vertex ids in ascending order. Reading a vertex or edge that is not visible throws
 * {@link StorageException}.
 */
public final class Transaction implements AutoCloseable {
  private final Graph g;
  private final long snapshot;
  private final Overlay overlay;
  private final List<Op> ops = new ArrayList<>();
  private long writtenBytes;
  private boolean open = true;

  Transaction(Graph g) {
    this.g = g;
    this.snapshot = g.openSnapshot();
    this.overlay = new Overlay(g, snapshot, false, snapshot);
  }

  Graph graph() {
    return g;
  }

  /** The last applied log index this transaction reads at. */
  public long snapshotIndex() {
    return snapshot;
  }

  /** Whether the transaction can still be used (not prepared, committed or closed). */
  public boolean isOpen() {
    return open;
  }

  /** Whether the transaction has made no change so far. */
  public boolean isReadOnly() {
    return ops.isEmpty();
  }

  /** The heap one change holds in the write set and the overlay, besides its value. */
  private static final long BYTES_PER_CHANGE = 160;

  private void record(Op op) {
    ops.add(op);
    writtenBytes += BYTES_PER_CHANGE + Values.sizeEstimate(op.value());
  }

  /**
   * A rough estimate of the heap this transaction's changes hold (its write set and the overlay
   * that shows them to its own reads); it only grows. For the query engine's memory limit.
   */
  public long writtenBytes() {
    return writtenBytes;
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("transaction at snapshot " + snapshot + " is already finished");
    }
  }

  private static String checkName(String kind, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(kind + " name must be a non-empty string");
    }
    return name;
  }

  // ---------------------------------------------------------------- writes

  /** Creates a vertex with no labels or properties and returns its new id. */
  public long createVertex() {
    checkOpen();
    long id = g.nextVertexId.getAndIncrement();
    while (g.vertices.used(id)) {
      id = g.nextVertexId.getAndIncrement(); // the allocator was not reset after a snapshot load
    }
    overlay.createVertex(id);
    record(new Op(Op.CREATE_VERTEX, id, 0, 0, null, null, null));
    return id;
  }

  /** Deletes a vertex that has no edges. */
  public void deleteVertex(long id) {
    checkOpen();
    overlay.deleteVertex(id);
    record(new Op(Op.DELETE_VERTEX, id, 0, 0, null, null, null));
  }

  /** Deletes a vertex and all its edges. */
  public void detachDeleteVertex(long id) {
    checkOpen();
    if (!overlay.vertexVisible(id)) {
      throw new StorageException("vertex " + id + " does not exist");
    }
    for (EdgeRef e : overlay.edges(id, true, null)) {
      deleteEdge(e.id());
    }
    for (EdgeRef e : overlay.edges(id, false, null)) {
      if (overlay.edgeVisible(e.id())) { // a self-loop was already deleted as an out edge
        deleteEdge(e.id());
      }
    }
    deleteVertex(id);
  }

  /** Adds a label; returns false if the vertex already had it. */
  public boolean addLabel(long id, String label) {
    checkOpen();
    boolean changed = overlay.addLabel(id, checkName("label", label));
    if (changed) {
      record(new Op(Op.ADD_LABEL, id, 0, 0, label, null, null));
    }
    return changed;
  }

  /** Removes a label; returns false if the vertex did not have it. */
  public boolean removeLabel(long id, String label) {
    checkOpen();
    boolean changed = overlay.removeLabel(id, checkName("label", label));
    if (changed) {
      record(new Op(Op.REMOVE_LABEL, id, 0, 0, label, null, null));
    }
    return changed;
  }

  /** Sets a vertex property; a null value removes it. The value is normalised ({@link Values}). */
  public void setVertexProperty(long id, String key, Object value) {
    checkOpen();
    Object v = Values.normalize(value);
    overlay.setVertexProperty(id, checkName("property", key), v);
    record(new Op(Op.SET_VERTEX_PROPERTY, id, 0, 0, key, v, null));
  }

  /** Creates an edge and returns its new id. */
  public long createEdge(long from, long to, String type) {
    checkOpen();
    checkName("edge type", type);
    long id = g.nextEdgeId.getAndIncrement();
    while (g.edges.used(id)) {
      id = g.nextEdgeId.getAndIncrement();
    }
    overlay.createEdge(id, from, to, type);
    record(new Op(Op.CREATE_EDGE, id, from, to, type, null, null));
    return id;
  }

  /** Deletes an edge. */
  public void deleteEdge(long id) {
    checkOpen();
    overlay.deleteEdge(id);
    record(new Op(Op.DELETE_EDGE, id, 0, 0, null, null, null));
  }

  /** Sets an edge property; a null value removes it. */
  public void setEdgeProperty(long id, String key, Object value) {
    checkOpen();
    Object v = Values.normalize(value);
    overlay.setEdgeProperty(id, checkName("property", key), v);
    record(new Op(Op.SET_EDGE_PROPERTY, id, 0, 0, key, v, null));
  }

  /**
   * Creates an index or constraint when the transaction is applied. Existing data is indexed or
   * checked at apply; a duplicate item or violating data rejects the whole write set.
   */
  public void createSchema(SchemaItem item) {
    createSchema(item, SchemaItem.defaultName(item), false);
  }

  /**
   * Creates an index or constraint called {@code name} when the transaction is applied. At apply,
   * an existing equal item or a taken name rejects the write set unless {@code ifNotExists}, which
   * then leaves the schema as it is; violating data rejects it.
   */
  public void createSchema(SchemaItem item, String name, boolean ifNotExists) {
    checkOpen();
    Op op = Op.schema(true, item, checkName("schema", name), ifNotExists);
    overlay.replay(op);
    record(op);
  }

  /** Drops an index or constraint when the transaction is applied. */
  public void dropSchema(SchemaItem item) {
    dropSchema(item, false);
  }

  /** Drops an index or constraint; at apply, a missing one rejects the write set unless {@code ifExists}. */
  public void dropSchema(SchemaItem item, boolean ifExists) {
    checkOpen();
    Op op = Op.schema(false, item, null, ifExists);
    overlay.replay(op);
    record(op);
  }

  /**
   * Creates a user with a credential derived by the caller (on the leader, so every server applies
   * the same salt and hash). At apply, an existing user rejects the write set unless
   * {@code ifNotExists}, which then leaves that user as it is.
   *
   * @throws IllegalArgumentException when the name is empty or longer than 128 characters
   */
  public void createUser(String name, Credential credential, boolean ifNotExists) {
    userOp(Op.user(Op.CREATE_USER, name, java.util.Objects.requireNonNull(credential), ifNotExists));
  }

  /** Replaces a user's credential; at apply, a user that does not exist rejects the write set. */
  public void setPassword(String name, Credential credential) {
    userOp(Op.user(Op.SET_PASSWORD, name, java.util.Objects.requireNonNull(credential), false));
  }

  /** Drops a user; at apply, a user that does not exist rejects the write set unless {@code ifExists}. */
  public void dropUser(String name, boolean ifExists) {
    userOp(Op.user(Op.DROP_USER, name, null, ifExists));
  }

  private void userOp(Op op) {
    checkOpen();
    overlay.replay(op);
    ops.add(op);
  }

  /** The user names at the newest committed state, sorted (like {@link #schema()}, not this transaction's snapshot). */
  public List<String> users() {
    return List.copyOf(g.users.latest().keySet());
  }

  /** The user's credential at the newest committed state, or null when there is no such user. */
  public Credential credential(String name) {
    return g.users.latest().get(name);
  }

  /** Whether the user exists at the newest committed state. */
  public boolean userExists(String name) {
    return g.users.latest().containsKey(name);
  }

  // ---------------------------------------------------------------- reads

  /** Whether the vertex is visible to this transaction. */
  public boolean vertexExists(long id) {
    return overlay.vertexVisible(id);
  }

  /** The vertex's labels, sorted by name. */
  public List<String> labels(long id) {
    return overlay.labelsOf(id);
  }

  /** Whether the vertex has the label. */
  public boolean hasLabel(long id, String label) {
    return overlay.hasLabel(id, label);
  }

  /** A vertex property, or null. */
  public Object vertexProperty(long id, String key) {
    return overlay.vertexProperty(id, key);
  }

  /** All properties of a vertex, sorted by key. */
  public Map<String, Object> vertexProperties(long id) {
    return overlay.vertexProperties(id);
  }

  /** Outgoing edges of a vertex, by ascending edge id. */
  public List<EdgeRef> outEdges(long vertexId) {
    return overlay.edges(vertexId, true, null);
  }

  /** Outgoing edges of a vertex with the type, by ascending edge id. */
  public List<EdgeRef> outEdges(long vertexId, String type) {
    return overlay.edges(vertexId, true, type);
  }

  /** Incoming edges of a vertex, by ascending edge id. */
  public List<EdgeRef> inEdges(long vertexId) {
    return overlay.edges(vertexId, false, null);
  }

  /** Incoming edges of a vertex with the type, by ascending edge id. */
  public List<EdgeRef> inEdges(long vertexId, String type) {
    return overlay.edges(vertexId, false, type);
  }

  /**
   * The number of outgoing ({@code out}) or incoming edges of a vertex, as {@link #outEdges(long)} or
   * {@link #inEdges(long)} would list them, without building the list.
   */
  public int degree(long vertexId, boolean out) {
    return overlay.degree(vertexId, out);
  }

  /**
   * The bytes a vertex property's value takes in the property encoding (the form kept in memory,
   * in snapshots and in the replication log), without its key; 0 when the vertex has no such property.
   */
  public int vertexPropertySize(long id, String key) {
    return encodedSize(vertexProperty(id, key));
  }

  /** As {@link #vertexPropertySize}, for an edge property. */
  public int edgePropertySize(long id, String key) {
    return encodedSize(edgeProperty(id, key));
  }

  private static int encodedSize(Object value) {
    if (value == null) {
      return 0;
    }
    ByteWriter w = new ByteWriter(16);
    ValueCodec.write(w, value);
    return w.size();
  }

  /** The edge, or null if it is not visible. */
  public EdgeRef edge(long id) {
    return overlay.edge(id);
  }

  /** An edge property, or null. */
  public Object edgeProperty(long id, String key) {
    return overlay.edgeProperty(id, key);
  }

  /** All properties of an edge, sorted by key. */
  public Map<String, Object> edgeProperties(long id) {
    return overlay.edgeProperties(id);
  }

  /** All visible vertex ids. */
  public PrimitiveIterator.OfLong vertices() {
    long limit = Math.max(g.vertices.limit(), overlay.vertexIdLimit());
    return new IdCursor(from -> from < limit ? from : -1, overlay::vertexVisible);
  }

  /** All visible edge ids, ascending. */
  public PrimitiveIterator.OfLong edgeIds() {
    long limit = Math.max(g.edges.limit(), overlay.edgeIdLimit());
    return new IdCursor(from -> from < limit ? from : -1, overlay::edgeVisible);
  }

  /**
   * The search structure of a live index of the newest schema ({@link Storage#deriveIndexes}), or
   * null when it has none. It may hold more than this transaction sees: check what it gives.
   */
  public DerivedIndex derivedIndex(SchemaItem item) {
    return g.derived.get(item);
  }

  /** The ids of the vertices this transaction created or changed (whether it sees them or not), in id order. */
  public void ownChangedVertices(LongConsumer each) {
    for (Overlay.VertexDraft d : overlay.vertexDrafts()) {
      each.accept(d.id);
    }
  }

  /** The ids of the edges this transaction created or changed (whether it sees them or not), in id order. */
  public void ownChangedEdges(LongConsumer each) {
    for (Overlay.EdgeDraft d : overlay.edgeDrafts()) {
      each.accept(d.id);
    }
  }

  /** Vertices with the label (through the label index when there is one). */
  public PrimitiveIterator.OfLong verticesWithLabel(String label) {
    return withLabel(label, id -> true);
  }

  private PrimitiveIterator.OfLong withLabel(String label, LongPredicate extra) {
    LongPredicate accept = id -> overlay.vertexVisible(id) && overlay.hasLabel(id, label) && extra.test(id);
    LabelBitmap bitmap = g.labelIndex(label);
    if (bitmap == null) {
      long limit = Math.max(g.vertices.limit(), overlay.vertexIdLimit());
      return new IdCursor(from -> from < limit ? from : -1, accept);
    }
    LongUnaryOperator next = from -> {
      long a = bitmap.next(from);
      long b = overlay.vertexIdCeiling(from);
      if (b < 0) {
        return a;
      }
      return a < 0 ? b : Math.min(a, b);
    };
    return new IdCursor(next, accept);
  }

  /** Vertices with the label whose property equals the value (1 equals 1.0). */
  public PrimitiveIterator.OfLong verticesWithProperty(String label, String key, Object value) {
    Object v = Values.normalize(value);
    LongPredicate match = id -> {
      Object x = overlay.vertexProperty(id, key);
      return x != null && v != null && Values.compare(x, v) == 0;
    };
    PropertyIndex pi = g.propertyIndex(label, key);
    if (pi == null || v == null) {
      return withLabel(label, match);
    }
    return fromCandidates(label, match, out -> {
      pi.equal(v, out);
      overlay.draftsMaybeEqual(key, v, out);
    }, false);
  }

  /**
   * Vertices with the label whose property lies in the range; either bound may be null (open), not
   * both. Only values of the bounds' type class match (numbers compare across integer and double).
   */
  public PrimitiveIterator.OfLong verticesInRange(String label, String key, Bound lower, Bound upper) {
    if (lower == null && upper == null) {
      throw new IllegalArgumentException("a range lookup needs at least one bound");
    }
    if (lower != null && upper != null && !Values.comparable(lower.value(), upper.value())) {
      return new IdCursor(from -> -1, id -> false);
    }
    Object anchor = lower != null ? lower.value() : upper.value();
    LongPredicate match = id -> {
      Object x = overlay.vertexProperty(id, key);
      if (x == null || !Values.comparable(x, anchor)) {
        return false;
      }
      if (lower != null) {
        int c = Values.compare(x, lower.value());
        if (c < 0 || (c == 0 && !lower.inclusive())) {
          return false;
        }
      }
      if (upper != null) {
        int c = Values.compare(x, upper.value());
        return c < 0 || (c == 0 && upper.inclusive());
      }
      return true;
    };
    PropertyIndex pi = g.propertyIndex(label, key);
    if (pi == null) {
      return withLabel(label, match);
    }
    return fromCandidates(label, match, out -> pi.range(lower, upper, out), true);
  }

  /** Vertices with the label whose string property starts with the prefix. */
  public PrimitiveIterator.OfLong verticesWithPrefix(String label, String key, String prefix) {
    LongPredicate match = id -> overlay.vertexProperty(id, key) instanceof String s && s.startsWith(prefix);
    PropertyIndex pi = g.propertyIndex(label, key);
    if (pi == null) {
      return withLabel(label, match);
    }
    return fromCandidates(label, match, out -> pi.prefix(prefix, out), true);
  }

  /**
   * The vertices with the label that {@code match} accepts among the candidates {@code source}
   * gives, plus (when {@code scanDrafts}) every vertex this transaction wrote; ascending, unique.
   */
  private PrimitiveIterator.OfLong fromCandidates(String label, LongPredicate match,
      java.util.function.Consumer<java.util.function.LongConsumer> source, boolean scanDrafts) {
    long[] ids = candidates(out -> {
      source.accept(out);
      // Only the drafts that match, in no order (the candidates are sorted). An equality lookup
      // gets its drafts from the overlay's value map instead (see draftsMaybeEqual).
      if (scanDrafts) {
        for (Overlay.VertexDraft d : overlay.vertices.values()) {
          if (!d.deleted && match.test(d.id)) {
            out.accept(d.id);
          }
        }
      }
    });
    return new IdCursor(from -> ceiling(ids, from),
        id -> overlay.vertexVisible(id) && overlay.hasLabel(id, label) && match.test(id));
  }

  /** The ids a source gives, sorted (repeats stay: {@link #ceiling} steps over them for the cursor). */
  private static long[] candidates(java.util.function.Consumer<java.util.function.LongConsumer> source) {
    long[][] buf = {new long[16]};
    int[] n = {0};
    source.accept(id -> {
      if (n[0] == buf[0].length) {
        buf[0] = Arrays.copyOf(buf[0], n[0] * 2);
      }
      buf[0][n[0]++] = id;
    });
    long[] sorted = Arrays.copyOf(buf[0], n[0]);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The smallest of the sorted ids at or above {@code from}, or -1. */
  private static long ceiling(long[] ids, long from) {
    int i = Arrays.binarySearch(ids, from);
    if (i < 0) {
      i = -i - 1;
    }
    return i < ids.length ? ids[i] : -1;
  }

  /**
   * Vertices with the label whose properties equal the values, one by one (through a composite
   * index on exactly these properties when there is one).
   */
  public PrimitiveIterator.OfLong verticesWithProperties(String label, List<String> keys, List<Object> values) {
    List<Object> vs = normalizeAll(keys, values);
    LongPredicate match = id -> matchesAll(keys, vs, k -> overlay.vertexProperty(id, k));
    PropertyIndex pi = g.compositeIndex(label, keys);
    if (pi == null || vs.contains(null)) {
      return withLabel(label, match);
    }
    return fromCandidates(label, match, out -> {
      pi.equal(vs, out);
      overlay.draftsMaybeEqual(keys.get(0), vs.get(0), out); // a superset of the drafts that match
    }, false);
  }

  /**
   * Edges of the type whose properties equal the values, one by one, ascending (through an edge
   * index on exactly these properties when there is one).
   */
  public PrimitiveIterator.OfLong edgesWithProperties(String type, List<String> keys, List<Object> values) {
    List<Object> vs = normalizeAll(keys, values);
    LongPredicate accept = id -> {
      EdgeRef e = overlay.edge(id);
      return e != null && e.type().equals(type) && matchesAll(keys, vs, k -> overlay.edgeProperty(id, k));
    };
    PropertyIndex pi = g.edgeIndex(type, keys);
    if (pi == null || vs.contains(null)) {
      long limit = Math.max(g.edges.limit(), overlay.edgeIdLimit());
      return new IdCursor(from -> from < limit ? from : -1, accept);
    }
    long[] ids = candidates(out -> {
      pi.equal(keys.size() == 1 ? vs.get(0) : vs, out);
      for (Overlay.EdgeDraft d : overlay.edges.values()) { // the cursor checks them
        out.accept(d.id);
      }
    });
    return new IdCursor(from -> ceiling(ids, from), accept);
  }

  private static List<Object> normalizeAll(List<String> keys, List<Object> values) {
    if (keys.size() != values.size() || keys.isEmpty()) {
      throw new IllegalArgumentException("a lookup needs one value per property: " + keys + " " + values);
    }
    List<Object> vs = new ArrayList<>(values.size());
    for (Object v : values) {
      vs.add(Values.normalize(v));
    }
    return vs;
  }

  private static boolean matchesAll(List<String> keys, List<Object> values,
      java.util.function.Function<String, Object> read) {
    for (int i = 0; i < keys.size(); i++) {
      Object x = read.apply(keys.get(i));
      Object v = values.get(i);
      if (x == null || v == null || Values.compare(x, v) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether a composite index on exactly these properties in this order exists (at the newest state). */
  public boolean hasCompositeIndex(String label, List<String> keys) {
    return g.compositeIndex(label, keys) != null;
  }

  /** Whether an edge index of the type on exactly these properties exists (at the newest state). */
  public boolean hasEdgePropertyIndex(String type, List<String> keys) {
    return g.edgeIndex(type, keys) != null;
  }

  /**
   * Objects in a composite or edge index at the newest committed state, or -1 when there is no such
   * index (for the planner).
   */
  public long approximateIndexCount(SchemaItem index) {
    PropertyIndex pi = index instanceof SchemaItem.CompositeIndex c ? g.compositeIndex(c.label(), c.properties())
        : index instanceof SchemaItem.EdgePropertyIndex e ? g.edgeIndex(e.label(), e.properties()) : null;
    return pi == null ? -1 : pi.count;
  }

  /**
   * Whether the database has ever had {@code name} as a label, relationship type or property key
   * (one name table serves all three; names are never forgotten). A lookup, for the query
   * engine's unknown-name notifications; ignores this transaction's own writes.
   */
  public boolean knowsName(String name) {
    return g.names.id(name) >= 0;
  }

  /** Whether a label index exists (at the newest state). */
  public boolean hasLabelIndex(String label) {
    return g.labelIndex(label) != null;
  }

  /** Whether a label+property index exists (at the newest state). */
  public boolean hasLabelPropertyIndex(String label, String key) {
    return g.propertyIndex(label, key) != null;
  }

  /** Live vertices at the newest committed state (for the planner; ignores this transaction's writes). */
  public long approximateVertexCount() {
    return g.vertexCount;
  }

  /** Live edges at the newest committed state (for the planner). */
  public long approximateEdgeCount() {
    return g.edgeCount;
  }

  /** Live vertices with the label at the newest committed state (for the planner). */
  public long approximateLabelCount(String label) {
    int l = g.names.id(label);
    return l < 0 ? 0 : g.labelCounts.getOrDefault(l, 0L);
  }

  /**
   * Vertices with the label and the property at the newest committed state, or -1 when there is no
   * such label+property index (for the planner).
   */
  public long approximatePropertyIndexCount(String label, String key) {
    PropertyIndex pi = g.propertyIndex(label, key);
    return pi == null ? -1 : g.propertyIndexCounts.getOrDefault(Graph.indexKey(pi.labelId, pi.propertyId), 0L);
  }

  /** Indexes and constraints at the newest committed state. */
  public List<SchemaItem> schema() {
    return g.currentSchema();
  }

  /** Indexes and constraints at the newest committed state with their ids and names, in creation order. */
  public List<SchemaDefinition> schemaDefinitions() {
    return g.currentDefinitions();
  }

  // ---------------------------------------------------------------- end

  /**
   * Ends the transaction and returns its write set (empty for a read-only transaction). Nothing is
   * visible to anyone until the write set is applied.
   */
  public WriteSet prepare() {
    checkOpen();
    close();
    return WriteSet.encode(snapshot, ops);
  }

  /** Aborts the transaction if it is still open: its changes are discarded. Idempotent. */
  @Override
  public void close() {
    if (open) {
      open = false;
      g.closeSnapshot(snapshot);
    }
  }
}

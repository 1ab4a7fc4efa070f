package io.memgraph.ha.storage;

import io.memgraph.ha.storage.auth.Credential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The deterministic apply of a write set at a log index: replay its deltas over the newest state
 * (checking write-write conflicts: first committer wins), check schema and constraints, then
 * install the new versions. Everything it decides depends only on the state and the write set, so
 * every node that applies the same log reaches the same state.
 */
final class Applier {
  private final Graph g;

  Applier(Graph g) {
    this.g = g;
  }

  /** Caller holds {@code g.applyLock}. */
  ApplyResult apply(long index, WriteSet ws) {
    if (index <= g.lastApplied) {
      throw new IllegalArgumentException(
          "apply index " + index + " is not after the last applied index " + g.lastApplied);
    }
    ApplyResult result;
    try {
      if (ws.snapshotIndex() >= index) {
        throw new Rejection(RejectReason.INVALID, "write set snapshot index " + ws.snapshotIndex()
            + " is not before its apply index " + index);
      }
      List<Op> ops;
      try {
        ops = ws.decodeOps();
      } catch (MalformedDataException e) {
        throw new Rejection(RejectReason.INVALID, "malformed write set: " + e.getMessage());
      }
      Overlay o = new Overlay(g, Graph.LATEST, true, ws.snapshotIndex());
      for (Op op : ops) {
        o.replay(op);
      }
      SchemaChange schema = checkSchema(o);
      checkConstraints(o, schema.items());
      SortedMap<String, Credential> users = checkUsers(o);
      // New names get their ids in the order the transaction first used them (labels() and
      // keys() return names in id order); only once the write set is sure to commit.
      for (String name : o.newNames.keySet()) {
        g.names.intern(name, index);
      }
      install(o, index, schema.ops());
      if (users != null) {
        g.users.install(index, users);
      }
      result = ApplyResult.committed(index);
    } catch (Rejection r) {
      result = new ApplyResult(index, r.reason, r.getMessage());
    }
    g.lastApplied = index;
    GarbageCollector.collect(g);
    return result;
  }

  /** Consumes the index without changing the state (for a write set that cannot even be decoded). */
  ApplyResult reject(long index, RejectReason reason, String message) {
    if (index <= g.lastApplied) {
      throw new IllegalArgumentException(
          "apply index " + index + " is not after the last applied index " + g.lastApplied);
    }
    g.lastApplied = index;
    return new ApplyResult(index, reason, message);
  }

  // ---- checks ----

  /** The schema after a write set's schema ops, and the ops that take effect (a conditional one may not). */
  private record SchemaChange(List<SchemaItem> items, List<Op> ops) {}

  /**
   * Applies the schema ops to a copy of the schema. An item that exists, or a name that is taken,
   * rejects a create unless it is conditional (IF NOT EXISTS), which then does nothing; a drop of
   * an item that does not exist rejects unless conditional (IF EXISTS).
   */
  private SchemaChange checkSchema(Overlay o) {
    if (o.schemaOps.isEmpty()) {
      return new SchemaChange(g.currentSchema(), List.of());
    }
    LinkedHashMap<SchemaItem, String> schema = new LinkedHashMap<>();
    for (SchemaDefinition d : g.currentDefinitions()) {
      schema.put(d.item(), d.name());
    }
    List<Op> effective = new ArrayList<>();
    for (Op op : o.schemaOps) {
      SchemaItem item = op.schemaItem();
      if (op.code() == Op.CREATE_SCHEMA) {
        boolean exists = schema.keySet().stream().anyMatch(other -> SchemaItem.sameSchema(other, item));
        // Write sets of format 1 carry no names: theirs are derived, and were never checked.
        boolean nameTaken = op.name() != null && schema.containsValue(op.name());
        if (exists || nameTaken) {
          if (op.schemaConditional()) {
            continue;
          }
          throw new Rejection(RejectReason.INVALID, exists ? SchemaItem.describe(item) + " already exists"
              : "an index or constraint called '" + op.name() + "' already exists");
        }
        schema.put(item, op.name() != null ? op.name() : SchemaItem.defaultName(item));
      } else if (schema.remove(item) == null) {
        if (op.schemaConditional()) {
          continue;
        }
        throw new Rejection(RejectReason.INVALID, SchemaItem.describe(item) + " does not exist");
      }
      effective.add(op);
    }
    return new SchemaChange(List.copyOf(schema.keySet()), effective);
  }

  /**
   * Applies the user ops to a copy of the newest users; returns the users after them, or null when
   * there are none. The credentials were derived on the leader: nothing here is random.
   */
  private SortedMap<String, Credential> checkUsers(Overlay o) {
    if (o.userOps.isEmpty()) {
      return null;
    }
    SortedMap<String, Credential> users = new TreeMap<>(g.users.latest());
    for (Op op : o.userOps) {
      String name = op.name();
      boolean exists = users.containsKey(name);
      switch (op.code()) {
        case Op.CREATE_USER -> {
          if (exists && !op.conditional()) {
            throw new Rejection(RejectReason.INVALID, "User '" + name + "' already exists");
          }
          users.putIfAbsent(name, (Credential) op.value());
        }
        case Op.SET_PASSWORD -> {
          if (!exists) {
            throw new Rejection(RejectReason.INVALID, "User '" + name + "' does not exist");
          }
          users.put(name, (Credential) op.value());
        }
        case Op.DROP_USER -> {
          if (!exists && !op.conditional()) {
            throw new Rejection(RejectReason.INVALID, "User '" + name + "' does not exist");
          }
          users.remove(name);
        }
        default -> throw new IllegalStateException("not a user op: " + op.code());
      }
    }
    return users;
  }

  static String describe(SchemaItem item) {
    return SchemaItem.describe(item);
  }

  private void checkConstraints(Overlay o, List<SchemaItem> schema) {
    Set<SchemaItem> existing = new java.util.HashSet<>(g.currentSchema());
    List<Overlay.VertexDraft> changed = new ArrayList<>();
    for (Overlay.VertexDraft d : o.vertexDrafts()) {
      if (!d.deleted && (d.created || d.labelsChanged || d.propsChanged)) {
        changed.add(d);
      }
    }
    for (SchemaItem item : schema) {
      if (item instanceof SchemaItem.ExistenceConstraint c) {
        checkExistence(o, item, c.label(), List.of(c.property()), existing.contains(item), changed);
      } else if (item instanceof SchemaItem.NodeKeyConstraint k) {
        checkExistence(o, item, k.label(), k.properties(), existing.contains(item), changed);
        checkUnique(o, item, k.unique(), existing.contains(item), changed);
      } else if (item instanceof SchemaItem.UniqueConstraint c) {
        checkUnique(o, item, c, existing.contains(item), changed);
      } else if (item instanceof SchemaItem.PropertyTypeConstraint t) {
        checkPropertyType(o, t, existing.contains(item), changed);
      }
    }
  }

  /**
   * Every vertex with the label (or edge of the type) holds a value of an allowed type, or none:
   * the changed ones (a vertex that gained the label among them), or all for a new constraint.
   */
  private void checkPropertyType(Overlay o, SchemaItem.PropertyTypeConstraint t, boolean existing,
      List<Overlay.VertexDraft> changed) {
    String p = t.property();
    if (!t.relationship()) {
      if (!existing) {
        forAllVertices(o, t.label(), (id, labels, props) -> checkType(t, id, props.get(p)));
        return;
      }
      for (Overlay.VertexDraft d : changed) {
        if (o.labels(d).contains(t.label())) {
          checkType(t, d.id, o.props(d).get(p));
        }
      }
      return;
    }
    for (Overlay.EdgeDraft d : o.edgeDrafts()) {
      if (!d.deleted && (!existing || d.created || d.propsChanged) && d.type.equals(t.label())) {
        checkType(t, d.id, o.props(d).get(p));
      }
    }
    int type = g.names.id(t.label());
    int pid = g.names.id(p);
    if (existing || type < 0 || pid < 0) {
      return;
    }
    for (long id = g.edges.nextUsed(0); id >= 0; id = g.edges.nextUsed(id + 1)) {
      EdgeRecord r = g.edges.get(id);
      if (r != null && !r.deleted() && r.type == type && !o.edges.containsKey(id)) {
        checkType(t, id, PropertyBlob.get(r.props, pid));
      }
    }
  }

  /** Neo4j's message for a value of a type the constraint does not allow. */
  private static void checkType(SchemaItem.PropertyTypeConstraint t, long id, Object value) {
    if (!t.allows(value)) {
      throw new Rejection(RejectReason.CONSTRAINT_VIOLATION, t.violation(id, value));
    }
  }

  /** Every vertex with the label has all the properties: the changed ones, or all for a new constraint. */
  private void checkExistence(Overlay o, SchemaItem item, String label, List<String> properties, boolean existing,
      List<Overlay.VertexDraft> changed) {
    if (existing) {
      for (Overlay.VertexDraft d : changed) {
        if (o.labels(d).contains(label)) {
          Map<String, Object> props = o.props(d);
          for (String p : properties) {
            if (props.get(p) == null) {
              throw existenceViolation(item, label, p, d.id);
            }
          }
        }
      }
      return;
    }
    forAllVertices(o, label, (id, labels, props) -> {
      for (String p : properties) {
        if (props.get(p) == null) {
          throw existenceViolation(item, label, p, id);
        }
      }
    });
  }

  private void checkUnique(Overlay o, SchemaItem item, SchemaItem.UniqueConstraint c, boolean existing,
      List<Overlay.VertexDraft> changed) {
    if (!existing) {
      Map<List<Object>, Long> owners = new HashMap<>();
      forAllVertices(o, c.label(), (id, labels, props) -> {
        List<Object> key = UniqueIndex.key(c, labels, props);
        Long prev = key == null ? null : owners.putIfAbsent(key, id);
        if (prev != null) {
          throw uniqueViolation(item, c, prev, id, props);
        }
      });
      return;
    }
    UniqueIndex ui = g.uniqueConstraints.get(item);
    Map<List<Object>, Long> inWriteSet = new HashMap<>();
    for (Overlay.VertexDraft d : changed) {
      List<Object> key = UniqueIndex.key(c, o.labels(d), o.props(d));
      if (key == null) {
        continue;
      }
      Long prev = inWriteSet.putIfAbsent(key, d.id);
      if (prev != null) {
        throw uniqueViolation(item, c, prev, d.id, o.props(d));
      }
      Long owner = ui.owners.get(key);
      if (owner != null && owner != d.id) {
        Overlay.VertexDraft od = o.vertices.get(owner);
        boolean ownerStillHolds = od == null
            || (!od.deleted && key.equals(UniqueIndex.key(c, o.labels(od), o.props(od))));
        if (ownerStillHolds) {
          throw uniqueViolation(item, c, owner, d.id, o.props(d));
        }
      }
    }
  }

  private static Rejection existenceViolation(SchemaItem item, String label, String property, long id) {
    String kind = item instanceof SchemaItem.NodeKeyConstraint ? "node key constraint" : "existence constraint";
    return new Rejection(RejectReason.CONSTRAINT_VIOLATION, "vertex " + id + " with label :" + label
        + " must have property " + property + " (" + kind + ")");
  }

  private static Rejection uniqueViolation(SchemaItem item, SchemaItem.UniqueConstraint c, long a, long b,
      Map<String, Object> props) {
    List<Object> values = new ArrayList<>();
    for (String p : c.properties()) {
      values.add(props.get(p));
    }
    String kind = item instanceof SchemaItem.NodeKeyConstraint ? "node key constraint" : "unique constraint";
    return new Rejection(RejectReason.CONSTRAINT_VIOLATION, "vertices " + a + " and " + b + " both have label :"
        + c.label() + " and " + c.properties() + " = " + values + " (" + kind + ")");
  }

  private interface VertexVisitor {
    void visit(long id, Set<String> labels, Map<String, Object> props);
  }

  /**
   * Visits every vertex with the label in the newest state as changed by the overlay: the write
   * set's own vertices first (in draft order), then the stored ones it did not change, in id order.
   */
  private void forAllVertices(Overlay o, String label, VertexVisitor v) {
    int labelId = g.names.id(label);
    for (Overlay.VertexDraft d : o.vertexDrafts()) {
      if (!d.deleted && o.labels(d).contains(label)) {
        v.visit(d.id, o.labels(d), o.props(d));
      }
    }
    if (labelId < 0) {
      return;
    }
    for (long id = g.vertices.nextUsed(0); id >= 0; id = g.vertices.nextUsed(id + 1)) {
      VertexRecord r = g.vertices.get(id);
      if (r == null || r.deleted() || o.vertices.containsKey(id) || !Graph.containsLabel(r.labels, labelId)) {
        continue;
      }
      Set<String> labels = new TreeSet<>();
      for (int l : r.labels) {
        labels.add(g.names.name(l));
      }
      v.visit(id, labels, o.named(r.props));
    }
  }

  // ---- install ----

  private static final class AdjacencyChange {
    // Allocated on first use: most changed vertices gain one edge in one direction.
    List<EdgeRecord> addOut = List.of();
    List<EdgeRecord> addIn = List.of();
    Set<Long> removeOut = Set.of();
    Set<Long> removeIn = Set.of();

    void addOut(EdgeRecord e) {
      if (addOut.isEmpty()) {
        addOut = new ArrayList<>(2);
      }
      addOut.add(e);
    }

    void addIn(EdgeRecord e) {
      if (addIn.isEmpty()) {
        addIn = new ArrayList<>(2);
      }
      addIn.add(e);
    }

    void removeOut(long id) {
      if (removeOut.isEmpty()) {
        removeOut = new java.util.HashSet<>();
      }
      removeOut.add(id);
    }

    void removeIn(long id) {
      if (removeIn.isEmpty()) {
        removeIn = new java.util.HashSet<>();
      }
      removeIn.add(id);
    }
  }

  private final HashMap<Integer, int[]> singleLabels = new HashMap<>();

  private int[] internLabels(Set<String> labels, long c) {
    if (labels.isEmpty()) {
      return VertexRecord.NO_LABELS;
    }
    int[] ids = new int[labels.size()];
    int i = 0;
    for (String l : labels) {
      ids[i++] = g.names.intern(l, c);
    }
    Arrays.sort(ids);
    if (ids.length == 1) {
      // Share one array per single label: most vertices have one label, so this saves 24 bytes each.
      return singleLabels.computeIfAbsent(ids[0], k -> ids);
    }
    return ids;
  }

  private byte[] internProps(Map<String, Object> props, long c) {
    if (props.isEmpty()) {
      return null;
    }
    TreeMap<Integer, Object> byId = new TreeMap<>();
    for (Map.Entry<String, Object> e : props.entrySet()) {
      byId.put(g.names.intern(e.getKey(), c), e.getValue());
    }
    return g.smallBlobs.share(PropertyBlob.encode(byId));
  }

  private static void push(VertexRecord r, long c, byte kind, Object old, int oldCount) {
    r.chain = new Delta(c, r.stamp(), kind, old, oldCount, r.chain);
  }

  private static void push(EdgeRecord r, long c, byte kind, Object old) {
    r.chain = new Delta(c, r.stamp(), kind, old, 0, r.chain);
  }

  private void install(Overlay o, long c, List<Op> schemaOps) {
    HashMap<Long, AdjacencyChange> adjacency = new HashMap<>();
    List<EdgeRecord> touchedEdges = new ArrayList<>();
    // Edges deleted or changed.
    for (Overlay.EdgeDraft e : o.edgeDrafts()) {
      if (e.created) {
        continue;
      }
      EdgeRecord r = e.base;
      touchedEdges.add(r);
      if (e.deleted) {
        push(r, c, Delta.DELETED, null);
        r.markDeleted();
        g.edgeCount--;
        maintainEdgeIndexes(r, true, r.props, false, null, c);
        adjacency.computeIfAbsent(e.from, k -> new AdjacencyChange()).removeOut(e.id);
        adjacency.computeIfAbsent(e.to, k -> new AdjacencyChange()).removeIn(e.id);
      } else if (e.propsChanged) {
        byte[] blob = internProps(e.props, c);
        if (!Arrays.equals(blob, r.props)) {
          byte[] old = r.props;
          push(r, c, Delta.PROPS, r.props);
          r.props = blob;
          maintainEdgeIndexes(r, true, old, true, blob, c);
        }
      }
    }
    // Vertices created or changed (deletion comes after the adjacency changes).
    List<VertexRecord> touched = new ArrayList<>();
    for (Overlay.VertexDraft d : o.vertexDrafts()) {
      if (d.created) {
        if (d.deleted) {
          continue;
        }
        VertexRecord r = new VertexRecord(d.id);
        r.labels = internLabels(d.labels, c);
        r.props = internProps(d.props, c);
        r.stamp(c);
        r.chain = new Delta(c, 0, Delta.CREATED, null, 0, null);
        g.vertices.set(d.id, r);
        g.vertexCount++;
        maintainIndexes(r, null, null, r.labels, r.props, c);
        touched.add(r);
        bumpAllocator(g.nextVertexId, d.id);
        continue;
      }
      VertexRecord r = d.base;
      touched.add(r);
      if (d.deleted) {
        continue; // the deletion below records the whole old version
      }
      int[] oldLabels = r.labels;
      byte[] oldProps = r.props;
      int[] newLabels = d.labelsChanged ? internLabels(d.labels, c) : oldLabels;
      byte[] newProps = d.propsChanged ? internProps(d.props, c) : oldProps;
      boolean labelsDiffer = !Arrays.equals(newLabels, oldLabels);
      boolean propsDiffer = !Arrays.equals(newProps, oldProps);
      if (labelsDiffer) {
        push(r, c, Delta.LABELS, oldLabels, 0);
        r.labels = newLabels;
      }
      if (propsDiffer) {
        push(r, c, Delta.PROPS, oldProps, 0);
        r.props = newProps;
      }
      if (labelsDiffer || propsDiffer) {
        maintainIndexes(r, oldLabels, oldProps, newLabels, newProps, c);
      }
    }
    // Edges created.
    for (Overlay.EdgeDraft e : o.edgeDrafts()) {
      if (!e.created || e.deleted) {
        continue;
      }
      EdgeRecord r = new EdgeRecord(e.id, g.vertices.get(e.from), g.vertices.get(e.to), g.names.intern(e.type, c));
      r.props = internProps(e.props, c);
      r.stamp(c);
      r.chain = new Delta(c, 0, Delta.CREATED, null, 0, null);
      g.edges.set(e.id, r);
      g.edgeCount++;
      maintainEdgeIndexes(r, false, null, true, r.props, c);
      touchedEdges.add(r);
      bumpAllocator(g.nextEdgeId, e.id);
      adjacency.computeIfAbsent(e.from, k -> new AdjacencyChange()).addOut(r);
      adjacency.computeIfAbsent(e.to, k -> new AdjacencyChange()).addIn(r);
    }
    long[] changedIds = new long[adjacency.size()];
    int k = 0;
    for (long id : adjacency.keySet()) {
      changedIds[k++] = id;
    }
    Arrays.sort(changedIds);
    for (long id : changedIds) {
      VertexRecord r = g.vertices.get(id);
      Overlay.VertexDraft d = o.vertices.get(id);
      boolean fresh = d != null && d.created;
      AdjacencyChange ch = adjacency.get(id);
      if (!ch.addOut.isEmpty() || !ch.removeOut.isEmpty()) {
        updateAdjacency(r, true, ch.addOut, ch.removeOut, c, fresh);
      }
      if (!ch.addIn.isEmpty() || !ch.removeIn.isEmpty()) {
        updateAdjacency(r, false, ch.addIn, ch.removeIn, c, fresh);
      }
    }
    // Vertex deletions.
    for (Overlay.VertexDraft d : o.vertexDrafts()) {
      if (d.deleted && !d.created) {
        VertexRecord r = d.base;
        push(r, c, Delta.DELETED, null, 0);
        r.markDeleted();
        g.vertexCount--;
        maintainIndexes(r, r.labels, r.props, null, null, c);
      }
    }
    // Stamps last: each delta above recorded the stamp before this commit. A record this commit
    // wrote without changing a field (a property set to its own value) gets a delta of its own,
    // so that a reader at an older snapshot (a snapshot written beside the applies) still finds
    // its older stamp.
    for (VertexRecord r : touched) {
      Delta head = r.chain;
      if (head == null || head.commit != c) {
        push(r, c, Delta.STAMP, null, 0);
      }
      r.stamp(c);
      g.gcQueue.addLast(new GarbageCollector.Entry(c, GarbageCollector.CHAIN_VERTEX, r, 0, null, null));
    }
    for (EdgeRecord r : touchedEdges) {
      Delta head = r.chain;
      if (head == null || head.commit != c) {
        push(r, c, Delta.STAMP, null);
      }
      r.stamp(c);
      g.gcQueue.addLast(new GarbageCollector.Entry(c, GarbageCollector.CHAIN_EDGE, r, 0, null, null));
    }
    for (Op op : schemaOps) {
      if (op.code() == Op.CREATE_SCHEMA) {
        long id = 1;
        for (Graph.SchemaEntry e : g.schemaHistory) {
          if (e.live()) {
            id = Math.max(id, e.id() + 1);
          }
        }
        SchemaItem item = op.schemaItem();
        installSchema(op, c, op.name() != null ? op.name() : SchemaItem.defaultName(item), id);
      } else {
        installSchema(op, c, null, 0);
      }
    }
  }

  private static void bumpAllocator(java.util.concurrent.atomic.AtomicLong next, long id) {
    next.accumulateAndGet(id + 1, Math::max);
  }

  private static int grow(int needed) {
    return Math.max(2, Math.max(needed, needed + (needed >> 1) - 1));
  }

  private void updateAdjacency(VertexRecord r, boolean out, List<EdgeRecord> add, Set<Long> remove, long c,
      boolean fresh) {
    EdgeRecord[] arr = out ? r.out : r.in;
    int count = out ? r.outCount : r.inCount;
    if (add.size() > 1) {
      add.sort((a, b) -> Long.compare(a.id, b.id));
    }
    boolean appendOnly = remove.isEmpty() && (count == 0 || arr[count - 1].id < add.get(0).id);
    if (!fresh) {
      push(r, c, out ? Delta.OUT : Delta.IN, arr, count);
    }
    if (appendOnly && arr.length >= count + add.size()) {
      // Slots past count are invisible to every reader, so appending in place is safe.
      for (int i = 0; i < add.size(); i++) {
        arr[count + i] = add.get(i);
      }
      setCount(r, out, count + add.size());
      return;
    }
    int newCount = count - remove.size() + add.size();
    EdgeRecord[] next = new EdgeRecord[newCount == 0 ? 0 : grow(newCount)];
    int n = 0;
    int ai = 0;
    for (int i = 0; i < count; i++) {
      EdgeRecord e = arr[i];
      if (remove.contains(e.id)) {
        continue;
      }
      while (ai < add.size() && add.get(ai).id < e.id) {
        next[n++] = add.get(ai++);
      }
      next[n++] = e;
    }
    while (ai < add.size()) {
      next[n++] = add.get(ai++);
    }
    if (n != newCount) {
      throw new IllegalStateException("adjacency of vertex " + r.id + " out of sync: " + n + " != " + newCount);
    }
    // Array before count: readers read the count first.
    if (out) {
      r.out = next.length == 0 ? VertexRecord.NO_EDGES : next;
    } else {
      r.in = next.length == 0 ? VertexRecord.NO_EDGES : next;
    }
    setCount(r, out, newCount);
  }

  private static void setCount(VertexRecord r, boolean out, int count) {
    if (out) {
      r.outCount = count;
    } else {
      r.inCount = count;
    }
  }

  /**
   * Updates counts, label bitmaps, property indexes and unique maps for one vertex going from the
   * old state to the new (null labels = the vertex did not / does not exist).
   */
  private void maintainIndexes(VertexRecord r, int[] oldLabels, byte[] oldProps, int[] newLabels, byte[] newProps,
      long c) {
    g.derived.vertexChanged(r.id, oldLabels, oldProps, newLabels, newProps, c);
    int[] ol = oldLabels == null ? VertexRecord.NO_LABELS : oldLabels;
    int[] nl = newLabels == null ? VertexRecord.NO_LABELS : newLabels;
    for (int l : ol) {
      if (!Graph.containsLabel(nl, l)) {
        g.labelCounts.merge(l, -1L, Long::sum);
        if (g.labelIndexes.containsKey(l)) {
          g.gcQueue.addLast(new GarbageCollector.Entry(c, GarbageCollector.LABEL_ENTRY, r, l, null, null));
        }
      }
    }
    for (int l : nl) {
      if (!Graph.containsLabel(ol, l)) {
        g.labelCounts.merge(l, 1L, Long::sum);
        LabelBitmap b = g.labelIndexes.get(l);
        if (b != null) {
          b.set(r.id);
        }
      }
    }
    for (Map.Entry<Long, PropertyIndex> en : g.propertyIndexes.entrySet()) {
      PropertyIndex pi = en.getValue();
      Object ov = Graph.containsLabel(ol, pi.labelId) ? PropertyBlob.get(oldProps, pi.propertyId) : null;
      Object nv = Graph.containsLabel(nl, pi.labelId) ? PropertyBlob.get(newProps, pi.propertyId) : null;
      if (nv != null) {
        pi.add(nv, r.id);
      }
      if (ov != null && (nv == null || Values.compare(ov, nv) != 0)) {
        g.gcQueue.addLast(new GarbageCollector.Entry(c, GarbageCollector.PROPERTY_ENTRY, r, 0, ov, pi));
      }
      long delta = (nv != null ? 1 : 0) - (ov != null ? 1 : 0);
      if (delta != 0) {
        g.propertyIndexCounts.merge(en.getKey(), delta, Long::sum);
      }
    }
    for (PropertyIndex pi : g.compositeIndexes.values()) {
      Object ov = Graph.containsLabel(ol, pi.labelId) ? pi.keyOf(oldProps) : null;
      Object nv = Graph.containsLabel(nl, pi.labelId) ? pi.keyOf(newProps) : null;
      updateEntries(pi, r, ov, nv, c);
    }
    for (UniqueIndex ui : g.uniqueConstraints.values()) {
      List<Object> oldKey = keyByIds(ui, ol, oldProps);
      List<Object> newKey = keyByIds(ui, nl, newProps);
      if (oldKey != null && !oldKey.equals(newKey)) {
        ui.owners.remove(oldKey, r.id);
      }
      if (newKey != null) {
        ui.owners.put(newKey, r.id);
      }
    }
  }

  /**
   * Edge index entries for an edge going from the old state to the new: a live edge's properties,
   * unless it did not / does not exist.
   */
  private void maintainEdgeIndexes(EdgeRecord r, boolean oldLive, byte[] oldProps, boolean newLive, byte[] newProps,
      long c) {
    g.derived.edgeChanged(r, oldLive, oldProps, newLive, newProps, c);
    for (PropertyIndex pi : g.edgeIndexes.values()) {
      if (pi.labelId == r.type) {
        updateEntries(pi, r, oldLive ? pi.keyOf(oldProps) : null, newLive ? pi.keyOf(newProps) : null, c);
      }
    }
  }

  /** Adds the new entry, queues the old one for collection, and keeps the live count. */
  private void updateEntries(PropertyIndex pi, Object target, Object ov, Object nv, long c) {
    long id = target instanceof VertexRecord v ? v.id : ((EdgeRecord) target).id;
    if (nv != null) {
      pi.add(nv, id);
    }
    if (ov != null && (nv == null || Values.compare(ov, nv) != 0)) {
      byte kind = pi.edges ? GarbageCollector.EDGE_PROPERTY_ENTRY : GarbageCollector.PROPERTY_ENTRY;
      g.gcQueue.addLast(new GarbageCollector.Entry(c, kind, target, 0, ov, pi));
    }
    long delta = (nv != null ? 1 : 0) - (ov != null ? 1 : 0);
    if (delta != 0) {
      pi.count += delta;
    }
  }

  List<Object> uniqueKey(UniqueIndex ui, int[] labels, byte[] props) {
    return keyByIds(ui, labels, props);
  }

  private List<Object> keyByIds(UniqueIndex ui, int[] labels, byte[] props) {
    int l = g.names.id(ui.constraint.label());
    if (l < 0 || !Graph.containsLabel(labels, l)) {
      return null;
    }
    List<Object> key = new ArrayList<>();
    for (String p : ui.constraint.properties()) {
      int pid = g.names.id(p);
      Object v = pid < 0 ? null : PropertyBlob.get(props, pid);
      if (v == null) {
        return null;
      }
      key.add(Values.hashKey(v));
    }
    return key;
  }

  /** Installs a create (with its name and id) or a drop that apply or a snapshot load has accepted. */
  void installSchema(Op op, long c, String name, long id) {
    SchemaItem item = op.schemaItem();
    // an index's configuration may travel in its names but is no label or property key
    for (String n : op.graphNames()) {
      g.names.intern(n, c);
    }
    List<Graph.SchemaEntry> history = new ArrayList<>(g.schemaHistory);
    boolean create = op.code() == Op.CREATE_SCHEMA;
    if (create) {
      history.add(new Graph.SchemaEntry(item, name, id, c, Long.MAX_VALUE));
    } else {
      for (int i = 0; i < history.size(); i++) {
        Graph.SchemaEntry e = history.get(i);
        if (e.live() && e.item().equals(item)) {
          history.set(i, new Graph.SchemaEntry(item, e.name(), e.id(), e.createdAt(), c));
        }
      }
    }
    if (item instanceof SchemaItem.LabelIndex li) {
      int l = g.names.id(li.label());
      if (create) {
        g.labelIndexes.put(l, buildLabelIndex(l));
      } else {
        g.labelIndexes.remove(l);
      }
    } else if (item instanceof SchemaItem.LabelPropertyIndex pi) {
      int l = g.names.id(pi.label());
      int p = g.names.id(pi.property());
      long key = Graph.indexKey(l, p);
      if (create) {
        g.propertyIndexes.put(key, buildPropertyIndex(l, p));
      } else {
        dropped(g.propertyIndexes.remove(key));
        g.propertyIndexCounts.remove(key);
      }
    } else if (item instanceof SchemaItem.CompositeIndex ci) {
      if (create) {
        g.compositeIndexes.put(item, buildVertexIndex(g.names.id(ci.label()), propertyIds(ci.properties())));
      } else {
        dropped(g.compositeIndexes.remove(item));
      }
    } else if (item instanceof SchemaItem.EdgePropertyIndex ei) {
      if (create) {
        g.edgeIndexes.put(item, buildEdgeIndex(g.names.id(ei.label()), propertyIds(ei.properties())));
      } else {
        dropped(g.edgeIndexes.remove(item));
      }
    } else if (item instanceof SchemaItem.UniqueConstraint || item instanceof SchemaItem.NodeKeyConstraint) {
      if (create) {
        UniqueIndex ui = new UniqueIndex(item instanceof SchemaItem.NodeKeyConstraint k ? k.unique()
            : (SchemaItem.UniqueConstraint) item);
        for (long v = g.vertices.nextUsed(0); v >= 0; v = g.vertices.nextUsed(v + 1)) {
          VertexRecord r = g.vertices.get(v);
          if (r != null && !r.deleted()) {
            List<Object> key = keyByIds(ui, r.labels, r.props);
            if (key != null) {
              ui.owners.put(key, v);
            }
          }
        }
        g.uniqueConstraints.put(item, ui);
      } else {
        g.uniqueConstraints.remove(item);
      }
    }
    g.schemaHistory = List.copyOf(history);
    if (create) {
      g.derived.created(item, c);
    } else {
      g.derived.dropped(item);
    }
  }

  private static void dropped(PropertyIndex pi) {
    if (pi != null) {
      pi.dropped = true;
    }
  }

  private int[] propertyIds(List<String> properties) {
    int[] ids = new int[properties.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = g.names.id(properties.get(i));
    }
    return ids;
  }

  /** A composite index over every retained version of every vertex, as {@link #buildPropertyIndex}. */
  private PropertyIndex buildVertexIndex(int label, int[] properties) {
    PropertyIndex pi = new PropertyIndex(label, properties, false);
    long count = 0;
    for (long id = g.vertices.nextUsed(0); id >= 0; id = g.vertices.nextUsed(id + 1)) {
      VertexRecord r = g.vertices.get(id);
      if (r == null) {
        continue;
      }
      long vid = id;
      GarbageCollector.anyVersion(r, -1, (labels, props) -> {
        Object v = Graph.containsLabel(labels, label) ? pi.keyOf(props) : null;
        if (v != null) {
          pi.add(v, vid);
        }
        return false;
      });
      if (!r.deleted() && Graph.containsLabel(r.labels, label) && pi.keyOf(r.props) != null) {
        count++;
      }
    }
    pi.count = count;
    return pi;
  }

  /** An edge index over every retained version of every edge of the type. */
  private PropertyIndex buildEdgeIndex(int type, int[] properties) {
    PropertyIndex pi = new PropertyIndex(type, properties, true);
    long count = 0;
    for (long id = g.edges.nextUsed(0); id >= 0; id = g.edges.nextUsed(id + 1)) {
      EdgeRecord r = g.edges.get(id);
      if (r == null || r.type != type) {
        continue;
      }
      long eid = id;
      GarbageCollector.anyEdgeVersion(r, -1, props -> {
        Object v = pi.keyOf(props);
        if (v != null) {
          pi.add(v, eid);
        }
        return false;
      });
      if (!r.deleted() && pi.keyOf(r.props) != null) {
        count++;
      }
    }
    pi.count = count;
    return pi;
  }

  /** Every retained version of every record counts, so readers at older snapshots find theirs. */
  private LabelBitmap buildLabelIndex(int label) {
    LabelBitmap b = new LabelBitmap();
    for (long id = g.vertices.nextUsed(0); id >= 0; id = g.vertices.nextUsed(id + 1)) {
      VertexRecord r = g.vertices.get(id);
      if (r != null && GarbageCollector.anyVersion(r, -1, (labels, props) -> Graph.containsLabel(labels, label))) {
        b.set(id);
      }
    }
    return b;
  }

  private PropertyIndex buildPropertyIndex(int label, int property) {
    PropertyIndex pi = new PropertyIndex(label, property);
    long count = 0;
    for (long id = g.vertices.nextUsed(0); id >= 0; id = g.vertices.nextUsed(id + 1)) {
      VertexRecord r = g.vertices.get(id);
      if (r == null) {
        continue;
      }
      long vid = id;
      GarbageCollector.anyVersion(r, -1, (labels, props) -> {
        Object v = Graph.containsLabel(labels, label) ? PropertyBlob.get(props, property) : null;
        if (v != null) {
          pi.add(v, vid);
        }
        return false;
      });
      if (!r.deleted() && Graph.containsLabel(r.labels, label) && PropertyBlob.get(r.props, property) != null) {
        count++;
      }
    }
    g.propertyIndexCounts.put(Graph.indexKey(label, property), count);
    return pi;
  }
}

package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Model-based test: random programs of interleaved transactions (writes, reads, index lookups,
 * commits, aborts, conflicting concurrent transactions, garbage collection) run against the storage
 * and against {@link GraphModel}; every read and every commit outcome must agree.
 */
class StorageModelProperties {
  private static final Object[] VALUES = {0L, 1L, 2L, 3L, 1.0, 2.5, -1L, "a", "ab", "b", "abc", true, null};
  private static final String[] LABELS = {"A", "B", "C"};
  private static final String[] KEYS = {"k", "u", "x", "u"};
  /** Few values for the unique key, so unique-constraint violations (1 equals 1.0) are frequent. */
  private static final Object[] UNIQUE_VALUES = {1L, 1.0, "a", null};
  private static final String[] TYPES = {"T", "U"};

  /** A storage transaction and its model twin. */
  private record Pair(Transaction tx, GraphModel.Tx model) {}

  // CI replays the same 500 programs every run, so a red build is this change's doing, not the
  // dice's; -Dstorage.model.tries and -Dstorage.model.seed explore further (docs/testing.md).
  @Property(tries = 500, seed = "7381994226542107512")
  @AddLifecycleHook(TriesAndSeedFlags.class)
  void storageAgreesWithModel(
      @ForAll @Size(min = 10, max = 250) List<@IntRange(min = 0, max = 1_000_000) Integer> program) {
    Storage storage = new Storage();
    GraphModel model = new GraphModel();
    Transaction schema = storage.begin();
    schema.createSchema(new SchemaItem.LabelIndex("A"));
    schema.createSchema(new SchemaItem.LabelPropertyIndex("A", "k"));
    schema.createSchema(new SchemaItem.UniqueConstraint(GraphModel.UNIQUE_LABEL, List.of(GraphModel.UNIQUE_KEY)));
    assertThat(storage.commit(schema).committed()).isTrue();
    model.applied = storage.lastAppliedIndex();

    List<Pair> open = new ArrayList<>();
    Iterator<Integer> in = program.iterator();
    while (in.hasNext()) {
      int step = in.next();
      int kind = step % 20;
      int arg = step / 20;
      if (open.isEmpty() || (kind == 0 && open.size() < 3)) {
        open.add(new Pair(storage.begin(), model.begin()));
        continue;
      }
      Pair p = open.get(arg % open.size());
      int choice = arg / open.size();
      if (kind <= 8) {
        write(p, choice);
      } else if (kind <= 14) {
        read(p, choice);
      } else if (kind <= 17) {
        ApplyResult r = storage.commit(p.tx());
        RejectReason expected = model.commit(p.model());
        assertThat(r.reason()).as("commit outcome: %s", r).isEqualTo(expected);
        assertThat(storage.lastAppliedIndex()).isEqualTo(model.applied);
        open.remove(p);
      } else if (kind == 18) {
        p.tx().close();
        open.remove(p);
      } else if (arg % 2 == 0) {
        storage.collectGarbage();
      } else {
        // Drop or (re)build an index while older transactions are open: results must not change.
        SchemaItem item = arg % 4 == 1 ? new SchemaItem.LabelIndex("A") : new SchemaItem.LabelPropertyIndex("A", "k");
        Transaction ddl = storage.begin();
        if (storage.schema().contains(item)) {
          ddl.dropSchema(item);
        } else {
          ddl.createSchema(item);
        }
        assertThat(storage.commit(ddl).committed()).isTrue();
        model.applied = storage.lastAppliedIndex();
      }
    }
    for (Pair p : open) {
      p.tx().close();
    }
    storage.collectGarbage();
    Pair fresh = new Pair(storage.begin(), model.begin());
    for (int c = 0; c < 40; c++) {
      read(fresh, c * 7919);
    }
    assertThat(storage.stats().vertexCount()).isEqualTo(model.committed.vertices.size());
    assertThat(storage.stats().edgeCount()).isEqualTo(model.committed.edges.size());
    assertThat(storage.stats().pendingGarbage()).isZero();
  }

  private static long pick(List<Long> ids, int choice) {
    return ids.get(Math.floorMod(choice, ids.size()));
  }

  private static void write(Pair p, int choice) {
    GraphModel.State view = p.model().view;
    List<Long> vs = new ArrayList<>(view.vertices.keySet());
    List<Long> es = new ArrayList<>(view.edges.keySet());
    int op = choice % 9;
    int c = choice / 9;
    List<GraphModel.Write> log = p.model().writes;
    if (vs.isEmpty() || op == 0) {
      long id = p.tx().createVertex();
      view.vertices.put(id, new GraphModel.V());
      log.add(new GraphModel.Write(Op.CREATE_VERTEX, id, 0, 0, null, null));
      if (c % 3 == 0) {
        // A constrained vertex: :B with a unique key from a tiny domain, so violations happen.
        Object u = UNIQUE_VALUES[(c / 3) % 3];
        p.tx().addLabel(id, GraphModel.UNIQUE_LABEL);
        p.tx().setVertexProperty(id, GraphModel.UNIQUE_KEY, u);
        view.vertices.get(id).labels.add(GraphModel.UNIQUE_LABEL);
        view.vertices.get(id).props.put(GraphModel.UNIQUE_KEY, u);
        log.add(new GraphModel.Write(Op.ADD_LABEL, id, 0, 0, GraphModel.UNIQUE_LABEL, null));
        log.add(new GraphModel.Write(Op.SET_VERTEX_PROPERTY, id, 0, 0, GraphModel.UNIQUE_KEY, u));
      }
      return;
    }
    long v = pick(vs, c);
    String label = LABELS[(c / 7) % LABELS.length];
    String key = KEYS[(c / 11) % KEYS.length];
    Object value = Values.normalize(key.equals(GraphModel.UNIQUE_KEY)
        ? UNIQUE_VALUES[(c / 3) % UNIQUE_VALUES.length] : VALUES[(c / 3) % VALUES.length]);
    switch (op) {
      case 1 -> {
        boolean changed = p.tx().addLabel(v, label);
        assertThat(changed).isEqualTo(view.vertices.get(v).labels.add(label));
        if (changed) {
          log.add(new GraphModel.Write(Op.ADD_LABEL, v, 0, 0, label, null));
        }
      }
      case 2 -> {
        boolean changed = p.tx().removeLabel(v, label);
        assertThat(changed).isEqualTo(view.vertices.get(v).labels.remove(label));
        if (changed) {
          log.add(new GraphModel.Write(Op.REMOVE_LABEL, v, 0, 0, label, null));
        }
      }
      case 3, 4 -> {
        p.tx().setVertexProperty(v, key, value);
        if (value == null) {
          view.vertices.get(v).props.remove(key);
        } else {
          view.vertices.get(v).props.put(key, value);
        }
        log.add(new GraphModel.Write(Op.SET_VERTEX_PROPERTY, v, 0, 0, key, value));
      }
      case 5 -> {
        long to = pick(vs, c / 5);
        String type = TYPES[c % 2];
        long id = p.tx().createEdge(v, to, type);
        view.edges.put(id, new GraphModel.E(v, to, type));
        log.add(new GraphModel.Write(Op.CREATE_EDGE, id, v, to, type, null));
      }
      case 6 -> {
        if (es.isEmpty()) {
          return;
        }
        long e = pick(es, c);
        if (c % 2 == 0) {
          p.tx().deleteEdge(e);
          view.edges.remove(e);
          log.add(new GraphModel.Write(Op.DELETE_EDGE, e, 0, 0, null, null));
        } else {
          p.tx().setEdgeProperty(e, key, value);
          if (value == null) {
            view.edges.get(e).props.remove(key);
          } else {
            view.edges.get(e).props.put(key, value);
          }
          log.add(new GraphModel.Write(Op.SET_EDGE_PROPERTY, e, 0, 0, key, value));
        }
      }
      case 7 -> {
        if (view.hasEdges(v)) {
          assertThatThrownBy(() -> p.tx().deleteVertex(v)).isInstanceOf(StorageException.class);
          return;
        }
        p.tx().deleteVertex(v);
        view.vertices.remove(v);
        log.add(new GraphModel.Write(Op.DELETE_VERTEX, v, 0, 0, null, null));
      }
      default -> {
        p.tx().detachDeleteVertex(v);
        for (EdgeRef e : view.edgesOf(v, true)) {
          view.edges.remove(e.id());
          log.add(new GraphModel.Write(Op.DELETE_EDGE, e.id(), 0, 0, null, null));
        }
        for (EdgeRef e : view.edgesOf(v, false)) {
          view.edges.remove(e.id());
          log.add(new GraphModel.Write(Op.DELETE_EDGE, e.id(), 0, 0, null, null));
        }
        view.vertices.remove(v);
        log.add(new GraphModel.Write(Op.DELETE_VERTEX, v, 0, 0, null, null));
      }
    }
  }

  private static List<Long> ids(PrimitiveIterator.OfLong it) {
    List<Long> out = new ArrayList<>();
    it.forEachRemaining((long id) -> out.add(id));
    return out;
  }

  private static List<Long> modelIds(GraphModel.State s, Predicate<GraphModel.V> p) {
    List<Long> out = new ArrayList<>();
    s.vertices.forEach((id, v) -> {
      if (p.test(v)) {
        out.add(id);
      }
    });
    return out;
  }

  private static void read(Pair p, int choice) {
    GraphModel.State view = p.model().view;
    Transaction tx = p.tx();
    long maxId = Math.max(view.vertices.isEmpty() ? 0 : view.vertices.lastKey(), 3) + 2;
    int op = choice % 8;
    int c = choice / 8;
    Object value = Values.normalize(VALUES[c % VALUES.length]);
    switch (op) {
      case 0, 1 -> {
        long v = Math.floorMod(c, maxId);
        GraphModel.V mv = view.vertices.get(v);
        assertThat(tx.vertexExists(v)).as("exists %d", v).isEqualTo(mv != null);
        if (mv != null) {
          // the order (creation order of the names) is LabelOrderTest's; the model checks the set
          assertThat(tx.labels(v)).containsExactlyInAnyOrderElementsOf(mv.labels);
          assertThat(tx.vertexProperties(v)).isEqualTo(Map.copyOf(mv.props));
          assertThat(tx.vertexProperty(v, "k")).isEqualTo(mv.props.get("k"));
          assertThat(tx.outEdges(v)).isEqualTo(view.edgesOf(v, true));
          assertThat(tx.inEdges(v)).isEqualTo(view.edgesOf(v, false));
          assertThat(tx.outEdges(v, "T"))
              .isEqualTo(view.edgesOf(v, true).stream().filter(e -> e.type().equals("T")).toList());
          for (EdgeRef e : view.edgesOf(v, true)) {
            assertThat(tx.edge(e.id())).isEqualTo(e);
            assertThat(tx.edgeProperties(e.id())).isEqualTo(Map.copyOf(view.edges.get(e.id()).props));
          }
        } else {
          assertThatThrownBy(() -> tx.labels(v)).isInstanceOf(StorageException.class);
        }
      }
      case 2 -> assertThat(ids(tx.vertices())).isEqualTo(List.copyOf(view.vertices.keySet()));
      case 3 -> {
        String label = LABELS[c % LABELS.length];
        assertThat(ids(tx.verticesWithLabel(label))).isEqualTo(modelIds(view, v -> v.labels.contains(label)));
      }
      case 4 -> {
        String label = c % 2 == 0 ? "A" : "B";
        String key = c % 3 == 0 ? "x" : "k";
        assertThat(ids(tx.verticesWithProperty(label, key, value))).isEqualTo(modelIds(view,
            v -> v.labels.contains(label) && value != null && v.props.get(key) != null
                && Values.compare(v.props.get(key), value) == 0));
      }
      case 5, 6 -> {
        if (value == null) {
          return;
        }
        Bound lo = c % 3 == 0 ? null : new Bound(value, c % 2 == 0);
        Object hiValue = Values.normalize(VALUES[(c / 13) % VALUES.length]);
        Bound hi = (lo != null && c % 5 == 0) || hiValue == null ? null : new Bound(hiValue, c % 4 < 2);
        if (lo == null && hi == null) {
          hi = new Bound(value, true);
        }
        Bound flo = lo;
        Bound fhi = hi;
        Object anchor = lo != null ? lo.value() : hi.value();
        List<Long> expected = (lo != null && hi != null && !Values.comparable(lo.value(), hi.value()))
            ? List.of()
            : modelIds(view, v -> {
              Object x = v.props.get("k");
              if (!v.labels.contains("A") || x == null || !Values.comparable(x, anchor)) {
                return false;
              }
              if (flo != null) {
                int d = Values.compare(x, flo.value());
                if (d < 0 || (d == 0 && !flo.inclusive())) {
                  return false;
                }
              }
              if (fhi != null) {
                int d = Values.compare(x, fhi.value());
                return d < 0 || (d == 0 && fhi.inclusive());
              }
              return true;
            });
        assertThat(ids(tx.verticesInRange("A", "k", lo, hi))).as("range %s..%s", lo, hi).isEqualTo(expected);
      }
      default -> {
        String prefix = c % 2 == 0 ? "a" : "ab";
        assertThat(ids(tx.verticesWithPrefix("A", "k", prefix))).isEqualTo(modelIds(view,
            v -> v.labels.contains("A") && v.props.get("k") instanceof String s && s.startsWith(prefix)));
      }
    }
  }
}

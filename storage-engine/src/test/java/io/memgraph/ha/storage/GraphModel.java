package io.memgraph.ha.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately plain reference model of the storage: the committed graph as maps, each
 * transaction as a full private copy, and commit as "replay the operations on the committed state
 * with the first-committer-wins rules". Slow and obviously right, for the model-based test.
 */
final class GraphModel {
  static final class V {
    final TreeSet<String> labels = new TreeSet<>();
    final TreeMap<String, Object> props = new TreeMap<>();

    V copy() {
      V v = new V();
      v.labels.addAll(labels);
      v.props.putAll(props);
      return v;
    }
  }

  static final class E {
    final long from;
    final long to;
    final String type;
    final TreeMap<String, Object> props = new TreeMap<>();

    E(long from, long to, String type) {
      this.from = from;
      this.to = to;
      this.type = type;
    }

    E copy() {
      E e = new E(from, to, type);
      e.props.putAll(props);
      return e;
    }
  }

  static final class State {
    final TreeMap<Long, V> vertices = new TreeMap<>();
    final TreeMap<Long, E> edges = new TreeMap<>();

    State copy() {
      State s = new State();
      vertices.forEach((k, v) -> s.vertices.put(k, v.copy()));
      edges.forEach((k, e) -> s.edges.put(k, e.copy()));
      return s;
    }

    List<EdgeRef> edgesOf(long v, boolean out) {
      List<EdgeRef> r = new ArrayList<>();
      edges.forEach((id, e) -> {
        if (out ? e.from == v : e.to == v) {
          r.add(new EdgeRef(id, e.from, e.to, e.type));
        }
      });
      return r;
    }

    boolean hasEdges(long v) {
      return edges.values().stream().anyMatch(e -> e.from == v || e.to == v);
    }
  }

  /** One write, as the model replays it at commit. */
  record Write(int code, long a, long b, long c, String name, Object value) {}

  final State committed = new State();
  final Map<Long, Long> vertexStamp = new HashMap<>();
  final Map<Long, Long> edgeStamp = new HashMap<>();
  long applied;
  /** Unique constraint the model enforces: no two :B vertices with equal u. */
  static final String UNIQUE_LABEL = "B";
  static final String UNIQUE_KEY = "u";

  final class Tx {
    final long snapshot = applied;
    final State view = committed.copy();
    final List<Write> writes = new ArrayList<>();
  }

  Tx begin() {
    return new Tx();
  }

  /** Commits at the next index; returns null or the rejection reason. */
  RejectReason commit(Tx tx) {
    if (tx.writes.isEmpty()) {
      return null;
    }
    long index = applied + 1;
    applied = index;
    State s = committed.copy();
    Set<Long> created = new HashSet<>();
    Set<Long> createdEdges = new HashSet<>();
    Set<Long> touchedV = new HashSet<>();
    Set<Long> touchedE = new HashSet<>();
    for (Write w : tx.writes) {
      switch (w.code()) {
        case Op.CREATE_VERTEX -> {
          s.vertices.put(w.a(), new V());
          created.add(w.a());
          touchedV.add(w.a());
        }
        case Op.DELETE_VERTEX -> {
          if (!updatable(s, w.a(), created, tx.snapshot) || s.hasEdges(w.a())) {
            return RejectReason.CONFLICT;
          }
          s.vertices.remove(w.a());
          touchedV.add(w.a());
        }
        case Op.ADD_LABEL, Op.REMOVE_LABEL, Op.SET_VERTEX_PROPERTY -> {
          if (!updatable(s, w.a(), created, tx.snapshot)) {
            return RejectReason.CONFLICT;
          }
          V v = s.vertices.get(w.a());
          if (w.code() == Op.ADD_LABEL) {
            v.labels.add(w.name());
          } else if (w.code() == Op.REMOVE_LABEL) {
            v.labels.remove(w.name());
          } else if (w.value() == null) {
            v.props.remove(w.name());
          } else {
            v.props.put(w.name(), w.value());
          }
          touchedV.add(w.a());
        }
        case Op.CREATE_EDGE -> {
          if (!s.vertices.containsKey(w.b()) || !s.vertices.containsKey(w.c())) {
            return RejectReason.CONFLICT;
          }
          s.edges.put(w.a(), new E(w.b(), w.c(), w.name()));
          createdEdges.add(w.a());
          touchedE.add(w.a());
          touchedV.add(w.b());
          touchedV.add(w.c());
        }
        case Op.DELETE_EDGE, Op.SET_EDGE_PROPERTY -> {
          E e = s.edges.get(w.a());
          if (e == null || (!createdEdges.contains(w.a()) && edgeStamp.getOrDefault(w.a(), 0L) > tx.snapshot)) {
            return RejectReason.CONFLICT;
          }
          if (w.code() == Op.DELETE_EDGE) {
            s.edges.remove(w.a());
            touchedV.add(e.from);
            touchedV.add(e.to);
          } else if (w.value() == null) {
            e.props.remove(w.name());
          } else {
            e.props.put(w.name(), w.value());
          }
          touchedE.add(w.a());
        }
        default -> throw new IllegalStateException("unknown write " + w);
      }
    }
    Set<Object> seen = new HashSet<>();
    for (V v : s.vertices.values()) {
      Object u = v.props.get(UNIQUE_KEY);
      if (v.labels.contains(UNIQUE_LABEL) && u != null && !seen.add(Values.hashKey(u))) {
        return RejectReason.CONSTRAINT_VIOLATION;
      }
    }
    committed.vertices.clear();
    committed.vertices.putAll(s.vertices);
    committed.edges.clear();
    committed.edges.putAll(s.edges);
    touchedV.forEach(v -> vertexStamp.put(v, index));
    touchedE.forEach(e -> edgeStamp.put(e, index));
    return null;
  }

  private boolean updatable(State s, long v, Set<Long> created, long snapshot) {
    return s.vertices.containsKey(v) && (created.contains(v) || vertexStamp.getOrDefault(v, 0L) <= snapshot);
  }
}

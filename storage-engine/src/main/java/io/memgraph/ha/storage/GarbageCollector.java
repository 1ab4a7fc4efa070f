package io.memgraph.ha.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Frees what no open transaction can see any more. Every commit queues its touched records (and the
 * index entries it made stale) with its commit index; once the horizon (the oldest open snapshot, or
 * the last applied index when none is open) reaches that index, undo chains are cut, deleted records
 * become tombstones, and stale index entries are removed unless a retained version still needs them.
 * Runs on the apply thread, after each apply, so memory stays bounded under sustained updates.
 */
final class GarbageCollector {
  private GarbageCollector() {}

  static final byte CHAIN_VERTEX = 1;
  static final byte CHAIN_EDGE = 2;
  static final byte LABEL_ENTRY = 3;
  static final byte PROPERTY_ENTRY = 4;
  static final byte EDGE_PROPERTY_ENTRY = 5;

  record Entry(long commit, byte kind, Object target, int label, Object value, PropertyIndex index) {}

  /** Apply thread only (holding the apply lock). */
  static void collect(Graph g) {
    long h = g.horizon();
    g.users.collect(h);
    while (!g.gcQueue.isEmpty() && g.gcQueue.peekFirst().commit() <= h) {
      Entry e = g.gcQueue.pollFirst();
      switch (e.kind()) {
        case CHAIN_VERTEX -> {
          VertexRecord r = (VertexRecord) e.target();
          r.chain = Delta.trim(r.chain, h);
          if (r.deleted() && r.chain == null && g.vertices.raw(r.id) == r) {
            g.vertices.setTombstone(r.id);
          }
        }
        case CHAIN_EDGE -> {
          EdgeRecord r = (EdgeRecord) e.target();
          r.chain = Delta.trim(r.chain, h);
          if (r.deleted() && r.chain == null && g.edges.raw(r.id) == r) {
            g.edges.setTombstone(r.id);
          }
        }
        case LABEL_ENTRY -> {
          VertexRecord r = (VertexRecord) e.target();
          LabelBitmap bitmap = g.labelIndexes.get(e.label());
          if (bitmap != null && !anyVersion(r, h, (labels, props) -> Graph.containsLabel(labels, e.label()))) {
            bitmap.clear(r.id);
          }
        }
        case PROPERTY_ENTRY -> {
          VertexRecord r = (VertexRecord) e.target();
          PropertyIndex pi = e.index();
          if (!pi.dropped && !anyVersion(r, h, (labels, props) -> Graph.containsLabel(labels, pi.labelId)
                  && matches(pi.keyOf(props), e.value()))) {
            pi.remove(e.value(), r.id);
          }
        }
        case EDGE_PROPERTY_ENTRY -> {
          EdgeRecord r = (EdgeRecord) e.target();
          PropertyIndex pi = e.index();
          if (!pi.dropped && !anyEdgeVersion(r, h, props -> matches(pi.keyOf(props), e.value()))) {
            pi.remove(e.value(), r.id);
          }
        }
        default -> throw new IllegalStateException("unknown gc entry kind " + e.kind());
      }
    }
    List<Graph.SchemaEntry> history = g.schemaHistory;
    if (history.stream().anyMatch(s -> s.droppedAt() <= h)) {
      List<Graph.SchemaEntry> kept = new ArrayList<>();
      for (Graph.SchemaEntry s : history) {
        if (s.droppedAt() > h) {
          kept.add(s);
        }
      }
      g.schemaHistory = List.copyOf(kept);
    }
    g.derived.horizon(h);
  }

  private static boolean matches(Object v, Object indexed) {
    return v != null && Values.compare(v, indexed) == 0;
  }

  /**
   * Whether the record has a live version newer than the horizon (or the newest) for which the test
   * holds; with horizon -1 every version still in the chain counts.
   */
  static boolean anyVersion(VertexRecord r, long horizon, BiPredicate<int[], byte[]> test) {
    // Arguments are read left to right: the fields before the chain, as the record's readers do.
    return anyVersion(r.deleted(), r.labels, r.props, r.chain, horizon, test);
  }

  /** As {@link #anyVersion} for an edge, whose type never changes: only its properties are tested. */
  static boolean anyEdgeVersion(EdgeRecord r, long horizon, Predicate<byte[]> test) {
    // An edge's chain has no LABELS deltas, so its labels stay null.
    return anyVersion(r.deleted(), null, r.props, r.chain, horizon, (labels, props) -> test.test(props));
  }

  /** The walk of both: the newest version, then each older one the chain restores above the horizon. */
  private static boolean anyVersion(boolean deleted, int[] labels, byte[] props, Delta chain, long horizon,
      BiPredicate<int[], byte[]> test) {
    if (!deleted && test.test(labels, props)) {
      return true;
    }
    for (Delta d = chain; d != null && d.commit > horizon; d = d.next) {
      switch (d.kind) {
        case Delta.CREATED -> {
          return false;
        }
        case Delta.DELETED -> deleted = false;
        case Delta.LABELS -> labels = (int[]) d.old;
        case Delta.PROPS -> props = (byte[]) d.old;
        default -> {
          continue;
        }
      }
      if (!deleted && test.test(labels, props)) {
        return true;
      }
    }
    return false;
  }
}

package io.memgraph.ha.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DerivedIndex}es of one graph's live schema items: built when their item is created
 * (or when a factory is first given), fed every committed change of a covered object, told the
 * garbage collection horizon, closed when dropped. A structure that throws is closed and forgotten,
 * so readers fall back to scanning instead of trusting a structure that missed a change; the
 * graph itself is never affected. Apply thread only, but for the lookups of readers.
 */
final class DerivedIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(DerivedIndexes.class);

  /** A structure and the name ids of what it covers (-1: not interned yet, looked up again). */
  private static final class Entry {
    final DerivedIndex index;
    final String[] labelNames;
    final String[] propertyNames;
    final int[] labels;
    final int[] properties;

    Entry(DerivedIndex index) {
      this.index = index;
      this.labelNames = index.labels().toArray(String[]::new);
      this.propertyNames = index.properties().toArray(String[]::new);
      this.labels = new int[labelNames.length];
      this.properties = new int[propertyNames.length];
      Arrays.fill(labels, -1);
      Arrays.fill(properties, -1);
    }

    void resolve(NameTable names) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0) {
          labels[i] = names.id(labelNames[i]);
        }
      }
      for (int i = 0; i < properties.length; i++) {
        if (properties[i] < 0) {
          properties[i] = names.id(propertyNames[i]);
        }
      }
    }
  }

  private final Graph g;
  private final Map<SchemaItem, Entry> entries = new ConcurrentHashMap<>();
  private volatile DerivedIndexFactory factory;

  DerivedIndexes(Graph g) {
    this.g = g;
  }

  DerivedIndexFactory factory() {
    return factory;
  }

  /** The structure of a live item, or null. */
  DerivedIndex get(SchemaItem item) {
    Entry e = entries.get(item);
    return e == null ? null : e.index;
  }

  /** Uses {@code f} from now on, and builds the structures of live items that have none. */
  void setFactory(DerivedIndexFactory f, List<SchemaItem> live, long commit) {
    factory = f;
    for (SchemaItem item : live) {
      if (!entries.containsKey(item)) {
        created(item, commit);
      }
    }
  }

  /** Builds the structure of a created item over the newest state (no reader of an older one sees the item). */
  void created(SchemaItem item, long commit) {
    DerivedIndexFactory f = factory;
    if (f == null) {
      return;
    }
    DerivedIndex index = f.create(item);
    if (index == null) {
      return;
    }
    Entry e = new Entry(index);
    e.resolve(g.names);
    try {
      if (index.edges()) {
        for (long id = g.edges.nextUsed(0); id >= 0; id = g.edges.nextUsed(id + 1)) {
          EdgeRecord r = g.edges.get(id);
          if (r != null && !r.deleted() && covers(e, r.type)) {
            index.changed(id, null, values(e, r.props), commit);
          }
        }
      } else {
        for (long id = g.vertices.nextUsed(0); id >= 0; id = g.vertices.nextUsed(id + 1)) {
          VertexRecord r = g.vertices.get(id);
          if (r != null && !r.deleted() && coversAny(e, r.labels)) {
            index.changed(id, null, values(e, r.props), commit);
          }
        }
      }
      index.built(commit);
    } catch (RuntimeException ex) {
      failed(item, index, ex);
      return;
    }
    entries.put(item, e);
  }

  /** The item was dropped. */
  void dropped(SchemaItem item) {
    Entry e = entries.remove(item);
    if (e != null) {
      close(item, e.index);
    }
  }

  /** The state is being replaced: closes every structure. */
  void closeAll() {
    for (SchemaItem item : List.copyOf(entries.keySet())) {
      dropped(item);
    }
  }

  /** A vertex went from the old state to the new (null labels: it did not / does not exist). */
  void vertexChanged(long id, int[] oldLabels, byte[] oldProps, int[] newLabels, byte[] newProps, long commit) {
    if (entries.isEmpty()) {
      return;
    }
    for (Map.Entry<SchemaItem, Entry> en : entries.entrySet()) {
      Entry e = en.getValue();
      if (e.index.edges()) {
        continue;
      }
      e.resolve(g.names);
      Object[] before = oldLabels != null && coversAny(e, oldLabels) ? values(e, oldProps) : null;
      Object[] after = newLabels != null && coversAny(e, newLabels) ? values(e, newProps) : null;
      report(en.getKey(), e, id, before, after, commit);
    }
  }

  /** An edge went from the old state to the new. */
  void edgeChanged(EdgeRecord r, boolean oldLive, byte[] oldProps, boolean newLive, byte[] newProps, long commit) {
    if (entries.isEmpty()) {
      return;
    }
    for (Map.Entry<SchemaItem, Entry> en : entries.entrySet()) {
      Entry e = en.getValue();
      if (!e.index.edges()) {
        continue;
      }
      e.resolve(g.names);
      if (!covers(e, r.type)) {
        continue;
      }
      Object[] before = oldLive ? values(e, oldProps) : null;
      Object[] after = newLive ? values(e, newProps) : null;
      report(en.getKey(), e, r.id, before, after, commit);
    }
  }

  /** Tells every structure the garbage collection horizon. */
  void horizon(long h) {
    for (Map.Entry<SchemaItem, Entry> en : entries.entrySet()) {
      try {
        en.getValue().index.horizon(h);
      } catch (RuntimeException ex) {
        entries.remove(en.getKey());
        failed(en.getKey(), en.getValue().index, ex);
      }
    }
  }

  private void report(SchemaItem item, Entry e, long id, Object[] before, Object[] after, long commit) {
    if (before == null && after == null || before != null && after != null && Arrays.equals(before, after)) {
      return;
    }
    try {
      e.index.changed(id, before, after, commit);
    } catch (RuntimeException ex) {
      entries.remove(item);
      failed(item, e.index, ex);
    }
  }

  private void failed(SchemaItem item, DerivedIndex index, RuntimeException ex) {
    LOG.error("the search structure of {} failed and is dropped until the next start; searches of it scan instead",
        SchemaItem.describe(item), ex);
    close(item, index);
  }

  private static void close(SchemaItem item, DerivedIndex index) {
    try {
      index.close();
    } catch (RuntimeException ex) {
      LOG.error("closing the search structure of {} failed", SchemaItem.describe(item), ex);
    }
  }

  private static boolean covers(Entry e, int label) {
    for (int l : e.labels) {
      if (l == label && l >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean coversAny(Entry e, int[] labels) {
    for (int l : e.labels) {
      if (l >= 0 && Graph.containsLabel(labels, l)) {
        return true;
      }
    }
    return false;
  }

  private static Object[] values(Entry e, byte[] props) {
    Object[] values = new Object[e.properties.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = e.properties[i] < 0 ? null : PropertyBlob.get(props, e.properties[i]);
    }
    return values;
  }
}

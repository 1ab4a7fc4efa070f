package io.memgraph.ha.storage;

import java.util.Comparator;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.LongConsumer;

/**
 * A property index: (value, id) entries in value order in a concurrent skip list. The ids are of
 * vertices with a label, or of edges of a type ({@link #edges}); the value is one property's, or
 * for several properties the list of their values (an object is indexed only when it has them all).
 * Like
 * {@link LabelBitmap} it is a superset of what any open snapshot can see; readers verify each
 * candidate at their snapshot and the garbage collector removes entries no version needs any more.
 *
 * <p>Equality lookups of a number, a string or a boolean, the usual {@code MATCH (n:L {id: $id})},
 * go through a hash table of the same entries beside the skip list ({@link EqualityHash}): a few
 * memory reads instead of a walk down the skip list, each of whose steps reads an entry and its
 * value from elsewhere in the heap.
 */
final class PropertyIndex {
  /** An entry, or a sentinel just below or above every value of one type class. */
  record Entry(Object value, long vertexId, int sentinelClass, boolean high) {}

  private static final Comparator<Entry> ORDER = PropertyIndex::compare;

  /** The label, or for an edge index the type. */
  final int labelId;
  /** The first property. */
  final int propertyId;
  final int[] propertyIds;
  final boolean edges;
  private final ConcurrentSkipListSet<Entry> entries = new ConcurrentSkipListSet<>(ORDER);
  /** The same entries for the values {@link EqualityHash} holds, for equality lookups. */
  private final EqualityHash byValue = new EqualityHash();
  /** Live indexed objects at the newest state (composite and edge indexes; written by the apply thread). */
  volatile long count;
  /** Set when the index is dropped, so queued garbage of it is ignored. */
  volatile boolean dropped;

  PropertyIndex(int labelId, int propertyId) {
    this(labelId, new int[] {propertyId}, false);
  }

  PropertyIndex(int labelId, int[] propertyIds, boolean edges) {
    this.labelId = labelId;
    this.propertyId = propertyIds[0];
    this.propertyIds = propertyIds;
    this.edges = edges;
  }

  /** The indexed value of an object with these properties, or null when it lacks one of them. */
  Object keyOf(byte[] props) {
    if (propertyIds.length == 1) {
      return PropertyBlob.get(props, propertyId);
    }
    Object[] values = new Object[propertyIds.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = PropertyBlob.get(props, propertyIds[i]);
      if (values[i] == null) {
        return null;
      }
    }
    return java.util.Arrays.asList(values);
  }

  private static int compare(Entry a, Entry b) {
    int ca = a.sentinelClass != 0 ? a.sentinelClass : Values.typeClass(a.value);
    int cb = b.sentinelClass != 0 ? b.sentinelClass : Values.typeClass(b.value);
    if (ca != cb) {
      return Integer.compare(ca, cb);
    }
    if (a.sentinelClass != 0 || b.sentinelClass != 0) {
      int ra = a.sentinelClass == 0 ? 0 : (a.high ? 1 : -1);
      int rb = b.sentinelClass == 0 ? 0 : (b.high ? 1 : -1);
      return Integer.compare(ra, rb);
    }
    int c = Values.compare(a.value, b.value);
    return c != 0 ? c : Long.compare(a.vertexId, b.vertexId);
  }

  void add(Object value, long vertexId) {
    Entry e = new Entry(value, vertexId, 0, false);
    if (entries.add(e)) { // else already there (an update that kept the value), and so in byValue too
      Object key = EqualityHash.keyOf(value);
      if (key != null) {
        byValue.add(key, e);
      }
    }
  }

  void remove(Object value, long vertexId) {
    if (entries.remove(new Entry(value, vertexId, 0, false))) {
      Object key = EqualityHash.keyOf(value);
      if (key != null) {
        byValue.remove(key, vertexId);
      }
    }
  }

  int size() {
    return entries.size();
  }

  /** Candidates equal to {@code value}. */
  void equal(Object value, LongConsumer out) {
    Object key = EqualityHash.keyOf(value);
    if (key != null && byValue.find(key, out)) {
      return;
    }
    for (Entry e : entries.subSet(new Entry(value, Long.MIN_VALUE, 0, false), true,
        new Entry(value, Long.MAX_VALUE, 0, false), true)) {
      out.accept(e.vertexId);
    }
  }

  /** Candidates in the range, restricted to the bounds' type class. */
  void range(Bound lower, Bound upper, LongConsumer out) {
    Object any = lower != null ? lower.value() : upper.value();
    int cls = Values.typeClass(any);
    Entry from = lower == null
        ? new Entry(null, 0, cls, false)
        : new Entry(lower.value(), lower.inclusive() ? Long.MIN_VALUE : Long.MAX_VALUE, 0, false);
    Entry to = upper == null
        ? new Entry(null, 0, cls, true)
        : new Entry(upper.value(), upper.inclusive() ? Long.MAX_VALUE : Long.MIN_VALUE, 0, false);
    if (compare(from, to) > 0) {
      return;
    }
    NavigableSet<Entry> sub = entries.subSet(from, true, to, true);
    for (Entry e : sub) {
      out.accept(e.vertexId);
    }
  }

  /** Candidates whose string value starts with {@code prefix}. */
  void prefix(String prefix, LongConsumer out) {
    for (Entry e : entries.tailSet(new Entry(prefix, Long.MIN_VALUE, 0, false), true)) {
      if (!(e.value instanceof String s) || !s.startsWith(prefix)) {
        break;
      }
      out.accept(e.vertexId);
    }
  }
}

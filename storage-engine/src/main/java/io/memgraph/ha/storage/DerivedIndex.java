package io.memgraph.ha.storage;

import java.util.List;

/**
 * A search structure kept beside the graph for one index of the schema (a vector or a full-text
 * index) and built outside the storage engine, which feeds it the committed changes of the objects
 * it covers. Like the property indexes it may hold more than any one snapshot sees: a reader
 * checks each candidate it gets from it at its own snapshot.
 *
 * <p>All calls come on the apply thread, in log order; readers use the structure concurrently.
 */
public interface DerivedIndex {
  /** True for relationships of the types {@link #labels()}; false for vertices with any of the labels. */
  boolean edges();

  /** The labels (or relationship types) whose objects the index covers. */
  List<String> labels();

  /** The properties whose values {@link #changed} reports, in this order. */
  List<String> properties();

  /**
   * A covered object changed at log index {@code commit}; when the index is built, called once per
   * covered object with {@code before} null. {@code before} and {@code after} hold the values of
   * {@link #properties()} in order (an element is null when the object lacks that property), or are
   * null when the object was or is not covered (absent, deleted, or without any of the labels or
   * types). Never both null; never called when nothing reported changed. Values are as
   * {@link Transaction#vertexProperty} gives them. Must be quick: heavy work belongs on a thread
   * of the index's own.
   */
  void changed(long id, Object[] before, Object[] after, long commit);

  /**
   * The build is over: the structure holds the newest state at log index {@code commit} (after the
   * {@link #changed} calls of the build, before any later change). A reader of an older snapshot
   * may see what the structure never got.
   */
  default void built(long commit) {
  }

  /**
   * No transaction reads a version superseded at or before {@code horizon} any more, so what only
   * such versions needed may go. Called after each garbage collection.
   */
  void horizon(long horizon);

  /** The index was dropped, or the state it was built over replaced: no further calls follow. */
  void close();
}

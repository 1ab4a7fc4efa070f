package io.memgraph.ha.storage;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns label, edge-type and property names to small ints. Only the apply thread interns, in the
 * order the names first appear in applied write sets, so every node assigns the same ids; readers
 * look names up concurrently. Each name remembers the commit index that interned it, so a snapshot
 * at index S writes exactly the names that existed at S.
 */
final class NameTable {
  private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
  private volatile String[] names = new String[64];
  private long[] internedAt = new long[64];
  private volatile int size;

  /** The id of {@code name}, or -1 if it was never interned. */
  int id(String name) {
    Integer id = ids.get(name);
    return id == null ? -1 : id;
  }

  String name(int id) {
    String n = names[id];
    if (n == null) {
      throw new IllegalStateException("unknown name id " + id);
    }
    return n;
  }

  int size() {
    return size;
  }

  long internedAt(int id) {
    return internedAt[id];
  }

  /** Apply thread only. */
  int intern(String name, long commitIndex) {
    Integer id = ids.get(name);
    if (id != null) {
      return id;
    }
    int n = size;
    if (n == names.length) {
      internedAt = Arrays.copyOf(internedAt, n * 2);
      names = Arrays.copyOf(names, n * 2);
    }
    names[n] = name;
    internedAt[n] = commitIndex;
    ids.put(name, n);
    size = n + 1;
    return n;
  }
}

package io.memgraph.ha.storage;

import io.memgraph.ha.storage.auth.Credential;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated users beside the graph: name to {@link Credential}, sorted by name. Only the apply
 * thread changes it, by installing a whole new map at a commit index; the versions a reader may
 * still need are kept (like the schema history) so a snapshot written at index {@code s} while
 * applies continue holds exactly the users as of {@code s}. Older versions go once the garbage
 * collection horizon has passed the next one.
 */
final class UserTable {
  /** The users as of commit index {@code since} (unmodifiable). */
  record Version(long since, SortedMap<String, Credential> users) {}

  private volatile List<Version> versions = List.of(new Version(0, Collections.emptySortedMap()));

  /** The newest users. */
  SortedMap<String, Credential> latest() {
    List<Version> v = versions;
    return v.get(v.size() - 1).users();
  }

  /** The users as of commit index {@code s}. */
  SortedMap<String, Credential> at(long s) {
    List<Version> v = versions;
    for (int i = v.size() - 1; i > 0; i--) {
      if (v.get(i).since() <= s) {
        return v.get(i).users();
      }
    }
    return v.get(0).users();
  }

  /** Apply thread: {@code users} are the users from commit index {@code index} on. */
  void install(long index, SortedMap<String, Credential> users) {
    List<Version> next = new ArrayList<>(versions);
    next.add(new Version(index, Collections.unmodifiableSortedMap(new TreeMap<>(users))));
    versions = List.copyOf(next);
  }

  /** Apply thread: forgets versions no reader at or after {@code horizon} can see. */
  void collect(long horizon) {
    List<Version> v = versions;
    int keepFrom = 0;
    for (int i = 1; i < v.size(); i++) {
      if (v.get(i).since() <= horizon) {
        keepFrom = i;
      }
    }
    if (keepFrom > 0) {
      versions = List.copyOf(v.subList(keepFrom, v.size()));
    }
  }

  /** Number of versions kept (for tests). */
  int versionCount() {
    return versions.size();
  }
}

package io.memgraph.ha.bolt.server.spi;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transaction options of a BEGIN or an auto-commit RUN (the message's {@code extra} map, Bolt 3+).
 *
 * @param bookmarks bookmarks the transaction must see (causal consistency); empty when none
 * @param timeout the {@code tx_timeout}, or {@code null} for the server default
 * @param metadata the {@code tx_metadata}; empty when none
 * @param readOnly {@code true} when the client sent {@code mode: "r"}
 * @param database the {@code db} (Bolt 4.0+), or {@code null} for the default database
 * @param impersonatedUser the {@code imp_user} (Bolt 4.4+), or {@code null}
 * @param notificationFilters the {@code notifications_minimum_severity} and
 *     {@code notifications_disabled_categories}/{@code _classifications} entries as sent (Bolt 5.2+);
 *     empty when none
 */
public record TxOptions(
    List<String> bookmarks,
    Duration timeout,
    Map<String, Object> metadata,
    boolean readOnly,
    String database,
    String impersonatedUser,
    Map<String, Object> notificationFilters) {

  /** No options: the default database, read-write, no bookmarks. */
  public static final TxOptions EMPTY = new TxOptions(List.of(), null, Map.of(), false, null, null, Map.of());

  /**
   * Copies the collections so that later changes by the caller are not seen; collections that are
   * already such copies (of another TxOptions: each Bolt version adds its fields to its
   * predecessor's) are kept as they are.
   */
  public TxOptions {
    bookmarks = bookmarks == null ? List.of() : List.copyOf(bookmarks);
    metadata = frozen(metadata);
    notificationFilters = frozen(notificationFilters);
  }

  private static Map<String, Object> frozen(Map<String, Object> m) {
    if (m == null || m.isEmpty()) {
      return Map.of();
    }
    return m instanceof Frozen ? m : new Frozen(m);
  }

  /** An unmodifiable copy in the original's order (null values allowed, unlike {@code Map.copyOf}). */
  private static final class Frozen extends AbstractMap<String, Object> {
    private final Map<String, Object> view;

    Frozen(Map<String, Object> m) {
      view = Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return view.entrySet();
    }

    @Override
    public Object get(Object key) {
      return view.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return view.containsKey(key);
    }

    @Override
    public int size() {
      return view.size();
    }
  }
}

package io.memgraph.ha.bolt.server.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** Copies the collections so that later changes by the caller are not seen. */
  public TxOptions {
    bookmarks = bookmarks == null ? List.of() : List.copyOf(bookmarks);
    metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    notificationFilters = notificationFilters == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(notificationFilters));
  }
}

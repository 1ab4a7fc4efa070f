package io.memgraph.ha.bolt.server;

import io.memgraph.ha.bolt.server.spi.Notification;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notifications a client asked for (Bolt 5.2+): {@code notifications_minimum_severity}
 * ({@code OFF}, {@code WARNING} or {@code INFORMATION}) and the disabled categories (5.2) or
 * classifications (5.6). A transaction's entries (BEGIN, or an auto-commit RUN) replace the
 * connection's (HELLO) key by key; an absent entry means Neo4j's default: everything.
 */
final class NotificationFilter {
  private static final String MINIMUM_SEVERITY = "notifications_minimum_severity";
  private static final List<String> DISABLED = List.of("notifications_disabled_categories",
      "notifications_disabled_classifications");

  private NotificationFilter() {
  }

  /**
   * The notifications of {@code all} that {@code transaction}'s filters, else {@code connection}'s,
   * let through; {@code all} itself when nothing is dropped.
   */
  static List<Notification> apply(List<Notification> all, Map<String, Object> connection,
      Map<String, Object> transaction) {
    if (all.isEmpty() || connection.isEmpty() && transaction.isEmpty()) {
      return all;
    }
    Object severity = transaction.containsKey(MINIMUM_SEVERITY) ? transaction.get(MINIMUM_SEVERITY)
        : connection.get(MINIMUM_SEVERITY);
    String minimum = severity == null ? "INFORMATION" : severity.toString().toUpperCase(Locale.ROOT);
    if (minimum.equals("OFF")) {
      return List.of();
    }
    List<Notification> kept = null;
    for (int i = 0; i < all.size(); i++) {
      Notification n = all.get(i);
      boolean keep = !(minimum.equals("WARNING") && !"WARNING".equals(n.severity()))
          && !disabled(n.category(), connection, transaction);
      if (!keep && kept == null) {
        kept = new ArrayList<>(all.subList(0, i));
      } else if (keep && kept != null) {
        kept.add(n);
      }
    }
    return kept == null ? all : List.copyOf(kept);
  }

  private static boolean disabled(String category, Map<String, Object> connection, Map<String, Object> transaction) {
    for (String key : DISABLED) {
      Object list = transaction.containsKey(key) ? transaction.get(key) : connection.get(key);
      if (list instanceof Collection<?> c) {
        for (Object o : c) {
          if (o != null && o.toString().equalsIgnoreCase(category)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}

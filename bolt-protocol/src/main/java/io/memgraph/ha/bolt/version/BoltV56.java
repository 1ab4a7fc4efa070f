package io.memgraph.ha.bolt.version;

import java.util.Map;

/**
 * Bolt 5.6 (5.5 is never negotiated: its changes came with 5.6) moves notifications to GQL
 * statuses: the filter {@code notifications_disabled_classifications} replaces
 * {@code notifications_disabled_categories} in HELLO, BEGIN and RUN, and a summary carries
 * {@code statuses} instead of {@code notifications}. This server sends neither, so only the filter
 * changes here.
 */
public class BoltV56 extends BoltV54 {

  private static final BoltVersion VERSION = new BoltVersion(5, 6);

  /** The disabled classifications filter key. */
  public static final String DISABLED_CLASSIFICATIONS = "notifications_disabled_classifications";

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  protected Map<String, Object> notificationFilters(Map<String, Object> extra, String message) {
    Map<String, Object> filters = super.notificationFilters(extra, message);
    if (extra.get(DISABLED_CLASSIFICATIONS) != null) {
      filters.put(DISABLED_CLASSIFICATIONS,
          io.memgraph.ha.bolt.messaging.Fields.optionalStringList(extra, DISABLED_CLASSIFICATIONS, message));
    }
    return filters;
  }
}

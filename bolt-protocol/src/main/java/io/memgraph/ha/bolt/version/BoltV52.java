package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.messaging.Fields;
import io.memgraph.ha.bolt.server.spi.TxOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bolt 5.2 adds notification filters: {@code notifications_minimum_severity} and
 * {@code notifications_disabled_categories} in HELLO, BEGIN and RUN.
 */
public class BoltV52 extends BoltV51 {

  private static final BoltVersion VERSION = new BoltVersion(5, 2);

  /** The minimum severity filter key. */
  public static final String MINIMUM_SEVERITY = "notifications_minimum_severity";

  /** The disabled categories filter key. */
  public static final String DISABLED_CATEGORIES = "notifications_disabled_categories";

  @Override
  public BoltVersion version() {
    return VERSION;
  }

  @Override
  public void checkHello(Map<String, Object> extra) {
    super.checkHello(extra);
    notificationFilters(extra, "HELLO");
  }

  @Override
  public TxOptions txOptions(Map<String, Object> extra, String message) {
    TxOptions o = super.txOptions(extra, message);
    return new TxOptions(o.bookmarks(), o.timeout(), o.metadata(), o.readOnly(), o.database(),
        o.impersonatedUser(), notificationFilters(extra, message));
  }

  @Override
  public Map<String, Object> notificationFilters(Map<String, Object> extra, String message) {
    Map<String, Object> filters = new LinkedHashMap<>();
    String severity = Fields.optionalString(extra, MINIMUM_SEVERITY, message);
    if (severity != null) {
      filters.put(MINIMUM_SEVERITY, severity);
    }
    if (extra.get(DISABLED_CATEGORIES) != null) {
      filters.put(DISABLED_CATEGORIES, Fields.optionalStringList(extra, DISABLED_CATEGORIES, message));
    }
    return filters;
  }
}

package io.memgraph.ha.bolt.version;

import io.memgraph.ha.bolt.server.spi.Notification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bolt 5.6 (5.5 is never negotiated: its changes came with 5.6) moves notifications to GQL
 * statuses: the filter {@code notifications_disabled_classifications} replaces
 * {@code notifications_disabled_categories} in HELLO, BEGIN and RUN, and a summary carries
 * {@code statuses} instead of {@code notifications}: GQL status objects, one telling how the
 * stream ended ({@code 00000} records, {@code 02000} no data, {@code 00001} no columns) and one
 * per notification, in GQL's order, with its Neo4j code, title and description beside the GQL status and a
 * {@code diagnostic_record} holding severity, classification and position.
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
  public void notifications(Map<String, Object> m, List<Notification> notifications, StreamOutcome outcome,
      boolean hasFields) {
    Map<String, Object> ended = !hasFields ? OMITTED_RESULT : switch (outcome) {
      case RECORDS -> SUCCESS;
      case NO_RECORDS -> NO_DATA;
      case DISCARDED -> NO_DATA_UNKNOWN;
    };
    if (notifications.isEmpty()) {
      m.put("statuses", List.of(ended)); // immutable and small: the common case costs no copy
      return;
    }
    List<Object> statuses = new ArrayList<>(notifications.size() + 1);
    statuses.add(ended);
    for (Notification n : notifications) {
      Map<String, Object> diagnostic = new LinkedHashMap<>(DIAGNOSTIC_DEFAULTS);
      diagnostic.put("_severity", n.severity());
      diagnostic.put("_classification", n.category());
      if (n.position() != null) {
        diagnostic.put("_position", position(n.position()));
      }
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("gql_status", n.gqlStatus());
      status.put("status_description", n.statusDescription());
      status.put("neo4j_code", n.code());
      status.put("title", n.title());
      status.put("description", n.description());
      status.put("diagnostic_record", diagnostic);
      statuses.add(status);
    }
    // as GQL ranks them (and the drivers order the statuses they make up for older versions):
    // no data, warnings, success, information; stable within each
    statuses.sort(Comparator.comparingInt(BoltV56::rank));
    m.put("statuses", statuses);
  }

  @SuppressWarnings("unchecked")
  private static int rank(Object status) {
    String code = (String) ((Map<String, Object>) status).get("gql_status");
    return code.startsWith("02") ? 0 : code.startsWith("01") ? 1 : code.startsWith("00") ? 2 : 3;
  }

  /** What every diagnostic record holds (GQL's defaults, which the drivers expect). */
  private static final Map<String, Object> DIAGNOSTIC_DEFAULTS = Map.of("OPERATION", "", "OPERATION_CODE", "0",
      "CURRENT_SCHEMA", "/");

  private static final Map<String, Object> SUCCESS = outcome("00000", "note: successful completion");
  private static final Map<String, Object> NO_DATA = outcome("02000", "note: no data");
  private static final Map<String, Object> NO_DATA_UNKNOWN = outcome("02N42",
      "note: no data - unknown subcondition");
  private static final Map<String, Object> OMITTED_RESULT = outcome("00001",
      "note: successful completion - omitted result");

  private static Map<String, Object> outcome(String status, String description) {
    return Map.of("gql_status", status, "status_description", description, "diagnostic_record",
        DIAGNOSTIC_DEFAULTS);
  }

  @Override
  public Map<String, Object> notificationFilters(Map<String, Object> extra, String message) {
    Map<String, Object> filters = super.notificationFilters(extra, message);
    if (extra.get(DISABLED_CLASSIFICATIONS) != null) {
      filters.put(DISABLED_CLASSIFICATIONS,
          io.memgraph.ha.bolt.messaging.Fields.optionalStringList(extra, DISABLED_CLASSIFICATIONS, message));
    }
    return filters;
  }
}

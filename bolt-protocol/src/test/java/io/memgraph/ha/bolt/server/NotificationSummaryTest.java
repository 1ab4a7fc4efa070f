package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.Request;
import io.memgraph.ha.bolt.server.spi.Notification;
import io.memgraph.ha.bolt.testing.ScriptedBackend;
import io.memgraph.ha.bolt.version.BoltProtocols;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notifications in the summary that ends a stream: Neo4j's {@code notifications} list up to Bolt
 * 5.4, GQL {@code statuses} from 5.6, and the filters a client sends in HELLO, BEGIN and RUN.
 */
class NotificationSummaryTest {
  private static final Notification WARNING = new Notification("Neo.ClientNotification.Statement.UnknownLabelWarning",
      "The provided label is not in the database.", "(the missing label name is: Persn)", "WARNING", "UNRECOGNIZED",
      new Notification.Position(9, 1, 10), "01N50", "warn: unknown label.");
  private static final Notification INFO = new Notification("Neo.ClientNotification.Statement.CartesianProduct",
      "This query builds a cartesian product between disconnected patterns.", "(identifier is: (b))", "INFORMATION",
      "PERFORMANCE", null, "03N90", "info: cartesian product.");

  private final ScriptedBackend backend = new ScriptedBackend()
      .result("WARNED", List.of("n"), List.of(List.of(1L)))
      .notifications("WARNED", List.of(INFO, WARNING))
      .result("EMPTY", List.of("n"), List.of())
      .result("NO COLUMNS", List.of(), List.of())
      .result("QUIET", List.of("n"), List.of(List.of(1L)));
  private final RecordingSink out = new RecordingSink();

  private BoltStateMachine ready(int major, int minor, Map<String, Object> helloFilters) {
    BoltStateMachine m = new BoltStateMachine(BoltProtocols.forVersion(new BoltVersion(major, minor)).orElseThrow(),
        new ConnectionContext(backend, "Neo4j/5.26.0", Map.of(), "bolt-1",
            new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 7687)), out);
    Map<String, Object> hello = new LinkedHashMap<>(helloFilters);
    hello.put("user_agent", "t/1");
    if (major == 5 && minor >= 3) {
      hello.put("bolt_agent", Map.of("product", "t/1"));
    }
    if (major < 5 || minor == 0) {
      hello.put("scheme", "none");
      m.handle(new Request.Hello(hello));
    } else {
      m.handle(new Request.Hello(hello));
      m.handle(new Request.Logon(Map.of("scheme", "none")));
    }
    assertThat(m.state()).isEqualTo(ServerState.READY);
    return m;
  }

  /** The summary of {@code query} run in auto-commit with {@code runFilters} and pulled (or discarded). */
  private Map<String, Object> summary(BoltStateMachine m, String query, Map<String, Object> runFilters,
      boolean discard) {
    m.handle(new Request.Run(query, Map.of(), runFilters));
    m.handle(discard ? new Request.Discard(-1, -1) : new Request.Pull(-1, -1));
    return out.lastSuccess();
  }

  private Map<String, Object> summary(BoltStateMachine m, String query) {
    return summary(m, query, Map.of(), false);
  }

  @SuppressWarnings("unchecked")
  private static List<String> codes(Map<String, Object> summary) {
    Object list = summary.containsKey("statuses") ? summary.get("statuses") : summary.get("notifications");
    if (list == null) {
      return List.of();
    }
    return ((List<Map<String, Object>>) list).stream()
        .map(n -> (String) (n.containsKey("gql_status") ? n.get("gql_status") : n.get("code"))).toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void bolt54SendsNeo4jNotifications() {
    Map<String, Object> s = summary(ready(5, 4, Map.of()), "WARNED");
    assertThat(s).doesNotContainKey("statuses");
    List<Map<String, Object>> notes = (List<Map<String, Object>>) s.get("notifications");
    assertThat(notes).hasSize(2);
    assertThat(notes.get(1)).containsExactly(
        Map.entry("code", "Neo.ClientNotification.Statement.UnknownLabelWarning"),
        Map.entry("title", "The provided label is not in the database."),
        Map.entry("description", "(the missing label name is: Persn)"),
        Map.entry("severity", "WARNING"),
        Map.entry("category", "UNRECOGNIZED"),
        Map.entry("position", Map.of("offset", 9L, "line", 1L, "column", 10L)));
    assertThat(notes.get(0)).doesNotContainKey("position").containsEntry("severity", "INFORMATION");
  }

  @Test
  void beforeBolt56NothingToReportSendsNoKey() {
    assertThat(summary(ready(5, 4, Map.of()), "QUIET")).doesNotContainKeys("notifications", "statuses");
    assertThat(codes(summary(ready(4, 4, Map.of()), "WARNED"))).hasSize(2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void bolt56SendsGqlStatusObjects() {
    Map<String, Object> s = summary(ready(5, 6, Map.of()), "WARNED");
    assertThat(s).doesNotContainKey("notifications");
    assertThat(codes(s)).containsExactly("01N50", "00000", "03N90"); // GQL's order: warnings, success, info
    List<Map<String, Object>> statuses = (List<Map<String, Object>>) s.get("statuses");
    assertThat(statuses.get(0)).containsEntry("status_description", "warn: unknown label.")
        .containsEntry("neo4j_code", "Neo.ClientNotification.Statement.UnknownLabelWarning")
        .containsEntry("title", "The provided label is not in the database.")
        .containsEntry("description", "(the missing label name is: Persn)");
    assertThat((Map<String, Object>) statuses.get(0).get("diagnostic_record")).containsOnly(
        Map.entry("OPERATION", ""), Map.entry("OPERATION_CODE", "0"), Map.entry("CURRENT_SCHEMA", "/"),
        Map.entry("_severity", "WARNING"), Map.entry("_classification", "UNRECOGNIZED"),
        Map.entry("_position", Map.of("offset", 9L, "line", 1L, "column", 10L)));
    assertThat(statuses.get(1)).containsOnly(Map.entry("gql_status", "00000"),
        Map.entry("status_description", "note: successful completion"),
        Map.entry("diagnostic_record", Map.of("OPERATION", "", "OPERATION_CODE", "0", "CURRENT_SCHEMA", "/")));
    assertThat((Map<String, Object>) statuses.get(2).get("diagnostic_record")).doesNotContainKey("_position");
  }

  @Test
  void bolt56AlwaysTellsHowTheStreamEnded() {
    BoltStateMachine m = ready(5, 6, Map.of());
    assertThat(codes(summary(m, "QUIET"))).containsExactly("00000");
    assertThat(codes(summary(m, "EMPTY"))).containsExactly("02000");
    assertThat(codes(summary(m, "NO COLUMNS"))).containsExactly("00001");
    assertThat(codes(summary(m, "QUIET", Map.of(), true))).containsExactly("02N42");
    assertThat(codes(summary(ready(5, 8, Map.of()), "EMPTY"))).containsExactly("02000");
  }

  @Test
  void minimumSeverityFromHello() {
    BoltStateMachine m = ready(5, 4, Map.of("notifications_minimum_severity", "WARNING"));
    assertThat(codes(summary(m, "WARNED"))).containsExactly("Neo.ClientNotification.Statement.UnknownLabelWarning");
    m = ready(5, 6, Map.of("notifications_minimum_severity", "WARNING"));
    assertThat(codes(summary(m, "WARNED"))).containsExactly("01N50", "00000");
  }

  @Test
  void offFromRunOverridesHello() {
    BoltStateMachine m = ready(5, 4, Map.of("notifications_minimum_severity", "WARNING"));
    assertThat(summary(m, "WARNED", Map.of("notifications_minimum_severity", "OFF"), false))
        .doesNotContainKey("notifications");
    assertThat(codes(summary(m, "WARNED"))).hasSize(1); // the next RUN has no filter of its own: HELLO's
    m = ready(5, 6, Map.of());
    assertThat(codes(summary(m, "WARNED", Map.of("notifications_minimum_severity", "OFF"), false)))
        .containsExactly("00000");
  }

  @Test
  void disabledCategoriesFromBegin() {
    BoltStateMachine m = ready(5, 4, Map.of());
    m.handle(new Request.Begin(Map.of("notifications_disabled_categories", List.of("UNRECOGNIZED"))));
    m.handle(new Request.Run("WARNED", Map.of(), Map.of()));
    m.handle(new Request.Pull(-1, -1));
    assertThat(codes(out.lastSuccess())).containsExactly("Neo.ClientNotification.Statement.CartesianProduct");
  }

  @Test
  void disabledClassificationsFromBolt56Hello() {
    BoltStateMachine m = ready(5, 6, Map.of("notifications_disabled_classifications", List.of("PERFORMANCE")));
    assertThat(codes(summary(m, "WARNED"))).containsExactly("01N50", "00000");
    assertThat(codes(summary(m, "WARNED", Map.of("notifications_disabled_classifications", List.of()), false)))
        .containsExactly("01N50", "00000", "03N90"); // RUN's empty list enables them again
  }
}

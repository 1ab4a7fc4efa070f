package io.memgraph.ha.drivercompat.backend;

import io.memgraph.ha.bolt.value.BoltDuration;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Point2D;
import io.memgraph.ha.bolt.value.Point3D;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record with a value of every Bolt type, in the bolt value model, for the driver tests to
 * send and then check what each driver decodes. Constants are public so tests state their
 * expectations from the same source.
 */
public final class EveryValueType {

  /** The query the scripted backend answers with {@link #ROW}. */
  public static final String QUERY = "RETURN every value type";

  public static final long INT = -1_234_567_890_123L;
  public static final double FLOAT = 3.25;
  public static final String STRING = "héllo wörld ✓ \uD83D\uDE00";
  public static final byte[] BYTES = {0, 1, 2, (byte) 0xFF};
  public static final List<Object> LIST = List.of(1L, "two", 3.0);
  public static final Map<String, Object> MAP = map("a", 1L, "b", List.of(true, false));
  public static final Node NODE_1 = new Node(1, List.of("Person", "Employee"), map("name", "Alice", "age", 33L), "n:1");
  public static final Node NODE_2 = new Node(2, List.of("Company"), map("name", "Acme"), "n:2");
  public static final Relationship RELATIONSHIP =
      new Relationship(7, 1, 2, "WORKS_AT", map("since", 2020L), "r:7", "n:1", "n:2");
  /** (Alice)-[:WORKS_AT]->(Acme). */
  public static final Path PATH = new Path(List.of(NODE_1, NODE_2),
      List.of(new UnboundRelationship(7, "WORKS_AT", map("since", 2020L), "r:7")), List.of(1L, 1L));
  public static final LocalDate DATE = LocalDate.of(2024, 2, 29);
  public static final OffsetTime TIME = OffsetTime.of(12, 34, 56, 789_000_000, ZoneOffset.ofHours(1));
  public static final LocalTime LOCAL_TIME = LocalTime.of(23, 59, 59, 999_999_999);
  public static final OffsetDateTime DATE_TIME_OFFSET =
      OffsetDateTime.of(2024, 7, 1, 12, 0, 0, 123_456_789, ZoneOffset.ofHoursMinutes(5, 30));
  /** Summer time in Berlin (+02:00): a legacy/UTC mix-up would show as a two-hour shift. */
  public static final ZonedDateTime DATE_TIME_ZONE_ID =
      ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 1, ZoneId.of("Europe/Berlin"));
  public static final LocalDateTime LOCAL_DATE_TIME = LocalDateTime.of(2024, 1, 1, 0, 0, 1, 500);
  public static final BoltDuration DURATION = new BoltDuration(14, 2, 3600, 500);
  public static final Point2D POINT_2D = new Point2D(7203, 1.5, -2.5);
  public static final Point3D POINT_3D = new Point3D(4979, 12.5, 55.75, 100.0);

  /** The column names of {@link #ROW}, in order. */
  public static final List<String> FIELDS = List.of("null", "bool", "int", "float", "string", "bytes", "list", "map",
      "node", "relationship", "path", "date", "time", "localtime", "datetime_offset", "datetime_zone_id",
      "localdatetime", "duration", "point2d", "point3d");

  /** The fields a driver can also send as query parameters (every type but the graph structures). */
  public static final List<String> PARAMETER_FIELDS = FIELDS.stream()
      .filter(f -> !List.of("node", "relationship", "path").contains(f)).toList();

  /** The query the scripted backend answers by echoing its parameters. */
  public static final String ECHO = "RETURN $parameters";

  /** The record itself. */
  public static final List<Object> ROW = row();

  private EveryValueType() {
  }

  /** The value of {@code field} in {@link #ROW}. */
  public static Object value(String field) {
    int index = FIELDS.indexOf(field);
    if (index < 0) {
      throw new IllegalArgumentException("no field " + field + " in " + FIELDS);
    }
    return ROW.get(index);
  }

  /** The scripted answer for {@link #QUERY}. */
  public static ScriptedQuery answer() {
    return ScriptedQuery.result(FIELDS, List.of(ROW));
  }

  private static List<Object> row() {
    List<Object> row = new ArrayList<>();
    row.add(null);
    row.add(true);
    row.add(INT);
    row.add(FLOAT);
    row.add(STRING);
    row.add(BYTES);
    row.add(LIST);
    row.add(MAP);
    row.add(NODE_1);
    row.add(RELATIONSHIP);
    row.add(PATH);
    row.add(DATE);
    row.add(TIME);
    row.add(LOCAL_TIME);
    row.add(DATE_TIME_OFFSET);
    row.add(DATE_TIME_ZONE_ID);
    row.add(LOCAL_DATE_TIME);
    row.add(DURATION);
    row.add(POINT_2D);
    row.add(POINT_3D);
    return java.util.Collections.unmodifiableList(row);
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** Rows {@code [0], [1], ..., [count-1]} under the single field {@code i}. */
  public static ScriptedQuery numbers(int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      rows.add(List.of(i));
    }
    return ScriptedQuery.result(List.of("i"), rows);
  }
}

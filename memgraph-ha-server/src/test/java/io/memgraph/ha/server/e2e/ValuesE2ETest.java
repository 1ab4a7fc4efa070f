package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.types.Point;

/**
 * Neo4j 5 values through the Neo4j Java driver 5 against the real server process: spatial points
 * (the four coordinate reference systems, {@code point.distance}, {@code point.withinBBox}, Bolt
 * Point2D/Point3D both ways, as properties and in an index, across a restart from snapshot plus
 * log), byte arrays both ways and as properties, the Neo4j 5 answers of {@code isNaN},
 * {@code stDev}, {@code toBoolean}, {@code toString} and {@code toInteger}, and {@code labels()} and
 * {@code keys()} in the order their names were first created. Each test uses its own labels.
 */
class ValuesE2ETest {
    private static ServerProcess server;
    private static Driver driver;

    /** One server for the class (the restart test starts its own). */
    @BeforeAll
    static void startTheServer() throws Exception {
        server = ServerProcess.start();
        driver = connect(server);
    }

    private static Driver connect(ServerProcess s) {
        return GraphDatabase.driver(s.boltUri(), AuthTokens.none());
    }

    @AfterAll
    static void stop() {
        try (ServerProcess s = server; Driver d = driver) {
            // closes the driver, then the server (either may be null if start failed)
        }
    }

    static Record one(String query, Map<String, Object> params) {
        try (Session s = driver.session()) {
            return s.run(query, params).single();
        }
    }

    static Record one(String query) {
        return one(query, Map.of());
    }

    @Test
    void pointsOfTheFourSystemsArriveAsDriverPoints() {
        Record r = one("RETURN point({x: 3, y: 0}) AS c2, point({x: 0, y: 4, z: 1}) AS c3, "
                + "point({latitude: 12, longitude: 56}) AS g2, point({latitude: 12, longitude: 56, height: 1000}) AS g3");
        assertThat(r.get("c2")).isEqualTo(Values.point(7203, 3.0, 0.0));
        assertThat(r.get("c3")).isEqualTo(Values.point(9157, 0.0, 4.0, 1.0));
        assertThat(r.get("g2")).isEqualTo(Values.point(4326, 56.0, 12.0));
        assertThat(r.get("g3")).isEqualTo(Values.point(4979, 56.0, 12.0, 1000.0));
        Point p = r.get("g3").asPoint();
        assertThat(List.of(p.srid(), p.x(), p.y(), p.z())).isEqualTo(List.of(4979, 56.0, 12.0, 1000.0));
    }

    @Test
    void pointParametersComeBackAndTheirComponentsRead() {
        Record r = one("RETURN $a AS a, $b AS b, $a.x AS x, $a.crs AS crs, $b.height AS h, $b.srid AS srid, "
                + "toString($a) AS text", Map.of("a", Values.point(7203, 1.5, -2.25), "b", Values.point(4979, 10, 20, 30)));
        assertThat(r.get("a")).isEqualTo(Values.point(7203, 1.5, -2.25));
        assertThat(r.get("b")).isEqualTo(Values.point(4979, 10, 20, 30));
        assertThat(List.of(r.get("x").asDouble(), r.get("crs").asString(), r.get("h").asDouble(), r.get("srid").asLong(),
                r.get("text").asString())).isEqualTo(List.of(1.5, "cartesian", 30.0, 4979L,
                "point({x: 1.5, y: -2.25, crs: 'cartesian'})"));
    }

    @Test
    void distancesAsTheCypherManualGivesThem() {
        Record r = one("WITH point({longitude: 12.564590, latitude: 55.672874}) AS copenhagen, "
                + "point({longitude: 12.994341, latitude: 55.611784}) AS malmo "
                + "RETURN point.distance(point({x: 2.3, y: 4.5}), point({x: 1.1, y: 5.4})) AS cartesian, "
                + "point.distance(point({longitude: 12.78, latitude: 56.7, height: 100}), "
                + "point({latitude: 56.71, longitude: 12.79, height: 100})) AS wgs3d, "
                + "round(point.distance(copenhagen, malmo)) AS wgs2d, "
                + "point.distance(point({x: 3, y: 0}), point({x: 0, y: 4, z: 1})) AS mixed, "
                + "point.distance(copenhagen, point({x: 12.99, y: 55.61})) AS geoAndCartesian, "
                + "point.distance(null, malmo) AS withNull");
        assertThat(r.get("cartesian").asDouble()).isEqualTo(1.5);
        assertThat(r.get("wgs3d").asDouble()).isEqualTo(1269.9148706779097);
        assertThat(r.get("wgs2d").asDouble()).isEqualTo(27842.0);
        assertThat(r.get("mixed").isNull()).as("2D and 3D points: null, as Neo4j").isTrue();
        assertThat(r.get("geoAndCartesian").isNull()).as("WGS-84 and cartesian points: null").isTrue();
        assertThat(r.get("withNull").isNull()).isTrue();
    }

    @Test
    void boundingBoxes() {
        Record r = one("RETURN point.withinBBox(point({x: 5, y: 5}), point({x: 0, y: 0}), point({x: 10, y: 10})) AS inside, "
                + "point.withinBBox(point({x: 15, y: 5}), point({x: 0, y: 0}), point({x: 10, y: 10})) AS outside, "
                + "point.withinBBox(point({longitude: 180, latitude: 55.66}), point({longitude: 179, latitude: 55.66}), "
                + "point({longitude: -179, latitude: 55.70})) AS acrossTheDateLine, "
                + "point.withinBBox(point({x: 5, y: 5}), point({longitude: 0, latitude: 0}), "
                + "point({longitude: 10, latitude: 10})) AS mixed");
        assertThat(Arrays.asList(r.get("inside").asObject(), r.get("outside").asObject(),
                r.get("acrossTheDateLine").asObject(), r.get("mixed").asObject())).containsExactly(true, false, true, null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "point({y: 1})|A point must contain either 'x' and 'y' or 'latitude' and 'longitude'",
        "point({x: 1, y: 2, crs: 'cart'})|Unknown coordinate reference system: cart",
        "point({x: 1, y: 1, crs: 'wgs-84-3d'})|Cannot create point with 3D coordinate reference system and 2 "
                + "coordinates. Please consider using equivalent 2D coordinate reference system",
        "point({latitude: 91, longitude: 0})|Cannot create WGS84 point with invalid coordinate: [0.0, 91.0]. "
                + "Valid range for Y coordinate is [-90, 90].",
        "point({x: 1, y: 2}).z|Field: z is not available on point: point({x: 1.0, y: 2.0, crs: 'cartesian'})",
    })
    void badPointsAreArgumentErrors(String expression, String message) {
        assertThatThrownBy(() -> one("RETURN " + expression))
                .isInstanceOfSatisfying(Neo4jException.class, e -> {
                    assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.ArgumentError");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void aClientPointOutsideItsSystemIsRefused() {
        assertThatThrownBy(() -> one("RETURN $p", Map.of("p", Values.point(4326, 0, 95))))
                .isInstanceOfSatisfying(Neo4jException.class, e -> {
                    assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.TypeError");
                    assertThat(e.getMessage()).isEqualTo("Unable to construct Point value: `Cannot create WGS84 point "
                            + "with invalid coordinate: [0.0, 95.0]. Valid range for Y coordinate is [-90, 90].`");
                });
        assertThat(one("RETURN 1 AS one").get("one").asLong()).as("the connection works on").isEqualTo(1L);
    }

    @Test
    void pointsAreEqualOnlyWithinTheirSystemAndNotOrderedByComparison() {
        Record r = one("WITH point({x: 1, y: 2}) AS a RETURN a = point({x: 1.0, y: 2.0}) AS same, "
                + "a = point({longitude: 1, latitude: 2}) AS otherSystem, a < point({x: 5, y: 5}) AS less, "
                + "a <= point({x: 1, y: 2}) AS lessOrEqual");
        assertThat(Arrays.asList(r.get("same").asObject(), r.get("otherSystem").asObject(), r.get("less").asObject(),
                r.get("lessOrEqual").asObject())).containsExactly(true, false, null, true);
        List<Object> ordered = QueryCase.run(driver, "UNWIND [date('2020-01-01'), point({x: 2, y: 0}), "
                + "point({x: 0, y: 0, z: 0}), point({longitude: 5, latitude: 5}), [1]] AS v RETURN v ORDER BY v", Map.of())
                .stream().map(row -> row.get(0)).toList();
        assertThat(ordered).containsExactly(List.of(1L), Values.point(4326, 5, 5).asPoint(),
                Values.point(7203, 2, 0).asPoint(), Values.point(9157, 0, 0, 0).asPoint(), java.time.LocalDate.of(2020, 1, 1));
    }

    @Test
    void pointPropertiesAreFoundThroughAnIndex() {
        try (Session s = driver.session()) {
            s.run("CREATE INDEX ON :Shop(at)").consume();
            s.run("CREATE (:Shop {name: 'north', at: $n}), (:Shop {name: 'south', at: point({longitude: 12.5, "
                    + "latitude: 55.6})}), (:Shop {name: 'lab', at: point({x: 1, y: 2, z: 3})})",
                    Map.of("n", Values.point(4326, 12.5, 56.1))).consume();
            assertThat(s.run("MATCH (s:Shop {at: point({longitude: 12.5, latitude: 56.1})}) RETURN s.name").single()
                    .get(0).asString()).isEqualTo("north");
            assertThat(s.run("MATCH (s:Shop) WHERE s.at = $p RETURN s.name", Map.of("p", Values.point(9157, 1, 2, 3)))
                    .single().get(0).asString()).isEqualTo("lab");
            assertThat(s.run("MATCH (s:Shop) WHERE point.distance(s.at, point({longitude: 12.5, latitude: 56.0})) "
                    + "< 20000 RETURN s.name ORDER BY s.name").list(x -> x.get(0).asString())).containsExactly("north");
            assertThat(s.run("MATCH (s:Shop {name: 'south'}) RETURN s.at").single().get(0))
                    .isEqualTo(Values.point(4326, 12.5, 55.6));
        }
    }

    @Test
    void byteArraysBothWaysAndAsProperties() {
        byte[] bytes = {0, 1, -1, 127, -128};
        try (Session s = driver.session()) {
            assertThat(s.run("RETURN $b AS b", Map.of("b", bytes)).single().get("b").asByteArray()).isEqualTo(bytes);
            s.run("CREATE (:Blob {data: $b, parts: [1, 2]})", Map.of("b", bytes)).consume();
            Record r = s.run("MATCH (n:Blob) RETURN n.data AS data, size(n.data) AS size, n.data[3] AS fourth, "
                    + "n.data = $b AS same, n", Map.of("b", bytes)).single();
            assertThat(r.get("data").asByteArray()).isEqualTo(bytes);
            assertThat(List.of(r.get("size").asLong(), r.get("fourth").asLong(), r.get("same").asBoolean()))
                    .isEqualTo(List.of(5L, 127L, true));
            assertThat(r.get("n").asNode().get("data").asByteArray()).isEqualTo(bytes);
        }
    }

    @Test
    void functionDetailsAnswerAsNeo4j5() {
        Record r = one("UNWIND [] AS x WITH stDev(x) AS sd, stDevP(x) AS sdp "
                + "RETURN sd, sdp, isNaN(0.0 / 0.0) AS nan, isNaN(1) AS notNan, toBoolean(0) AS zero, "
                + "toBoolean(-3) AS minusThree, toString(localtime('12:00')) AS lt, "
                + "toString(datetime('2020-01-01T12:00Z')) AS dt, toInteger(' 42 ') AS padded, toInteger('42.9') AS decimal");
        assertThat(Arrays.asList(r.values().stream().map(Value::asObject).toArray())).containsExactly(
                0.0, 0.0, true, false, false, true, "12:00:00", "2020-01-01T12:00:00Z", null, 42L);
        assertThat(one("RETURN localtime('12:00') AS t, localdatetime('2020-01-01T12:00') AS ldt").values().stream()
                .map(Value::asObject).toList()).containsExactly(LocalTime.of(12, 0), LocalDateTime.of(2020, 1, 1, 12, 0));
    }

    @Test
    void labelsAndKeysComeInTheOrderTheirNamesWereCreated() {
        try (Session s = driver.session()) {
            Record r = s.run("CREATE (n:OrderZebra:OrderApple {orderZeta: 1, orderAlpha: 2}) RETURN labels(n), keys(n)")
                    .single();
            assertThat(r.get(0).asList()).containsExactly("OrderZebra", "OrderApple");
            assertThat(r.get(1).asList()).containsExactly("orderZeta", "orderAlpha");
            r = s.run("CREATE (n:OrderMango:OrderApple:OrderZebra {orderMid: 3, orderAlpha: 4, orderZeta: 5}) "
                    + "RETURN labels(n), keys(n)").single();
            assertThat(r.get(0).asList()).containsExactly("OrderZebra", "OrderApple", "OrderMango");
            assertThat(r.get(1).asList()).containsExactly("orderZeta", "orderAlpha", "orderMid");
            r = s.run("MATCH (n:OrderMango) RETURN labels(n), keys(n), [k IN keys(properties(n)) | k]").single();
            assertThat(r.get(0).asList()).containsExactly("OrderZebra", "OrderApple", "OrderMango");
            assertThat(r.get(1).asList()).containsExactly("orderZeta", "orderAlpha", "orderMid");
            assertThat(r.get(2).asList()).containsExactly("orderZeta", "orderAlpha", "orderMid");
        }
    }

    @Test
    void pointsAndBytesSurviveARestartFromSnapshotAndLog(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("raft.json"), """
                {"election_timeout_min": 150, "election_timeout_max": 300, "heartbeat_interval": 50,
                 "replication_timeout": 10000, "log_size_snapshot_threshold": 5}
                """);
        byte[] bytes = {5, 4, 3};
        try (ServerProcess first = ServerProcess.startIn(dir);
                Driver d = connect(first);
                Session s = d.session()) {
            s.run("CREATE INDEX ON :Kept(at)").consume();
            for (int i = 0; i < 12; i++) {
                s.run("CREATE (:Kept {i: $i, at: point({x: $i, y: 0.5}), raw: $raw, geo: point({longitude: $i, "
                        + "latitude: 1, height: 2})})", Map.of("i", i, "raw", bytes)).consume();
            }
            assertThat(first.stop()).isZero();
        }
        try (Stream<Path> files = Files.list(dir.resolve("durability/snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("snapshot-"));
        }
        try (ServerProcess second = ServerProcess.startIn(dir);
                Driver d = connect(second);
                Session s = d.session()) {
            Record r = s.run("MATCH (k:Kept {at: point({x: 11, y: 0.5})}) RETURN k.i, k.raw, k.geo").single();
            assertThat(r.get(0).asLong()).isEqualTo(11L);
            assertThat(r.get(1).asByteArray()).isEqualTo(bytes);
            assertThat(r.get(2)).isEqualTo(Values.point(4979, 11, 1, 2));
            assertThat(s.run("MATCH (k:Kept) RETURN count(k)").single().get(0).asLong()).isEqualTo(12L);
        }
    }
}

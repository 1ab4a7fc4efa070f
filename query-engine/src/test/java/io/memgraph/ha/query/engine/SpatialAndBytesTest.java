package io.memgraph.ha.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.PointValue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Points and byte arrays in the query engine, with the results and messages of Neo4j 5 (the
 * numbers of the distance examples are the Cypher manual's).
 */
class SpatialAndBytesTest {
    private final Db db = new Db();

    @Test
    void pointBuildsEachOfTheFourSystems() {
        assertThat(db.single("RETURN point({x: 3, y: 0})")).isEqualTo(PointValue.of(7203, 3, 0));
        assertThat(db.single("RETURN point({x: 0, y: 4, z: 1})")).isEqualTo(new PointValue(9157, 0, 4, 1));
        assertThat(db.single("RETURN point({latitude: 12, longitude: 56})")).isEqualTo(PointValue.of(4326, 56, 12));
        assertThat(db.single("RETURN point({latitude: 12, longitude: 56, height: 1000})"))
                .isEqualTo(new PointValue(4979, 56, 12, 1000));
        assertThat(db.single("RETURN point({x: 2.3, y: 4.5, crs: 'WGS-84'})")).isEqualTo(PointValue.of(4326, 2.3, 4.5));
        assertThat(db.single("RETURN point({x: 2.3, y: 4.5, srid: 4326})")).isEqualTo(PointValue.of(4326, 2.3, 4.5));
        assertThat(db.single("RETURN point({X: '1.5', Y: 2, other: 'ignored'})")).isEqualTo(PointValue.of(7203, 1.5, 2));
        assertThat(db.single("RETURN point({longitude: 190, latitude: 0})")).isEqualTo(PointValue.of(4326, -170, 0));
        assertThat(db.single("RETURN point(null)")).isNull();
        assertThat(db.single("RETURN point({x: null, y: 1})")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "point({y: 1})|A point must contain either 'x' and 'y' or 'latitude' and 'longitude'",
        "point({y: 1, crs: 'cartesian'})|A cartesian point must contain 'x' and 'y'",
        "point({x: 1, y: 1, crs: 'cartesian-3d'})|Cannot create point with 3D coordinate reference system and 2 "
                + "coordinates. Please consider using equivalent 2D coordinate reference system",
        "point({latitude: 1, srid: 4979})|A wgs-84-3d point must contain 'latitude', 'longitude' and 'height'",
        "point({x: 1, y: 2, crs: 'cart'})|Unknown coordinate reference system: cart",
        "point({x: 1, y: 2, srid: 1234})|Unknown coordinate reference system code: 1234",
        "point({x: 1, y: 2, crs: 'cartesian', srid: 7203})|Cannot specify both CRS and SRID",
        "point({latitude: 91, longitude: 0})|Cannot create WGS84 point with invalid coordinate: [0.0, 91.0]. "
                + "Valid range for Y coordinate is [-90, 90].",
        "point({latitude: 1, longitude: 2, crs: 'cartesian'})|Geographic points does not support coordinate "
                + "reference system: cartesian",
        "point({x: 1.0 / 0.0, y: 1})|Cannot create a point with non-finite coordinate values: [Infinity, 1.0]",
        "point({x: [1], y: 1})|Cannot assign List to field x",
        "point({x: 1, y: 2}).z|Field: z is not available on point: point({x: 1.0, y: 2.0, crs: 'cartesian'})",
        "point({x: 1, y: 2}).latitude|Field: latitude is not available on cartesian point: "
                + "point({x: 1.0, y: 2.0, crs: 'cartesian'})",
        "point({x: 1, y: 2}).w|No such field: w",
    })
    void badPointsAreArgumentErrors(String expression, String message) {
        assertThatThrownBy(() -> db.run("RETURN " + expression))
                .isInstanceOfSatisfying(CypherException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.ArgumentError");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void componentsAndText() {
        assertThat(db.values("WITH point({latitude: 3, longitude: 4, height: 4321}) AS p RETURN p.latitude, "
                + "p.longitude, p.height, p.x, p.y, p.z, p.crs, p.srid"))
                .containsExactly(List.of(3.0, 4.0, 4321.0, 4.0, 3.0, 4321.0, "wgs-84-3d", 4979L));
        assertThat(db.values("WITH point({x: 3, y: 4}) AS p RETURN p.x, p.y, p.crs, p.srid"))
                .containsExactly(List.of(3.0, 4.0, "cartesian", 7203L));
        assertThat(db.single("RETURN toString(point({x: 2.3, y: 4.5}))")).isEqualTo("point({x: 2.3, y: 4.5, crs: 'cartesian'})");
        assertThat(db.single("RETURN toString(point({longitude: 1, latitude: 2, height: 3}))"))
                .isEqualTo("point({x: 1.0, y: 2.0, z: 3.0, crs: 'wgs-84-3d'})");
    }

    @Test
    void distanceAsTheManualComputesIt() {
        assertThat(db.single("RETURN point.distance(point({x: 2.3, y: 4.5, crs: 'cartesian'}), "
                + "point({x: 1.1, y: 5.4, crs: 'cartesian'}))")).isEqualTo(1.5);
        assertThat(db.single("RETURN point.distance(point({longitude: 12.78, latitude: 56.7, height: 100}), "
                + "point({latitude: 56.71, longitude: 12.79, height: 100}))")).isEqualTo(1269.9148706779097);
        assertThat(db.single("RETURN round(point.distance(point({longitude: 12.564590, latitude: 55.672874}), "
                + "point({longitude: 12.994341, latitude: 55.611784})))")).isEqualTo(27842.0);
        assertThat(db.single("RETURN toInteger(point.distance(point({latitude: 13.43, longitude: 56.21}), "
                + "point({latitude: 13.10, longitude: 56.41})) / 1000)")).isEqualTo(42L);
        assertThat(db.values("WITH point({x: 3, y: 0}) AS p2d, point({x: 0, y: 4, z: 1}) AS p3d "
                + "RETURN point.distance(p2d, p3d), point.distance(p2d, point({x: p3d.x, y: p3d.y}))"))
                .containsExactly(Arrays.asList(null, 5.0));
        assertThat(db.single("RETURN point.distance(null, point({x: 1, y: 2}))")).isNull();
        assertThatThrownBy(() -> db.run("RETURN point.distance(1, point({x: 1, y: 2}))"))
                .hasMessage("Type mismatch: expected a Point for argument 1 of point.distance() but was Integer (1)");
    }

    @Test
    void withinBoundingBox() {
        assertThat(db.single("RETURN point.withinBBox(point({x: 5, y: 5}), point({x: 0, y: 0}), point({x: 10, y: 10}))"))
                .isEqualTo(true);
        assertThat(db.single("RETURN point.withinBBox(point({x: 10, y: 5}), point({x: 0, y: 0}), point({x: 10, y: 10}))"))
                .isEqualTo(true);
        assertThat(db.single("RETURN point.withinBBox(point({x: 11, y: 5}), point({x: 0, y: 0}), point({x: 10, y: 10}))"))
                .isEqualTo(false);
        assertThat(db.single("RETURN point.withinBBox(point({longitude: 180, latitude: 55.66}), "
                + "point({longitude: 179, latitude: 55.66}), point({longitude: -179, latitude: 55.70}))")).isEqualTo(true);
        assertThat(db.single("RETURN point.withinBBox(point({longitude: 0, latitude: 55.68}), "
                + "point({longitude: 179, latitude: 55.66}), point({longitude: -179, latitude: 55.70}))")).isEqualTo(false);
        assertThat(db.single("RETURN point.withinBBox(point({longitude: 12.6, latitude: 55.68}), "
                + "point({longitude: 12.53, latitude: 55.70}), point({longitude: 12.614, latitude: 55.66}))"))
                .as("lower-left north of upper-right: empty").isEqualTo(false);
        assertThat(db.single("RETURN point.withinBBox(point({x: 5, y: 5}), point({x: 0, y: 0, z: 0}), "
                + "point({x: 10, y: 10, z: 10}))")).isNull();
        assertThat(db.single("RETURN point.withinBBox(null, point({x: 0, y: 0}), point({x: 10, y: 10}))")).isNull();
    }

    @Test
    void equalityComparisonAndOrder() {
        assertThat(db.values("WITH point({x: 1, y: 2}) AS a, point({x: 1.0, y: 2.0}) AS b, point({x: 2, y: 3}) AS c "
                + "RETURN a = b, a = c, a <> c, a < c, a <= b, a < b, a = point({longitude: 1, latitude: 2})"))
                .containsExactly(Arrays.asList(true, false, true, null, true, false, false));
        // ORDER BY: points after lists, before temporals; by SRID (4326, 4979, 7203, 9157), then x, y, z
        assertThat(db.values("UNWIND [date('2020-01-01'), point({x: 2, y: 0}), point({x: 1, y: 9}), "
                + "point({x: 0, y: 0, z: 0}), point({longitude: 5, latitude: 5}), [1], 'a'] AS v RETURN v ORDER BY v"))
                .containsExactly(List.of(List.of(1L)), List.of(PointValue.of(4326, 5, 5)), List.of(PointValue.of(7203, 1, 9)),
                        List.of(PointValue.of(7203, 2, 0)), List.of(new PointValue(9157, 0, 0, 0)),
                        List.of(java.time.LocalDate.of(2020, 1, 1)), List.of("a"));
        assertThat(db.single("UNWIND [point({x: 1, y: 2}), point({x: 1, y: 2}), point({x: 2, y: 1})] AS p "
                + "RETURN count(DISTINCT p)")).isEqualTo(2L);
    }

    @Test
    void pointPropertiesAndIndexLookups() {
        db.run("CREATE INDEX ON :Place(at)");
        db.run("CREATE (:Place {name: 'a', at: point({x: 1, y: 2})}), (:Place {name: 'b', at: point({x: 3, y: 4, z: 5})}), "
                + "(:Place {name: 'c', at: [point({longitude: 1, latitude: 2})]})");
        assertThat(db.single("MATCH (p:Place {at: point({x: 1, y: 2})}) RETURN p.name")).isEqualTo("a");
        assertThat(db.single("MATCH (p:Place) WHERE p.at = $at RETURN p.name", "at", new PointValue(9157, 3, 4, 5)))
                .isEqualTo("b");
        assertThat(db.values("MATCH (p:Place) WHERE p.at > point({x: 0, y: 0}) RETURN p.name")).isEmpty();
        assertThat(db.single("MATCH (p:Place {name: 'c'}) RETURN p.at[0].longitude")).isEqualTo(1.0);
    }

    @Test
    void byteArraysAreListsOfIntegersToCypher() {
        byte[] bytes = {1, -2, 3};
        db.run("CREATE (:Blob {b: $b})", "b", bytes);
        assertThat((byte[]) db.single("MATCH (n:Blob) RETURN n.b")).containsExactly(1, -2, 3);
        assertThat(db.values("MATCH (n:Blob) RETURN size(n.b), n.b[1], 3 IN n.b, n.b = [1, -2, 3], n.b = $b, "
                + "toString(n.b[0])", "b", new byte[] {1, -2, 3}))
                .containsExactly(List.of(3L, -2L, true, true, true, "1"));
        assertThatThrownBy(() -> db.run("MATCH (n:Blob) RETURN toString(n.b)"))
                .hasMessageContaining("expected a String, Number, Boolean, Point or temporal value");
    }
}

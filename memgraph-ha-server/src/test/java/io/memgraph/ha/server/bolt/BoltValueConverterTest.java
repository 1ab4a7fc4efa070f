package io.memgraph.ha.server.bolt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.value.BoltDuration;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Point2D;
import io.memgraph.ha.bolt.value.Point3D;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.Structure;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.query.eval.GraphAccessor;
import io.memgraph.ha.query.eval.Row;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.DurationValue;
import io.memgraph.ha.storage.PointValue;
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
import org.junit.jupiter.api.Test;

class BoltValueConverterTest {

    record N(long id) implements NodeValue {}

    record R(long id) implements RelationshipValue {}

    /** A tiny graph: nodes 1 (:Person {name: 'Ann'}), 2 (:Person:Admin {name: 'Bob'}), 3 (no labels);
     *  relationships 10: 1-[:KNOWS {since: 2020}]->2, 11: 3-[:LIKES]->2. */
    static final GraphAccessor GRAPH = new GraphAccessor() {
        @Override
        public Object property(Object entity, String key) {
            return properties(entity).get(key);
        }

        @Override
        public Map<String, Object> properties(Object entity) {
            if (entity instanceof N n) {
                return switch ((int) n.id()) {
                    case 1 -> Map.of("name", "Ann");
                    case 2 -> Map.of("name", "Bob", "tags", List.of("x", 1L));
                    default -> Map.of();
                };
            }
            return ((R) entity).id() == 10 ? Map.of("since", 2020L) : Map.of();
        }

        @Override
        public List<String> labels(NodeValue node) {
            return switch ((int) node.id()) {
                case 1 -> List.of("Person");
                case 2 -> List.of("Person", "Admin");
                default -> List.of();
            };
        }

        @Override
        public String type(RelationshipValue relationship) {
            return relationship.id() == 10 ? "KNOWS" : "LIKES";
        }

        @Override
        public NodeValue startNode(RelationshipValue relationship) {
            return relationship.id() == 10 ? new N(1) : new N(3);
        }

        @Override
        public NodeValue endNode(RelationshipValue relationship) {
            return new N(2);
        }

        @Override
        public boolean patternExists(Expression.PatternPredicate pattern, Row row, ExpressionEvaluator evaluator) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Object> patternComprehension(Expression.PatternComprehension comprehension, Row row,
                ExpressionEvaluator evaluator) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean existsSubquery(Expression.ExistsSubquery subquery, Row row, ExpressionEvaluator evaluator) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void scalarsPassThroughAndSmallNumbersWiden() {
        assertThat(BoltValueConverter.toBolt(null, GRAPH)).isNull();
        assertThat(BoltValueConverter.toBolt(true, GRAPH)).isEqualTo(true);
        assertThat(BoltValueConverter.toBolt(42L, GRAPH)).isEqualTo(42L);
        assertThat(BoltValueConverter.toBolt(7, GRAPH)).isEqualTo(7L);
        assertThat(BoltValueConverter.toBolt(1.5, GRAPH)).isEqualTo(1.5);
        assertThat(BoltValueConverter.toBolt(2.5f, GRAPH)).isEqualTo(2.5);
        assertThat(BoltValueConverter.toBolt("s", GRAPH)).isEqualTo("s");
    }

    @Test
    void temporalValuesAndDurations() {
        ZonedDateTime zoned = ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 5, ZoneId.of("Europe/Berlin"));
        for (Object t : List.of(LocalDate.of(2024, 2, 29), LocalTime.of(1, 2, 3, 4), LocalDateTime.of(2024, 1, 1, 0, 0),
                OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHours(2)), zoned)) {
            assertThat(BoltValueConverter.toBolt(t, GRAPH)).isEqualTo(t);
        }
        assertThat(BoltValueConverter.toBolt(new CypherDuration(14, 3, -5, 500), GRAPH))
                .isEqualTo(new BoltDuration(14, 3, -5, 500));
        assertThat(BoltValueConverter.toBolt(new DurationValue(1, 2, 3, 1_500_000_000L), GRAPH))
                .isEqualTo(new BoltDuration(1, 2, 4, 500_000_000));
    }

    @Test
    void nodeCarriesLabelsPropertiesAndElementId() {
        Object bolt = BoltValueConverter.toBolt(new N(2), GRAPH);
        assertThat(bolt).isEqualTo(new Node(2, List.of("Person", "Admin"), Map.of("name", "Bob", "tags",
                List.of("x", 1L)), "2"));
    }

    @Test
    void relationshipCarriesEndPointsAndType() {
        Object bolt = BoltValueConverter.toBolt(new R(10), GRAPH);
        assertThat(bolt).isEqualTo(new Relationship(10, 1, 2, "KNOWS", Map.of("since", 2020L), "10", "1", "2"));
    }

    @Test
    void pathIndicesFollowDirection() {
        // 1 -[10]-> 2 <-[11]- 3 : the second step walks relationship 11 backwards.
        PathValue p = new PathValue(List.of(new N(1), new N(2), new N(3)), List.of(new R(10), new R(11)));
        Path path = (Path) BoltValueConverter.toBolt(p, GRAPH);
        assertThat(path.nodes()).extracting(Node::id).containsExactly(1L, 2L, 3L);
        assertThat(path.relationships()).containsExactly(
                new UnboundRelationship(10, "KNOWS", Map.of("since", 2020L), "10"),
                new UnboundRelationship(11, "LIKES", Map.of(), "11"));
        assertThat(path.indices()).containsExactly(1L, 1L, -2L, 2L);
    }

    @Test
    void pathRevisitingANodeReusesItsIndex() {
        // 1 -[10]-> 2 <-[10]- 1: a walk there and back over the same relationship.
        PathValue p = new PathValue(List.of(new N(1), new N(2), new N(1)), List.of(new R(10), new R(10)));
        Path path = (Path) BoltValueConverter.toBolt(p, GRAPH);
        assertThat(path.nodes()).hasSize(2);
        assertThat(path.relationships()).hasSize(1);
        assertThat(path.indices()).containsExactly(1L, 1L, -1L, 0L);
    }

    @Test
    void zeroLengthPath() {
        Path path = (Path) BoltValueConverter.toBolt(new PathValue(List.of(new N(3)), List.of()), GRAPH);
        assertThat(path.nodes()).containsExactly(new Node(3, List.of(), Map.of(), "3"));
        assertThat(path.indices()).isEmpty();
    }

    @Test
    void nestedCollectionsConvertEntities() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("who", new N(1));
        m.put("nums", List.of(1, 2L));
        m.put("none", null);
        List<Object> list = new ArrayList<>();
        list.add(m);
        list.add(null);
        Object bolt = BoltValueConverter.toBolt(list, GRAPH);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("who", new Node(1, List.of("Person"), Map.of("name", "Ann"), "1"));
        expected.put("nums", List.of(1L, 2L));
        expected.put("none", null);
        List<Object> expectedList = new ArrayList<>();
        expectedList.add(expected);
        expectedList.add(null);
        assertThat(bolt).isEqualTo(expectedList);
    }

    @Test
    void unknownEngineValueIsABug() {
        assertThatThrownBy(() -> BoltValueConverter.toBolt(new Object(), GRAPH))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void parametersConvertToEngineValues() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("d", new BoltDuration(1, 2, 3, 4));
        params.put("odt", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(1)));
        params.put("list", List.of(1L, "a", Map.of("x", 2.0)));
        params.put("i", 5);
        params.put("nil", null);
        Map<String, Object> engine = BoltValueConverter.parametersToEngine(params);
        assertThat(engine.get("d")).isEqualTo(new CypherDuration(1, 2, 3, 4));
        assertThat(engine.get("odt")).isEqualTo(ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(1)));
        assertThat(engine.get("list")).isEqualTo(List.of(1L, "a", Map.of("x", 2.0)));
        assertThat(engine.get("i")).isEqualTo(5L);
        assertThat(engine).containsKey("nil");
        assertThat(engine.get("nil")).isNull();
    }

    @Test
    void pointsAndBytesConvertBothWays() {
        Map<String, Object> engine = BoltValueConverter.parametersToEngine(Map.of(
                "p", List.of(new Point2D(7203, 1, 2), new Point3D(4979, 190, -45, 10)), "b", new byte[] {1, -2}));
        // a WGS-84 longitude is wrapped into [-180, 180], as point() does
        assertThat(engine.get("p")).isEqualTo(List.of(PointValue.of(7203, 1, 2), new PointValue(4979, -170, -45, 10)));
        assertThat((byte[]) engine.get("b")).containsExactly(1, -2);
        assertThat(BoltValueConverter.toBolt(List.of(PointValue.of(4326, 12.5, 55.5), new PointValue(9157, 1, 2, 3)),
                null)).isEqualTo(List.of(new Point2D(4326, 12.5, 55.5), new Point3D(9157, 1, 2, 3)));
        assertThat((byte[]) BoltValueConverter.toBolt(new byte[] {7}, null)).containsExactly(7);
    }

    @Test
    void aPointWithAnUnknownSridOrBadCoordinatesIsRefusedInNeo4jsWords() {
        assertThatThrownBy(() -> BoltValueConverter.parametersToEngine(
                Map.of("p", Map.of("inner", List.of(new Point2D(1234, 1, 2))))))
                .isInstanceOfSatisfying(BoltFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.TypeError");
                    assertThat(e.getMessage()).isEqualTo(
                            "Unable to construct Point value: `Unknown coordinate reference system code: 1234`");
                });
        assertThatThrownBy(() -> BoltValueConverter.parametersToEngine(Map.of("p", new Point3D(7203, 3.15, 4.012, 5.905))))
                .isInstanceOfSatisfying(BoltFailureException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Unable to construct Point value: `Cannot create point, CRS cartesian expects 2 "
                                + "dimensions, but got coordinates [3.15, 4.012, 5.905]`"));
        assertThatThrownBy(() -> BoltValueConverter.parametersToEngine(Map.of("p", new Point2D(9157, 3.15, 4.012))))
                .isInstanceOfSatisfying(BoltFailureException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Unable to construct Point value: `Cannot create point, CRS cartesian-3d expects 3 "
                                + "dimensions, but got coordinates [3.15, 4.012]`"));
        assertThatThrownBy(() -> BoltValueConverter.parametersToEngine(Map.of("p", new Point2D(4326, 0, 91))))
                .isInstanceOfSatisfying(BoltFailureException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Unable to construct Point value: `Cannot create WGS84 point with invalid coordinate: "
                                + "[0.0, 91.0]. Valid range for Y coordinate is [-90, 90].`"));
    }

    @Test
    void parametersThatCannotBeUsedAreTypeErrorsNamingThePath() {
        assertThatThrownBy(() -> BoltValueConverter.parametersToEngine(
                Map.of("n", new Node(1, List.of(), Map.of()))))
                .isInstanceOfSatisfying(BoltFailureException.class,
                        e -> assertThat(e.getMessage()).contains("$n").contains("graph entity"));
        assertThatThrownBy(() -> BoltValueConverter.parametersToEngine(
                Map.of("s", new Structure((byte) 0x7a, List.of()))))
                .isInstanceOfSatisfying(BoltFailureException.class,
                        e -> assertThat(e.getMessage()).contains("0x7a"));
    }
}

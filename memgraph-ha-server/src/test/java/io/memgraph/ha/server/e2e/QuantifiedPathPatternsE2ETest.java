package io.memgraph.ha.server.e2e;

import static io.memgraph.ha.server.e2e.QueryCase.anyOrder;
import static io.memgraph.ha.server.e2e.QueryCase.ordered;
import static io.memgraph.ha.server.e2e.QueryCase.row;
import static io.memgraph.ha.server.e2e.QueryCase.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.types.Path;

/**
 * Neo4j 5's quantified path patterns, quantified relationships, inline WHERE and path selectors
 * ({@code SHORTEST k}, {@code SHORTEST k GROUPS}, {@code ALL SHORTEST}, {@code ANY k}) through the
 * Neo4j Java driver against the real server process, on the station graph of the Neo4j Cypher
 * manual's "Shortest paths" page, with the results the manual gives, and the errors Neo4j gives for
 * wrong uses.
 */
class QuantifiedPathPatternsE2ETest {
    static OneServer server;

    /** The manual's stations; plus a :Line chain 1 -> 2 -> 3 -> 4 of :NEXT for the quantifiers. */
    static final String GRAPH = "CREATE (asc:Station {name: 'Ashchurch'}), (bmv:Station {name: 'Bromsgrove'}), "
            + "(cnm:Station {name: 'Cheltenham Spa'}), (dtw:Station {name: 'Droitwich Spa'}), "
            + "(hby:Station {name: 'Hartlebury'}), (psh:Station {name: 'Pershore'}), "
            + "(wop:Station {name: 'Worcestershire Parkway'}), (wof:Station {name: 'Worcester Foregate Street'}), "
            + "(wos:Station {name: 'Worcester Shrub Hill'}) "
            + "CREATE (asc)-[:LINK {distance: 7.25}]->(cnm), (asc)-[:LINK {distance: 11.29}]->(wop), "
            + "(asc)-[:LINK {distance: 14.75}]->(wos), (bmv)-[:LINK {distance: 31.14}]->(cnm), "
            + "(bmv)-[:LINK {distance: 6.16}]->(dtw), (bmv)-[:LINK {distance: 12.6}]->(wop), "
            + "(dtw)-[:LINK {distance: 5.64}]->(hby), (dtw)-[:LINK {distance: 6.03}]->(wof), "
            + "(dtw)-[:LINK {distance: 5.76}]->(wos), (psh)-[:LINK {distance: 4.16}]->(wop), "
            + "(wop)-[:LINK {distance: 3.71}]->(wos), (wof)-[:LINK {distance: 0.65}]->(wos) "
            + "CREATE (:Line {i: 1})-[:NEXT]->(:Line {i: 2})-[:NEXT]->(:Line {i: 3})-[:NEXT]->(:Line {i: 4})";

    static final String WOS_TO_BMV = " (wos:Station)-[:LINK]-+(bmv:Station) "
            + "WHERE wos.name = 'Worcester Shrub Hill' AND bmv.name = 'Bromsgrove' ";

    @BeforeAll
    static void start() throws Exception {
        server = OneServer.start();
        server.write(GRAPH);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static List<QueryCase> cases() {
        return List.of(
                // quantifiers, on a quantified path pattern and on a quantified relationship
                ordered("MATCH (a:Line {i: 1}) ((x)-[r:NEXT]->(y)){2} (b) RETURN [n IN x | n.i], [n IN y | n.i], b.i",
                        rows(row(List.of(1L, 2L), List.of(2L, 3L), 3L))),
                ordered("MATCH (a:Line {i: 1})-[r:NEXT]->{2,}(b) RETURN size(r), b.i ORDER BY b.i",
                        rows(row(2L, 3L), row(3L, 4L))),
                ordered("MATCH (a:Line {i: 1})-[r:NEXT]->{,2}(b) RETURN size(r), b.i ORDER BY b.i",
                        rows(row(0L, 1L), row(1L, 2L), row(2L, 3L))),
                ordered("MATCH (a:Line {i: 1})-[r:NEXT]->{1,2}(b) RETURN size(r), b.i ORDER BY b.i",
                        rows(row(1L, 2L), row(2L, 3L))),
                ordered("MATCH (a:Line {i: 2})-[r:NEXT]->+(b) RETURN size(r), b.i ORDER BY b.i",
                        rows(row(1L, 3L), row(2L, 4L))),
                ordered("MATCH (a:Line {i: 3}) ((x)-[:NEXT]->(y))* (b) RETURN size(x), b.i ORDER BY b.i",
                        rows(row(0L, 3L), row(1L, 4L))),
                // a top-level quantified path pattern, with its own WHERE; group variables as lists
                anyOrder("MATCH ((x:Line)-[:NEXT]->(y) WHERE y.i > x.i AND x.i <> 2)+ RETURN [n IN x | n.i]",
                        rows(row(List.of(1L)), row(List.of(3L)))),
                ordered("MATCH () (()-[:NEXT]->()){1, 2} RETURN count(*) AS count", rows(row(5L))),
                // inline WHERE in node and relationship patterns, and a path of a quantified pattern
                ordered("MATCH p = (a:Line WHERE a.i = 1) (()-[:NEXT]->(n WHERE n.i < 4))+ RETURN [x IN nodes(p) | x.i] "
                        + "ORDER BY length(p)", rows(row(List.of(1L, 2L)), row(List.of(1L, 2L, 3L)))),
                // the selectors, with the manual's results
                ordered("MATCH p = SHORTEST 1" + WOS_TO_BMV + "RETURN length(p) AS result", rows(row(2L))),
                ordered("MATCH p = SHORTEST 2" + WOS_TO_BMV + "RETURN [n IN nodes(p) | n.name] AS stops ORDER BY stops",
                        rows(row(List.of("Worcester Shrub Hill", "Droitwich Spa", "Bromsgrove")),
                                row(List.of("Worcester Shrub Hill", "Worcestershire Parkway", "Bromsgrove")))),
                ordered("MATCH p = SHORTEST 5" + WOS_TO_BMV + "RETURN length(p), count(*) ORDER BY length(p)",
                        rows(row(2L, 2L), row(3L, 3L))),
                ordered("MATCH p = ALL SHORTEST" + WOS_TO_BMV + "RETURN [n IN nodes(p) | n.name] AS stops "
                        + "ORDER BY stops", rows(row(List.of("Worcester Shrub Hill", "Droitwich Spa", "Bromsgrove")),
                        row(List.of("Worcester Shrub Hill", "Worcestershire Parkway", "Bromsgrove")))),
                ordered("MATCH p = SHORTEST 8 GROUPS" + WOS_TO_BMV
                        + "RETURN length(p) AS pathLength, count(*) AS numPaths ORDER BY pathLength",
                        rows(row(2L, 2L), row(3L, 3L), row(4L, 1L), row(5L, 4L), row(6L, 8L), row(7L, 10L),
                                row(8L, 6L))),
                ordered("MATCH path = ANY (:Station {name: 'Pershore'})-[l:LINK WHERE l.distance < 10]-+"
                        + "(b:Station {name: 'Bromsgrove'}) RETURN [r IN relationships(path) | r.distance] AS distances",
                        rows(row(List.of(4.16, 3.71, 5.76, 6.16)))),
                ordered("MATCH p = ANY 2 PATHS" + WOS_TO_BMV + "RETURN count(*)", rows(row(2L))),
                ordered("UNWIND ['Droitwich Spa', 'Hartlebury'] AS a UNWIND ['Ashchurch', 'Cheltenham Spa'] AS b "
                        + "MATCH SHORTEST 2 GROUPS (o:Station {name: a})-[l]-+(d:Station {name: b}) "
                        + "RETURN o.name AS start, d.name AS end, size(l) AS pathLength, count(*) AS numPaths "
                        + "ORDER BY start, end, pathLength",
                        rows(row("Droitwich Spa", "Ashchurch", 2L, 1L), row("Droitwich Spa", "Ashchurch", 3L, 4L),
                                row("Droitwich Spa", "Cheltenham Spa", 2L, 1L),
                                row("Droitwich Spa", "Cheltenham Spa", 3L, 1L), row("Hartlebury", "Ashchurch", 3L, 1L),
                                row("Hartlebury", "Ashchurch", 4L, 4L), row("Hartlebury", "Cheltenham Spa", 3L, 1L),
                                row("Hartlebury", "Cheltenham Spa", 4L, 1L))),
                // WHERE of the MATCH filters after selecting; inside the parentheses, before
                ordered("MATCH SHORTEST 1 (:Station {name: 'Hartlebury'}) (()--(n:Station))+ "
                        + "(:Station {name: 'Cheltenham Spa'}) WHERE none(s IN n[..-1] WHERE s.name = 'Bromsgrove') "
                        + "RETURN [s IN n[..-1] | s.name]", rows()),
                ordered("MATCH SHORTEST 1 ( (:Station {name: 'Hartlebury'}) (()--(n:Station))+ "
                        + "(:Station {name: 'Cheltenham Spa'}) WHERE none(s IN n[..-1] WHERE s.name = 'Bromsgrove') ) "
                        + "RETURN [s IN n[..-1] | s.name]",
                        rows(row(List.of("Droitwich Spa", "Worcester Shrub Hill", "Ashchurch")))),
                ordered("MATCH SHORTEST 1 (p = (:Station {name: 'Hartlebury'})--+(b:Station) WHERE length(p) % 2 = 0) "
                        + "RETURN length(p), count(*) ORDER BY length(p)", rows(row(2L, 3L), row(4L, 5L))),
                // the functions of before are unchanged
                ordered("MATCH (a:Station {name: 'Pershore'}), (b:Station {name: 'Hartlebury'}) "
                        + "MATCH p = shortestPath((a)-[:LINK*]-(b)) RETURN length(p)", rows(row(4L))),
                ordered("MATCH (a:Station {name: 'Worcester Shrub Hill'}), (b:Station {name: 'Bromsgrove'}) "
                        + "MATCH p = allShortestPaths((a)-[:LINK*]-(b)) RETURN count(p)", rows(row(2L))));
    }

    @TestFactory
    Stream<DynamicTest> queriesReturnNeo4jsResults() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.query(), () -> c.check(server.driver)));
    }

    @Test
    void aPathWithAQuantifiedPatternReachesTheDriverAsAPath() {
        try (Session s = server.driver.session()) {
            Record r = s.run("MATCH p = (:Line {i: 1})-[:NEXT]->{3}(:Line) RETURN p").single();
            Path p = r.get("p").asPath();
            assertThat(p.length()).isEqualTo(3);
            assertThat(p.start().get("i").asLong()).isEqualTo(1L);
            assertThat(p.end().get("i").asLong()).isEqualTo(4L);
        }
    }

    static Map<String, String> errors() {
        return Map.of(
                "MATCH (())+ RETURN 1", "A quantified path pattern needs to have at least one relationship.",
                "MATCH ()((a)-->(b)){3,2} RETURN 1",
                "A quantifier for a path pattern must not have a lower bound which exceeds its upper bound.",
                "MATCH ((a)-->(b))* RETURN a", "A top-level path pattern in a `MATCH` clause must be written such "
                        + "that it always evaluates to at least one node pattern.",
                "MATCH (((a)-[b]->(c))*)+ RETURN 1", "Quantified path patterns are not allowed to be nested.",
                "MATCH (x)-->(y)((a)-[e]->(b {h: x.h}))* (s)-->(u) RETURN count(*)", "From within a quantified path "
                        + "pattern, one may only reference variables, that are already bound in a previous `MATCH` "
                        + "clause.",
                "MATCH (a)-[*]->(b), (c)-->+(d) RETURN 1", "Mixing variable-length relationships ('-[*]-') with "
                        + "quantified relationships ('()-->*()') or quantified path patterns ('(()-->())*') is not "
                        + "allowed.",
                "MATCH p = SHORTEST 1 (a)-->+(b), (c) RETURN 1", "Multiple path patterns cannot be used in the same "
                        + "clause in combination with a selective path selector.",
                "MATCH SHORTEST 0 (a)-->+(b) RETURN 1", "The path count needs to be greater than 0.",
                "CREATE (a)-[:R]->+(b)", "Quantified path patterns are not allowed in CREATE, but only in MATCH "
                        + "clause.");
    }

    @TestFactory
    Stream<DynamicTest> wrongUsesFailWithNeo4jsSyntaxErrors() {
        return errors().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertThatThrownBy(() -> QueryCase.run(server.driver, e.getKey(), Map.of()))
                        .isInstanceOf(Neo4jException.class)
                        .hasMessageStartingWith(e.getValue())
                        .extracting(x -> ((Neo4jException) x).code())
                        .isEqualTo("Neo.ClientError.Statement.SyntaxError")));
    }

    @Test
    void aGroupVariableUsedAsOneNodeIsATypeError() {
        assertThatThrownBy(() -> QueryCase.run(server.driver, "MATCH ((x)-[r]->(z)){2,3} WHERE z.p > x.p RETURN 1", Map.of()))
                .isInstanceOf(Neo4jException.class)
                .hasMessageStartingWith("Type mismatch: expected Map, Node, Relationship, Point, Duration, Date, Time, "
                        + "LocalTime, LocalDateTime or DateTime but was List<Node>")
                .extracting(x -> ((Neo4jException) x).code())
                .isEqualTo("Neo.ClientError.Statement.SemanticError");
    }
}

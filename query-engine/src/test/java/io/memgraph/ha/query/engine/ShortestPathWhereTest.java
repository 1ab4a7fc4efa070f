package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code WHERE} on a {@code shortestPath(...)} or {@code allShortestPaths(...)} selects among the
 * paths that pass it, as Neo4j's "shortest path planning" describes: the shortest path that passes,
 * not the shortest path filtered afterwards. A condition on every relationship or node of the path
 * steers the breadth-first search; any other condition on the path falls back to walking longer
 * paths, shortest first, under the query's time and memory limits. Each graph has a shortest path
 * that fails the condition and a longer one that passes.
 */
class ShortestPathWhereTest {

    private static final String NAMES = "[x IN nodes(p) | x.name]";

    /** a-[w: 1]->b directly, and a-[w: 5]->c-[w: 5]->b: the docs' example. */
    private static Db weighted() {
        Db db = new Db();
        db.run("CREATE (a:N {name: 'a'}), (b:N {name: 'b'}), (c:N {name: 'c'}), "
                + "(a)-[:R {w: 1}]->(b), (a)-[:R {w: 5}]->(c), (c)-[:R {w: 5}]->(b)");
        return db;
    }

    /** A-B-C-D in a line and a shortcut A-X-D, all :REL from left to right. */
    private static Db abcd(String shortcutType) {
        Db db = new Db();
        db.run("CREATE (a:A {name: 'A'}), (b:B {name: 'B'}), (c:C {name: 'C'}), (d:D {name: 'D'}), "
                + "(x:X {name: 'X'}), (a)-[:REL]->(b), (b)-[:REL]->(c), (c)-[:REL]->(d), "
                + "(a)-[:" + shortcutType + " {blocked: true}]->(x), (x)-[:" + shortcutType + " {blocked: true}]->(d)");
        return db;
    }

    private static final Db WEIGHTED = weighted();
    private static final Db ABCD = abcd("REL");

    private static final String AB = "MATCH p = shortestPath((a:N {name: 'a'})-[r*]->(b:N {name: 'b'})) ";
    private static final String AD = "MATCH p = shortestPath((a:A)-[r*]->(d:D)) ";

    /** The path A-B-C-D, not the shorter A-X-D, is the shortest that passes {@code where}. */
    private static void takesTheLongRoad(String where) {
        assertThat(ABCD.single(AD + where + " RETURN " + NAMES)).isEqualTo(List.of("A", "B", "C", "D"));
    }

    // ---------------------------------------------------------------- conditions on every element

    @Test
    void aConditionOnEveryRelationshipFindsTheShortestPathThatPasses() {
        assertThat(WEIGHTED.single(AB + "WHERE all(x IN r WHERE x.w > 2) RETURN " + NAMES))
                .isEqualTo(List.of("a", "c", "b"));
        assertThat(WEIGHTED.single(AB + "WHERE all(x IN relationships(p) WHERE x.w > 2) RETURN " + NAMES))
                .isEqualTo(List.of("a", "c", "b"));
        assertThat(WEIGHTED.single(AB + "WHERE none(x IN r WHERE x.w = 1) RETURN length(p)")).isEqualTo(2L);
        assertThat(WEIGHTED.single(AB + "WHERE NOT any(x IN r WHERE x.w = 1) RETURN length(p)")).isEqualTo(2L);
        // the shortest path passes: it is the one returned
        assertThat(WEIGHTED.single(AB + "WHERE all(x IN r WHERE x.w < 9) RETURN length(p)")).isEqualTo(1L);
        takesTheLongRoad("WHERE none(x IN relationships(p) WHERE x.blocked IS NOT NULL)");
    }

    @Test
    void aConditionOnEveryNodeLabelOrPropertyFindsTheShortestPathThatPasses() {
        takesTheLongRoad("WHERE none(n IN nodes(p) WHERE n:X)");
        takesTheLongRoad("WHERE all(n IN nodes(p) WHERE n.name <> 'X')");
        assertThat(WEIGHTED.single(AB + "WHERE all(n IN nodes(p) WHERE n:N) RETURN length(p)")).isEqualTo(1L);
    }

    @Test
    void aConditionOnEveryNodeHoldsForTheEndsToo() {
        // the end nodes are on every path: no path passes
        assertThat(ABCD.values(AD + "WHERE none(n IN nodes(p) WHERE n:D) RETURN p")).isEmpty();
        assertThat(ABCD.values(AD + "WHERE all(n IN nodes(p) WHERE n.name <> 'A') RETURN p")).isEmpty();
    }

    @Test
    void aRelationshipWithoutThePropertyFailsTheConditionAsItsNullDoes() {
        Db db = new Db();
        db.run("CREATE (a:N {name: 'a'}), (b:N {name: 'b'}), (c:N {name: 'c'}), "
                + "(a)-[:R]->(b), (a)-[:R {w: 5}]->(c), (c)-[:R {w: 5}]->(b)");
        assertThat(db.single(AB + "WHERE all(x IN r WHERE x.w > 2) RETURN length(p)")).isEqualTo(2L);
        assertThat(db.single(AB + "WHERE none(x IN r WHERE x.w < 2) RETURN length(p)")).isEqualTo(2L);
    }

    @Test
    void theConditionMayReadTheEndNodesAndEarlierVariables() {
        assertThat(WEIGHTED.single("WITH 3 AS least " + AB + "WHERE all(x IN r WHERE x.w >= least) RETURN length(p)"))
                .isEqualTo(2L);
        Db db = weighted();
        db.run("MATCH (a:N {name: 'a'}) SET a.least = 4");
        assertThat(db.single(AB + "WHERE all(x IN r WHERE x.w >= a.least) RETURN length(p)")).isEqualTo(2L);
    }

    @Test
    void aWrongTypeInTheConditionIsTheErrorAllGives() {
        assertThatThrownBy(() -> WEIGHTED.run(AB + "WHERE all(x IN r WHERE x.w) RETURN p"))
                .isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.TypeError"))
                .hasMessageContaining("Boolean");
    }

    // ---------------------------------------------------------------- conditions on whole paths

    @Test
    void aConditionOnTheLengthFallsBackToTheShortestPathThatPasses() {
        assertThat(WEIGHTED.single(AB + "WHERE length(p) > 1 RETURN " + NAMES)).isEqualTo(List.of("a", "c", "b"));
        assertThat(WEIGHTED.single(AB + "WHERE size(r) >= 2 RETURN length(p)")).isEqualTo(2L);
        // only paths of odd length: A-B-C-D, not the shortcut
        takesTheLongRoad("WHERE length(p) % 2 = 1");
    }

    @Test
    void anExistentialConditionFallsBackToo() {
        takesTheLongRoad("WHERE any(n IN nodes(p) WHERE n:C)");
        assertThat(ABCD.single(AD + "WHERE single(x IN r WHERE x.blocked IS NULL) OR length(p) = 3 RETURN length(p)"))
                .isEqualTo(3L);
    }

    @Test
    void aConditionOnEveryRelationshipThatReadsThePathIsCheckedOnWholePaths() {
        // the shortcut is :ALT1 then :ALT2: not all of one type
        Db db = new Db();
        db.run("CREATE (a:A {name: 'A'}), (b:B {name: 'B'}), (c:C {name: 'C'}), (d:D {name: 'D'}), "
                + "(x:X {name: 'X'}), (a)-[:REL]->(b), (b)-[:REL]->(c), (c)-[:REL]->(d), "
                + "(a)-[:ALT1]->(x), (x)-[:ALT2]->(d)");
        assertThat(db.single(AD + "WHERE all(x IN r WHERE type(r[0]) = type(x)) RETURN " + NAMES))
                .isEqualTo(List.of("A", "B", "C", "D"));
    }

    @Test
    void aConditionMixingThePathAndAnEndNode() {
        Db db = weighted();
        db.run("MATCH (b:N {name: 'b'}) SET b.hops = 2");
        assertThat(db.single(AB + "WHERE length(p) >= b.hops RETURN length(p)")).isEqualTo(2L);
        assertThat(db.single(AB + "WHERE length(p) >= b.hops AND all(x IN r WHERE x.w > 0) AND a.name = 'a' "
                + "RETURN length(p)")).isEqualTo(2L);
    }

    @Test
    void allShortestPathsReturnsEveryPassingPathOfTheLeastPassingLength() {
        // a-b directly, and three two-hop roads through m1, m2 and m3; m3's is closed
        Db db = new Db();
        db.run("CREATE (a:N {name: 'a'}), (b:N {name: 'b'}), (a)-[:R {open: true}]->(b) "
                + "WITH a, b UNWIND [1, 2, 3] AS i CREATE (a)-[:R {open: i < 3}]->(:M {name: 'm' + i})"
                + "-[:R {open: true}]->(b)");
        String all = "MATCH p = allShortestPaths((a:N {name: 'a'})-[r*]->(b:N {name: 'b'})) ";
        assertThat(db.values(all + "WHERE length(p) > 1 RETURN " + NAMES)).containsExactlyInAnyOrder(
                row(List.of("a", "m1", "b")), row(List.of("a", "m2", "b")), row(List.of("a", "m3", "b")));
        assertThat(db.values(all + "WHERE length(p) > 1 AND all(x IN r WHERE x.open) RETURN " + NAMES))
                .containsExactlyInAnyOrder(row(List.of("a", "m1", "b")), row(List.of("a", "m2", "b")));
        // among the shortest paths themselves, those that pass
        assertThat(db.values(all + "WHERE none(n IN nodes(p) WHERE n.name = 'm1') AND length(p) = 2 RETURN "
                + NAMES)).containsExactlyInAnyOrder(row(List.of("a", "m2", "b")), row(List.of("a", "m3", "b")));
        assertThat(db.values("MATCH p = shortestPath((a:N {name: 'a'})-[r*]->(b:N {name: 'b'})) "
                + "WHERE length(p) > 1 RETURN length(p)")).containsExactly(row(2L));
    }

    @Test
    void allShortestPathsWhenShorterPathsFailTheCondition() {
        Db db = new Db();
        db.run("CREATE (s:START), (e:END) CREATE (s)-[:R]->()-[:R]->(e), "
                + "(s)-[:R {p: 42}]->()-[:R {p: 42}]->()-[:R {p: 42}]->(e)");
        assertThat(db.values("MATCH p = allShortestPaths((s:START)-[*]->(e:END)) "
                + "WHERE all(x IN relationships(p) WHERE x.p IS NOT NULL) RETURN length(p)")).containsExactly(row(3L));
    }

    @Test
    void undirectedAndDirected() {
        // a<-c<-b<-a... : from b to a only against the arrows
        assertThat(WEIGHTED.values("MATCH p = shortestPath((b:N {name: 'b'})-[r*]->(a:N {name: 'a'})) "
                + "WHERE all(x IN r WHERE x.w > 2) RETURN p")).isEmpty();
        assertThat(WEIGHTED.single("MATCH p = shortestPath((b:N {name: 'b'})<-[r*]-(a:N {name: 'a'})) "
                + "WHERE all(x IN r WHERE x.w > 2) RETURN " + NAMES)).isEqualTo(List.of("b", "c", "a"));
        assertThat(WEIGHTED.single("MATCH p = shortestPath((b:N {name: 'b'})-[r*]-(a:N {name: 'a'})) "
                + "WHERE length(p) > 1 RETURN " + NAMES)).isEqualTo(List.of("b", "c", "a"));
        assertThat(WEIGHTED.values("MATCH p = shortestPath((b:N {name: 'b'})<-[r*]-(a:N {name: 'a'})) "
                + "WHERE length(p) > 2 RETURN p")).isEmpty();
    }

    @Test
    void longerPathsWalkedAreTrailsThatMayPassANodeTwice() {
        // a-b, and a triangle b-c-d-b: a-b-c-d-b is a trail of length 4 (b twice, no relationship twice)
        Db db = new Db();
        db.run("CREATE (a:N {name: 'a'}), (b:N {name: 'b'}), (c:N {name: 'c'}), (d:N {name: 'd'}), "
                + "(a)-[:R]->(b), (b)-[:R]->(c), (c)-[:R]->(d), (d)-[:R]->(b)");
        assertThat(db.single(AB + "WHERE length(p) > 1 RETURN " + NAMES)).isEqualTo(List.of("a", "b", "c", "d", "b"));
        // the same paths as the plain variable-length pattern, shortest first
        assertThat(db.single("MATCH p = (a:N {name: 'a'})-[r*]->(b:N {name: 'b'}) WHERE length(p) > 1 "
                + "RETURN " + NAMES)).isEqualTo(List.of("a", "b", "c", "d", "b"));
        assertThat(db.values(AB + "WHERE length(p) > 4 RETURN p")).isEmpty();
    }

    @Test
    void aZeroLengthPathThatFailsFallsBackToACycle() {
        Db db = new Db();
        db.run("CREATE (a:N {name: 'a'}), (b:N {name: 'b'}), (c:N {name: 'c'}), "
                + "(a)-[:R]->(b), (b)-[:R]->(c), (c)-[:R]->(a)");
        String q = "MATCH (a:N {name: 'a'}) MATCH p = shortestPath((a)-[r*0..]-(a)) ";
        assertThat(db.single(q + "RETURN length(p)")).isEqualTo(0L);
        assertThat(db.single(q + "WHERE length(p) > 0 RETURN " + NAMES)).isIn(
                List.of("a", "b", "c", "a"), List.of("a", "c", "b", "a"));
    }

    // ---------------------------------------------------------------- bounds, no path, OPTIONAL MATCH

    @Test
    void anUpperBoundThatCutsOffTheOnlyPassingPathGivesNoRow() {
        // A-B-C-D is 3 long
        assertThat(ABCD.values("MATCH p = shortestPath((a:A)-[r*..2]->(d:D)) WHERE none(n IN nodes(p) WHERE n:X) "
                + "RETURN p")).isEmpty();
        assertThat(ABCD.values("MATCH p = shortestPath((a:A)-[r*..2]->(d:D)) WHERE length(p) % 2 = 1 RETURN p"))
                .isEmpty();
        assertThat(ABCD.single("MATCH p = shortestPath((a:A)-[r*..3]->(d:D)) WHERE length(p) % 2 = 1 "
                + "RETURN length(p)")).isEqualTo(3L);
        assertThat(ABCD.single("MATCH p = shortestPath((a:A)-[r*..3]->(d:D)) WHERE none(n IN nodes(p) WHERE n:X) "
                + "RETURN length(p)")).isEqualTo(3L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "WHERE length(p) > 100",
        "WHERE any(x IN r WHERE x.w = 7)",
        "WHERE all(x IN r WHERE x.w = 7)",
        "WHERE none(n IN nodes(p) WHERE n:K)",
    })
    void noPassingPathGivesNoRowAndEnds(String where) {
        // 5 nodes all joined to each other: the walk of longer trails ends when every trail is walked
        Db db = Db.complete(5);
        String q = "MATCH p = shortestPath((a:K {i: 1})-[r*]-(b:K {i: 5})) " + where + " RETURN p";
        assertThat(db.values(q)).isEmpty();
        assertThat(db.values(q.replace("shortestPath", "allShortestPaths"))).isEmpty();
        assertThat(db.values("MATCH (a:K {i: 1}), (b:K {i: 5}) OPTIONAL MATCH p = shortestPath((a)-[r*]-(b)) "
                + where + " RETURN p")).containsExactly(row((Object) null));
    }

    @Test
    void optionalMatchFindsThePassingPath() {
        assertThat(ABCD.single("MATCH (a:A), (d:D) OPTIONAL MATCH p = shortestPath((a)-[r*]->(d)) "
                + "WHERE none(n IN nodes(p) WHERE n:X) RETURN length(p)")).isEqualTo(3L);
    }

    // ---------------------------------------------------------------- conditions not on the path

    @Test
    void aConditionNotOnThePathFiltersTheEndNodesAsBefore() {
        assertThat(ABCD.values("MATCH p = shortestPath((a:A)-[r*]-(n)) WHERE n.name IN ['C', 'D'] "
                + "RETURN n.name, length(p) ORDER BY n.name")).containsExactly(row("C", 2L), row("D", 2L));
        assertThat(WEIGHTED.single("MATCH p = shortestPath((a:N)-[r*]->(b:N)) WHERE a.name = 'a' AND b.name = 'b' "
                + "RETURN length(p)")).isEqualTo(1L);
        // a filter on a variable bound by another shortestPath stays after the searches
        assertThat(ABCD.values("MATCH p = shortestPath((a:A)-[*]->(d:D)), q = shortestPath((a)-[*]->(c:C)) "
                + "WHERE length(p) <> length(q) RETURN p")).isEmpty();
    }

    @Test
    void inlineWhereOnTheEndNodesOfAShortestPath() {
        Db db = new Db();
        db.run("CREATE (s:Start) CREATE (s)-[:R]->()-[:R]->(:End {prop: 1}) "
                + "CREATE (s)-[:R]->()-[:R]->()-[:R]->(:End {prop: 2}) "
                + "CREATE (s)-[:R]->()-[:R]->()-[:R]->()-[:R]->(:End {prop: 2}) "
                + "CREATE (s)-[:R]->()-[:R]->()-[:R]->()-[:R]->(:End {prop: 3})");
        assertThat(db.values("MATCH p = shortestPath((start:Start)-[:R*]->(end:End WHERE end.prop > 1)) "
                + "RETURN end.prop, length(p)")).containsExactlyInAnyOrder(row(2L, 3L), row(2L, 4L), row(3L, 4L));
        assertThat(db.values("MATCH p = shortestPath((start:Start WHERE start.x IS NULL)-[:R*..3]->(end:End)) "
                + "RETURN end.prop, length(p)")).containsExactlyInAnyOrder(row(1L, 2L), row(2L, 3L));
    }

    @Test
    void inlineWhereOnASingleRelationshipOfAShortestPath() {
        assertThat(WEIGHTED.values("MATCH p = shortestPath((a:N {name: 'a'})-[r:R WHERE r.w = 5]->(b)) "
                + "RETURN b.name")).containsExactly(row("c"));
        // its property map is applied by the search too
        assertThat(WEIGHTED.values("MATCH p = shortestPath((a:N {name: 'a'})-[r:R {w: 1}]->(b)) RETURN b.name"))
                .containsExactly(row("b"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "; =>", value = {
        "MATCH p = shortestPath((a)-[r* WHERE r.w > 1]->(b)) RETURN p; =>"
                + "Relationship pattern predicates are not supported for variable-length relationships.",
        "MATCH (a) WHERE (a)-->(m WHERE m.name = 'b') RETURN a; =>"
                + "Node pattern predicates are not allowed in an expression, but only in a MATCH clause or inside "
                + "a pattern comprehension",
        "MATCH (a) WHERE NOT (a)-[:R WHERE true]->() RETURN a; =>"
                + "Relationship pattern predicates are not allowed in an expression",
        "MATCH (a) RETURN exists((a WHERE a.x = 1)-->()) AS e; =>"
                + "Node pattern predicates are not allowed in an expression",
    })
    void inlineWhereNeo4jRefuses(String query, String message) {
        assertThatThrownBy(() -> WEIGHTED.run(query))
                .isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.SyntaxError"))
                .hasMessageStartingWith(message);
    }

    // ---------------------------------------------------------------- limits

    @Test
    void aConditionOnEveryElementKeepsTheSearchCheapOnAGraphWithVeryManyPaths() {
        // 12 nodes all joined to each other: billions of trails, but no relationship passes
        Db db = Db.complete(12);
        assertThat(db.runResult(new QueryControl(Duration.ofSeconds(5), 0), "MATCH p = shortestPath("
                + "(a:K {i: 1})-[r*]-(b:K {i: 12})) WHERE all(x IN r WHERE x.open) RETURN p").rows()).isEmpty();
    }

    @Test
    void theTimeLimitStopsTheFallbackOnAGraphWithVeryManyPaths() {
        Db db = Db.complete(12);
        long t0 = System.nanoTime();
        assertThat(db.failureUnder(new QueryControl(Duration.ofMillis(300), 0),
                "MATCH p = shortestPath((a:K {i: 1})-[r*]-(b:K {i: 12})) WHERE length(p) > 60 RETURN p"))
                .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
        assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    }

    @Test
    void theMemoryLimitStopsTheFallbackKeepingVeryManyPaths() {
        // every trail of 6 relationships between two of 12 nodes all joined: far more than 1 MiB of paths
        Db db = Db.complete(12);
        assertThat(db.failureUnder(new QueryControl(Duration.ofSeconds(60), 1024 * 1024),
                "MATCH p = allShortestPaths((a:K {i: 1})-[r*]-(b:K {i: 12})) WHERE length(p) >= 6 RETURN count(*)"))
                .isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
    }
}

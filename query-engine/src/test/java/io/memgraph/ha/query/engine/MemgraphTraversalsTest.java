package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memgraph's traversals in a relationship pattern: {@code *BFS}, {@code *WSHORTEST},
 * {@code *ALLSHORTEST} and {@code *KSHORTEST}, with their bounds, lambdas and errors, as Memgraph's
 * "Deep path traversal algorithms" page describes them, on small graphs whose answers are known.
 */
class MemgraphTraversalsTest {

    private static String error(Db db, String query, Object... params) {
        try {
            db.run(query, params);
        } catch (CypherException e) {
            String m = e instanceof CypherSyntaxException s ? s.shortMessage() : e.getMessage();
            int at = m.lastIndexOf(" (line ");
            return e.statusCode() + ": " + (at < 0 ? m : m.substring(0, at));
        }
        throw new AssertionError("no error for " + query);
    }

    /**
     * Memgraph's example graph for BFS and KSHORTEST: A->B, A->C, B->C, B->D, D->C, C->E; F alone.
     * From A, E is two hops away through C and further through B (and D).
     */
    private static final Db ABC = abc();

    private static Db abc() {
        Db db = new Db();
        db.run("CREATE (a:Node {name: 'A'}), (b:Node {name: 'B'}), (c:Node {name: 'C'}), (d:Node {name: 'D'}), "
                + "(e:Node {name: 'E'}), (:Node {name: 'F'}), "
                + "(a)-[:ConnectedTo {ok: true}]->(b), (a)-[:ConnectedTo {ok: false}]->(c), "
                + "(b)-[:ConnectedTo {ok: true}]->(c), (b)-[:ConnectedTo {ok: true}]->(d), "
                + "(d)-[:ConnectedTo {ok: true}]->(c), (c)-[:ConnectedTo {ok: true}]->(e)");
        return db;
    }

    private static final String NAMES = "[x IN nodes(p) | x.name]";

    // ---------------------------------------------------------------- *BFS

    @Test
    void bfsFindsTheShortestPathNotALongerOne() {
        assertThat(ABC.single("MATCH p = (a {name: 'A'})-[*BFS]->(e {name: 'E'}) RETURN " + NAMES))
                .isEqualTo(List.of("A", "C", "E"));
        // the plain variable-length pattern has three paths; BFS keeps one per destination
        assertThat(ABC.single("MATCH (a {name: 'A'})-[*]->(e {name: 'E'}) RETURN count(*)")).isEqualTo(3L);
        assertThat(ABC.single("MATCH (a {name: 'A'}), (e {name: 'E'}) MATCH (a)-[r *BFS]->(e) "
                + "RETURN [x IN r | endNode(x).name]")).isEqualTo(List.of("C", "E"));
    }

    @Test
    void bfsFromABoundSourceYieldsEachReachableNodeOnceNearerFirst() {
        List<List<Object>> rows = ABC.values("MATCH (a {name: 'A'})-[r *BFS]->(m) RETURN m.name, size(r)");
        assertThat(rows).containsExactlyInAnyOrder(row("B", 1L), row("C", 1L), row("D", 2L), row("E", 2L));
        assertThat(rows.stream().map(r -> (Long) r.get(1)).toList()).isSorted();
        // the relationship variable is a list of relationships
        assertThat(ABC.single("MATCH (a {name: 'A'})-[r:ConnectedTo *BFS]->(m {name: 'D'}) "
                + "RETURN [x IN r | type(x)]")).isEqualTo(List.of("ConnectedTo", "ConnectedTo"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "*BFS; B,C,D,E",
        "*BFS 2..; D,E",
        "*BFS 2; D,E",
        "*BFS ..1; B,C",
        "*BFS..1; B,C",
        "*bfs 2..2; D,E",
        "*BFS 1..1; B,C",
        "*BFS 3..; ''",
        "*BFS 0..1; B,C",
        "*BFS 2..1; ''",
        "*BFS ..0; ''",
        "*BFS ..$max; B,C",
        "*BFS bound..; D,E",
        "*BFS settings.min..; D,E",
    })
    void bfsBounds(String traversal, String expected) {
        List<Object> names = ABC.values("WITH 2 AS bound, {min: 2} AS settings "
                + "MATCH (a {name: 'A'})-[" + traversal + "]->(m) RETURN m.name ORDER BY m.name", "max", 1L)
                .stream().map(r -> r.get(0)).toList();
        assertThat(names).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
    }

    @Test
    void bfsBetweenBoundNodesKeepsItsShortestPathOnlyWithinTheBounds() {
        // the shortest A-E path has two hops: a minimum of three finds nothing (the longer paths are not tried)
        assertThat(ABC.run("MATCH p = (a {name: 'A'})-[*BFS 3..]->(e {name: 'E'}) RETURN p")).isEmpty();
        assertThat(ABC.run("MATCH p = (a {name: 'A'})-[*BFS ..1]->(e {name: 'E'}) RETURN p")).isEmpty();
        assertThat(ABC.single("MATCH p = (a {name: 'A'})-[*BFS 2]->(e {name: 'E'}) RETURN length(p)")).isEqualTo(2L);
    }

    @Test
    void bfsFilterLambdaExcludesRelationshipsAndNodes() {
        // without A->C (ok: false) the shortest way to E goes through B
        assertThat(ABC.single("MATCH p = (a {name: 'A'})-[*BFS (r, n | r.ok)]->(e {name: 'E'}) RETURN " + NAMES))
                .isEqualTo(List.of("A", "B", "C", "E"));
        // the relationship property map does the same
        assertThat(ABC.single("MATCH p = (a {name: 'A'})-[*BFS {ok: true}]->(e {name: 'E'}) RETURN " + NAMES))
                .isEqualTo(List.of("A", "B", "C", "E"));
        // without node C, E cannot be reached; the nodes past a refused one are not reached either
        assertThat(ABC.values("MATCH (a {name: 'A'})-[*BFS (r, n | n.name <> 'C')]->(m) RETURN m.name ORDER BY m.name"))
                .containsExactly(row("B"), row("D"));
        // null counts as false
        assertThat(ABC.run("MATCH (a {name: 'A'})-[*BFS (r, n | n.missing)]->(m) RETURN m")).isEmpty();
    }

    @Test
    void bfsFilterLambdaCanReadThePathSoFar() {
        // p ends with the relationship and node being tried: length(p) < 2 keeps one hop
        assertThat(ABC.values("MATCH (a {name: 'A'})-[*BFS (r, n, p | length(p) < 2)]->(m) RETURN m.name "
                + "ORDER BY m.name")).containsExactly(row("B"), row("C"));
        assertThat(ABC.single("MATCH (a {name: 'A'})-[*BFS (r, n, p | last(relationships(p)) = r AND "
                + "last(nodes(p)) = n AND nodes(p)[0] = a)]->(m) RETURN count(m)")).isEqualTo(4L);
        // E is reached through C only, which the path may not pass
        assertThat(ABC.run("MATCH p = (a {name: 'A'})-[*BFS (r, n, path | none(x IN nodes(path) WHERE "
                + "x.name = 'C') OR n.name = 'E')]->(e {name: 'E'}) RETURN p")).isEmpty();
    }

    @Test
    void lambdaVariablesAreLocalShadowOuterOnesAndMayReadOuterVariables() {
        // the lambda's n is not the pattern's n
        assertThat(ABC.values("MATCH (n {name: 'A'})-[*BFS (r, n | n.name <> 'C')]->(m) RETURN n.name, m.name "
                + "ORDER BY m.name")).containsExactly(row("A", "B"), row("A", "D"));
        assertThat(ABC.values("WITH 'C' AS banned MATCH (a {name: 'A'})-[*BFS (r, n | n.name <> banned)]->(m) "
                + "RETURN m.name ORDER BY m.name")).containsExactly(row("B"), row("D"));
        // the source is bound when the walk starts
        assertThat(ABC.single("MATCH (a {name: 'A'})-[*BFS (r, n | n.name > a.name)]->(m) RETURN count(*)"))
                .isEqualTo(4L);
        assertThat(error(ABC, "MATCH (a {name: 'A'})-[*BFS (e, n | true)]->(m) RETURN e"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: Variable `e` not defined");
        assertThat(error(ABC, "MATCH (a {name: 'A'})-[*BFS (e, e | true)]->(m) RETURN m"))
                .startsWith("Neo.ClientError.Statement.SemanticError: Variable `e` already declared");
        // the far end is not bound yet
        assertThat(error(ABC, "MATCH (a {name: 'A'})-[*BFS (e, n | n = m)]->(m) RETURN m"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: Variable `m` not defined");
    }

    @Test
    void bfsDirectionAndTypes() {
        assertThat(ABC.values("MATCH (e {name: 'E'})<-[r *BFS]-(m) RETURN m.name, size(r) ORDER BY m.name"))
                .containsExactly(row("A", 2L), row("B", 2L), row("C", 1L), row("D", 2L));
        assertThat(ABC.values("MATCH (d {name: 'D'})-[r *BFS]-(m) RETURN m.name, size(r) ORDER BY m.name"))
                .containsExactly(row("A", 2L), row("B", 1L), row("C", 1L), row("E", 2L));
        assertThat(ABC.run("MATCH (d {name: 'D'})-[:Other *BFS]-(m) RETURN m")).isEmpty();
        assertThat(ABC.single("MATCH (d {name: 'D'})-[:Other|ConnectedTo *BFS]-(m) RETURN count(m)")).isEqualTo(4L);
        assertThat(ABC.single("MATCH (d {name: 'D'})-[:!Other *BFS]-(m) RETURN count(m)")).isEqualTo(4L);
        assertThat(ABC.run("MATCH (d {name: 'D'})-[:!ConnectedTo *BFS]-(m) RETURN m")).isEmpty();
    }

    @Test
    void anUnreachableDestinationGivesNoRow() {
        assertThat(ABC.run("MATCH (a {name: 'A'}), (f {name: 'F'}) MATCH (a)-[*BFS]-(f) RETURN a")).isEmpty();
        assertThat(ABC.run("MATCH (f {name: 'F'})-[*BFS]-(m) RETURN m")).isEmpty();
        assertThat(ABC.run("MATCH (e {name: 'E'})-[*BFS]->(m) RETURN m")).isEmpty();
        // a path never ends where it starts
        assertThat(ABC.run("MATCH (a {name: 'A'}) MATCH (a)-[*BFS]-(a) RETURN a")).isEmpty();
        assertThat(ABC.values("MATCH (f {name: 'F'}) OPTIONAL MATCH (f)-[r *BFS]-(m) RETURN r, m"))
                .containsExactly(row(null, null));
    }

    @Test
    void withOnlyTheDestinationBoundTheWalkStartsThereAndPathsReadLeftToRight() {
        List<List<Object>> rows = ABC.values("MATCH (e {name: 'E'}) MATCH p = (x)-[r *BFS]->(e) "
                + "RETURN x.name, " + NAMES + ", startNode(r[0]) = x ORDER BY x.name");
        assertThat(rows).containsExactly(row("A", List.of("A", "C", "E"), true), row("B", List.of("B", "C", "E"), true),
                row("C", List.of("C", "E"), true), row("D", List.of("D", "C", "E"), true));
        // with neither end bound, each left node is scanned and walked from
        assertThat(ABC.single("MATCH (x)-[*BFS]->(y) RETURN count(*)")).isEqualTo(4L + 3 + 1 + 2);
        assertThat(ABC.values("MATCH (x:Node {name: 'D'})-[*BFS]->(y) RETURN y.name ORDER BY y.name"))
                .containsExactly(row("C"), row("E"));
        assertThat(error(ABC, "MATCH (e {name: 'E'}) MATCH (x)-[*BFS (r, n | x.name <> 'A')]->(e) RETURN x"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: *BFS cannot read `x`: it is not bound when the "
                        + "traversal starts (bind it in an earlier clause)");
    }

    @Test
    void explainShowsTheTraversal() {
        String plan = ABC.values("EXPLAIN MATCH (e {name: 'E'}) MATCH (x)-[r *BFS ..3 (a, b | a.ok)]->(e) RETURN x")
                .stream().map(r -> (String) r.get(0)).reduce("", (x, y) -> x + "\n" + y);
        assertThat(plan).contains("TraversalExpand (x)-[r *BFS ..3]-(e)").doesNotContain("ScanAll (x)");
    }

    @Test
    void bfsRunsOncePerInputRowAndChainsWithOtherRelationships() {
        assertThat(ABC.values("MATCH (s:Node) WHERE s.name IN ['B', 'D'] MATCH (s)-[*BFS]->(m) "
                + "RETURN s.name, collect(m.name) AS reached ORDER BY s.name").stream()
                .map(r -> row(r.get(0), ((List<?>) r.get(1)).stream().sorted().toList())).toList())
                .containsExactly(row("B", List.of("C", "D", "E")), row("D", List.of("C", "E")));
        assertThat(ABC.values("MATCH p = (a {name: 'A'})-[:ConnectedTo]->(b {name: 'B'})-[*BFS]->(e {name: 'E'}) "
                + "RETURN " + NAMES)).containsExactly(row(List.of("A", "B", "C", "E")));
    }

    @Test
    void bfsRuntimeErrors() {
        assertThat(error(ABC, "MATCH (a {name: 'A'})-[*BFS (r, n | 1)]->(m) RETURN m"))
                .isEqualTo("Neo.ClientError.Statement.TypeError: Expansion condition must evaluate to boolean or "
                        + "null, got Integer (1)");
        assertThat(error(ABC, "MATCH (a {name: 'A'})-[*BFS ..$max]->(m) RETURN m", "max", "two"))
                .isEqualTo("Neo.ClientError.Statement.TypeError: Max depth in breadth-first expansion must be an "
                        + "integer, got String (two)");
    }

    // ---------------------------------------------------------------- *WSHORTEST and *ALLSHORTEST

    /**
     * S to T: directly (weight 10, one hop), through C (2 + 2, two hops), through A and B (1 + 1 + 1,
     * three hops, the lightest). Nodes have a cost too.
     */
    private static final Db ROADS = roads();

    private static Db roads() {
        Db db = new Db();
        db.run("CREATE (s:P {name: 'S', cost: 1}), (a:P {name: 'A', cost: 5}), (b:P {name: 'B', cost: 5}), "
                + "(c:P {name: 'C', cost: 1}), (t:P {name: 'T', cost: 1}), (:P {name: 'Z', cost: 0}), "
                + "(s)-[:R {w: 10}]->(t), (s)-[:R {w: 2}]->(c), (c)-[:R {w: 2}]->(t), "
                + "(s)-[:R {w: 1}]->(a), (a)-[:R {w: 1}]->(b), (b)-[:R {w: 1}]->(t)");
        return db;
    }

    private static final String ST = "MATCH (s {name: 'S'}), (t {name: 'T'}) ";

    @Test
    void wshortestFindsTheLightestPathWhereBfsFindsTheFewestHops() {
        assertThat(ROADS.values(ST + "MATCH p = (s)-[*WSHORTEST (r, n | r.w) total]->(t) RETURN " + NAMES + ", total"))
                .containsExactly(row(List.of("S", "A", "B", "T"), 3L));
        assertThat(ROADS.values(ST + "MATCH p = (s)-[*BFS]->(t) RETURN " + NAMES))
                .containsExactly(row(List.of("S", "T")));
        // the node weights: the start counts (coalesce: the start has no relationship)
        assertThat(ROADS.values(ST + "MATCH p = (s)-[:R *WSHORTEST (r, n | n.cost + coalesce(r.w, 0)) w]->(t) "
                + "RETURN " + NAMES + ", w")).containsExactly(row(List.of("S", "C", "T"), 1L + 2 + 1 + 2 + 1));
        // float weights give a float total
        assertThat(ROADS.single(ST + "MATCH (s)-[*WSHORTEST (r, n | r.w * 0.5) total]->(t) RETURN total"))
                .isEqualTo(1.5);
        // a weight from outside the pattern, the total weight without a name
        assertThat(ROADS.single("WITH 1 AS unit " + ST + "MATCH p = (s)-[*WSHORTEST (r, n | unit)]->(t) "
                + "RETURN length(p)")).isEqualTo(1L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "*WSHORTEST; S,A,B,T; 3",
        "*WSHORTEST 3; S,A,B,T; 3",
        "*WSHORTEST 2; S,C,T; 4",
        "*WSHORTEST ..2; S,C,T; 4",
        "*wShortest..2; S,C,T; 4",
        "*WSHORTEST 1; S,T; 10",
        "*ALLSHORTEST 2; S,C,T; 4",
        "*ALLSHORTEST 1; S,T; 10",
    })
    void anUpperBoundOnHopsCanMakeAHeavierPathTheLightest(String traversal, String path, long weight) {
        assertThat(ROADS.values(ST + "MATCH p = (s)-[" + traversal + " (r, n | r.w) total]->(t) RETURN " + NAMES
                + ", total")).containsExactly(row(List.of(path.split(",")), weight));
    }

    @Test
    void wshortestFromASourceYieldsEveryReachableNodeLighterFirst() {
        List<List<Object>> rows = ROADS.values("MATCH (s {name: 'S'})-[r *WSHORTEST (e, n | e.w) total]->(m) "
                + "RETURN m.name, total, size(r)");
        assertThat(rows).containsExactlyInAnyOrder(row("A", 1L, 1L), row("B", 2L, 2L), row("C", 2L, 1L),
                row("T", 3L, 3L));
        assertThat(rows.stream().map(r -> (Long) r.get(1)).toList()).isSorted();
        // the filter may read the weight so far (w) and the path so far (p)
        assertThat(ROADS.values("MATCH (s {name: 'S'})-[*WSHORTEST (e, n | e.w) total (e, n, p, w | w <= 2)]->(m) "
                + "RETURN m.name, total ORDER BY m.name")).containsExactly(row("A", 1L), row("B", 2L), row("C", 2L));
        assertThat(ROADS.values(ST + "MATCH p = (s)-[*WSHORTEST (e, n | e.w) total (e, n | n.name <> 'B')]->(t) "
                + "RETURN " + NAMES + ", total")).containsExactly(row(List.of("S", "C", "T"), 4L));
        // the walk from the bound destination backwards finds the same weights
        assertThat(ROADS.values("MATCH (t {name: 'T'}) MATCH p = (x)-[*WSHORTEST (e, n | e.w) total]->(t) "
                + "RETURN " + NAMES + ", total ORDER BY total, length(p)")).containsExactly(
                row(List.of("B", "T"), 1L), row(List.of("C", "T"), 2L), row(List.of("A", "B", "T"), 2L),
                row(List.of("S", "A", "B", "T"), 3L));
    }

    @Test
    void theWeightIsComputedForTheRelationshipsTheFilterLetsThrough() {
        // only S->T lacks nothing: the filter drops the others before their (missing) weight is read
        assertThat(ROADS.values(ST + "MATCH p = (s)-[*WSHORTEST (e, n | e.w) total (e, n | e.w < 10)]->(t) RETURN total"))
                .containsExactly(row(3L));
        assertThat(error(ROADS, ST + "MATCH (s)-[*WSHORTEST (e, n | e.missing) total]->(t) RETURN total"))
                .isEqualTo("Neo.ClientError.Statement.TypeError: Weight must be a number, got Null (null)");
    }

    /** S to T by four ways: S-A-T and S-B-T weigh 3, S-C-T 4, S-T 5; U-V-U is a cycle of weight 0. */
    private static final Db TIES = ties();

    private static Db ties() {
        Db db = new Db();
        db.run("CREATE (s:Q {name: 'S'}), (a:Q {name: 'A'}), (b:Q {name: 'B'}), (c:Q {name: 'C'}), "
                + "(t:Q {name: 'T'}), (u:Q {name: 'U'}), (v:Q {name: 'V'}), "
                + "(s)-[:R {w: 1}]->(a), (a)-[:R {w: 2}]->(t), (s)-[:R {w: 2}]->(b), (b)-[:R {w: 1}]->(t), "
                + "(s)-[:R {w: 3}]->(c), (c)-[:R {w: 1}]->(t), (s)-[:R {w: 5}]->(t), "
                + "(t)-[:R {w: 0}]->(u), (u)-[:R {w: 0}]->(v), (v)-[:R {w: 0}]->(u)");
        return db;
    }

    @Test
    void allshortestYieldsEveryPathOfTheLeastWeight() {
        assertThat(TIES.values(ST + "MATCH p = (s)-[*ALLSHORTEST (r, n | r.w) total]->(t) RETURN " + NAMES + ", total "
                + "ORDER BY " + NAMES)).containsExactly(row(List.of("S", "A", "T"), 3L), row(List.of("S", "B", "T"), 3L));
        // WSHORTEST keeps one of them
        assertThat(TIES.single(ST + "MATCH (s)-[*WSHORTEST (r, n | r.w) total]->(t) RETURN total")).isEqualTo(3L);
        assertThat(TIES.run(ST + "MATCH (s)-[*WSHORTEST (r, n | r.w) total]->(t) RETURN total")).hasSize(1);
        // with a unit weight: the fewest hops (the lambda weighs the start too, with a null relationship)
        assertThat(TIES.values(ST + "MATCH p = (s)-[*ALLSHORTEST (r, n | 1) total]->(t) RETURN " + NAMES + ", total"))
                .containsExactly(row(List.of("S", "T"), 2L));
        assertThat(TIES.values(ST + "MATCH p = (s)-[*ALLSHORTEST (r, n | coalesce(r.w * 0 + 1, 0)) total]->(t) "
                + "RETURN total")).containsExactly(row(1L));
        // the filter drops S->A: one lightest path remains
        assertThat(TIES.values(ST + "MATCH p = (s)-[*ALLSHORTEST (r, n | r.w) total (r, n | n.name <> 'A')]->(t) "
                + "RETURN " + NAMES)).containsExactly(row(List.of("S", "B", "T")));
    }

    @Test
    void allshortestKeepsATieThatReachesANodeAfterItsWeightIsKnown() {
        // X is settled (weight 1) before Y, whose zero-weight relationship reaches X at the same weight
        Db db = new Db();
        db.run("CREATE (s {name: 'S'}), (x {name: 'X'}), (y {name: 'Y'}), "
                + "(s)-[:R {w: 1}]->(x), (s)-[:R {w: 1}]->(y), (y)-[:R {w: 0}]->(x)");
        assertThat(db.values("MATCH (s {name: 'S'}), (x {name: 'X'}) "
                + "MATCH p = (s)-[*ALLSHORTEST (r, n | r.w) total]->(x) RETURN " + NAMES + ", total ORDER BY length(p)"))
                .containsExactly(row(List.of("S", "X"), 1L), row(List.of("S", "Y", "X"), 1L));
    }

    @Test
    void allshortestFromASourceCoversEveryNodeAndZeroWeightCyclesEnd() {
        List<List<Object>> rows = TIES.values("MATCH p = (s {name: 'S'})-[*ALLSHORTEST (r, n | r.w) total]->(m) "
                + "RETURN m.name, total, " + NAMES + " ORDER BY m.name, " + NAMES);
        assertThat(rows).containsExactly(row("A", 1L, List.of("S", "A")), row("B", 2L, List.of("S", "B")),
                row("C", 3L, List.of("S", "C")), row("T", 3L, List.of("S", "A", "T")),
                row("T", 3L, List.of("S", "B", "T")), row("U", 3L, List.of("S", "A", "T", "U")),
                row("U", 3L, List.of("S", "B", "T", "U")), row("V", 3L, List.of("S", "A", "T", "U", "V")),
                row("V", 3L, List.of("S", "B", "T", "U", "V")));
    }

    @Test
    void weightErrors() {
        assertThat(error(ROADS, ST + "MATCH (s)-[*WSHORTEST (r, n | -r.w) total]->(t) RETURN total"))
                .isEqualTo("Neo.ClientError.Statement.ArgumentError: Weight must be non-negative, got -10");
        assertThat(error(ROADS, ST + "MATCH (s)-[*ALLSHORTEST (r, n | 'heavy') total]->(t) RETURN total"))
                .isEqualTo("Neo.ClientError.Statement.TypeError: Weight must be a number, got String (heavy)");
        assertThat(error(ROADS, ST + "MATCH (s)-[*WSHORTEST 0 (r, n | r.w) total]->(t) RETURN total"))
                .isEqualTo("Neo.ClientError.Statement.ArgumentError: Maximum depth in weighted shortest path "
                        + "expansion must be at least 1.");
        assertThat(error(ROADS, ST + "MATCH (s)-[*WSHORTEST]->(t) RETURN s"))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: Lambda for calculating weights is mandatory with "
                        + "weighted shortest path expansion, e.g. *WSHORTEST (r, n | r.weight)");
        assertThat(error(ROADS, ST + "MATCH (s)-[*ALLSHORTEST total]->(t) RETURN s"))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: Lambda for calculating weights is mandatory with "
                        + "all shortest paths expansion, e.g. *ALLSHORTEST (r, n | r.weight)");
        assertThat(error(ROADS, ST + "MATCH (s)-[*WSHORTEST 1..2 (r, n | r.w)]->(t) RETURN s"))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: Lower bound is not allowed in weighted or all "
                        + "shortest path expansion.");
        assertThat(error(ROADS, ST + "MATCH (s)-[*WSHORTEST (r, n, p | r.w)]->(t) RETURN s"))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: The weight lambda takes the relationship and the "
                        + "node only, e.g. (r, n | r.weight)");
        assertThat(error(ROADS, ST + "MATCH (s)-[*WSHORTEST (r, n | r.w) s]->(t) RETURN s"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: Variable `s` already declared");
    }

    // ---------------------------------------------------------------- *KSHORTEST

    private static final String AE = "MATCH (a {name: 'A'}), (e {name: 'E'}) WITH a, e ";

    @Test
    void kshortestYieldsTheKShortestSimplePathsShortestFirst() {
        assertThat(ABC.values(AE + "MATCH p = (a)-[*KSHORTEST]->(e) RETURN " + NAMES)).containsExactly(
                row(List.of("A", "C", "E")), row(List.of("A", "B", "C", "E")), row(List.of("A", "B", "D", "C", "E")));
        assertThat(ABC.values(AE + "MATCH p = (a)-[*KSHORTEST|2]->(e) RETURN " + NAMES)).containsExactly(
                row(List.of("A", "C", "E")), row(List.of("A", "B", "C", "E")));
        assertThat(ABC.values(AE + "MATCH p = (a)-[*KSHORTEST 3..4]->(e) RETURN " + NAMES)).containsExactly(
                row(List.of("A", "B", "C", "E")), row(List.of("A", "B", "D", "C", "E")));
        assertThat(ABC.values(AE + "MATCH p = (a)-[*KSHORTEST ..3 | $k]->(e) RETURN length(p)", "k", 5L))
                .containsExactly(row(2L), row(3L));
        assertThat(ABC.values(AE + "MATCH p = (a)-[r *KSHORTEST (x, n | n.name <> 'D')]->(e) RETURN size(r)"))
                .containsExactly(row(2L), row(3L));
        assertThat(ABC.run(AE + "MATCH p = (a)-[*KSHORTEST|0]->(e) RETURN p")).isEmpty();
        assertThat(ABC.run(AE + "MATCH p = (e)-[*KSHORTEST]->(a) RETURN p")).isEmpty();
        // undirected, from E back to A: the same three simple paths
        assertThat(ABC.values(AE + "MATCH p = (e)-[*KSHORTEST]-(a) RETURN " + NAMES)).containsExactly(
                row(List.of("E", "C", "A")), row(List.of("E", "C", "B", "A")), row(List.of("E", "C", "D", "B", "A")));
        // both ends may also come from the same MATCH
        assertThat(ABC.single("MATCH (a {name: 'A'}), (e {name: 'E'}), p = (a)-[*KSHORTEST|1]->(e) RETURN length(p)"))
                .isEqualTo(2L);
    }

    @Test
    void kshortestErrors() {
        assertThat(error(ABC, "MATCH p = (a {name: 'A'})-[*KSHORTEST]->(e {name: 'E'}) RETURN p"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: KSHORTEST expansion requires matched nodes. "
                        + "Try capturing the pair of nodes using a WITH clause.");
        assertThat(error(ABC, AE + "MATCH p = (a)-[*KSHORTEST|$k]->(e) RETURN p", "k", -1L))
                .isEqualTo("Neo.ClientError.Statement.ArgumentError: Limit in KSHORTEST path expansion must not be "
                        + "negative.");
        assertThat(error(ABC, AE + "MATCH p = (a)-[*KSHORTEST (x, n, p | true)]->(e) RETURN p"))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: KSHORTEST expansion does not support the "
                        + "accumulated path in a filter lambda.");
        assertThat(error(ABC, AE + "MATCH p = (a)-[*BFS|2]->(e) RETURN p"))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: Limit parameter is only supported with KSHORTEST "
                        + "path expansion.");
    }

    // ---------------------------------------------------------------- limits

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "MATCH (a:K {i: 1}), (b:K {i: 12}) MATCH p = (a)-[*KSHORTEST]-(b) RETURN count(*)",
        "MATCH (a:K {i: 1})-[*ALLSHORTEST (r, n | 0)]-(b) RETURN count(*)",
    })
    void theTimeLimitStopsATraversalWithVeryManyPaths(String query) {
        // 12 nodes all joined to each other: billions of simple paths, all of weight 0
        Db db = Db.complete(12);
        long t0 = System.nanoTime();
        assertThat(db.failureUnder(new QueryControl(Duration.ofMillis(300), 0), query))
                .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
        assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    }

    // ---------------------------------------------------------------- misuse

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "; =>", value = {
        "MATCH (a)-[*BFS (r, n | true) w]->(b) RETURN a; =>"
                + "SyntaxError: Variable for total weight is allowed only with weighted and all shortest path expansion.",
        "MATCH (a)-[*BFS (r, n | true) (r, n | true)]->(b) RETURN a; =>"
                + "SyntaxError: Only one filter lambda can be supplied.",
        "MATCH (a)-[*WSHORTEST (r, n | 1) w (r, n | true) (r, n | true)]->(b) RETURN a; =>"
                + "SyntaxError: Only one filter lambda can be supplied.",
        "MATCH (a)-[*BFS (r, n, p, w | true)]->(b) RETURN a; =>"
                + "SyntaxError: Accumulated weight in filter lambda can be used only with shortest paths expansion.",
        "MATCH (a)-[* (r, n | true) (r, n | true)]->(b) RETURN a; => SyntaxError: Only one filter lambda can be "
                + "supplied.",
        "MATCH (a)-[* (r, n | true) w]->(b) RETURN a; => SyntaxError: Variable for total weight is allowed only "
                + "with weighted and all shortest path expansion.",
        "MATCH (a)-[*..3 (r, n, p, w | true)]->(b) RETURN a; => SyntaxError: Accumulated weight in filter lambda "
                + "can be used only with shortest paths expansion.",
        "MATCH (a)-[* (r, r | true)]->(b) RETURN a; => SemanticError: Variable `r` already declared",
        "MATCH (a)-[* (r, n | 1)]->(b) RETURN a; => TypeError: Expansion condition must evaluate to boolean or "
                + "null, got Integer (1)",
        "MATCH (a) WHERE (a)-[* (r, n | true)]->() RETURN a; => SemanticError: A filter lambda can only be used in "
                + "a MATCH pattern, not in a pattern predicate",
        "MATCH (a) RETURN [(a)-[* (r, n | true)]->(b) | b] AS x; => SemanticError: A filter lambda can only be used "
                + "in a MATCH pattern, not in a pattern comprehension",
        "MATCH p = shortestPath((a)-[* (r, n | true)]->(b)) RETURN p; => SyntaxError: A filter lambda cannot be "
                + "combined with shortestPath(), allShortestPaths(), a path selector or a quantified path pattern",
        "MATCH p = ANY SHORTEST (a)-[* (r, n | true)]->(b) RETURN p; => SyntaxError: A filter lambda cannot be "
                + "combined with shortestPath(), allShortestPaths(), a path selector or a quantified path pattern",
        "MATCH (a)-[* (r, n | n = b)]->(b) RETURN a; => SemanticError: Variable `b` not defined",
        "USING HOPS LIMIT 5 MATCH (a)-[*]->(b) RETURN a; => SyntaxError: USING HOPS LIMIT is not supported: bound "
                + "the expansions instead (e.g. [*..5], *BFS ..5) or use LIMIT",
        "MATCH (a)-[r (x, n | true)]->(b) RETURN a; => SyntaxError: Filter lambda is only allowed in variable length "
                + "expansion.",
        "MATCH (a)-[*BFS -1..2]->(b) RETURN a; => SyntaxError: The bounds of a variable-length relationship cannot be "
                + "negative",
        "MATCH (a)-[r *BFS WHERE size(r) > 1]->(b) RETURN a; => SyntaxError: Relationship pattern predicates are not "
                + "supported for variable-length relationships.",
        "CREATE (a)-[:R *BFS]->(b); => SemanticError: Variable length relationships cannot be used in CREATE",
        "MATCH (a) WHERE (a)-[*BFS]->() RETURN a; => SemanticError: *BFS can only be used in a MATCH pattern, not in "
                + "a pattern predicate",
        "MATCH (a) RETURN [(a)-[*BFS]->(b) | b] AS x; => SemanticError: *BFS can only be used in a MATCH pattern, not "
                + "in a pattern comprehension",
        "MERGE (a)-[:R *BFS]->(b); => SemanticError: Variable length relationships cannot be used in MERGE",
        "MATCH p = SHORTEST 1 (a)-[*BFS]->(b) RETURN p; => SyntaxError: *BFS cannot be combined with "
                + "shortestPath(), allShortestPaths() or a path selector",
        "MATCH p = shortestPath((a)-[*BFS]->(b)) RETURN p; => SyntaxError: *BFS cannot be combined with shortestPath(), "
                + "allShortestPaths() or a path selector",
    })
    void misuseIsAOneLineError(String query, String expected) {
        assertThat(error(ABC, query)).isEqualTo("Neo.ClientError.Statement." + expected);
    }

    @Test
    void subqueriesPlanTheTraversalAndTheKeywordsIgnoreCase() {
        assertThat(ABC.values("MATCH (a:Node) WHERE EXISTS { MATCH (a)-[*BFS 3..]->(m) } RETURN a.name"))
                .isEmpty();
        assertThat(ABC.values("MATCH (a:Node) WHERE EXISTS { MATCH (a)-[*BFS 2..]->(m {name: 'E'}) } "
                + "RETURN a.name ORDER BY a.name")).containsExactly(row("A"), row("B"), row("D"));
        assertThat(ABC.values("MATCH (a:Node {name: 'A'}) RETURN COUNT { MATCH (a)-[*BFS]->(m) } AS n"))
                .containsExactly(row(4L));
        assertThat(ABC.values("MATCH (a:Node {name: 'A'}) CALL { WITH a MATCH (a)-[r *bfs]->(m) RETURN max(size(r)) AS "
                + "far } RETURN far")).containsExactly(row(2L));
    }
}

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
 * Neo4j 5's graph pattern matching: quantified path patterns ({@code ((a)-[r]->(b) WHERE ...){1,3}}),
 * quantified relationships ({@code -[r]->+}), the quantifiers, group variables, inline WHERE in
 * node and relationship patterns, trail semantics, and the selectors {@code SHORTEST k},
 * {@code SHORTEST k GROUPS}, {@code ALL SHORTEST}, {@code ANY [k]}. Expected results are those of
 * the Neo4j 5 Cypher manual ("Patterns") and of Neo4j's acceptance scenarios for the same graphs.
 */
class QuantifiedPathPatternsTest {

    private static String error(Db db, String query) {
        try {
            db.run(query);
        } catch (CypherException e) {
            String m = e instanceof CypherSyntaxException s ? s.shortMessage() : e.getMessage();
            int at = m.lastIndexOf(" (line ");
            return e.statusCode() + ": " + (at < 0 ? m : m.substring(0, at));
        }
        throw new AssertionError("no error for " + query);
    }

    // ---------------------------------------------------------------- quantified path patterns

    /** Chains of 0, 1, 2 and 3 :REL relationships; nodes numbered 0..9 along them. */
    private static final Db CHAINS = chains();

    private static Db chains() {
        Db db = new Db();
        db.run("CREATE (:N {i: 0}), (:N {i: 1})-[:REL]->(:N {i: 2}), "
                + "(:N {i: 3})-[:REL]->(:N {i: 4})-[:REL]->(:N {i: 5}), "
                + "(:N {i: 6})-[:REL]->(:N {i: 7})-[:REL]->(:N {i: 8})-[:REL]->(:N {i: 9})");
        return db;
    }

    @Test
    void aQuantifiedPathPatternMatchesEachNumberOfIterationsInItsRange() {
        // Neo4j's "Simple quantified path pattern": 3 + 2 + 1 paths of one hop, 2 + 1 of two (spaces allowed)
        assertThat(CHAINS.single("MATCH () (()-->()){1, 2} RETURN count(*) AS count")).isEqualTo(9L);
        assertThat(CHAINS.values("MATCH ((x)-[y]->(z)){2} RETURN [n IN x | n.i] AS x, [n IN z | n.i] AS z, size(y) "
                + "ORDER BY x"))
                .containsExactly(row(List.of(3L, 4L), List.of(4L, 5L), 2L), row(List.of(6L, 7L), List.of(7L, 8L), 2L),
                        row(List.of(7L, 8L), List.of(8L, 9L), 2L));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // every quantifier, as a quantified path pattern and as a quantified relationship
        "(a:N {i: 6}) ((x)-[r]->(y)){2} (b); 2",
        "(a:N {i: 6})-[r]->{2}(b); 2",
        "(a:N {i: 6}) ((x)-[r]->(y)){2,} (b); 2,3",
        "(a:N {i: 6})-[r]->{2,}(b); 2,3",
        "(a:N {i: 6}) ((x)-[r]->(y)){,2} (b); 0,1,2",
        "(a:N {i: 6})-[r]->{,2}(b); 0,1,2",
        "(a:N {i: 6}) ((x)-[r]->(y)){1,2} (b); 1,2",
        "(a:N {i: 6})-[r]->{1,2}(b); 1,2",
        "(a:N {i: 6}) ((x)-[r]->(y))+ (b); 1,2,3",
        "(a:N {i: 6})-[r]->+(b); 1,2,3",
        "(a:N {i: 6}) ((x)-[r]->(y))* (b); 0,1,2,3",
        "(a:N {i: 6})-[r]->*(b); 0,1,2,3",
        "(a:N {i: 6}) ((x)-[r]->(y)){,} (b); 0,1,2,3",
        "(a:N {i: 6}) ((x)-[r]->(y)){0,9} (b); 0,1,2,3",
    })
    void quantifiers(String pattern, String lengths) {
        List<List<Object>> rows = CHAINS.values("MATCH " + pattern + " RETURN size(r) AS n, b.i ORDER BY n");
        assertThat(rows.stream().map(r -> r.get(0).toString()).toList()).containsExactly(lengths.split(","));
        for (List<Object> r : rows) {
            assertThat(r.get(1)).isEqualTo(6L + (Long) r.get(0));
        }
    }

    @Test
    void groupVariablesAreListsOutsideAndSingletonsInTheirPredicates() {
        // Neo4j's "Matching path pattern 1+ times - using Kleene plus"
        Db db = new Db();
        db.run("CREATE (:A)-[:R {id: 1}]->(:B)-[:R {id: 2}]->(:C)");
        assertThat(db.values("MATCH ((x)-[y]->(z))+ RETURN [n IN x | labels(n)[0]] AS x, [r IN y | r.id] AS y, "
                + "[n IN z | labels(n)[0]] AS z ORDER BY size(x), x"))
                .containsExactly(row(List.of("A"), List.of(1L), List.of("B")), row(List.of("B"), List.of(2L), List.of("C")),
                        row(List.of("A", "B"), List.of(1L, 2L), List.of("B", "C")));
        // the predicate of the quantified path pattern, and an inline one, read singletons
        assertThat(db.values("MATCH ((x)-[y]->(z) WHERE y.id > 1)+ RETURN [n IN x | labels(n)[0]]"))
                .containsExactly(row(List.of("B")));
        assertThat(db.values("MATCH ((x)-[y]->(z WHERE z:B))+ RETURN [r IN y | r.id]"))
                .containsExactly(row(List.of(1L)));
        assertThat(db.values("MATCH (a:A) ((x)-[y WHERE y.id < 9]->(z))+ (c:C) RETURN size(y)"))
                .containsExactly(row(2L));
    }

    @Test
    void juxtaposedNodePatternsAndQuantifiedPathPatterns() {
        Db db = new Db();
        db.run("CREATE (:A)-[:R {id: 1}]->(:B)-[:R {id: 2}]->(:C)");
        String names = " RETURN labels(l)[0] AS l, [n IN m | labels(n)[0]] AS m, [n IN n | labels(n)[0]] AS n, "
                + "labels(o)[0] AS o ORDER BY l, size(m)";
        // Neo4j's "Juxtaposing node patterns sandwiching a QPP with min length 0"
        assertThat(db.values("MATCH (l)((m)-[]->(n))*(o)" + names)).containsExactly(
                row("A", List.of(), List.of(), "A"), row("A", List.of("A"), List.of("B"), "B"),
                row("A", List.of("A", "B"), List.of("B", "C"), "C"), row("B", List.of(), List.of(), "B"),
                row("B", List.of("B"), List.of("C"), "C"), row("C", List.of(), List.of(), "C"));
        // a fixed-length pattern before it, and one after it
        assertThat(db.values("MATCH (l)-->(m)((n)-[]->(o))* RETURN labels(l)[0], labels(m)[0], size(n) "
                + "ORDER BY labels(l)[0], size(n)"))
                .containsExactly(row("A", "B", 0L), row("A", "B", 1L), row("B", "C", 0L));
        assertThat(db.values("MATCH (:A)((m)-[]->(n))+(o)-->(p) RETURN size(m), labels(p)[0]"))
                .containsExactly(row(1L, "C"));
        // two quantified path patterns side by side share the node between them
        assertThat(db.values("MATCH ((a)-->(b))+ ((c)-->(d))+ RETURN labels(b[-1])[0], labels(c[0])[0]"))
                .containsExactly(row("B", "B"));
    }

    @Test
    void anIterationMayHaveSeveralHopsAndLabelExpressions() {
        Db db = new Db();
        // Neo4j's "Quantified path pattern where pattern is length > 1"
        db.run("CREATE (:A)-[:R]->(:B)<-[:S]-(:C)-[:R]->(:B)<-[:S]-(:A)");
        assertThat(db.values("MATCH ((x)-[r:R]->(y)<-[s:S]-(z)){1,2} RETURN [n IN x | labels(n)[0]] AS x, "
                + "[n IN z | labels(n)[0]] AS z ORDER BY size(x), x"))
                .containsExactly(row(List.of("A"), List.of("C")), row(List.of("C"), List.of("A")),
                        row(List.of("A", "C"), List.of("C", "A")));
        Db labels = new Db();
        labels.run("CREATE (:A:B)-[:R]->(:A:C)-[:R]->(:D)");
        // Neo4j's "Juxtaposing anchored node patterns that sandwich a QPP with min length 1"
        assertThat(labels.values("MATCH (l:A&!C)((m)-[]->(n))+(o:D) RETURN size(m), size(n)"))
                .containsExactly(row(2L, 2L));
    }

    @Test
    void relationshipsAreWalkedOnceInAMatchSoCyclesEnd() {
        Db db = new Db();
        db.run("CREATE (a:X {n: 'a'})-[:R]->(b:X {n: 'b'})-[:R]->(a)");
        // a-b-a is a trail; going round again would walk a relationship twice
        assertThat(db.values("MATCH (s {n: 'a'})-[:R]->+(t) RETURN [x IN nodes(p) | x.n] AS p".replace(
                "(s {n: 'a'})", "p = (s {n: 'a'})") + " ORDER BY size(p)"))
                .containsExactly(row(List.of("a", "b")), row(List.of("a", "b", "a")));
        // undirected: each relationship once in each path, never back along itself
        assertThat(db.single("MATCH (:X {n: 'a'})-[:R]-+(t) RETURN count(*)")).isEqualTo(4L);
        // and not one another part of the MATCH walked
        assertThat(db.values("MATCH (s {n: 'a'})-[r]->(m), (m)-[q]->+(t) RETURN size(q), t.n"))
                .containsExactly(row(1L, "a"));
        // an equijoin with a group variable is never true (Neo4j's scenario)
        assertThat(db.single("MATCH (a)-[e]->*(b)-[f]->(c) WHERE a = e RETURN count(*) AS count")).isEqualTo(0L);
    }

    @Test
    void aPathVariableHoldsTheWholePath() {
        assertThat(CHAINS.values("MATCH p = (a:N {i: 6})((x)-[r]->(y)){2}(b) RETURN [n IN nodes(p) | n.i], length(p)"))
                .containsExactly(row(List.of(6L, 7L, 8L), 2L));
        assertThat(CHAINS.values("MATCH p = (:N {i: 3})-->*(b) RETURN length(p), size(relationships(p)) "
                + "ORDER BY length(p)"))
                .containsExactly(row(0L, 0L), row(1L, 1L), row(2L, 2L));
    }

    @Test
    void inSubqueriesOptionalMatchAndBesideOtherPatterns() {
        Db db = new Db();
        db.run("CREATE (:A {p: 1}) CREATE (:A {p: 2})-[:K]->(:B {p: 1}) CREATE (:A {p: 3})-[:K]->()-[:K]->(:B {p: 2})");
        // Neo4j's "QPP can appear in an EXISTS clause" and "... in an OPTIONAL MATCH CLAUSE"
        assertThat(db.values("MATCH (a:A) WHERE EXISTS { (a) (()-[:K]->())+ (:B) } RETURN a.p ORDER BY a.p"))
                .containsExactly(row(2L), row(3L));
        assertThat(db.values("MATCH (a:A) OPTIONAL MATCH (a) (()-[:K]->(x))+ (b:B) RETURN a.p, size(x), b.p "
                + "ORDER BY a.p"))
                .containsExactly(row(1L, null, null), row(2L, 1L, 1L), row(3L, 2L, 2L));
        assertThat(db.values("MATCH (a:A) RETURN a.p, COUNT { (a)-[:K]->+() } ORDER BY a.p"))
                .containsExactly(row(1L, 0L), row(2L, 1L), row(3L, 2L));
        // a pattern predicate inside the quantified path pattern, and a variable of an earlier clause
        assertThat(db.values("MATCH (a:A {p: 3}) MATCH (a) ((x)-[:K]->(y) WHERE x.p = a.p OR (x)-->(:B))+ (b:B) "
                + "RETURN size(x)"))
                .containsExactly(row(2L));
    }

    @Test
    void anInlineWhereAfterAQuantifiedPatternReadsItsGroupVariablesAsLists() {
        // the manual's allowed (n)-[r]->+(m WHERE all(rel IN r WHERE ...)), under a selector too
        assertThat(CHAINS.values("MATCH (a:N {i: 6})-[r]->+(m WHERE all(rel IN r WHERE startNode(rel).i < m.i)) "
                + "RETURN m.i ORDER BY m.i")).containsExactly(row(7L), row(8L), row(9L));
        assertThat(CHAINS.values("MATCH (a:N {i: 6}) ((x)-[r]->(y))+ (b WHERE size(x) > 1) RETURN b.i ORDER BY b.i"))
                .containsExactly(row(8L), row(9L));
        assertThat(CHAINS.values("MATCH SHORTEST 1 (a:N {i: 6})-[r]->+(m WHERE size(r) = 2) RETURN m.i"))
                .containsExactly(row(8L));
        // and an inline WHERE that reads an earlier node and relationship of the same pattern
        assertThat(CHAINS.values("MATCH SHORTEST 1 (a:N {i: 6})-[s]->(m)-[t WHERE s <> t AND m.i = 7]->(k) "
                + "RETURN k.i")).containsExactly(row(8L));
        assertThat(error(CHAINS, "MATCH (a:N {i: 6})-[s]->(m)-[t WHERE s <> t]->+(k) RETURN k.i"))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: From within a quantified path pattern, one may only "
                        + "reference variables, that are already bound in a previous `MATCH` clause.\n"
                        + "In this case, s is defined in the same `MATCH` clause as (()-[t WHERE s <> t]->())+.");
    }

    @Test
    void inlineWhereInNodeAndRelationshipPatterns() {
        assertThat(CHAINS.values("MATCH (a:N WHERE a.i > 7) RETURN a.i")).containsExactly(row(8L), row(9L));
        assertThat(CHAINS.values("MATCH (a:N)-[r:REL WHERE startNode(r) = a]->(b WHERE b.i = 5) RETURN a.i"))
                .containsExactly(row(4L));
    }

    // ---------------------------------------------------------------- selectors

    /** The manual's "Shortest paths" graph: stations and the LINKs between them. */
    private static final Db STATIONS = stations();

    private static Db stations() {
        Db db = new Db();
        db.run("CREATE (asc:Station {name: 'Ashchurch'}), (bmv:Station {name: 'Bromsgrove'}), "
                + "(cnm:Station {name: 'Cheltenham Spa'}), (dtw:Station {name: 'Droitwich Spa'}), "
                + "(hby:Station {name: 'Hartlebury'}), (psh:Station {name: 'Pershore'}), "
                + "(wop:Station {name: 'Worcestershire Parkway'}), (wof:Station {name: 'Worcester Foregate Street'}), "
                + "(wos:Station {name: 'Worcester Shrub Hill'}) "
                + "CREATE (asc)-[:LINK {distance: 7.25}]->(cnm), (asc)-[:LINK {distance: 11.29}]->(wop), "
                + "(asc)-[:LINK {distance: 14.75}]->(wos), (bmv)-[:LINK {distance: 31.14}]->(cnm), "
                + "(bmv)-[:LINK {distance: 6.16}]->(dtw), (bmv)-[:LINK {distance: 12.6}]->(wop), "
                + "(dtw)-[:LINK {distance: 5.64}]->(hby), (dtw)-[:LINK {distance: 6.03}]->(wof), "
                + "(dtw)-[:LINK {distance: 5.76}]->(wos), (psh)-[:LINK {distance: 4.16}]->(wop), "
                + "(wop)-[:LINK {distance: 3.71}]->(wos), (wof)-[:LINK {distance: 0.65}]->(wos)");
        return db;
    }

    private static final String WOS_TO_BMV = " (wos:Station)-[:LINK]-+(bmv:Station) "
            + "WHERE wos.name = 'Worcester Shrub Hill' AND bmv.name = 'Bromsgrove' ";

    private static final String STOPS = "RETURN [n IN nodes(p) | n.name] AS stops ORDER BY size(stops), stops";

    @Test
    void shortestKKeepsTheFirstKPathsShortestFirst() {
        assertThat(STATIONS.single("MATCH p = SHORTEST 1" + WOS_TO_BMV + "RETURN length(p) AS result")).isEqualTo(2L);
        assertThat(STATIONS.values("MATCH p = SHORTEST 2" + WOS_TO_BMV + STOPS)).containsExactly(
                row(List.of("Worcester Shrub Hill", "Droitwich Spa", "Bromsgrove")),
                row(List.of("Worcester Shrub Hill", "Worcestershire Parkway", "Bromsgrove")));
        assertThat(STATIONS.values("MATCH p = SHORTEST 5" + WOS_TO_BMV + STOPS)).containsExactly(
                row(List.of("Worcester Shrub Hill", "Droitwich Spa", "Bromsgrove")),
                row(List.of("Worcester Shrub Hill", "Worcestershire Parkway", "Bromsgrove")),
                row(List.of("Worcester Shrub Hill", "Ashchurch", "Cheltenham Spa", "Bromsgrove")),
                row(List.of("Worcester Shrub Hill", "Ashchurch", "Worcestershire Parkway", "Bromsgrove")),
                row(List.of("Worcester Shrub Hill", "Worcester Foregate Street", "Droitwich Spa", "Bromsgrove")));
    }

    @Test
    void allShortestAndShortestGroupsKeepWholeLengths() {
        assertThat(STATIONS.values("MATCH p = ALL SHORTEST" + WOS_TO_BMV + STOPS)).containsExactly(
                row(List.of("Worcester Shrub Hill", "Droitwich Spa", "Bromsgrove")),
                row(List.of("Worcester Shrub Hill", "Worcestershire Parkway", "Bromsgrove")));
        assertThat(STATIONS.values("MATCH p = SHORTEST 2 GROUPS" + WOS_TO_BMV
                + "RETURN length(p) AS pathLength, count(*) AS numPaths ORDER BY pathLength"))
                .containsExactly(row(2L, 2L), row(3L, 3L));
        // more groups than there are: all of them (the manual's SHORTEST 8 GROUPS)
        assertThat(STATIONS.values("MATCH p = SHORTEST 8 GROUPS" + WOS_TO_BMV
                + "RETURN length(p) AS pathLength, count(*) AS numPaths ORDER BY pathLength"))
                .containsExactly(row(2L, 2L), row(3L, 3L), row(4L, 1L), row(5L, 4L), row(6L, 8L), row(7L, 10L),
                        row(8L, 6L));
    }

    @Test
    void anyFindsOnePathWithTheInlinePredicateAppliedFirst() {
        assertThat(STATIONS.values("MATCH path = ANY (:Station {name: 'Pershore'})-[l:LINK WHERE l.distance < 10]-+"
                + "(b:Station {name: 'Bromsgrove'}) RETURN [r IN relationships(path) | r.distance] AS distances"))
                .containsExactly(row(List.of(4.16, 3.71, 5.76, 6.16)));
    }

    @Test
    void selectionIsPerPairOfEndNodes() {
        assertThat(STATIONS.values("UNWIND ['Droitwich Spa', 'Hartlebury'] AS a "
                + "UNWIND ['Ashchurch', 'Cheltenham Spa'] AS b "
                + "MATCH SHORTEST 2 GROUPS (o:Station {name: a})-[l]-+(d:Station {name: b}) "
                + "RETURN o.name AS start, d.name AS end, size(l) AS pathLength, count(*) AS numPaths "
                + "ORDER BY start, end, pathLength"))
                .containsExactly(row("Droitwich Spa", "Ashchurch", 2L, 1L), row("Droitwich Spa", "Ashchurch", 3L, 4L),
                        row("Droitwich Spa", "Cheltenham Spa", 2L, 1L), row("Droitwich Spa", "Cheltenham Spa", 3L, 1L),
                        row("Hartlebury", "Ashchurch", 3L, 1L), row("Hartlebury", "Ashchurch", 4L, 4L),
                        row("Hartlebury", "Cheltenham Spa", 3L, 1L), row("Hartlebury", "Cheltenham Spa", 4L, 1L));
        assertThat(STATIONS.values("MATCH p = SHORTEST 1 (:Station {name: 'Hartlebury'})--+(b:Station) "
                + "RETURN b.name AS destination, length(p) AS pathLength ORDER BY pathLength, destination"))
                .containsExactly(row("Droitwich Spa", 1L), row("Bromsgrove", 2L), row("Worcester Foregate Street", 2L),
                        row("Worcester Shrub Hill", 2L), row("Ashchurch", 3L), row("Cheltenham Spa", 3L),
                        row("Worcestershire Parkway", 3L), row("Pershore", 4L));
    }

    @Test
    void theMatchWhereFiltersAfterTheSelectorAndAPathPredicateBefore() {
        String from = "MATCH SHORTEST 1 (:Station {name: 'Hartlebury'}) (()--(n:Station))+ "
                + "(:Station {name: 'Cheltenham Spa'}) ";
        String stops = "RETURN [stop IN n[..-1] | stop.name] AS stops";
        assertThat(STATIONS.values(from + stops)).containsExactly(row(List.of("Droitwich Spa", "Bromsgrove")));
        // post-filter: the one shortest path goes via Bromsgrove, so nothing is left
        assertThat(STATIONS.values(from + "WHERE none(stop IN n[..-1] WHERE stop.name = 'Bromsgrove') " + stops))
                .isEmpty();
        // pre-filters: inline, and the predicate of a parenthesised path pattern
        assertThat(STATIONS.values("MATCH SHORTEST 1 (:Station {name: 'Hartlebury'}) "
                + "(()--(n:Station WHERE n.name <> 'Bromsgrove'))+ (:Station {name: 'Cheltenham Spa'}) " + stops))
                .containsExactly(row(List.of("Droitwich Spa", "Worcester Shrub Hill", "Ashchurch")));
        assertThat(STATIONS.values("MATCH SHORTEST 1 ( (:Station {name: 'Hartlebury'}) (()--(n:Station))+ "
                + "(:Station {name: 'Cheltenham Spa'}) WHERE none(stop IN n[..-1] WHERE stop.name = 'Bromsgrove') ) "
                + stops))
                .containsExactly(row(List.of("Droitwich Spa", "Worcester Shrub Hill", "Ashchurch")));
        String order = " RETURN b.name AS destination, length(p) AS pathLength ORDER BY pathLength, destination";
        assertThat(STATIONS.values("MATCH p = SHORTEST 1 (:Station {name: 'Hartlebury'})--+(b:Station) "
                + "WHERE length(p) % 2 = 0" + order))
                .containsExactly(row("Bromsgrove", 2L), row("Worcester Foregate Street", 2L),
                        row("Worcester Shrub Hill", 2L), row("Pershore", 4L));
        assertThat(STATIONS.values("MATCH SHORTEST 1 (p = (:Station {name: 'Hartlebury'})--+(b:Station) "
                + "WHERE length(p) % 2 = 0)" + order))
                .containsExactly(row("Bromsgrove", 2L), row("Worcester Foregate Street", 2L),
                        row("Worcester Shrub Hill", 2L), row("Ashchurch", 4L), row("Cheltenham Spa", 4L),
                        row("Droitwich Spa", 4L), row("Pershore", 4L), row("Worcestershire Parkway", 4L));
    }

    /** Neo4j's acceptance graph with ties: two :S, one :T, an :X in the middle. */
    private static final Db TIES = ties();

    private static Db ties() {
        Db db = new Db();
        db.run("CREATE (s1:S {n: 's1'}), (s2:S {n: 's2'}), (t1:T {n: 't1'}), (x:X), "
                + "(s1)-[:R]->(s2)-[:R]->(c)-[:R]->(f)-[:R]->(t1), (s1)-[:R]->(b)-[:R]->(e)-[:R]->(g)-[:R]->(t1), "
                + "(s2)-[:R]->(x)-[:R]->(f), (b)-[:R]->(x)-[:R]->(g)");
        return db;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "ANY SHORTEST;; [[s1-t1, [[4, 1]]], [s2-t1, [[3, 1]]]]",
        "SHORTEST 1;; [[s1-t1, [[4, 1]]], [s2-t1, [[3, 1]]]]",
        "SHORTEST 6;; [[s1-t1, [[4, 6]]], [s2-t1, [[3, 3], [5, 3]]]]",
        "SHORTEST 7;; [[s1-t1, [[4, 6], [6, 1]]], [s2-t1, [[3, 3], [5, 4]]]]",
        "ALL SHORTEST;; [[s1-t1, [[4, 6]]], [s2-t1, [[3, 3]]]]",
        "SHORTEST GROUP;; [[s1-t1, [[4, 6]]], [s2-t1, [[3, 3]]]]",
        "SHORTEST 1 PATHS GROUPS;; [[s1-t1, [[4, 6]]], [s2-t1, [[3, 3]]]]",
        "SHORTEST 4 GROUPS;; [[s1-t1, [[4, 6], [6, 4], [8, 6]]], [s2-t1, [[3, 3], [5, 5], [7, 6], [9, 10]]]]",
        "ALL;; [[s1-t1, [[4, 6], [6, 4], [8, 6]]], [s2-t1, [[3, 3], [5, 5], [7, 6], [9, 10]]]]",
        "ALL PATHS;; [[s1-t1, [[4, 6], [6, 4], [8, 6]]], [s2-t1, [[3, 3], [5, 5], [7, 6], [9, 10]]]]",
        "ANY SHORTEST PATH; :!X; [[s1-t1, [[4, 1]]], [s2-t1, [[3, 1]]]]",
        "SHORTEST 2 PATHS; :!X; [[s1-t1, [[4, 2]]], [s2-t1, [[3, 1], [5, 1]]]]",
        "ALL SHORTEST PATHS; :!X; [[s1-t1, [[4, 2]]], [s2-t1, [[3, 1]]]]",
        "SHORTEST 3 GROUPS; :!X; [[s1-t1, [[4, 2]]], [s2-t1, [[3, 1], [5, 1]]]]",
    })
    void selectorsOnPathsOfEqualLength(String selector, String filter, String expected) {
        String query = "MATCH p = " + selector + " (:S) (()--(" + (filter == null ? "" : filter) + "))+ (:T) "
                + "WITH [n IN nodes(p) | n] AS nodes, size(relationships(p)) AS pathLength "
                + "WITH nodes[0].n AS first, nodes[-1].n AS last, pathLength, count(*) AS numMatches "
                + "ORDER BY first, last, pathLength "
                + "WITH first + '-' + last AS partition, collect([pathLength, numMatches]) AS matches "
                + "RETURN collect([partition, matches]) AS result";
        assertThat(TIES.single(query).toString()).isEqualTo(expected);
    }

    @Test
    void anyKKeepsKPathsPerPair() {
        // Neo4j's "ANY path selectors return correct number of paths": 16 and 17 paths in all
        assertThat(TIES.values("MATCH p = ANY 17 (:S) (()--())+ (:T) RETURN nodes(p)[0].n AS s, count(*) ORDER BY s"))
                .containsExactly(row("s1", 16L), row("s2", 17L));
        assertThat(TIES.values("MATCH p = ANY 2 PATHS (:S) (()--(:!X))+ (:T) RETURN nodes(p)[0].n AS s, count(*) "
                + "ORDER BY s"))
                .containsExactly(row("s1", 2L), row("s2", 2L));
        assertThat(TIES.values("MATCH p = ANY (:S) (()--(:!X))+ (:T) RETURN nodes(p)[0].n AS s, count(*) ORDER BY s"))
                .containsExactly(row("s1", 1L), row("s2", 1L));
    }

    @Test
    void aLegacyVariableLengthRelationshipUnderASelector() {
        assertThat(STATIONS.values("MATCH p = SHORTEST 1 (a:Station {name: 'Pershore'})-[r:LINK*]-"
                + "(b:Station {name: 'Hartlebury'}) RETURN size(r), length(p)"))
                .containsExactly(row(4L, 4L));
    }

    @Test
    void shortestPathFunctionsStillWork() {
        assertThat(STATIONS.values("MATCH (a:Station {name: 'Pershore'}), (b:Station {name: 'Hartlebury'}) "
                + "MATCH p = shortestPath((a)-[:LINK*]-(b)) RETURN length(p)")).containsExactly(row(4L));
        assertThat(STATIONS.values("MATCH (a:Station {name: 'Worcester Shrub Hill'}), (b:Station {name: 'Bromsgrove'})"
                + " MATCH p = allShortestPaths((a)-[:LINK*]-(b)) RETURN count(p)")).containsExactly(row(2L));
    }

    // ---------------------------------------------------------------- errors

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "MATCH (())+ RETURN 1|A quantified path pattern needs to have at least one relationship.\\n"
                + "In this case, the quantified path pattern (())+ consists of only one node.",
        "MATCH (()--())* RETURN 1|A top-level path pattern in a `MATCH` clause must be written such that it always "
                + "evaluates to at least one node pattern.\\nIn this case, `(()--()){0}` would result in an empty "
                + "pattern.",
        "MATCH ((a)-->(b))*((c)-->(d)){0,} RETURN 1|A top-level path pattern in a `MATCH` clause must be written "
                + "such that it always evaluates to at least one node pattern.\\nIn this case, `((a)-->(b)){0} "
                + "((c)-->(d)){0}` would result in an empty pattern.",
        "MATCH ()((a)-->(b)){3,2} RETURN 1|A quantifier for a path pattern must not have a lower bound which "
                + "exceeds its upper bound.\\nIn this case, the lower bound 3 is greater than the upper bound 2.",
        "MATCH ()((a)-->(b)){0} RETURN 1|A quantifier for a path pattern must not be limited by 0.",
        "MATCH ()((a)-->(b)){, 0} RETURN 1|A quantifier for a path pattern must not be limited by 0.",
        "MATCH (((a)-[b]->(c))*)+ RETURN 1|Quantified path patterns are not allowed to be nested.",
        "MATCH ((a)-->(b)-[r]->*(c))+ RETURN 1|Quantified path patterns are not allowed to be nested.",
        "MATCH ((a)-[r*2]->(b))+ RETURN 1|Variable length relationships cannot be part of a quantified path "
                + "pattern.",
        "MATCH ((p = (a)-->(b)))+ RETURN 1|Quantified path patterns are not allowed to be nested.",
        "MATCH (p = (a)-->(b))+ RETURN 1|Assigning a path in a quantified path pattern is not yet supported.",
        "MATCH (x)-->(y)((a)-[e]->(b {h: x.h}))* (s)-->(u) RETURN count(*)|From within a quantified path pattern, "
                + "one may only reference variables, that are already bound in a previous `MATCH` clause.\\n"
                + "In this case, x is defined in the same `MATCH` clause as ((a)-[e]->(b {h: x.h}))*.",
        "MATCH (a)-[*]->(b), (c)-->+(d) RETURN 1|Mixing variable-length relationships ('-[*]-') with quantified "
                + "relationships ('()-->*()') or quantified path patterns ('(()-->())*') is not allowed.",
        "MATCH p = SHORTEST 1 (a)-->+(b), (c) RETURN 1|Multiple path patterns cannot be used in the same clause in "
                + "combination with a selective path selector.",
        "MATCH SHORTEST 0 (a)-->+(b) RETURN 1|The path count needs to be greater than 0.",
        "MATCH ANY 0 (a)-->+(b) RETURN 1|The path count needs to be greater than 0.",
        "MATCH SHORTEST 0 GROUPS (a)-->+(b) RETURN 1|The group count needs to be greater than 0.",
        "MATCH p = ANY shortestPath((a)-[*]->(b)) RETURN 1|Mixing shortestPath/allShortestPaths with path selectors "
                + "(e.g. `ANY SHORTEST`), explicit match modes (e.g. `DIFFERENT RELATIONSHIPS`) or explicit path "
                + "modes (e.g. `ACYCLIC`) is not allowed.",
        "MATCH p = shortestPath((a)-->+(b)) RETURN 1|Invalid input '+': expected '('",
        "CREATE (a)-[:R]->+(b)|Quantified path patterns are not allowed in CREATE, but only in MATCH clause.",
        "MERGE (a)-[:R]->{2}(b)|Quantified path patterns are not allowed in MERGE, but only in MATCH clause.",
        "MERGE (a WHERE a.p = 1)|Node pattern predicates are not allowed in MERGE, but only in MATCH clause or "
                + "inside a pattern comprehension",
        "CREATE (a)-[r:R WHERE r.p = 1]->(b)|Relationship pattern predicates are not allowed in CREATE, but only "
                + "in MATCH clause or inside a pattern comprehension",
        "MATCH (a)-[r*1..2 WHERE r IS NULL]->(b) RETURN 1|Relationship pattern predicates are not supported for "
                + "variable-length relationships.",
    })
    void misusesAreSyntaxErrorsWithNeo4jsMessages(String query, String message) {
        // a \n in the table is a line break of the message
        assertThat(error(STATIONS, query))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: " + message.replace("\\n", "\n"));
    }

    @Test
    void aParameterMapInAQuantifiedPathPatternIsRefusedAsInAnyMatch() {
        assertThat(error(STATIONS, "MATCH (a) ((x $p)-->(y))+ RETURN 1"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: Parameter maps cannot be used in MATCH patterns "
                        + "(use a literal map instead, e.g. {id: $p.id})");
        assertThat(error(STATIONS, "MATCH (a)-[r $p]->+(b) RETURN 1"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: Parameter maps cannot be used in MATCH patterns "
                        + "(use a literal map instead, e.g. {id: $p.id})");
    }

    @Test
    void aGroupVariableIsAListWherePatternsAndPropertiesNeedOneEntity() {
        assertThat(error(STATIONS, "MATCH ((x)-[r]->(z)){2,3} WHERE z.p > x.p RETURN 1"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: Type mismatch: expected Map, Node, Relationship, "
                        + "Point, Duration, Date, Time, LocalTime, LocalDateTime or DateTime but was List<Node>");
        assertThat(error(STATIONS, "MATCH ((a)-[b]->(c))* (d)-[e]->(a) RETURN 1"))
                .isEqualTo("Neo.ClientError.Statement.SemanticError: Type mismatch: a defined with conflicting type "
                        + "List<Node> (expected Node)");
        assertThat(error(STATIONS, "MATCH (a) MATCH (x)--(y)((a)-->(t)){1,5}()-->(z) RETURN 1"))
                .isEqualTo("Neo.ClientError.Statement.SyntaxError: The variable `a` is declared both in a quantified "
                        + "path pattern and elsewhere; a variable of a quantified path pattern is a group variable, "
                        + "declared once");
    }

    // ---------------------------------------------------------------- limits

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "MATCH (a:K {i: 1})--+(b) RETURN count(*)",
        "MATCH p = SHORTEST 100000000 (a:K {i: 1})--+(b) RETURN count(*)",
    })
    void theTimeLimitStopsAWalkThroughVeryManyTrails(String query) {
        // 10 nodes all joined to each other: billions of trails
        Db db = Db.complete(10);
        long t0 = System.nanoTime();
        assertThat(db.failureUnder(new QueryControl(Duration.ofMillis(300), 0), query))
                .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
        assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    }

    @Test
    void aLongPathIsWalkedWithoutRecursion() {
        // 100,000 hops: a recursive walk would overflow the stack, and a walk that looked through the
        // path for each relationship it tries would take minutes
        Db db = new Db();
        db.run("CREATE INDEX ON :L(i)");
        db.run("UNWIND range(1, 100000) AS i CREATE (:L {i: i})");
        db.run("UNWIND range(1, 99999) AS i MATCH (a:L {i: i}), (b:L {i: i + 1}) CREATE (a)-[:NEXT]->(b)");
        assertThat(db.values("MATCH p = (a:L {i: 1})-[:NEXT]->+(b:L {i: 100000}) RETURN length(p)"))
                .containsExactly(row(99999L));
        assertThat(db.values("MATCH (a:L {i: 1}), (b:L {i: 5000}) MATCH p = SHORTEST 1 (a)-[:NEXT]->+(b) "
                + "RETURN length(p)")).containsExactly(row(4999L));
    }
}

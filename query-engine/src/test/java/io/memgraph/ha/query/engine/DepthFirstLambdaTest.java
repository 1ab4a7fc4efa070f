package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Memgraph's filter lambda on a plain variable-length relationship (its depth-first expansion):
 * {@code (e, n | expr)} and {@code (e, n, p | expr)}, asked for each step as the walk goes.
 */
class DepthFirstLambdaTest {

    /**
     * Memgraph's example graph: A->B, A->C, B->C, B->D, D->C, C->E (every relationship {@code w}
     * its number, 1 to 6; A->C has {@code ok: false}); F alone. Nodes B, C, D, E are {@code on}
     * except D.
     */
    private static final Db ABC = abc();

    private static Db abc() {
        Db db = new Db();
        db.run("CREATE (a:Node {name: 'A', on: true}), (b:Node {name: 'B', on: true}), (c:Node {name: 'C', on: true}),"
                + " (d:Node {name: 'D', on: false}), (e:Node {name: 'E', on: true}), (:Node {name: 'F'}), "
                + "(a)-[:T {w: 1, ok: true}]->(b), (a)-[:T {w: 2, ok: false}]->(c), (b)-[:T {w: 3, ok: true}]->(c), "
                + "(b)-[:T {w: 4, ok: true}]->(d), (d)-[:T {w: 5, ok: true}]->(c), (c)-[:T {w: 6, ok: true}]->(e)");
        return db;
    }

    private static List<Object> paths(String match) {
        return ABC.values(match + " RETURN [x IN nodes(p) | x.name] AS names ORDER BY names").stream()
                .map(r -> r.get(0)).toList();
    }

    @Test
    void theLambdaOnTheRelationshipPrunesTheWalk() {
        assertThat(paths("MATCH p = (a {name: 'A'})-[*]->(e {name: 'E'})")).containsExactly(
                List.of("A", "B", "C", "E"), List.of("A", "B", "D", "C", "E"), List.of("A", "C", "E"));
        assertThat(paths("MATCH p = (a {name: 'A'})-[* (r, n | r.ok)]->(e {name: 'E'})")).containsExactly(
                List.of("A", "B", "C", "E"), List.of("A", "B", "D", "C", "E"));
    }

    @Test
    void theLambdaOnTheNodeReachedStopsTheWalkThere() {
        // D is not on: no path goes through it, though D->C->E would be fine
        assertThat(paths("MATCH p = (a {name: 'A'})-[* (r, n | n.on)]->(e {name: 'E'})")).containsExactly(
                List.of("A", "B", "C", "E"), List.of("A", "C", "E"));
        assertThat(paths("MATCH p = (a {name: 'A'})-[* (r, n | n.on)]->(x)")).containsExactly(
                List.of("A", "B"), List.of("A", "B", "C"), List.of("A", "B", "C", "E"), List.of("A", "C"),
                List.of("A", "C", "E"));
    }

    @Test
    void aNullLambdaRefusesTheStep() {
        // no relationship has `x`: null is not true
        assertThat(ABC.single("MATCH (a {name: 'A'})-[* (r, n | r.x)]->(b) RETURN count(*)")).isEqualTo(0L);
        assertThat(ABC.single("MATCH (a {name: 'A'})-[* (r, n | r.x IS NULL)]->(b) RETURN count(*)")).isEqualTo(8L);
    }

    @Test
    void thePathIncludesTheStepBeingTested() {
        // p ends at n over r; its length is the depth of the step
        assertThat(ABC.single("MATCH (a {name: 'A'})-[* (r, n, p | last(relationships(p)) = r AND last(nodes(p)) = n "
                + "AND nodes(p)[0] = a)]->(b) RETURN count(*)")).isEqualTo(8L);
        assertThat(paths("MATCH p = (a {name: 'A'})-[* (r, n, q | length(q) <= 2)]->(x)")).containsExactly(
                List.of("A", "B"), List.of("A", "B", "C"), List.of("A", "B", "D"), List.of("A", "C"),
                List.of("A", "C", "E"));
        // the sum of the weights so far, through the path
        assertThat(paths("MATCH p = (a {name: 'A'})-[* (r, n, q | reduce(s = 0, x IN relationships(q) | s + x.w) "
                + "<= 9)]->(e {name: 'E'})")).containsExactly(List.of("A", "C", "E"));
    }

    @Test
    void boundsAndDirectionsWorkAsForPlainStar() {
        assertThat(paths("MATCH p = (a {name: 'A'})-[*2 (r, n | n.on)]->(x)")).containsExactly(
                List.of("A", "B", "C"), List.of("A", "C", "E"));
        assertThat(paths("MATCH p = (a {name: 'A'})-[*2..3 (r, n | r.ok)]->(x)")).containsExactly(
                List.of("A", "B", "C"), List.of("A", "B", "C", "E"), List.of("A", "B", "D"), List.of("A", "B", "D", "C"));
        assertThat(paths("MATCH p = (a {name: 'A'})-[*..1 (r, n | true)]->(x)")).containsExactly(
                List.of("A", "B"), List.of("A", "C"));
        // *0.. keeps the empty path: the lambda judges steps only
        assertThat(paths("MATCH p = (a {name: 'A'})-[*0..1 (r, n | false)]->(x)")).containsExactly(List.of("A"));
        // incoming, from E back: n is the node the walk reaches
        assertThat(paths("MATCH p = (e {name: 'E'})<-[* (r, n | n.name <> 'B')]-(x)")).containsExactly(
                List.of("E", "C"), List.of("E", "C", "A"), List.of("E", "C", "D"));
        // both directions; a relationship is not taken twice in a path
        assertThat(paths("MATCH p = (d {name: 'D'})-[* (r, n | r.w >= 4)]-(x)")).containsExactly(
                List.of("D", "B"), List.of("D", "C"), List.of("D", "C", "E"));
    }

    @Test
    void theLambdaReadsVariablesBoundBeforeTheMatch() {
        assertThat(paths("WITH 3 AS limit MATCH p = (a {name: 'A'})-[* (r, n | r.w <= limit)]->(x)")).containsExactly(
                List.of("A", "B"), List.of("A", "B", "C"), List.of("A", "C"));
        assertThat(ABC.values("UNWIND [1, 5] AS lo MATCH (a {name: 'A'})-[* (r, n | r.w >= lo OR r.w = 1)]->(x) "
                + "RETURN lo, count(*) ORDER BY lo")).containsExactly(List.of(1L, 8L), List.of(5L, 1L));
        // the start node is bound when the walk starts
        assertThat(paths("MATCH p = (a {name: 'A'})-[* (r, n | n <> a AND startNode(r) <> a OR r.w = 1)]->(x)"))
                .containsExactly(List.of("A", "B"), List.of("A", "B", "C"), List.of("A", "B", "C", "E"),
                        List.of("A", "B", "D"), List.of("A", "B", "D", "C"), List.of("A", "B", "D", "C", "E"));
        // the lambda's variables hide outer ones and leave them alone
        assertThat(ABC.values("MATCH (n {name: 'A'})-[* (r, n | n.on)]->(m {name: 'E'}) RETURN n.name"))
                .containsExactly(List.of("A"), List.of("A"));
    }

    @Test
    void fromABoundRightEndTheLambdaSeesTheNodesTheWalkReaches() {
        // walked back from E: the lambda is asked for C, then B or A (D is off, so D->C->E is not found)
        assertThat(paths("MATCH (e {name: 'E'}) MATCH p = (x)-[* (r, n | n.on)]->(e)")).containsExactly(
                List.of("A", "B", "C", "E"), List.of("A", "C", "E"), List.of("B", "C", "E"), List.of("C", "E"));
        assertThatThrownBy(() -> ABC.run("MATCH (e {name: 'E'}) MATCH (x)-[* (r, n | x.name <> 'A')]->(e) RETURN x"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("A filter lambda cannot read `x`: it is not bound when the expansion starts "
                        + "(bind it in an earlier clause)");
    }

    @Test
    void aNonBooleanResultIsATypeError() {
        assertThatThrownBy(() -> ABC.run("MATCH (a {name: 'A'})-[* (r, n | r.w)]->(b) RETURN b"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("Expansion condition must evaluate to boolean or null, got Integer (1)");
    }

    @Test
    void equalsTheWhereAllForm() {
        String lambda = "MATCH p = (a {name: 'A'})-[rs * (r, n | r.w % 2 = 1 OR n.name = 'C')]->(x)";
        String whereAll = "MATCH p = (a {name: 'A'})-[rs *]->(x) WHERE all(i IN range(0, size(rs) - 1) "
                + "WHERE rs[i].w % 2 = 1 OR nodes(p)[i + 1].name = 'C')";
        assertThat(paths(lambda)).isEqualTo(paths(whereAll)).isNotEmpty();
    }

    @Test
    void explainAndOptionalMatch() {
        assertThat(ABC.values("OPTIONAL MATCH (a {name: 'F'})-[* (r, n | true)]->(x) RETURN x"))
                .containsExactly(java.util.Arrays.asList((Object) null));
        assertThat(ABC.values("EXPLAIN MATCH (a {name: 'A'})-[* (r, n | true)]->(x) RETURN x").toString())
                .contains("VarLengthExpand");
    }
}

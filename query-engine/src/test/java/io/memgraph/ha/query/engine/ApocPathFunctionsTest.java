package io.memgraph.ha.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.query.error.CypherException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** APOC's path functions {@code apoc.path.create}, {@code combine}, {@code slice} and {@code elements}. */
class ApocPathFunctionsTest {
    private final Db db = new Db();

    /** The graph (a)-[ab:R]->(b)<-[cb:S]-(c)-[cd:T]->(d), and a lone (x); every element has its name in {@code n}. */
    @BeforeEach
    void graph() {
        db.run("CREATE (a {n: 'a'})-[:R {n: 'ab'}]->(b {n: 'b'}), (c {n: 'c'})-[:S {n: 'cb'}]->(b),"
                + " (c)-[:T {n: 'cd'}]->(d {n: 'd'}), ({n: 'x'})");
    }

    private static final String MATCH = "MATCH (a {n: 'a'})-[ab:R]->(b)<-[cb:S]-(c)-[cd:T]->(d), (x {n: 'x'}) ";

    /**
     * The path {@code expression} gives, as names from its nodes() and relationships() (not
     * through apoc.path.elements): "a ab b cb c"; null for a null path.
     */
    private String walk(String expression) {
        Object v = db.single(MATCH + "WITH " + expression + " AS p"
                + " RETURN CASE WHEN p IS NULL THEN null ELSE [[n IN nodes(p) | n.n], [r IN relationships(p) | r.n]] END");
        if (v == null) {
            return null;
        }
        List<?> parts = (List<?>) v;
        List<?> nodes = (List<?>) parts.get(0);
        List<?> rels = (List<?>) parts.get(1);
        List<Object> names = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            names.add(nodes.get(i));
            if (i < rels.size()) {
                names.add(rels.get(i));
            }
        }
        return String.join(" ", names.stream().map(String::valueOf).toList());
    }

    private void fails(String expression, String status, String message) {
        assertThatThrownBy(() -> walk(expression)).isInstanceOf(CypherException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((CypherException) e).statusCode()).isEqualTo(status));
    }

    @Test
    void createFollowsTheRelationshipsInEitherDirection() {
        assertThat(walk("apoc.path.create(a, [ab])")).isEqualTo("a ab b");
        assertThat(walk("apoc.path.create(a, [ab, cb, cd])")).isEqualTo("a ab b cb c cd d");
        assertThat(walk("apoc.path.create(d, [cd, cb, ab])")).isEqualTo("d cd c cb b ab a");
        assertThat(walk("apoc.path.create(b, [ab, ab])")).isEqualTo("b ab a ab b");
        assertThat(walk("apoc.path.create(a, [])")).isEqualTo("a");
        assertThat(walk("apoc.path.create(a)")).isEqualTo("a");
        assertThat(db.single(MATCH + "RETURN length(apoc.path.create(a, [ab, cb, cd]))")).isEqualTo(3L);
        // the path equals the one MATCH binds
        assertThat(db.single("MATCH p = (a {n: 'a'})-[ab:R]->(b)<-[cb:S]-(c) RETURN apoc.path.create(a, [ab, cb]) = p"))
                .isEqualTo(true);
    }

    @Test
    void createSkipsNullsAndGivesNullForANullStart() {
        assertThat(walk("apoc.path.create(a, [ab, null, cb])")).isEqualTo("a ab b cb c");
        assertThat(walk("apoc.path.create(a, null)")).isEqualTo("a");
        assertThat(walk("apoc.path.create(null, [ab])")).isNull();
        // as in APOC's example: the relationships of OPTIONAL MATCHes that found nothing
        assertThat(db.single("MATCH (a {n: 'a'}) OPTIONAL MATCH (a)-[r:R]->(b) OPTIONAL MATCH (b)-[s:NONE]->(c)"
                + " RETURN length(apoc.path.create(a, [r, s]))")).isEqualTo(1L);
    }

    @Test
    void createRejectsARelationshipThatDoesNotContinueThePath() {
        fails("apoc.path.create(a, [cd])", "Neo.ClientError.Statement.ArgumentError",
                "does not continue the path from its end node");
        fails("apoc.path.create(a, [ab, cd])", "Neo.ClientError.Statement.ArgumentError",
                "does not continue the path from its end node");
        fails("apoc.path.create(x, [ab])", "Neo.ClientError.Statement.ArgumentError",
                "does not continue the path from its end node");
        fails("apoc.path.create(ab, [ab])", "Neo.ClientError.Statement.TypeError",
                "expected a Node for argument 1 of apoc.path.create()");
        fails("apoc.path.create(a, [ab, 1])", "Neo.ClientError.Statement.TypeError",
                "expected a List of Relationships for argument 2 of apoc.path.create()");
    }

    @Test
    void combineAppendsTheSecondPath() {
        assertThat(walk("apoc.path.combine(apoc.path.create(a, [ab]), apoc.path.create(b, [cb, cd]))"))
                .isEqualTo("a ab b cb c cd d");
        assertThat(walk("apoc.path.combine(apoc.path.create(a, [ab]), apoc.path.create(b))")).isEqualTo("a ab b");
        assertThat(walk("apoc.path.combine(apoc.path.create(a), apoc.path.create(a, [ab]))")).isEqualTo("a ab b");
        assertThat(db.single("MATCH p1 = (a {n: 'a'})-[:R]->(b) MATCH p2 = (b)<-[:S]-(c)"
                + " RETURN [n IN nodes(apoc.path.combine(p1, p2)) | n.n]")).isEqualTo(List.of("a", "b", "c"));
    }

    @Test
    void combineWithANullPathGivesTheOther() {
        assertThat(walk("apoc.path.combine(null, apoc.path.create(b, [cb]))")).isEqualTo("b cb c");
        assertThat(walk("apoc.path.combine(apoc.path.create(a, [ab]), null)")).isEqualTo("a ab b");
        assertThat(walk("apoc.path.combine(null, null)")).isNull();
    }

    @Test
    void combineRejectsPathsThatDoNotMeet() {
        fails("apoc.path.combine(apoc.path.create(a, [ab]), apoc.path.create(c, [cd]))",
                "Neo.ClientError.Statement.ArgumentError", "not at the first path's end node");
        fails("apoc.path.combine(apoc.path.create(a, [ab]), ab)", "Neo.ClientError.Statement.TypeError",
                "expected a Path for argument 2 of apoc.path.combine()");
    }

    private static final String THREE = "apoc.path.create(a, [ab, cb, cd])";

    @ParameterizedTest(name = "slice(a ab b cb c cd d{0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "'' | a ab b cb c cd d", ", 1 | b cb c cd d", ", 1, 1 | b cb c", ", 0, 2 | a ab b cb c",
        ", 2, -1 | c cd d", ", 1, 0 | b", ", 3 | d"})
    void sliceTakesLengthRelationshipsFromOffset(String args, String expected) {
        assertThat(walk("apoc.path.slice(" + THREE + args + ")")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "slice(a ab b cb c cd d{0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        ", -2, 1 | a ab b", ", 5 | d", ", 5, 2 | d", ", 1, 10 | b cb c cd d", ", 1, -5 | b",
        ", null, null | a ab b cb c cd d"})
    void sliceClampsOutOfRangeOffsetsAndLengths(String args, String expected) {
        assertThat(walk("apoc.path.slice(" + THREE + args + ")")).isEqualTo(expected);
    }

    @Test
    void sliceOfNullIsNullAndWrongTypesAreTypeErrors() {
        assertThat(walk("apoc.path.slice(null, 1, 1)")).isNull();
        fails("apoc.path.slice(" + THREE + ", '1')", "Neo.ClientError.Statement.TypeError",
                "expected an Integer for argument 2 of apoc.path.slice()");
        fails("apoc.path.slice(a)", "Neo.ClientError.Statement.TypeError",
                "expected a Path for argument 1 of apoc.path.slice()");
    }

    @Test
    void elementsAlternatesNodesAndRelationships() {
        assertThat(db.single(MATCH + "RETURN [e IN apoc.path.elements(apoc.path.create(d, [cd, cb])) | e.n]"))
                .isEqualTo(List.of("d", "cd", "c", "cb", "b"));
        assertThat(db.single("MATCH p = (a {n: 'a'})-[:R]->(b) RETURN [e IN apoc.path.elements(p) | e.n]"))
                .isEqualTo(List.of("a", "ab", "b"));
        assertThat(db.single(MATCH + "RETURN [e IN apoc.path.elements(apoc.path.create(x)) | e.n]"))
                .isEqualTo(List.of("x"));
        assertThat(db.single("RETURN apoc.path.elements(null)")).isNull();
        fails("apoc.path.elements([a])", "Neo.ClientError.Statement.TypeError",
                "expected a Path for argument 1 of apoc.path.elements()");
    }

    @Test
    void showFunctionsListsThem() {
        assertThat(db.values("SHOW FUNCTIONS YIELD name WHERE name STARTS WITH 'apoc.path.' RETURN name"))
                .containsExactly(List.of("apoc.path.combine"), List.of("apoc.path.create"),
                        List.of("apoc.path.elements"), List.of("apoc.path.slice"));
    }
}

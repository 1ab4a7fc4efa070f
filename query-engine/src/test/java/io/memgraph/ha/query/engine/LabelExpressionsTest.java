package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Label and relationship type expressions as Neo4j 5 writes them: {@code :A|B}, {@code :A&B},
 * {@code :!A}, {@code :%}, parentheses, {@code IS}, in patterns and in WHERE.
 */
class LabelExpressionsTest {
    private static final Db DB = graph();

    /** Nodes a:A, b:B, ab:A:B, c:C and one without labels; a-[:T]->b, a-[:U]->c, ab-[:V]->c. */
    private static Db graph() {
        Db db = new Db();
        db.run("CREATE (a:A {n: 'a'}), (b:B {n: 'b'}), (ab:A:B {n: 'ab'}), (c:C {n: 'c'}), ({n: 'none'}), "
                + "(a)-[:T]->(b), (a)-[:U]->(c), (ab)-[:V]->(c)");
        return db;
    }

    private static List<Object> column(String query) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> row : DB.run(query)) {
            out.add(row.values().iterator().next());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "MATCH (x:A|B) RETURN x.n ORDER BY x.n; a,ab,b",
        "MATCH (x:A&B) RETURN x.n ORDER BY x.n; ab",
        "MATCH (x:A:B) RETURN x.n ORDER BY x.n; ab",
        "MATCH (x:!A) RETURN x.n ORDER BY x.n; b,c,none",
        "MATCH (x:%) RETURN x.n ORDER BY x.n; a,ab,b,c",
        "MATCH (x:!%) RETURN x.n ORDER BY x.n; none",
        "MATCH (x:(A|C)&!B) RETURN x.n ORDER BY x.n; a,c",
        "MATCH (x:!(A|B)) RETURN x.n ORDER BY x.n; c,none",
        "MATCH (x IS A) RETURN x.n ORDER BY x.n; a,ab",
        "MATCH (x IS A|C) RETURN x.n ORDER BY x.n; a,ab,c",
        "MATCH (x) WHERE x:A|C RETURN x.n ORDER BY x.n; a,ab,c",
        "MATCH (x) WHERE x:!B AND x:% RETURN x.n ORDER BY x.n; a,c",
        "MATCH (x) WHERE NOT x:A&B RETURN x.n ORDER BY x.n; a,b,c,none",
        "MATCH ()-[r:!T]->() RETURN type(r) ORDER BY type(r); U,V",
        "MATCH ()-[r:%]->() RETURN type(r) ORDER BY type(r); T,U,V",
        "MATCH ()-[r:T|U]->() RETURN type(r) ORDER BY type(r); T,U",
        "MATCH ()-[r:T|:U]->() RETURN type(r) ORDER BY type(r); T,U",
        "MATCH ()-[r IS T|V]->() RETURN type(r) ORDER BY type(r); T,V",
        "MATCH ()-[r]->() WHERE r:T|V RETURN type(r) ORDER BY type(r); T,V",
        "MATCH ()-[r]->() WHERE r:!T RETURN type(r) ORDER BY type(r); U,V",
        "MATCH (x:A)-[:!T]->(y:!A) RETURN y.n ORDER BY y.n; c,c",
        "MATCH ({n: 'a'})-[:!T*1..2]->(y) RETURN y.n ORDER BY y.n; c",
        "MATCH (x) WHERE (x)-[:!U]->(:C|B) RETURN x.n ORDER BY x.n; a,ab",
        "MATCH (x) WHERE (x)-[:!U]->(:C) RETURN x.n ORDER BY x.n; ab",
        "MATCH (x) WHERE (x)-[:!T]->(:!C) RETURN x.n ORDER BY x.n; ''",
        "MATCH (x) WHERE EXISTS { (x)-[:!(U|V)]->() } RETURN x.n ORDER BY x.n; a",
        "MATCH (x) WHERE EXISTS { (x)-->(:!A&!%) } RETURN x.n ORDER BY x.n; ''",
        "MATCH (x) WHERE EXISTS { (x)-->(:B&!A) } RETURN x.n ORDER BY x.n; a",
    })
    void matches(String query, String expected) {
        List<Object> want = expected.isEmpty() ? List.of() : List.of((Object[]) expected.split(","));
        assertThat(column(query)).containsExactlyElementsOf(want);
    }

    @Test
    void aRelationshipHasOneTypeSoAConjunctionOfTwoNeverMatches() {
        assertThat(column("MATCH ()-[r:T&U]->() RETURN count(r)")).containsExactly(0L);
    }

    @Test
    void aPipeStillEndsTheWhereOfAComprehension() {
        assertThat(column("MATCH (x) WITH x ORDER BY x.n WITH collect(x) AS xs "
                + "RETURN [y IN xs WHERE y:A | y.n] AS ns")).containsExactly(List.of("a", "ab"));
        assertThat(column("MATCH (x) WITH x ORDER BY x.n WITH collect(x) AS xs "
                + "RETURN [y IN xs WHERE y:(A|C) | y.n] AS ns")).containsExactly(List.of("a", "ab", "c"));
        assertThat(column("MATCH (x:A) WITH x ORDER BY x.n RETURN [(x)-->(y:B|C) WHERE y:!A | y.n] AS ns"))
                .containsExactly(List.of("b", "c"), List.of("c"));
        assertThat(column("RETURN 1 != 2 AS ne")).containsExactly(true);
    }

    @Test
    void labelExpressionsCanOnlyBeMatched() {
        assertThatThrownBy(() -> DB.run("CREATE (:A|B)"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining(":(A|B) can only be matched");
        assertThatThrownBy(() -> DB.run("MERGE (:!A)"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("MERGE takes labels");
        assertThatThrownBy(() -> DB.run("MATCH (a {n: 'a'}), (c {n: 'c'}) CREATE (a)-[:!T]->(c)"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("CREATE takes exactly one relationship type");
        assertThatThrownBy(() -> DB.run("MATCH p = shortestPath(({n: 'a'})-[:!T*]->({n: 'c'})) RETURN p"))
                .isInstanceOf(CypherException.class)
                .hasMessageContaining("shortestPath");
        assertThat(column("MATCH (x) RETURN count(x)")).containsExactly(5L).as("nothing was created");
    }

    @Test
    void aDeepLabelExpressionIsRefusedNotAStackOverflow() {
        String deep = "(".repeat(5000) + "A" + ")".repeat(5000);
        assertThatThrownBy(() -> DB.run("MATCH (x:" + deep + ") RETURN x"))
                .isInstanceOf(CypherException.class)
                .satisfies(e -> assertThat(((CypherException) e).statusCode())
                        .isEqualTo("Neo.ClientError.Statement.SyntaxError"));
        assertThatThrownBy(() -> DB.run("MATCH (x:" + "!".repeat(5000) + "A) RETURN x"))
                .isInstanceOf(CypherException.class);
    }
}

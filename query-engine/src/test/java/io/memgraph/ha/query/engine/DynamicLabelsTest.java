package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dynamic labels, relationship types and property keys (Neo4j 5.24 and 5.26): {@code :$(expr)},
 * {@code :$any(expr)}, {@code :$all(expr)} in MATCH, CREATE, MERGE, SET and REMOVE, and
 * {@code n[key]} in SET and REMOVE; the value comes from a parameter, a variable, a property or a
 * list, and every wrong value is an error with Neo4j's status code.
 */
class DynamicLabelsTest {
    private static final String TYPE_ERROR = "Neo.ClientError.Statement.TypeError";
    private static final String TOKEN_ERROR = "Neo.ClientError.Schema.TokenNameError";
    private static final String SEMANTIC_ERROR = "Neo.ClientError.Statement.SemanticError";
    private static final String SYNTAX_ERROR = "Neo.ClientError.Statement.SyntaxError";

    private static final Db READ = graph();

    /** Nodes a:A, b:B, ab:A:B, c:C and one without labels; a-[:T]->b, a-[:U]->c, ab-[:V]->c. */
    private static Db graph() {
        Db db = new Db();
        db.run("CREATE (a:A {n: 'a', kind: 'B'}), (b:B {n: 'b'}), (ab:A:B {n: 'ab'}), (c:C {n: 'c'}), "
                + "({n: 'none'}), (a)-[:T]->(b), (a)-[:U]->(c), (ab)-[:V]->(c)");
        return db;
    }

    /** The parameters of the MATCH cases: l = 'A', m = 'B', ls = ['A', 'B'], t = 'T', ts = ['T', 'U']. */
    private static final Object[] PARAMS = {"l", "A", "m", "B", "ls", List.of("A", "B"), "t", "T",
        "ts", List.of("T", "U"), "none", List.of()};

    private static List<Object> column(Db db, String query, Object... params) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> row : db.run(query, params)) {
            out.add(row.values().iterator().next());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // a parameter: a STRING, a LIST (all of them), $all, $any
        "MATCH (x:$($l)) RETURN x.n ORDER BY x.n; a,ab",
        "MATCH (x:$($ls)) RETURN x.n ORDER BY x.n; ab",
        "MATCH (x:$all($ls)) RETURN x.n ORDER BY x.n; ab",
        "MATCH (x:$any($ls)) RETURN x.n ORDER BY x.n; a,ab,b",
        "MATCH (x:$ANY($ls)) RETURN x.n ORDER BY x.n; a,ab,b",
        "MATCH (x IS $($m)) RETURN x.n ORDER BY x.n; ab,b",
        // an empty list: $all asks for nothing, $any for one of nothing
        "MATCH (x:$($none)) RETURN x.n ORDER BY x.n; a,ab,b,c,none",
        "MATCH (x:$any($none)) RETURN x.n ORDER BY x.n; ''",
        "MATCH (x:$([])) RETURN count(x); 5",
        // literals, other expressions, variables, properties of other nodes, function results
        "MATCH (x:$('C')) RETURN x.n; c",
        "MATCH (x:$any(['B', 'C'])) RETURN x.n ORDER BY x.n; ab,b,c",
        "MATCH (x:$('A' + 'B')) RETURN x.n; ''",
        "MATCH (x:$(toUpper('c'))) RETURN x.n; c",
        "WITH 'C' AS l MATCH (x:$(l)) RETURN x.n; c",
        "MATCH (y {n: 'a'}) MATCH (x:$(y.kind)) RETURN x.n ORDER BY x.n; ab,b",
        "MATCH (y {n: 'ab'}) MATCH (x:$(labels(y))) RETURN x.n ORDER BY x.n; ab",
        "MATCH (y {n: 'a'}), (x:$(y.kind)) RETURN x.n ORDER BY x.n; ab,b",
        "UNWIND ['A', 'C'] AS l MATCH (x:$(l)) RETURN x.n ORDER BY x.n; a,ab,c",
        // mixed with static labels and label expressions
        "MATCH (x:A&$($m)) RETURN x.n; ab",
        "MATCH (x:A:$($m)) RETURN x.n; ab",
        "MATCH (x:$($l)&!B) RETURN x.n; a",
        "MATCH (x:!$($l)) RETURN x.n ORDER BY x.n; b,c,none",
        "MATCH (x:!$any($ls)) RETURN x.n ORDER BY x.n; c,none",
        "MATCH (x:!$all($ls)&$any($ls)) RETURN x.n ORDER BY x.n; a,b",
        "MATCH (x:$($l)|C) RETURN x.n ORDER BY x.n; a,ab,c",
        "MATCH (x) WHERE x:$($l) RETURN x.n ORDER BY x.n; a,ab",
        "OPTIONAL MATCH (x:$('Nope')) RETURN count(x); 0",
        // relationship types: one type, $any, a list of two (never one relationship), var-length
        "MATCH ()-[r:$($t)]->() RETURN type(r); T",
        "MATCH ()-[r:$any($ts)]->() RETURN type(r) ORDER BY type(r); T,U",
        "MATCH ()-[r:$($ts)]->() RETURN count(r); 0",
        "MATCH ()-[r:$all($none)]->() RETURN count(r); 3",
        "MATCH ()-[r:$($t)|V]->() RETURN type(r) ORDER BY type(r); T,V",
        "MATCH ()-[r:!$($t)]->() RETURN type(r) ORDER BY type(r); U,V",
        "MATCH ({n: 'a'})-[:$any($ts)*1..2]->(y) RETURN y.n ORDER BY y.n; b,c",
        "MATCH (x:$($l))-[:$($t)]->(y:$($m)) RETURN x.n + y.n; ab",
        "MATCH ()-[r]->() WHERE r:$($t) RETURN type(r); T",
        // patterns inside expressions
        "MATCH (x) WHERE EXISTS { (x)-->(:$any(['B', 'C'])) } RETURN x.n ORDER BY x.n; a,ab",
        "MATCH (x {n: 'a'}) RETURN COUNT { (x)-[:$($t)]->() }; 1",
        "MATCH (x {n: 'a'}) RETURN [(x)-->(y:$($m)) | y.n]; [b]",
    })
    void matches(String query, String expected) {
        List<Object> got = column(READ, query, PARAMS).stream()
                .map(v -> v instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))
                        : v)
                .collect(Collectors.toList());
        List<Object> want = expected == null || expected.isEmpty() ? List.of()
                : Arrays.stream(expected.split(",(?![^\\[]*\\])")).map(s -> s.matches("\\d+") ? (Object) Long.parseLong(s)
                        : s).toList();
        assertThat(got).containsExactlyElementsOf(want);
    }

    @Test
    void aLabelCheckInAProjectionGivesTheRightBooleans() {
        assertThat(READ.values("MATCH (x) RETURN x.n, x:$any($ls) ORDER BY x.n", PARAMS)).containsExactly(
                row("a", true), row("ab", true), row("b", true), row("c", false), row("none", false));
    }

    // ------------------------------------------------------------------ CREATE

    @Test
    void createGivesEveryNameOfTheValueAndLabelsThatDoNotExistYet() {
        Db db = new Db();
        assertThat(db.values("CREATE (n:$($l) {id: 1}) RETURN labels(n)", "l", "Brand New")).containsExactly(
                row(List.of("Brand New")));
        assertThat(db.lastStats).containsEntry("nodes-created", 1L).containsEntry("labels-added", 1L);
        assertThat(db.values("CREATE (n:Person:$($ls)) RETURN labels(n)", "ls", List.of("Director", "Person")))
                .containsExactly(row(List.of("Person", "Director")));
        assertThat(db.values("CREATE (n:$($a):$($b)&Static) RETURN labels(n)", "a", "X", "b", List.of("Y")))
                .containsExactly(row(List.of("Static", "X", "Y")));
        assertThat(db.values("CREATE (n:$([])) RETURN labels(n)")).containsExactly(row(List.of()));
        assertThat(db.values("MATCH (p {id: 1}) CREATE (q:$(labels(p) + 'Copy')) RETURN labels(q)"))
                .containsExactly(row(List.of("Brand New", "Copy")));
        assertThat(db.values("UNWIND ['K1', 'K2'] AS k CREATE (n:$(k)) RETURN labels(n)"))
                .containsExactly(row(List.of("K1")), row(List.of("K2")));
        assertThat(db.values("CREATE (n:$(COLLECT { UNWIND range(1, 2) AS i RETURN 'L' + i })) RETURN labels(n)"))
                .containsExactly(row(List.of("L1", "L2")));
        assertThat(db.single("MATCH (n:`Brand New`) RETURN count(n)")).isEqualTo(2L);
    }

    @Test
    void createGivesARelationshipTheOneTypeOfTheValue() {
        Db db = new Db();
        assertThat(db.values("CREATE (a)-[r:$($t) {w: 1}]->(b) RETURN type(r), r.w", "t", "NEW_TYPE"))
                .containsExactly(row("NEW_TYPE", 1L));
        assertThat(db.lastStats).containsEntry("relationships-created", 1L);
        assertThat(db.values("CREATE ()<-[r:$($t)]-() RETURN type(r)", "t", List.of("ONE"))).containsExactly(row("ONE"));
        assertThat(db.values("MATCH ()-[r:NEW_TYPE]->() CREATE ()-[s:$(type(r) + '_COPY')]->() RETURN type(s)"))
                .containsExactly(row("NEW_TYPE_COPY"));
        assertThat(db.single("MATCH ()-[r:$any(['NEW_TYPE', 'ONE'])]-() RETURN count(DISTINCT r)")).isEqualTo(2L);
    }

    // ------------------------------------------------------------------ MERGE

    @Test
    void mergeFindsAnExistingNodeByItsDynamicLabelAndCreatesOneOtherwise() {
        Db db = new Db();
        db.run("CREATE (:Person {id: 1, name: 'old'})");
        String merge = "MERGE (n:$($label) {id: $id}) ON CREATE SET n.created = true RETURN n.name, n.created";
        assertThat(db.values(merge, "label", "Person", "id", 1L)).containsExactly(row("old", null));
        assertThat(db.lastStats).doesNotContainKey("nodes-created");
        assertThat(db.values(merge, "label", "Company", "id", 1L)).containsExactly(row(null, true));
        assertThat(db.lastStats).containsEntry("nodes-created", 1L).containsEntry("labels-added", 1L);
        assertThat(db.values(merge, "label", List.of("Person", "Admin"), "id", 1L)).containsExactly(row(null, true));
        assertThat(db.single("MATCH (n:Person) RETURN count(n)")).isEqualTo(2L);
        // the same through an index on the label
        db.run("CREATE INDEX ON :Person(id)");
        assertThat(db.values(merge, "label", "Person", "id", 1L)).hasSize(2);
        assertThat(db.lastStats).doesNotContainKey("nodes-created");
        // mixing a static label
        assertThat(db.values("MERGE (n:Person:$($l) {id: 1}) RETURN labels(n)", "l", "Admin"))
                .containsExactly(row(List.of("Person", "Admin")));
        assertThat(db.lastStats).doesNotContainKey("nodes-created");
        // the label from the data, per row
        db.run("UNWIND [{l: 'Person', id: 1}, {l: 'City', id: 7}] AS row MERGE (:$(row.l) {id: row.id})");
        assertThat(db.lastStats).containsEntry("nodes-created", 1L);
        assertThat(db.single("MATCH (n:City {id: 7}) RETURN count(n)")).isEqualTo(1L);
    }

    @Test
    void mergeFindsAndCreatesRelationshipsOfADynamicType() {
        Db db = new Db();
        db.run("CREATE (:P {id: 1})-[:KNOWS]->(:P {id: 2})");
        String merge = "MATCH (a:P {id: 1}), (b:P {id: 2}) MERGE (a)-[r:$($t)]->(b) RETURN type(r)";
        assertThat(db.values(merge, "t", "KNOWS")).containsExactly(row("KNOWS"));
        assertThat(db.lastStats).doesNotContainKey("relationships-created");
        assertThat(db.values(merge, "t", List.of("LIKES"))).containsExactly(row("LIKES"));
        assertThat(db.lastStats).containsEntry("relationships-created", 1L);
        assertThat(db.values(merge, "t", "LIKES")).containsExactly(row("LIKES"));
        assertThat(db.lastStats).doesNotContainKey("relationships-created");
    }

    // ------------------------------------------------------------------ SET and REMOVE

    @Test
    void setAndRemoveLabelsFromParametersPropertiesAndLists() {
        Db db = new Db();
        db.run("CREATE (:Movie {name: 'm', genre: 'Horror'})");
        assertThat(db.values("MATCH (n:Movie) SET n:$(n.genre) RETURN labels(n)"))
                .containsExactly(row(List.of("Movie", "Horror")));
        assertThat(db.lastStats).containsEntry("labels-added", 1L);
        assertThat(db.values("MATCH (n:Movie) SET n:Seen:$($ls) RETURN labels(n)", "ls", List.of("X", "Y", "X")))
                .containsExactly(row(List.of("Movie", "Horror", "Seen", "X", "Y")));
        assertThat(db.lastStats).containsEntry("labels-added", 3L);
        assertThat(db.values("MATCH (n:Movie) REMOVE n:$($l):Seen RETURN labels(n)", "l", "X"))
                .containsExactly(row(List.of("Movie", "Horror", "Y")));
        assertThat(db.lastStats).containsEntry("labels-removed", 2L);
        assertThat(db.values("MATCH (n:Movie) WITH n, labels(n)[1] AS l REMOVE n:$(l) SET n:$(toUpper(l)) "
                + "RETURN labels(n)")).containsExactly(row(List.of("Movie", "Y", "HORROR")));
        assertThat(db.values("MATCH (n:Movie) REMOVE n:$(labels(n)) RETURN labels(n)")).containsExactly(row(List.of()));
        assertThat(db.lastStats).containsEntry("labels-removed", 3L);
        assertThat(db.values("MATCH (n {name: 'm'}) SET n:$all(['P', 'Q']) REMOVE n:$('Absent') RETURN labels(n)"))
                .containsExactly(row(List.of("P", "Q")));
        // a null node is skipped, as for static labels
        assertThat(db.values("OPTIONAL MATCH (n:Nope) SET n:$($l) RETURN n", "l", "Z")).containsExactly(row((Object) null));
        // ON CREATE / ON MATCH of MERGE
        String merge = "MERGE (d:Person {name: 'David'}) ON CREATE SET d:$($new) ON MATCH SET d:$($old) "
                + "RETURN labels(d)";
        assertThat(db.values(merge, "new", "New", "old", "Old")).containsExactly(row(List.of("Person", "New")));
        assertThat(db.values(merge, "new", "New", "old", "Old")).containsExactly(row(List.of("Person", "New", "Old")));
    }

    @Test
    void setAndRemovePropertiesByAComputedKey() {
        Db db = new Db();
        db.run("CREATE (:N {a: 1, b: 2})-[:R {w: 1}]->()");
        assertThat(db.values("MATCH (n:N) SET n[$key] = 10 RETURN n.c", "key", "c")).containsExactly(row(10L));
        assertThat(db.lastStats).containsEntry("properties-set", 1L);
        assertThat(db.values("MATCH (n:N) FOREACH (k IN keys(n) | SET n[k + 'Copy'] = n[k]) "
                + "RETURN n.aCopy, n.bCopy, n.cCopy")).containsExactly(row(1L, 2L, 10L));
        assertThat(db.values("MATCH (n:N) REMOVE n[$key] RETURN n.a, n.b", "key", "a")).containsExactly(row(null, 2L));
        assertThat(db.values("MATCH (n:N) UNWIND [k IN keys(n) WHERE k ENDS WITH 'Copy'] AS k REMOVE n[k] "
                + "WITH n, count(*) AS removed RETURN keys(n)")).containsExactly(row(List.of("b", "c")));
        assertThat(db.values("MATCH ()-[r:R]->() SET r['w' + '2'] = r.w + 1 REMOVE r['w'] RETURN properties(r)"))
                .containsExactly(row(Map.of("w2", 2L)));
        assertThat(db.values("MATCH (n:N) SET n[$key] = null RETURN keys(n)", "key", "b")).containsExactly(row(List.of("c")));
        assertThat(db.values("MATCH (n:N) REMOVE n['absent'] RETURN keys(n)")).containsExactly(row(List.of("c")));
        assertThat(db.lastStats).doesNotContainKey("properties-set");
        assertThat(db.values("OPTIONAL MATCH (n:Nope) SET n['k'] = 1 RETURN n")).containsExactly(row((Object) null));
    }

    // ------------------------------------------------------------------ errors

    private static void fails(Db db, String status, String message, String query, Object... params) {
        assertThatThrownBy(() -> db.run(query, params))
                .isInstanceOfSatisfying(CypherException.class, e -> assertThat(e.statusCode()).isEqualTo(status))
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = ';', value = {
        "MATCH (n:$($v)) RETURN n",
        "MATCH (n:$any($v)) RETURN n",
        "MATCH ()-[r:$($v)]->() RETURN r",
        "MATCH (n) WHERE n:$($v) RETURN n",
        "CREATE (n:$($v))",
        "MERGE (n:$($v))",
        "CREATE ()-[:$($v)]->()",
        "MERGE ()-[:$($v)]->()",
        "MATCH (n) SET n:$($v)",
        "MATCH (n) REMOVE n:$($v)",
    })
    void aNullANonStringAndAnEmptyNameAreRefusedEverywhere(String query) {
        Db db = new Db();
        db.run("CREATE (:A)-[:T]->()");
        fails(db, TYPE_ERROR, "must be a STRING or a LIST<STRING> but is null", query, "v", null);
        fails(db, TYPE_ERROR, "but is Integer (1)", query, "v", 1L);
        fails(db, TYPE_ERROR, "but is Map", query, "v", Map.of("x", 1L));
        fails(db, TYPE_ERROR, "but is a LIST containing null", query, "v", Arrays.asList("A", null));
        fails(db, TYPE_ERROR, "but is a LIST containing Boolean (true)", query, "v", List.of(true));
        fails(db, TOKEN_ERROR, "'' is not a valid label or relationship type name", query, "v", "");
        fails(db, TOKEN_ERROR, "'' is not a valid", query, "v", List.of("A", ""));
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(2L); // nothing was written
    }

    @Test
    void aPropertyOfTheWrongTypeIsATypeError() {
        Db db = new Db();
        db.run("CREATE (:A {prop: 1}), (:B {prop: ''})");
        fails(db, TYPE_ERROR, "$(n.prop) must be a STRING or a LIST<STRING> but is Integer (1)",
                "MATCH (n:A) SET n:$(n.prop)");
        fails(db, TYPE_ERROR, "but is null", "MATCH (n:A) CREATE (:$(n.missing))");
        fails(db, TOKEN_ERROR, "'' is not a valid", "MATCH (n:B) MERGE (:$(n.prop))");
        fails(db, TYPE_ERROR, "but is null", "WITH null AS a MATCH (n) REMOVE n:$(a)");
    }

    @Test
    void aRelationshipToCreateNeedsExactlyOneType() {
        Db db = new Db();
        for (String clause : List.of("CREATE", "MERGE")) {
            String q = clause + " ()-[:$($t)]->()";
            fails(db, TYPE_ERROR, "must give exactly one relationship type to create a relationship, but gives 2 [A, B]",
                    q, "t", List.of("A", "B"));
            fails(db, TYPE_ERROR, "but gives 0", q, "t", List.of());
            fails(db, SEMANTIC_ERROR, "(A&B) can only be matched", clause + " ()-[:$(['A', 'B'])]->()");
            fails(db, SEMANTIC_ERROR, "but gives 0", clause + " ()-[:$([])]->()");
            fails(db, SEMANTIC_ERROR, "can only be matched", clause + " ()-[:$any($t)]->()", "t", "A");
            fails(db, SEMANTIC_ERROR, "can only be matched", clause + " ()-[:A|$($t)]->()", "t", "B");
        }
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(0L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "MATCH (n:$(1 + 2)) RETURN n; Integer (3)",
        "MATCH (n:$(null)) RETURN n; null",
        "MATCH (n:$any('')) RETURN n; '' is not a valid",
        "MATCH (n:$([null])) RETURN n; a LIST containing null",
        "MATCH ()-[r:$(true)]->() RETURN r; Boolean (true)",
        "MATCH (n) WHERE n:$({x: 1}) RETURN n; Map",
        "CREATE (n:$('')); '' is not a valid",
        "MATCH (n) SET n:$(point({x: 3, y: 0})); Point",
        "MATCH (n) REMOVE n:$(localdatetime('2024-06-03T19:32:24')); LocalDateTime",
        "CREATE ()-[:$(null)]->(); null",
    })
    void aConstantOfTheWrongKindIsRefusedBeforeTheQueryRuns(String query, String message) {
        Db db = new Db();
        fails(db, SEMANTIC_ERROR, message == null ? "is not a valid" : message, query);
    }

    @Test
    void anyOnlyMatchesAndDollarNeedsParentheses() {
        Db db = new Db();
        fails(db, SYNTAX_ERROR, "can only be matched", "CREATE (n:$any($l))", "l", "A");
        fails(db, SYNTAX_ERROR, "can only be matched", "MERGE (n:A|$($l))", "l", "A");
        fails(db, SYNTAX_ERROR, "$any(...) can only be matched", "MATCH (n) SET n:$any($l)", "l", "A");
        fails(db, SYNTAX_ERROR, "$any(...) can only be matched", "MATCH (n) REMOVE n:$any($l)", "l", "A");
        fails(db, SYNTAX_ERROR, "Invalid input", "MATCH (n:$) RETURN n");
        fails(db, SYNTAX_ERROR, "Invalid input", "MATCH (n:$()) RETURN n");
        fails(db, SEMANTIC_ERROR, "Variable `nope` not defined", "MATCH (n:$(nope)) RETURN n");
        fails(db, SEMANTIC_ERROR, "Variable `nope` not defined", "MATCH (n) SET n:$(nope)");
        fails(db, SEMANTIC_ERROR, "Variable `nope` not defined", "CREATE ()-[:$(nope)]->()");
        fails(db, SEMANTIC_ERROR, "Variable `nope` not defined", "MATCH (n) SET n[nope] = 1");
    }

    @Test
    void aComputedPropertyKeyMustBeANonEmptyString() {
        Db db = new Db();
        db.run("CREATE (:N {a: 1})");
        fails(db, TYPE_ERROR, "a property key in SET n[key] must be a STRING but is null", "MATCH (n:N) SET n[$k] = 1",
                "k", null);
        fails(db, TYPE_ERROR, "must be a STRING but is Integer (1)", "MATCH (n:N) SET n[1] = 1");
        fails(db, TYPE_ERROR, "in REMOVE n[key] must be a STRING but is List", "MATCH (n:N) REMOVE n[$k]",
                "k", List.of("a"));
        fails(db, TOKEN_ERROR, "'' is not a valid property key name", "MATCH (n:N) SET n[''] = 1");
        fails(db, TOKEN_ERROR, "'' is not a valid property key name", "MATCH (n:N) REMOVE n[$k]", "k", "");
        fails(db, TYPE_ERROR, "expected a Node or Relationship", "WITH {a: 1} AS m SET m['a'] = 2");
        assertThat(db.values("MATCH (n:N) RETURN properties(n)")).containsExactly(row(Map.of("a", 1L)));
    }

    // ------------------------------------------------------------------ plans

    private static String plan(Db db, String query) {
        return db.values("EXPLAIN " + query).stream().map(r -> (String) r.get(0)).collect(Collectors.joining("\n"));
    }

    @Test
    void aStaticOrLiteralLabelStillUsesItsIndexAndADynamicOneFilters() {
        Db db = new Db();
        db.run("UNWIND range(1, 50) AS i CREATE (:Person {id: i}), (:Other {id: i})");
        db.run("CREATE INDEX ON :Person(id)");
        assertThat(plan(db, "MATCH (n:Person {id: 3}) RETURN n")).contains("ScanByLabelPropertyEquality (n :Person {id})");
        assertThat(plan(db, "MATCH (n:$('Person') {id: 3}) RETURN n"))
                .contains("ScanByLabelPropertyEquality (n :Person {id})");
        assertThat(plan(db, "MATCH (n:Person) RETURN n")).contains("ScanByLabel (n :Person)");
        assertThat(plan(db, "MATCH (n:Person&$($l)) RETURN n")).contains("ScanByLabel (n :Person)");
        String dynamic = plan(db, "MATCH (n:$($l) {id: 3}) RETURN n");
        assertThat(dynamic).contains("ScanAll (n)").contains("Filter").doesNotContain("ScanByLabel");
        assertThat(db.values("MATCH (n:$($l) {id: 3}) RETURN labels(n)", "l", "Other"))
                .containsExactly(row(List.of("Other")));
        assertThat(db.values("MATCH (n:Person&$($l) {id: 3}) RETURN n.id", "l", "Other")).isEmpty();
    }
}

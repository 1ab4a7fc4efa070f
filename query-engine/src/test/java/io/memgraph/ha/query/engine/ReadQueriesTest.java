package io.memgraph.ha.query.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;

/** Reading clauses and functions over the shared social graph (exact results). */
class ReadQueriesTest {
    static final Db db = new Db();

    @BeforeAll
    static void graph() {
        db.social();
    }

    @Test
    void matchByLabelAndOrder() {
        assertThat(db.values("MATCH (p:Person) RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Alice"), row("Bob"), row("Carol"), row("Dave"));
        assertThat(db.values("MATCH (n) RETURN count(n)")).containsExactly(row(5L));
        assertThat(db.values("MATCH (p:Person:Admin) RETURN p.name")).containsExactly(row("Dave"));
    }

    @Test
    void directions() {
        assertThat(db.values("MATCH (a:Person {name:'Alice'})-[:KNOWS]->(b) RETURN b.name ORDER BY b.name"))
                .containsExactly(row("Bob"), row("Carol"));
        assertThat(db.values("MATCH (a:Person {name:'Carol'})<-[:KNOWS]-(b) RETURN b.name ORDER BY b.name"))
                .containsExactly(row("Alice"), row("Bob"));
        assertThat(db.values("MATCH (a:Person {name:'Carol'})-[:KNOWS]-(b) RETURN b.name ORDER BY b.name"))
                .containsExactly(row("Alice"), row("Bob"), row("Dave"));
        assertThat(db.values("MATCH ()-[r]->() RETURN type(r) AS t, count(*) ORDER BY t"))
                .containsExactly(row("KNOWS", 4L), row("WORKS_AT", 2L));
        assertThat(db.values("MATCH (a)-[r:KNOWS|WORKS_AT]->(b {name:'Acme'}) RETURN a.name, r.role ORDER BY a.name"))
                .containsExactly(row("Alice", "dev"), row("Bob", "ops"));
    }

    @Test
    void multiplePatternsAndBoundNodes() {
        assertThat(db.values("MATCH (a:Person {name:'Alice'})-[:KNOWS]->(b), (b)-[:KNOWS]->(c) "
                + "RETURN b.name, c.name ORDER BY b.name"))
                .containsExactly(row("Bob", "Carol"), row("Carol", "Dave"));
        // a triangle: Alice->Bob->Carol and Alice->Carol
        assertThat(db.values("MATCH (a)-[:KNOWS]->(b)-[:KNOWS]->(c), (a)-[:KNOWS]->(c) RETURN a.name, b.name, c.name"))
                .containsExactly(row("Alice", "Bob", "Carol"));
        assertThat(db.values("MATCH (a:Person), (c:Company) WHERE a.age < 30 RETURN a.name, c.name"))
                .containsExactly(row("Bob", "Acme"));
    }

    @Test
    void relationshipUniquenessWithinAPattern() {
        // -[]- twice cannot reuse the same relationship: no a-b-a over one edge
        assertThat(db.values("MATCH (a {name:'Dave'})-[r1]-(b)-[r2]-(c) RETURN c.name ORDER BY c.name"))
                .containsExactly(row("Alice"), row("Bob"));
    }

    @Test
    void variableLength() {
        assertThat(db.values("MATCH (a {name:'Alice'})-[:KNOWS*2]->(c) RETURN c.name ORDER BY c.name"))
                .containsExactly(row("Carol"), row("Dave"));
        assertThat(db.values("MATCH (a {name:'Alice'})-[:KNOWS*1..3]->(c) RETURN c.name, count(*) ORDER BY c.name"))
                .containsExactly(row("Bob", 1L), row("Carol", 2L), row("Dave", 2L));
        assertThat(db.values("MATCH (a {name:'Alice'})-[:KNOWS*0..1]->(c) RETURN c.name ORDER BY c.name"))
                .containsExactly(row("Alice"), row("Bob"), row("Carol"));
        assertThat(db.values("MATCH (a {name:'Alice'})-[rs:KNOWS*]->(d {name:'Dave'}) "
                + "RETURN size(rs) AS n ORDER BY n"))
                .containsExactly(row(2L), row(3L));
        assertThat(db.values("MATCH (a {name:'Alice'})-[rs:KNOWS* {since:2015}]->(x) RETURN x.name"))
                .isEmpty();
        assertThat(db.values("MATCH (a {name:'Bob'})-[:KNOWS* {since:2015}]->(x) RETURN x.name"))
                .containsExactly(row("Carol"));
    }

    @Test
    void namedPaths() {
        assertThat(db.values("MATCH p = (a {name:'Alice'})-[:KNOWS*]->(d {name:'Dave'}) "
                + "RETURN length(p) AS l, [n IN nodes(p) | n.name] AS names ORDER BY l"))
                .containsExactly(row(2L, List.of("Alice", "Carol", "Dave")),
                        row(3L, List.of("Alice", "Bob", "Carol", "Dave")));
        assertThat(db.values("MATCH p = (d {name:'Dave'})<-[:KNOWS]-(c) RETURN [n IN nodes(p) | n.name], "
                + "[r IN relationships(p) | r.since]"))
                .containsExactly(row(List.of("Dave", "Carol"), List.of(2018L)));
    }

    @Test
    void optionalMatch() {
        assertThat(db.values("MATCH (p:Person) OPTIONAL MATCH (p)-[:WORKS_AT]->(c) RETURN p.name, c.name ORDER BY p.name"))
                .containsExactly(row("Alice", "Acme"), row("Bob", "Acme"), row("Carol", null), row("Dave", null));
        assertThat(db.values("OPTIONAL MATCH (x:Nothing) RETURN x")).containsExactly(row((Object) null));
        assertThat(db.values("MATCH (p:Person {name:'Dave'}) OPTIONAL MATCH (p)-[:KNOWS]->(f) WHERE f.age > 1 "
                + "RETURN p.name, f"))
                .containsExactly(row("Dave", null));
    }

    @Test
    void whereOperators() {
        assertThat(db.values("MATCH (p:Person) WHERE p.age >= 30 AND p.city = 'London' RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Alice"), row("Carol"));
        assertThat(db.values("MATCH (p:Person) WHERE p.name STARTS WITH 'C' OR p.name ENDS WITH 'e' "
                + "RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Alice"), row("Carol"), row("Dave"));
        assertThat(db.values("MATCH (p:Person) WHERE p.name CONTAINS 'o' RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Bob"), row("Carol"));
        assertThat(db.values("MATCH (p:Person) WHERE p.name =~ 'A.*' RETURN p.name")).containsExactly(row("Alice"));
        assertThat(db.values("MATCH (p:Person) WHERE p.city IS NULL RETURN p.name")).containsExactly(row("Dave"));
        assertThat(db.values("MATCH (p:Person) WHERE p.age IN [25, 40] RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Bob"), row("Dave"));
        assertThat(db.values("MATCH (p:Person) WHERE NOT p.age < 35 RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Carol"), row("Dave"));
        assertThat(db.values("MATCH (p:Person) WHERE p:Admin XOR p.age > 30 RETURN p.name"))
                .containsExactly(row("Carol"));
    }

    @Test
    void patternPredicatesAndExists() {
        assertThat(db.values("MATCH (p:Person) WHERE (p)-[:WORKS_AT]->() RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Alice"), row("Bob"));
        assertThat(db.values("MATCH (p:Person) WHERE NOT (p)-[:KNOWS]->() RETURN p.name")).containsExactly(row("Dave"));
        assertThat(db.values("MATCH (p:Person) WHERE exists((p)<-[:KNOWS]-({name:'Alice'})) RETURN p.name ORDER BY p.name"))
                .containsExactly(row("Bob"), row("Carol"));
        assertThat(db.values("MATCH (p:Person) WHERE EXISTS { MATCH (p)-[:KNOWS]->(q) WHERE q.age > 36 } RETURN p.name"))
                .containsExactly(row("Carol"));
        assertThat(db.values("MATCH (p:Person {name:'Alice'}) RETURN [(p)-[:KNOWS]->(f) | f.name] AS friends"))
                .containsExactly(row(List.of("Bob", "Carol")));
        assertThat(db.values("MATCH (p:Person {name:'Alice'}) RETURN size([(p)-->() | 1]) AS degree"))
                .containsExactly(row(3L));
        assertThat(db.values("MATCH (p:Person) RETURN p.name, size((p)-[:KNOWS]-()) AS d ORDER BY d DESC, p.name"))
                .containsExactly(row("Carol", 3L), row("Alice", 2L), row("Bob", 2L), row("Dave", 1L));
    }

    @Test
    void withDistinctSkipLimit() {
        assertThat(db.values("MATCH (p:Person) WITH p.city AS city WHERE city IS NOT NULL RETURN DISTINCT city ORDER BY city"))
                .containsExactly(row("London"), row("Paris"));
        assertThat(db.values("MATCH (p:Person) RETURN p.name ORDER BY p.age DESC SKIP 1 LIMIT 2"))
                .containsExactly(row("Carol"), row("Alice"));
        assertThat(db.values("MATCH (p:Person) RETURN p.name ORDER BY p.name LIMIT $n", "n", 1))
                .containsExactly(row("Alice"));
        assertThat(db.values("MATCH (p:Person) WITH p ORDER BY p.age LIMIT 2 RETURN collect(p.name) AS names"))
                .containsExactly(row(List.of("Bob", "Alice")));
        assertThat(db.values("MATCH (p:Person {name:'Bob'}) WITH p, p.age * 2 AS double RETURN *"))
                .hasSize(1);
        assertThat(db.run("MATCH (p:Person {name:'Bob'}) WITH p.age AS a RETURN *").get(0))
                .isEqualTo(Map.of("a", 25L));
    }

    @Test
    void distinctOverEntities() {
        assertThat(db.values("MATCH (a)-[:KNOWS]->(b) RETURN DISTINCT a")).hasSize(3);
        assertThat(db.values("MATCH (a)-[:KNOWS]->(b) RETURN count(DISTINCT b), count(b)")).containsExactly(row(3L, 4L));
        assertThat(db.values("MATCH (a)-[:KNOWS]->(b) WITH DISTINCT b RETURN b.name ORDER BY b.name"))
                .containsExactly(row("Bob"), row("Carol"), row("Dave"));
    }

    @Test
    void aggregations() {
        assertThat(db.values("MATCH (p:Person) RETURN count(*), count(p.city), count(DISTINCT p.city), sum(p.age), "
                + "avg(p.age), min(p.age), max(p.name)"))
                .containsExactly(row(4L, 3L, 2L, 130L, 32.5, 25L, "Dave"));
        assertThat(db.values("MATCH (p:Person) RETURN p.city AS city, count(*) AS n ORDER BY n DESC, city"))
                .containsExactly(row("London", 2L), row("Paris", 1L), row(null, 1L));
        assertThat(db.values("MATCH (p:Person) WHERE p.city = 'London' RETURN collect(p.name) AS c ORDER BY c"))
                .containsExactly(row(List.of("Alice", "Carol")));
        assertThat(db.values("MATCH (p:Person) RETURN percentileDisc(p.age, 0.5), stDev(p.age) > 6.4"))
                .containsExactly(row(30L, true));
        assertThat(db.values("MATCH (p:Nobody) RETURN count(*), collect(p)")).containsExactly(row(0L, List.of()));
        assertThat(db.values("MATCH (p:Person) RETURN count(*) + 1 AS n, collect(p.age)[0] > 0 AS b"))
                .containsExactly(row(5L, true));
        assertThat(db.values("MATCH (a:Person)-[:KNOWS]->(b) RETURN a.name, count(b) AS c ORDER BY c DESC, a.name"))
                .containsExactly(row("Alice", 2L), row("Bob", 1L), row("Carol", 1L));
    }

    @Test
    void unwindAndExpressions() {
        assertThat(db.values("UNWIND [3, 1, 2] AS x RETURN x ORDER BY x")).containsExactly(row(1L), row(2L), row(3L));
        assertThat(db.values("UNWIND $list AS x RETURN sum(x)", "list", List.of(1, 2, 3))).containsExactly(row(6L));
        assertThat(db.values("UNWIND [] AS x RETURN x")).isEmpty();
        assertThat(db.values("WITH [1,2,3,4] AS l RETURN l[1], l[-1], l[1..3], size(l), head(l), last(l), tail(l)"))
                .containsExactly(row(2L, 4L, List.of(2L, 3L), 4L, 1L, 4L, List.of(2L, 3L, 4L)));
        assertThat(db.single("RETURN CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END")).isEqualTo("b");
        assertThat(db.single("RETURN [x IN range(1, 5) WHERE x % 2 = 1 | x * x]")).isEqualTo(List.of(1L, 9L, 25L));
        assertThat(db.single("MATCH (p:Person {name:'Bob'}) RETURN p {.name, .age, x: 1}"))
                .isEqualTo(Map.of("name", "Bob", "age", 25L, "x", 1L));
        assertThat(db.single("RETURN toUpper('ab') + toString(1) + substring('hello', 1, 3)")).isEqualTo("AB1ell");
        assertThat(db.single("RETURN coalesce(null, 2) + abs(-3) + toInteger('4')")).isEqualTo(9L);
        assertThat(db.single("RETURN date('2024-01-31').month")).isEqualTo(1L);
        assertThat(db.single("RETURN null = null")).isNull();
    }

    @Test
    void graphFunctions() {
        Map<String, Object> r = db.run("MATCH (a:Person {name:'Alice'})-[k:KNOWS]->(b {name:'Bob'}) "
                + "RETURN id(a) = id(startNode(k)) AS s, id(b) = id(endNode(k)) AS e, type(k) AS t, "
                + "labels(a) AS l, keys(a) AS ks, properties(k) AS props, elementId(a) = toString(id(a)) AS el").get(0);
        assertThat(r).containsEntry("s", true).containsEntry("e", true).containsEntry("t", "KNOWS")
                .containsEntry("l", List.of("Person")).containsEntry("ks", List.of("name", "age", "city")) // keys in creation order
                .containsEntry("props", Map.of("since", 2010L)).containsEntry("el", true);
        long id = (Long) db.single("MATCH (a:Person {name:'Carol'}) RETURN id(a)");
        assertThat(db.single("MATCH (n) WHERE id(n) = $id RETURN n.name", "id", id)).isEqualTo("Carol");
    }

    @Test
    void unions() {
        assertThat(db.values("MATCH (p:Person) WHERE p.age < 30 RETURN p.name AS n UNION "
                + "MATCH (c:Company) RETURN c.name AS n UNION MATCH (p:Person) WHERE p.age < 30 RETURN p.name AS n"))
                .containsExactly(row("Bob"), row("Acme"));
        assertThat(db.values("UNWIND [1, 1] AS x RETURN x UNION ALL RETURN 1 AS x"))
                .containsExactly(row(1L), row(1L), row(1L));
    }

    @Test
    void callSubquery() {
        assertThat(db.values("MATCH (p:Person) CALL { WITH p MATCH (p)-[:KNOWS]->(f) RETURN count(f) AS c } "
                + "RETURN p.name, c ORDER BY p.name"))
                .containsExactly(row("Alice", 2L), row("Bob", 1L), row("Carol", 1L), row("Dave", 0L));
    }
}

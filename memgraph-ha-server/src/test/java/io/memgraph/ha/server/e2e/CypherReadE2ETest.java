package io.memgraph.ha.server.e2e;

import static io.memgraph.ha.server.e2e.QueryCase.anyOrder;
import static io.memgraph.ha.server.e2e.QueryCase.ordered;
import static io.memgraph.ha.server.e2e.QueryCase.row;
import static io.memgraph.ha.server.e2e.QueryCase.rows;
import static io.memgraph.ha.server.e2e.QueryCase.withParams;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Relationship;

/**
 * Read queries over a small social graph, against the real server process and the Neo4j Java
 * driver 5: every clause and function group of the query engine, each with its exact result.
 *
 * <pre>
 * Alice(34, Berlin) -KNOWS{2010}-> Bob(27, Paris) -KNOWS{2015}-> Carol(45, Berlin) -KNOWS{2018}-> Dave(19, London)
 * Alice -KNOWS{2012}-> Carol        Erin(52, Paris, also :Admin) -KNOWS{2020}-> Alice
 * Alice, Bob -WORKS_AT-> Acme(1999)  Carol, Erin -WORKS_AT-> Globex(2010)   Dave works nowhere
 * </pre>
 */
class CypherReadE2ETest {
    static final String GRAPH = """
            CREATE (alice:Person {name: 'Alice', age: 34, email: 'alice@example.com', city: 'Berlin'}),
                   (bob:Person {name: 'Bob', age: 27, email: 'bob@example.com', city: 'Paris'}),
                   (carol:Person {name: 'Carol', age: 45, email: 'carol@example.com', city: 'Berlin'}),
                   (dave:Person {name: 'Dave', age: 19, email: 'dave@example.com', city: 'London'}),
                   (erin:Person:Admin {name: 'Erin', age: 52, email: 'erin@example.com', city: 'Paris'}),
                   (acme:Company {name: 'Acme', founded: 1999}),
                   (globex:Company {name: 'Globex', founded: 2010}),
                   (alice)-[:KNOWS {since: 2010}]->(bob),
                   (bob)-[:KNOWS {since: 2015}]->(carol),
                   (carol)-[:KNOWS {since: 2018}]->(dave),
                   (alice)-[:KNOWS {since: 2012}]->(carol),
                   (erin)-[:KNOWS {since: 2020}]->(alice),
                   (alice)-[:WORKS_AT {role: 'Engineer'}]->(acme),
                   (bob)-[:WORKS_AT {role: 'Manager'}]->(acme),
                   (carol)-[:WORKS_AT {role: 'Engineer'}]->(globex),
                   (erin)-[:WORKS_AT {role: 'CEO'}]->(globex)
            """;

    static ServerProcess server;
    static Driver driver;

    @BeforeAll
    static void startServerAndBuildGraph() throws Exception {
        server = ServerProcess.start();
        driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
        try (Session s = driver.session()) {
            s.run(GRAPH).consume();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static List<QueryCase> cases() {
        List<Object> names5 = List.of("Alice", "Bob", "Carol", "Dave", "Erin");
        return List.of(
                // MATCH: labels, property maps, direction, undirected, multiple patterns
                ordered("MATCH (p:Person) RETURN p.name ORDER BY p.name",
                        rows(row("Alice"), row("Bob"), row("Carol"), row("Dave"), row("Erin"))),
                ordered("MATCH (p:Person {city: 'Berlin'}) RETURN p.name ORDER BY p.name",
                        rows(row("Alice"), row("Carol"))),
                ordered("MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE a.name = 'Alice' RETURN b.name ORDER BY b.name",
                        rows(row("Bob"), row("Carol"))),
                anyOrder("MATCH (a:Person)<-[:KNOWS]-(b) WHERE a.name = 'Alice' RETURN b.name", rows(row("Erin"))),
                ordered("MATCH (a {name: 'Carol'})-[:KNOWS]-(b) RETURN b.name ORDER BY b.name",
                        rows(row("Alice"), row("Bob"), row("Dave"))),
                ordered("MATCH (a:Person {name: 'Alice'}), (c:Company {name: 'Globex'}) RETURN a.name, c.name",
                        rows(row("Alice", "Globex"))),
                ordered("MATCH (a:Person), (c:Company) RETURN count(*)", rows(row(10L))),
                ordered("MATCH (a:Person {name: 'Erin'})-[:KNOWS|WORKS_AT]->(x) RETURN x.name ORDER BY x.name",
                        rows(row("Alice"), row("Globex"))),
                ordered("MATCH (a:Person)-[r:KNOWS]->(b) WHERE r.since >= 2015 RETURN a.name, b.name, r.since ORDER BY r.since",
                        rows(row("Bob", "Carol", 2015L), row("Carol", "Dave", 2018L), row("Erin", "Alice", 2020L))),
                // variable length and named paths
                ordered("MATCH (a:Person {name: 'Alice'})-[:KNOWS*2]->(c) RETURN c.name ORDER BY c.name",
                        rows(row("Carol"), row("Dave"))),
                ordered("MATCH (a:Person {name: 'Alice'})-[:KNOWS*1..3]->(c) RETURN DISTINCT c.name ORDER BY c.name",
                        rows(row("Bob"), row("Carol"), row("Dave"))),
                ordered("MATCH p = (:Person {name: 'Erin'})-[:KNOWS*]->(:Person {name: 'Dave'}) RETURN length(p) AS l ORDER BY l",
                        rows(row(3L), row(4L))),
                ordered("MATCH p = (:Person {name: 'Alice'})-[:WORKS_AT]->(c) "
                                + "RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types",
                        rows(row(List.of("Alice", "Acme"), List.of("WORKS_AT")))),
                ordered("MATCH p = (:Person {name: 'Alice'})-[:KNOWS]->(:Person {name: 'Bob'})-[:KNOWS]->(c) "
                                + "RETURN length(p), size(nodes(p)), c.name",
                        rows(row(2L, 3L, "Carol"))),
                // OPTIONAL MATCH
                ordered("MATCH (p:Person) OPTIONAL MATCH (p)-[:WORKS_AT]->(c:Company) RETURN p.name, c.name ORDER BY p.name",
                        rows(row("Alice", "Acme"), row("Bob", "Acme"), row("Carol", "Globex"), row("Dave", null),
                                row("Erin", "Globex"))),
                ordered("OPTIONAL MATCH (x:Nope) RETURN x", rows(row((Object) null))),
                ordered("MATCH (x:Nope) RETURN count(x)", rows(row(0L))),
                // WHERE: boolean logic, string predicates, regex, IN, IS NULL, labels, pattern predicates
                ordered("MATCH (p:Person) WHERE p.age > 30 AND NOT p.city = 'Paris' RETURN p.name ORDER BY p.name",
                        rows(row("Alice"), row("Carol"))),
                ordered("MATCH (p:Person) WHERE p.age < 20 OR p.age > 50 RETURN p.name ORDER BY p.name",
                        rows(row("Dave"), row("Erin"))),
                ordered("MATCH (p:Person) WHERE p.age > 30 XOR p.city = 'Berlin' RETURN p.name ORDER BY p.name",
                        rows(row("Erin"))),
                ordered("MATCH (p:Person) WHERE p.name STARTS WITH 'C' OR p.name ENDS WITH 'b' OR p.email CONTAINS 'erin' "
                        + "RETURN p.name ORDER BY p.name", rows(row("Bob"), row("Carol"), row("Erin"))),
                ordered("MATCH (p:Person) WHERE p.name =~ 'D.*|E.*' RETURN p.name ORDER BY p.name",
                        rows(row("Dave"), row("Erin"))),
                ordered("MATCH (p:Person) WHERE p.name IN ['Bob', 'Dave', 'Zed'] RETURN p.name ORDER BY p.name",
                        rows(row("Bob"), row("Dave"))),
                ordered("MATCH (p:Person) WHERE p.nickname IS NULL AND p.email IS NOT NULL RETURN count(p)",
                        rows(row(5L))),
                anyOrder("MATCH (p) WHERE p:Admin RETURN p.name", rows(row("Erin"))),
                anyOrder("MATCH (p:Person) WHERE NOT (p)-[:WORKS_AT]->() RETURN p.name", rows(row("Dave"))),
                ordered("MATCH (p:Person) WHERE exists((p)<-[:KNOWS]-()) RETURN p.name ORDER BY p.name",
                        rows(row("Alice"), row("Bob"), row("Carol"), row("Dave"))),
                // WITH, aggregation, DISTINCT, ORDER BY, SKIP, LIMIT, RETURN *
                ordered("MATCH (p:Person)-[:WORKS_AT]->(c:Company) WITH c, count(p) AS staff RETURN c.name, staff ORDER BY c.name",
                        rows(row("Acme", 2L), row("Globex", 2L))),
                ordered("MATCH (p:Person)-[:KNOWS]->(f) WITH p, count(f) AS friends WHERE friends > 1 RETURN p.name, friends",
                        rows(row("Alice", 2L))),
                ordered("MATCH (p:Person) RETURN DISTINCT p.city ORDER BY p.city",
                        rows(row("Berlin"), row("London"), row("Paris"))),
                ordered("MATCH (p:Person) RETURN p.name, p.age ORDER BY p.age DESC SKIP 1 LIMIT 2",
                        rows(row("Carol", 45L), row("Alice", 34L))),
                ordered("MATCH (p:Person) RETURN p.city, p.name ORDER BY p.city DESC, p.name ASC",
                        rows(row("Paris", "Bob"), row("Paris", "Erin"), row("London", "Dave"), row("Berlin", "Alice"),
                                row("Berlin", "Carol"))),
                ordered("MATCH (p:Person) RETURN p.age ORDER BY p.age LIMIT 2", rows(row(19L), row(27L))),
                ordered("MATCH (p:Person) WITH p ORDER BY p.age DESC LIMIT 1 MATCH (p)-[:WORKS_AT]->(c) RETURN p.name, c.name",
                        rows(row("Erin", "Globex"))),
                ordered("MATCH (p:Person) RETURN count(*), count(p.age), sum(p.age), avg(p.age), min(p.age), max(p.age)",
                        rows(row(5L, 5L, 177L, 35.4, 19L, 52L))),
                ordered("MATCH (p:Person) WITH p ORDER BY p.name RETURN collect(p.name)", rows(row(names5))),
                ordered("MATCH (p:Person) RETURN count(DISTINCT p.city)", rows(row(3L))),
                ordered("MATCH (p:Person) RETURN p.city AS city, count(*) AS n, min(p.age) AS youngest ORDER BY city",
                        rows(row("Berlin", 2L, 34L), row("London", 1L, 19L), row("Paris", 2L, 27L))),
                ordered("MATCH (p:Person) RETURN percentileDisc(p.age, 0.5), percentileCont(p.age, 0.5), "
                        + "round(stDev(p.age) * 1000) / 1000.0", rows(row(34L, 34.0, 13.315))),
                ordered("MATCH (a:Person)-[:KNOWS]->(b)-[:WORKS_AT]->(c) RETURN c.name, count(*) ORDER BY c.name",
                        rows(row("Acme", 2L), row("Globex", 2L))),
                // UNWIND, UNION
                ordered("UNWIND [3, 1, 2] AS x RETURN x ORDER BY x", rows(row(1L), row(2L), row(3L))),
                ordered("UNWIND range(1, 10) AS x WITH x WHERE x % 2 = 0 RETURN sum(x)", rows(row(30L))),
                anyOrder("MATCH (p:Person {city: 'London'}) RETURN p.name AS name "
                        + "UNION MATCH (c:Company {name: 'Acme'}) RETURN c.name AS name", rows(row("Dave"), row("Acme"))),
                anyOrder("RETURN 1 AS x UNION ALL RETURN 1 AS x", rows(row(1L), row(1L))),
                anyOrder("RETURN 1 AS x UNION RETURN 1 AS x", rows(row(1L))),
                // CASE, list comprehensions, lists, maps, pattern comprehension
                ordered("MATCH (p:Person) RETURN p.name, CASE WHEN p.age >= 40 THEN 'senior' WHEN p.age >= 25 THEN 'adult' "
                        + "ELSE 'young' END AS band ORDER BY p.name",
                        rows(row("Alice", "adult"), row("Bob", "adult"), row("Carol", "senior"), row("Dave", "young"),
                                row("Erin", "senior"))),
                ordered("RETURN CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END", rows(row("two"))),
                ordered("RETURN [x IN range(1, 6) WHERE x % 2 = 1 | x * x] AS odds", rows(row(List.of(1L, 9L, 25L)))),
                ordered("WITH [10, 20, 30, 40] AS l RETURN l[0], l[-1], l[1..3], size(l)",
                        rows(row(10L, 40L, List.of(20L, 30L), 4L))),
                ordered("RETURN size([1, 2, 3]), range(0, 10, 5), range(5, 1, -2)",
                        rows(row(3L, List.of(0L, 5L, 10L), List.of(5L, 3L, 1L)))),
                ordered("RETURN head([1, 2, 3]), last([1, 2, 3]), tail([1, 2, 3]), reverse([1, 2, 3])",
                        rows(row(1L, 3L, List.of(2L, 3L), List.of(3L, 2L, 1L)))),
                ordered("WITH {a: 1, b: {c: 'x'}} AS m RETURN m.a, m.b.c, m['a']", rows(row(1L, "x", 1L))),
                ordered("MATCH (p:Person {name: 'Bob'}) RETURN p {.name, .age, friend: 'x'} AS m",
                        rows(row(Map.of("name", "Bob", "age", 27L, "friend", "x")))),
                ordered("MATCH (c:Company {name: 'Globex'}) RETURN properties(c), [k IN keys(c) WHERE k STARTS WITH 'f']",
                        rows(row(Map.of("name", "Globex", "founded", 2010L), List.of("founded")))),
                ordered("MATCH (p:Person {name: 'Alice'}) RETURN size([(p)-[:KNOWS]->(f) | f.name]) AS friends",
                        rows(row(2L))),
                // graph functions
                ordered("MATCH (e:Person {name: 'Erin'})-[r:KNOWS]->(a) "
                        + "RETURN size(labels(e)), 'Admin' IN labels(e), type(r), id(e) = toInteger(elementId(e))",
                        rows(row(2L, true, "KNOWS", true))),
                ordered("MATCH ()-[r:KNOWS {since: 2015}]->() RETURN startNode(r).name, endNode(r).name",
                        rows(row("Bob", "Carol"))),
                // scalar, conversion, math, string functions, operators and null semantics
                ordered("RETURN coalesce(null, 'x'), toInteger('42'), toFloat('1.5'), toString(12), toBoolean('true'), "
                        + "toInteger(3.9)", rows(row("x", 42L, 1.5, "12", true, 3L))),
                ordered("RETURN abs(-3), ceil(1.2), floor(1.8), round(2.5), sign(-7), sqrt(16.0)",
                        rows(row(3L, 2.0, 1.0, 3.0, -1L, 4.0))),
                ordered("RETURN rand() >= 0.0 AND rand() < 1.0", rows(row(true))),
                ordered("RETURN 7 / 2, 7 % 3, 2 ^ 3, 7.0 / 2, -(3 - 5)", rows(row(3L, 1L, 8.0, 3.5, 2L))),
                ordered("RETURN toUpper('abc'), toLower('ABC'), trim('  x  '), ltrim('  x'), rtrim('x  '), "
                        + "replace('hello', 'l', 'L'), substring('hello', 1, 3), left('hello', 2), right('hello', 2), "
                        + "split('a,b,c', ','), reverse('abc'), size('hello')",
                        rows(row("ABC", "abc", "x", "x", "x", "heLLo", "ell", "he", "lo", List.of("a", "b", "c"), "cba", 5L))),
                ordered("RETURN null = null, null <> 1, 1 < null, null OR true, null AND false, NOT null",
                        rows(row(null, null, null, true, false, null))),
                ordered("RETURN 1 = 1.0, 'a' < 'b', [1, 2] = [1, 2], 1 = '1'", rows(row(true, true, true, false))),
                ordered("RETURN 'a' + 'b', [1] + [2, 3], 1 + 2.5", rows(row("ab", List.of(1L, 2L, 3L), 3.5))),
                // temporal
                ordered("RETURN date('2024-02-29').year, date('2024-02-29') + duration('P1D')",
                        rows(row(2024L, LocalDate.of(2024, 3, 1)))),
                ordered("RETURN toString(duration({days: 3, hours: 2})), toString(date('2024-01-15'))",
                        rows(row("P3DT2H", "2024-01-15"))),
                ordered("RETURN localdatetime('2024-01-02T03:04:05'), localtime('12:30')",
                        rows(row(LocalDateTime.of(2024, 1, 2, 3, 4, 5), LocalTime.of(12, 30)))),
                // CALL { subquery }
                ordered("CALL { MATCH (p:Person) RETURN max(p.age) AS m } RETURN m", rows(row(52L))),
                ordered("MATCH (c:Company) CALL { WITH c MATCH (c)<-[:WORKS_AT]-(p) RETURN count(p) AS staff } "
                        + "RETURN c.name, staff ORDER BY c.name", rows(row("Acme", 2L), row("Globex", 2L))),
                // parameters
                withParams("MATCH (p:Person) WHERE p.age > $min RETURN count(p)", Map.of("min", 30), rows(row(3L))),
                withParams("MATCH (p:Person) WHERE p.name IN $names RETURN p.name ORDER BY p.name",
                        Map.of("names", List.of("Erin", "Alice")), rows(row("Alice"), row("Erin"))));
    }

    @TestFactory
    Stream<DynamicTest> queriesReturnExactResults() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.query(), () -> c.check(driver)));
    }

    @Test
    void returnStarListsEveryVariable() {
        try (Session s = driver.session()) {
            Record r = s.run("MATCH (c:Company {name: 'Acme'}) WITH c.founded AS f, c.name AS n RETURN *").single();
            assertThat(r.keys()).containsExactlyInAnyOrder("f", "n");
            assertThat(r.get("f").asLong()).isEqualTo(1999L);
            assertThat(r.get("n").asString()).isEqualTo("Acme");
        }
    }

    @Test
    void nodesRelationshipsAndPathsReachTheDriverWhole() {
        try (Session s = driver.session()) {
            Record r = s.run("MATCH p = (a:Person {name: 'Erin'})-[k:KNOWS]->(b) RETURN a, k, p").single();
            Node erin = r.get("a").asNode();
            assertThat(erin.labels()).containsExactlyInAnyOrder("Person", "Admin");
            assertThat(erin.asMap()).containsEntry("name", "Erin").containsEntry("age", 52L).hasSize(4);
            assertThat(erin.elementId()).isNotEmpty();
            Relationship k = r.get("k").asRelationship();
            assertThat(k.type()).isEqualTo("KNOWS");
            assertThat(k.asMap()).isEqualTo(Map.of("since", 2020L));
            assertThat(k.startNodeElementId()).isEqualTo(erin.elementId());
            Path p = r.get("p").asPath();
            assertThat(p.length()).isEqualTo(1);
            assertThat(p.start().get("name").asString()).isEqualTo("Erin");
            assertThat(p.end().get("name").asString()).isEqualTo("Alice");
            assertThat(p.relationships().iterator().next().elementId()).isEqualTo(k.elementId());
        }
    }

    @Test
    void pathWalkedAgainstRelationshipDirection() {
        try (Session s = driver.session()) {
            Path p = s.run("MATCH p = (:Person {name: 'Dave'})<-[:KNOWS]-(:Person {name: 'Carol'}) RETURN p").single()
                    .get("p").asPath();
            assertThat(p.start().get("name").asString()).isEqualTo("Dave");
            assertThat(p.end().get("name").asString()).isEqualTo("Carol");
            Relationship r = p.relationships().iterator().next();
            assertThat(r.startNodeElementId()).isEqualTo(p.end().elementId());
            assertThat(r.endNodeElementId()).isEqualTo(p.start().elementId());
        }
    }

    @Test
    void profileReturnsOperatorsWithTheirHits() {
        try (Session s = driver.session()) {
            var result = s.run("PROFILE MATCH (p:Person) WHERE p.age > 40 RETURN p.name");
            assertThat(result.keys()).contains("OPERATOR", "ACTUAL HITS");
            List<Record> rows = result.list();
            assertThat(rows).anySatisfy(r -> {
                assertThat(r.get("OPERATOR").asString()).contains("ScanByLabel");
                assertThat(r.get("ACTUAL HITS").asLong()).isEqualTo(5L);
            });
        }
    }

    @Test
    void temporalValuesAndDurationsRoundTrip() {
        try (Session s = driver.session()) {
            Record r = s.run("RETURN duration({months: 14, days: 3, hours: 2, seconds: 1.5}) AS d, $date AS date, "
                            + "$dur AS dur, $date + $dur AS later, $time AS time, $ldt AS ldt",
                    Map.of("date", LocalDate.of(2024, 1, 31), "dur", org.neo4j.driver.Values.isoDuration(1, 1, 0, 0),
                            "time", LocalTime.of(23, 59, 58, 123_000_000), "ldt", LocalDateTime.of(2000, 2, 29, 12, 0)))
                    .single();
            var d = r.get("d").asIsoDuration();
            assertThat(List.of(d.months(), d.days(), d.seconds(), (long) d.nanoseconds()))
                    .containsExactly(14L, 3L, 7201L, 500_000_000L);
            assertThat(r.get("date").asLocalDate()).isEqualTo(LocalDate.of(2024, 1, 31));
            var dur = r.get("dur").asIsoDuration();
            assertThat(List.of(dur.months(), dur.days(), dur.seconds())).containsExactly(1L, 1L, 0L);
            // 2024-01-31 plus one month is clamped to 2024-02-29, plus one day is 2024-03-01.
            assertThat(r.get("later").asLocalDate()).isEqualTo(LocalDate.of(2024, 3, 1));
            assertThat(r.get("time").asLocalTime()).isEqualTo(LocalTime.of(23, 59, 58, 123_000_000));
            assertThat(r.get("ldt").asLocalDateTime()).isEqualTo(LocalDateTime.of(2000, 2, 29, 12, 0));
        }
    }

    @Test
    void readSummaryHasTypeR() {
        try (Session s = driver.session()) {
            var summary = s.run("MATCH (p:Person) RETURN p.name").consume();
            assertThat(summary.queryType()).isEqualTo(org.neo4j.driver.summary.QueryType.READ_ONLY);
            assertThat(summary.counters().containsUpdates()).isFalse();
        }
    }
}

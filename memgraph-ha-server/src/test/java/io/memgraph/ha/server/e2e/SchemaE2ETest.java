package io.memgraph.ha.server.e2e;

import static io.memgraph.ha.server.e2e.QueryCase.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.summary.ResultSummary;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Relationship;

/**
 * Schema as Neo4j 5 writes it, through the Neo4j Java driver against the real server process:
 * named indexes, IF NOT EXISTS, composite and relationship property indexes (and the plans that
 * use them), DROP INDEX by name, unique, NOT NULL, node key and composite unique constraints,
 * DROP CONSTRAINT by name, SHOW INDEXES and SHOW CONSTRAINTS with Neo4j's columns, Neo4j's error
 * codes, {@code db.schema.visualization()}, and names and ids surviving a restart. Each test uses
 * its own labels.
 */
class SchemaE2ETest {
    static OneServer db;
    static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        db = OneServer.start();
        driver = db.driver;
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    static List<List<Object>> q(String query) {
        return db.rows(query);
    }

    static ResultSummary write(String query) {
        return db.write(query);
    }

    static List<String> failure(String query) {
        return db.failure(query);
    }

    /** SHOW INDEXES rows (Neo4j's 12 columns) whose labelsOrTypes is [label]. */
    static List<List<Object>> indexes(String label) {
        return q("SHOW INDEXES").stream().filter(r -> r.get(6).equals(List.of(label))).toList();
    }

    /** SHOW CONSTRAINTS rows (Neo4j's 8 columns) whose labelsOrTypes is [label]. */
    static List<List<Object>> constraints(String label) {
        return q("SHOW CONSTRAINTS").stream().filter(r -> r.get(4).equals(List.of(label))).toList();
    }

    /** {@code SHOW STATE HASH}: the applied index and the hash of the state, as one string. */
    static String stateHash(Session s) {
        Map<String, Object> rows = new java.util.TreeMap<>();
        for (Record r : s.run("SHOW STATE HASH").list()) {
            rows.put(r.get("info").asString(), r.get("value").asObject());
        }
        return rows.toString();
    }

    static String plan(String query) {
        return q("EXPLAIN " + query).stream().map(r -> (String) r.get(0)).collect(Collectors.joining("\n"));
    }

    @Test
    void showIndexesAndShowConstraintsHaveNeo4jColumns() {
        try (Session s = driver.session()) {
            assertThat(s.run("SHOW INDEXES").keys()).containsExactly("id", "name", "state", "populationPercent",
                    "type", "entityType", "labelsOrTypes", "properties", "indexProvider", "owningConstraint",
                    "lastRead", "readCount");
            assertThat(s.run("SHOW CONSTRAINTS").keys()).containsExactly("id", "name", "type", "entityType",
                    "labelsOrTypes", "properties", "ownedIndex", "propertyType");
        }
    }

    @Test
    void namedIndexIfNotExistsAndTheErrorsForOneThatExists() {
        assertThat(write("CREATE INDEX film_title FOR (f:Film) ON (f.title)").counters().indexesAdded()).isEqualTo(1);
        List<List<Object>> rows = indexes("Film");
        assertThat(rows).hasSize(1);
        long id = (Long) rows.get(0).get(0);
        assertThat(rows.get(0)).isEqualTo(row(id, "film_title", "ONLINE", 100.0, "RANGE", "NODE", List.of("Film"),
                List.of("title"), "range-1.0", null, null, null));

        String description = "Index( id=" + id + ", name='film_title', type='RANGE', schema=(:Film {title}), "
                + "indexProvider='range-1.0' )";
        assertThat(failure("CREATE INDEX film_title FOR (f:Film) ON (f.title)")).containsExactly(
                "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
                "An equivalent index already exists, '" + description + "'.");
        assertThat(failure("CREATE INDEX FOR (f:Film) ON (f.title)")).containsExactly(
                "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
                "An equivalent index already exists, '" + description + "'.");
        assertThat(failure("CREATE INDEX other_name FOR (f:Film) ON (f.title)")).containsExactly(
                "Neo.ClientError.Schema.IndexAlreadyExists", "There already exists an index (:Film {title}).");
        assertThat(failure("CREATE INDEX film_title FOR (f:Film) ON (f.year)")).containsExactly(
                "Neo.ClientError.Schema.IndexWithNameAlreadyExists",
                "There already exists an index called 'film_title'.");
        // IF NOT EXISTS: same schema, same name, or both: nothing happens.
        assertThat(write("CREATE INDEX film_title IF NOT EXISTS FOR (f:Film) ON (f.title)").counters()
                .indexesAdded()).isZero();
        assertThat(write("CREATE INDEX other_name IF NOT EXISTS FOR (f:Film) ON (f.title)").counters()
                .indexesAdded()).isZero();
        assertThat(write("CREATE INDEX film_title IF NOT EXISTS FOR (f:Film) ON (f.year)").counters()
                .indexesAdded()).isZero();
        assertThat(indexes("Film")).isEqualTo(rows);
        // A constraint cannot take an index's name, even with IF NOT EXISTS.
        assertThat(failure("CREATE CONSTRAINT film_title IF NOT EXISTS FOR (f:Film) REQUIRE f.id IS UNIQUE"))
                .containsExactly("Neo.ClientError.Schema.IndexWithNameAlreadyExists",
                        "There already exists an index called 'film_title'.");
        // Memgraph's form leaves an existing index as it is.
        assertThat(write("CREATE INDEX ON :Film(title)").counters().indexesAdded()).isZero();
    }

    @Test
    void anIndexWithoutANameGetsAGeneratedOneAndMemgraphFormsStillWork() {
        write("CREATE INDEX FOR (b:Book) ON (b.isbn)");
        write("CREATE INDEX ON :Book(title)");
        write("CREATE INDEX ON :Book");
        List<List<Object>> rows = indexes("Book");
        assertThat(rows).hasSize(3);
        for (List<Object> r : rows) {
            assertThat((String) r.get(1)).matches("index_[0-9a-f]{8}");
        }
        assertThat(rows.stream().map(r -> Arrays.asList(r.get(4), r.get(7), r.get(8))).toList())
                .containsExactlyInAnyOrder(Arrays.asList("RANGE", List.of("isbn"), "range-1.0"),
                        Arrays.asList("RANGE", List.of("title"), "range-1.0"),
                        Arrays.asList("LOOKUP", null, "token-lookup-1.0"));
        List<String> names = rows.stream().map(r -> (String) r.get(1)).toList();
        assertThat(names).isSorted().doesNotHaveDuplicates();
        assertThat(q("SHOW INDEX INFO").stream().map(r -> r.subList(0, 4)).toList()).contains(
                row(":Book(isbn)", "label+property", "Book", "isbn"),
                row(":Book(title)", "label+property", "Book", "title"), row(":Book", "label", "Book", null));
        String isbnName = (String) rows.stream().filter(r -> r.get(7) != null && r.get(7).equals(List.of("isbn")))
                .findFirst().orElseThrow().get(1);
        assertThat(write("DROP INDEX " + isbnName).counters().indexesRemoved()).isEqualTo(1);
        write("DROP INDEX ON :Book(title)");
        write("DROP INDEX ON :Book");
        assertThat(indexes("Book")).isEmpty();
        // The same schema gets the same generated name again.
        write("CREATE INDEX FOR (b:Book) ON (b.isbn)");
        assertThat(indexes("Book").get(0).get(1)).isEqualTo(isbnName);
    }

    @Test
    void dropIndexByNameWithAndWithoutIfExists() {
        write("CREATE INDEX to_drop FOR (g:Gone) ON (g.p)");
        assertThat(write("DROP INDEX to_drop").counters().indexesRemoved()).isEqualTo(1);
        assertThat(indexes("Gone")).isEmpty();
        assertThat(failure("DROP INDEX to_drop")).containsExactly("Neo.DatabaseError.Schema.IndexDropFailed",
                "Unable to drop index called `to_drop`. There is no such index.");
        assertThat(write("DROP INDEX to_drop IF EXISTS").counters().indexesRemoved()).isZero();
        // An index name does not drop a constraint, nor the other way round.
        write("CREATE CONSTRAINT gone_key FOR (g:Gone) REQUIRE g.k IS UNIQUE");
        assertThat(failure("DROP INDEX gone_key")).containsExactly("Neo.DatabaseError.Schema.IndexDropFailed",
                "Unable to drop index called `gone_key`. There is no such index.");
        write("CREATE INDEX gone_idx FOR (g:Gone) ON (g.q)");
        assertThat(failure("DROP CONSTRAINT gone_idx")).containsExactly(
                "Neo.DatabaseError.Schema.ConstraintDropFailed",
                "Unable to drop constraint `gone_idx`: No such constraint gone_idx.");
        assertThat(write("DROP CONSTRAINT gone_key").counters().constraintsRemoved()).isEqualTo(1);
        assertThat(write("DROP CONSTRAINT gone_key IF EXISTS").counters().constraintsRemoved()).isZero();
        assertThat(failure("DROP CONSTRAINT gone_key")).containsExactly(
                "Neo.DatabaseError.Schema.ConstraintDropFailed",
                "Unable to drop constraint `gone_key`: No such constraint gone_key.");
        assertThat(constraints("Gone")).isEmpty();
    }

    @Test
    void compositeIndexIsUsedForEqualityOnAllItsProperties() {
        write("UNWIND range(1, 60) AS i CREATE (:City {country: 'c' + toString(i % 6), zip: i % 10, n: i})");
        String query = "MATCH (c:City) WHERE c.country = 'c3' AND c.zip = 3 RETURN c.n ORDER BY c.n";
        List<List<Object>> before = q(query);
        assertThat(before).containsExactly(row(3L), row(33L));
        assertThat(plan(query)).doesNotContain("ScanByLabelProperties");
        write("CREATE INDEX city_country_zip FOR (c:City) ON (c.country, c.zip)");
        assertThat(indexes("City")).extracting(r -> r.get(7)).containsExactly(List.of("country", "zip"));
        assertThat(plan(query)).contains("ScanByLabelProperties (c :City {country, zip})");
        assertThat(q(query)).isEqualTo(before);
        // Inline maps and parameters too; 3 and 3.0 are equal.
        assertThat(plan("MATCH (c:City {zip: 3, country: $c}) RETURN c.n"))
                .contains("ScanByLabelProperties (c :City {country, zip})");
        assertThat(QueryCase.run(driver, "MATCH (c:City {zip: 3.0, country: $c}) RETURN c.n ORDER BY c.n",
                Map.of("c", "c3"))).containsExactly(row(3L), row(33L));
        // Only one of the properties: not the composite index.
        assertThat(plan("MATCH (c:City) WHERE c.zip = 3 RETURN c.n")).doesNotContain("ScanByLabelProperties");
        // The index follows writes: a changed, a removed and a new node.
        write("MATCH (c:City {n: 3}) SET c.zip = 4");
        write("MATCH (c:City {n: 33}) REMOVE c.country");
        write("CREATE (:City {country: 'c3', zip: 3, n: 99})");
        assertThat(q(query)).containsExactly(row(99L));
        try (Session s = driver.session()) {
            Record profiled = s.run("PROFILE " + query).list().stream()
                    .filter(r -> r.get(0).asString().contains("ScanByLabelProperties")).findFirst().orElseThrow();
            assertThat(profiled.get(1).asLong()).isEqualTo(1L);
        }
    }

    @Test
    void relationshipPropertyIndexIsUsedToStartAMatch() {
        write("UNWIND range(1, 30) AS i CREATE (:Acct {n: i})-[:PAID {ref: 'r' + toString(i % 5), amount: i}]->"
                + "(:Acct {n: i + 100})");
        String query = "MATCH (a:Acct)-[p:PAID {ref: 'r2'}]->(b) RETURN a.n, p.amount, b.n ORDER BY a.n";
        List<List<Object>> expected = List.of(row(2L, 2L, 102L), row(7L, 7L, 107L), row(12L, 12L, 112L),
                row(17L, 17L, 117L), row(22L, 22L, 122L), row(27L, 27L, 127L));
        assertThat(q(query)).isEqualTo(expected);
        assertThat(write("CREATE INDEX paid_ref FOR ()-[p:PAID]-() ON (p.ref)").counters().indexesAdded())
                .isEqualTo(1);
        long id = (Long) indexes("PAID").get(0).get(0);
        assertThat(indexes("PAID")).containsExactly(row(id, "paid_ref", "ONLINE", 100.0, "RANGE", "RELATIONSHIP",
                List.of("PAID"), List.of("ref"), "range-1.0", null, null, null));
        assertThat(plan(query)).contains("ScanRelationshipsByProperties (a)-[p:PAID {ref}]->(b)")
                .doesNotContain("ScanByLabel (a");
        assertThat(q(query)).isEqualTo(expected);
        try (Session s = driver.session()) {
            Record profiled = s.run("PROFILE " + query).list().stream()
                    .filter(r -> r.get(0).asString().contains("ScanRelationshipsByProperties")).findFirst()
                    .orElseThrow();
            assertThat(profiled.get(1).asLong()).as("rows of the seek").isEqualTo(6L);
        }
        // Either direction in the pattern, and undirected (each relationship both ways).
        assertThat(q("MATCH (b)<-[p:PAID]-(a) WHERE p.ref = 'r2' AND a.n < 10 RETURN a.n, b.n ORDER BY a.n"))
                .containsExactly(row(2L, 102L), row(7L, 107L));
        assertThat(plan("MATCH (x)-[p:PAID {ref: 'r2'}]-(y) RETURN x.n, y.n"))
                .contains("ScanRelationshipsByProperties (x)-[p:PAID {ref}]-(y)");
        assertThat(q("MATCH (x)-[p:PAID {ref: 'r2'}]-(y) WHERE p.amount = 2 RETURN x.n, y.n ORDER BY x.n"))
                .containsExactly(row(2L, 102L), row(102L, 2L));
        // The index follows writes.
        write("MATCH ()-[p:PAID {amount: 2}]->() SET p.ref = 'changed'");
        write("MATCH ()-[p:PAID {amount: 7}]->() DELETE p");
        write("MATCH (a:Acct {n: 1}), (b:Acct {n: 2}) CREATE (a)-[:PAID {ref: 'r2', amount: 0}]->(b)");
        assertThat(q(query)).containsExactly(row(1L, 0L, 2L), row(12L, 12L, 112L), row(17L, 17L, 117L),
                row(22L, 22L, 122L), row(27L, 27L, 127L));
        // Composite relationship index.
        write("CREATE INDEX paid_ref_amount FOR ()-[p:PAID]->() ON (p.ref, p.amount)");
        String both = "MATCH (a)-[p:PAID]->(b) WHERE p.ref = 'r2' AND p.amount = 22 RETURN a.n, b.n";
        assertThat(plan(both)).contains("ScanRelationshipsByProperties (a)-[p:PAID {ref, amount}]->(b)");
        assertThat(q(both)).containsExactly(row(22L, 122L));
    }

    @Test
    void uniqueNotNullNodeKeyAndCompositeUniqueConstraints() {
        assertThat(write("CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE").counters()
                .constraintsAdded()).isEqualTo(1);
        write("CREATE CONSTRAINT person_name FOR (p:Person) REQUIRE p.name IS NOT NULL");
        write("CREATE CONSTRAINT person_key FOR (p:Person) REQUIRE (p.first, p.last) IS NODE KEY");
        write("CREATE CONSTRAINT person_pair FOR (p:Person) REQUIRE (p.a, p.b) IS UNIQUE");
        List<List<Object>> rows = constraints("Person");
        assertThat(rows.stream().map(r -> r.subList(1, 8)).toList()).containsExactly(
                Arrays.asList("person_email", "UNIQUENESS", "NODE", List.of("Person"), List.of("email"), null, null),
                Arrays.asList("person_key", "NODE_KEY", "NODE", List.of("Person"), List.of("first", "last"), null,
                        null),
                Arrays.asList("person_name", "NODE_PROPERTY_EXISTENCE", "NODE", List.of("Person"), List.of("name"),
                        null, null),
                Arrays.asList("person_pair", "UNIQUENESS", "NODE", List.of("Person"), List.of("a", "b"), null, null));
        assertThat(rows.stream().map(r -> (Long) r.get(0)).distinct()).hasSize(4);

        write("CREATE (:Person {email: 'x@y', name: 'Ann', first: 'Ann', last: 'Lee', a: 1, b: 2})");
        String violation = "Neo.ClientError.Schema.ConstraintValidationFailed";
        assertThat(failure("CREATE (:Person {email: 'x@y', name: 'Bo', first: 'Bo', last: 'Lee'})").get(0))
                .isEqualTo(violation);
        assertThat(failure("CREATE (:Person {email: 'z@y', first: 'Bo', last: 'Lee'})").get(0)).isEqualTo(violation);
        assertThat(failure("CREATE (:Person {email: 'z@y', name: 'Bo', first: 'Bo'})").get(0)).isEqualTo(violation);
        assertThat(failure("CREATE (:Person {name: 'Bo', first: 'Ann', last: 'Lee'})").get(0)).isEqualTo(violation);
        assertThat(failure("CREATE (:Person {name: 'Bo', first: 'Bo', last: 'Ng', a: 1, b: 2})").get(0))
                .isEqualTo(violation);
        // Composite unique: only the combination must be unique, and a node without all is not constrained.
        write("CREATE (:Person {name: 'Cy', first: 'Cy', last: 'Ng', a: 1, b: 3})");
        write("CREATE (:Person {name: 'Di', first: 'Di', last: 'Ng', a: 1})");
        assertThat(q("MATCH (p:Person) RETURN p.name ORDER BY p.name")).containsExactly(row("Ann"), row("Cy"),
                row("Di"));
        assertThat(failure("MATCH (p:Person {name: 'Ann'}) REMOVE p.last").get(0)).isEqualTo(violation);

        String description = "Constraint( id=" + rows.get(0).get(0) + ", name='person_email', type='UNIQUENESS', "
                + "schema=(:Person {email}) )";
        assertThat(failure("CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE"))
                .containsExactly("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
                        "An equivalent constraint already exists, '" + description + "'.");
        assertThat(failure("CREATE CONSTRAINT another FOR (p:Person) REQUIRE p.email IS UNIQUE"))
                .containsExactly("Neo.ClientError.Schema.ConstraintAlreadyExists",
                        "Constraint already exists: " + description);
        assertThat(failure("CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.phone IS UNIQUE"))
                .containsExactly("Neo.ClientError.Schema.ConstraintWithNameAlreadyExists",
                        "There already exists a constraint called 'person_email'.");
        assertThat(failure("CREATE INDEX person_email FOR (p:Person) ON (p.phone)")).containsExactly(
                "Neo.ClientError.Schema.ConstraintWithNameAlreadyExists",
                "There already exists a constraint called 'person_email'.");
        assertThat(write("CREATE CONSTRAINT another IF NOT EXISTS FOR (p:Person) REQUIRE p.email IS UNIQUE")
                .counters().constraintsAdded()).isZero();
        assertThat(failure("CREATE CONSTRAINT FOR (p:Person) REQUIRE (p.a, p.b) IS NOT NULL")).containsExactly(
                "Neo.ClientError.Statement.SyntaxError",
                "Constraint type 'IS NOT NULL' does not allow multiple properties");

        write("DROP CONSTRAINT person_email");
        write("CREATE (:Person {email: 'x@y', name: 'Ed', first: 'Ed', last: 'Ng'})");
        assertThat(constraints("Person")).hasSize(3);
    }

    @Test
    void aConstraintTheDataViolatesIsRefused() {
        write("CREATE (:Member {id: 1, nick: 'a'}), (:Member {id: 1, nick: 'b'}), (:Member {id: 2})");
        List<Long> ids = q("MATCH (m:Member) RETURN id(m) ORDER BY id(m)").stream().map(r -> (Long) r.get(0))
                .toList();
        assertThat(failure("CREATE CONSTRAINT member_id FOR (m:Member) REQUIRE m.id IS UNIQUE")).containsExactly(
                "Neo.DatabaseError.Schema.ConstraintCreationFailed",
                "Unable to create Constraint( name='member_id', type='UNIQUENESS', schema=(:Member {id}) ):\n"
                        + "Both Node(" + ids.get(0) + ") and Node(" + ids.get(1)
                        + ") have the label `Member` and property `id` = 1");
        assertThat(failure("CREATE CONSTRAINT member_nick FOR (m:Member) REQUIRE m.nick IS NOT NULL"))
                .containsExactly("Neo.DatabaseError.Schema.ConstraintCreationFailed",
                        "Unable to create Constraint( name='member_nick', type='NODE PROPERTY EXISTENCE', "
                                + "schema=(:Member {nick}) ):\nNode(" + ids.get(2)
                                + ") with label `Member` must have the property `nick`");
        assertThat(failure("CREATE CONSTRAINT member_key FOR (m:Member) REQUIRE (m.id, m.nick) IS NODE KEY"))
                .containsExactly("Neo.DatabaseError.Schema.ConstraintCreationFailed",
                        "Unable to create Constraint( name='member_key', type='NODE KEY', "
                                + "schema=(:Member {id, nick}) ):\nNode(" + ids.get(2)
                                + ") with label `Member` must have the properties (`id`, `nick`)");
        // Memgraph's form is refused the same way; nothing was created.
        assertThat(failure("CREATE CONSTRAINT ON (m:Member) ASSERT m.id IS UNIQUE").get(0))
                .isEqualTo("Neo.DatabaseError.Schema.ConstraintCreationFailed");
        assertThat(constraints("Member")).isEmpty();
        // Without the duplicate, the composite key (id, nick) holds.
        write("MATCH (m:Member) WHERE m.nick IS NULL DELETE m");
        write("CREATE CONSTRAINT member_key FOR (m:Member) REQUIRE (m.id, m.nick) IS NODE KEY");
        assertThat(constraints("Member")).extracting(r -> r.get(1)).containsExactly("member_key");
    }

    @Test
    void schemaVisualizationHasOneNodePerLabelAndOneRelationshipPerPattern() throws Exception {
        try (OneServer own = OneServer.start();
                Session s = own.driver.session()) {
            s.run("CREATE (a:Owner {name: 'Ann'})-[:OWNS]->(:Pet:Dog), (a)-[:OWNS]->(:Pet:Cat), "
                    + "(a)-[:KNOWS]->(:Owner)").consume();
            s.run("CREATE INDEX owner_name FOR (o:Owner) ON (o.name)").consume();
            s.run("CREATE CONSTRAINT pet_id FOR (p:Pet) REQUIRE p.id IS UNIQUE").consume();
            s.run("CREATE INDEX ON :Vet(name)").consume();
            // Labels come in the order first met (a node's labels in the order they were created).
            Record r = s.run("CALL db.schema.visualization()").single();
            assertThat(r.keys()).containsExactly("nodes", "relationships");
            List<Node> nodes = r.get("nodes").asList(v -> v.asNode());
            List<Relationship> rels = r.get("relationships").asList(v -> v.asRelationship());
            List<List<Object>> nodeRows = new ArrayList<>();
            for (Node n : nodes) {
                assertThat(n.id()).isNegative();
                nodeRows.add(List.of(List.copyOf((java.util.Collection<String>) n.labels()), n.asMap()));
            }
            long petId = s.run("SHOW CONSTRAINTS").single().get("id").asLong();
            assertThat(nodeRows).containsExactly(
                    List.of(List.of("Owner"), Map.of("name", "Owner", "indexes", List.of("name"),
                            "constraints", List.of())),
                    List.of(List.of("Pet"), Map.of("name", "Pet", "indexes", List.of(), "constraints",
                            List.of("Constraint( id=" + petId + ", name='pet_id', type='UNIQUENESS', "
                                    + "schema=(:Pet {id}) )"))),
                    List.of(List.of("Dog"), Map.of("name", "Dog", "indexes", List.of(), "constraints", List.of())),
                    List.of(List.of("Cat"), Map.of("name", "Cat", "indexes", List.of(), "constraints", List.of())),
                    List.of(List.of("Vet"), Map.of("name", "Vet", "indexes", List.of("name"),
                            "constraints", List.of())));
            Map<Long, String> labelOf = nodes.stream().collect(Collectors.toMap(Node::id,
                    n -> n.labels().iterator().next()));
            assertThat(rels.stream().map(x -> List.of(labelOf.get(x.startNodeId()), x.type(),
                    labelOf.get(x.endNodeId()), x.asMap())).toList()).containsExactly(
                    List.of("Owner", "OWNS", "Pet", Map.of("name", "OWNS")),
                    List.of("Owner", "OWNS", "Dog", Map.of("name", "OWNS")),
                    List.of("Owner", "OWNS", "Cat", Map.of("name", "OWNS")),
                    List.of("Owner", "KNOWS", "Owner", Map.of("name", "KNOWS")));
            assertThat(rels).allSatisfy(x -> assertThat(x.id()).isNegative());
            // YIELD and use inside a query.
            assertThat(s.run("CALL db.schema.visualization() YIELD nodes RETURN size(nodes) AS n").single()
                    .get("n").asLong()).isEqualTo(5L);
        }
    }

    @Test
    void namesIdsAndIndexesSurviveARestartFromSnapshotAndLog(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("raft.json"), """
                {"election_timeout_min": 150, "election_timeout_max": 300, "heartbeat_interval": 50,
                 "replication_timeout": 10000, "log_size_snapshot_threshold": 10}
                """);
        List<List<Object>> indexesBefore;
        List<List<Object>> constraintsBefore;
        String hashBefore;
        String relQuery = "MATCH (a)-[r:R {w: 7}]->(b) RETURN a.k, b.k";
        try (OneServer own = OneServer.startIn(dir);
                Session s = own.driver.session()) {
            s.run("CREATE INDEX rel_w FOR ()-[r:R]-() ON (r.w)").consume();
            s.run("CREATE INDEX n_ab FOR (n:N) ON (n.a, n.b)").consume();
            s.run("CREATE CONSTRAINT n_key FOR (n:N) REQUIRE n.k IS NODE KEY").consume();
            s.run("CREATE CONSTRAINT m_k FOR (m:M) REQUIRE m.k IS :: INTEGER").consume();
            for (int i = 0; i < 12; i++) {
                s.run("CREATE (:N {k: $i, a: $i % 2, b: $i % 3})-[:R {w: $i}]->(:M {k: $i})", Map.of("i", i))
                        .consume();
            }
            s.run("DROP INDEX n_ab").consume(); // after a snapshot: the log replays the drop
            s.run("CREATE INDEX n_ab FOR (n:N) ON (n.a, n.b)").consume();
            s.run("CREATE INDEX FOR (m:M) ON (m.k)").consume();
            indexesBefore = own.rows("SHOW INDEXES");
            constraintsBefore = own.rows("SHOW CONSTRAINTS");
            hashBefore = stateHash(s);
            assertThat(own.process.stop()).isZero();
        }
        try (OneServer own = OneServer.startIn(dir);
                Session s = own.driver.session()) {
            assertThat(own.rows("SHOW INDEXES")).isEqualTo(indexesBefore);
            assertThat(own.rows("SHOW CONSTRAINTS")).isEqualTo(constraintsBefore);
            assertThat(stateHash(s)).isEqualTo(hashBefore);
            assertThat(own.rows("EXPLAIN " + relQuery).toString())
                    .contains("ScanRelationshipsByProperties");
            assertThat(own.rows(relQuery)).containsExactly(row(7L, 7L));
            assertThat(own.rows("MATCH (n:N {a: 1, b: 2}) RETURN n.k ORDER BY n.k"))
                    .containsExactly(row(5L), row(11L));
            assertThatThrownBy(() -> s.run("CREATE (:N {a: 1})").consume()).isInstanceOf(Neo4jException.class)
                    .extracting(e -> ((Neo4jException) e).code())
                    .isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
            // the type constraint came back from the snapshot
            assertThatThrownBy(() -> s.run("CREATE (:M {k: '1'})").consume()).isInstanceOf(Neo4jException.class)
                    .extracting(e -> ((Neo4jException) e).code())
                    .isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
        }
    }

    @Test
    void propertyTypeConstraintsRefuseWrongTypesWithNeo4jsCodeAndText() {
        assertThat(write("CREATE CONSTRAINT book_isbn FOR (b:Book) REQUIRE b.isbn IS :: STRING").counters()
                .constraintsAdded()).isEqualTo(1);
        write("CREATE CONSTRAINT ON (b:Book) ASSERT b.pages IS TYPED INTEGER");
        write("CREATE CONSTRAINT cites_at FOR ()-[c:CITES]-() REQUIRE c.at IS :: INTEGER | FLOAT");
        write("CREATE (a:Book {isbn: '1', pages: 10})-[:CITES {at: 2.5}]->(:Book {title: 'no isbn'})");
        long id = (Long) q("MATCH (b:Book {isbn: '1'}) RETURN id(b)").get(0).get(0);
        assertThat(failure("MATCH (b:Book {isbn: '1'}) SET b.isbn = 1")).containsExactly(
                "Neo.ClientError.Schema.ConstraintValidationFailed", "Node(" + id + ") with label `Book` required the "
                        + "property `isbn` to be of type `STRING`, but was of type `INTEGER`.");
        assertThat(failure("MATCH (b:Book {isbn: '1'}) CREATE (b)-[:CITES {at: 'p. 3'}]->(b)").get(0))
                .isEqualTo("Neo.ClientError.Schema.ConstraintValidationFailed");
        assertThat(q("SHOW CONSTRAINTS YIELD name, type, propertyType WHERE name IN ['book_isbn', 'cites_at']"))
                .containsExactly(row("book_isbn", "NODE_PROPERTY_TYPE", "STRING"),
                        row("cites_at", "RELATIONSHIP_PROPERTY_TYPE", "INTEGER | FLOAT"));
        write("CREATE (:Shelf {n: 'a'})");
        assertThat(failure("CREATE CONSTRAINT shelf_n FOR (s:Shelf) REQUIRE s.n IS :: INTEGER").get(0))
                .isEqualTo("Neo.DatabaseError.Schema.ConstraintCreationFailed");
        assertThat(failure("CREATE CONSTRAINT FOR (s:Shelf) REQUIRE s.n IS :: NODE")).containsExactly(
                "Neo.ClientError.Statement.SyntaxError", "Property type constraints cannot require `NODE`");
    }
}

package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.StatusException;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.RejectReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Property type constraints through the engine: Neo4j 5's forms ({@code REQUIRE n.p IS :: T}, {@code
 * IS TYPED}, unions, typed lists, on relationships) and Memgraph's ({@code ASSERT n.p IS TYPED T}),
 * the writes they refuse at commit with Neo4j's text, creation over violating data, SHOW CONSTRAINTS,
 * SHOW CONSTRAINT INFO and the types that are refused. Through the driver: {@code SchemaE2ETest}.
 */
class PropertyTypeConstraintsTest {
    private Db db;

    @BeforeEach
    void empty() {
        db = new Db();
    }

    private void refusedAtCommit(String query, String message) {
        ApplyResult r = db.runResult(query).commit();
        assertThat(r.reason()).as(query).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
        assertThat(r.message()).as(query).isEqualTo(message);
    }

    @Test
    void wrongTypesAreRefusedByEveryWriteAndRightTypesAndNullsAccepted() {
        db.run("CREATE CONSTRAINT person_age FOR (p:Person) REQUIRE p.age IS :: INTEGER");
        db.run("CREATE (:Person {age: 30}), (:Person {name: 'no age'}), (:Person {age: null}), (:Robot {age: 'x'})");
        String wrong = ") with label `Person` required the property `age` to be of type `INTEGER`, but was of type `";
        refusedAtCommit("CREATE (:Person {age: 'thirty'})", "Node(4" + wrong + "STRING`.");
        refusedAtCommit("MATCH (p:Person {age: 30}) SET p.age = 30.5", "Node(0" + wrong + "FLOAT`.");
        refusedAtCommit("MATCH (p:Person {age: 30}) SET p += {age: [30]}", "Node(0" + wrong
                + "LIST<INTEGER NOT NULL>`.");
        refusedAtCommit("MERGE (p:Person {age: true})", "Node(5" + wrong + "BOOLEAN`.");
        refusedAtCommit("MATCH (r:Robot) SET r:Person", "Node(3" + wrong + "STRING`.");
        db.run("MERGE (p:Person {age: 31}) ON CREATE SET p.name = 'new'");
        db.run("MATCH (p:Person {age: 30}) SET p.age = 40");
        db.run("MATCH (p:Person {age: 40}) REMOVE p.age");
        db.run("MATCH (r:Robot) REMOVE r.age SET r:Person");
        assertThat(db.values("MATCH (p:Person) RETURN count(p.age)")).containsExactly(row(1L));
    }

    @Test
    void relationshipsUnionsListsAndTemporalTypes() {
        db.run("CREATE CONSTRAINT knows_since FOR ()-[r:KNOWS]-() REQUIRE r.since IS :: INTEGER | DATE");
        db.run("CREATE CONSTRAINT tags IF NOT EXISTS FOR (n:Doc) REQUIRE n.tags IS TYPED LIST<STRING NOT NULL>");
        db.run("CREATE CONSTRAINT $name FOR (e:Event) REQUIRE e.at :: TIMESTAMP WITHOUT TIME ZONE", "name", "event_at");
        db.run("CREATE (a:Doc {tags: ['x', 'y']})-[:KNOWS {since: 2020}]->(b:Doc {tags: []}), "
                + "(a)-[:KNOWS {since: date('2021-01-01')}]->(b), (a)-[:LIKES {since: 'long ago'}]->(b), "
                + "(:Event {at: localdatetime('2024-01-01T10:00')})");
        refusedAtCommit("MATCH (a)-[r:KNOWS {since: 2020}]->() SET r.since = '2020'", "Relationship(0) with type "
                + "`KNOWS` required the property `since` to be of type `INTEGER | DATE`, but was of type `STRING`.");
        refusedAtCommit("MATCH (a:Doc) CREATE (a)-[:KNOWS {since: 1.5}]->(a)", "Relationship(3) with type `KNOWS` "
                + "required the property `since` to be of type `INTEGER | DATE`, but was of type `FLOAT`.");
        refusedAtCommit("CREATE (:Doc {tags: ['x', 1]})", "Node(3) with label `Doc` required the property `tags` to "
                + "be of type `LIST<STRING NOT NULL>`, but was of type `LIST<ANY>`.");
        refusedAtCommit("CREATE (:Event {at: datetime('2024-01-01T10:00Z')})", "Node(4) with label `Event` required "
                + "the property `at` to be of type `LOCAL DATETIME`, but was of type `ZONED DATETIME`.");
        assertThat(db.values("SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties, "
                + "propertyType, createStatement")).containsExactly(
                row("event_at", "NODE_PROPERTY_TYPE", "NODE", List.of("Event"), List.of("at"), "LOCAL DATETIME",
                        "CREATE CONSTRAINT `event_at` FOR (n:`Event`) REQUIRE (n.`at`) IS :: LOCAL DATETIME"),
                row("knows_since", "RELATIONSHIP_PROPERTY_TYPE", "RELATIONSHIP", List.of("KNOWS"), List.of("since"),
                        "INTEGER | DATE",
                        "CREATE CONSTRAINT `knows_since` FOR ()-[r:`KNOWS`]-() REQUIRE (r.`since`) IS :: "
                                + "INTEGER | DATE"),
                row("tags", "NODE_PROPERTY_TYPE", "NODE", List.of("Doc"), List.of("tags"), "LIST<STRING NOT NULL>",
                        "CREATE CONSTRAINT `tags` FOR (n:`Doc`) REQUIRE (n.`tags`) IS :: LIST<STRING NOT NULL>"));
        assertThat(db.values("SHOW RELATIONSHIP PROPERTY TYPE CONSTRAINTS YIELD name")).containsExactly(
                row("knows_since"));
        assertThat(db.values("SHOW NODE PROPERTY TYPE CONSTRAINTS YIELD name")).containsExactly(row("event_at"),
                row("tags"));
        // the default columns end with propertyType
        assertThat(db.values("SHOW CONSTRAINTS WHERE name = 'tags'")).containsExactly(Arrays.asList(2L, "tags",
                "NODE_PROPERTY_TYPE", "NODE", List.of("Doc"), List.of("tags"), null, "LIST<STRING NOT NULL>"));
        db.run("DROP CONSTRAINT knows_since");
        db.run("MATCH ()-[r:KNOWS]->() SET r.since = 'any'");
    }

    @Test
    void memgraphsFormsCreateShowAndDrop() {
        db.run("CREATE CONSTRAINT ON (n:Person) ASSERT n.age IS TYPED INTEGER");
        db.run("CREATE CONSTRAINT ON (n:Person) ASSERT n.born IS TYPED LOCALDATETIME");
        db.run("CREATE CONSTRAINT ON (n:Person) ASSERT n.tags IS TYPED LIST");
        db.run("CREATE CONSTRAINT ON (n:Person) ASSERT n.meta IS TYPED MAP");
        db.run("CREATE CONSTRAINT ON (n:Person) ASSERT n.age IS TYPED INTEGER"); // exists: nothing happens
        db.run("CREATE CONSTRAINT n_or_f FOR (n:Num) REQUIRE n.v IS :: FLOAT | INTEGER");
        db.run("CREATE (:Person {age: 1, born: localdatetime('2000-01-01T00:00'), tags: [1, 'a'], meta: {k: 1}})");
        refusedAtCommit("CREATE (:Person {meta: [1]})", "Node(1) with label `Person` required the property `meta` to "
                + "be of type `MAP`, but was of type `LIST<INTEGER NOT NULL>`.");
        assertThat(db.values("SHOW CONSTRAINT INFO")).containsExactly(row("data_type", "Person", "age", "INTEGER"),
                row("data_type", "Person", "born", "LOCALDATETIME"), row("data_type", "Person", "tags", "LIST"),
                row("data_type", "Person", "meta", "MAP"), row("data_type", "Num", "v", "INTEGER | FLOAT"));
        assertThat(db.values("SHOW CONSTRAINTS YIELD propertyType").stream().map(r -> r.get(0)).toList())
                .contains("LIST<ANY>", "MAP");
        assertThatThrownBy(() -> db.run("DROP CONSTRAINT ON (n:Person) ASSERT n.age IS TYPED STRING"))
                .isInstanceOf(StatusException.class)
                .hasMessage("Unable to drop constraint: there is no property type constraint on :Person(age) IS :: "
                        + "STRING")
                .extracting(e -> ((StatusException) e).statusCode())
                .isEqualTo("Neo.ClientError.Schema.ConstraintDropFailed");
        db.run("DROP CONSTRAINT ON (n:Person) ASSERT n.age IS TYPED INTEGER");
        db.run("DROP CONSTRAINT ON (n:Person) ASSERT n.born IS TYPED LOCALDATETIME");
        db.run("CREATE (:Person {age: 'x', born: 1})");
        assertThat(db.values("SHOW CONSTRAINT INFO")).hasSize(3);
    }

    @Test
    void creationOverViolatingDataIsRefusedWithNeo4jsCode() {
        db.run("CREATE (:Movie {title: 'Up'}), (:Movie {title: 1984}), (a:Movie)-[:IN {order: 1.5}]->(a)");
        assertThatThrownBy(() -> db.run("CREATE CONSTRAINT movie_title FOR (m:Movie) REQUIRE m.title IS :: STRING"))
                .isInstanceOf(StatusException.class)
                .hasMessage("Unable to create Constraint( name='movie_title', type='NODE PROPERTY TYPE', "
                        + "schema=(:Movie {title}), propertyType=STRING ):\nNode(1) property `title` is of type "
                        + "`INTEGER`.")
                .extracting(e -> ((StatusException) e).statusCode())
                .isEqualTo("Neo.DatabaseError.Schema.ConstraintCreationFailed");
        assertThatThrownBy(() -> db.run("CREATE CONSTRAINT ON ()-[r:IN]-() ASSERT r.order IS TYPED INTEGER"))
                .isInstanceOf(StatusException.class)
                .hasMessageEndingWith("):\nRelationship(0) property `order` is of type `FLOAT`.");
        assertThat(db.values("SHOW CONSTRAINTS")).isEmpty();
        db.run("MATCH (m:Movie {title: 1984}) SET m.title = '1984'");
        db.run("CREATE CONSTRAINT movie_title FOR (m:Movie) REQUIRE m.title IS :: STRING");
        assertThatThrownBy(() -> db.run("CREATE CONSTRAINT other FOR (m:Movie) REQUIRE m.title IS :: INTEGER"))
                .isInstanceOf(StatusException.class)
                .extracting(e -> ((StatusException) e).statusCode())
                .isEqualTo("Neo.ClientError.Schema.ConstraintAlreadyExists");
        db.run("CREATE CONSTRAINT other IF NOT EXISTS FOR (m:Movie) REQUIRE m.title IS :: INTEGER");
        assertThat(db.values("SHOW CONSTRAINTS YIELD name, propertyType")).containsExactly(
                row("movie_title", "STRING"));
    }

    @Test
    void typesAConstraintCannotRequireAreRefusedNamingThem() {
        Map<String, String> refused = Map.of(
                "CREATE CONSTRAINT FOR (n:L) REQUIRE n.p IS :: NODE", "Property type constraints cannot require `NODE`",
                "CREATE CONSTRAINT FOR (n:L) REQUIRE n.p IS :: INTEGER NOT NULL",
                "Property type constraints cannot require a type with NOT NULL (`INTEGER NOT NULL`)",
                "CREATE CONSTRAINT FOR (n:L) REQUIRE n.p IS :: LIST<INTEGER>",
                "Property type constraints cannot require `LIST<INTEGER>` (a list type must be LIST<T NOT NULL>",
                "CREATE CONSTRAINT FOR (n:L) REQUIRE n.p IS :: LIST<LIST<INTEGER NOT NULL> NOT NULL>",
                "Property type constraints cannot require `LIST<LIST<INTEGER NOT NULL> NOT NULL>`",
                "CREATE CONSTRAINT FOR (n:L) REQUIRE n.p IS :: ANY", "Property type constraints cannot require `ANY`",
                "CREATE CONSTRAINT ON (n:L) ASSERT n.p IS TYPED ENUM",
                "Property type constraints of type ENUM are not supported",
                "CREATE CONSTRAINT FOR (n:L) REQUIRE (n.p, n.q) IS :: INTEGER",
                "Constraint type 'IS ::' does not allow multiple properties",
                "CREATE CONSTRAINT FOR ()-[r:T]-() REQUIRE r.p IS UNIQUE",
                "Relationship constraints other than property type constraints are not supported yet");
        refused.forEach((query, message) -> assertThatThrownBy(() -> db.run(query)).as(query)
                .isInstanceOf(CypherException.class).hasMessageContaining(message)
                .extracting(e -> ((CypherException) e).statusCode())
                .isEqualTo("Neo.ClientError.Statement.SyntaxError"));
        assertThat(db.values("SHOW CONSTRAINTS")).isEmpty();
    }
}

package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.notice.Notification;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifications an execution reports for its result summary, with Neo4j 5's codes and
 * wording; and that a query with nothing to report reports nothing.
 */
class NotificationsTest {
    private static final String HINTED_INDEX = "Neo.ClientNotification.Schema.HintedIndexNotFound";
    private static final String JOIN_HINT = "Neo.ClientNotification.Statement.JoinHintUnfulfillableWarning";
    private static final String CARTESIAN = "Neo.ClientNotification.Statement.CartesianProduct";
    private static final String UNKNOWN_LABEL = "Neo.ClientNotification.Statement.UnknownLabelWarning";
    private static final String UNKNOWN_TYPE = "Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning";
    private static final String UNKNOWN_KEY = "Neo.ClientNotification.Statement.UnknownPropertyKeyWarning";
    private static final String ALREADY_EXISTS = "Neo.ClientNotification.Schema.IndexOrConstraintAlreadyExists";
    private static final String DOES_NOT_EXIST = "Neo.ClientNotification.Schema.IndexOrConstraintDoesNotExist";
    private static final String DEPRECATED = "Neo.ClientNotification.Statement.FeatureDeprecationWarning";

    Db db;

    @BeforeEach
    void graph() {
        db = new Db();
        db.social();
        db.run("CREATE INDEX ON :Person(name)");
    }

    /** Runs {@code query} to its end (not committed) and returns what it reports. */
    private List<Notification> notes(String query) {
        try (Transaction tx = db.storage.begin();
             Execution e = db.engine.execute(tx, query, Map.of("n", "Alice"), QueryControl.unlimited())) {
            e.pull(-1, row -> { });
            return e.notifications();
        }
    }

    private List<String> codes(String query) {
        return notes(query).stream().map(Notification::code).toList();
    }

    @Test
    void aQueryWithNothingToReportSharesTheEmptyList() {
        assertThat(notes("MATCH (p:Person {name: $n})-[:KNOWS]->(f) RETURN f.name")).isSameAs(List.of());
        assertThat(notes("CREATE (:Person {name: 'Eve'})")).isSameAs(List.of());
        assertThat(notes("RETURN 1")).isSameAs(List.of());
    }

    @Test
    void hintOnAnIndexThatDoesNotExist() {
        Notification n = notes("MATCH (p:Person) USING INDEX p:Person(age) WHERE p.age = 30 RETURN p").get(0);
        assertThat(n.code()).isEqualTo(HINTED_INDEX);
        assertThat(n.severity()).isEqualTo(Notification.Severity.WARNING);
        assertThat(n.category()).isEqualTo(Notification.Category.HINT);
        assertThat(n.gqlStatus()).isEqualTo("01N31");
        assertThat(n.description()).isEqualTo("The hinted index does not exist, please check the schema (index is:"
                + " INDEX FOR (`p`:`Person`) ON (`p`.`age`))");
        assertThat(n.statusDescription()).isEqualTo("warn: hinted index not found. Unable to create a plan with"
                + " `INDEX :Person(age)` because the index does not exist.");
        assertThat(n.position().line()).isEqualTo(1);
        assertThat(n.position().column()).isEqualTo(18);
        assertThat(codes("MATCH ()-[r:KNOWS]->() USING INDEX r:KNOWS(since) WHERE r.since = 1 RETURN r"))
                .containsExactly(HINTED_INDEX);
        assertThat(codes("MATCH (p:Person) USING TEXT INDEX p:Person(name) WHERE p.name = 'x' RETURN p"))
                .containsExactly(HINTED_INDEX);
    }

    @Test
    void hintOnAnExistingIndexIsSilent() {
        assertThat(codes("MATCH (p:Person) USING INDEX p:Person(name) WHERE p.name = 'Alice' RETURN p")).isEmpty();
        assertThat(codes("MATCH (p:Person) USING SCAN p:Person WHERE p.name = 'Alice' RETURN p")).isEmpty();
    }

    @Test
    void joinHintIsNeverFulfilled() {
        Notification n = notes("MATCH (a:Person)-[:KNOWS]->(b)-[:KNOWS]->(c:Person) USING JOIN ON b RETURN a").get(0);
        assertThat(n.code()).isEqualTo(JOIN_HINT);
        assertThat(n.gqlStatus()).isEqualTo("01N30");
        assertThat(n.description()).endsWith("(hinted join key identifier is: `b`)");
    }

    @Test
    void cachedPlanStillReportsItsNotifications() {
        String q = "MATCH (a:Person)-[:KNOWS]->(b) USING JOIN ON b RETURN a";
        assertThat(codes(q)).containsExactly(JOIN_HINT);
        int cached = db.engine.cachedStatements();
        assertThat(codes(q)).containsExactly(JOIN_HINT);
        assertThat(db.engine.cachedStatements()).isEqualTo(cached);
    }

    @Test
    void hintWarningGoesOnceTheIndexExists() {
        String q = "MATCH (p:Person) USING INDEX p:Person(age) WHERE p.age = 30 RETURN p";
        assertThat(codes(q)).containsExactly(HINTED_INDEX);
        db.run("CREATE INDEX ON :Person(age)");
        assertThat(codes(q)).isEmpty(); // the plan is rebuilt for the new schema
    }

    @Test
    void disconnectedPatternsBuildACartesianProduct() {
        Notification n = notes("MATCH (c:Person), (k:Company) RETURN c, k").get(0);
        assertThat(n.code()).isEqualTo(CARTESIAN);
        assertThat(n.severity()).isEqualTo(Notification.Severity.INFORMATION);
        assertThat(n.category()).isEqualTo(Notification.Category.PERFORMANCE);
        assertThat(n.gqlStatus()).isEqualTo("03N90");
        assertThat(n.description()).endsWith("(identifier is: (k))");
        assertThat(n.statusDescription()).contains("The disconnected patterns `(c:Person), (k:Company)` build a"
                + " cartesian product.");
    }

    @Test
    void connectedPatternsAreNoCartesianProduct() {
        assertThat(codes("MATCH (a:Person)-[:KNOWS]->(b), (b)-[:WORKS_AT]->(c) RETURN a")).isEmpty();
        assertThat(codes("MATCH (a:Person {name: 'Alice'}) WITH a MATCH (a), (b:Person {name: 'Bob'})"
                + " WITH a, b MATCH (a), (b) RETURN a")).containsExactly(CARTESIAN); // only the middle MATCH
    }

    @Test
    void namesTheDatabaseNeverHad() {
        List<Notification> n = notes("MATCH (p:Persn)-[:KNOWZ]->(q {nme: 'x'}) WHERE p.agee > 1 RETURN p");
        assertThat(n).extracting(Notification::code)
                .containsExactly(UNKNOWN_LABEL, UNKNOWN_TYPE, UNKNOWN_KEY, UNKNOWN_KEY);
        assertThat(n.get(0).description()).endsWith("(the missing label name is: Persn)");
        assertThat(n.get(0).gqlStatus()).isEqualTo("01N50");
        assertThat(n.get(0).statusDescription()).isEqualTo("warn: unknown label. The label `Persn` does not exist"
                + " in database `memgraph`. Verify that the spelling is correct.");
        assertThat(n.get(1).gqlStatus()).isEqualTo("01N51");
        assertThat(n.get(2).description()).endsWith("(the missing property name is: nme)");
        assertThat(n.get(3).description()).endsWith("(the missing property name is: agee)");
        assertThat(codes("MATCH (n) WHERE n:Persn RETURN n")).containsExactly(UNKNOWN_LABEL);
    }

    @Test
    void knownNamesAreSilentAndTheCheckIsPerExecution() {
        assertThat(codes("MATCH (p:Person)-[:KNOWS]->(q {name: 'x'}) WHERE p.age > 1 RETURN p")).isEmpty();
        String q = "MATCH (s:Ship) RETURN s";
        assertThat(codes(q)).containsExactly(UNKNOWN_LABEL);
        db.run("CREATE (:Ship)");
        assertThat(codes(q)).isEmpty(); // same cached plan, new data
        assertThat(codes("CREATE (:Boat)")).isEmpty(); // only MATCH names are checked
    }

    @Test
    void schemaCommandsThatDoNothing() {
        db.run("CREATE INDEX ageIndex FOR (p:Person) ON (p.age)");
        Notification n = notes("CREATE INDEX other IF NOT EXISTS FOR (p:Person) ON (p.age)").get(0);
        assertThat(n.code()).isEqualTo(ALREADY_EXISTS);
        assertThat(n.severity()).isEqualTo(Notification.Severity.INFORMATION);
        assertThat(n.category()).isEqualTo(Notification.Category.SCHEMA);
        assertThat(n.gqlStatus()).isEqualTo("00NA0");
        assertThat(n.title()).isEqualTo("`CREATE INDEX other IF NOT EXISTS FOR (p:Person) ON (p.age)` has no effect.");
        assertThat(n.description()).isEqualTo("`RANGE INDEX `ageIndex` FOR (n:`Person`) ON (n.`age`)` already exists.");
        Notification d = notes("DROP INDEX nothing IF EXISTS").get(0);
        assertThat(d.code()).isEqualTo(DOES_NOT_EXIST);
        assertThat(d.gqlStatus()).isEqualTo("00NA1");
        assertThat(d.title()).isEqualTo("`DROP INDEX nothing IF EXISTS` has no effect.");
        assertThat(d.description()).isEqualTo("`nothing` does not exist.");
        assertThat(codes("DROP CONSTRAINT nothing IF EXISTS")).containsExactly(DOES_NOT_EXIST);
        db.run("CREATE CONSTRAINT uniqueName FOR (c:Company) REQUIRE c.name IS UNIQUE");
        assertThat(codes("CREATE CONSTRAINT uniqueName IF NOT EXISTS FOR (c:Company) REQUIRE c.name IS UNIQUE"))
                .containsExactly(ALREADY_EXISTS);
    }

    @Test
    void schemaCommandsThatActAreSilent() {
        assertThat(codes("CREATE INDEX cityIndex IF NOT EXISTS FOR (p:Person) ON (p.city)")).isEmpty();
        db.run("CREATE INDEX cityIndex FOR (p:Person) ON (p.city)");
        assertThat(codes("DROP INDEX cityIndex IF EXISTS")).isEmpty();
    }

    @Test
    void idIsDeprecated() {
        Notification n = notes("MATCH (p:Person) RETURN id(p) AS i").get(0);
        assertThat(n.code()).isEqualTo(DEPRECATED);
        assertThat(n.gqlStatus()).isEqualTo("01N01");
        assertThat(n.description()).isEqualTo("The query used a deprecated function: `id`.");
        assertThat(n.position().column()).isEqualTo(25);
        assertThat(codes("MATCH (p:Person) RETURN elementId(p) AS i")).isEmpty();
    }

    @Test
    void explainReportsThePlansNotifications() {
        assertThat(codes("EXPLAIN MATCH (a:Person), (b:Nope) RETURN a, b")).containsExactly(CARTESIAN, UNKNOWN_LABEL);
    }
}

package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Planner hints: Neo4j's {@code USING INDEX | SCAN | JOIN} after a MATCH pattern and Memgraph's
 * {@code USING INDEX :L(p)} before a query change the plan EXPLAIN shows, never the rows; hints
 * the planner cannot fulfil leave the plan as it was; hints a MATCH cannot use are Neo4j's errors.
 */
class PlannerHintsTest {
    Db db;

    @BeforeEach
    void graph() {
        db = new Db();
        db.social();
        db.run("UNWIND range(1, 200) AS i CREATE (:Person {name: 'p' + toString(i), age: i % 50,"
                + " city: CASE WHEN i % 2 = 0 THEN 'London' ELSE 'Paris' END})");
        db.run("CREATE INDEX ON :Person(name)");
        db.run("CREATE INDEX ON :Person(age)");
    }

    private String plan(String query) {
        return db.values("EXPLAIN " + query).stream().map(r -> (String) r.get(0)).collect(Collectors.joining("\n"));
    }

    /** The rows in an order that does not depend on the plan. */
    private List<List<Object>> rows(String query) {
        return db.values(query).stream().sorted(Comparator.comparing(Object::toString)).toList();
    }

    /** {@code hinted} plans with {@code operator} where {@code plain} did not, and returns the same rows. */
    private void hintTakesEffect(String plain, String hinted, String operator) {
        assertThat(plan(plain)).doesNotContain(operator);
        assertThat(plan(hinted)).contains(operator);
        assertThat(rows(hinted)).isNotEmpty().isEqualTo(rows(plain));
    }

    /** {@code hinted} plans and answers as {@code plain} does. */
    private void hintIgnored(String plain, String hinted) {
        assertThat(plan(hinted)).isEqualTo(plan(plain));
        assertThat(rows(hinted)).isEqualTo(rows(plain));
    }

    private CypherException failure(String query) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> db.run(query));
        assertThat(e).as("expected an error from %s", query).isNotNull();
        return e;
    }

    @Test
    void indexHintPicksTheNamedIndexOverACheaperOne() {
        String where = " WHERE n.name = 'p45' AND n.age > 40 RETURN n.name";
        hintTakesEffect("MATCH (n:Person)" + where, "MATCH (n:Person) USING INDEX n:Person(age)" + where,
                "ScanByLabelPropertyRange (n :Person {age})");
        hintTakesEffect("MATCH (n:Person)" + where, "MATCH (n:Person) USING RANGE INDEX SEEK n:Person(age)" + where,
                "ScanByLabelPropertyRange (n :Person {age})");
        assertThat(plan("MATCH (n:Person)" + where)).contains("ScanByLabelPropertyEquality (n :Person {name})");
    }

    @Test
    void scanHintStartsFromTheLabelScan() {
        String where = " WHERE n.name = 'p7' RETURN n.age";
        hintTakesEffect("MATCH (n:Person)" + where, "MATCH (n:Person) USING SCAN n:Person" + where,
                "ScanByLabel (n :Person)");
        assertThat(plan("MATCH (n:Person)" + where)).contains("ScanByLabelPropertyEquality (n :Person {name})");
    }

    @Test
    void hintedVariableStartsThePatternAndTheOtherEndIsExpanded() {
        String pattern = "MATCH (a:Person {name: 'Alice'})-[:KNOWS]->(b:Person)";
        String where = " WHERE b.age > 26 RETURN a.name, b.name";
        hintTakesEffect(pattern + where, pattern + " USING INDEX b:Person(age)" + where,
                "ScanByLabelPropertyRange (b :Person {age})");
        assertThat(plan(pattern + " USING INDEX b:Person(age)" + where))
                .doesNotContain("ScanByLabelPropertyEquality (a");
    }

    @Test
    void hintWhoseValueNeedsAnotherNodeSeeksOnceThatNodeIsBound() {
        String pattern = "MATCH (a:Person {name: 'Alice'})-[:KNOWS]->(b:Person)";
        String where = " WHERE b.age = a.age - 5 RETURN b.name";
        String hinted = pattern + " USING INDEX b:Person(age)" + where;
        assertThat(plan(hinted)).contains("ScanByLabelPropertyEquality (a :Person {name})",
                "ScanByLabelPropertyEquality (b :Person {age})");
        assertThat(rows(hinted)).containsExactly(List.of("Bob")).isEqualTo(rows(pattern + where));
    }

    @Test
    void compositeAndRelationshipIndexHints() {
        db.run("CREATE INDEX FOR (p:Person) ON (p.city, p.age)");
        db.run("CREATE INDEX ON :Company(name)");
        String match = "MATCH (c:Company {name: 'Acme'})<-[:WORKS_AT]-(n:Person)";
        String where = " WHERE n.city = 'London' AND n.age = 30 RETURN n.name";
        hintTakesEffect(match + where, match + " USING INDEX n:Person(city, age)" + where,
                "ScanByLabelProperties (n :Person {city, age})");
        // the properties in another order name no index
        hintIgnored(match + where, match + " USING INDEX n:Person(age, city)" + where);

        db.run("CREATE INDEX FOR ()-[w:WORKS_AT]-() ON (w.role)");
        String rel = "MATCH (c:Company {name: 'Acme'})<-[r:WORKS_AT]-(b)";
        String relWhere = " WHERE r.role = 'dev' RETURN b.name";
        hintTakesEffect(rel + relWhere, rel + " USING INDEX r:WORKS_AT(role)" + relWhere,
                "ScanRelationshipsByProperties (c)<-[r:WORKS_AT {role}]-(b)");
    }

    @Test
    void unfulfillableHintsLeaveThePlanAsItWas() {
        String match = "MATCH (a:Person)-[:KNOWS]->(b:Person)";
        String where = " WHERE a.name = 'Alice' AND b.city = 'London' RETURN b.name";
        // no index on city; TEXT and POINT indexes do not exist here
        hintIgnored(match + where, match + " USING INDEX b:Person(city)" + where);
        hintIgnored(match + where, match + " USING TEXT INDEX a:Person(name)" + where);
        hintIgnored(match + where, match + " USING POINT INDEX a:Person(name)" + where);
        // no hash join in this planner
        hintIgnored(match + where, match + " USING JOIN ON b" + where);
        // CONTAINS would need an index scan, which this planner has not
        String contains = " WHERE a.name CONTAINS 'lic' RETURN b.name";
        hintIgnored(match + contains, match + " USING INDEX a:Person(name)" + contains);
        // a relationship type scan, and a hint on a variable an earlier clause bound
        String named = "MATCH (a:Person)-[r:KNOWS]->(b:Person)";
        hintIgnored(named + where, named + " USING SCAN r:KNOWS" + where);
        String bound = "MATCH (a:Person {name: 'Alice'}) WITH a MATCH (a:Person)-[:KNOWS]->(b)";
        hintIgnored(bound + " WHERE a.age > 1 RETURN b.name",
                bound + " USING INDEX a:Person(age) WHERE a.age > 1 RETURN b.name");
    }

    @Test
    void hintsAMatchCannotUseAreNeo4jsErrors() {
        CypherException undefined = failure("MATCH (n:Person) USING INDEX m:Person(name) WHERE n.name = 'x' RETURN n");
        assertThat(undefined.getMessage()).startsWith("Variable `m` not defined (line 1, column 18 (offset: 17))");
        assertThat(undefined.kind()).isEqualTo(CypherErrorKind.UNDEFINED_VARIABLE);

        CypherException label = failure("MATCH (n)-->() USING INDEX n:Person(name) WHERE n.name = 'x' RETURN n");
        assertThat(label.getMessage()).startsWith("Cannot use index hint in this context. Must use label on node that"
                + " hint is referring to. (line 1, column 16");
        assertThat(label.statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(label.kind()).isEqualTo(CypherErrorKind.INVALID_HINT);
        assertThat(failure("MATCH ()-[r]->() USING INDEX r:KNOWS(since) WHERE r.since = 1 RETURN r").getMessage())
                .startsWith("Cannot use index hint in this context. Must use relationship type on relationship");

        assertThat(failure("MATCH (n:Person)-->(m:Person) USING INDEX n:Person(name) WHERE n.name = m.name RETURN n")
                .getMessage()).startsWith("Cannot use index hint in this context. Index hints are only supported for"
                + " the following predicates in WHERE");
        assertThat(failure("MATCH (n:Person) USING INDEX n:Person(name) WHERE n.age = 1 RETURN n").kind())
                .isEqualTo(CypherErrorKind.INVALID_HINT);
        assertThat(failure("MATCH (n) USING SCAN n:Person RETURN n").getMessage())
                .startsWith("Cannot use label scan hint in this context.");
        assertThat(failure("MATCH (n:Person) USING JOIN ON n RETURN n").getMessage())
                .startsWith("Cannot use join hint for single node pattern.");

        // a label in WHERE, a predicate in the property map or under a top-level OR serve as well
        assertThat(rows("MATCH (n) USING SCAN n:Admin WHERE n:Admin RETURN n.name")).containsExactly(List.of("Dave"));
        assertThat(rows("MATCH (n:Person {name: 'Bob'}) USING INDEX n:Person(name) RETURN n.age"))
                .containsExactly(List.of(25L));
        assertThat(rows("MATCH (n:Person) USING INDEX n:Person(age) WHERE n.age = 25 OR n.name = 'x' RETURN n.name"))
                .hasSize(5);
    }

    @Test
    void memgraphHintsPreferTheirIndexForNodesWithTheLabel() {
        String where = " MATCH (n:Person) WHERE n.name = 'p7' AND n.age = 7 RETURN n.name";
        assertThat(plan("USING INDEX :Person(age)" + where)).contains("ScanByLabelPropertyEquality (n :Person {age})");
        assertThat(plan("USING INDEX :Person(name)" + where)).contains("ScanByLabelPropertyEquality (n :Person {name})");
        // the first applicable hint wins; one naming no index is passed over
        assertThat(plan("USING INDEX :Person(city), :Person(age), :Person(name)" + where))
                .contains("ScanByLabelPropertyEquality (n :Person {age})");
        assertThat(rows("USING INDEX :Person(age)" + where)).containsExactly(List.of("p7"));

        db.run("CREATE INDEX ON :Admin");
        String admin = " MATCH (n:Person:Admin) WHERE n.name = 'Dave' RETURN n.age";
        hintTakesEffect(admin.substring(1), "USING INDEX :Admin" + admin, "ScanByLabel (n :Admin)");
        // a node with a hinted label starts the pattern
        String pair = " MATCH (a:Person {name: 'Carol'})-[:KNOWS]->(b:Admin) RETURN a.name, b.name";
        hintTakesEffect(pair.substring(1), "USING INDEX :Admin" + pair, "ScanByLabel (b :Admin)");
        // in every part of a UNION
        String union = "USING INDEX :Admin MATCH (n:Person:Admin) RETURN n.name UNION MATCH (n:Admin {name: 'Dave'})"
                + " RETURN n.name";
        assertThat(plan(union).split("ScanByLabel \\(n :Admin\\)", -1)).hasSize(3);
        assertThat(rows(union)).containsExactly(List.of("Dave"));
    }

    @Test
    void memgraphHintNamingNoIndexIsIgnored() {
        String query = " MATCH (n:Person:Admin) WHERE n.name = 'Dave' RETURN n.age";
        hintIgnored(query.substring(1), "USING INDEX :Admin" + query); // no label index on Admin
        hintIgnored(query.substring(1), "USING INDEX :Admin(age), :Company" + query);
    }
}

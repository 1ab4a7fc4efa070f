package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;
import io.memgraph.ha.query.show.ShowColumns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Neo4j 5's {@code YIELD}, {@code WHERE} and {@code RETURN} after {@code SHOW INDEXES},
 * {@code CONSTRAINTS}, {@code PROCEDURES} and {@code FUNCTIONS}: a lone WHERE filters the default
 * columns; YIELD names any column (aliases, {@code *}), then ORDER BY, SKIP, LIMIT, WHERE and a
 * RETURN with the whole expression language. The server's {@code SHOW TRANSACTIONS} and
 * {@code TERMINATE TRANSACTIONS} share this: {@code TransactionsE2ETest}.
 */
class ShowYieldTest {
    private Db db;

    @BeforeEach
    void schema() {
        db = new Db();
        db.run("CREATE INDEX ON :Label");
        db.run("CREATE INDEX film_title FOR (f:Film) ON (f.title)");
        db.run("CREATE INDEX film_year_genre FOR (f:Film) ON (f.year, f.genre)");
        db.run("CREATE INDEX acted_role FOR ()-[r:ACTED_IN]-() ON (r.role)");
        db.run("CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.id IS UNIQUE");
        db.run("CREATE CONSTRAINT person_name FOR (p:Person) REQUIRE p.name IS NOT NULL");
        db.run("CREATE CONSTRAINT person_key FOR (p:Person) REQUIRE (p.first, p.last) IS NODE KEY");
    }

    private CypherException failure(String query) {
        return catchThrowableOfType(CypherException.class, () -> db.run(query));
    }

    @Test
    void yieldNamesColumnsWhereFiltersAndReturnProjects() {
        assertThat(db.values("SHOW INDEXES YIELD name, type, labelsOrTypes WHERE type = 'RANGE' RETURN name"
                + " ORDER BY name")).containsExactly(row("acted_role"), row("film_title"), row("film_year_genre"));
        List<Map<String, Object>> rows = db.run("SHOW INDEXES YIELD name, type, labelsOrTypes WHERE type = 'RANGE'");
        assertThat(rows.get(0)).containsOnlyKeys("name", "type", "labelsOrTypes");
        assertThat(rows).extracting(r -> r.get("labelsOrTypes"))
                .containsExactly(List.of("ACTED_IN"), List.of("Film"), List.of("Film"));
    }

    @Test
    void aLoneWhereFiltersTheDefaultColumns() {
        List<Map<String, Object>> rows = db.run("SHOW CONSTRAINTS WHERE name STARTS WITH 'person_' AND type <> 'NODE_KEY'");
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("person_id", "person_name");
        assertThat(rows.get(0).keySet()).containsExactlyElementsOf(ShowColumns.CONSTRAINTS.defaults());
        assertThat(db.run("SHOW INDEXES WHERE entityType = 'RELATIONSHIP'")).extracting(r -> r.get("name"))
                .containsExactly("acted_role");
        assertThat(db.run("SHOW CONSTRAINTS WHERE name STARTS WITH 'x'")).isEmpty();
        // a column that is not a default one is not visible without YIELD, as in Neo4j
        CypherException e = failure("SHOW INDEXES WHERE createStatement IS NOT NULL");
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
        assertThat(e.getMessage()).contains("Variable `createStatement` not defined");
    }

    @Test
    void yieldStarGivesEveryColumnInNeo4jsOrder() {
        List<Map<String, Object>> indexes = db.run("SHOW INDEXES YIELD * WHERE name = 'film_year_genre'");
        assertThat(indexes).hasSize(1);
        assertThat(indexes.get(0).keySet()).containsExactlyElementsOf(ShowColumns.INDEXES.all());
        assertThat(indexes.get(0)).containsEntry("options", Map.of("indexProvider", "range-1.0", "indexConfig", Map.of()))
                .containsEntry("failureMessage", "").containsEntry("trackedSince", null)
                .containsEntry("createStatement",
                        "CREATE RANGE INDEX `film_year_genre` FOR (n:`Film`) ON (n.`year`, n.`genre`)");
        assertThat(db.values("SHOW INDEXES YIELD * WHERE type = 'LOOKUP' RETURN createStatement"))
                .containsExactly(row("CREATE INDEX ON :`Label`"));
        assertThat(db.values("SHOW INDEXES YIELD * WHERE name = 'acted_role' RETURN createStatement"))
                .containsExactly(row("CREATE RANGE INDEX `acted_role` FOR ()-[r:`ACTED_IN`]-() ON (r.`role`)"));

        List<Map<String, Object>> constraints = db.run("SHOW CONSTRAINTS YIELD *");
        assertThat(constraints.get(0).keySet()).containsExactlyElementsOf(ShowColumns.CONSTRAINTS.all());
        assertThat(constraints).extracting(r -> r.get("createStatement")).containsExactly(
                "CREATE CONSTRAINT `person_id` FOR (n:`Person`) REQUIRE (n.`id`) IS UNIQUE",
                "CREATE CONSTRAINT `person_key` FOR (n:`Person`) REQUIRE (n.`first`, n.`last`) IS NODE KEY",
                "CREATE CONSTRAINT `person_name` FOR (n:`Person`) REQUIRE (n.`name`) IS NOT NULL");
        assertThat(constraints).extracting(r -> r.get("options")).containsOnlyNulls();
    }

    @Test
    void createStatementCreatesTheSameThingAgain() {
        db.run("CREATE INDEX `odd``name` FOR (n:`A b`) ON (n.`c``d`)");
        List<List<Object>> before = db.values("SHOW INDEXES YIELD * RETURN name, labelsOrTypes, properties,"
                + " createStatement ORDER BY name");
        List<List<Object>> constraints = db.values("SHOW CONSTRAINTS YIELD * RETURN name, createStatement");
        for (List<Object> index : before) {
            db.run(index.get(0).toString().startsWith("index_") ? "DROP INDEX ON :Label"
                    : "DROP INDEX " + io.memgraph.ha.query.exec.SchemaDescriptions.quoted((String) index.get(0)));
            db.run((String) index.get(3));
        }
        for (List<Object> constraint : constraints) {
            db.run("DROP CONSTRAINT " + constraint.get(0));
            db.run((String) constraint.get(1));
        }
        assertThat(db.values("SHOW INDEXES YIELD * RETURN name, labelsOrTypes, properties, createStatement"
                + " ORDER BY name")).isEqualTo(before);
        assertThat(db.values("SHOW CONSTRAINTS YIELD * RETURN name, createStatement")).isEqualTo(constraints);
    }

    @Test
    void aliasesOrderSkipLimitThenWhere() {
        assertThat(db.values("SHOW INDEXES YIELD name AS n, type AS t ORDER BY n DESC SKIP 1 LIMIT 2")).containsExactly(
                Arrays.asList("film_year_genre", "RANGE"), Arrays.asList("film_title", "RANGE"));
        // WHERE comes after SKIP and LIMIT, as in WITH: it filters the two rows LIMIT kept
        assertThat(db.values("SHOW INDEXES YIELD name AS n ORDER BY n LIMIT 2 WHERE n STARTS WITH 'film'"))
                .containsExactly(row("film_title"));
        // ORDER BY may name a column YIELD did not keep (as WITH's ORDER BY sees what came before)
        assertThat(db.values("SHOW INDEXES YIELD name ORDER BY entityType DESC, name LIMIT 1"))
                .containsExactly(row("acted_role"));
        assertThat(db.values("SHOW INDEXES YIELD name WHERE type = 'LOOKUP'")).hasSize(1);
        assertThat(db.values("SHOW INDEXES YIELD name AS n WHERE n = $wanted", "wanted", "film_title"))
                .containsExactly(row("film_title"));
    }

    @Test
    void returnTakesExpressionsAndAggregations() {
        assertThat(db.values("SHOW INDEXES YIELD type, properties RETURN type, count(*) AS n, sum(size(coalesce("
                + "properties, []))) AS props ORDER BY type")).containsExactly(
                Arrays.asList("LOOKUP", 1L, 0L), Arrays.asList("RANGE", 3L, 4L));
        assertThat(db.values("SHOW CONSTRAINTS YIELD name, type RETURN collect(name) AS names, type ORDER BY type"))
                .containsExactly(Arrays.asList(List.of("person_key"), "NODE_KEY"),
                        Arrays.asList(List.of("person_name"), "NODE_PROPERTY_EXISTENCE"),
                        Arrays.asList(List.of("person_id"), "UNIQUENESS"));
        assertThat(db.values("SHOW INDEXES YIELD * RETURN DISTINCT entityType ORDER BY entityType"))
                .containsExactly(row("NODE"), row("RELATIONSHIP"));
        assertThat(db.values("SHOW INDEXES YIELD name, options RETURN name, options.indexProvider AS provider"
                + " ORDER BY name LIMIT 1")).containsExactly(Arrays.asList("acted_role", "range-1.0"));
        assertThat(db.values("SHOW INDEXES YIELD name RETURN count(*) AS n")).containsExactly(row(4L));
        // nothing to show: an aggregation still gives its one row
        assertThat(db.values("SHOW CONSTRAINTS YIELD name WHERE false RETURN count(name) AS n")).containsExactly(row(0L));
    }

    @Test
    void proceduresAndFunctions() {
        List<Map<String, Object>> procedures = db.run("SHOW PROCEDURES YIELD name, signature");
        assertThat(procedures).contains(Map.of("name", "db.labels", "signature", "db.labels() :: (label :: STRING)"));
        assertThat(db.values("SHOW PROCEDURES YIELD * WHERE name = 'dbms.components' RETURN mode, worksOnSystem,"
                + " [r IN returnDescription | r.name] AS outputs, admin, isDeprecated, rolesExecution"))
                .containsExactly(Arrays.asList("DBMS", true, List.of("name", "versions", "edition"), false, false, null));
        assertThat(db.run("SHOW PROCEDURES YIELD *").get(0).keySet())
                .containsExactlyElementsOf(ShowColumns.PROCEDURES.all());
        assertThat(db.run("SHOW PROCEDURES WHERE mode = 'DBMS'")).extracting(r -> r.get("name"))
                .containsExactly("dbms.clientConfig", "dbms.components", "dbms.info", "dbms.listConfig",
                        "dbms.queryJmx", "dbms.showCurrentUser");

        assertThat(db.values("SHOW FUNCTIONS YIELD name WHERE name STARTS WITH 'to' AND name ENDS WITH 'er'"))
                .containsExactly(row("toInteger"), row("toLower"), row("toUpper"));
        assertThat(db.values("SHOW BUILT IN FUNCTIONS YIELD name, aggregating, isBuiltIn WHERE aggregating"
                + " RETURN count(*) = 10 AS all, collect(DISTINCT isBuiltIn) AS builtIn"))
                .containsExactly(Arrays.asList(true, List.of(true)));
        assertThat(db.run("SHOW ALL FUNCTIONS YIELD *").get(0).keySet())
                .containsExactlyElementsOf(ShowColumns.FUNCTIONS.all());
        assertThat(db.run("SHOW FUNCTIONS WHERE category = 'Aggregating'")).hasSize(10);
    }

    @Test
    void nullsAndWrongTypesInTheTail() {
        // lastRead is null: a comparison with it is null, so WHERE drops every row
        assertThat(db.run("SHOW INDEXES WHERE lastRead > datetime('2020-01-01T00:00Z')")).isEmpty();
        assertThat(db.values("SHOW INDEXES WHERE properties IS NULL")).hasSize(1);
        assertThat(db.values("SHOW INDEXES YIELD name, owningConstraint WHERE owningConstraint IS NULL RETURN count(*)"))
                .containsExactly(row(4L));
        CypherException e = failure("SHOW INDEXES YIELD name WHERE name * 2 > 0");
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        // the rules of WITH's LIMIT
        assertThat(failure("SHOW INDEXES YIELD name LIMIT -1").getMessage())
                .startsWith(failure("WITH 1 AS name LIMIT -1 RETURN name").getMessage().split(" \\(line")[0]);
        CypherException missing = failure("SHOW INDEXES WHERE name = $nope");
        assertThat(missing.statusCode()).isEqualTo("Neo.ClientError.Statement.ParameterMissing");
    }

    @Test
    void anUnknownColumnIsASemanticErrorNamingIt() {
        CypherException yield = failure("SHOW INDEXES YIELD name, nope");
        assertThat(yield.statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
        assertThat(yield.getMessage()).contains("Variable `nope` not defined").contains("column 26");
        CypherException ret = failure("SHOW FUNCTIONS YIELD name RETURN category");
        assertThat(ret.getMessage()).contains("Variable `category` not defined");
        CypherException where = failure("SHOW PROCEDURES WHERE nope = 1");
        assertThat(where.getMessage()).contains("Variable `nope` not defined");
        // an alias hides the column's own name after YIELD
        assertThat(failure("SHOW CONSTRAINTS YIELD name AS n RETURN name").getMessage())
                .contains("Variable `name` not defined");
        assertThat(failure("SHOW INDEXES YIELD name, name").statusCode())
                .isEqualTo("Neo.ClientError.Statement.SemanticError");
        assertThat(failure("SHOW INDEXES YIELD name WHERE count(*) > 1").statusCode())
                .isEqualTo("Neo.ClientError.Statement.SemanticError");
    }

    @Test
    void syntaxErrors() {
        for (String query : List.of("SHOW INDEXES RETURN name", "SHOW INDEXES YIELD", "SHOW INDEXES YIELD name +",
                "SHOW INDEXES YIELD name.x", "SHOW INDEXES WHERE", "SHOW INDEXES WHERE true RETURN name",
                "SHOW INDEXES YIELD name RETURN name MATCH (n)", "SHOW INDEXES YIELD name MATCH (n) RETURN n",
                "SHOW FUNCTIONS ORDER BY name", "SHOW INDEXES YIELD name WHERE true ORDER BY name",
                "SHOW PROCEDURES YIELD *, name", "SHOW INDEXES YIELD name UNION SHOW CONSTRAINTS YIELD name")) {
            CypherSyntaxException e = catchThrowableOfType(CypherSyntaxException.class, () -> db.run(query));
            assertThat(e).as(query).isNotNull();
            assertThat(e.statusCode()).as(query).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        }
        CypherSyntaxException noYield = catchThrowableOfType(CypherSyntaxException.class,
                () -> db.run("SHOW CONSTRAINTS RETURN name"));
        assertThat(noYield.shortMessage()).isEqualTo("Invalid input 'RETURN': expected 'YIELD', 'WHERE' or end of"
                + " input (RETURN after this command needs a YIELD before it)");
    }

    @Test
    void theTailMayReadTheGraph() {
        db.run("CREATE (:Film {title: 'x'}), (:Film {title: 'y'})");
        assertThat(db.values("SHOW INDEXES YIELD name, labelsOrTypes WHERE name = 'film_title' RETURN name,"
                + " COUNT { MATCH (n) WHERE labels(n) = labelsOrTypes } AS nodes")).containsExactly(
                Arrays.asList("film_title", 2L));
    }

    @Test
    void withoutATailNothingChanges() {
        List<Map<String, Object>> indexes = db.run("SHOW INDEXES");
        assertThat(indexes.get(0).keySet()).containsExactlyElementsOf(ShowColumns.INDEXES.defaults());
        assertThat(db.run("SHOW PROCEDURES").get(0).keySet())
                .containsExactly("name", "description", "mode", "worksOnSystem");
        assertThat(db.run("SHOW FUNCTIONS").get(0).keySet()).containsExactly("name", "category", "description");
    }
}

package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.NotificationClassification;
import org.neo4j.driver.NotificationSeverity;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.summary.GqlStatusObject;
import org.neo4j.driver.summary.Notification;
import org.neo4j.driver.summary.ResultSummary;

/**
 * Notifications in result summaries as the Neo4j Java driver 5 reads them from the real server
 * process (it speaks Bolt 5.6+, so they arrive as GQL status objects): {@code notifications()},
 * {@code gqlStatusObjects()}, and the driver's and the session's filters.
 */
class NotificationsE2ETest {
    static ServerProcess server;
    static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start();
        driver = server.driver(AuthTokens.none());
        try (Session s = driver.session()) {
            s.run("CREATE (:Person {name: 'Alice'})-[:KNOWS]->(:Person {name: 'Bob'}),"
                    + " (:Company {name: 'Acme', founded: 1999})").consume();
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

    private static ResultSummary summary(Driver d, SessionConfig config, String query) {
        try (Session s = d.session(config)) {
            var result = s.run(query);
            result.list();
            return result.consume();
        }
    }

    @Test
    void warningsAndInformationReachTheDriver() {
        ResultSummary summary = summary(driver, SessionConfig.defaultConfig(),
                "MATCH (p:Persn), (c:Company) USING INDEX c:Company(founded) WHERE c.founded = 1999 RETURN p, c");
        assertThat(summary.notifications()).extracting(Notification::code).containsExactlyInAnyOrder(
                "Neo.ClientNotification.Schema.HintedIndexNotFound",
                "Neo.ClientNotification.Statement.CartesianProduct",
                "Neo.ClientNotification.Statement.UnknownLabelWarning");
        Notification unknown = summary.notifications().stream()
                .filter(n -> n.code().endsWith("UnknownLabelWarning")).findFirst().orElseThrow();
        assertThat(unknown.title()).isEqualTo("The provided label is not in the database.");
        assertThat(unknown.description()).endsWith("(the missing label name is: Persn)");
        assertThat(unknown.severityLevel()).contains(NotificationSeverity.WARNING);
        assertThat(unknown.rawCategory()).contains("UNRECOGNIZED");
        assertThat(unknown.position().line()).isEqualTo(1);
        assertThat(unknown.position().column()).isEqualTo(7);
        assertThat(summary.gqlStatusObjects()).extracting(GqlStatusObject::gqlStatus)
                .containsExactly("02000", "01N31", "01N50", "03N90"); // no data first, as GQL ranks them
    }

    @Test
    void aQueryWithNothingToReport() {
        ResultSummary summary = summary(driver, SessionConfig.defaultConfig(),
                "MATCH (p:Person {name: 'Alice'}) RETURN p.name");
        assertThat(summary.notifications()).isEmpty();
        assertThat(summary.gqlStatusObjects()).extracting(GqlStatusObject::gqlStatus).containsExactly("00000");
        assertThat(summary(driver, SessionConfig.defaultConfig(), "CREATE INDEX IF NOT EXISTS FOR (p:Person) ON"
                + " (p.name)").gqlStatusObjects()).extracting(GqlStatusObject::gqlStatus).containsExactly("00001");
    }

    @Test
    void schemaCommandThatDidNothing() {
        summary(driver, SessionConfig.defaultConfig(), "CREATE INDEX companyName IF NOT EXISTS FOR (c:Company) ON"
                + " (c.name)");
        ResultSummary summary = summary(driver, SessionConfig.defaultConfig(),
                "CREATE INDEX companyName IF NOT EXISTS FOR (c:Company) ON (c.name)");
        assertThat(summary.notifications()).extracting(Notification::code)
                .containsExactly("Neo.ClientNotification.Schema.IndexOrConstraintAlreadyExists");
        assertThat(summary.notifications().get(0).severityLevel()).contains(NotificationSeverity.INFORMATION);
    }

    @Test
    void filtersOfTheDriverAndTheSession() throws Exception {
        String query = "MATCH (p:Persn), (c:Company) RETURN p, c";
        try (Driver warningsOnly = GraphDatabase.driver(server.boltUri(), AuthTokens.none(), Config.builder()
                .withoutEncryption().withConnectionTimeout(10, TimeUnit.SECONDS)
                .withMinimumNotificationSeverity(NotificationSeverity.WARNING).build())) {
            assertThat(summary(warningsOnly, SessionConfig.defaultConfig(), query).notifications())
                    .extracting(Notification::code).containsExactly("Neo.ClientNotification.Statement.UnknownLabelWarning");
        }
        SessionConfig noUnrecognized = SessionConfig.builder()
                .withDisabledNotificationClassifications(java.util.Set.of(NotificationClassification.UNRECOGNIZED))
                .build();
        assertThat(summary(driver, noUnrecognized, query).notifications()).extracting(Notification::code)
                .containsExactly("Neo.ClientNotification.Statement.CartesianProduct");
        assertThat(summary(driver, SessionConfig.defaultConfig(), query).notifications()).hasSize(2);
        // the driver's "no minimum" is OFF: no notifications at all
        List<Notification> off = summary(driver, SessionConfig.builder().withMinimumNotificationSeverity(null)
                .build(), query).notifications();
        assertThat(off).isEmpty();
    }
}

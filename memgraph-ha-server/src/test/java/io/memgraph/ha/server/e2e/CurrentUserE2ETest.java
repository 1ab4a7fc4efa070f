package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * The session's user through the Neo4j Java driver against a real server started with
 * {@code --auth-enabled=true}: {@code dbms.showCurrentUser()} names who logged in,
 * {@code dbms.clientConfig()} says logins are checked, and {@code ALTER CURRENT USER SET PASSWORD
 * FROM old TO new} (cypher-shell's {@code --change-password}) changes one's own password when the
 * old one is right, after which only the new one logs in. The server logs at DEBUG: no password
 * may reach its log (checked last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CurrentUserE2ETest {
    private static final List<String> PASSWORDS = List.of("first-Ada-pw", "second-Ada-pw", "guessed-Ada-pw",
            "turing-pw");
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start("--auth-enabled=true", "--log-level=DEBUG");
        // with no user yet, anyone gets in to create the first ones
        try (Driver d = driver(AuthTokens.none()); Session s = d.session()) {
            s.run("CREATE USER ada SET PASSWORD '" + PASSWORDS.get(0) + "'").consume();
        }
        try (Driver d = driver(AuthTokens.basic("ada", PASSWORDS.get(0))); Session s = d.session()) {
            s.run("CREATE USER alan SET PASSWORD $pw", Map.of("pw", PASSWORDS.get(3))).consume();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Driver driver(AuthToken token) {
        return server.driver(token);
    }

    private static Map<String, Object> single(AuthToken token, SessionConfig config, String query) {
        try (Driver d = driver(token); Session s = d.session(config)) {
            return s.run(query).single().asMap();
        }
    }

    private static Neo4jException failure(AuthToken token, String query, Map<String, Object> params) {
        Neo4jException e = catchThrowableOfType(Neo4jException.class, () -> {
            try (Driver d = driver(token); Session s = d.session()) {
                s.run(query, params).consume();
            }
        });
        assertThat(e).as("expected %s to fail", query).isNotNull();
        return e;
    }

    @Test
    @Order(1)
    void showCurrentUserNamesWhoLoggedInAndClientConfigSaysLoginsAreChecked() {
        SessionConfig system = SessionConfig.forDatabase("system");
        assertThat(single(AuthTokens.basic("alan", PASSWORDS.get(3)), system, "CALL dbms.showCurrentUser()"))
                .containsEntry("username", "alan").containsEntry("roles", null).containsEntry("flags", List.of());
        assertThat(single(AuthTokens.basic("alan", PASSWORDS.get(3)), SessionConfig.defaultConfig(),
                "MATCH (n) WITH count(n) AS c CALL dbms.showCurrentUser() YIELD username RETURN username"))
                .containsEntry("username", "alan");
        assertThat(single(AuthTokens.basic("alan", PASSWORDS.get(3)), system,
                "CALL dbms.clientConfig() YIELD name, value WHERE name = 'dbms.security.auth_enabled' RETURN value"))
                .containsEntry("value", "true");
    }

    @Test
    @Order(2)
    void alterCurrentUserNeedsTheOldPasswordThenOnlyTheNewOneLogsIn() {
        AuthToken first = AuthTokens.basic("ada", PASSWORDS.get(0));
        Neo4jException wrong = failure(first, "ALTER CURRENT USER SET PASSWORD FROM '" + PASSWORDS.get(2) + "' TO '"
                + PASSWORDS.get(1) + "'", Map.of());
        assertThat(wrong.code()).isEqualTo("Neo.ClientError.General.InvalidArguments");
        assertThat(wrong.getMessage())
                .isEqualTo("User 'ada' failed to alter their own password: Invalid principal or credentials.");
        assertThat(single(first, SessionConfig.defaultConfig(), "CALL dbms.showCurrentUser()"))
                .as("the wrong old password changed nothing").containsEntry("username", "ada");

        // only as an auto-commit query, like the other user statements
        try (Driver d = driver(first); Session s = d.session()) {
            Neo4jException inTx = catchThrowableOfType(Neo4jException.class, () -> s.executeWrite(tx -> tx.run(
                    "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                    Map.of("old", PASSWORDS.get(0), "new", PASSWORDS.get(1))).consume()));
            assertThat(inTx.code()).isEqualTo("Neo.ClientError.Transaction.ForbiddenDueToTransactionType");
        }

        // as cypher-shell --change-password sends it
        try (Driver d = driver(first); Session s = d.session(SessionConfig.forDatabase("system"))) {
            s.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                    Map.of("old", PASSWORDS.get(0), "new", PASSWORDS.get(1))).consume();
        }
        Neo4jException old = catchThrowableOfType(Neo4jException.class,
                () -> single(first, SessionConfig.defaultConfig(), "RETURN 1 AS one"));
        assertThat(old.code()).isEqualTo("Neo.ClientError.Security.Unauthorized");
        assertThat(single(AuthTokens.basic("ada", PASSWORDS.get(1)), SessionConfig.defaultConfig(),
                "CALL dbms.showCurrentUser() YIELD username")).containsEntry("username", "ada");
        assertThat(single(AuthTokens.basic("alan", PASSWORDS.get(3)), SessionConfig.defaultConfig(),
                "RETURN 2 AS two")).as("another user's password stays").containsEntry("two", 2L);
    }

    @Test
    @Order(3)
    void noPasswordReachesTheServerLog() {
        alterCurrentUserSyntaxErrorsDoNotEchoThePassword();
        for (String line : server.stderr()) {
            for (String pw : PASSWORDS) {
                assertThat(line).as("server log line").doesNotContain(pw);
            }
        }
    }

    private static void alterCurrentUserSyntaxErrorsDoNotEchoThePassword() {
        Neo4jException e = failure(AuthTokens.basic("alan", PASSWORDS.get(3)),
                "ALTER CURRENT USER SET PASSWORD '" + PASSWORDS.get(3) + "' TO '" + PASSWORDS.get(2) + "'", Map.of());
        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(e.getMessage()).doesNotContain(PASSWORDS.get(3)).doesNotContain(PASSWORDS.get(2));
    }
}

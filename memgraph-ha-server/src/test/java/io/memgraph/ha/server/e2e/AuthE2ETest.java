package io.memgraph.ha.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.memgraph.ha.bolt.client.BoltClientConnection;
import io.memgraph.ha.bolt.messaging.Response;
import io.memgraph.ha.bolt.version.BoltVersion;
import java.time.Duration;
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
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Authentication of a real single server started with {@code --auth-enabled=true}, through the real
 * Neo4j Java driver 5.28 (Bolt 5.4: credentials in LOGON) and a raw Bolt 4.4 client (credentials in
 * HELLO). The tests run in order on one server: no users (anyone in), then users, then the rate
 * limit (it blocks 127.0.0.1 for a minute, until the restart that ends the class). The server logs at DEBUG so that the test can
 * check that no password reached its log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthE2ETest {
    private static final String UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized";
    private static final List<String> PASSWORDS = List.of("s3cret-Ada", "n3w-Ada", "hunter2-bob", "typo-in-syntax");
    private static ServerProcess server;
    /** Failed password checks from 127.0.0.1 so far (the rate limit's count). */
    private static int failures;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start("--auth-enabled=true", "--log-level=DEBUG");
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

    /** Runs {@code query} as an auto-commit query with {@code token}; its single value. */
    private static Object single(AuthToken token, String query) {
        try (Driver d = driver(token); Session s = d.session()) {
            return s.run(query).single().get(0).asObject();
        }
    }

    private static void run(AuthToken token, String query) {
        try (Driver d = driver(token); Session s = d.session()) {
            s.run(query).consume();
        }
    }

    private static Neo4jException refused(AuthToken token) {
        Neo4jException e = catchThrowableOfType(Neo4jException.class, () -> single(token, "RETURN 1"));
        assertThat(e).as("expected the login to be refused").isNotNull();
        return e;
    }

    private static void assertUnauthorized(AuthToken token, boolean countsAsGuess) {
        Neo4jException e = refused(token);
        assertThat(e).isInstanceOf(AuthenticationException.class);
        assertThat(e.code()).isEqualTo(UNAUTHORIZED);
        assertThat(e.getMessage()).isEqualTo("The client is unauthorized due to authentication failure.");
        if (countsAsGuess) {
            failures++;
        }
    }

    @Test
    @Order(1)
    void withNoUsersAnyCredentialsGetIn() {
        assertThat(single(AuthTokens.none(), "RETURN 1")).isEqualTo(1L);
        assertThat(single(AuthTokens.basic("nobody", "anything"), "RETURN 2")).isEqualTo(2L);
        try (Driver d = driver(AuthTokens.none()); Session s = d.session()) {
            assertThat(s.run("SHOW USERS").list()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void aCreatedUserGetsInWithItsPasswordOnlyAndEveryoneElseIsRefused() {
        run(AuthTokens.none(), "CREATE USER ada SET PASSWORD '" + PASSWORDS.get(0) + "'");
        AuthToken ada = AuthTokens.basic("ada", PASSWORDS.get(0));
        assertThat(single(ada, "SHOW USERS")).isEqualTo("ada");
        assertUnauthorized(AuthTokens.basic("ada", "wrong"), true);
        assertUnauthorized(AuthTokens.basic("bob", PASSWORDS.get(0)), true);
        assertUnauthorized(AuthTokens.none(), false);
        // A pool of connections with one password: every connection gets in.
        try (Driver d = driver(ada)) {
            List<Session> sessions = List.of(d.session(), d.session(), d.session(), d.session());
            List<org.neo4j.driver.Transaction> txs = sessions.stream().map(Session::beginTransaction).toList();
            for (org.neo4j.driver.Transaction tx : txs) {
                assertThat(tx.run("RETURN 3").single().get(0).asLong()).isEqualTo(3);
                tx.rollback();
            }
            sessions.forEach(Session::close);
        }
    }

    @Test
    @Order(3)
    void alterUserChangesThePasswordAtOnceAndDropUserRemovesIt() {
        AuthToken old = AuthTokens.basic("ada", PASSWORDS.get(0));
        run(old, "ALTER USER ada IDENTIFIED BY '" + PASSWORDS.get(1) + "'");
        assertUnauthorized(old, true);
        AuthToken ada = AuthTokens.basic("ada", PASSWORDS.get(1));
        run(ada, "CREATE USER IF NOT EXISTS bob IDENTIFIED BY '" + PASSWORDS.get(2) + "'");
        run(ada, "CREATE USER IF NOT EXISTS bob IDENTIFIED BY 'ignored'");
        assertThat(single(AuthTokens.basic("bob", PASSWORDS.get(2)), "RETURN 4")).isEqualTo(4L);
        try (Driver d = driver(ada); Session s = d.session()) {
            assertThat(s.run("SHOW USERS").list(r -> r.get("user").asString())).containsExactly("ada", "bob");
            ClientException dup = catchThrowableOfType(ClientException.class,
                    () -> s.run("CREATE USER bob SET PASSWORD 'x'").consume());
            assertThat(dup.code()).isEqualTo("Neo.ClientError.Statement.SemanticError");
            assertThat(dup.getMessage()).isEqualTo("User 'bob' already exists");
            ClientException unknown = catchThrowableOfType(ClientException.class,
                    () -> s.run("DROP USER carol").consume());
            assertThat(unknown.getMessage()).isEqualTo("User 'carol' does not exist");
            s.run("DROP USER bob").consume();
        }
        assertUnauthorized(AuthTokens.basic("bob", PASSWORDS.get(2)), true);
    }

    @Test
    @Order(4)
    void userChangesInAnExplicitTransactionAreRefusedWithOneLine() {
        try (Driver d = driver(AuthTokens.basic("ada", PASSWORDS.get(1))); Session s = d.session()) {
            ClientException e = catchThrowableOfType(ClientException.class,
                    () -> s.executeWrite(tx -> tx.run("CREATE USER carol SET PASSWORD 'x'").consume()));
            assertThat(e.code()).isEqualTo("Neo.ClientError.Transaction.ForbiddenDueToTransactionType");
            assertThat(e.getMessage()).isEqualTo("User management queries (CREATE USER, ALTER USER, SET PASSWORD,"
                    + " DROP USER) cannot run in an explicit transaction; run them on their own, as auto-commit queries");
            List<String> users = s.executeRead(tx -> tx.run("SHOW USERS").list(r -> r.get(0).asString()));
            assertThat(users).containsExactly("ada");
            ClientException syntax = catchThrowableOfType(ClientException.class,
                    () -> s.run("CREATE USER carol SET PASSWORD '" + PASSWORDS.get(3) + "' garbage").consume());
            assertThat(syntax.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
            assertThat(syntax.getMessage()).doesNotContain(PASSWORDS.get(3)).contains("'******'");
        }
    }

    @Test
    @Order(5)
    void boltFourFourAuthenticatesInHelloAndTheConnectionClosesAfterARefusal() {
        BoltClientConnection ok = BoltClientConnection.connect("127.0.0.1", server.port(), Duration.ofSeconds(20));
        try {
            ok.handshake(new BoltVersion(4, 4));
            assertThat(ok.hello(BoltClientConnection.helloExtra("auth-e2e", Map.of("scheme", "basic",
                    "principal", "ada", "credentials", PASSWORDS.get(1))))).isInstanceOf(Response.Success.class);
            assertThat(ok.run("RETURN 1", Map.of(), Map.of())).isInstanceOf(Response.Success.class);
        } finally {
            ok.close();
        }
        BoltClientConnection bad = BoltClientConnection.connect("127.0.0.1", server.port(), Duration.ofSeconds(20));
        try {
            bad.handshake(new BoltVersion(4, 4));
            Response r = bad.hello(BoltClientConnection.helloExtra("auth-e2e", Map.of("scheme", "basic",
                    "principal", "ada", "credentials", "wrong")));
            failures++;
            assertThat(r).isEqualTo(new Response.Failure(UNAUTHORIZED,
                    "The client is unauthorized due to authentication failure."));
            assertThat(bad.awaitClosed(Duration.ofSeconds(5))).as("the server closes the connection").isTrue();
        } finally {
            bad.close();
        }
    }

    @Test
    @Order(6)
    void theSixthFailureWithinAMinuteIsRateLimitedAndTheRightPasswordDoesNotHelp() {
        // The earlier tests made some failed guesses from 127.0.0.1, each answered Unauthorized.
        assertThat(failures).as("failed guesses so far").isLessThanOrEqualTo(5);
        while (failures < 5) {
            assertUnauthorized(AuthTokens.basic("ada", "guess-" + failures), true);
        }
        assertThat(refused(AuthTokens.basic("ada", "sixth-guess")).code())
                .isEqualTo("Neo.ClientError.Security.AuthenticationRateLimit");
        Neo4jException limited = refused(AuthTokens.basic("ada", PASSWORDS.get(1)));
        assertThat(limited.code()).isEqualTo("Neo.ClientError.Security.AuthenticationRateLimit");
        assertThat(limited.getMessage()).isEqualTo(
                "Too many failed authentication attempts from 127.0.0.1; try again after 60 seconds.");
    }

    @Test
    @Order(8)
    void usersSurviveARestartByLogReplay() throws Exception {
        assertThat(server.stop()).isZero();
        server = ServerProcess.startIn(server.directory(), "--auth-enabled=true", "--log-level=DEBUG");
        // No raft.json: the shipped threshold of 50,000 entries, so no snapshot was written.
        assertThat(server.stderr()).anyMatch(l -> l.contains("Recovered") && l.contains("snapshot index 0"));
        AuthToken ada = AuthTokens.basic("ada", PASSWORDS.get(1));
        try (Driver d = driver(ada); Session s = d.session()) {
            assertThat(s.run("SHOW USERS").list(r -> r.get("user").asString())).containsExactly("ada");
        }
        assertUnauthorized(AuthTokens.basic("ada", PASSWORDS.get(0)), true);
    }

    @Test
    @Order(7)
    void noPasswordReachedTheServerLog() {
        List<String> log = server.stderr();
        assertThat(log).anyMatch(l -> l.contains("DEBUG")); // the log is at DEBUG: failures are in it
        for (String line : log) {
            for (String pw : PASSWORDS) {
                assertThat(line).as("server log line").doesNotContain(pw);
            }
        }
    }
}

package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.Execution;
import io.memgraph.ha.storage.Transaction;
import io.memgraph.ha.storage.auth.Credential;
import io.memgraph.ha.storage.auth.PasswordKdf;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** CREATE/ALTER/DROP USER and SHOW USERS through the engine, committed into storage. */
class UserStatementsTest {
    private final Db db = new Db(new PasswordKdf(1_000, new SecureRandom()));

    private CypherException error(String query, Object... params) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> db.run(query, params));
        assertThat(e).as("expected an error from %s", query).isNotNull();
        return e;
    }

    @Test
    void createAlterDropAndShow() {
        db.run("CREATE USER ada SET PASSWORD 'first'");
        assertThat(db.lastStats).isEqualTo(Map.of("system-updates", 1L));
        db.run("CREATE USER alan IDENTIFIED BY $pw", "pw", "turing");
        db.run("CREATE USER `grace` SET PASSWORD 'hopper'");
        assertThat(db.values("SHOW USERS YIELD user")).containsExactly(row("ada"), row("alan"), row("grace"));
        assertThat(PasswordKdf.matches(db.storage.credential("alan"), "turing")).isTrue();

        Credential before = db.storage.credential("ada");
        db.run("ALTER USER ada SET PASSWORD 'second'");
        assertThat(db.storage.credential("ada")).isNotEqualTo(before);
        assertThat(PasswordKdf.matches(db.storage.credential("ada"), "second")).isTrue();
        assertThat(PasswordKdf.matches(db.storage.credential("ada"), "first")).isFalse();
        db.run("SET PASSWORD FOR ada TO 'third'");
        assertThat(PasswordKdf.matches(db.storage.credential("ada"), "third")).isTrue();

        db.run("DROP USER grace");
        assertThat(db.values("SHOW USER YIELD user")).containsExactly(row("ada"), row("alan"));
        assertThat(db.storage.credential("grace")).isNull();
    }

    @Test
    void showUsersNeverShowsAHashAndIsAReadWithNeo4jsColumnsMemgraphsUserFirst() {
        db.run("CREATE USER ada SET PASSWORD 'pw'");
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "SHOW USERS", Map.of(), QueryControl.unlimited())) {
            assertThat(ex.columns()).containsExactly("user", "roles", "passwordChangeRequired", "suspended", "home");
            assertThat(ex.type()).isEqualTo(QueryType.READ_ONLY);
        } finally {
            tx.close();
        }
        Map<String, Object> ada = new java.util.HashMap<>();
        ada.put("user", "ada");
        ada.put("roles", null);
        ada.put("passwordChangeRequired", false);
        ada.put("suspended", null);
        ada.put("home", null);
        assertThat(db.run("SHOW USERS")).containsExactly(ada);
    }

    @Test
    void clearErrorsForWhatTheUsersDoNotAllow() {
        db.run("CREATE USER ada SET PASSWORD 'pw'");
        CypherException dup = error("CREATE USER ada SET PASSWORD 'other'");
        assertThat(dup.statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
        assertThat(dup.getMessage()).isEqualTo("User 'ada' already exists");
        assertThat(PasswordKdf.matches(db.storage.credential("ada"), "pw")).isTrue();

        db.run("CREATE USER IF NOT EXISTS ada SET PASSWORD 'other'");
        assertThat(db.lastStats).isEmpty();
        assertThat(PasswordKdf.matches(db.storage.credential("ada"), "pw")).as("IF NOT EXISTS changes nothing").isTrue();

        assertThat(error("DROP USER nobody").getMessage()).isEqualTo("User 'nobody' does not exist");
        assertThat(error("ALTER USER nobody SET PASSWORD 'x'").getMessage()).isEqualTo("User 'nobody' does not exist");
        db.run("DROP USER IF EXISTS nobody");
        assertThat(db.lastStats).isEmpty();

        assertThat(error("CREATE USER bob SET PASSWORD ''").getMessage()).isEqualTo("A password must not be empty");
        assertThat(error("CREATE USER `` SET PASSWORD 'x'").getMessage())
                .isEqualTo("A user name must have 1 to 128 characters");
        CypherException type = error("CREATE USER bob SET PASSWORD $pw", "pw", 12345L);
        assertThat(type.getMessage()).isEqualTo("The password parameter $pw must be a string, not Long");
        assertThat(error("CREATE USER bob SET PASSWORD $pw").statusCode())
                .isEqualTo("Neo.ClientError.Statement.ParameterMissing");
        assertThat(db.values("SHOW USERS YIELD user")).containsExactly(row("ada"));
    }

    /** Runs {@code query} for the session user {@code user}. */
    private Db.Result as(String user, String query, Object... params) {
        Db.Result r = db.runResult(new QueryControl(null, 0, user), query, params);
        assertThat(r.commit().committed()).isTrue();
        return r;
    }

    private CypherException errorAs(String user, String query, Object... params) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> as(user, query, params));
        assertThat(e).as("expected an error from %s", query).isNotNull();
        return e;
    }

    @Test
    void alterCurrentUserChangesTheSessionUsersOwnPassword() {
        db.run("CREATE USER ada SET PASSWORD 'first'");
        db.run("CREATE USER alan SET PASSWORD 'turing'");
        as("ada", "ALTER CURRENT USER SET PASSWORD FROM 'first' TO 'second'");
        assertThat(db.lastStats).isEqualTo(Map.of("system-updates", 1L));
        assertThat(PasswordKdf.matches(db.storage.credential("ada"), "second")).isTrue();
        assertThat(PasswordKdf.matches(db.storage.credential("alan"), "turing")).as("only hers").isTrue();
        // as cypher-shell --change-password sends it
        as("ada", "alter current user set password from $old to $new", "old", "second", "new", "third");
        assertThat(PasswordKdf.matches(db.storage.credential("ada"), "third")).isTrue();
        assertThat(db.engine.changesUsers("ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'")).isTrue();
    }

    @Test
    void alterCurrentUserNeedsTheRightOldPasswordAndNamesNoPassword() {
        db.run("CREATE USER ada SET PASSWORD 'first'");
        Credential before = db.storage.credential("ada");
        CypherException wrong = errorAs("ada", "ALTER CURRENT USER SET PASSWORD FROM 'guess' TO 'second'");
        assertThat(wrong.statusCode()).isEqualTo("Neo.ClientError.General.InvalidArguments");
        assertThat(wrong.getMessage())
                .isEqualTo("User 'ada' failed to alter their own password: Invalid principal or credentials.");
        CypherException same = errorAs("ada", "ALTER CURRENT USER SET PASSWORD FROM 'first' TO 'first'");
        assertThat(same.statusCode()).isEqualTo("Neo.ClientError.Statement.ArgumentError");
        assertThat(same.getMessage()).isEqualTo(
                "User 'ada' failed to alter their own password: Old password and new password cannot be the same.");
        assertThat(errorAs("ada", "ALTER CURRENT USER SET PASSWORD FROM 'first' TO ''").getMessage())
                .isEqualTo("A password must not be empty");
        assertThat(errorAs("ada", "ALTER CURRENT USER SET PASSWORD FROM $old TO 'x'", "old", 7L).getMessage())
                .isEqualTo("The password parameter $old must be a string, not Long");
        assertThat(errorAs("ada", "ALTER CURRENT USER SET PASSWORD FROM 'first' TO $new").statusCode())
                .isEqualTo("Neo.ClientError.Statement.ParameterMissing");
        assertThat(errorAs("gone", "ALTER CURRENT USER SET PASSWORD FROM 'x' TO 'y'").getMessage())
                .isEqualTo("User 'gone' failed to alter their own password: User does not exist.");
        CypherException off = errorAs("", "ALTER CURRENT USER SET PASSWORD FROM 'first' TO 'second'");
        assertThat(off.statusCode()).isEqualTo("Neo.ClientError.Security.Forbidden");
        assertThat(off.getMessage())
                .isEqualTo("User failed to alter their own password: Command not available with auth disabled.");
        CypherException syntax = errorAs("ada", "ALTER CURRENT USER SET PASSWORD 'first' TO 'second'");
        assertThat(syntax.statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(syntax.getMessage()).doesNotContain("first").doesNotContain("second");
        assertThat(db.storage.credential("ada")).isEqualTo(before);
    }

    @Test
    void theEngineSaysWhichStatementsChangeUsers() {
        assertThat(db.engine.changesUsers("CREATE USER ada SET PASSWORD 'x'")).isTrue();
        assertThat(db.engine.changesUsers("alter user ada identified by 'x'")).isTrue();
        assertThat(db.engine.changesUsers("SET PASSWORD FOR ada TO 'x'")).isTrue();
        assertThat(db.engine.changesUsers("DROP USER ada")).isTrue();
        assertThat(db.engine.changesUsers("SHOW USERS")).isFalse();
        assertThat(db.engine.changesUsers("CREATE (n)")).isFalse();
        assertThat(db.engine.changesUsers("CREATE USER")).as("does not parse").isFalse();
    }

    @Test
    void askingAboutAQueryCachesItsAnalysisForTheExecuteThatFollows() {
        int before = db.engine.cachedStatements();
        assertThat(db.engine.changesUsers("MATCH (n) RETURN count(n) AS c")).isFalse();
        assertThat(db.engine.cachedStatements()).isEqualTo(before + 1);
        assertThat(db.single("MATCH (n) RETURN count(n) AS c")).isEqualTo(0L);
        assertThat(db.engine.cachedStatements()).isEqualTo(before + 1);
    }

    @Test
    void aStatementWithAPasswordIsNotKeptInThePlanCache() {
        int before = db.engine.cachedStatements();
        db.run("CREATE USER ada SET PASSWORD 'pw'");
        db.engine.changesUsers("ALTER USER ada SET PASSWORD 'pw2'");
        assertThat(db.engine.cachedStatements()).isEqualTo(before);
    }
}

package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The user statements in their Neo4j and Memgraph forms, and syntax errors that never show a password. */
class UserStatementParseTest {
    private static final Position START = new Position(0, 1, 1);

    private static Statement.Password literal(String pw) {
        return new Statement.Password(pw, null);
    }

    @Test
    void createUserInBothForms() {
        assertThat(CypherParser.parse("CREATE USER ada SET PASSWORD 'pw'"))
                .isEqualTo(new Statement.CreateUser("ada", false, literal("pw"), START));
        assertThat(CypherParser.parse("create user IF NOT EXISTS `ada lovelace` identified by \"p'w\";"))
                .isEqualTo(new Statement.CreateUser("ada lovelace", true, literal("p'w"), START));
        assertThat(CypherParser.parse("CREATE USER 'ada@example.org' IDENTIFIED BY $pw"))
                .isEqualTo(new Statement.CreateUser("ada@example.org", false, new Statement.Password(null, "pw"), START));
    }

    @Test
    void alterUserAndMemgraphsSetPasswordFor() {
        assertThat(CypherParser.parse("ALTER USER ada SET PASSWORD 'new'"))
                .isEqualTo(new Statement.AlterUser("ada", literal("new"), START));
        assertThat(CypherParser.parse("ALTER USER ada IDENTIFIED BY 'new'"))
                .isEqualTo(new Statement.AlterUser("ada", literal("new"), START));
        assertThat(CypherParser.parse("SET PASSWORD FOR ada TO 'new'"))
                .isEqualTo(new Statement.AlterUser("ada", literal("new"), START));
    }

    @Test
    void dropAndShow() {
        assertThat(CypherParser.parse("DROP USER ada")).isEqualTo(new Statement.DropUser("ada", false, START));
        assertThat(CypherParser.parse("DROP USER IF EXISTS ada")).isEqualTo(new Statement.DropUser("ada", true, START));
        assertThat(CypherParser.parse("SHOW USERS")).isEqualTo(new Statement.ShowUsers());
    }

    @Test
    void aPathVariableNamedUserIsStillAPattern() {
        assertThat(CypherParser.parse("CREATE user = (a)-[:R]->(b)")).isNotInstanceOf(Statement.CreateUser.class);
    }

    @Test
    void aUserNeedsAPassword() {
        CypherSyntaxException e = catchThrowableOfType(CypherSyntaxException.class,
                () -> CypherParser.parse("CREATE USER ada"));
        assertThat(e.shortMessage()).isEqualTo(
                "Unexpected end of input: expected 'SET PASSWORD' or 'IDENTIFIED BY' (a user needs a password)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE USER ada SET PASSWORD hunter2", "CREATE USER ada IDENTIFIED BY 'hunter2",
        "ALTER USER ada SET PASSWORD 'hunter2' garbage", "SET PASSWORD FOR ada TO 'hunter2' ,",
        "CREATE USER ada SET PASSWORD \"hunter2\" x"})
    void syntaxErrorsNeverShowThePassword(String query) {
        CypherSyntaxException e = catchThrowableOfType(CypherSyntaxException.class, () -> CypherParser.parse(query));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain("hunter2");
        assertThat(e.excerpt()).doesNotContain("hunter2");
    }

    @Test
    void redactionHidesEveryPasswordLiteralAndLeavesOtherTextAlone() {
        assertThat(PasswordRedaction.redact("CREATE USER ada SET PASSWORD 'a\\'b' // c"))
                .isEqualTo("CREATE USER ada SET PASSWORD '******' // c");
        assertThat(PasswordRedaction.redact("CREATE USER ada IDENTIFIED BY \"x\""))
                .isEqualTo("CREATE USER ada IDENTIFIED BY '******'");
        assertThat(PasswordRedaction.redact("SET PASSWORD FOR ada TO 'x'")).isEqualTo("SET PASSWORD FOR ada TO '******'");
        assertThat(PasswordRedaction.redact("ALTER USER ada SET PASSWORD 'unterminated\nsecret"))
                .isEqualTo("ALTER USER ada SET PASSWORD '******'");
        assertThat(PasswordRedaction.redact("CREATE USER ada SET PASSWORD $pw")).isEqualTo("CREATE USER ada SET PASSWORD $pw");
        assertThat(PasswordRedaction.redact("CREATE USER ada SET PASSWORD hunter2;"))
                .isEqualTo("CREATE USER ada SET PASSWORD '******';");
        assertThat(PasswordRedaction.redact("ALTER CURRENT USER SET PASSWORD FROM 'old' TO \"new\""))
                .isEqualTo("ALTER CURRENT USER SET PASSWORD FROM '******' TO '******'");
        assertThat(PasswordRedaction.redact("ALTER CURRENT USER SET PASSWORD FROM old TO new;"))
                .isEqualTo("ALTER CURRENT USER SET PASSWORD FROM '******' TO '******';");
        assertThat(PasswordRedaction.redact("ALTER CURRENT USER SET PASSWORD FROM $a TO $b"))
                .isEqualTo("ALTER CURRENT USER SET PASSWORD FROM $a TO $b");
        assertThat(PasswordRedaction.redact("MATCH (n) SET n.x = 'TO' RETURN 'pw'")).isEqualTo("MATCH (n) SET n.x = 'TO' RETURN 'pw'");
    }
}

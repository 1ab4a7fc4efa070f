package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.RowsExecution;
import io.memgraph.ha.query.exec.StatusException;
import io.memgraph.ha.query.exec.TransactionGraph;
import io.memgraph.ha.storage.Transaction;
import io.memgraph.ha.storage.auth.Credential;
import io.memgraph.ha.storage.auth.PasswordKdf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code CREATE USER}, {@code ALTER USER} (and {@code SET PASSWORD FOR}), {@code ALTER CURRENT
 * USER SET PASSWORD}, {@code DROP USER} and {@code SHOW USERS}. A change is checked against the newest users here, for a clear error before
 * anything is replicated, and again at apply (which decides). The credential is derived here, on
 * the server that runs the query (the leader), so apply never needs randomness.
 */
final class UserStatements {
    static final String SEMANTIC_ERROR = "Neo.ClientError.Statement.SemanticError";

    private UserStatements() {
    }

    static boolean handles(Statement st) {
        return Statement.changesUsers(st);
    }

    /** @param user the session's user ({@code ""} when logins are not checked), for ALTER CURRENT USER */
    static Execution run(Statement st, Transaction tx, Map<String, Object> params, PasswordKdf kdf, String user,
                         List<String> columns, TransactionGraph graph) {
        List<Object[]> rows = new ArrayList<>();
        boolean changed;
        if (st instanceof Statement.CreateUser c) {
            boolean exists = tx.userExists(checkName(c.name()));
            if (exists && !c.ifNotExists()) {
                throw invalid("User '" + c.name() + "' already exists");
            }
            changed = !exists;
            if (changed) {
                tx.createUser(c.name(), derive(kdf, c.password(), params), c.ifNotExists());
            }
        } else if (st instanceof Statement.AlterUser a) {
            if (!tx.userExists(checkName(a.name()))) {
                throw invalid("User '" + a.name() + "' does not exist");
            }
            tx.setPassword(a.name(), derive(kdf, a.password(), params));
            changed = true;
        } else if (st instanceof Statement.AlterCurrentUser a) {
            alterCurrentUser(a, tx, params, kdf, user);
            changed = true;
        } else {
            Statement.DropUser d = (Statement.DropUser) st;
            boolean exists = tx.userExists(checkName(d.name()));
            if (!exists && !d.ifExists()) {
                throw invalid("User '" + d.name() + "' does not exist");
            }
            changed = exists;
            if (changed) {
                tx.dropUser(d.name(), d.ifExists());
            }
        }
        return new RowsExecution(columns, rows, QueryType.WRITE, changed ? Map.of("system-updates", 1L) : Map.of(),
                graph);
    }

    /**
     * The session's user changes its own password: {@code old} must be its password now, and the new
     * one another. Errors name the user, never a password (Neo4j's words).
     */
    private static void alterCurrentUser(Statement.AlterCurrentUser a, Transaction tx, Map<String, Object> params,
                                         PasswordKdf kdf, String user) {
        if (user.isEmpty()) {
            throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Neo.ClientError.Security.Forbidden",
                    "User failed to alter their own password: Command not available with auth disabled.");
        }
        String failed = "User '" + user + "' failed to alter their own password: ";
        Credential current = tx.credential(user);
        if (current == null) {
            throw invalid(failed + "User does not exist.");
        }
        String old = text(a.oldPassword(), params);
        String changed = text(a.newPassword(), params);
        if (!PasswordKdf.matches(current, old)) {
            throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "Neo.ClientError.General.InvalidArguments", failed + "Invalid principal or credentials.");
        }
        if (changed.equals(old)) {
            throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Neo.ClientError.Statement.ArgumentError",
                    failed + "Old password and new password cannot be the same.");
        }
        tx.setPassword(user, derive(kdf, a.newPassword(), params));
    }

    private static String checkName(String name) {
        if (name.isEmpty() || name.length() > 128) {
            throw invalid("A user name must have 1 to 128 characters");
        }
        return name;
    }

    private static Credential derive(PasswordKdf kdf, Statement.Password password, Map<String, Object> params) {
        String text = text(password, params);
        if (text.isEmpty()) {
            throw invalid("A password must not be empty");
        }
        return kdf.derive(text);
    }

    /** The password's text: its literal, or its parameter's value, which must be a string. */
    private static String text(Statement.Password password, Map<String, Object> params) {
        String text;
        if (password.parameter() != null) {
            Object value = params.get(password.parameter());
            if (!(value instanceof String s)) {
                // Never echo the value: it is meant to be a password.
                throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "The password parameter $"
                        + password.parameter() + " must be a string, not "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            text = s;
        } else {
            text = password.literal();
        }
        return text;
    }

    private static CypherException invalid(String message) {
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, SEMANTIC_ERROR, message);
    }
}

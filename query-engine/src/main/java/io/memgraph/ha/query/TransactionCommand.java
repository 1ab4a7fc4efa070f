package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.parse.CypherParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code SHOW TRANSACTIONS} or {@code TERMINATE TRANSACTIONS}, parsed, with its ids resolved. The
 * engine only recognises them: the transactions they list and stop belong to whoever runs queries
 * (the server's Bolt sessions), which answers them with rows of {@link #SHOW_COLUMNS} or
 * {@link #TERMINATE_COLUMNS}.
 *
 * @param terminate whether it is {@code TERMINATE TRANSACTIONS} (else {@code SHOW TRANSACTIONS})
 * @param ids the transaction ids as written; empty for a {@code SHOW} of every transaction
 */
public record TransactionCommand(boolean terminate, List<String> ids) {
    /** Neo4j 5's default columns of {@code SHOW TRANSACTIONS}, then its {@code metaData}. */
    public static final List<String> SHOW_COLUMNS = List.of("database", "transactionId", "currentQueryId",
            "connectionId", "clientAddress", "username", "currentQuery", "startTime", "status", "elapsedTime",
            "metaData");
    /** Neo4j's columns of {@code TERMINATE TRANSACTIONS}. */
    public static final List<String> TERMINATE_COLUMNS = List.of("transactionId", "username", "message");

    /** Copies the ids. */
    public TransactionCommand {
        ids = List.copyOf(ids);
    }

    /**
     * Whether {@code query} starts with {@code SHOW TRANSACTION} or {@code TERMINATE TRANSACTION}
     * (any case, any white space): only such a text can be a command of this kind. Every other
     * {@code SHOW} (the server's own {@code SHOW STATE HASH} among them) is left to whoever knows it.
     */
    public static boolean names(String query) {
        int i = skipSpace(query, 0);
        int word = query.regionMatches(true, i, "SHOW", 0, 4) ? 4
                : query.regionMatches(true, i, "TERMINATE", 0, 9) ? 9 : -1;
        if (word < 0) {
            return false;
        }
        int j = skipSpace(query, i + word);
        return j > i + word && query.regionMatches(true, j, "TRANSACTION", 0, 11);
    }

    private static int skipSpace(String query, int from) {
        int i = from;
        while (i < query.length() && Character.isWhitespace(query.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * The command {@code query} is, or null when it is another statement (see {@link #names}).
     *
     * @param parameters the query's parameters, for ids given as {@code $ids} (a string or a list of strings)
     * @throws CypherException a syntax error in such a command ({@code YIELD} or {@code WHERE} after it
     *     among them), a missing parameter, or ids that are not strings
     */
    public static TransactionCommand of(String query, Map<String, Object> parameters) {
        if (!names(query)) {
            return null;
        }
        Statement st = CypherParser.parse(query);
        if (st instanceof Statement.ShowTransactions show) {
            return new TransactionCommand(false, resolve(show.ids(), parameters));
        }
        if (st instanceof Statement.TerminateTransactions terminate) {
            return new TransactionCommand(true, resolve(terminate.ids(), parameters));
        }
        return null;
    }

    private static List<String> resolve(Statement.TransactionIds ids, Map<String, Object> parameters) {
        if (ids.parameter() == null) {
            return ids.literals();
        }
        if (parameters == null || !parameters.containsKey(ids.parameter())) {
            throw new CypherException(CypherErrorKind.PARAMETER_MISSING,
                    "Expected parameter(s): " + ids.parameter());
        }
        Object value = parameters.get(ids.parameter());
        List<String> resolved = new ArrayList<>();
        if (value instanceof String s) {
            resolved.add(s);
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!(element instanceof String s)) {
                    throw notStrings(ids.parameter(), element);
                }
                resolved.add(s);
            }
        } else {
            throw notStrings(ids.parameter(), value);
        }
        return resolved;
    }

    private static CypherException notStrings(String parameter, Object value) {
        return new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: expected a String or a List<String>"
                + " of transaction ids in $" + parameter + " but was "
                + (value == null ? "null" : value.getClass().getSimpleName() + " (" + value + ")"));
    }
}

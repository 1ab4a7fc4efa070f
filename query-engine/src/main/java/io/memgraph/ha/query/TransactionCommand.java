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
     * The command {@code query} is, or null when it is another statement. Cheap for texts that
     * start with neither {@code SHOW} nor {@code TERMINATE}.
     *
     * @param parameters the query's parameters, for ids given as {@code $ids} (a string or a list of strings)
     * @throws CypherException a syntax error in such a command ({@code YIELD} or {@code WHERE} after it
     *     among them), a missing parameter, or ids that are not strings
     */
    public static TransactionCommand of(String query, Map<String, Object> parameters) {
        if (!startsWithWord(query, "SHOW") && !startsWithWord(query, "TERMINATE")) {
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

    private static boolean startsWithWord(String query, String word) {
        int i = 0;
        while (i < query.length() && Character.isWhitespace(query.charAt(i))) {
            i++;
        }
        return query.regionMatches(true, i, word, 0, word.length());
    }
}

package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.ShowTail;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.parse.CypherParser;
import io.memgraph.ha.query.semantic.AnalyzedStatement;
import io.memgraph.ha.query.semantic.SemanticAnalyzer;
import io.memgraph.ha.query.show.ShowColumns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code SHOW TRANSACTIONS} or {@code TERMINATE TRANSACTIONS}, parsed and checked, with its ids
 * resolved. The engine only recognises them: the transactions they list and stop belong to
 * whoever runs queries (the server's Bolt sessions), which computes the command's table and has
 * {@link QueryEngine#answer} apply its YIELD, WHERE and RETURN.
 *
 * @param terminate whether it is {@code TERMINATE TRANSACTIONS} (else {@code SHOW TRANSACTIONS})
 * @param ids the transaction ids as written; empty for a {@code SHOW} of every transaction
 * @param tail its {@code YIELD ... WHERE ... RETURN ...}, or null
 * @param columns the columns of its result
 */
public record TransactionCommand(boolean terminate, List<String> ids, ShowTail tail, List<String> columns) {
    /** Neo4j 5's default columns of {@code SHOW TRANSACTIONS}, then its {@code metaData}. */
    public static final List<String> SHOW_COLUMNS = ShowColumns.TRANSACTIONS.defaults();
    /** Neo4j's columns of {@code TERMINATE TRANSACTIONS}. */
    public static final List<String> TERMINATE_COLUMNS = ShowColumns.TERMINATE.defaults();

    /** Copies the lists. */
    public TransactionCommand {
        ids = List.copyOf(ids);
        columns = List.copyOf(columns);
    }

    /** A command without a tail: its default columns. */
    public TransactionCommand(boolean terminate, List<String> ids) {
        this(terminate, ids, null, terminate ? TERMINATE_COLUMNS : SHOW_COLUMNS);
    }

    /** The statement it is, its ids resolved. */
    Statement.Listing statement() {
        Statement.TransactionIds resolved = new Statement.TransactionIds(ids, null);
        return terminate ? new Statement.TerminateTransactions(resolved, tail)
                : new Statement.ShowTransactions(resolved, tail);
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
     * @throws CypherException a syntax or semantic error in such a command (in its YIELD, WHERE or
     *     RETURN among them), a missing parameter, or ids that are not strings: all before anything runs
     */
    public static TransactionCommand of(String query, Map<String, Object> parameters) {
        if (!names(query)) {
            return null;
        }
        Statement st = CypherParser.parse(query);
        if (!(st instanceof Statement.ShowTransactions) && !(st instanceof Statement.TerminateTransactions)) {
            return null;
        }
        Statement.Listing command = (Statement.Listing) st;
        AnalyzedStatement analyzed = SemanticAnalyzer.analyze(command);
        Map<String, Object> given = parameters == null ? Map.of() : parameters;
        QueryEngine.requireParameters(analyzed.parameters(), given, "");
        Statement.TransactionIds ids = st instanceof Statement.ShowTransactions show ? show.ids()
                : ((Statement.TerminateTransactions) st).ids();
        return new TransactionCommand(st instanceof Statement.TerminateTransactions,
                resolve(ids, given, "transaction ids"), command.tail(), analyzed.columns());
    }

    /**
     * The strings {@code ids} names: its literals, or its parameter's string or list of strings.
     *
     * @param what what the strings are, for the error ({@code transaction ids})
     * @throws CypherException {@code TypeError} when the parameter holds something else
     */
    static List<String> resolve(Statement.TransactionIds ids, Map<String, Object> parameters, String what) {
        if (ids.parameter() == null) {
            return ids.literals();
        }
        Object value = parameters.get(ids.parameter());
        List<String> resolved = new ArrayList<>();
        if (value instanceof String s) {
            resolved.add(s);
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!(element instanceof String s)) {
                    throw notStrings(ids.parameter(), element, what);
                }
                resolved.add(s);
            }
        } else {
            throw notStrings(ids.parameter(), value, what);
        }
        return resolved;
    }

    private static CypherException notStrings(String parameter, Object value, String what) {
        return new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: expected a String or a List<String>"
                + " of " + what + " in $" + parameter + " but was "
                + (value == null ? "null" : value.getClass().getSimpleName() + " (" + value + ")"));
    }
}

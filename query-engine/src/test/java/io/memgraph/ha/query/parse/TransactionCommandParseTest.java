package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.TransactionCommand;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;
import io.memgraph.ha.query.show.ShowColumns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code SHOW TRANSACTIONS} and {@code TERMINATE TRANSACTIONS} as Neo4j 5 and Memgraph users write them. */
class TransactionCommandParseTest {

    private static TransactionCommand of(String query) {
        return TransactionCommand.of(query, Map.of());
    }

    @Test
    void showEveryTransactionInBothSpellings() {
        assertThat(of("SHOW TRANSACTIONS")).isEqualTo(new TransactionCommand(false, List.of()));
        assertThat(of("  show transaction;")).isEqualTo(new TransactionCommand(false, List.of()));
    }

    @Test
    void showSomeTransactionsByIdAsNeo4jWritesThem() {
        assertThat(of("SHOW TRANSACTIONS 'memgraph-transaction-3', 'memgraph-transaction-4'"))
                .isEqualTo(new TransactionCommand(false, List.of("memgraph-transaction-3", "memgraph-transaction-4")));
    }

    @Test
    void terminateWithMemgraphsDoubleQuotesAndNeo4jsSingleQuotes() {
        assertThat(of("TERMINATE TRANSACTIONS \"7\", \"8\";")).isEqualTo(new TransactionCommand(true, List.of("7", "8")));
        assertThat(of("terminate transaction 'memgraph-transaction-7'"))
                .isEqualTo(new TransactionCommand(true, List.of("memgraph-transaction-7")));
    }

    @Test
    void idsFromAParameterAreAStringOrAListOfStrings() {
        assertThat(TransactionCommand.of("TERMINATE TRANSACTIONS $ids", Map.of("ids", List.of("a", "b"))))
                .isEqualTo(new TransactionCommand(true, List.of("a", "b")));
        assertThat(TransactionCommand.of("SHOW TRANSACTIONS $id", Map.of("id", "a")))
                .isEqualTo(new TransactionCommand(false, List.of("a")));
        CypherException wrongType = catchThrowableOfType(CypherException.class,
                () -> TransactionCommand.of("TERMINATE TRANSACTIONS $ids", Map.of("ids", List.of(1L))));
        assertThat(wrongType.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        CypherException missing = catchThrowableOfType(CypherException.class,
                () -> TransactionCommand.of("TERMINATE TRANSACTIONS $ids", Map.of()));
        assertThat(missing.statusCode()).isEqualTo("Neo.ClientError.Statement.ParameterMissing");
    }

    @Test
    void otherStatementsAreNoTransactionCommand() {
        assertThat(of("SHOW INDEXES")).isNull();
        assertThat(of("MATCH (n) RETURN n")).isNull();
        assertThat(of("RETURN 'SHOW TRANSACTIONS'")).isNull();
        // the server's own statements, which the engine's parser does not know, are left to the server
        assertThat(of("SHOW STATE HASH")).isNull();
        assertThat(of("  show\n storage info")).isNull();
        assertThat(of("SHOWTRANSACTIONS")).isNull();
        assertThat(of("TERMINATE  \n transactions 'memgraph-transaction-1'")).isNotNull();
    }

    @Test
    void terminateNeedsIds() {
        CypherSyntaxException e = catchThrowableOfType(CypherSyntaxException.class,
                () -> of("TERMINATE TRANSACTIONS"));
        assertThat(e.shortMessage()).startsWith("Unexpected end of input: expected transaction ids");
    }

    @Test
    void yieldWhereAndReturnGiveTheirColumns() {
        TransactionCommand show = of("SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery, elapsedTime"
                + " WHERE elapsedTime > duration('PT10S') RETURN id, currentQuery");
        assertThat(show.tail()).isNotNull();
        assertThat(show.columns()).containsExactly("id", "currentQuery");
        assertThat(of("SHOW TRANSACTIONS YIELD *").columns()).isEqualTo(ShowColumns.TRANSACTIONS.all());
        assertThat(of("SHOW TRANSACTIONS WHERE username = 'ada'").columns()).isEqualTo(TransactionCommand.SHOW_COLUMNS);
        TransactionCommand terminate = of("TERMINATE TRANSACTIONS 'memgraph-transaction-1' YIELD transactionId, message");
        assertThat(terminate.ids()).containsExactly("memgraph-transaction-1");
        assertThat(terminate.columns()).containsExactly("transactionId", "message");
        assertThat(of("TERMINATE TRANSACTIONS '1' YIELD *").columns()).isEqualTo(TransactionCommand.TERMINATE_COLUMNS);
    }

    @Test
    void everyErrorOfTheTailComesBeforeAnythingRuns() {
        CypherException unknown = catchThrowableOfType(CypherException.class,
                () -> of("TERMINATE TRANSACTIONS '1' YIELD transactionId, nonsense"));
        assertThat(unknown.statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
        assertThat(unknown.getMessage()).contains("Variable `nonsense` not defined");
        CypherException notDefault = catchThrowableOfType(CypherException.class,
                () -> of("SHOW TRANSACTIONS WHERE cpuTime IS NULL"));
        assertThat(notDefault.getMessage()).contains("Variable `cpuTime` not defined");
        CypherException missing = catchThrowableOfType(CypherException.class,
                () -> of("SHOW TRANSACTIONS YIELD username WHERE username = $user"));
        assertThat(missing.statusCode()).isEqualTo("Neo.ClientError.Statement.ParameterMissing");
        assertThat(missing.getMessage()).contains("user");
        // Neo4j: TERMINATE takes WHERE only after YIELD
        CypherSyntaxException where = catchThrowableOfType(CypherSyntaxException.class,
                () -> of("TERMINATE TRANSACTIONS '1' WHERE message = 'x'"));
        assertThat(where.shortMessage()).startsWith("Invalid input 'WHERE': expected 'YIELD' or end of input");
        CypherSyntaxException returnAlone = catchThrowableOfType(CypherSyntaxException.class,
                () -> of("SHOW TRANSACTIONS RETURN username"));
        assertThat(returnAlone.shortMessage()).startsWith("Invalid input 'RETURN': expected 'YIELD', 'WHERE'");
        // combining SHOW and TERMINATE in one query (Neo4j 5) is not read
        CypherSyntaxException combined = catchThrowableOfType(CypherSyntaxException.class,
                () -> of("SHOW TRANSACTIONS YIELD transactionId TERMINATE TRANSACTIONS transactionId"));
        assertThat(combined.shortMessage()).startsWith("Invalid input 'TERMINATE'");
    }

    @Test
    void theEngineRefusesToRunThemItself() {
        io.memgraph.ha.storage.Storage storage = new io.memgraph.ha.storage.Storage();
        io.memgraph.ha.storage.Transaction tx = storage.begin();
        try {
            CypherException e = catchThrowableOfType(CypherException.class, () -> new io.memgraph.ha.query.QueryEngine(
                    storage).execute(tx, "/* c */ TERMINATE TRANSACTIONS '1'", Map.of(),
                    io.memgraph.ha.query.QueryControl.unlimited()));
            assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
            assertThat(e.getMessage()).contains("answered by the server");
        } finally {
            tx.close();
        }
    }
}

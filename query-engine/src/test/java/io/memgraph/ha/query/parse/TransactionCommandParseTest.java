package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.TransactionCommand;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.error.CypherSyntaxException;
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
    void yieldAndWhereAfterShowAreRefusedAsForEveryShow() {
        CypherSyntaxException yield = catchThrowableOfType(CypherSyntaxException.class,
                () -> of("SHOW TRANSACTIONS YIELD *"));
        assertThat(yield.shortMessage()).startsWith("Invalid input 'YIELD'");
        CypherSyntaxException where = catchThrowableOfType(CypherSyntaxException.class,
                () -> of("SHOW TRANSACTIONS WHERE username = 'ada'"));
        assertThat(where.shortMessage()).startsWith("Invalid input 'WHERE'");
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

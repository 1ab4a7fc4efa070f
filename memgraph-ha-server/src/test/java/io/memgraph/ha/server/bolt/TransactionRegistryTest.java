package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.query.show.ShowColumns;
import io.memgraph.ha.query.value.CypherDuration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry SHOW and TERMINATE TRANSACTIONS read: slots, lazy ids, and the terminate/commit race. */
class TransactionRegistryTest {
    private final TransactionRegistry registry = new TransactionRegistry();
    private final AtomicInteger cancels = new AtomicInteger();

    private RunningTransaction begin(TransactionRegistry.Slot slot, String query) {
        RunningTransaction tx = registry.newTransaction("bolt-1", "127.0.0.1:5000", "ada", Map.of("app", "x"),
                query, cancels::incrementAndGet);
        slot.begin(tx);
        return tx;
    }

    @Test
    void listsTheCurrentTransactionOfEverySessionWithNeo4jsColumns() {
        TransactionRegistry.Slot a = registry.open();
        TransactionRegistry.Slot b = registry.open();
        begin(a, "MATCH (n) RETURN n");
        List<Object[]> rows = registry.show(List.of());
        assertThat(rows).hasSize(1);
        Map<String, Object> row = byColumn(rows.get(0));
        assertThat(row).containsEntry("database", "memgraph").containsEntry("transactionId", "memgraph-transaction-1")
                .containsEntry("currentQueryId", "").containsEntry("connectionId", "bolt-1")
                .containsEntry("clientAddress", "127.0.0.1:5000").containsEntry("username", "ada")
                .containsEntry("currentQuery", "MATCH (n) RETURN n").containsEntry("status", "Running")
                .containsEntry("metaData", Map.of("app", "x")).containsEntry("protocol", "bolt")
                .containsEntry("currentQueryStatus", "running").containsEntry("activeLockCount", 0L)
                .containsEntry("waitTime", new CypherDuration(0, 0, 0, 0)).containsEntry("cpuTime", null)
                .containsEntry("currentQueryStartTime", row.get("startTime"))
                // Memgraph's columns, for its tools (GQLAlchemy's get_transactions)
                .containsEntry("transaction_id", "memgraph-transaction-1")
                .containsEntry("query", List.of("MATCH (n) RETURN n")).containsEntry("metadata", Map.of("app", "x"));
        assertThat(row.get("elapsedTime")).isInstanceOf(CypherDuration.class);
        begin(b, "RETURN 1");
        assertThat(registry.show(List.of())).hasSize(2);
        assertThat(registry.show(List.of("memgraph-transaction-1"))).hasSize(1);
        a.close();
        assertThat(registry.show(List.of())).extracting(r -> r[6]).containsExactly("RETURN 1");
    }

    /** A row of SHOW TRANSACTIONS by column name: it has every column YIELD can name. */
    private static Map<String, Object> byColumn(Object[] row) {
        List<String> columns = ShowColumns.TRANSACTIONS.all();
        assertThat(row).hasSize(columns.size());
        Map<String, Object> named = new java.util.LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            named.put(columns.get(i), row[i]);
        }
        return named;
    }

    @Test
    void anIdleExplicitTransactionHasNoCurrentQueryColumns() {
        RunningTransaction tx = begin(registry.open(), "");
        Map<String, Object> idle = byColumn(registry.show(List.of()).get(0));
        assertThat(idle).containsEntry("currentQuery", "").containsEntry("currentQueryStartTime", null)
                .containsEntry("currentQueryElapsedTime", null).containsEntry("currentQueryStatus", null);
        tx.running("RETURN 1", System.nanoTime());
        Map<String, Object> busy = byColumn(registry.show(List.of()).get(0));
        assertThat(busy).containsEntry("currentQuery", "RETURN 1").containsEntry("currentQueryStatus", "running");
        assertThat((String) busy.get("currentQueryStartTime")).isGreaterThanOrEqualTo((String) busy.get("startTime"));
        assertThat(busy.get("currentQueryElapsedTime")).isInstanceOf(CypherDuration.class);
    }

    @Test
    void anIdIsGivenWhenFirstShownAndStaysForTheTransactionsLife() {
        TransactionRegistry.Slot slot = registry.open();
        RunningTransaction tx = begin(slot, "RETURN 1");
        assertThat(tx.numberIfShown()).isZero();
        assertThat(registry.find("memgraph-transaction-1")).isNull(); // nobody could have named it yet
        registry.show(List.of());
        assertThat(tx.transactionId()).isEqualTo("memgraph-transaction-1");
        registry.show(List.of());
        assertThat(tx.transactionId()).isEqualTo("memgraph-transaction-1");
        assertThat(registry.find("memgraph-transaction-1")).isSameAs(tx);
        assertThat(registry.find("neo4j-transaction-1")).isSameAs(tx);
        assertThat(registry.find("1")).isSameAs(tx);
        slot.end(tx);
        assertThat(registry.find("1")).isNull();
    }

    @Test
    void endingAnOlderTransactionLeavesTheNewerOne() {
        TransactionRegistry.Slot slot = registry.open();
        RunningTransaction older = begin(slot, "CREATE ()");
        RunningTransaction newer = begin(slot, "RETURN 2");
        slot.end(older); // the older one's commit completed late
        assertThat(registry.running()).containsExactly(newer);
    }

    @Test
    void terminateStopsARunningTransactionAndNamesWhoDidIt() {
        RunningTransaction tx = begin(registry.open(), "UNWIND range(1, 100000000) AS x RETURN count(*)");
        String id = tx.transactionId();
        assertThat(registry.terminate(List.of(id, "memgraph-transaction-99", "nonsense"), "user 'bob'"))
                .containsExactly(new Object[] {id, "ada", TransactionRegistry.TERMINATED, id, true},
                        new Object[] {"memgraph-transaction-99", "", TransactionRegistry.NOT_FOUND,
                            "memgraph-transaction-99", false},
                        new Object[] {"nonsense", "", TransactionRegistry.NOT_FOUND, "nonsense", false});
        assertThat(cancels).hasValue(1);
        assertThat(tx.terminated()).isTrue();
        assertThat(tx.beginCommit()).isFalse();
        BoltFailureException failure = tx.terminatedFailure();
        assertThat(failure.code()).isEqualTo("Neo.ClientError.Transaction.Terminated");
        assertThat(failure.getMessage()).contains(id).contains("user 'bob'");
        assertThat(registry.show(List.of()).get(0)[8]).isEqualTo("Terminated");
    }

    @Test
    void aTransactionThatBeganToCommitIsNeverTerminated() {
        RunningTransaction tx = begin(registry.open(), "CREATE ()");
        String id = tx.transactionId();
        assertThat(tx.beginCommit()).isTrue();
        assertThat(registry.terminate(List.of(id), "user 'bob'"))
                .containsExactly(new Object[] {id, "ada", TransactionRegistry.COMMITTING, id, false});
        assertThat(cancels).hasValue(0);
        assertThat(tx.terminated()).isFalse();
        assertThat(registry.show(List.of()).get(0)[8]).isEqualTo("Committing");
    }
}

package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-query memory limit ({@code --query-memory-limit-mb}): every structure that grows with a
 * query counts against it, the query past it fails with a transient error while the same query
 * runs under a higher limit, and what a per-row subquery held is let go after each row.
 */
class QueryMemoryLimitTest {
    private static final String OUT_OF_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError";
    private static final long ONE_MIB = 1024 * 1024;

    /** A graph of 20,000 :N nodes (i = 1..20000) in a chain of :NEXT relationships. */
    private static Db chain() {
        Db db = new Db();
        db.run("UNWIND range(1, 20000) AS i CREATE (:N {i: i, s: 'node number ' + toString(i)})");
        db.run("MATCH (n:N) WITH n ORDER BY n.i WITH collect(n) AS ns "
                + "UNWIND range(0, size(ns) - 2) AS k WITH ns[k] AS a, ns[k + 1] AS b CREATE (a)-[:NEXT]->(b)");
        return db;
    }

    private static final Db GRAPH = chain();

    /** Runs {@code query} to the end in a transaction that is rolled back, under {@code limit}. */
    private static List<Object[]> run(Db db, String query, long limit) {
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, query, Map.of(), new QueryControl(null, limit))) {
            List<Object[]> rows = new ArrayList<>();
            ex.pull(-1, rows::add);
            return rows;
        } finally {
            tx.close();
        }
    }

    private static String code(Throwable e) {
        return e instanceof CypherException c ? c.statusCode() : e.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MATCH (n:N) WITH n.s AS s ORDER BY s DESC RETURN count(s) AS c",
        "MATCH (n:N) RETURN collect(n.s) AS all",
        "MATCH (n:N) WITH DISTINCT n.s AS s RETURN count(s) AS c",
        "MATCH (n:N) WITH n.s AS s, count(*) AS c RETURN count(s) AS groups",
        "MATCH (n:N) RETURN count(DISTINCT n.s) AS c",
        "UNWIND range(1, 50000) AS i RETURN percentileDisc(i, 0.5) AS p",
        "MATCH (n:N) SET n.t = n.s RETURN count(*) AS c",
        "MATCH (a:N {i: 1}), (b:N {i: 20000}) MATCH (a)-[:NEXT*]->(b) RETURN count(*) AS c",
        "MATCH (a:N {i: 1}), (b:N {i: 20000}) MATCH p = shortestPath((a)-[:NEXT*]->(b)) RETURN length(p)",
        "MATCH (a:N {i: 1}), (b:N {i: 20000}) MATCH (a)-[:NEXT]->+(b) RETURN count(*) AS c",
        "MATCH (a:N {i: 1}), (b:N {i: 20000}) MATCH p = SHORTEST 1 (a) (()-[:NEXT]->())+ (b) RETURN length(p)",
        "MATCH (a:N {i: 1}) MATCH (a)-[:NEXT *BFS]->(b) RETURN count(*) AS c",
        "MATCH (a:N {i: 1}), (b:N {i: 20000}) MATCH p = (a)-[:NEXT *WSHORTEST (r, n | 1)]->(b) RETURN length(p)",
        "MATCH (a:N {i: 1}), (b:N {i: 20000}) MATCH p = (a)-[:NEXT *ALLSHORTEST (r, n | 1)]->(b) RETURN length(p)",
        "MATCH (a:N {i: 1}), (b:N {i: 20000}) MATCH p = (a)-[:NEXT *KSHORTEST]->(b) RETURN length(p)",
        "UNWIND range(1, 20000) AS i CREATE (:M {i: i})",
        "RETURN size(range(1, 10000000)) AS n",
    })
    void aQueryPastItsLimitFailsAndRunsUnderAHigherOne(String query) {
        assertThatThrownBy(() -> run(GRAPH, query, ONE_MIB))
                .satisfies(e -> assertThat(code(e)).isEqualTo(OUT_OF_MEMORY))
                .hasMessageContaining("memory")
                .hasMessageContaining("--query-memory-limit-mb")
                .hasMessageNotContaining("\n");
        if (!query.contains("10000000")) {
            // the same query under a higher limit (a CREATE returns no rows)
            assertThat(run(GRAPH, query, 512 * ONE_MIB)).hasSize(query.contains("CREATE") ? 0 : 1);
        }
    }

    @Test
    void theLimitIsOnWhatTheQueryHoldsNotOnHowManyRowsStream() {
        // 20,000 rows streamed one by one hold nothing: well under a 1 MiB limit
        assertThat(run(GRAPH, "MATCH (n:N) RETURN n.s AS s", ONE_MIB)).hasSize(20_000);
    }

    @Test
    void aListThatEveryKeptRowHoldsIsCountedOnce() {
        // 20,000 rows behind the CREATE's eager barrier, then behind a sort, each holding the same list
        // of 20,000 nodes: about 2 MiB in all, where counting the list per row made it 12 GiB
        String rows = "MATCH (n:N) WITH collect(n) AS ns UNWIND range(0, size(ns) - 1) AS k ";
        assertThat(run(GRAPH, rows + "CREATE (:M {k: k})", 16 * ONE_MIB)).isEmpty();
        List<Object[]> sorted = run(GRAPH, rows + "WITH ns, k ORDER BY k DESC RETURN k, size(ns) AS s", 16 * ONE_MIB);
        assertThat(sorted).hasSize(20_000);
        assertThat(sorted.get(0)).containsExactly(19_999L, 20_000L);
    }

    @Test
    void aPerRowSubqueryLetsGoOfWhatItHeldAfterEachRow() {
        // each inner sort holds about 100 rows (tens of KiB); 2,000 of them kept would be far over 1 MiB
        String query = "UNWIND range(1, 2000) AS i "
                + "CALL { WITH i UNWIND range(1, 100) AS j RETURN j ORDER BY j DESC LIMIT 1 } "
                + "RETURN count(*) AS c";
        assertThat(run(GRAPH, query, ONE_MIB).get(0)[0]).isEqualTo(2000L);
    }

    @Test
    void theHeapReturnsToItsEarlierLevelAfterAQueryFails() {
        Db db = new Db();
        long before = usedHeapAfterGc();
        // collect() of 10 million strings: gigabytes if it were let through
        assertThatThrownBy(() -> run(db, "UNWIND range(1, 1000) AS i UNWIND range(1, 10000) AS j "
                + "RETURN collect('value ' + toString(i * j)) AS all", 64 * ONE_MIB))
                .satisfies(e -> assertThat(code(e)).isEqualTo(OUT_OF_MEMORY));
        assertThat(usedHeapAfterGc() - before).isLessThan(32 * ONE_MIB);
    }

    @Test
    void aPausedQueryDoesNotSpendItsTimeLimit() throws InterruptedException {
        QueryControl control = new QueryControl(Duration.ofMillis(200), 0);
        control.pause();
        Thread.sleep(400); // the client taking its time between two PULLs
        control.check();
        control.resume();
        control.check();
        assertThat(control.activeTime()).isLessThan(Duration.ofMillis(200));
        Thread.sleep(300);
        assertThatThrownBy(control::check)
                .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut"));
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}

package io.memgraph.ha.server;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs common statements against a scratch graph of its own once the server has started, so that
 * the query engine's parser, planner and operators and the storage's commit path are loaded and
 * compiled before a client needs them.
 *
 * <p>Why: a follower parses and plans nothing (the proxy and the routing drivers send it no
 * queries), so when it becomes leader (a failover, a planned restart of the leader) its first
 * write ran code this JVM had never run: 74-93 ms for the first CREATE on a new leader, against
 * 22-30 ms after a warm-up (measured with a warm client), a pause every writer through the proxy
 * sees. The scratch graph is a separate {@link Storage}, never the server's: nothing here is
 * replicated, written to disk or visible to clients. It costs about a second of one core, once.
 *
 * <p>After each round it rests twice as long as the round took ({@value #REST_PROPERTY}, at most
 * 50 ms), so it takes at most about a third of a core. A server restarted in a rolling restart
 * warms up while the next server is restarted, and a majority needs it: with the warm-up running
 * flat out beside the new leader on two cores, 5 of 60 planned restarts paused writers 159-200
 * ms; resting, 1 of 60 over 150 ms (151).
 *
 * <p>The system property {@value #PROPERTY} sets the number of rounds ({@value #DEFAULT_ROUNDS}
 * by default; 0 turns it off, as the tests' server processes do).
 */
final class QueryWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(QueryWarmup.class);

    /** The system property with the number of rounds; 0 turns the warm-up off. */
    static final String PROPERTY = "memgraph.query-warmup";
    /** Rounds of {@link #STATEMENTS} a server start runs: enough for the JIT's first compilations. */
    static final int DEFAULT_ROUNDS = 500;
    /** The system property: after each round the warm-up sleeps this many times as long as the round took (0: never). */
    static final String REST_PROPERTY = "memgraph.query-warmup-rest";
    static final int DEFAULT_REST_FACTOR = 2;
    /** The longest rest after a round. */
    static final long MAX_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The scratch graph starts over after this many rounds, so it stays small. */
    static final int ROUNDS_PER_GRAPH = 500;

    /** What users commonly run: writes, indexed and label reads, expansion, aggregation, deletes. */
    static final List<String> STATEMENTS = List.of(
            "CREATE (:Warm {id: $id, name: $name})",
            "MATCH (n:Warm {id: $id}) RETURN n.name",
            "MATCH (n:Warm {id: $id}) RETURN n",
            "MATCH (a:Warm {id: $id}), (b:Warm {id: $other}) CREATE (a)-[:LINK {w: $id}]->(b)",
            "MATCH (a:Warm {id: $other})-[r:LINK]->(b) RETURN b.id, r.w",
            "MATCH (a:Warm {id: $other})-[:LINK]->()-[:LINK]->(c) RETURN count(DISTINCT c)",
            "MERGE (n:Warm {id: $id}) SET n.seen = $id RETURN n.seen",
            "UNWIND range(1, 10) AS i CREATE (:WarmBatch {id: $id * 10 + i})",
            "MATCH (n:WarmBatch) WHERE n.id % 10 = 0 DETACH DELETE n",
            "MATCH (n:Warm) WHERE n.id > $other RETURN n.id ORDER BY n.id DESC LIMIT 5",
            "RETURN $id + 1 AS x");

    private QueryWarmup() {
    }

    /** The rounds {@value #PROPERTY} asks for (the default when it is unset or not a number). */
    static int configuredRounds() {
        return Math.max(0, Integer.getInteger(PROPERTY, DEFAULT_ROUNDS));
    }

    /** Starts the warm-up on a daemon thread of the lowest priority and returns it; null for 0 rounds. */
    static Thread start(int rounds) {
        if (rounds <= 0) {
            return null;
        }
        Thread t = new Thread(() -> {
            long started = System.nanoTime();
            try {
                int ran = run(rounds, Integer.getInteger(REST_PROPERTY, DEFAULT_REST_FACTOR), Storage::new);
                LOG.info("Query warm-up: {} statements on a scratch graph in {} ms", ran,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } catch (RuntimeException e) {
                // Only speed is at stake: the server serves as before, its code just starts cold.
                LOG.warn("Query warm-up stopped early: {}", e.toString(), e);
            }
        }, "memgraph-ha-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /**
     * Runs {@code rounds} rounds of {@link #STATEMENTS}, each in its own committed transaction, on
     * scratch graphs from {@code graphs} (a new one every {@value #ROUNDS_PER_GRAPH} rounds),
     * resting {@code restFactor} times as long as each round took (at most 50 ms; 0: no rest);
     * returns the number of statements run.
     *
     * @throws CypherException if a statement fails (a bug in this list or in the engine)
     * @throws IllegalStateException if a statement's transaction does not commit
     */
    static int run(int rounds, int restFactor, Supplier<Storage> graphs) {
        return run(rounds, restFactor, graphs, TimeUnit.NANOSECONDS::sleep);
    }

    /** How the warm-up rests between rounds (a test records the rests instead). */
    interface Rest {
        void sleep(long nanos) throws InterruptedException;
    }

    static int run(int rounds, int restFactor, Supplier<Storage> graphs, Rest rest) {
        int ran = 0;
        Storage storage = null;
        QueryEngine engine = null;
        for (int round = 0; round < rounds; round++) {
            if (round % ROUNDS_PER_GRAPH == 0) {
                storage = graphs.get();
                engine = new QueryEngine(storage, "warm-up");
                execute(storage, engine, "CREATE INDEX ON :Warm(id)", Map.of());
            }
            long roundStarted = System.nanoTime();
            Map<String, Object> params = Map.of("id", (long) round, "other", (long) (round / 2), "name",
                    "w" + round);
            for (String statement : STATEMENTS) {
                execute(storage, engine, statement, params);
                ran++;
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (restFactor > 0) {
                long restNanos = Math.min((System.nanoTime() - roundStarted) * restFactor, MAX_REST_NANOS);
                try {
                    rest.sleep(restNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return ran;
    }

    private static void execute(Storage storage, QueryEngine engine, String statement, Map<String, Object> params) {
        Transaction tx = storage.begin();
        try {
            try (Execution e = engine.execute(tx, statement, params, QueryControl.unlimited())) {
                e.pull(-1, row -> { });
            }
            ApplyResult result = storage.commit(tx);
            if (!result.committed()) {
                throw new IllegalStateException("the warm-up statement " + statement + " did not commit: "
                        + result.message());
            }
        } finally {
            tx.close();
        }
    }
}

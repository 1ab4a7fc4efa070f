package io.memgraph.ha.bench.workloads;

import io.memgraph.ha.bench.Workloads;
import io.memgraph.ha.bench.load.LoadGenerator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.Driver;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.ResultCursor;

/**
 * A workload of auto-commit Cypher queries over Bolt: each client has its own asynchronous session
 * (its own connection) and runs {@link Op} in a loop, reading every record of each result.
 */
public record CypherWorkload(String key, Op op) {

    /** One operation on a client's session; the stage completes when its result has been read. */
    @FunctionalInterface
    public interface Op {
        CompletionStage<?> run(AsyncSession session, SplittableRandom random);
    }

    private static final String CREATE = "CREATE (:BenchNew {id: $id})";
    private static final String POINT_READ = "MATCH (p:Person {id: $id}) RETURN p.name";
    private static final String ONE_HOP = "MATCH (p:Person {id: $id})-[:KNOWS]->(f) RETURN f.id";
    private static final String TWO_HOP =
            "MATCH (p:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(fof) RETURN count(DISTINCT fof)";

    /** The single-server workloads on a {@link GraphData} graph of {@code persons} persons. */
    public static List<CypherWorkload> singleServer(int persons) {
        Op create = create(new AtomicLong());
        Op read = read(POINT_READ, persons);
        return List.of(
                new CypherWorkload(Workloads.CREATE, create),
                new CypherWorkload(Workloads.POINT_READ, read),
                new CypherWorkload(Workloads.ONE_HOP, read(ONE_HOP, persons)),
                new CypherWorkload(Workloads.TWO_HOP, read(TWO_HOP, persons)),
                new CypherWorkload(Workloads.MIX, (s, r) -> (r.nextInt(10) == 0 ? create : read).run(s, r)));
    }

    /**
     * Creates and point reads as most applications send them: each in a managed transaction of its
     * own ({@code executeWriteAsync}, {@code executeReadAsync}; BEGIN, RUN and PULL, then COMMIT),
     * keys {@code tx-create} and {@code tx-point-read}. Not part of the side-by-side tables;
     * {@code ThreadsMain} uses them.
     */
    public static List<CypherWorkload> managedTransactions(int persons) {
        AtomicLong ids = new AtomicLong();
        return List.of(
                new CypherWorkload("tx-create", (s, r) -> s.executeWriteAsync(
                        tx -> tx.runAsync(CREATE, Map.of("id", ids.incrementAndGet()))
                                .thenCompose(ResultCursor::consumeAsync))),
                new CypherWorkload("tx-point-read", (s, r) -> s.executeReadAsync(
                        tx -> tx.runAsync(POINT_READ, Map.of("id", r.nextInt(persons)))
                                .thenCompose(ResultCursor::listAsync))));
    }

    /** The cluster's small write: one node per query, each with a new id. */
    public static CypherWorkload clusterWrite() {
        return new CypherWorkload(Workloads.CLUSTER_WRITE, create(new AtomicLong()));
    }

    private static Op create(AtomicLong ids) {
        return (s, r) -> s.runAsync(CREATE, Map.of("id", ids.incrementAndGet()))
                .thenCompose(ResultCursor::consumeAsync);
    }

    private static Op read(String query, int persons) {
        return (s, r) -> s.runAsync(query, Map.of("id", r.nextInt(persons))).thenCompose(ResultCursor::listAsync);
    }

    /** This workload's clients on {@code driver}. */
    public LoadGenerator.Target on(Driver driver) {
        return index -> {
            AsyncSession session = driver.session(AsyncSession.class);
            return new LoadGenerator.Client() {
                @Override
                public CompletionStage<?> execute(SplittableRandom random) {
                    return op.run(session, random);
                }

                @Override
                public void close() throws Exception {
                    session.closeAsync().toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
            };
        };
    }
}

package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.BoltBackend;
import io.memgraph.ha.bolt.server.spi.BoltSession;
import io.memgraph.ha.bolt.server.spi.ConnectionInfo;
import io.memgraph.ha.daemon.PrometheusText;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.server.auth.Authenticator;
import io.memgraph.ha.storage.Storage;
import java.time.Duration;
import java.util.Objects;

/**
 * The Bolt backend of a single {@code memgraph_ha} server: each connection gets a
 * {@link CypherBoltSession} that runs Cypher through the {@link QueryEngine} in storage
 * transactions and commits their write sets through the {@link Committer} (Raft).
 *
 * <p>Authentication is the {@link Authenticator}'s: with {@code --auth-enabled=false} (the
 * default, as the original Memgraph HA) or while no user exists, every credential is accepted.
 */
public final class CypherBoltBackend implements BoltBackend {

    /**
     * Settings of the sessions.
     *
     * @param queryTimeout the longest the server may work on a query ({@code --query-execution-time-sec}),
     *     or null for no limit
     * @param queryMemoryLimitBytes the most a query's growing structures may hold
     *     ({@code --query-memory-limit-mb}), or 0 for no limit
     * @param bookmarkWait how long a transaction waits for the state its bookmarks name
     * @param version the server version, reported by {@code CALL dbms.components()}
     */
    public record Settings(Duration queryTimeout, long queryMemoryLimitBytes, Duration bookmarkWait, String version) {
        /** Validates the durations. */
        public Settings {
            Objects.requireNonNull(bookmarkWait, "bookmarkWait");
            Objects.requireNonNull(version, "version");
            if (queryTimeout != null && (queryTimeout.isNegative() || queryTimeout.isZero())) {
                throw new IllegalArgumentException("query timeout must be positive, got " + queryTimeout);
            }
            if (queryMemoryLimitBytes < 0) {
                throw new IllegalArgumentException("query memory limit must not be negative, got "
                        + queryMemoryLimitBytes);
            }
        }

        /**
         * Settings from the {@code --query-execution-time-sec} and {@code --query-memory-limit-mb}
         * flag values.
         *
         * @param queryExecutionTimeSec seconds, or -1 for no limit
         * @param queryMemoryLimitMb MiB, 0 for a quarter of the maximum heap, or -1 for no limit
         * @param version the server version
         */
        public static Settings fromFlags(int queryExecutionTimeSec, int queryMemoryLimitMb, String version) {
            long memory = queryMemoryLimitMb < 0 ? 0
                    : queryMemoryLimitMb == 0 ? Runtime.getRuntime().maxMemory() / 4
                    : queryMemoryLimitMb * 1024L * 1024L;
            return new Settings(queryExecutionTimeSec < 0 ? null : Duration.ofSeconds(queryExecutionTimeSec),
                    memory, Duration.ofSeconds(5), version);
        }
    }

    private final Storage storage;
    private final Committer committer;
    private final QueryEngine engine;
    private final Settings settings;
    private final ClusterRole cluster;
    private final Authenticator authenticator;
    private final QueryTimings timings = new QueryTimings();
    private final TransactionRegistry transactions = new TransactionRegistry();

    /**
     * @param storage the graph
     * @param committer commits the write sets of transactions that wrote (through Raft)
     * @param engine the query engine over {@code storage}
     * @param settings timeouts
     * @param cluster this server's role in the cluster (who takes writes, routing, status)
     * @param authenticator checks the credentials of HELLO and LOGON
     */
    public CypherBoltBackend(Storage storage, Committer committer, QueryEngine engine, Settings settings,
            ClusterRole cluster, Authenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.committer = Objects.requireNonNull(committer, "committer");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The server's own work on each query so far: running it, producing its records and handing its
     * commit to Raft; not the time its client takes to fetch the records, nor replication.
     */
    public PrometheusText.Histogram queryTimes() {
        return timings.times();
    }

    /** How many transactions the Bolt sessions run now (Neo4j's metric {@code transaction.active}). */
    public int activeTransactions() {
        return transactions.active();
    }

    @Override
    public BoltSession open(ConnectionInfo info) {
        return new CypherBoltSession(storage, committer, engine, settings, cluster, authenticator, timings, info,
                transactions);
    }
}

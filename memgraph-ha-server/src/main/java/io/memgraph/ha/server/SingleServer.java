package io.memgraph.ha.server;

import io.memgraph.ha.bolt.server.BoltServer;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.node.NotLeaderException;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.server.bolt.CypherBoltBackend;
import io.memgraph.ha.server.config.ConfigException;
import io.memgraph.ha.server.config.ServerConfig;
import io.memgraph.ha.server.replication.RaftCommitter;
import io.memgraph.ha.server.replication.StorageStateMachine;
import io.memgraph.ha.storage.Storage;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code memgraph_ha} as one server: a one-node Raft cluster (the write path of DESIGN.md section
 * 2 with no peers), storage, the query engine and the Bolt listener.
 *
 * <p>Durability: a write is acknowledged only after its entry is in the Raft log and fsynced, and
 * applied. The durability directory holds {@code raft/} (hard state and log segments) and
 * {@code snapshots/} (a snapshot every {@code log_size_snapshot_threshold} entries, after which the
 * log is compacted); a start recovers from the newest snapshot plus the log, whether the last stop
 * was clean or a crash.
 */
final class SingleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleServer.class);
    /** The Raft id of the only member. */
    private static final int SERVER_ID = 1;
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("snapshot-(\\d+)-(\\d+)\\.bin");
    /** How long start-up waits for the one-node cluster to elect itself and replay its log. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final RaftNode node;
    private final BoltServer bolt;
    private final int port;
    private boolean closed;

    private SingleServer(RaftNode node, BoltServer bolt, int port) {
        this.node = node;
        this.bolt = bolt;
        this.port = port;
    }

    /**
     * Recovers the state from the durability directory and starts listening.
     *
     * @param config the validated flags
     * @param cluster the membership (one member)
     * @throws ConfigException when the durability directory, the Raft files, {@code raft.json} or the
     *     TLS files cannot be used; the message names the file
     */
    static SingleServer start(ServerConfig config, CoordinationConfig cluster) throws ConfigException {
        Path dir = config.durabilityDirectory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("--durability-directory=" + dir + ": cannot create the directory: " + e);
        }
        RaftConfig raftConfig = raftConfig(config.raftConfigFile());
        long started = System.nanoTime();
        long snapshotIndex = newestSnapshotIndex(dir.resolve("snapshots"));
        Storage storage = new Storage();
        StorageStateMachine stateMachine = new StorageStateMachine(storage);
        RaftNode node;
        try {
            // No peers: the rpc listener is only bound (to loopback, an ephemeral port) because the
            // node always has one; nobody connects to it.
            node = RaftNode.builder(SERVER_ID, cluster, raftConfig, dir, stateMachine)
                    .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                    .start();
        } catch (IOException e) {
            throw new ConfigException("--durability-directory=" + dir + ": cannot recover the Raft state: "
                    + e.getMessage());
        } catch (io.memgraph.ha.raft.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
        try {
            awaitReady(node);
        } catch (ConfigException | RuntimeException e) {
            node.halt();
            throw e;
        }
        // The state now holds every committed write set: ids continue above the highest one in it.
        storage.resetIdAllocation();
        LOG.info("Recovered {} to index {} (applied write sets up to {}): snapshot index {}, {} entries replayed,"
                        + " {} ms", dir, node.appliedIndex(), storage.lastAppliedIndex(), snapshotIndex,
                stateMachine.appliedCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        Duration commitWait = Duration.ofMillis(raftConfig.replicationTimeout()).plusSeconds(5);
        QueryEngine engine = new QueryEngine(storage, String.valueOf(config.serverId()));
        CypherBoltBackend backend = new CypherBoltBackend(storage, new RaftCommitter(node, commitWait), engine,
                CypherBoltBackend.Settings.fromFlag(config.queryExecutionTimeSec(), MemgraphHa.version()));
        BoltServer.Builder builder = BoltServer.builder(backend)
                .host(config.boltAddress())
                .port(config.boltPort())
                .workerThreads(config.boltNumWorkers())
                .sessionInactivityTimeout(Duration.ofSeconds(config.boltSessionInactivityTimeoutSec()));
        try {
            if (config.boltCertFile() != null) {
                builder.sslContext(sslContext(config.boltCertFile(), config.boltKeyFile()));
            }
        } catch (ConfigException e) {
            node.close();
            throw e;
        }
        BoltServer bolt = builder.build();
        int port;
        try {
            port = bolt.start();
        } catch (RuntimeException e) {
            bolt.close();
            node.close();
            throw new ConfigException("--bolt-address=" + config.boltAddress() + " --bolt-port=" + config.boltPort()
                    + ": cannot listen: " + e.getMessage());
        }
        return new SingleServer(node, bolt, port);
    }

    /** {@code raft.json} if it exists, else the shipped defaults. */
    private static RaftConfig raftConfig(Path file) throws ConfigException {
        if (file == null || !Files.exists(file)) {
            return RaftConfig.DEFAULTS;
        }
        try {
            return RaftConfig.load(file);
        } catch (io.memgraph.ha.raft.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * Waits until the node has elected itself, committed the no-op of its term and applied
     * everything before it, so the state is complete before ids are reset and clients come in.
     */
    private static void awaitReady(RaftNode node) throws ConfigException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (node.failure().isPresent()) {
                throw new ConfigException("the Raft node stopped during recovery: " + node.failure().get());
            }
            if (!node.isLeader()) {
                sleep(5);
                continue;
            }
            try {
                long read = node.readIndex().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                node.awaitApplied(Math.max(read, node.commitIndex()))
                        .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof NotLeaderException)) {
                    throw new ConfigException("recovery failed: " + e.getCause());
                }
            } catch (TimeoutException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigException("interrupted while recovering");
            }
        }
        throw new ConfigException("the single-server Raft node did not become ready within "
                + READY_TIMEOUT.toSeconds() + " s");
    }

    private static void sleep(long millis) throws ConfigException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while recovering");
        }
    }

    /** The index of the newest snapshot file (RaftNode restores it), 0 when there is none; for the log. */
    private static long newestSnapshotIndex(Path snapshots) {
        long newest = 0;
        if (!Files.isDirectory(snapshots)) {
            return 0;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(snapshots)) {
            for (Path p : ds) {
                Matcher m = SNAPSHOT_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {} ({}); RaftNode reports the snapshot it restores", snapshots, e.toString());
        }
        return newest;
    }

    private static SslContext sslContext(Path cert, Path key) throws ConfigException {
        try {
            return SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--bolt-cert-file=" + cert + " --bolt-key-file=" + key
                    + ": cannot set up TLS (a PEM certificate chain and a PKCS#8 PEM key are needed): " + e.getMessage());
        }
    }

    /** The bound Bolt port. */
    int port() {
        return port;
    }

    /** Log fsync batches since start. */
    long logSyncs() {
        return node.logSyncs();
    }

    /** Stops listening, then stops the Raft node (everything acknowledged is already on disk). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        bolt.close();
        LOG.info("Closing the Raft node at applied index {} after {} log fsyncs", node.appliedIndex(),
                node.logSyncs());
        node.close();
    }
}

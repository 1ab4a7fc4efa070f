package io.memgraph.ha.server;

import io.memgraph.ha.bolt.server.BoltServer;
import io.memgraph.ha.bolt.transport.NettyTransport;
import io.memgraph.ha.daemon.ConfigException;
import io.memgraph.ha.daemon.PrometheusText;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.csv.CsvFiles;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.Member;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.raft.transport.RaftTransport;
import io.memgraph.ha.raft.transport.RpcTls;
import io.memgraph.ha.server.auth.Authenticator;
import io.memgraph.ha.server.auth.LoginRateLimiter;
import io.memgraph.ha.server.bolt.CountingCommitter;
import io.memgraph.ha.server.bolt.CypherBoltBackend;
import io.memgraph.ha.server.cluster.BoltDirectory;
import io.memgraph.ha.server.cluster.Leadership;
import io.memgraph.ha.server.config.ServerConfig;
import io.memgraph.ha.server.config.ServerSettings;
import io.memgraph.ha.bolt.transport.MetricsServer;
import io.memgraph.ha.server.replication.RaftCommitter;
import io.memgraph.ha.server.replication.StorageStateMachine;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.auth.PasswordKdf;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code memgraph_ha} server: its Raft node (a member of the cluster in
 * {@code coordination.json}, or a one-member cluster without one), storage, the query engine and
 * the Bolt listener.
 *
 * <p>Durability: a write is acknowledged only after its entry is in the Raft logs of a majority,
 * fsynced, and applied here. The durability directory holds {@code raft/} (hard state and log
 * segments) and {@code snapshots/} (a snapshot every {@code log_size_snapshot_threshold} applied
 * entries, after which the log is compacted); a start recovers from the newest snapshot plus the
 * log, whether the last stop was clean or a crash, and logs its progress every few seconds.
 */
final class HaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaServer.class);
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("snapshot-(\\d+)-(\\d+)\\.bin");
    /** How long start-up of a single server waits for it to elect itself and replay its log. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final long PROGRESS_INTERVAL_SECONDS = 5;

    private final DurabilityLock lock;
    private final RaftNode node;
    private final BoltServer bolt;
    /** The metrics endpoint, or null when it is off. */
    private final MetricsServer metrics;
    private final ScheduledExecutorService background;
    private final int port;
    private final String boltAdvertised;
    /** The query warm-up, while it runs (null when turned off). */
    private final Thread warmup;
    private boolean closed;

    private HaServer(DurabilityLock lock, RaftNode node, BoltServer bolt, MetricsServer metrics,
            ScheduledExecutorService background, int port, String boltAdvertised) {
        this.lock = lock;
        this.node = node;
        this.bolt = bolt;
        this.metrics = metrics;
        this.background = background;
        this.port = port;
        this.boltAdvertised = boltAdvertised;
        this.warmup = QueryWarmup.start(QueryWarmup.configuredRounds());
    }

    /**
     * Locks the durability directory, checks that the Bolt and RPC ports can be bound, then recovers
     * the state from the directory, joins the cluster and starts listening.
     *
     * @param config the validated flags
     * @param cluster the membership (one member for a single server)
     * @param serverId this server's id in {@code cluster}
     * @param raftConfig the Raft timing
     * @throws ConfigException when the durability directory (another server holds it included), the
     *     Raft files, a port or the TLS files cannot be used; the message names the file, flag or
     *     address
     */
    static HaServer start(ServerConfig config, CoordinationConfig cluster, int serverId, RaftConfig raftConfig)
            throws ConfigException {
        Path dir = config.durabilityDirectory();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigException("--durability-directory=" + dir + ": " + e.getFile()
                    + " exists and is not a directory; a directory is expected");
        } catch (AccessDeniedException e) {
            throw new ConfigException("--durability-directory=" + dir + ": cannot create the directory: permission"
                    + " denied on " + e.getFile() + " (the server's user must be able to write there)");
        } catch (IOException e) {
            throw new ConfigException("--durability-directory=" + dir + ": cannot create the directory: " + e);
        }
        // Before anything in the directory is read: a second server on it must not touch the log.
        DurabilityLock lock = DurabilityLock.acquire(dir);
        try {
            return startLocked(lock, config, cluster, serverId, raftConfig);
        } catch (ConfigException | RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static HaServer startLocked(DurabilityLock lock, ServerConfig config, CoordinationConfig cluster,
            int serverId, RaftConfig raftConfig) throws ConfigException {
        // --bolt-port=0: the port the system picks is held until the Bolt server binds it, or an
        // outgoing connection of any process could be given it meanwhile (a free ephemeral port)
        ServerSocket held = config.boltPort() == 0 ? holdAnyPort(config) : null;
        try {
            return startLocked(lock, config, cluster, serverId, raftConfig, held);
        } finally {
            closeHeld(held);
        }
    }

    private static HaServer startLocked(DurabilityLock lock, ServerConfig config, CoordinationConfig cluster,
            int serverId, RaftConfig raftConfig, ServerSocket held) throws ConfigException {
        boolean single = cluster.size() == 1;
        Path dir = config.durabilityDirectory();
        // The ports are checked before recovery, which may take minutes: a taken port stops start-up
        // at once, and a server that cannot listen never takes part in elections.
        int boltPort = held != null ? held.getLocalPort() : reserveBoltPort(config);
        if (config.metricsPort() != 0) {
            checkMetricsPort(config);
        }
        if (!single) {
            checkRpcAddress(config, cluster.require(serverId));
        }
        String advertised = config.boltAdvertisedAddress() != null ? config.boltAdvertisedAddress()
                : hostPort(single ? loopbackIfWildcard(config.boltAddress()) : cluster.require(serverId).host(), boltPort);
        RpcTls rpcTls = single ? null : rpcTls(config);
        long started = System.nanoTime();
        long snapshotIndex = newestSnapshotIndex(dir.resolve("snapshots"));
        Storage storage = new Storage();
        StorageStateMachine stateMachine = new StorageStateMachine(storage);
        RaftNode node;
        try {
            RaftNode.Builder b = RaftNode.builder(serverId, cluster, raftConfig, dir, stateMachine)
                    .advertise(advertised).transportTls(rpcTls)
                    // the same sockets as Bolt: epoll where Netty's native library loads, else NIO
                    .transportSockets(new RaftTransport.Sockets(NettyTransport.get().ioHandlerFactory(),
                            NettyTransport.get().serverChannel(), NettyTransport.get().socketChannel()));
            if (single) {
                // No peers: the rpc listener is only bound (to loopback, an ephemeral port) because the
                // node always has one; nobody connects to it.
                b.bindAddress(new InetSocketAddress("127.0.0.1", 0));
            }
            node = b.start();
        } catch (IOException e) {
            Member me = cluster.require(serverId);
            throw new ConfigException("--durability-directory=" + dir + " (or the RPC address " + me.host() + ":"
                    + me.port() + " of server " + serverId + "): cannot start the Raft node: " + e.getMessage());
        } catch (io.memgraph.ha.raft.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memgraph-ha-leadership");
            t.setDaemon(true);
            return t;
        });
        long recoverTo = node.commitIndex();
        reportRecovery(node, background, recoverTo, started);
        // The others' Bolt addresses arrive in the Raft transport handshake.
        BoltDirectory directory = id -> id == serverId ? Optional.of(advertised)
                : node.peerInfo(id).filter(info -> !info.isBlank());
        Leadership leadership = new Leadership(node, storage, directory, background);
        leadership.start();
        if (single) {
            try {
                if (!leadership.awaitWritable(READY_TIMEOUT)) {
                    throw new ConfigException(node.failure().map(f -> "the Raft node stopped during recovery: " + f)
                            .orElse("the single-server Raft node did not become ready within "
                                    + READY_TIMEOUT.toSeconds() + " s"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                node.halt();
                throw new ConfigException("interrupted while recovering");
            } catch (ConfigException e) {
                node.halt();
                background.shutdownNow();
                throw e;
            }
            LOG.info("Recovered {} to index {} (applied write sets up to {}): snapshot index {}, {} entries"
                            + " replayed, {} ms", dir, node.appliedIndex(), storage.lastAppliedIndex(), snapshotIndex,
                    stateMachine.appliedCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } else {
            LOG.info("Server {} of {} started from {} (snapshot index {}, commit index {}); joining the cluster",
                    serverId, cluster.size(), dir, snapshotIndex, recoverTo);
        }
        Duration commitWait = Duration.ofMillis(raftConfig.replicationTimeout()).plusSeconds(5);
        Procedures procedures = Procedures.builtIn(Procedures.PRODUCT, MemgraphHa.version(), "server-" + serverId);
        // dbms.listConfig(), dbms.clientConfig() (what Neo4j Browser reads) and SHOW SETTINGS
        procedures.registerSettings(ServerSettings.of(config, raftConfig, serverId, boltPort, advertised,
                config.raftConfigFile() != null && Files.exists(config.raftConfigFile())));
        QueryEngine engine = new QueryEngine(storage, String.valueOf(serverId), procedures, new PasswordKdf(),
                csvFiles(config), leadership::databaseHosts);
        CypherBoltBackend.Settings settings = CypherBoltBackend.Settings.fromFlags(config.queryExecutionTimeSec(),
                config.queryMemoryLimitMb(), MemgraphHa.version());
        LOG.info("Query limits: {} of work, {} of memory per query",
                settings.queryTimeout() == null ? "no limit" : settings.queryTimeout().toSeconds() + " s",
                settings.queryMemoryLimitBytes() == 0 ? "no limit"
                        : settings.queryMemoryLimitBytes() / (1024 * 1024) + " MiB");
        CountingCommitter commits = new CountingCommitter(new RaftCommitter(node, commitWait));
        CypherBoltBackend backend = new CypherBoltBackend(storage, commits, engine,
                settings, leadership, new Authenticator(storage, config.authEnabled(), LoginRateLimiter.standard()));
        procedures.register(Procedures.queryJmx(() -> ServerMetrics.of(storage, dir, backend::activeTransactions)));
        BoltServer.Builder builder = BoltServer.builder(backend)
                .host(config.boltAddress())
                .port(boltPort)
                .serverAgent("Neo4j/" + Procedures.NEO4J_VERSION) // as dbms.components() says
                .workerThreads(config.boltNumWorkers())
                .sessionInactivityTimeout(Duration.ofSeconds(config.boltSessionInactivityTimeoutSec()))
                .webSocketOrigins(config.boltWebSocketOrigins());
        try {
            if (config.boltCertFile() != null) {
                builder.sslContext(sslContext(config.boltCertFile(), config.boltKeyFile()));
            }
        } catch (ConfigException e) {
            node.close();
            background.shutdownNow();
            throw e;
        }
        BoltServer bolt = builder.build();
        int port;
        try {
            closeHeld(held);
            port = bolt.start();
        } catch (Exception e) {
            // Netty rethrows a failed bind's BindException undeclared, so RuntimeException is not enough:
            // a port taken since the check before recovery must still be this one line, not a stack trace
            // and a process kept alive by the Raft node's threads.
            bolt.close();
            node.close();
            background.shutdownNow();
            throw new ConfigException("--bolt-address=" + config.boltAddress() + " --bolt-port=" + boltPort
                    + ": cannot listen: " + e.getMessage());
        }
        MetricsServer metrics = null;
        if (config.metricsPort() != 0) {
            try {
                metrics = MetricsServer.start(config.metricsAddress(), config.metricsPort(),
                        () -> PrometheusText.write(ServerMetrics.prometheus(new ServerMetrics.Sources(
                                () -> ServerMetrics.of(storage, dir, backend::activeTransactions), leadership::raftInfo,
                                node::logSyncs, bolt::openConnections, bolt.stats(), commits::outcomes,
                                commits.times(), backend.queryTimes(), MemgraphHa.version(), serverId))));
            } catch (Exception e) {
                // as the Bolt bind above: Netty rethrows a BindException undeclared
                bolt.close();
                node.close();
                background.shutdownNow();
                throw new ConfigException("--metrics-address=" + config.metricsAddress() + " --metrics-port="
                        + config.metricsPort() + ": cannot listen: " + e.getMessage());
            }
            LOG.info("Metrics at http://{}:{}/metrics (Prometheus text format)", config.metricsAddress(),
                    metrics.port());
        }
        return new HaServer(lock, node, bolt, metrics, background, port, advertised);
    }

    /** Checks before recovery that the metrics address can be bound, as {@link #reserveBoltPort}. */
    private static void checkMetricsPort(ServerConfig config) throws ConfigException {
        try {
            probeBind(config.metricsAddress(), config.metricsPort());
        } catch (IOException e) {
            throw new ConfigException("--metrics-address=" + config.metricsAddress() + " --metrics-port="
                    + config.metricsPort() + ": cannot listen: " + e.getMessage());
        }
    }

    /**
     * What LOAD CSV may read: the files under {@code --load-csv-directory}, which is created when
     * missing (a failure is only logged: the server serves without it, and each LOAD CSV says what
     * is wrong), or nothing when the flag is empty; and where the export procedures may write
     * files: the same directory, with {@code --apoc-export-file-enabled}.
     */
    private static CsvFiles csvFiles(ServerConfig config) {
        Path dir = config.loadCsvDirectory();
        if (dir == null) {
            LOG.info("LOAD CSV is disabled (--load-csv-directory is empty)");
            return CsvFiles.disabled("LOAD CSV is disabled on this server: --load-csv-directory is empty (set it to"
                    + " the directory to read CSV files from)");
        }
        try {
            Files.createDirectories(dir);
            LOG.info("LOAD CSV reads files under {} (--load-csv-directory)", dir);
        } catch (IOException e) {
            LOG.warn("--load-csv-directory={}: cannot create the directory ({}); LOAD CSV fails until it exists",
                    dir, e.toString());
        }
        if (config.apocExportFileEnabled()) {
            LOG.info("The export procedures may write files under {} (--{})", dir,
                    ServerConfig.APOC_EXPORT_FILE_ENABLED);
        }
        return CsvFiles.under(dir, "--load-csv-directory", config.apocExportFileEnabled(),
                "--" + ServerConfig.APOC_EXPORT_FILE_ENABLED);
    }

    /**
     * Checks that the Bolt address can be bound before the Raft node joins the cluster (so a taken
     * port stops start-up before this server takes part in elections), and picks the port when the
     * flag says 0 (so it can be advertised).
     */
    private static int reserveBoltPort(ServerConfig config) throws ConfigException {
        try {
            return probeBind(config.boltAddress(), config.boltPort());
        } catch (IOException e) {
            throw new ConfigException("--bolt-address=" + config.boltAddress() + " --bolt-port=" + config.boltPort()
                    + ": cannot listen: " + e.getMessage());
        }
    }

    /**
     * Checks that this server's Raft RPC address from {@code coordination.json} can be bound, so a
     * taken port or an address that is not this machine's is one line naming the file and entry.
     */
    private static void checkRpcAddress(ServerConfig config, Member me) throws ConfigException {
        try {
            probeBind(me.host(), me.port());
        } catch (IOException e) {
            throw new ConfigException(config.coordinationConfigFile() + ": the Raft RPC address " + me.host() + ":"
                    + me.port() + " of server " + me.id() + " (this server) cannot be bound: " + e.getMessage()
                    + " (another process uses the port, or the IP is not this machine's)");
        }
    }

    /** Binds the Bolt address on a port the system picks, and keeps it bound. */
    private static ServerSocket holdAnyPort(ServerConfig config) throws ConfigException {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.boltAddress()), 0));
            return socket;
        } catch (IOException e) {
            closeHeld(socket);
            throw new ConfigException("--bolt-address=" + config.boltAddress() + " --bolt-port=0: cannot listen: "
                    + e.getMessage());
        }
    }

    private static void closeHeld(ServerSocket held) {
        if (held != null && !held.isClosed()) {
            try {
                held.close();
            } catch (IOException e) {
                LOG.warn("Releasing the Bolt port {} held since start-up failed: {}", held.getLocalPort(), e.toString());
            }
        }
    }

    /** Binds {@code host:port} once and releases it; returns the port bound (the chosen one for 0). */
    private static int probeBind(String host, int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return probe.getLocalPort();
        }
    }

    private static String loopbackIfWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : address;
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Logs the replay of the log every few seconds until the state reached {@code target}. */
    private static void reportRecovery(RaftNode node, ScheduledExecutorService background, long target,
            long started) {
        if (node.appliedIndex() >= target) {
            return;
        }
        background.schedule(new Runnable() {
            @Override
            public void run() {
                long applied = node.appliedIndex();
                if (applied >= target || node.failure().isPresent()) {
                    return;
                }
                LOG.info("Recovering: applied index {} of {} after {} s", applied, target,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                background.schedule(this, PROGRESS_INTERVAL_SECONDS, TimeUnit.SECONDS);
            }
        }, PROGRESS_INTERVAL_SECONDS, TimeUnit.SECONDS);
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

    /** Mutual TLS for the rpc port from the --rpc-* flags, or null when they are not set. */
    private static RpcTls rpcTls(ServerConfig config) throws ConfigException {
        if (config.rpcCertFile() == null) {
            return null;
        }
        try {
            RpcTls tls = RpcTls.fromPem(config.rpcCertFile(), config.rpcKeyFile(), config.rpcCaFile());
            LOG.info("Raft rpc port: mutual TLS, peers checked against {}",
                    config.rpcCaFile() != null ? config.rpcCaFile() : config.rpcCertFile());
            return tls;
        } catch (IOException e) {
            throw new ConfigException("--rpc-cert-file=" + config.rpcCertFile() + " --rpc-key-file="
                    + config.rpcKeyFile() + (config.rpcCaFile() != null ? " --rpc-ca-file=" + config.rpcCaFile() : "")
                    + ": cannot set up TLS: " + e.getMessage());
        }
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

    /** The Bolt address this server advertises. */
    String boltAdvertised() {
        return boltAdvertised;
    }

    /** The error that stopped the Raft node, if any. */
    Optional<Throwable> failure() {
        return node.failure();
    }

    /** Log fsync batches since start. */
    long logSyncs() {
        return node.logSyncs();
    }

    /**
     * Stops the Raft node, then the Bolt listener. A leader first hands leadership to the most
     * up-to-date follower while its clients are still connected (their commits in flight complete,
     * new writes are told where the new leader is), so writers pause for a moment instead of an
     * election timeout.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Closing the Raft node at applied index {} after {} log fsyncs", node.appliedIndex(),
                node.logSyncs());
        if (warmup != null) {
            warmup.interrupt();
        }
        node.close();
        bolt.close();
        if (metrics != null) {
            metrics.close();
        }
        background.shutdownNow();
        lock.close();
    }
}

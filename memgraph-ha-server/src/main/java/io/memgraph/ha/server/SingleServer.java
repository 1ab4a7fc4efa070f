package io.memgraph.ha.server;

import io.memgraph.ha.bolt.server.BoltServer;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.server.bolt.CypherBoltBackend;
import io.memgraph.ha.server.config.ConfigException;
import io.memgraph.ha.server.config.ServerConfig;
import io.memgraph.ha.storage.Storage;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code memgraph_ha} as one server without Raft: storage, query engine and the Bolt listener.
 *
 * <p>Durability in this mode is a snapshot: the state is loaded from
 * {@code <durability-directory>/single-server.snapshot} at start and written there (fsync, atomic
 * rename) on a clean stop. A crash loses what was committed since the last clean stop; the cluster
 * mode, with its Raft log, does not have this limit.
 */
final class SingleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleServer.class);

    /** The snapshot file name inside the durability directory. */
    static final String SNAPSHOT_FILE = "single-server.snapshot";

    private final Storage storage;
    private final BoltServer bolt;
    private final Path snapshot;
    private final int port;
    private boolean closed;

    private SingleServer(Storage storage, BoltServer bolt, Path snapshot, int port) {
        this.storage = storage;
        this.bolt = bolt;
        this.snapshot = snapshot;
        this.port = port;
    }

    /**
     * Loads the state and starts listening.
     *
     * @throws ConfigException when the durability directory, the snapshot or the TLS files cannot be used
     */
    static SingleServer start(ServerConfig config) throws ConfigException {
        Path dir = config.durabilityDirectory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("--durability-directory=" + dir + ": cannot create the directory: " + e);
        }
        Path snapshot = dir.resolve(SNAPSHOT_FILE);
        Storage storage;
        if (Files.exists(snapshot)) {
            try {
                storage = Storage.readSnapshot(snapshot);
            } catch (IOException e) {
                throw new ConfigException(snapshot + ": cannot load the snapshot: " + e.getMessage());
            }
            storage.resetIdAllocation();
        } else {
            storage = new Storage();
        }
        QueryEngine engine = new QueryEngine(storage, String.valueOf(config.serverId()));
        CypherBoltBackend backend = new CypherBoltBackend(storage, engine,
                CypherBoltBackend.Settings.fromFlag(config.queryExecutionTimeSec(), MemgraphHa.version()));
        BoltServer.Builder builder = BoltServer.builder(backend)
                .host(config.boltAddress())
                .port(config.boltPort());
        if (config.boltCertFile() != null) {
            builder.sslContext(sslContext(config.boltCertFile(), config.boltKeyFile()));
        }
        BoltServer bolt = builder.build();
        int port;
        try {
            port = bolt.start();
        } catch (RuntimeException e) {
            bolt.close();
            throw new ConfigException("--bolt-address=" + config.boltAddress() + " --bolt-port=" + config.boltPort()
                    + ": cannot listen: " + e.getMessage());
        }
        return new SingleServer(storage, bolt, snapshot, port);
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

    /** Stops listening, then saves the state. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        bolt.close();
        try {
            storage.writeSnapshot(snapshot);
        } catch (IOException e) {
            LOG.error("Could not write the snapshot {} on shutdown; changes since the last start are lost", snapshot, e);
        }
    }
}

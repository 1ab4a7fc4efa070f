package io.memgraph.ha.server;

import io.memgraph.ha.daemon.ConfigException;
import io.memgraph.ha.daemon.FlagParser;
import io.memgraph.ha.daemon.LogSetup;
import io.memgraph.ha.daemon.ProgramVersion;
import io.memgraph.ha.raft.config.CoordinationConfig;
import io.memgraph.ha.raft.config.RaftConfig;
import io.memgraph.ha.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.cli.help.HelpFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code memgraph_ha} server process.
 *
 * <p>Flags come from {@code /etc/memgraph/memgraph_ha.conf} (if it exists), the file named by
 * {@code MEMGRAPH_CONFIG}, then the command line (see {@link ServerConfig}). {@code --help} prints
 * them. A bad configuration prints one line per problem to standard error and exits with status 1.
 * With a coordination file that lists N servers it joins that cluster as {@code --server-id}; with
 * no coordination file it runs as a single server (a one-member Raft cluster, the same write path).
 * See {@link HaServer}. SIGTERM (or SIGINT) stops it cleanly, a leader first handing leadership
 * over, and the process exits with status 0. A failure to start that is not a configuration error
 * (a bug) is logged and exits with status {@value #EXIT_FAILED}.
 */
public final class MemgraphHa {
    /** Exit status of a configuration error. */
    static final int EXIT_CONFIG = 1;
    /**
     * Exit status after the Raft node stopped on a fatal error (a failed fsync or apply), when a
     * clean stop failed, or when start-up failed for a reason that is not a configuration error.
     */
    static final int EXIT_FAILED = 3;

    private MemgraphHa() {
    }

    /**
     * Starts the server and blocks until the process is asked to stop.
     *
     * @param args {@code --flag=value} arguments
     */
    public static void main(String[] args) {
        if (FlagParser.wantsHelp(args)) {
            printHelp();
            return;
        }
        ServerConfig config;
        HaServer server;
        CoordinationConfig coordination;
        int serverId;
        try {
            config = ServerConfig.load(args, System.getenv(), ServerConfig.DEFAULT_FLAG_FILE);
            LogSetup.configure(config.logLevel(), config.logFile());
            coordination = coordination(config.coordinationConfigFile());
            serverId = serverId(config, coordination);
            RaftConfig raftConfig = raftConfig(config.raftConfigFile(), coordination.size() > 1);
            server = HaServer.start(config, coordination, serverId, raftConfig);
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                System.err.println("memgraph_ha: " + problem.replace('\n', ' '));
            }
            System.exit(EXIT_CONFIG);
            return;
        } catch (Exception | Error e) {
            // A bug, not a configuration problem: the process must still end (a thread the start left
            // running would keep it alive), with the stack trace in the log. Exception, not only
            // RuntimeException: Netty rethrows checked exceptions undeclared.
            LoggerFactory.getLogger(MemgraphHa.class).error("memgraph_ha cannot start", e);
            System.exit(EXIT_FAILED);
            return;
        }
        Logger log = LoggerFactory.getLogger(MemgraphHa.class);
        CountDownLatch stopping = new CountDownLatch(1);
        AtomicInteger exitStatus = new AtomicInteger(0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            stop(server, exitStatus, log);
        }, "memgraph-ha-shutdown"));
        log.info("memgraph_ha {} listening on {}:{} ({}), advertised as {}", version(), config.boltAddress(), server.port(),
                coordination.size() == 1 ? "single server" : "server " + serverId + " of " + coordination.size(),
                server.boltAdvertised());
        // Netty's threads are daemons: the main thread keeps the process alive until the shutdown hook
        // runs. A Raft node that stopped after a fatal error (a failed fsync, a failed apply) takes the
        // process down: a server that cannot replicate must not go on answering clients.
        try {
            while (!stopping.await(1, TimeUnit.SECONDS)) {
                Optional<Throwable> failure = server.failure();
                if (failure.isPresent()) {
                    log.error("memgraph_ha stops because its Raft node failed: {}", failure.get().toString());
                    exitStatus.set(EXIT_FAILED);
                    System.exit(EXIT_FAILED);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The shutdown hook: closes the server, then ends the process with {@code exitStatus} (0 after
     * SIGTERM or SIGINT; {@link #EXIT_FAILED} after a failed Raft node or a failed close). It halts
     * rather than returning because a JVM ended by SIGTERM otherwise exits with status 143, which
     * service managers count as a failure (the proxy's {@code MemgraphHaProxy} does the same).
     */
    private static void stop(HaServer server, AtomicInteger exitStatus, Logger log) {
        try {
            log.info("memgraph_ha stopping");
            server.close();
            log.info("memgraph_ha stopped");
        } catch (RuntimeException | Error e) {
            log.error("memgraph_ha: the clean stop failed", e);
            exitStatus.compareAndSet(0, EXIT_FAILED);
        } finally {
            Runtime.getRuntime().halt(exitStatus.get());
        }
    }

    /**
     * The membership from {@code file}, or, when there is no file, a one-member cluster (whose
     * address is never used: a single server has no peers to reach it).
     */
    private static CoordinationConfig coordination(Path file) throws ConfigException {
        if (file == null || !Files.exists(file)) {
            return CoordinationConfig.local("127.0.0.1", 1);
        }
        try {
            return CoordinationConfig.load(file);
        } catch (io.memgraph.ha.raft.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** This server's id: the flag, checked against the membership. */
    private static int serverId(ServerConfig config, CoordinationConfig coordination) throws ConfigException {
        int id = config.serverId();
        Path file = config.coordinationConfigFile();
        if (coordination.size() == 1) {
            if (id > 1) {
                throw new ConfigException("--server-id=" + id + ": " + (file != null && Files.exists(file)
                        ? file + " lists one server, whose id is 1"
                        : "there is no coordination file (" + file + "), so this is a single server, whose id is 1;"
                                + " create the file to run a cluster"));
            }
            return 1;
        }
        if (id == 0) {
            throw new ConfigException("--server-id is not set: " + file + " lists " + coordination.size()
                    + " servers, so each must be told which one it is (--server-id=1.." + coordination.size()
                    + " in memgraph_ha.conf or on the command line)");
        }
        if (coordination.member(id).isEmpty()) {
            throw new ConfigException("--server-id=" + id + " is not in " + file + " (it lists ids 1.."
                    + coordination.size() + ")");
        }
        return id;
    }

    /**
     * {@code raft.json}; without the file a single server uses the shipped defaults, a cluster
     * member refuses to start (every member must use the same timing, so it must be said).
     */
    private static RaftConfig raftConfig(Path file, boolean cluster) throws ConfigException {
        if (file == null || !Files.exists(file)) {
            if (cluster) {
                throw new ConfigException("--raft-config-file=" + file + ": the file does not exist (every server of"
                        + " a cluster needs it; the package ships /etc/memgraph/raft.json)");
            }
            return RaftConfig.DEFAULTS;
        }
        try {
            return RaftConfig.load(file);
        } catch (io.memgraph.ha.raft.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static void printHelp() {
        try {
            HelpFormatter.builder().setShowSince(false).get().printHelp("memgraph_ha [--flag=value ...]",
                    "A Raft-replicated in-memory graph database speaking openCypher over Bolt. Flags are read from "
                            + ServerConfig.DEFAULT_FLAG_FILE + " (if it exists), the file in MEMGRAPH_CONFIG, then the"
                            + " command line; dashes and underscores in names are interchangeable.",
                    new FlagParser(ServerConfig.FLAGS).helpOptions(), "Version " + version() + ".", false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot print the help text", e);
        }
    }

    /** The project version, from the filtered {@code version.properties}. */
    static String version() {
        return ProgramVersion.of(MemgraphHa.class);
    }
}

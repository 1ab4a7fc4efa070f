package io.memgraph.ha.server.config;

import io.memgraph.ha.bolt.transport.WebSocketOrigins;
import io.memgraph.ha.daemon.ConfigException;
import io.memgraph.ha.daemon.FlagParser;
import io.memgraph.ha.daemon.FlagSpec;
import io.memgraph.ha.daemon.FlagValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The validated flags of the {@code memgraph_ha} server (DESIGN.md section 6).
 *
 * @param serverId this server's id in {@code coordination.json}, 1..65535, or 0 when the flag is not
 *     given (a single server is then server 1; a cluster member must say which it is)
 * @param boltAddress the address the Bolt listener binds to
 * @param boltPort the Bolt port, 0..65535 (0: any free port, for tests)
 * @param boltAdvertisedAddress the {@code host:port} other servers and clients are told to reach
 *     this server's Bolt at, or null for the IP of its coordination.json entry and the Bolt port
 * @param boltCertFile TLS certificate, or null for plain Bolt
 * @param boltKeyFile TLS private key, or null for plain Bolt
 * @param boltNumWorkers threads that run Bolt sessions' queries
 * @param boltSessionInactivityTimeoutSec a connection that sends nothing for this long is closed
 * @param durabilityDirectory where the Raft log and snapshots live
 * @param coordinationConfigFile the cluster membership file
 * @param raftConfigFile the Raft timing file
 * @param queryExecutionTimeSec queries the server works on for longer are stopped; -1 means no limit
 * @param queryMemoryLimitMb the MiB one query's growing structures may hold; 0 means a quarter of the
 *     maximum heap, -1 no limit
 * @param rpcCertFile this server's certificate for mutual TLS on the Raft rpc port, or null for plain TCP
 * @param rpcKeyFile its private key, or null
 * @param rpcCaFile the CA or pinned peer certificates to trust on the rpc port, or null for
 *     {@code rpcCertFile} itself
 * @param logFile the log file, or null to log to standard error only
 * @param logLevel TRACE, DEBUG, INFO, WARN or ERROR
 * @param authEnabled whether Bolt logins are checked against the users (once at least one exists)
 * @param loadCsvDirectory the only directory LOAD CSV reads files from, or null when LOAD CSV is
 *     disabled (the flag given empty); by default {@code import} inside the durability directory
 * @param apocExportFileEnabled whether the export procedures ({@code apoc.export.*}, {@code export_util.*})
 *     may write files into {@code loadCsvDirectory} (off: they only stream their result)
 * @param boltWebSocketOrigins the web pages that may open Bolt over WebSocket besides those of this
 *     machine's loopback
 * @param metricsAddress the address the metrics endpoint listens on
 * @param metricsPort the port of the metrics endpoint ({@code GET /metrics}), or 0 when it is off
 * @param given the raw value of each flag set explicitly (in a flag file or on the command line),
 *     by its name, for {@code dbms.listConfig()} and {@code SHOW SETTINGS}
 */
public record ServerConfig(
        int serverId,
        String boltAddress,
        int boltPort,
        String boltAdvertisedAddress,
        Path boltCertFile,
        Path boltKeyFile,
        int boltNumWorkers,
        int boltSessionInactivityTimeoutSec,
        Path durabilityDirectory,
        Path coordinationConfigFile,
        Path raftConfigFile,
        int queryExecutionTimeSec,
        int queryMemoryLimitMb,
        Path rpcCertFile,
        Path rpcKeyFile,
        Path rpcCaFile,
        Path logFile,
        String logLevel,
        boolean authEnabled,
        Path loadCsvDirectory,
        boolean apocExportFileEnabled,
        WebSocketOrigins boltWebSocketOrigins,
        String metricsAddress,
        int metricsPort,
        Map<String, String> given) {

    /** Copies the map. */
    public ServerConfig {
        given = Map.copyOf(given);
    }

    /** The flag file read when nothing else is said. */
    public static final Path DEFAULT_FLAG_FILE = Path.of("/etc/memgraph/memgraph_ha.conf");

    /** The environment variable that may name one more flag file, read after the default one. */
    public static final String ENV_FLAG_FILE = "MEMGRAPH_CONFIG";

    /** The flag naming the web pages that may open Bolt over WebSocket. */
    public static final String WEBSOCKET_ORIGINS = "bolt-websocket-allowed-origins";

    /** The flag that lets the export procedures write files into the import directory. */
    public static final String APOC_EXPORT_FILE_ENABLED = "apoc-export-file-enabled";

    /** Every flag the server accepts, with its default. */
    public static final List<FlagSpec> FLAGS = List.of(
            FlagSpec.value("server-id", "", "this server's id in coordination.json (1..65535); required when the"
                    + " file lists more than one server, 1 otherwise"),
            FlagSpec.value("bolt-address", "0.0.0.0", "address the Bolt server listens on"),
            FlagSpec.value("bolt-port", "7687", "port the Bolt server listens on"),
            FlagSpec.value("bolt-advertised-address", "",
                    "host:port that other servers and clients are told to reach this server's Bolt at (empty: the"
                            + " IP of its coordination.json entry and --bolt-port)"),
            FlagSpec.value("bolt-cert-file", "", "TLS certificate for Bolt (with --bolt-key-file)"),
            FlagSpec.value("bolt-key-file", "", "TLS private key for Bolt (with --bolt-cert-file)"),
            FlagSpec.value("bolt-num-workers", "64",
                    "threads that run queries (a commit waiting for replication holds none)"),
            FlagSpec.value("bolt-session-inactivity-timeout", "1800",
                    "close a Bolt connection that sends nothing for this many seconds"),
            FlagSpec.value(WEBSOCKET_ORIGINS, "", "web pages (origins: scheme://host[:port], comma-separated; *"
                    + " for all) that may open Bolt over WebSocket besides those served from this machine's"
                    + " loopback; a browser lets any page it shows reach the Bolt port"),
            FlagSpec.value("durability-directory", "/var/lib/memgraph/durability",
                    "directory of the Raft log and snapshots"),
            FlagSpec.value("coordination-config-file", "/etc/memgraph/coordination.json",
                    "cluster membership: [server_id, \"ip\", rpc_port] per server"),
            FlagSpec.value("raft-config-file", "/etc/memgraph/raft.json", "Raft timing configuration"),
            FlagSpec.bool("require-coordination-file", false,
                    "refuse to start without the coordination file instead of running as a single server (the"
                            + " Debian package sets it: an unconfigured server then says what to edit)"),
            FlagSpec.value("query-execution-time-sec", "180",
                    "stop a query the server has worked on for longer than this many seconds; the time a client"
                            + " takes to fetch a streamed result does not count (-1: no limit)"),
            FlagSpec.value("query-memory-limit-mb", "0",
                    "stop a query whose sorts, groups, DISTINCT sets, collected lists, path expansions and"
                            + " buffered writes would hold more than this many MiB (0: a quarter of the JVM's maximum"
                            + " heap; -1: no limit)"),
            FlagSpec.value("rpc-cert-file", "", "TLS certificate for the Raft rpc port, shown to and by every peer"
                    + " (with --rpc-key-file; the same on every server, or each its own with --rpc-ca-file)"),
            FlagSpec.value("rpc-key-file", "", "TLS private key for the Raft rpc port (with --rpc-cert-file)"),
            FlagSpec.value("rpc-ca-file", "", "PEM certificates a peer's rpc certificate must be signed by or equal to:"
                    + " a CA, or every server's certificate (empty: --rpc-cert-file alone)"),
            FlagSpec.bool("auth-enabled", false, "check Bolt logins (scheme basic) against the users made with CREATE"
                    + " USER, once at least one user exists; off, or with no users, any credentials are accepted"),
            FlagSpec.value("load-csv-directory", "", "the only directory LOAD CSV reads files from: file:///a.csv"
                    + " and a.csv name <dir>/a.csv, an absolute path must lie inside it (default: import in"
                    + " --durability-directory; set empty to disable LOAD CSV)"),
            FlagSpec.bool(APOC_EXPORT_FILE_ENABLED, false, "let the export procedures (apoc.export.*,"
                    + " export_util.*) write files into --load-csv-directory, as Neo4j's apoc.export.file.enabled;"
                    + " off, they only return their result in the data column"),
            FlagSpec.value("metrics-address", "0.0.0.0", "address the metrics endpoint listens on (with"
                    + " --metrics-port)"),
            FlagSpec.value("metrics-port", "0", "port of an HTTP endpoint that gives the server's figures at /metrics in"
                    + " Prometheus's text format, for Prometheus or Grafana Agent to scrape (0: off; Memgraph uses"
                    + " 9091)"),
            FlagSpec.value("log-file", "", "log file (empty: standard error only)"),
            FlagSpec.value("log-level", "INFO", "TRACE, DEBUG, INFO, WARN or ERROR"));

    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /**
     * Reads and validates the server's flags.
     *
     * @param args the command line
     * @param env the process environment ({@code MEMGRAPH_CONFIG} is read from it)
     * @param defaultFlagFile the flag file read when it exists
     * @throws ConfigException with one line per problem
     */
    public static ServerConfig load(String[] args, Map<String, String> env, Path defaultFlagFile)
            throws ConfigException {
        return from(new FlagParser(FLAGS).parse(defaultFlagFile, ENV_FLAG_FILE, env, args), defaultFlagFile);
    }

    static ServerConfig from(FlagValues f, Path defaultFlagFile) throws ConfigException {
        int serverId = 0;
        if (f.isSet("server-id")) {
            serverId = f.intInRange("server-id", 0, 1, 65535);
        }
        String boltAddress = f.string("bolt-address", "0.0.0.0").trim();
        if (boltAddress.isEmpty()) {
            f.problem("bolt-address", "must not be empty");
        }
        int boltPort = f.intInRange("bolt-port", 7687, 0, 65535);
        String advertised = f.string("bolt-advertised-address", "").trim();
        if (advertised.isEmpty()) {
            advertised = null;
        } else if (!advertised.matches("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):\\d{1,5}")
                || Integer.parseInt(advertised.substring(advertised.lastIndexOf(':') + 1)) > 65535) {
            f.problem("bolt-advertised-address", "must be host:port (e.g. 10.0.0.1:7687), got '" + advertised + "'");
        }
        f.bothOrNeither("bolt-cert-file", "bolt-key-file", "TLS");
        Path cert = readableFile(f, "bolt-cert-file");
        Path key = readableFile(f, "bolt-key-file");
        int workers = f.intInRange("bolt-num-workers", 64, 1, 4096);
        int inactivity = f.intInRange("bolt-session-inactivity-timeout", 1800, 1, Integer.MAX_VALUE);
        WebSocketOrigins origins = webSocketOrigins(f);
        Path durability = f.path("durability-directory", "/var/lib/memgraph/durability");
        if (durability == null) {
            f.problem("durability-directory", "must not be empty");
        }
        Path coordination = f.path("coordination-config-file", "/etc/memgraph/coordination.json");
        Path raft = f.path("raft-config-file", "/etc/memgraph/raft.json");
        if (f.bool("require-coordination-file", false) && (coordination == null || !Files.exists(coordination))) {
            f.problem("coordination-config-file", notConfiguredYet(coordination, defaultFlagFile));
        }
        int queryTime = f.intInRange("query-execution-time-sec", 180, -1, Integer.MAX_VALUE);
        if (queryTime == 0) {
            f.problem("query-execution-time-sec", "must be positive, or -1 for no limit");
        }
        int queryMemory = f.intInRange("query-memory-limit-mb", 0, -1, Integer.MAX_VALUE);
        f.bothOrNeither("rpc-cert-file", "rpc-key-file", "TLS on the rpc port");
        Path rpcCert = readableFile(f, "rpc-cert-file");
        Path rpcKey = readableFile(f, "rpc-key-file");
        Path rpcCa = readableFile(f, "rpc-ca-file");
        if (rpcCa != null && rpcCert == null) {
            f.problem("rpc-ca-file", "needs --rpc-cert-file and --rpc-key-file: the peers check this server's"
                    + " certificate as it checks theirs");
        }
        Path logFile = f.path("log-file", "");
        String logLevel = f.choice("log-level", "INFO", LOG_LEVELS);
        boolean authEnabled = f.bool("auth-enabled", false);
        // Not set: a directory of the server's own; set empty: no LOAD CSV at all.
        Path loadCsv = f.isSet("load-csv-directory") ? f.path("load-csv-directory", "")
                : durability == null ? null : durability.resolve("import");
        boolean exportFiles = f.bool(APOC_EXPORT_FILE_ENABLED, false);
        String metricsAddress = f.string("metrics-address", "0.0.0.0").trim();
        if (metricsAddress.isEmpty()) {
            f.problem("metrics-address", "must not be empty");
        }
        int metricsPort = f.intInRange("metrics-port", 0, 0, 65535);
        f.throwIfProblems();
        return new ServerConfig(serverId, boltAddress, boltPort, advertised, cert, key, workers, inactivity, durability,
                coordination, raft, queryTime, queryMemory, rpcCert, rpcKey, rpcCa, logFile, logLevel, authEnabled,
                loadCsv, exportFiles, origins, metricsAddress, metricsPort, f.given());
    }

    /** The pages {@code --bolt-websocket-allowed-origins} lets in; a problem naming a wrong entry. */
    static WebSocketOrigins webSocketOrigins(FlagValues f) {
        try {
            return WebSocketOrigins.parse(f.string(WEBSOCKET_ORIGINS, ""), "--" + WEBSOCKET_ORIGINS);
        } catch (IllegalArgumentException e) {
            f.problem(WEBSOCKET_ORIGINS, "is wrong: " + e.getMessage());
            return WebSocketOrigins.LOOPBACK;
        }
    }

    /** The file a flag (empty by default) names, or null; a problem when it names one that cannot be read. */
    private static Path readableFile(FlagValues f, String flag) {
        Path p = f.path(flag, "");
        if (p != null && !Files.isReadable(p)) {
            f.problem(flag, "is not a readable file");
        }
        return p;
    }

    /**
     * The one line an installed but unconfigured server prints (to the journal, under systemd):
     * which files to write and what goes in them, as the install guide says.
     */
    private static String notConfiguredYet(Path coordination, Path flagFile) {
        String where = flagFile == null ? "memgraph_ha.conf" : flagFile.toString();
        if (coordination == null) {
            return "is empty, and --require-coordination-file needs it: name the cluster's coordination file"
                    + " (e.g. /etc/memgraph/coordination.json) in " + where;
        }
        Path example = coordination.resolveSibling(coordination.getFileName() + ".example");
        return "does not exist: this server is not configured yet. Copy "
                + (Files.exists(example) ? example : "coordination.json.example") + " to " + coordination
                + " and list every server of the cluster in it, one [server_id, \"ip_address\", rpc_port] entry each"
                + " (the same file on every server); then set --server-id=<this server's id> in " + where;
    }
}

package io.memgraph.ha.server.config;

import io.memgraph.ha.daemon.FlagSpec;
import io.memgraph.ha.query.dbms.Setting;
import io.memgraph.ha.query.exec.Procedures;
import io.memgraph.ha.raft.config.RaftConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server's settings as {@code dbms.listConfig()} and {@code SHOW SETTINGS} list them: every flag
 * of {@link ServerConfig#FLAGS} under its name, with the value in force (for {@code server-id},
 * {@code bolt-port}, {@code bolt-advertised-address} and {@code load-csv-directory} the one the
 * server worked out when the flag leaves it open); the five keys of {@code raft.json} as
 * {@code raft.<key>}; and the settings Neo4j gives clients ({@link Procedures#clientSettings}).
 */
public final class ServerSettings {
    /** The values each flag takes, in words; a flag not named here takes a path or is empty. */
    private static final Map<String, String> VALID_VALUES = Map.ofEntries(
            Map.entry("server-id", "an integer 1..65535"),
            Map.entry("bolt-address", "an IP address or host name"),
            Map.entry("bolt-port", "an integer 0..65535 (0: any free port)"),
            Map.entry("bolt-advertised-address", "host:port, or empty"),
            Map.entry("bolt-num-workers", "an integer 1..4096"),
            Map.entry("bolt-session-inactivity-timeout", "a positive integer (seconds)"),
            Map.entry(ServerConfig.WEBSOCKET_ORIGINS, "origins scheme://host[:port] separated by commas, *, or empty"),
            Map.entry("query-execution-time-sec", "a positive integer (seconds), or -1"),
            Map.entry("query-memory-limit-mb", "an integer 0 or more (MiB), or -1"),
            Map.entry("log-level", "one of TRACE, DEBUG, INFO, WARN, ERROR"));

    private ServerSettings() {
    }

    /**
     * The settings of a server started with {@code config} and {@code raft}.
     *
     * @param serverId the id the server runs as (1 for a single server without {@code --server-id})
     * @param boltPort the port Bolt listens on (the one picked when {@code --bolt-port=0})
     * @param advertised the Bolt address the server advertises
     * @param raftFileRead whether {@code raft} came from the file (else the shipped defaults)
     */
    public static List<Setting> of(ServerConfig config, RaftConfig raft, int serverId, int boltPort,
            String advertised, boolean raftFileRead) {
        Map<String, String> resolved = Map.of("server-id", String.valueOf(serverId),
                "bolt-port", String.valueOf(boltPort), "bolt-advertised-address", advertised,
                "load-csv-directory", config.loadCsvDirectory() == null ? "" : config.loadCsvDirectory().toString());
        List<Setting> settings = new ArrayList<>();
        for (FlagSpec flag : ServerConfig.FLAGS) {
            String defaultValue = flag.defaultValue() == null ? "" : flag.defaultValue();
            String value = resolved.getOrDefault(flag.name(), config.given().getOrDefault(flag.name(), defaultValue));
            String valid = flag.isBoolean() ? "a boolean" : VALID_VALUES.getOrDefault(flag.name(), "a path, or empty");
            settings.add(new Setting(flag.name(), flag.description(), value, defaultValue,
                    config.given().containsKey(flag.name()), valid));
        }
        RaftConfig defaults = RaftConfig.DEFAULTS;
        settings.add(raft("election_timeout_min", "the shortest time (ms) a follower waits for the leader before it"
                + " starts an election", raft.electionTimeoutMin(), defaults.electionTimeoutMin(), raftFileRead));
        settings.add(raft("election_timeout_max", "the longest time (ms) a follower waits for the leader before it"
                + " starts an election", raft.electionTimeoutMax(), defaults.electionTimeoutMax(), raftFileRead));
        settings.add(raft("heartbeat_interval", "how often (ms) the leader tells the followers it is there",
                raft.heartbeatInterval(), defaults.heartbeatInterval(), raftFileRead));
        settings.add(raft("replication_timeout", "how long (ms) a write may wait for a majority before its outcome"
                + " is unknown", raft.replicationTimeout(), defaults.replicationTimeout(), raftFileRead));
        settings.add(new Setting("raft.log_size_snapshot_threshold", "applied log entries between snapshots (-1:"
                + " never snapshot) (raft.json)", String.valueOf(raft.logSizeSnapshotThreshold()),
                String.valueOf(defaults.logSizeSnapshotThreshold()), raftFileRead, "a positive integer, or -1"));
        settings.addAll(Procedures.clientSettings(config.authEnabled()));
        return settings;
    }

    private static Setting raft(String key, String description, long value, long defaultValue, boolean set) {
        return new Setting("raft." + key, description + " (raft.json)", String.valueOf(value),
                String.valueOf(defaultValue), set, "milliseconds, 1.." + RaftConfig.MAX_MILLIS);
    }
}

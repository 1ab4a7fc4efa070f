package io.memgraph.ha.server;

import io.memgraph.ha.bolt.server.BoltServerStats;
import io.memgraph.ha.daemon.PrometheusText;
import io.memgraph.ha.daemon.PrometheusText.Sample;
import io.memgraph.ha.daemon.PrometheusText.Type;
import io.memgraph.ha.query.dbms.Metric;
import io.memgraph.ha.query.show.Databases;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.StorageStats;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures a server measures, as Neo4j 5's metrics of its database ({@code dbms.queryJmx()}
 * shows them, cypher-shell's {@code :sysinfo} reads them): nodes and relationships, the bytes of
 * the Raft log and the snapshots, the last applied log index and the transactions running. Computed
 * when asked, from what the server keeps anyway. Neo4j's figures that have no counterpart here are
 * left out rather than made up: the property and relationship type ids (names here share one
 * table), the page cache (the graph lives in the heap), and the read and write transaction counts
 * (transactions are not counted as they end).
 */
final class ServerMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);
    private static final String DATABASE = "database." + Databases.NAME + ".";
    private static final Pattern PEER_ROW = Pattern.compile("peer_(\\d+)_(match_index|last_contact_ms)");

    private ServerMetrics() {
    }

    /**
     * The metrics now.
     *
     * @param durability the durability directory: {@code raft/} (the log) and {@code snapshots/}
     * @param activeTransactions how many transactions run now
     */
    static List<Metric> of(Storage storage, Path durability, IntSupplier activeTransactions) {
        StorageStats stats = storage.stats();
        long snapshots = bytesUnder(durability.resolve("snapshots"));
        long log = bytesUnder(durability.resolve("raft"));
        return List.of(
                Metric.gauge(DATABASE + "ids_in_use.node", "The nodes in the graph now.", stats.vertexCount()),
                Metric.gauge(DATABASE + "ids_in_use.relationship", "The relationships in the graph now.",
                        stats.edgeCount()),
                Metric.gauge(DATABASE + "store.size.total", "Bytes on disk of the Raft log and the snapshots"
                        + " (the graph itself is in memory).", snapshots + log),
                Metric.gauge(DATABASE + "store.size.database", "Bytes on disk of the snapshots of the graph.",
                        snapshots),
                Metric.counter(DATABASE + "transaction.last_committed_tx_id", "The Raft log index of the last"
                        + " write applied to the graph here.", stats.lastAppliedIndex()),
                Metric.gauge(DATABASE + "transaction.active", "The transactions running on this server now.",
                        (long) activeTransactions.getAsInt()));
    }

    /**
     * Where the metrics endpoint's figures come from.
     *
     * @param metrics the metrics of {@link #of}
     * @param raftInfo the rows of {@code SHOW RAFT INFO}
     * @param logSyncs the Raft log's fsyncs since start
     * @param boltOpen the Bolt connections open now
     * @param bolt the Bolt server's counts
     * @param commits the commits ended so far by outcome ({@link io.memgraph.ha.server.bolt.CountingCommitter})
     * @param commitTimes how long each commit took, replication and apply included
     * @param queryTimes the server's own work on each query
     */
    record Sources(Supplier<List<Metric>> metrics, Supplier<List<List<Object>>> raftInfo, LongSupplier logSyncs,
            IntSupplier boltOpen, BoltServerStats bolt, Supplier<Map<String, Long>> commits,
            PrometheusText.Histogram commitTimes, PrometheusText.Histogram queryTimes, String version,
            int serverId) {}

    /**
     * Every figure for the metrics endpoint ({@code --metrics-port}): the metrics above and the JVM's
     * under the names Neo4j's Prometheus endpoint gives them ({@code neo4j_dbms_vm_heap_used}), this
     * server's Raft state as {@code SHOW RAFT INFO} shows it ({@code memgraph_ha_raft_*}), its Bolt
     * connections, the FAILUREs it sent by code and its commits by outcome, and the process's CPU
     * time, start time and garbage collections under the names Prometheus's client libraries use.
     */
    static List<Sample> prometheus(Sources s) {
        List<Sample> out = new ArrayList<>();
        Map<String, String> info = new LinkedHashMap<>();
        info.put("version", s.version());
        info.put("server_id", String.valueOf(s.serverId()));
        out.add(new Sample("memgraph_ha_info", "The server's version and id (always 1).", Type.GAUGE, info, 1));
        for (Metric m : Metric.jvm()) {
            out.add(neo4j(m));
        }
        for (Metric m : s.metrics().get()) {
            out.add(neo4j(m));
        }
        raft(s.raftInfo().get(), out);
        out.add(Sample.of("memgraph_ha_raft_log_syncs_total", "Fsyncs of the Raft log since the server started (each"
                + " makes a batch of entries durable).", Type.COUNTER, s.logSyncs().getAsLong()));
        out.add(Sample.of("memgraph_ha_bolt_connections_open", "Bolt connections open now.", Type.GAUGE,
                s.boltOpen().getAsInt()));
        out.add(Sample.of("memgraph_ha_bolt_connections_total", "Bolt connections accepted since start.", Type.COUNTER,
                s.bolt().connectionsAccepted()));
        for (Map.Entry<String, Long> f : s.bolt().failuresSent().entrySet()) {
            out.add(new Sample("memgraph_ha_bolt_failures_total", "Bolt FAILURE messages sent since start, by code.",
                    Type.COUNTER, Map.of("code", f.getKey()), f.getValue()));
        }
        for (Map.Entry<String, Long> c : s.commits().get().entrySet()) {
            out.add(new Sample("memgraph_ha_commits_total", "Write transactions whose commit ended on this server"
                    + " since start, by outcome: committed, rejected (conflict, constraint_violation, invalid,"
                    + " not_committed), not_leader, outcome_unknown, failed.", Type.COUNTER,
                    Map.of("outcome", c.getKey()), c.getValue()));
        }
        out.addAll(s.commitTimes().samples("memgraph_ha_commit_seconds", "How long write transactions' commits took"
                + " on this server, from the proposal to Raft to the answer: replication to a majority, fsync and"
                + " apply."));
        out.addAll(s.queryTimes().samples("memgraph_ha_query_seconds", "The server's own work on each query: running"
                + " it, producing its records and handing its commit to Raft; not the time its client takes to fetch"
                + " the records, nor replication."));
        out.addAll(PrometheusText.process());
        return out;
    }

    private static Sample neo4j(Metric m) {
        double value = m.value() instanceof Number n ? n.doubleValue() : Double.NaN;
        return Sample.of(PrometheusText.neo4jName(m.name(), m.counter()), m.description(),
                m.counter() ? Type.COUNTER : Type.GAUGE, value);
    }

    /** The rows of {@code SHOW RAFT INFO} as samples; the leader's address is left out (a label of nothing). */
    static void raft(List<List<Object>> rows, List<Sample> out) {
        for (List<Object> row : rows) {
            String key = (String) row.get(0);
            Object value = row.get(1);
            switch (key) {
                case "is_leader" -> out.add(raftGauge("is_leader", "1 on the leader, 0 elsewhere.", value));
                case "term_id" -> out.add(raftGauge("term", "The Raft term this server is in.", value));
                case "role" -> out.add(new Sample("memgraph_ha_raft_role", "This server's Raft role (the sample of"
                        + " the current one is 1).", Type.GAUGE, Map.of("role", String.valueOf(value)), 1));
                case "leader_id" -> out.add(raftGauge("leader_id", "The id of the server this one follows or is (0:"
                        + " none known).", value));
                case "commit_index" -> out.add(raftGauge("commit_index", "The highest log index known committed.",
                        value));
                case "applied_index" -> out.add(raftGauge("applied_index", "The highest log index applied to the graph"
                        + " here.", value));
                case "cluster_size" -> out.add(raftGauge("cluster_size", "The servers in coordination.json.", value));
                case "ready_for_writes" -> out.add(raftGauge("ready_for_writes", "1 when this server takes writes (the"
                        + " leader, once its term's first entry is applied).", value));
                default -> peer(key, value, out);
            }
        }
    }

    private static void peer(String key, Object value, List<Sample> out) {
        Matcher m = PEER_ROW.matcher(key);
        if (!m.matches()) {
            return; // the server id and the leader's Bolt address are no numbers to chart
        }
        Map<String, String> peer = Map.of("peer_id", m.group(1));
        double v = ((Number) value).doubleValue();
        if (m.group(2).equals("match_index")) {
            out.add(new Sample("memgraph_ha_raft_peer_match_index", "On the leader: the highest log index each other"
                    + " server is known to hold.", Type.GAUGE, peer, v));
        } else {
            out.add(new Sample("memgraph_ha_raft_peer_last_contact_seconds", "On the leader: seconds since each other"
                    + " server last answered (-1: never).", Type.GAUGE, peer, v < 0 ? -1 : v / 1e3));
        }
    }

    private static Sample raftGauge(String name, String help, Object value) {
        double v = value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).doubleValue();
        return Sample.of("memgraph_ha_raft_" + name, help, Type.GAUGE, v);
    }

    /** The bytes of the files under {@code dir}; a file that goes while it is walked (compaction) counts nothing. */
    static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.debug("store size: {} went while it was counted: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("store size: cannot walk {}: {}", dir, e.toString());
        }
        return total[0];
    }
}

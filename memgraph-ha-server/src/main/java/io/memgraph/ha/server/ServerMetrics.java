package io.memgraph.ha.server;

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
import java.util.List;
import java.util.function.IntSupplier;
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

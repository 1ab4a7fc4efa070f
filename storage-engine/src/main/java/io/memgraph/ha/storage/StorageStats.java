package io.memgraph.ha.storage;

import java.util.Map;

/**
 * Counts of the newest committed state, for the planner and {@code SHOW STORAGE INFO}.
 *
 * @param lastAppliedIndex the last applied log index
 * @param vertexCount live vertices
 * @param edgeCount live edges
 * @param labelCounts live vertices per label
 * @param indexCounts entries per index: label index = vertices with the label; label+property
 *     index = vertices with the label and the property
 * @param openTransactions transactions (and snapshot writers) currently holding a read view
 * @param pendingGarbage queued garbage-collection work items (old versions not yet freed)
 * @param heapUsedBytes heap in use by the whole JVM (an estimate of the memory in use)
 */
public record StorageStats(
    long lastAppliedIndex,
    long vertexCount,
    long edgeCount,
    Map<String, Long> labelCounts,
    Map<SchemaItem, Long> indexCounts,
    int openTransactions,
    int pendingGarbage,
    long heapUsedBytes) {}

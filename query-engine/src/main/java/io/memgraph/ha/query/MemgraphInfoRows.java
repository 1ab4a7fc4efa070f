package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.MemgraphCommand;
import io.memgraph.ha.query.exec.VectorProcedures;
import io.memgraph.ha.query.show.Databases;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.StorageStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of Memgraph's {@code SHOW INDEX INFO}, {@code SHOW CONSTRAINT INFO} and {@code SHOW
 * STORAGE INFO}: the original HA Memgraph's columns and keys, which its scripts read, and beside
 * them today's Memgraph's, which its tools read by name (GQLAlchemy's {@code get_indexes},
 * {@code get_constraints}, {@code get_storage_mode}).
 */
final class MemgraphInfoRows {
    /** The storage mode this server always runs in: every write goes through the Raft log. */
    static final String STORAGE_MODE = MemgraphCommand.Mode.IN_MEMORY_TRANSACTIONAL.name();
    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");

    private MemgraphInfoRows() {
    }

    /**
     * {@code created index} ({@code :L}, {@code :L(p)}, the original's), then {@code index type},
     * {@code label}, {@code property}, {@code count} (today's Memgraph's). A label index has no
     * property (null); one property is a string, as Memgraph 2 gives it (and GQLAlchemy before
     * 1.7 needs), several a list, as Memgraph 3 gives a composite index.
     */
    static Object[] index(SchemaItem item, String name, String created, long count) {
        if (item instanceof SchemaItem.LabelIndex li) {
            return new Object[] {created, "label", li.label(), null, count};
        }
        if (item instanceof SchemaItem.LabelPropertyIndex pi) {
            return new Object[] {created, "label+property", pi.label(), pi.property(), count};
        }
        if (item instanceof SchemaItem.CompositeIndex ci) {
            return new Object[] {created, "label+property", ci.label(), properties(ci.properties()), count};
        }
        if (item instanceof SchemaItem.VectorIndex vi) {
            return new Object[] {created, VectorProcedures.memgraphIndexType(vi), vi.label(), vi.property(), count};
        }
        if (item instanceof SchemaItem.FulltextIndex fi) {
            // Memgraph's text index rows: the type names the index; one label or type (the first here)
            String type = (fi.relationships() ? "edge-type_text" : "label_text") + " (name: " + name + ")";
            return new Object[] {created, type, fi.label(), List.copyOf(fi.properties()), count};
        }
        SchemaItem.EdgePropertyIndex ei = (SchemaItem.EdgePropertyIndex) item;
        return new Object[] {created, "edge-type+property", ei.label(), properties(ei.properties()), count};
    }

    /**
     * {@code constraint type}, {@code label}, {@code properties}, {@code data_type}: a uniqueness (and
     * a node key's) properties as a list, as Memgraph has given them since its storage v2 and
     * GQLAlchemy reads them (the original HA Memgraph joined them into one string); an existence or
     * type constraint's one property as a string, as Memgraph gives it. {@code data_type} is a type
     * constraint's type by Memgraph's name ({@code INTEGER}, {@code LOCALDATETIME}, {@code LIST}),
     * else Neo4j's ({@code INTEGER | FLOAT}), and empty for the other kinds, as in Memgraph. A
     * constraint on relationships is {@code relationship_data_type}, its type in {@code label}.
     * Null for an index.
     */
    static Object[] constraint(SchemaItem item) {
        if (item instanceof SchemaItem.UniqueConstraint u) {
            return new Object[] {"unique", u.label(), List.copyOf(u.properties()), ""};
        }
        if (item instanceof SchemaItem.NodeKeyConstraint k) {
            return new Object[] {"node_key", k.label(), List.copyOf(k.properties()), ""};
        }
        if (item instanceof SchemaItem.ExistenceConstraint e) {
            return new Object[] {"exists", e.label(), e.property(), ""};
        }
        if (item instanceof SchemaItem.PropertyTypeConstraint t) {
            String memgraph = PropertyTypeNames.memgraph(t.types());
            return new Object[] {t.relationship() ? "relationship_data_type" : "data_type", t.label(), t.property(),
                memgraph != null ? memgraph : t.typeText()};
        }
        return null;
    }

    /**
     * The {@code storage info} keys and values of this server: the original's ({@code vertex_count},
     * {@code edge_count}, {@code average_degree}, {@code memory_usage}), ours, then today's
     * Memgraph's that apply here ({@code name}, {@code storage_mode}, {@code global_isolation_level},
     * {@code memory_res}, in its readable form such as {@code 43.16MiB}).
     */
    static Map<String, Object> storage(StorageStats s) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("vertex_count", s.vertexCount());
        info.put("edge_count", s.edgeCount());
        info.put("average_degree", s.vertexCount() == 0 ? 0.0 : 2.0 * s.edgeCount() / s.vertexCount());
        info.put("memory_usage", s.heapUsedBytes());
        info.put("last_applied_index", s.lastAppliedIndex());
        info.put("open_transactions", (long) s.openTransactions());
        info.put("label_count", (long) s.labelCounts().size());
        info.put("index_count", (long) s.indexCounts().size());
        info.put("name", Databases.NAME);
        info.put("storage_mode", STORAGE_MODE);
        info.put("global_isolation_level", "SNAPSHOT_ISOLATION");
        info.put("memory_res", readableSize(residentBytes(s.heapUsedBytes())));
        return info;
    }

    /** The process's resident memory (Linux's {@code VmRSS}), else {@code fallback} where it cannot be read. */
    private static long residentBytes(long fallback) {
        try {
            for (String line : Files.readAllLines(PROCESS_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // the kernel writes kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return fallback; // not Linux, or no /proc: the heap in use is the next best figure
        }
        return fallback;
    }

    /** Memgraph's readable size: bytes in B, KiB, MiB, GiB or TiB with two decimals ({@code 43.16MiB}). */
    static String readableSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }

    private static Object properties(List<String> properties) {
        return properties.size() == 1 ? properties.get(0) : List.copyOf(properties);
    }
}

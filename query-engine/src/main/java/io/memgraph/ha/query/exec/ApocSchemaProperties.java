package io.memgraph.ha.query.exec;

import static io.memgraph.ha.query.exec.ApocArguments.string;

import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.ValueSizes;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.TreeMap;

/**
 * APOC's {@code apoc.schema.properties.distinct(label, key)} (the distinct values of a property
 * over the nodes with a label, as one list) and {@code apoc.schema.properties.distinctCount(label,
 * key)} (a row per label, key and distinct value, with how many nodes have it; an empty label or
 * key stands for every one). Values are distinct as Cypher's DISTINCT has them (1 and 1.0 are one
 * value), in the order first met. They read the nodes of the label through the label index when
 * there is one, else a scan of all nodes (a label+property index gives no cheaper way to list the
 * distinct values), honour the query's time limit and count each distinct value against its
 * memory limit while they build the answer.
 */
final class ApocSchemaProperties {
    private ApocSchemaProperties() {
    }

    static void register(Procedures p) {
        p.register(new Procedure("apoc.schema.properties.distinct", List.of(new Field("label", "STRING"),
                new Field("key", "STRING")), List.of(new Field("value", "LIST<ANY>")), Mode.READ,
                "Returns all distinct NODE property values for the given key.", (ctx, a) -> {
                    String what = "apoc.schema.properties.distinct";
                    String label = string(what, "label", a.get(0));
                    String key = string(what, "key", a.get(1));
                    Set<CypherValues.Key> distinct = new LinkedHashSet<>(); // over labels and keys when empty
                    count(ctx, label, key).values().forEach(keys -> keys.values().forEach(counts ->
                            distinct.addAll(counts.keySet())));
                    List<Object> values = new ArrayList<>(distinct.size());
                    distinct.forEach(v -> values.add(v.value()));
                    List<Object[]> rows = new ArrayList<>(1);
                    rows.add(new Object[] {values});
                    return rows;
                }));
        p.register(new Procedure("apoc.schema.properties.distinctCount", List.of(new Field("label", "STRING", ""),
                new Field("key", "STRING", "")), List.of(new Field("label", "STRING"), new Field("key", "STRING"),
                new Field("value", "ANY"), new Field("count", "INTEGER")), Mode.READ,
                "Returns all distinct property values and counts for the given key.", (ctx, a) -> {
                    String what = "apoc.schema.properties.distinctCount";
                    String label = string(what, "label", a.get(0));
                    String key = string(what, "key", a.get(1));
                    List<Object[]> rows = new ArrayList<>();
                    count(ctx, label, key).forEach((l, keys) -> keys.forEach((k, counts) -> counts.forEach(
                            (v, n) -> rows.add(new Object[] {l, k, v.value(), n[0]}))));
                    return rows;
                }));
    }

    /**
     * Per label (sorted), per key (sorted), each distinct value (first met first) and how many
     * nodes have it; an empty {@code label} or {@code key} is every one. Only {@code label}'s
     * nodes are read when it is given.
     */
    private static Map<String, Map<String, Map<CypherValues.Key, long[]>>> count(ExecContext ctx, String label,
                                                                             String key) {
        Map<String, Map<String, Map<CypherValues.Key, long[]>>> out = new TreeMap<>();
        if (!label.isEmpty()) {
            out.put(label, new TreeMap<>());
        }
        Transaction tx = ctx.tx();
        MemoryScope memory = ctx.memory().child();
        try {
            PrimitiveIterator.OfLong nodes = label.isEmpty() ? tx.vertices() : tx.verticesWithLabel(label);
            while (nodes.hasNext()) {
                ctx.tick();
                long id = nodes.nextLong();
                Map<String, Object> props;
                if (key.isEmpty()) {
                    props = tx.vertexProperties(id);
                } else {
                    Object v = tx.vertexProperty(id, key);
                    props = v == null ? Map.of() : Map.of(key, v);
                }
                if (props.isEmpty()) {
                    continue;
                }
                for (String l : label.isEmpty() ? tx.labels(id) : List.of(label)) {
                    Map<String, Map<CypherValues.Key, long[]>> keys = out.computeIfAbsent(l, x -> new TreeMap<>());
                    props.forEach((k, stored) -> {
                        Object v = PropertyValues.fromStorage(stored);
                        long[] n = keys.computeIfAbsent(k, x -> new LinkedHashMap<>()).computeIfAbsent(
                                new CypherValues.Key(v), x -> {
                                    memory.reserve(ValueSizes.HASH_ENTRY + ValueSizes.of(v));
                                    return new long[1];
                                });
                        n[0]++;
                    });
                }
            }
        } finally {
            memory.releaseAll();
        }
        return out;
    }
}

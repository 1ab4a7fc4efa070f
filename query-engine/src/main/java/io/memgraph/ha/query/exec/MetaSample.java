package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.PointValue;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * What APOC's {@code apoc.meta.data()}, {@code apoc.meta.schema()},
 * {@code apoc.meta.nodeTypeProperties()} and {@code apoc.meta.relTypeProperties()} learn from a
 * sample of the graph, taken in one scan of the nodes.
 *
 * <p>Sampling, as APOC's {@code sample} asks: of the nodes with a label, about {@code sample} are
 * read (every {@code count / sample}-th one, the first always; APOC picks a random step near that
 * one; {@code sample} at 0 or below reads them all; the default is 1000). A node is examined when
 * it is picked for any of its labels: its properties, and at most {@code maxRels} (default 100)
 * of its outgoing relationships of each type, their properties and end nodes' labels. Nodes
 * without labels are not examined, as in APOC. Label counts come from the storage's count of
 * committed nodes, so the transaction's own changes may shift the step, never what is read.
 */
final class MetaSample {
    /** The configuration map APOC's meta procedures take. */
    record Config(long sample, long maxRels, Set<String> includeLabels, Set<String> excludeLabels,
                  Set<String> includeRels, Set<String> excludeRels) {
        static Config of(String procedure, Object value) {
            if (value != null && !(value instanceof Map<?, ?>)) {
                throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + procedure
                        + " expects a MAP of settings but got " + CypherValues.typeName(value));
            }
            Map<?, ?> m = value == null ? Map.of() : (Map<?, ?>) value;
            return new Config(number(procedure, m, "sample", 1000), number(procedure, m, "maxRels", 100),
                    names(procedure, m, "includeLabels", "labels"), names(procedure, m, "excludeLabels", "excludes"),
                    names(procedure, m, "includeRels", "rels"), names(procedure, m, "excludeRels", null));
        }

        private static long number(String procedure, Map<?, ?> m, String key, long otherwise) {
            Object v = m.get(key);
            if (v == null) {
                return otherwise;
            }
            if (v instanceof Long l) {
                return l;
            }
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + procedure + "'s `" + key
                    + "` must be an INTEGER but is " + CypherValues.typeName(v));
        }

        private static Set<String> names(String procedure, Map<?, ?> m, String key, String deprecated) {
            Object v = m.containsKey(key) || deprecated == null ? m.get(key) : m.get(deprecated);
            Set<String> out = new TreeSet<>();
            if (v == null) {
                return out;
            }
            if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
                l.forEach(x -> out.add((String) x));
                return out;
            }
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Type mismatch: " + procedure + "'s `" + key
                    + "` must be a LIST<STRING> but is " + CypherValues.typeName(v));
        }

        boolean label(String label) {
            return !excludeLabels.contains(label) && (includeLabels.isEmpty() || includeLabels.contains(label));
        }

        boolean type(String type) {
            return !excludeRels.contains(type) && (includeRels.isEmpty() || includeRels.contains(type));
        }
    }

    /** One row of {@code apoc.meta.data()}, filled in as the sample is read. */
    static final class Item {
        final String label;
        final String property;
        long count;
        boolean unique;
        boolean index;
        boolean existence;
        String type;
        boolean array;
        long leftCount;
        long rightCount;
        final List<String> other = new ArrayList<>();
        final List<String> otherLabels = new ArrayList<>();
        String elementType;

        Item(String label, String property, String elementType) {
            this.label = label;
            this.property = property;
            this.elementType = elementType;
        }

        /** A node of {@code label} with {@code out} outgoing and {@code in} incoming relationships of the type. */
        void relationships(long out, long in) {
            type = "RELATIONSHIP";
            count++;
            array |= out > 1;
            leftCount += out;
            rightCount += in;
        }

        void other(List<String> labels) {
            for (String l : labels) {
                if (!other.contains(l)) {
                    other.add(l);
                }
            }
        }

        long left() {
            return count == 0 ? 0 : leftCount / count;
        }

        long right() {
            return count == 0 ? 0 : rightCount / count;
        }

        Object[] row() {
            return new Object[] {label, property, count, unique, index, existence, type, array, null, left(), right(),
                List.copyOf(other), List.copyOf(otherLabels), elementType};
        }
    }

    /** What was seen of a node type (a set of labels) or a relationship pattern, for the ...TypeProperties procedures. */
    static final class Profile {
        final List<String> labels;
        final List<String> targetLabels;
        final String relType;
        long observations;
        /** Per property: how often it was seen, and the types of its values (Neo4j's names), sorted. */
        final Map<String, long[]> seen = new LinkedHashMap<>();
        final Map<String, TreeSet<String>> types = new LinkedHashMap<>();

        Profile(List<String> labels, List<String> targetLabels, String relType) {
            this.labels = labels;
            this.targetLabels = targetLabels;
            this.relType = relType;
        }

        void observe(Map<String, Object> properties) {
            observations++;
            properties.forEach((k, v) -> {
                seen.computeIfAbsent(k, x -> new long[1])[0]++;
                types.computeIfAbsent(k, x -> new TreeSet<>()).add(javaTypeName(PropertyValues.fromStorage(v)));
            });
        }
    }

    /** {@code apoc.meta.data()}'s rows, by relationship type first, then by label (the order APOC keeps). */
    final Map<String, Map<String, Item>> relationshipItems = new LinkedHashMap<>();
    final Map<String, Map<String, Item>> nodeItems = new LinkedHashMap<>();
    final Map<List<String>, Profile> nodeProfiles = new LinkedHashMap<>();
    final Map<List<Object>, Profile> relProfiles = new LinkedHashMap<>();

    static MetaSample take(ExecContext ctx, Config config) {
        MetaSample s = new MetaSample();
        Transaction tx = ctx.tx();
        Schema schema = Schema.of(tx);
        Map<String, long[]> seenPerLabel = new HashMap<>();
        Map<String, Long> steps = new HashMap<>();
        for (PrimitiveIterator.OfLong it = tx.vertices(); it.hasNext(); ) {
            ctx.tick();
            long id = it.nextLong();
            List<String> labels = tx.labels(id);
            List<String> picked = new ArrayList<>(labels.size());
            for (String l : labels) {
                if (!config.label(l)) {
                    continue;
                }
                long step = steps.computeIfAbsent(l, x -> config.sample() <= 0 ? 1
                        : Math.max(1, tx.approximateLabelCount(x) / config.sample()));
                if (seenPerLabel.computeIfAbsent(l, x -> new long[1])[0]++ % step == 0) {
                    picked.add(l);
                }
            }
            if (!picked.isEmpty()) {
                s.examine(ctx, id, labels, picked, config, schema);
            }
        }
        return s;
    }

    private void examine(ExecContext ctx, long id, List<String> labels, List<String> picked, Config config,
                         Schema schema) {
        Transaction tx = ctx.tx();
        Map<String, Object> props = tx.vertexProperties(id);
        List<String> sorted = new ArrayList<>(new TreeSet<>(labels));
        nodeProfiles.computeIfAbsent(sorted, l -> new Profile(l, null, null)).observe(props);
        Map<String, List<EdgeRef>> outByType = new LinkedHashMap<>();
        for (EdgeRef e : tx.outEdges(id)) {
            if (config.type(e.type())) {
                outByType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
            }
        }
        for (String label : picked) {
            Map<String, Item> items = nodeItems.computeIfAbsent(label, l -> new LinkedHashMap<>());
            for (Map.Entry<String, List<EdgeRef>> byType : outByType.entrySet()) {
                String type = byType.getKey();
                List<EdgeRef> out = byType.getValue();
                long in = tx.inEdges(id, type).size();
                Item fromNode = items.computeIfAbsent(type, t -> new Item(label, t, "node"));
                Item fromType = relationshipItems.computeIfAbsent(type, t -> new LinkedHashMap<>())
                        .computeIfAbsent(label, l -> new Item(type, l, "relationship"));
                fromNode.relationships(out.size(), in);
                fromType.relationships(out.size(), in);
                Map<String, Item> typeItems = relationshipItems.get(type);
                for (int k = 0; k < out.size() && k < config.maxRels(); k++) {
                    ctx.tick();
                    EdgeRef e = out.get(k);
                    List<String> endLabels = tx.labels(e.to());
                    fromNode.other(endLabels);
                    fromType.other(endLabels);
                    tx.edgeProperties(e.id()).forEach((key, v) -> typeItems.computeIfAbsent(key,
                            x -> propertyItem(type, key, v, "relationship", schema.edge(type, key), labels)));
                }
            }
            props.forEach((key, v) -> items.computeIfAbsent(key,
                    x -> propertyItem(label, key, v, "node", schema.node(label, key), labels)));
        }
        for (Map.Entry<String, List<EdgeRef>> byType : outByType.entrySet()) {
            for (EdgeRef e : byType.getValue()) {
                List<Object> key = List.of(labels, tx.labels(e.to()), e.type());
                Profile p = relProfiles.computeIfAbsent(key, k -> new Profile(labels, tx.labels(e.to()), e.type()));
                if (p.observations < config.maxRels()) {
                    ctx.tick();
                    p.observe(tx.edgeProperties(e.id()));
                }
            }
        }
    }

    private static Item propertyItem(String owner, String key, Object stored, String elementType, Schema.Flags flags,
                                     List<String> nodeLabels) {
        Item item = new Item(owner, key, elementType);
        Object v = PropertyValues.fromStorage(stored);
        item.type = typeName(v);
        item.array = v instanceof List || v instanceof byte[];
        item.index = flags.index();
        item.unique = flags.unique();
        item.existence = flags.existence();
        if (flags.unique()) {
            nodeLabels.stream().filter(l -> !l.equals(owner)).forEach(item.otherLabels::add);
        }
        return item;
    }

    /** APOC's name for the type of a property value ({@code apoc.meta.data()}'s {@code type}). */
    static String typeName(Object v) {
        if (v instanceof Long) {
            return "INTEGER";
        } else if (v instanceof Double) {
            return "FLOAT";
        } else if (v instanceof String) {
            return "STRING";
        } else if (v instanceof Boolean) {
            return "BOOLEAN";
        } else if (v instanceof List || v instanceof byte[]) {
            return "LIST";
        } else if (v instanceof Map) {
            return "MAP";
        } else if (v instanceof PointValue) {
            return "POINT";
        } else if (v instanceof LocalDate) {
            return "DATE";
        } else if (v instanceof ZonedDateTime) {
            return "DATE_TIME";
        } else if (v instanceof LocalDateTime) {
            return "LOCAL_DATE_TIME";
        } else if (v instanceof LocalTime) {
            return "LOCAL_TIME";
        } else if (v instanceof OffsetTime) {
            return "TIME";
        } else if (v instanceof CypherDuration) {
            return "DURATION";
        }
        return "ANY";
    }

    /**
     * The name Neo4j's {@code db.schema.nodeTypeProperties()} (and APOC's ...TypeProperties
     * procedures) give a value's type: {@code String}, {@code Long}, {@code Double},
     * {@code Boolean}, {@code Date}, {@code DateTime}, ..., and for a list the element type with
     * {@code Array} ({@code StringArray}; {@code ListArray} when the elements differ).
     */
    static String javaTypeName(Object v) {
        if (v instanceof List<?> l) {
            TreeSet<String> elements = new TreeSet<>();
            l.forEach(x -> elements.add(javaTypeName(x)));
            return (elements.size() == 1 ? elements.first() : "List") + "Array";
        }
        if (v instanceof byte[]) {
            return "ByteArray";
        }
        return switch (typeName(v)) {
            case "INTEGER" -> "Long";
            case "FLOAT" -> "Double";
            case "STRING" -> "String";
            case "BOOLEAN" -> "Boolean";
            case "POINT" -> "Point";
            case "DATE" -> "Date";
            case "DATE_TIME" -> "DateTime";
            case "LOCAL_DATE_TIME" -> "LocalDateTime";
            case "LOCAL_TIME" -> "LocalTime";
            case "TIME" -> "Time";
            case "DURATION" -> "Duration";
            case "MAP" -> "Map";
            default -> "Any";
        };
    }

    /** The indexes and constraints in force, as {@code index}, {@code unique} and {@code existence} flags of a property. */
    record Schema(List<SchemaItem> items) {
        record Flags(boolean index, boolean unique, boolean existence) {}

        static Schema of(Transaction tx) {
            return new Schema(tx.schema());
        }

        Flags node(String label, String key) {
            boolean index = false;
            boolean unique = false;
            boolean existence = false;
            for (SchemaItem item : items) {
                if (!item.label().equals(label)) {
                    continue;
                }
                if (item instanceof SchemaItem.LabelPropertyIndex i && i.property().equals(key)
                        || item instanceof SchemaItem.CompositeIndex c && c.properties().contains(key)) {
                    index = true;
                } else if (item instanceof SchemaItem.UniqueConstraint u && u.properties().contains(key)) {
                    index = unique = true; // a uniqueness constraint has an index in Neo4j
                } else if (item instanceof SchemaItem.ExistenceConstraint e && e.property().equals(key)) {
                    existence = true;
                } else if (item instanceof SchemaItem.NodeKeyConstraint k && k.properties().contains(key)) {
                    index = unique = existence = true;
                }
            }
            return new Flags(index, unique, existence);
        }

        Flags edge(String type, String key) {
            boolean index = items.stream().anyMatch(item -> item instanceof SchemaItem.EdgePropertyIndex e
                    && e.label().equals(type) && e.properties().contains(key));
            return new Flags(index, false, false);
        }

        /** Whether an existence constraint (or node key) makes {@code key} mandatory on {@code label}. */
        boolean mandatory(String label, String key) {
            return node(label, key).existence();
        }
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.exec.SchemaVisualization.VirtualNode;
import io.memgraph.ha.query.exec.SchemaVisualization.VirtualRelationship;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * APOC's schema procedures, which GraphRAG libraries (LangChain's {@code Neo4jGraph},
 * neo4j-graphrag, LlamaIndex's Neo4j stores) call on connecting: {@code apoc.meta.data()},
 * {@code apoc.meta.schema()}, {@code apoc.meta.nodeTypeProperties()},
 * {@code apoc.meta.relTypeProperties()} from a sample of the graph ({@link MetaSample}), and
 * {@code apoc.meta.stats()}, {@code apoc.meta.graph()}, {@code apoc.meta.graphSample()},
 * {@code apoc.meta.subGraph()} from exact counts ({@link GraphCensus}); and
 * {@code apoc.schema.nodes()}, the indexes and constraints on node labels.
 */
final class ApocMetaProcedures {
    private ApocMetaProcedures() {
    }

    private static final Field CONFIG = new Field("config", "MAP", Map.of());
    private static final List<Field> GRAPH = List.of(new Field("nodes", "LIST<NODE>"),
            new Field("relationships", "LIST<RELATIONSHIP>"));

    static void register(Procedures p) {
        p.register(new Procedure("apoc.meta.data", List.of(CONFIG), List.of(new Field("label", "STRING"),
                new Field("property", "STRING"), new Field("count", "INTEGER"), new Field("unique", "BOOLEAN"),
                new Field("index", "BOOLEAN"), new Field("existence", "BOOLEAN"), new Field("type", "STRING"),
                new Field("array", "BOOLEAN"), new Field("sample", "LIST<ANY>"), new Field("left", "INTEGER"),
                new Field("right", "INTEGER"), new Field("other", "LIST<STRING>"),
                new Field("otherLabels", "LIST<STRING>"), new Field("elementType", "STRING")), Mode.READ,
                "Examines a sample of the graph and returns a table of metadata.",
                (ctx, a) -> data(MetaSample.take(ctx, MetaSample.Config.of("apoc.meta.data", a.get(0))))));
        p.register(new Procedure("apoc.meta.schema", List.of(CONFIG), List.of(new Field("value", "MAP")), Mode.READ,
                "Examines a sample of the graph and returns its metadata as a map.", (ctx, a) -> {
                    MetaSample sample = MetaSample.take(ctx, MetaSample.Config.of("apoc.meta.schema", a.get(0)));
                    List<Object[]> rows = new ArrayList<>();
                    rows.add(new Object[] {schema(sample, GraphCensus.take(ctx))});
                    return rows;
                }));
        p.register(new Procedure("apoc.meta.nodeTypeProperties", List.of(CONFIG), List.of(
                new Field("nodeType", "STRING"), new Field("nodeLabels", "LIST<STRING>"),
                new Field("propertyName", "STRING"), new Field("propertyTypes", "LIST<STRING>"),
                new Field("mandatory", "BOOLEAN"), new Field("propertyObservations", "INTEGER"),
                new Field("totalObservations", "INTEGER")), Mode.READ,
                "Examines a sample of the graph and returns the properties of each node type (set of labels).",
                (ctx, a) -> nodeTypeProperties(ctx, MetaSample.take(ctx,
                        MetaSample.Config.of("apoc.meta.nodeTypeProperties", a.get(0))))));
        p.register(new Procedure("apoc.meta.relTypeProperties", List.of(CONFIG), List.of(
                new Field("relType", "STRING"), new Field("sourceNodeLabels", "LIST<STRING>"),
                new Field("targetNodeLabels", "LIST<STRING>"), new Field("propertyName", "STRING"),
                new Field("propertyTypes", "LIST<STRING>"), new Field("mandatory", "BOOLEAN"),
                new Field("propertyObservations", "INTEGER"), new Field("totalObservations", "INTEGER")), Mode.READ,
                "Examines a sample of the graph and returns the properties of each relationship type by the labels"
                        + " of its ends.",
                (ctx, a) -> relTypeProperties(MetaSample.take(ctx,
                        MetaSample.Config.of("apoc.meta.relTypeProperties", a.get(0))))));
        p.register(new Procedure("apoc.meta.stats", List.of(), List.of(new Field("labelCount", "INTEGER"),
                new Field("relTypeCount", "INTEGER"), new Field("propertyKeyCount", "INTEGER"),
                new Field("nodeCount", "INTEGER"), new Field("relCount", "INTEGER"), new Field("labels", "MAP"),
                new Field("relTypes", "MAP"), new Field("relTypesCount", "MAP"), new Field("stats", "MAP")), Mode.READ,
                "Counts the nodes by label and the relationships by type and by the labels of their ends.",
                (ctx, a) -> stats(GraphCensus.take(ctx))));
        p.register(new Procedure("apoc.schema.nodes", List.of(CONFIG), List.of(new Field("name", "STRING"),
                new Field("label", "ANY"), new Field("properties", "LIST<STRING>"), new Field("status", "STRING"),
                new Field("type", "STRING"), new Field("failure", "STRING"),
                new Field("populationProgress", "FLOAT"), new Field("size", "INTEGER"),
                new Field("valuesSelectivity", "FLOAT"), new Field("userDescription", "STRING")), Mode.READ,
                "The indexes and constraints on node labels, with the number of nodes each covers and the share"
                        + " of distinct values among them.",
                (ctx, a) -> schemaNodes(ctx, MetaSample.Config.of("apoc.schema.nodes", a.get(0)))));
        for (String name : List.of("apoc.meta.graph", "apoc.meta.graphSample", "apoc.meta.subGraph")) {
            p.register(new Procedure(name, List.of(CONFIG), GRAPH, Mode.READ, "The graph's labels as virtual nodes"
                    + " and the relationship types between them as virtual relationships, with their counts.",
                    (ctx, a) -> graph(GraphCensus.take(ctx), MetaSample.Config.of(name, a.get(0)))));
        }
    }

    private static List<Object[]> data(MetaSample sample) {
        List<Object[]> rows = new ArrayList<>();
        sample.relationshipItems.values().forEach(items -> items.values().forEach(i -> rows.add(i.row())));
        sample.nodeItems.values().forEach(items -> items.values().forEach(i -> rows.add(i.row())));
        return rows;
    }

    /**
     * {@code apoc.meta.schema()}'s one map: per label {@code {type: 'node', count, labels,
     * properties: {key: {type, indexed, unique, existence}}, relationships: {TYPE: {direction,
     * count, labels, properties}}}}, per relationship type {@code {type: 'relationship', count,
     * properties: {key: {type, array, existence, indexed}}}} (named {@code 'TYPE (RELATIONSHIP)'}
     * when a label has the same name). A relationship's {@code count} is the number seen from the
     * sampled nodes, in either direction.
     */
    private static Map<String, Object> schema(MetaSample sample, GraphCensus census) {
        Map<String, Object> relationships = new LinkedHashMap<>();
        Map<String, Map<String, Object>> relProperties = new LinkedHashMap<>();
        sample.relationshipItems.forEach((type, items) -> {
            Map<String, Object> props = new LinkedHashMap<>();
            items.values().stream().filter(i -> !"RELATIONSHIP".equals(i.type)).forEach(i -> props.put(i.property,
                    map("type", i.type, "array", i.array, "existence", i.existence, "indexed", i.index)));
            relProperties.put(type, props);
            relationships.put(type, map("type", "relationship", "count", census.types.getOrDefault(type, 0L),
                    "properties", props));
        });
        Map<String, Object> nodes = new LinkedHashMap<>();
        Map<String, Map<String, Object>> incoming = new LinkedHashMap<>();
        sample.nodeItems.forEach((label, items) -> {
            Map<String, Object> props = new LinkedHashMap<>();
            Map<String, Object> rels = new LinkedHashMap<>();
            List<String> labels = new ArrayList<>();
            for (MetaSample.Item i : items.values()) {
                if (!"RELATIONSHIP".equals(i.type)) {
                    if (i.unique) {
                        labels = i.otherLabels;
                    }
                    props.put(i.property, map("type", i.type, "indexed", i.index, "unique", i.unique,
                            "existence", i.existence));
                    continue;
                }
                Object relProps = relProperties.getOrDefault(i.property, Map.of());
                rels.put(i.property, map("direction", "out", "count", i.leftCount, "labels", new ArrayList<>(i.other),
                        "properties", relProps));
                for (String end : i.other) {
                    Map<String, Object> into = incoming.computeIfAbsent(end, e -> new LinkedHashMap<>());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> existing = (Map<String, Object>) into.get(i.property);
                    if (existing == null) {
                        into.put(i.property, map("direction", "in", "count", i.leftCount, "labels",
                                new ArrayList<>(List.of(label)), "properties", relProps));
                    } else {
                        @SuppressWarnings("unchecked")
                        List<String> from = (List<String>) existing.get("labels");
                        from.add(label);
                    }
                }
            }
            nodes.put(label, map("type", "node", "count", census.labels.getOrDefault(label, 0L), "labels",
                    new ArrayList<>(labels), "properties", props, "relationships", rels));
        });
        incoming.forEach((label, rels) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> node = (Map<String, Object>) nodes.get(label);
            if (node != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> own = (Map<String, Object>) node.get("relationships");
                rels.forEach(own::putIfAbsent); // an outgoing one of the same type stays, as in APOC
            }
        });
        relationships.forEach((type, value) -> nodes.put(nodes.containsKey(type) ? type + " (RELATIONSHIP)" : type,
                value));
        return nodes;
    }

    /**
     * One row per (node type, property): the node type is the node's labels, sorted, as
     * {@code :`A`:`B`}; {@code mandatory} is whether every sampled node of the type had the
     * property (or an existence constraint demands it); a type whose nodes had no property has
     * one row with null {@code propertyName} and {@code propertyTypes}.
     */
    private static List<Object[]> nodeTypeProperties(ExecContext ctx, MetaSample sample) {
        MetaSample.Schema schema = MetaSample.Schema.of(ctx.tx());
        List<Object[]> rows = new ArrayList<>();
        for (MetaSample.Profile p : sample.nodeProfiles.values()) {
            String nodeType = nodeType(p.labels);
            if (p.seen.isEmpty()) {
                rows.add(new Object[] {nodeType, p.labels, null, null, false, 0L, p.observations});
                continue;
            }
            p.seen.forEach((key, n) -> {
                boolean mandatory = n[0] == p.observations
                        || p.labels.stream().anyMatch(l -> schema.mandatory(l, key));
                rows.add(new Object[] {nodeType, p.labels, key, new ArrayList<>(p.types.get(key)), mandatory, n[0],
                    p.observations});
            });
        }
        return rows;
    }

    /** As {@link #nodeTypeProperties}, per (start labels, type, end labels); {@code relType} is {@code :`TYPE`}. */
    private static List<Object[]> relTypeProperties(MetaSample sample) {
        List<Object[]> rows = new ArrayList<>();
        for (MetaSample.Profile p : sample.relProfiles.values()) {
            String relType = ":`" + p.relType + "`";
            if (p.seen.isEmpty()) {
                rows.add(new Object[] {relType, p.labels, p.targetLabels, null, null, false, 0L, p.observations});
                continue;
            }
            p.seen.forEach((key, n) -> rows.add(new Object[] {relType, p.labels, p.targetLabels, key,
                new ArrayList<>(p.types.get(key)), n[0] == p.observations, n[0], p.observations}));
        }
        return rows;
    }

    private static String nodeType(List<String> labels) {
        StringBuilder sb = new StringBuilder(":");
        for (int i = 0; i < labels.size(); i++) {
            sb.append(i == 0 ? "" : ":").append('`').append(labels.get(i)).append('`');
        }
        return sb.toString();
    }

    private static List<Object[]> stats(GraphCensus c) {
        Map<String, Object> stats = map("labelCount", (long) c.labels.size(), "relTypeCount", (long) c.types.size(),
                "propertyKeyCount", (long) c.propertyKeys.size(), "nodeCount", c.nodeCount, "relCount", c.relCount,
                "labels", new LinkedHashMap<>(c.labels), "relTypes", new LinkedHashMap<>(c.patterns));
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {(long) c.labels.size(), (long) c.types.size(), (long) c.propertyKeys.size(),
            c.nodeCount, c.relCount, new LinkedHashMap<>(c.labels), new LinkedHashMap<>(c.patterns),
            new LinkedHashMap<>(c.types), stats});
        return rows;
    }

    /**
     * The meta graph: a virtual node per label ({@code name}, {@code count}) and a virtual
     * relationship per (start label, type, end label) that has relationships ({@code type},
     * {@code count}), keeping the labels and types the config includes.
     */
    private static List<Object[]> graph(GraphCensus c, MetaSample.Config config) {
        Map<String, VirtualNode> nodes = new LinkedHashMap<>();
        long[] nextId = {-1};
        c.labels.forEach((label, n) -> {
            if (config.label(label)) {
                nodes.put(label, new VirtualNode(nextId[0]--, List.of(label), map("name", label, "count", n)));
            }
        });
        List<Object> rels = new ArrayList<>();
        c.triples.forEach((key, n) -> {
            VirtualNode from = nodes.get(key.get(0));
            VirtualNode to = nodes.get(key.get(2));
            if (from != null && to != null && config.type(key.get(1))) {
                rels.add(new VirtualRelationship(nextId[0]--, from, to, key.get(1),
                        map("type", key.get(1), "count", n)));
            }
        });
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {new ArrayList<Object>(nodes.values()), rels});
        return rows;
    }

    /**
     * {@code apoc.schema.nodes()}: a row per property index and per constraint on a node label
     * (label indexes, which Neo4j calls lookup indexes, are left out, as APOC does), named
     * {@code :Label(p1,p2)}, always {@code ONLINE}; {@code type} is {@code RANGE} for an index, else
     * the constraint's kind; {@code size} counts the label's nodes that have every property,
     * {@code valuesSelectivity} is the share of distinct value tuples among them (1.0 for none).
     */
    private static List<Object[]> schemaNodes(ExecContext ctx, MetaSample.Config config) {
        if (!config.includeLabels().isEmpty() && !config.excludeLabels().isEmpty()) {
            throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                    "apoc.schema.nodes: the settings labels and excludeLabels are both given; give one of them");
        }
        Transaction tx = ctx.tx();
        List<Object[]> rows = new ArrayList<>();
        for (SchemaDefinition d : tx.schemaDefinitions()) {
            SchemaItem item = d.item();
            if (item instanceof SchemaItem.LabelIndex || item instanceof SchemaItem.EdgePropertyIndex
                    || item instanceof SchemaItem.PropertyTypeConstraint t && t.relationship()
                    || !config.label(item.label())) {
                continue;
            }
            List<String> properties = SchemaDescriptions.properties(item);
            long size = 0;
            Set<List<Object>> distinct = new HashSet<>();
            for (PrimitiveIterator.OfLong it = tx.verticesWithLabel(item.label()); it.hasNext(); ) {
                ctx.tick();
                long id = it.nextLong();
                List<Object> values = new ArrayList<>(properties.size());
                for (String key : properties) {
                    Object v = tx.vertexProperty(id, key);
                    if (v == null) {
                        break;
                    }
                    values.add(v);
                }
                if (values.size() == properties.size()) {
                    size++;
                    distinct.add(values);
                }
            }
            String type = SchemaItem.isIndex(item) ? SchemaDescriptions.indexType(item)
                    : SchemaDescriptions.constraintType(item);
            rows.add(new Object[] {":" + item.label() + "(" + String.join(",", properties) + ")", item.label(),
                new ArrayList<>(properties), "ONLINE", type, "NO FAILURE", 100.0, size,
                size == 0 ? 1.0 : (double) distinct.size() / size, SchemaDescriptions.description(d)});
        }
        return rows;
    }

    /** A map of the given keys and values, in order. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}

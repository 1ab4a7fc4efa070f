package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.eval.Json;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the export procedures. APOC's ({@code apoc.export.json.*}): a node is
 * {@code {"type":"node","id":"7","labels":[...],"properties":{...}}} (labels sorted, properties
 * left out when there are none or when not written), a relationship
 * {@code {"id":"3","type":"relationship","label":"KNOWS","properties":{...},"start":{"id":"7","labels":[...]},"end":{...}}},
 * a query row an object of its columns; as JSON lines (one item a line), one array
 * ({@code ARRAY_JSON}) or {@code {"nodes":[...],"rels":[...]}} ({@code JSON}). MAGE's
 * ({@code export_util.json}): one array of {@code {"id":7,"labels":[...],"properties":{...},"type":"node"}}
 * and {@code {"end":8,"id":3,"label":"KNOWS","properties":{...},"start":7,"type":"relationship"}}.
 * Values are written as {@code apoc.convert.toJson} writes them ({@link Json}).
 */
final class ExportJson implements ExportFormat {
    private final ExecContext ctx;
    private final String layout;
    private final boolean nodeProperties;
    private final boolean relationshipProperties;
    private final boolean mage;
    private boolean first = true;
    private boolean inRels;

    private ExportJson(ExecContext ctx, String layout, boolean nodeProperties, boolean relationshipProperties,
                       boolean mage) {
        this.ctx = ctx;
        this.layout = layout;
        this.nodeProperties = nodeProperties;
        this.relationshipProperties = relationshipProperties;
        this.mage = mage;
    }

    /** APOC's JSON in {@code config}'s {@code jsonFormat}. */
    static ExportJson apoc(ExecContext ctx, ExportConfig config) {
        return new ExportJson(ctx, config.jsonFormat(), config.nodeProperties(), config.relationshipProperties(),
                false);
    }

    /** MAGE's {@code export_util.json}: one array. */
    static ExportJson mage(ExecContext ctx, ExportConfig config) {
        return new ExportJson(ctx, "ARRAY_JSON", config.nodeProperties(), config.nodeProperties(), true);
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void begin(StringBuilder out) {
        switch (layout) {
            case "ARRAY_JSON" -> out.append('[');
            case "JSON" -> out.append("{\"nodes\":[");
            default -> { }
        }
    }

    @Override
    public void write(StringBuilder out, ExportItem item) {
        if (layout.equals("JSON") && !inRels && !(item instanceof ExportItem.Node)) {
            out.append("],\"rels\":[");
            inRels = true;
            first = true;
        }
        if (!layout.equals("JSON_LINES") && !first) {
            out.append(',');
        }
        first = false;
        Json.append(out, value(item), ctx.graph());
        if (layout.equals("JSON_LINES")) {
            out.append('\n');
        }
    }

    @Override
    public void end(StringBuilder out) {
        switch (layout) {
            case "ARRAY_JSON" -> out.append(']');
            case "JSON" -> out.append(inRels ? "]}" : "],\"rels\":[]}");
            default -> { }
        }
    }

    private Object value(ExportItem item) {
        if (item instanceof ExportItem.Node n) {
            return mage ? mageNode(n.id()) : node(ctx, n.id(), nodeProperties);
        }
        if (item instanceof ExportItem.Relationship r) {
            return mage ? mageRelationship(r.edge()) : relationship(ctx, r.edge(), relationshipProperties);
        }
        if (item instanceof ExportItem.Row r) {
            return graphValues(ctx, r.columns());
        }
        return ((ExportItem.Statement) item).text();
    }

    /** APOC's node object. */
    static Map<String, Object> node(ExecContext ctx, long id, boolean properties) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "node");
        m.put("id", Long.toString(id));
        m.put("labels", labels(ctx.tx(), id));
        Map<String, Object> props = properties ? nodeProperties(ctx.tx(), id) : Map.of();
        if (!props.isEmpty()) {
            m.put("properties", props);
        }
        return m;
    }

    /** APOC's relationship object: its ends by id and labels. */
    static Map<String, Object> relationship(ExecContext ctx, EdgeRef e, boolean properties) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(e.id()));
        m.put("type", "relationship");
        m.put("label", e.type());
        Map<String, Object> props = properties ? relationshipProperties(ctx.tx(), e.id()) : Map.of();
        if (!props.isEmpty()) {
            m.put("properties", props);
        }
        m.put("start", Map.of("id", Long.toString(e.from()), "labels", labels(ctx.tx(), e.from())));
        m.put("end", Map.of("id", Long.toString(e.to()), "labels", labels(ctx.tx(), e.to())));
        return m;
    }

    private Map<String, Object> mageNode(long id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("labels", labels(ctx.tx(), id));
        m.put("properties", nodeProperties ? nodeProperties(ctx.tx(), id) : Map.of());
        m.put("type", "node");
        return m;
    }

    private Map<String, Object> mageRelationship(EdgeRef e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("end", e.to());
        m.put("id", e.id());
        m.put("label", e.type());
        m.put("properties", nodeProperties ? relationshipProperties(ctx.tx(), e.id()) : Map.of());
        m.put("start", e.from());
        m.put("type", "relationship");
        return m;
    }

    /**
     * {@code v} with its nodes, relationships and paths (at any depth) as APOC's objects (a path:
     * the list of its nodes and relationships in order), ready for JSON or a CSV cell.
     */
    static Object graphValues(ExecContext ctx, Object v) {
        if (v instanceof NodeValue n) {
            return node(ctx, n.id(), true);
        }
        if (v instanceof RelationshipValue r) {
            EdgeRef e = ctx.tx().edge(r.id());
            if (e == null) {
                throw ApocArguments.failed("export", "relationship " + r.id() + " does not exist (it was deleted)");
            }
            return relationship(ctx, e, true);
        }
        if (v instanceof PathValue p) {
            List<Object> parts = new ArrayList<>();
            for (int i = 0; i < p.nodes().size(); i++) {
                parts.add(graphValues(ctx, p.nodes().get(i)));
                if (i < p.relationships().size()) {
                    parts.add(graphValues(ctx, p.relationships().get(i)));
                }
            }
            return parts;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(graphValues(ctx, x)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), graphValues(ctx, x)));
            return out;
        }
        return v;
    }

    /** A node's labels, sorted (as APOC exports them). */
    static List<String> labels(Transaction tx, long id) {
        List<String> labels = new ArrayList<>(tx.labels(id));
        labels.sort(null);
        return labels;
    }

    static Map<String, Object> nodeProperties(Transaction tx, long id) {
        return queryValues(tx.vertexProperties(id));
    }

    static Map<String, Object> relationshipProperties(Transaction tx, long id) {
        return queryValues(tx.edgeProperties(id));
    }

    private static Map<String, Object> queryValues(Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        stored.forEach((k, v) -> out.put(k, PropertyValues.fromStorage(v)));
        return out;
    }
}

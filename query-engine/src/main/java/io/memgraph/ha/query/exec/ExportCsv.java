package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.eval.Functions;
import io.memgraph.ha.query.eval.Json;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.PointValue;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CSV of the export procedures. Of a graph ({@code apoc.export.csv.all} and {@code .data}),
 * APOC's columns: {@code _id,_labels,<node properties>,_start,_end,_type,<relationship properties>},
 * the properties sorted by name, a row per node ({@code _labels} as {@code :A:B}, sorted) then per
 * relationship. Of a query ({@code apoc.export.csv.query}, {@code export_util.csv_query}), a
 * column per column of the statement. A list, a map, a node, a relationship or a path is written
 * as JSON ({@link ExportJson}'s shapes), a temporal value, a duration or a point as its Cypher text;
 * null is an empty field, never quoted (so it differs from an empty string when quoting always).
 */
final class ExportCsv implements ExportFormat {
    private final ExecContext ctx;
    private final String quotes;
    private final char delimiter;
    private final List<String> header;
    /** Of a graph: the node and relationship property columns; null for query rows. */
    private final List<String> nodeKeys;
    private final List<String> relationshipKeys;

    private ExportCsv(ExecContext ctx, ExportConfig config, List<String> header, List<String> nodeKeys,
                      List<String> relationshipKeys) {
        this.ctx = ctx;
        this.quotes = config.quotes();
        this.delimiter = config.delimiter();
        this.header = header;
        this.nodeKeys = nodeKeys;
        this.relationshipKeys = relationshipKeys;
    }

    /** A graph's CSV, with these (sorted) property columns. */
    static ExportCsv graph(ExecContext ctx, ExportConfig config, List<String> nodeKeys,
                           List<String> relationshipKeys) {
        List<String> header = new ArrayList<>(List.of("_id", "_labels"));
        header.addAll(nodeKeys);
        header.addAll(List.of("_start", "_end", "_type"));
        header.addAll(relationshipKeys);
        return new ExportCsv(ctx, config, header, nodeKeys, relationshipKeys);
    }

    /** The CSV of a statement's rows, with its columns. */
    static ExportCsv rows(ExecContext ctx, ExportConfig config, List<String> columns) {
        return new ExportCsv(ctx, config, columns, null, null);
    }

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public void begin(StringBuilder out) {
        line(out, new ArrayList<>(header));
    }

    @Override
    public void write(StringBuilder out, ExportItem item) {
        List<Object> fields = new ArrayList<>(header.size());
        if (item instanceof ExportItem.Row r) {
            for (String column : header) {
                fields.add(r.columns().get(column));
            }
        } else if (item instanceof ExportItem.Node n) {
            fields.add(n.id());
            StringBuilder labels = new StringBuilder();
            ExportJson.labels(ctx.tx(), n.id()).forEach(l -> labels.append(':').append(l));
            fields.add(labels.toString());
            Map<String, Object> props = ExportJson.nodeProperties(ctx.tx(), n.id());
            nodeKeys.forEach(k -> fields.add(props.get(k)));
            fields.add(null);
            fields.add(null);
            fields.add(null);
            relationshipKeys.forEach(k -> fields.add(null));
        } else {
            EdgeRef e = ((ExportItem.Relationship) item).edge();
            fields.add(null);
            fields.add(null);
            nodeKeys.forEach(k -> fields.add(null));
            fields.add(e.from());
            fields.add(e.to());
            fields.add(e.type());
            Map<String, Object> props = ExportJson.relationshipProperties(ctx.tx(), e.id());
            relationshipKeys.forEach(k -> fields.add(props.get(k)));
        }
        line(out, fields);
    }

    private void line(StringBuilder out, List<Object> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(delimiter);
            }
            Object v = fields.get(i);
            if (v != null) {
                field(out, text(v));
            }
        }
        out.append('\n');
    }

    /** A field, quoted as {@code quotes} says. */
    private void field(StringBuilder out, String s) {
        boolean quote = switch (quotes) {
            case "always" -> true;
            case "none" -> false;
            default -> s.indexOf(delimiter) >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
                    || s.indexOf('\r') >= 0;
        };
        if (!quote) {
            out.append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            out.append(ch);
            if (ch == '"') {
                out.append('"');
            }
        }
        out.append('"');
    }

    /** The text of a non-null value in a field. */
    private String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof TemporalAccessor || v instanceof CypherDuration || v instanceof PointValue) {
            return Functions.show(v);
        }
        Object json = v instanceof List<?> || v instanceof Map<?, ?> || v instanceof NodeValue
                || v instanceof RelationshipValue || v instanceof PathValue ? ExportJson.graphValues(ctx, v) : v;
        StringBuilder sb = new StringBuilder();
        Json.append(sb, json, ctx.graph());
        return sb.toString();
    }
}

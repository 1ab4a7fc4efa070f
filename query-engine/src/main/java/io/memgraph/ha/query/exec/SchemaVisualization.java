package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.SchemaDefinition;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * {@code db.schema.visualization()}: the graph's schema as a graph, as Neo4j 5 returns it. One
 * virtual node per label (labels of the nodes and of the schema, in the order first met), with
 * properties {@code name}, {@code indexes} (the properties of its indexes, one after another) and
 * {@code constraints} (descriptions of its constraints); one virtual relationship per (start
 * label, type, end label) that some relationship has. Virtual ids are negative, as in Neo4j, so
 * they never name a stored node or relationship.
 */
public final class SchemaVisualization {
    private SchemaVisualization() {
    }

    /** A node that exists only in a result: its labels and properties travel with it. */
    public record VirtualNode(long id, List<String> labels, Map<String, Object> properties) implements NodeValue {
    }

    /** A relationship that exists only in a result, between two virtual nodes. */
    public record VirtualRelationship(long id, VirtualNode start, VirtualNode end, String type,
                                      Map<String, Object> properties) implements RelationshipValue {
    }

    /** The one row: {@code [nodes, relationships]}. */
    static Object[] compute(ExecContext ctx) {
        Transaction tx = ctx.tx();
        Set<String> labels = new LinkedHashSet<>();
        for (PrimitiveIterator.OfLong it = tx.vertices(); it.hasNext(); ) {
            ctx.tick();
            labels.addAll(tx.labels(it.nextLong()));
        }
        List<SchemaDefinition> schema = tx.schemaDefinitions();
        for (SchemaDefinition d : schema) {
            if (!SchemaDescriptions.onRelationships(d.item())) {
                labels.addAll(SchemaDescriptions.labelsOrTypes(d.item()));
            }
        }
        Map<String, VirtualNode> nodes = new LinkedHashMap<>();
        long nextId = -1;
        for (String label : labels) {
            List<Object> indexes = new ArrayList<>();
            List<Object> constraints = new ArrayList<>();
            for (SchemaDefinition d : schema) {
                SchemaItem item = d.item();
                if (!SchemaDescriptions.labelsOrTypes(item).contains(label)
                        || SchemaDescriptions.onRelationships(item)) {
                    continue;
                }
                if (SchemaItem.isIndex(item)) {
                    indexes.addAll(SchemaDescriptions.properties(item));
                } else {
                    constraints.add(SchemaDescriptions.description(d));
                }
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("name", label);
            props.put("indexes", indexes);
            props.put("constraints", constraints);
            nodes.put(label, new VirtualNode(nextId--, List.of(label), props));
        }
        Map<List<String>, VirtualRelationship> rels = new LinkedHashMap<>();
        for (PrimitiveIterator.OfLong it = tx.edgeIds(); it.hasNext(); ) {
            ctx.tick();
            EdgeRef e = tx.edge(it.nextLong());
            if (e == null) {
                continue;
            }
            for (String from : tx.labels(e.from())) {
                for (String to : tx.labels(e.to())) {
                    List<String> key = List.of(from, e.type(), to);
                    if (!rels.containsKey(key)) {
                        rels.put(key, new VirtualRelationship(nextId--, nodes.get(from), nodes.get(to), e.type(),
                                Map.of("name", e.type())));
                    }
                }
            }
        }
        return new Object[] {new ArrayList<Object>(nodes.values()), new ArrayList<Object>(rels.values())};
    }
}

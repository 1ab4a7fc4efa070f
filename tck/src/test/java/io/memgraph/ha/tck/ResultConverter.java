package io.memgraph.ha.tck;

import io.memgraph.ha.query.eval.Functions;
import io.memgraph.ha.query.eval.GraphAccessor;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a value of a result row (the query engine's value model) into the TCK's comparison model
 * while the transaction is still open: nodes and relationships are read through the execution's
 * {@link GraphAccessor}; temporal values become their Cypher string form, as the TCK writes them.
 */
final class ResultConverter {
    private final GraphAccessor graph;

    ResultConverter(GraphAccessor graph) {
        this.graph = graph;
    }

    Object convert(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Long || v instanceof Double || v instanceof String) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(convert(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), convert(val)));
            return out;
        }
        if (v instanceof NodeValue n) {
            return node(n);
        }
        if (v instanceof RelationshipValue r) {
            return relationship(r);
        }
        if (v instanceof PathValue p) {
            List<TckGraphValue.Node> nodes = new ArrayList<>();
            for (NodeValue n : p.nodes()) {
                nodes.add(node(n));
            }
            List<TckGraphValue.Relationship> rels = new ArrayList<>();
            List<Boolean> forward = new ArrayList<>();
            for (int i = 0; i < p.relationships().size(); i++) {
                RelationshipValue r = p.relationships().get(i);
                rels.add(relationship(r));
                forward.add(graph.startNode(r).id() == p.nodes().get(i).id());
            }
            return new TckGraphValue.Path(nodes, rels, forward);
        }
        if (v instanceof Temporal || v instanceof CypherDuration) {
            return Functions.show(v);
        }
        return v; // unknown: CanonicalForm renders it so that it matches nothing
    }

    private TckGraphValue.Node node(NodeValue n) {
        return new TckGraphValue.Node(List.copyOf(graph.labels(n)), properties(graph.properties(n)));
    }

    private TckGraphValue.Relationship relationship(RelationshipValue r) {
        return new TckGraphValue.Relationship(graph.type(r), properties(graph.properties(r)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(Map<String, Object> props) {
        return (Map<String, Object>) convert(props);
    }
}

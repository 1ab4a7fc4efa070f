package io.memgraph.ha.tck;

import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * The committed state of a graph as the TCK's side-effect counts see it: node ids, relationship
 * ids, the set of label names in use, and one entry per (entity, key, value) property.
 *
 * @param nodes         live node ids
 * @param relationships live relationship ids
 * @param labels        label names carried by at least one node
 * @param properties    {@code n<id>.key=value} / {@code r<id>.key=value} entries
 */
record GraphState(Set<Long> nodes, Set<Long> relationships, Set<String> labels, Set<String> properties) {

    /** Reads the latest committed state of {@code storage} in a read-only transaction. */
    static GraphState of(Storage storage) {
        Set<Long> nodes = new HashSet<>();
        Set<Long> rels = new HashSet<>();
        Set<String> labels = new HashSet<>();
        Set<String> props = new HashSet<>();
        Transaction tx = storage.begin();
        try {
            for (PrimitiveIterator.OfLong it = tx.vertices(); it.hasNext(); ) {
                long id = it.nextLong();
                nodes.add(id);
                labels.addAll(tx.labels(id));
                tx.vertexProperties(id).forEach((k, v) -> props.add("n" + id + "." + k + "=" + CanonicalForm.of(v, false)));
            }
            for (PrimitiveIterator.OfLong it = tx.edgeIds(); it.hasNext(); ) {
                long id = it.nextLong();
                EdgeRef e = tx.edge(id);
                if (e == null) {
                    continue;
                }
                rels.add(id);
                tx.edgeProperties(id).forEach((k, v) -> props.add("r" + id + "." + k + "=" + CanonicalForm.of(v, false)));
            }
        } finally {
            tx.close();
        }
        return new GraphState(nodes, rels, labels, props);
    }

    /**
     * The side effects from {@code this} (before) to {@code after}, keyed as the TCK writes them
     * ({@code +nodes}, {@code -labels}, ...): plain set differences, so changing a property's value
     * counts as one removed and one added property, and deleting an entity removes its properties.
     */
    Map<String, Long> sideEffectsTo(GraphState after) {
        Map<String, Long> fx = new LinkedHashMap<>();
        fx.put("+nodes", countMissing(after.nodes, nodes));
        fx.put("-nodes", countMissing(nodes, after.nodes));
        fx.put("+relationships", countMissing(after.relationships, relationships));
        fx.put("-relationships", countMissing(relationships, after.relationships));
        fx.put("+labels", countMissing(after.labels, labels));
        fx.put("-labels", countMissing(labels, after.labels));
        fx.put("+properties", countMissing(after.properties, properties));
        fx.put("-properties", countMissing(properties, after.properties));
        return fx;
    }

    private static <T> long countMissing(Set<T> from, Set<T> in) {
        long n = 0;
        for (T t : from) {
            if (!in.contains(t)) {
                n++;
            }
        }
        return n;
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.Transaction;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * Exact counts of what the transaction sees, for {@code apoc.meta.stats()} and the counts of
 * {@code apoc.meta.schema()} and {@code apoc.meta.graph()}: nodes per label, relationships per
 * type and per (start label, type) and (type, end label), and the property keys in use. APOC reads
 * Neo4j's count store; there is none here, so this is one scan of the nodes and their outgoing
 * relationships, in time proportional to the graph (checked against the query's time limit).
 */
final class GraphCensus {
    long nodeCount;
    long relCount;
    final Map<String, Long> labels = new LinkedHashMap<>();
    final Map<String, Long> types = new LinkedHashMap<>();
    /** {@code (:L)-[:T]->()} and {@code ()-[:T]->(:L)} patterns, by Neo4j's text for them. */
    final Map<String, Long> patterns = new LinkedHashMap<>();
    /** Relationships of each type by start label, then by end label: {@code [from, type, to]}. */
    final Map<List<String>, Long> triples = new LinkedHashMap<>();
    final Set<String> propertyKeys = new LinkedHashSet<>();

    static GraphCensus take(ExecContext ctx) {
        GraphCensus c = new GraphCensus();
        Transaction tx = ctx.tx();
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, Long> in = new LinkedHashMap<>();
        for (PrimitiveIterator.OfLong it = tx.vertices(); it.hasNext(); ) {
            ctx.tick();
            long id = it.nextLong();
            c.nodeCount++;
            List<String> labels = tx.labels(id);
            labels.forEach(l -> c.labels.merge(l, 1L, Long::sum));
            c.propertyKeys.addAll(tx.vertexProperties(id).keySet());
            for (EdgeRef e : tx.outEdges(id)) {
                ctx.tick();
                c.relCount++;
                c.types.merge(e.type(), 1L, Long::sum);
                c.propertyKeys.addAll(tx.edgeProperties(e.id()).keySet());
                List<String> endLabels = tx.labels(e.to());
                for (String l : labels) {
                    out.merge("(:" + l + ")-[:" + e.type() + "]->()", 1L, Long::sum);
                    for (String m : endLabels) {
                        c.triples.merge(List.of(l, e.type(), m), 1L, Long::sum);
                    }
                }
                for (String m : endLabels) {
                    in.merge("()-[:" + e.type() + "]->(:" + m + ")", 1L, Long::sum);
                }
            }
        }
        c.patterns.putAll(out);
        c.patterns.putAll(in);
        c.types.forEach((t, n) -> c.patterns.put("()-[:" + t + "]->()", n));
        return c;
    }
}

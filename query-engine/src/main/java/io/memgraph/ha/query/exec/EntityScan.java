package io.memgraph.ha.query.exec;

import io.memgraph.ha.storage.Transaction;

import java.util.List;
import java.util.PrimitiveIterator;
import java.util.function.LongConsumer;

/**
 * The entities an index without a structure of its own (vector, full-text) covers, as the
 * transaction sees them (its snapshot and its own writes), each once and in id order per label,
 * with the query's time limit checked at each.
 */
final class EntityScan {
    private EntityScan() {
    }

    /** The vertices with any of {@code labels}: a vertex with several is given for the first of them only. */
    static void vertices(ExecContext ctx, List<String> labels, LongConsumer each) {
        Transaction tx = ctx.tx();
        for (int l = 0; l < labels.size(); l++) {
            for (PrimitiveIterator.OfLong it = tx.verticesWithLabel(labels.get(l)); it.hasNext(); ) {
                ctx.tick();
                long id = it.nextLong();
                if (!hasEarlier(tx, id, labels, l)) {
                    each.accept(id);
                }
            }
        }
    }

    /** The edges of any of {@code types}, in id order. */
    static void edges(ExecContext ctx, List<String> types, LongConsumer each) {
        Transaction tx = ctx.tx();
        for (PrimitiveIterator.OfLong it = tx.edgeIds(); it.hasNext(); ) {
            ctx.tick();
            long id = it.nextLong();
            if (types.contains(tx.edge(id).type())) {
                each.accept(id);
            }
        }
    }

    private static boolean hasEarlier(Transaction tx, long id, List<String> labels, int l) {
        for (int k = 0; k < l; k++) {
            if (tx.hasLabel(id, labels.get(k))) {
                return true;
            }
        }
        return false;
    }
}

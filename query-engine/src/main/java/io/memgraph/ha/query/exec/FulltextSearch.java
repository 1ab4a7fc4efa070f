package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.query.fulltext.Bm25Ranking;
import io.memgraph.ha.query.fulltext.FulltextQuery;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A full-text query on a full-text index, answered exactly by a scan: no inverted index is kept.
 * The search reads every vertex with one of the index's labels (or edge of one of its types) that
 * the transaction sees (its snapshot and its own writes), analyses the indexed STRING properties
 * (and lists of strings; other values are not indexed, as in Neo4j) with the index's analyzer,
 * and ranks the matches by BM25 with statistics over the same scan ({@link Bm25Ranking}). It
 * costs one pass over the labels' entities and their text; the matches are held (counted against
 * the query's memory limit) until they are scored, and the time limit is checked at each entity.
 */
public final class FulltextSearch {
    /** Positions between the values of a list, so a phrase does not match across two. */
    private static final int VALUE_GAP = 1;

    private FulltextSearch() {
    }

    /** The full-text index called {@code name} in the newest schema, or null. */
    public static SchemaItem.FulltextIndex index(Transaction tx, String name) {
        return SchemaCreation.named(tx, name, SchemaItem.FulltextIndex.class);
    }

    /** The matches of {@code query} in {@code index}, best first (ties to the lower id). */
    public static List<Bm25Ranking.Hit> search(ExecContext ctx, SchemaItem.FulltextIndex index, FulltextQuery query) {
        Analyzer analyzer = Analyzer.named(index.analyzer());
        Bm25Ranking ranking = new Bm25Ranking(query, ctx::tick);
        MemoryScope memory = ctx.memory().child();
        try {
            scan(ctx, index, id -> {
                long held = ranking.add(id, document(ctx.tx(), index, analyzer, id));
                if (held > 0) {
                    memory.reserve(held);
                }
            });
            return ranking.hits();
        } finally {
            memory.releaseAll();
        }
    }

    /** How many entities the index holds text of. */
    public static long size(ExecContext ctx, SchemaItem.FulltextIndex index) {
        Analyzer analyzer = Analyzer.named(index.analyzer());
        long[] n = {0};
        scan(ctx, index, id -> {
            if (!document(ctx.tx(), index, analyzer, id).isEmpty()) {
                n[0]++;
            }
        });
        return n[0];
    }

    private static void scan(ExecContext ctx, SchemaItem.FulltextIndex index, LongConsumer each) {
        if (index.relationships()) {
            EntityScan.edges(ctx, index.labels(), each);
        } else {
            EntityScan.vertices(ctx, index.labels(), each);
        }
    }

    /** The analysed indexed properties of an entity that hold text; empty when none does. */
    static Map<String, List<Analyzer.Token>> document(Transaction tx, SchemaItem.FulltextIndex index,
                                                      Analyzer analyzer, long id) {
        Map<String, List<Analyzer.Token>> doc = new LinkedHashMap<>();
        if (index.properties().isEmpty()) {
            Map<String, Object> all = index.relationships() ? tx.edgeProperties(id) : tx.vertexProperties(id);
            for (Map.Entry<String, Object> e : all.entrySet()) {
                field(doc, e.getKey(), e.getValue(), analyzer);
            }
        } else {
            for (String key : index.properties()) {
                field(doc, key, index.relationships() ? tx.edgeProperty(id, key) : tx.vertexProperty(id, key),
                        analyzer);
            }
        }
        return doc;
    }

    private static void field(Map<String, List<Analyzer.Token>> doc, String key, Object value, Analyzer analyzer) {
        List<Analyzer.Token> tokens = new ArrayList<>();
        if (value instanceof String s) {
            analyzer.tokens(s, 0, tokens);
        } else if (value instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(String.class::isInstance)) {
            int position = 0;
            for (Object v : list) {
                position = analyzer.tokens((String) v, position, tokens) + VALUE_GAP;
            }
        }
        if (!tokens.isEmpty()) {
            doc.put(key, tokens);
        }
    }
}

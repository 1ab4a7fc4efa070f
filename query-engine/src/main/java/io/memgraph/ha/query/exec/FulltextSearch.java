package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.query.fulltext.Bm25Ranking;
import io.memgraph.ha.query.fulltext.FulltextQuery;
import io.memgraph.ha.query.fulltext.IndexedText;
import io.memgraph.ha.query.fulltext.InvertedIndex;
import io.memgraph.ha.query.fulltext.PostingQuery;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A full-text query on a full-text index. With an {@link InvertedIndex} (an index that names its
 * properties, {@link SearchIndexes}), the query is evaluated over its postings ({@link
 * PostingQuery}), a superset of the matches, plus the entities the transaction wrote itself; each
 * candidate is then checked where the transaction sees it (its snapshot and its own writes: the
 * labels or type, the indexed STRING properties and lists of strings, analysed with the index's
 * analyzer) and ranked by BM25 with the index's statistics (old texts awaiting garbage collection
 * counted, as Lucene counts deleted documents until a merge) and those of the transaction's own
 * texts. Without a structure, or for a query postings cannot answer ({@code *:*}), every entity
 * of the index's labels (or types) is read the same way; without a structure the statistics come
 * from that scan. The time limit is checked at each entity and posting list, the candidates and
 * matches are counted against the query's memory limit.
 */
public final class FulltextSearch {
    private FulltextSearch() {
    }

    /** The full-text index called {@code name} in the newest schema, or null. */
    public static SchemaItem.FulltextIndex index(Transaction tx, String name) {
        return SchemaCreation.named(tx, name, SchemaItem.FulltextIndex.class);
    }

    /** The matches of {@code query} in {@code index}, best first (ties to the lower id). */
    public static List<Bm25Ranking.Hit> search(ExecContext ctx, SchemaItem.FulltextIndex index, FulltextQuery query) {
        return search(ctx, index, query, true);
    }

    /**
     * As {@link #search(ExecContext, SchemaItem.FulltextIndex, FulltextQuery)}; with {@code
     * postings} false every entity of the index is a candidate (a scan), still ranked with the
     * inverted index's statistics when there is one: tests compare the two.
     */
    static List<Bm25Ranking.Hit> search(ExecContext ctx, SchemaItem.FulltextIndex index, FulltextQuery query,
                                        boolean postings) {
        Transaction tx = ctx.tx();
        Analyzer analyzer = Analyzer.named(index.analyzer());
        MemoryScope memory = ctx.memory().child();
        try {
            InvertedIndex inverted = inverted(tx, index);
            if (inverted == null) {
                Bm25Ranking ranking = new Bm25Ranking(query, ctx::tick);
                scan(ctx, index, id -> hold(memory, ranking.add(id, document(tx, index, analyzer, id))));
                return ranking.hits();
            }
            PostingQuery evaluated = new PostingQuery(inverted, ctx::tick, memory::reserve);
            Bm25Ranking ranking = new Bm25Ranking(query, ctx::tick, evaluated);
            long[] own = own(tx, index, memory);
            long[] candidates = postings ? evaluated.candidates(query) : null;
            if (candidates == null) {
                scan(ctx, index, id -> rank(ranking, memory, own, id, document(tx, index, analyzer, id)));
                return ranking.hits();
            }
            for (long id : candidates) {
                ctx.tick();
                if (Arrays.binarySearch(own, id) < 0 && covered(tx, index, id)) {
                    hold(memory, ranking.match(id, document(tx, index, analyzer, id)));
                }
            }
            for (long id : own) {
                ctx.tick();
                if (covered(tx, index, id)) {
                    hold(memory, ranking.add(id, document(tx, index, analyzer, id)));
                }
            }
            return ranking.hits();
        } finally {
            memory.releaseAll();
        }
    }

    /** The inverted index a transaction may search for {@code index}, or null (then it scans). */
    static InvertedIndex inverted(Transaction tx, SchemaItem.FulltextIndex index) {
        return tx.derivedIndex(index) instanceof InvertedIndex inverted && inverted.serves(tx.snapshotIndex())
                ? inverted : null;
    }

    /** Ranks a scanned entity: the transaction's own texts are counted in the statistics, the index counts the rest. */
    private static void rank(Bm25Ranking ranking, MemoryScope memory, long[] own, long id,
                             Map<String, List<Analyzer.Token>> document) {
        hold(memory, Arrays.binarySearch(own, id) >= 0 ? ranking.add(id, document) : ranking.match(id, document));
    }

    private static void hold(MemoryScope memory, long held) {
        if (held > 0) {
            memory.reserve(held);
        }
    }

    /**
     * The ids of the entities of the index's kind the transaction created or changed, ascending (as
     * the transaction gives them).
     */
    private static long[] own(Transaction tx, SchemaItem.FulltextIndex index, MemoryScope memory) {
        LongList ids = new LongList(memory);
        if (index.relationships()) {
            tx.ownChangedEdges(ids::add);
        } else {
            tx.ownChangedVertices(ids::add);
        }
        return ids.toArray();
    }

    /** Whether the transaction sees the entity with one of the index's labels (or types). */
    private static boolean covered(Transaction tx, SchemaItem.FulltextIndex index, long id) {
        if (index.relationships()) {
            EdgeRef e = tx.edge(id);
            return e != null && index.labels().contains(e.type());
        }
        if (!tx.vertexExists(id)) {
            return false;
        }
        for (String label : index.labels()) {
            if (tx.hasLabel(id, label)) {
                return true;
            }
        }
        return false;
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
        List<Analyzer.Token> tokens = IndexedText.tokens(analyzer, value);
        if (!tokens.isEmpty()) {
            doc.put(key, tokens);
        }
    }
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.eval.ExpressionEvaluator;
import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.query.fulltext.Bm25Ranking;
import io.memgraph.ha.query.fulltext.FulltextQuery;
import io.memgraph.ha.query.fulltext.FulltextQueryParser;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search answered from the inverted index finds exactly what a scan at the same snapshot finds,
 * in the same order: random texts written, rewritten, deleted and (for vertices) relabelled by
 * transactions at different snapshots, some kept open while others commit (so the index holds
 * texts the older readers still see and texts they must not), garbage collected now and then, and
 * random queries (terms, phrases, fields, AND/OR/NOT, +/-, groups, wildcards, fuzzy terms, boosts)
 * asked inside those transactions, own uncommitted writes included. Both searches rank with the
 * index's statistics; the ids must also be those of today's scan with its own statistics.
 */
class FulltextIndexedSearchProperties {
    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "omega", "the", "alps");
    private static final SchemaItem.FulltextIndex NODES = new SchemaItem.FulltextIndex(List.of("D", "E"), false,
            List.of("title", "body"), Analyzer.STANDARD.analyzerName(), false);
    private static final SchemaItem.FulltextIndex EDGES = new SchemaItem.FulltextIndex(List.of("R"), true,
            List.of("title", "body"), Analyzer.STANDARD_NO_STOP_WORDS.analyzerName(), false);

    @Property(tries = 200)
    void indexedSearchEqualsScanAtEverySnapshot(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
                                                @ForAll boolean edges,
                                                @ForAll @IntRange(min = 10, max = 120) int steps) {
        Random random = new Random(seed);
        SchemaItem.FulltextIndex index = edges ? EDGES : NODES;
        Storage storage = new Storage();
        new QueryEngine(storage); // registers the search structures
        Transaction ddl = storage.begin();
        ddl.createSchema(index, "t", false);
        assertThat(storage.commit(ddl).reason()).isNull();
        long[] ends = new long[2];
        List<Long> known = new ArrayList<>();
        Transaction first = storage.begin();
        // a first document tells the index the commit it serves readers from (FulltextSearch.inverted)
        if (edges) {
            ends[0] = first.createVertex();
            ends[1] = first.createVertex();
            known.add(first.createEdge(ends[0], ends[1], "R"));
            first.setEdgeProperty(known.get(0), "title", "alpha");
        } else {
            known.add(first.createVertex());
            first.addLabel(known.get(0), "D");
            first.setVertexProperty(known.get(0), "title", "alpha");
        }
        storage.commit(first);
        List<Transaction> open = new ArrayList<>();
        boolean found = false;
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(12);
            if (open.isEmpty() || action <= 1 && open.size() < 4) {
                open.add(storage.begin());
                continue;
            }
            Transaction tx = open.get(random.nextInt(open.size()));
            if (action <= 5) {
                // mostly the newest transaction writes: fewer conflicts, while older readers stay open
                write(random, random.nextInt(4) == 0 ? tx : open.get(open.size() - 1), edges, ends, known);
            } else if (action <= 8) {
                open.remove(tx);
                if (random.nextInt(5) == 0) {
                    tx.close();
                } else {
                    storage.commit(tx);
                }
                storage.collectGarbage();
            } else {
                found |= compare(tx, index, query(random));
            }
        }
        for (Transaction tx : open) {
            found |= compare(tx, index, query(random));
            tx.close();
        }
        // the comparison is not vacuous: most tries find something
        Statistics.collect(found);
        Statistics.coverage(coverage -> coverage.check(true).percentage(p -> p >= 50));
    }

    private static void write(Random random, Transaction tx, boolean edges, long[] ends, List<Long> known) {
        List<Long> visible = new ArrayList<>();
        for (long id : known) {
            if (edges ? tx.edge(id) != null : tx.vertexExists(id)) {
                visible.add(id);
            }
        }
        int what = random.nextInt(8);
        if (visible.isEmpty() || what <= 1) {
            long id;
            if (edges) {
                id = tx.createEdge(ends[0], ends[1], random.nextInt(4) == 0 ? "S" : "R");
            } else {
                id = tx.createVertex();
                tx.addLabel(id, random.nextInt(4) == 0 ? "F" : random.nextBoolean() ? "D" : "E");
            }
            set(random, tx, edges, id, "title");
            set(random, tx, edges, id, "body");
            known.add(id);
            return;
        }
        // half the changes go to the first few documents, so texts come back to words they had before
        long id = visible.get(random.nextInt(random.nextBoolean() ? Math.min(3, visible.size()) : visible.size()));
        if (what <= 4) {
            set(random, tx, edges, id, random.nextBoolean() ? "title" : "body");
        } else if (what == 5) {
            if (edges) {
                tx.deleteEdge(id);
            } else {
                tx.detachDeleteVertex(id);
            }
        } else if (!edges && what == 6) {
            tx.addLabel(id, random.nextBoolean() ? "D" : "E");
        } else if (!edges) {
            tx.removeLabel(id, random.nextBoolean() ? "D" : "E");
        }
    }

    private static void set(Random random, Transaction tx, boolean edges, long id, String key) {
        Object value = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> 42L;
            case 2 -> List.of(text(random), text(random));
            default -> text(random);
        };
        if (edges) {
            tx.setEdgeProperty(id, key, value);
        } else {
            tx.setVertexProperty(id, key, value);
        }
    }

    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
        }
        return sb.toString();
    }

    /** A random query in Lucene's syntax. */
    private static String query(Random random) {
        return query(random, 2);
    }

    private static String query(Random random, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            String field = random.nextInt(4) == 0 ? (random.nextBoolean() ? "title:" : "body:") : "";
            String word = WORDS.get(random.nextInt(WORDS.size()));
            String leaf = switch (random.nextInt(8)) {
                case 0 -> "\"" + word + " " + WORDS.get(random.nextInt(WORDS.size())) + "\"";
                case 1 -> word.substring(0, 2) + "*";
                case 2 -> "?" + word.substring(1);
                case 3 -> word.substring(1) + "~1";
                case 4 -> word + "^3";
                default -> word;
            };
            return field + leaf;
        }
        String a = query(random, depth - 1);
        String b = query(random, depth - 1);
        return switch (random.nextInt(6)) {
            case 0 -> a + " AND " + b;
            case 1 -> a + " OR " + b;
            case 2 -> "(" + a + ") AND NOT (" + b + ")";
            case 3 -> "+(" + a + ") -(" + b + ")";
            case 4 -> "(" + a + ")^2 " + b;
            default -> a + " " + b;
        };
    }

    /** Compares the searches of {@code text} in {@code tx}; whether they found something. */
    private static boolean compare(Transaction tx, SchemaItem.FulltextIndex index, String text) {
        FulltextQuery query;
        try {
            query = FulltextQueryParser.parse(text, Analyzer.named(index.analyzer()), null);
        } catch (FulltextQueryParser.ParseException e) {
            throw new AssertionError(text, e);
        }
        ExecContext ctx = context(tx);
        assertThat(FulltextSearch.inverted(tx, index)).as("the index serves the reader").isNotNull();
        List<Bm25Ranking.Hit> indexed = FulltextSearch.search(ctx, index, query, true);
        List<Bm25Ranking.Hit> scanned = FulltextSearch.search(ctx, index, query, false);
        assertThat(indexed).as(text).isEqualTo(scanned);
        Bm25Ranking ranking = new Bm25Ranking(query, ctx::tick);
        Analyzer analyzer = Analyzer.named(index.analyzer());
        if (index.relationships()) {
            EntityScan.edges(ctx, index.labels(), id -> ranking.add(id, FulltextSearch.document(tx, index, analyzer,
                    id)));
        } else {
            EntityScan.vertices(ctx, index.labels(), id -> ranking.add(id, FulltextSearch.document(tx, index,
                    analyzer, id)));
        }
        assertThat(ids(indexed)).as(text).isEqualTo(ids(ranking.hits()));
        return !indexed.isEmpty();
    }

    private static TreeSet<Long> ids(List<Bm25Ranking.Hit> hits) {
        TreeSet<Long> ids = new TreeSet<>();
        hits.forEach(h -> ids.add(h.id()));
        return ids;
    }

    static ExecContext context(Transaction tx) {
        QueryControl control = QueryControl.unlimited();
        return new ExecContext(tx, new TransactionGraph(tx, control), new ExpressionEvaluator(Map.of()), control,
                false);
    }

}

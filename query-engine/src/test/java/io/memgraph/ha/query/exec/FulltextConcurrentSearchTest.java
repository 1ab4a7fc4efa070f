package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.query.fulltext.Bm25Ranking;
import io.memgraph.ha.query.fulltext.FulltextQuery;
import io.memgraph.ha.query.fulltext.FulltextQueryParser;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searches read the inverted index while the apply thread changes it: a writer thread commits new
 * and rewritten texts (and garbage is collected after each commit) while the test thread searches
 * in transactions it keeps open for a while; every search finds the ids a scan of the same
 * transaction finds.
 */
class FulltextConcurrentSearchTest {
    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "omega", "sigma");
    private static final SchemaItem.FulltextIndex DOCS = new SchemaItem.FulltextIndex(List.of("Doc"), false,
            List.of("text"), Analyzer.STANDARD_NO_STOP_WORDS.analyzerName(), false);

    @Test
    void searchesWhileTheIndexChangesFindWhatTheirSnapshotHolds() throws Exception {
        Storage storage = new Storage();
        new QueryEngine(storage);
        try (Transaction tx = storage.begin()) {
            tx.createSchema(DOCS, "t", false);
            storage.commit(tx);
        }
        List<Long> ids = new ArrayList<>();
        try (Transaction tx = storage.begin()) {
            for (int i = 0; i < 200; i++) {
                long id = tx.createVertex();
                tx.addLabel(id, "Doc");
                tx.setVertexProperty(id, "text", text(new Random(i)));
                ids.add(id);
            }
            storage.commit(tx);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            Random random = new Random(1);
            try {
                while (!stop.get()) {
                    try (Transaction tx = storage.begin()) {
                        for (int i = 0; i < 5; i++) {
                            tx.setVertexProperty(ids.get(random.nextInt(ids.size())), "text", text(random));
                        }
                        storage.commit(tx);
                    }
                    storage.collectGarbage();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "writer");
        writer.start();
        Random random = new Random(2);
        int searches = 0;
        try {
            // at least 2 s and 60 searches (a busy machine runs fewer a second), at most a minute
            long start = System.nanoTime();
            long until = start + 2_000_000_000L;
            long latest = start + 60_000_000_000L;
            while (System.nanoTime() < until || searches < 60 && System.nanoTime() < latest) {
                try (Transaction tx = storage.begin()) {
                    for (int i = 0; i < 5; i++) {
                        String q = WORDS.get(random.nextInt(WORDS.size())) + (random.nextBoolean() ? " AND " : " ")
                                + WORDS.get(random.nextInt(WORDS.size())) + " -" + WORDS.get(random.nextInt(6));
                        assertThat(FulltextSearch.inverted(tx, DOCS)).isNotNull();
                        assertThat(ids(tx, q, true)).as(q).isEqualTo(ids(tx, q, false));
                        searches++;
                        Thread.sleep(1);
                    }
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(searches).isGreaterThan(50);
    }

    private static TreeSet<Long> ids(Transaction tx, String text, boolean postings) throws Exception {
        FulltextQuery query = FulltextQueryParser.parse(text, Analyzer.STANDARD_NO_STOP_WORDS, null);
        TreeSet<Long> out = new TreeSet<>();
        for (Bm25Ranking.Hit h : FulltextSearch.search(FulltextIndexedSearchProperties.context(tx), DOCS, query,
                postings)) {
            out.add(h.id());
        }
        return out;
    }

    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
        }
        return sb.toString();
    }
}

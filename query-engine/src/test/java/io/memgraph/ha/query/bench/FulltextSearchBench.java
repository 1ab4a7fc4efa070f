package io.memgraph.ha.query.bench;

import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.storage.Storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What one full-text {@code db.index.fulltext.queryNodes} costs with no inverted index (a scan
 * ranked by BM25): 10,000 nodes, each with a text of 50 words drawn from 5,000 with a skew (a few
 * words common, most rare), and a query of three words with the default operator OR; the fastest
 * and the median of 20 runs after 5 warm-up runs. A plain main, not a test: prints one line.
 *
 * <p>Run as {@link VectorSearchBench}, with {@code io.memgraph.ha.query.bench.FulltextSearchBench}.
 */
public final class FulltextSearchBench {
    private static final int NODES = 10_000;
    private static final int WORDS_PER_TEXT = 50;
    private static final int VOCABULARY = 5_000;

    private FulltextSearchBench() {
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        Storage storage = new Storage();
        QueryEngine engine = new QueryEngine(storage);
        ScalingBench.run(storage, engine, "CREATE FULLTEXT INDEX t FOR (d:Doc) ON EACH [d.text]", Map.of());
        for (int batch = 0; batch < NODES / 1000; batch++) {
            List<Object> texts = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < WORDS_PER_TEXT; w++) {
                    text.append(w == 0 ? "" : " ").append(word(random));
                }
                texts.add(text.toString());
            }
            ScalingBench.run(storage, engine, "UNWIND $ts AS t CREATE (:Doc {text: t})", Map.of("ts", texts));
        }
        long[] measured = ScalingBench.timed(25, 5, () -> ScalingBench.run(storage, engine,
                "CALL db.index.fulltext.queryNodes('t', $q) YIELD node, score RETURN node, score",
                Map.of("q", word(random) + " " + word(random) + " " + word(random))));
        System.out.println(String.format("fulltext queryNodes, %,d nodes x %d words, 3-word OR query: fastest %.1f ms,"
                + " median %.1f ms", NODES, WORDS_PER_TEXT, measured[0] / 1e6, measured[measured.length / 2] / 1e6));
    }

    /** A word from the vocabulary, low numbers far more often (the smallest of three uniform draws). */
    private static String word(Random random) {
        int n = Math.min(Math.min(random.nextInt(VOCABULARY), random.nextInt(VOCABULARY)), random.nextInt(VOCABULARY));
        return "w" + n;
    }
}

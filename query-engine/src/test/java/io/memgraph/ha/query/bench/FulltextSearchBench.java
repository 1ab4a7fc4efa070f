package io.memgraph.ha.query.bench;

import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.exec.FulltextSearchProbe;
import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * What one full-text search costs from the inverted index and as a scan: 100,000 nodes, each with
 * a text of 50 words drawn from 5,000 with a skew (a few words common, most rare), under
 * {@code CREATE FULLTEXT INDEX t FOR (d:Doc) ON EACH [d.text]}. Prints the index's build time on
 * the existing nodes, the heap it takes per document (used heap after full collections, before
 * and after the build), and the thread CPU time per search (median and 90th percentile of many
 * distinct queries after warm-up) of a three-word OR query from the index and as a scan, a
 * three-word AND query and a two-word phrase from the index, and the OR query end to end through
 * {@code db.index.fulltext.queryNodes}. A plain main, not a test.
 *
 * <p>Run as {@link VectorSearchBench}, with {@code io.memgraph.ha.query.bench.FulltextSearchBench}.
 */
public final class FulltextSearchBench {
    private static final int NODES = 100_000;
    private static final int WORDS_PER_TEXT = 50;
    private static final int VOCABULARY = 5_000;
    private static final SchemaItem.FulltextIndex INDEX = new SchemaItem.FulltextIndex(List.of("Doc"), false,
            List.of("text"), Analyzer.STANDARD_NO_STOP_WORDS.analyzerName(), false);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FulltextSearchBench() {
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        Storage storage = new Storage();
        QueryEngine engine = new QueryEngine(storage);
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
        long heapBefore = usedHeap();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        ScalingBench.run(storage, engine, "CREATE FULLTEXT INDEX t FOR (d:Doc) ON EACH [d.text]", Map.of());
        long buildWall = System.nanoTime() - wall0;
        long buildCpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        long heapAfter = usedHeap();
        print(String.format("build on %,d nodes x %d words: %.0f ms wall, %.0f ms CPU; heap %.0f bytes per document",
                NODES, WORDS_PER_TEXT, buildWall / 1e6, buildCpu / 1e6, (heapAfter - heapBefore) / (double) NODES));
        try (Transaction tx = storage.begin()) {
            if (!FulltextSearchProbe.indexed(tx, INDEX)) {
                throw new IllegalStateException("the search does not use the inverted index");
            }
            cpu("3-word OR, index", 40, 400, random, r -> FulltextSearchProbe.matches(tx, INDEX,
                    word(r) + " " + word(r) + " " + word(r), true));
            cpu("3-word OR, scan", 3, 20, random, r -> FulltextSearchProbe.matches(tx, INDEX,
                    word(r) + " " + word(r) + " " + word(r), false));
            cpu("3-word AND, index", 40, 400, random, r -> FulltextSearchProbe.matches(tx, INDEX,
                    word(r) + " AND " + word(r) + " AND " + word(r), true));
            cpu("2-word phrase, index", 40, 400, random, r -> FulltextSearchProbe.matches(tx, INDEX,
                    "\"" + word(r) + " " + word(r) + "\"", true));
        }
        cpu("3-word OR, queryNodes", 40, 400, random, r -> {
            ScalingBench.run(storage, engine, "CALL db.index.fulltext.queryNodes('t', $q) YIELD node, score"
                    + " RETURN count(*)", Map.of("q", word(r) + " " + word(r) + " " + word(r)));
            return -1; // not counted through Cypher
        });
    }

    /** Thread CPU per search over {@code runs} distinct queries after {@code warmUps}: median and 90th percentile. */
    private static void cpu(String what, int warmUps, int runs, Random random, ToIntFunction<Random> search) {
        long[] took = new long[runs];
        long matches = 0;
        for (int i = 0; i < warmUps + runs; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            int n = search.applyAsInt(random);
            long t = THREADS.getCurrentThreadCpuTime() - t0;
            if (i >= warmUps) {
                took[i - warmUps] = t;
                matches += n;
            }
        }
        Arrays.sort(took);
        print(String.format("%-24s CPU per search: median %.3f ms, p90 %.3f ms (%d runs%s)", what,
                took[runs / 2] / 1e6, took[runs * 9 / 10] / 1e6, runs, matches < 0 ? ""
                        : String.format(", %.0f matches on average", matches / (double) runs)));
    }

    private static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static void print(String line) {
        System.out.println(line);
    }

    /** A word from the vocabulary, low numbers far more often (the smallest of three uniform draws). */
    private static String word(Random random) {
        int n = Math.min(Math.min(random.nextInt(VOCABULARY), random.nextInt(VOCABULARY)), random.nextInt(VOCABULARY));
        return "w" + n;
    }
}

package io.memgraph.ha.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.StorageStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueryWarmupTest {

    @Test
    void everyStatementRunsAndCommitsOnTheScratchGraphItWasGiven() {
        List<Storage> graphs = new ArrayList<>();
        int ran = QueryWarmup.run(3, 0, () -> {
            Storage s = new Storage();
            graphs.add(s);
            return s;
        });

        assertThat(ran).isEqualTo(3 * QueryWarmup.STATEMENTS.size());
        assertThat(graphs).hasSize(1);
        StorageStats stats = graphs.get(0).stats();
        // rounds 0, 1, 2 each create one :Warm node (the MERGE finds it) and link two of them
        assertThat(stats.labelCounts()).containsEntry("Warm", 3L);
        assertThat(stats.edgeCount()).isEqualTo(3);
        // each round's UNWIND creates 10 :WarmBatch nodes and its DETACH DELETE removes one in ten
        assertThat(stats.labelCounts()).containsEntry("WarmBatch", 27L);
    }

    @Test
    void aNewScratchGraphEveryFewHundredRoundsKeepsItSmall() {
        List<Storage> graphs = new ArrayList<>();
        QueryWarmup.run(QueryWarmup.ROUNDS_PER_GRAPH + 1, 0, () -> {
            Storage s = new Storage();
            graphs.add(s);
            return s;
        });

        assertThat(graphs).hasSize(2);
        assertThat(graphs.get(1).stats().labelCounts()).containsEntry("Warm", 1L);
    }

    @Test
    void afterEachRoundItRestsTwiceAsLongAsTheRoundTookAtMostFiftyMilliseconds() {
        List<Long> rests = new ArrayList<>();
        List<Long> roundEnds = new ArrayList<>();
        long started = System.nanoTime();
        QueryWarmup.run(5, 2, Storage::new, nanos -> {
            roundEnds.add(System.nanoTime());
            rests.add(nanos);
        });

        assertThat(rests).hasSize(5);
        long previous = started;
        for (int i = 0; i < rests.size(); i++) {
            long round = roundEnds.get(i) - previous;
            // the round's own time, measured inside run, is a little shorter than from here
            assertThat(rests.get(i)).isPositive().isLessThanOrEqualTo(Math.min(2 * round, QueryWarmup.MAX_REST_NANOS));
            previous = roundEnds.get(i);
        }
        assertThat(QueryWarmup.DEFAULT_REST_FACTOR).isEqualTo(2);
    }

    @Test
    void noRestWithARestFactorOfZero() {
        List<Long> rests = new ArrayList<>();
        QueryWarmup.run(3, 0, Storage::new, rests::add);

        assertThat(rests).isEmpty();
    }

    @Test
    void theWarmupThreadEndsAfterItsRounds() throws InterruptedException {
        Thread t = QueryWarmup.start(2);

        t.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(t.isAlive()).isFalse();
        assertThat(t.isDaemon()).isTrue();
    }

    @Test
    void zeroRoundsTurnItOff() {
        assertThat(QueryWarmup.start(0)).isNull();
        String before = System.getProperty(QueryWarmup.PROPERTY);
        try {
            System.setProperty(QueryWarmup.PROPERTY, "0");
            assertThat(QueryWarmup.configuredRounds()).isZero();
            System.setProperty(QueryWarmup.PROPERTY, "-5");
            assertThat(QueryWarmup.configuredRounds()).isZero();
            System.setProperty(QueryWarmup.PROPERTY, "not a number");
            assertThat(QueryWarmup.configuredRounds()).isEqualTo(QueryWarmup.DEFAULT_ROUNDS);
            System.clearProperty(QueryWarmup.PROPERTY);
            assertThat(QueryWarmup.configuredRounds()).isEqualTo(QueryWarmup.DEFAULT_ROUNDS);
        } finally {
            if (before == null) {
                System.clearProperty(QueryWarmup.PROPERTY);
            } else {
                System.setProperty(QueryWarmup.PROPERTY, before);
            }
        }
    }
}

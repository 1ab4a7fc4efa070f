package io.memgraph.ha.server.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTimingsTest {

    private final QueryTimings timings = new QueryTimings();

    private void quickRuns(String query, int runs) {
        for (int i = 0; i < runs; i++) {
            timings.record(query, QueryTimings.QUICK_NANOS, true);
        }
    }

    @Test
    void aQueryIsQuickAfterAStreakOfQuickRuns() {
        assertThat(timings.quick("RETURN 1")).isFalse();
        quickRuns("RETURN 1", QueryTimings.STREAK - 1);
        assertThat(timings.quick("RETURN 1")).isFalse();
        quickRuns("RETURN 1", 1);
        assertThat(timings.quick("RETURN 1")).isTrue();
        assertThat(timings.quick("RETURN 2")).as("per query text").isFalse();
    }

    @Test
    void aVerySlowOrUncleanRunStartsTheCountAgain() {
        quickRuns("q", QueryTimings.MAX_COUNT);
        timings.record("q", QueryTimings.VERY_SLOW_NANOS + 1, true);
        assertThat(timings.quick("q")).isFalse();
        quickRuns("q", QueryTimings.STREAK - 1);
        assertThat(timings.quick("q")).isFalse();
        quickRuns("q", 1);
        assertThat(timings.quick("q")).isTrue();
        timings.record("q", 10, false); // failed, cut short or committed in batches: however fast
        assertThat(timings.quick("q")).isFalse();
    }

    @Test
    void aSlowRunCostsAFewQuickOnes() {
        quickRuns("q", QueryTimings.STREAK);
        timings.record("q", QueryTimings.QUICK_NANOS + 1, true);
        assertThat(timings.quick("q")).as("just quick: one slow run takes it below").isFalse();
        quickRuns("q", QueryTimings.SLOW_PENALTY - 1);
        assertThat(timings.quick("q")).isFalse();
        quickRuns("q", 1);
        assertThat(timings.quick("q")).isTrue();

        quickRuns("q", QueryTimings.MAX_COUNT);
        timings.record("q", QueryTimings.VERY_SLOW_NANOS, true);
        assertThat(timings.quick("q")).as("a preempted run now and then").isTrue();
    }

    @Test
    void aQuerySlowInMoreThanOneRunInSeventeenNeverQualifies() {
        for (int i = 0; i < 100; i++) {
            quickRuns("q", QueryTimings.SLOW_PENALTY - 1);
            timings.record("q", QueryTimings.QUICK_NANOS * 2, true);
            assertThat(timings.quick("q")).as("round %d", i).isFalse();
        }
        quickRuns("q", QueryTimings.MAX_COUNT);
        for (int i = 0; i < 100; i++) {
            quickRuns("q", QueryTimings.SLOW_PENALTY - 1);
            timings.record("q", QueryTimings.QUICK_NANOS * 2, true);
        }
        assertThat(timings.quick("q")).as("from the top of the count").isFalse();
    }

    @Test
    void theCountIsCappedSoThatSlowRunsStillCount() {
        quickRuns("q", 100 * QueryTimings.STREAK);
        timings.record("q", 1_000_000_000L, true);
        assertThat(timings.quick("q")).isFalse();
        quickRuns("q", 100 * QueryTimings.STREAK);
        for (int i = 0; i < (QueryTimings.MAX_COUNT - QueryTimings.STREAK) / QueryTimings.SLOW_PENALTY + 1; i++) {
            timings.record("q", QueryTimings.QUICK_NANOS + 1, true);
        }
        assertThat(timings.quick("q")).isFalse();
    }

    @Test
    void whenFullItForgetsEverythingAndLearnsAgain() {
        quickRuns("q", QueryTimings.STREAK);
        for (int i = 1; i < QueryTimings.MAX_QUERIES; i++) {
            timings.record("other " + i, 1, true);
        }
        assertThat(timings.quick("q")).isTrue();
        timings.record("one too many", 1, true);
        assertThat(timings.quick("q")).isFalse();
        quickRuns("q", QueryTimings.STREAK);
        assertThat(timings.quick("q")).isTrue();
    }
}

package io.memgraph.ha.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private final Deadlines deadlines = new Deadlines(Duration.ofMillis(5));

    @Test
    void aFutureStillPendingAtItsDeadlineFailsWithATimeout() throws Exception {
        CompletableFuture<String> late = new CompletableFuture<>();
        long began = System.nanoTime();
        assertThat(deadlines.within(late, 50, TimeUnit.MILLISECONDS)).isSameAs(late);
        Throwable failure = null;
        try {
            late.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(TimeoutException.class);
        assertThat(System.nanoTime() - began).as("never before its deadline")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aFutureThatCompletesKeepsItsValueAndLeavesTheQueueAtTheNextSweep() throws Exception {
        CompletableFuture<String> quick = new CompletableFuture<>();
        deadlines.within(quick, 300, TimeUnit.MILLISECONDS);
        int queued = deadlines.pendingCount();
        quick.complete("done");
        assertThat(queued).isEqualTo(1);
        await("the sweep dropped the completed future and stopped", () -> deadlines.pendingCount() == 0
                && !deadlines.sweeping());
        Thread.sleep(350); // past its deadline
        assertThat(quick.get()).isEqualTo("done");
    }

    @Test
    void anAlreadyCompletedFutureIsNotQueued() {
        CompletableFuture<String> done = CompletableFuture.completedFuture("x");
        assertThat(deadlines.within(done, 1, TimeUnit.MILLISECONDS)).isSameAs(done);
        assertThat(deadlines.pendingCount()).isZero();
        assertThat(deadlines.sweeping()).isFalse();
    }

    @Test
    void sweepingStopsWhenIdleAndStartsAgainForTheNextFuture() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            futures.add(f);
            deadlines.within(f, i % 2 == 0 ? 20 : 10_000, TimeUnit.MILLISECONDS);
            if (i % 2 == 1) {
                f.complete(i);
            }
        }
        await("every short deadline passed", () -> futures.stream().allMatch(CompletableFuture::isDone));
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).isCompletedExceptionally()).as("future %d", i).isEqualTo(i % 2 == 0);
        }
        await("sweeping stopped", () -> !deadlines.sweeping() && deadlines.pendingCount() == 0);

        CompletableFuture<Integer> again = new CompletableFuture<>();
        deadlines.within(again, 20, TimeUnit.MILLISECONDS);
        assertThat(deadlines.sweeping()).isTrue();
        await("a future after an idle spell still times out", again::isCompletedExceptionally);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }
}

package io.memgraph.ha.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A closed-loop load generator: N clients, each with its own connection, each starting its next
 * operation as soon as the last one answered. The same code drives every system in the comparison;
 * only the {@link Target} differs.
 *
 * <p>Operations are asynchronous: a client's next operation starts in the callback of its last
 * one, on the client library's own I/O threads, so no thread of ours is parked and woken per
 * operation. On the two cores the load generator shares with the systems it measures, that halves
 * what the client costs per query (the Neo4j Java driver's blocking API spends about 76 µs of CPU
 * per point read, its asynchronous one about 45 µs) and leaves the rest to the systems.
 */
public final class LoadGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    /** How long past the run's end clients may take to finish their last operation. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    private LoadGenerator() {
    }

    /** One client's connection to the system under test. */
    public interface Client extends AutoCloseable {
        /**
         * Starts one operation. The stage completes once the system has answered it, exceptionally
         * if the operation failed; a synchronous exception counts as a failed operation too.
         */
        CompletionStage<?> execute(SplittableRandom random) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Opens the clients of one workload on one system. */
    @FunctionalInterface
    public interface Target {
        /** Opens client number {@code index} (0-based). */
        Client open(int index) throws Exception;
    }

    /** A stage that is already complete, for clients whose operations finish synchronously. */
    public static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Opens {@code clients} clients, starts them together and lets them run for {@code duration}.
     * A failed operation is counted and the client goes on; a client that cannot even be opened
     * fails the run.
     *
     * @throws IllegalStateException when a client cannot be opened or the clients do not finish
     */
    public static Measurement run(Target target, int clients, Duration duration) throws InterruptedException {
        List<Loop> loops = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        AtomicReference<String> firstError = new AtomicReference<>();
        try {
            for (int c = 0; c < clients; c++) {
                loops.add(new Loop(target.open(c), new SplittableRandom(0x9E3779B97F4A7C15L * (c + 1)), done,
                        firstError));
            }
        } catch (Exception e) {
            loops.forEach(Loop::close);
            throw new IllegalStateException("a client could not be opened", e);
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        // One starting thread per client, so that clients whose operations complete synchronously
        // (each then runs its whole loop on that thread) still run side by side.
        List<Thread> starters = new ArrayList<>();
        for (Loop loop : loops) {
            Thread t = new Thread(() -> loop.next(end), "bench-client-start");
            t.setDaemon(true);
            starters.add(t);
            t.start();
        }
        boolean finished = done.await(duration.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        // Closed here, not on the client library's I/O thread that finished the last operation: a
        // blocking close there could wait for that very thread.
        loops.forEach(Loop::close);
        if (!finished) {
            starters.forEach(Thread::interrupt);
            throw new IllegalStateException("the clients did not finish within " + GRACE + " after the run");
        }
        Measurement m = Measurement.empty();
        for (Loop loop : loops) {
            m = m.plus(new Measurement(loop.ops, loop.errors, 0, loop.latencies, null));
        }
        Measurement result = new Measurement(m.ops(), m.errors(), seconds, m.latencies(), firstError.get());
        if (result.errors() > 0) {
            LOG.warn("{} of {} operations failed; the first: {}", result.errors(), result.errors() + result.ops(),
                    result.firstError());
        }
        return result;
    }

    /**
     * One client's closed loop. Its fields are written by whichever thread completes its current
     * operation; each operation starts only after the last one's completion, so they never race,
     * and the count-down of {@link #done} publishes them to the thread that reads the results.
     */
    private static final class Loop {
        private final Client client;
        private final SplittableRandom random;
        private final CountDownLatch done;
        private final AtomicReference<String> firstError;
        private final Histogram latencies = Measurement.newHistogram();
        private long ops;
        private long errors;

        Loop(Client client, SplittableRandom random, CountDownLatch done, AtomicReference<String> firstError) {
            this.client = client;
            this.random = random;
            this.done = done;
            this.firstError = firstError;
        }

        /**
         * Starts operations until one does not complete at once (its callback then carries the loop
         * on) or the run has ended.
         */
        void next(long end) {
            while (System.nanoTime() - end < 0) {
                long t0 = System.nanoTime();
                CompletableFuture<?> op;
                try {
                    op = client.execute(random).toCompletableFuture();
                } catch (Exception e) {
                    failed(e);
                    continue;
                }
                if (!op.isDone()) {
                    op.whenComplete((value, failure) -> {
                        finished(t0, failure);
                        next(end);
                    });
                    return;
                }
                try {
                    op.join();
                    finished(t0, null);
                } catch (RuntimeException e) {
                    finished(t0, e);
                }
            }
            done.countDown();
        }

        private void finished(long t0, Throwable failure) {
            if (failure == null) {
                latencies.recordValue(System.nanoTime() - t0);
                ops++;
            } else {
                failed(failure);
            }
        }

        private void failed(Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            errors++;
            firstError.compareAndSet(null, cause.toString());
        }

        void close() {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("Closing a bench client failed: {}", e.toString());
            }
        }
    }
}

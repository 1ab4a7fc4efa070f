package io.memgraph.ha.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A closed-loop load generator: N clients, each on its own thread with its own connection, each
 * starting its next operation as soon as the last one answered. The same code drives every system
 * in the comparison; only the {@link Target} differs.
 */
public final class LoadGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    /** How long past the run's end clients may take to finish their last operation. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    private LoadGenerator() {
    }

    /** One client's connection to the system under test. */
    public interface Client extends AutoCloseable {
        /** Runs one operation and returns once the system has answered it. */
        void execute(SplittableRandom random) throws Exception;

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

    /**
     * Opens {@code clients} clients, starts them together and lets them run for {@code duration}.
     * A failed operation is counted and the client goes on; a client that cannot even be opened
     * fails the run.
     *
     * @throws IllegalStateException when a client cannot be opened or the clients do not finish
     */
    public static Measurement run(Target target, int clients, Duration duration) throws InterruptedException {
        CountDownLatch opened = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        long[] ops = new long[clients];
        long[] errors = new long[clients];
        Histogram[] latencies = new Histogram[clients];
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicReference<Exception> openFailure = new AtomicReference<>();
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int me = c;
            Thread t = new Thread(() -> {
                Histogram h = Measurement.newHistogram();
                latencies[me] = h;
                SplittableRandom random = new SplittableRandom(0x9E3779B97F4A7C15L * (me + 1));
                try (Client client = target.open(me)) {
                    opened.countDown();
                    go.await();
                    long end = window[1];
                    while (System.nanoTime() - end < 0) {
                        long t0 = System.nanoTime();
                        try {
                            client.execute(random);
                            h.recordValue(System.nanoTime() - t0);
                            ops[me]++;
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (Exception e) {
                            errors[me]++;
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    openFailure.compareAndSet(null, e);
                    opened.countDown();
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        if (!opened.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            threads.forEach(Thread::interrupt);
            throw new IllegalStateException("the clients could not connect within " + GRACE);
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        if (!done.await(duration.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
            threads.forEach(Thread::interrupt);
            throw new IllegalStateException("the clients did not finish within " + GRACE + " after the run");
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        if (openFailure.get() != null) {
            throw new IllegalStateException("a client could not be opened", openFailure.get());
        }
        Measurement m = Measurement.empty();
        for (int c = 0; c < clients; c++) {
            m = m.plus(new Measurement(ops[c], errors[c], 0, latencies[c], null));
        }
        Measurement result = new Measurement(m.ops(), m.errors(), seconds, m.latencies(), firstError.get());
        if (result.errors() > 0) {
            LOG.warn("{} of {} operations failed; the first: {}", result.errors(), result.errors() + result.ops(),
                    result.firstError());
        }
        return result;
    }
}

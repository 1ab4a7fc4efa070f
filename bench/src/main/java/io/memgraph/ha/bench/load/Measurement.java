package io.memgraph.ha.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one or more timed runs of the {@link LoadGenerator} counted: completed operations, failed
 * ones, the wall-clock seconds and every completed operation's latency in nanoseconds.
 *
 * @param firstError the first failure's text, or null when none failed
 */
public record Measurement(long ops, long errors, double seconds, Histogram latencies, String firstError) {

    /** Nothing measured yet: the start of a {@link #plus} chain. */
    public static Measurement empty() {
        return new Measurement(0, 0, 0, newHistogram(), null);
    }

    /** A histogram of nanoseconds that grows as needed, three significant digits. */
    public static Histogram newHistogram() {
        Histogram h = new Histogram(TimeUnit.MILLISECONDS.toNanos(1), 3);
        h.setAutoResize(true);
        return h;
    }

    /** This and {@code other} together, as if one longer run. */
    public Measurement plus(Measurement other) {
        Histogram sum = newHistogram();
        sum.add(latencies);
        sum.add(other.latencies);
        return new Measurement(ops + other.ops, errors + other.errors, seconds + other.seconds, sum,
                firstError != null ? firstError : other.firstError);
    }

    /** Completed operations per second. */
    public double throughput() {
        return seconds <= 0 ? 0 : ops / seconds;
    }

    /** The latency at {@code percentile} (0-100) in milliseconds; 0 when nothing completed. */
    public double millisAt(double percentile) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1e6;
    }
}

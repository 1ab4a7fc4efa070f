package io.memgraph.ha.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one or more timed runs of the {@link LoadGenerator} counted: completed operations, failed
 * ones, the wall-clock seconds and every completed operation's latency in nanoseconds.
 *
 * @param firstError the first failure's text, or null when none failed
 * @param cpuNanos the CPU time the measured system's processes used meanwhile, or -1 when not known
 */
public record Measurement(long ops, long errors, double seconds, Histogram latencies, String firstError,
        long cpuNanos) {

    /** A measurement whose system's CPU time is not known. */
    public Measurement(long ops, long errors, double seconds, Histogram latencies, String firstError) {
        this(ops, errors, seconds, latencies, firstError, -1);
    }

    /** Nothing measured yet: the start of a {@link #plus} chain. */
    public static Measurement empty() {
        return new Measurement(0, 0, 0, newHistogram(), null, 0);
    }

    /** This measurement with the system's CPU time during it ({@code -1}: not known). */
    public Measurement withCpu(long nanos) {
        return new Measurement(ops, errors, seconds, latencies, firstError, nanos);
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
                firstError != null ? firstError : other.firstError,
                cpuNanos < 0 || other.cpuNanos < 0 ? -1 : cpuNanos + other.cpuNanos);
    }

    /** The system's CPU time per completed operation in microseconds; NaN when not known. */
    public double cpuMicrosPerOp() {
        return cpuNanos < 0 || ops == 0 ? Double.NaN : cpuNanos / 1e3 / ops;
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

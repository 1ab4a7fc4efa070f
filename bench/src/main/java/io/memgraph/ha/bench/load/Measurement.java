package io.memgraph.ha.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one or more timed runs of the {@link LoadGenerator} counted: completed operations, failed
 * ones, the wall-clock seconds and every completed operation's latency in nanoseconds.
 *
 * @param firstError the first failure's text, or null when none failed
 * @param cpuNanos the CPU time the measured system's processes used meanwhile, or -1 when not known
 * @param clientCpuNanos the CPU time the load generator's process used meanwhile, or -1 when not known
 */
public record Measurement(long ops, long errors, double seconds, Histogram latencies, String firstError,
        long cpuNanos, long clientCpuNanos) {

    /** A measurement whose CPU times are not known. */
    public Measurement(long ops, long errors, double seconds, Histogram latencies, String firstError) {
        this(ops, errors, seconds, latencies, firstError, -1, -1);
    }

    /** Nothing measured yet: the start of a {@link #plus} chain. */
    public static Measurement empty() {
        return new Measurement(0, 0, 0, newHistogram(), null, 0, 0);
    }

    /**
     * This measurement with the CPU times during it ({@code -1}: not known): the system's processes'
     * and the load generator's.
     */
    public Measurement withCpu(long systemNanos, long clientNanos) {
        return new Measurement(ops, errors, seconds, latencies, firstError, systemNanos, clientNanos);
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
                firstError != null ? firstError : other.firstError, sum(cpuNanos, other.cpuNanos),
                sum(clientCpuNanos, other.clientCpuNanos));
    }

    /** The system's CPU time per completed operation in microseconds; NaN when not known. */
    public double cpuMicrosPerOp() {
        return perOp(cpuNanos);
    }

    /** The load generator's CPU time per completed operation in microseconds; NaN when not known. */
    public double clientCpuMicrosPerOp() {
        return perOp(clientCpuNanos);
    }

    private double perOp(long nanos) {
        return nanos < 0 || ops == 0 ? Double.NaN : nanos / 1e3 / ops;
    }

    private static long sum(long a, long b) {
        return a < 0 || b < 0 ? -1 : a + b;
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

package io.memgraph.ha.bench;

import io.memgraph.ha.bench.load.Measurement;

/**
 * One system's figures for one workload at one client count.
 *
 * @param workload the workload's key, e.g. {@code create}
 * @param system the system's name, e.g. {@link Systems#NEO4J}
 * @param cpuMicrosPerOp the CPU time of the system's own processes per operation, NaN when not measured
 * @param clientCpuMicrosPerOp the load generator's CPU time per operation while it drove this system, NaN
 *     when not measured
 */
public record Sample(String workload, int clients, String system, double throughput, double p50Millis,
        double p99Millis, long errors, double cpuMicrosPerOp, double clientCpuMicrosPerOp) {

    /** Figures without CPU times per operation (NaN). */
    public Sample(String workload, int clients, String system, double throughput, double p50Millis,
            double p99Millis, long errors) {
        this(workload, clients, system, throughput, p50Millis, p99Millis, errors, Double.NaN, Double.NaN);
    }

    /** The figures of a measurement. */
    public static Sample of(String workload, int clients, String system, Measurement m) {
        return new Sample(workload, clients, system, m.throughput(), m.millisAt(50), m.millisAt(99), m.errors(),
                m.cpuMicrosPerOp(), m.clientCpuMicrosPerOp());
    }
}

package io.memgraph.ha.bench;

import io.memgraph.ha.bench.load.Measurement;

/**
 * One system's figures for one workload at one client count.
 *
 * @param workload the workload's key, e.g. {@code create}
 * @param system the system's name, e.g. {@link Systems#NEO4J}
 */
public record Sample(String workload, int clients, String system, double throughput, double p50Millis,
        double p99Millis, long errors) {

    /** The figures of a measurement. */
    public static Sample of(String workload, int clients, String system, Measurement m) {
        return new Sample(workload, clients, system, m.throughput(), m.millisAt(50), m.millisAt(99), m.errors());
    }
}

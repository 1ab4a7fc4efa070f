package io.memgraph.ha.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Measures several systems on one workload at one client count: a warm-up of each, then
 * {@code rounds} timed runs of each in which they take turns (A B, B A, A B, ...), so that drift in
 * the machine's load hits all of them alike. Each system's rounds add up to one measurement.
 */
public final class SideBySide {
    private SideBySide() {
    }

    /**
     * One system's clients for the workload, under a name for the tables.
     *
     * @param cpuNanos reads the CPU time of the system's processes (see {@link ProcessCpu}), or null
     */
    public record Contender(String system, LoadGenerator.Target target, LongSupplier cpuNanos) {
        /** A contender whose CPU time is not measured. */
        public Contender(String system, LoadGenerator.Target target) {
            this(system, target, null);
        }
    }

    /** The order of the systems in each round: the given order, reversed every other round. */
    public static List<List<String>> schedule(List<String> systems, int rounds) {
        List<List<String>> out = new ArrayList<>();
        List<String> order = new ArrayList<>(systems);
        for (int r = 0; r < rounds; r++) {
            out.add(List.copyOf(order));
            Collections.reverse(order);
        }
        return out;
    }

    /**
     * Runs each contender's load for {@code time} at {@code clients}, measuring nothing: the one-off
     * warm-up of a group, so that the first measurement does not catch a JVM still compiling.
     */
    public static void warmUp(List<Contender> contenders, int clients, Duration time) throws InterruptedException {
        if (time.isZero()) {
            return;
        }
        for (Contender c : contenders) {
            LoadGenerator.run(c.target(), clients, time);
        }
    }

    /**
     * The measurement of each contender, by system name, in the order given, with the CPU time of
     * this process (the load generator) during each contender's rounds.
     */
    public static Map<String, Measurement> measure(List<Contender> contenders, int clients, Duration warmup,
            Duration run, int rounds) throws InterruptedException {
        return measure(contenders, clients, warmup, run, rounds, ProcessCpu.of(() -> List.of(ProcessHandle.current())));
    }

    /**
     * The measurement of each contender, by system name, in the order given.
     *
     * @param clientCpu reads the load generator's CPU time in nanoseconds (-1 when not known)
     */
    static Map<String, Measurement> measure(List<Contender> contenders, int clients, Duration warmup,
            Duration run, int rounds, LongSupplier clientCpu) throws InterruptedException {
        Map<String, Contender> byName = new LinkedHashMap<>();
        contenders.forEach(c -> byName.put(c.system(), c));
        warmUp(List.copyOf(byName.values()), clients, warmup);
        Map<String, Measurement> results = new LinkedHashMap<>();
        byName.keySet().forEach(system -> results.put(system, Measurement.empty()));
        for (List<String> order : schedule(List.copyOf(byName.keySet()), rounds)) {
            for (String system : order) {
                Contender c = byName.get(system);
                long before = cpu(c);
                long clientBefore = clientCpu.getAsLong();
                Measurement m = LoadGenerator.run(c.target(), clients, run);
                long clientAfter = clientCpu.getAsLong();
                long after = cpu(c);
                results.merge(system, m.withCpu(difference(before, after), difference(clientBefore, clientAfter)),
                        Measurement::plus);
            }
        }
        return results;
    }

    private static long difference(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private static long cpu(Contender c) {
        return c.cpuNanos() == null ? -1 : c.cpuNanos().getAsLong();
    }
}

package io.memgraph.ha.bench;

import io.memgraph.ha.bench.workloads.CrashRestart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/** Everything one run of the benchmark found, for the report, the charts and the goals. */
public final class Results {
    private final List<Sample> samples = new ArrayList<>();
    private final List<Long> failoverMillis = new ArrayList<>();
    private final List<Long> silentFailoverMillis = new ArrayList<>();
    private final List<Long> plannedRestartMillis = new ArrayList<>();
    private final Map<String, Double> restartSeconds = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private Double heapBytesPerObject;
    private CrashRestart.Outcome crashRestart;
    private boolean failoverRun;

    public void add(Sample s) {
        samples.add(s);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The sample of {@code system} for {@code workload} at {@code clients}, if measured. */
    public Optional<Sample> sample(String workload, int clients, String system) {
        return samples.stream()
                .filter(s -> s.workload().equals(workload) && s.clients() == clients && s.system().equals(system))
                .findFirst();
    }

    /** {@code ours}' throughput over {@code peer}'s, when both were measured and the peer did something. */
    public OptionalDouble ratio(String workload, int clients, String ours, String peer) {
        Optional<Sample> a = sample(workload, clients, ours);
        Optional<Sample> b = sample(workload, clients, peer);
        if (a.isEmpty() || b.isEmpty() || b.get().throughput() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(a.get().throughput() / b.get().throughput());
    }

    /** The workloads measured, in the order first measured. */
    public List<String> workloads() {
        return samples.stream().map(Sample::workload).distinct().toList();
    }

    /** The client counts measured for {@code workload}, ascending. */
    public List<Integer> clientCounts(String workload) {
        TreeSet<Integer> counts = new TreeSet<>();
        samples.stream().filter(s -> s.workload().equals(workload)).forEach(s -> counts.add(s.clients()));
        return List.copyOf(counts);
    }

    /** The systems measured on {@code workload}, in the order first measured. */
    public List<String> systems(String workload) {
        return samples.stream().filter(s -> s.workload().equals(workload)).map(Sample::system).distinct().toList();
    }

    /** Records the failover times (kill -9 of the leader to the first successful write), in ms. */
    public void failover(List<Long> millis) {
        failoverRun = true;
        failoverMillis.addAll(millis);
    }

    public boolean failoverRun() {
        return failoverRun;
    }

    public List<Long> failoverMillis() {
        return List.copyOf(failoverMillis);
    }

    /**
     * Records the failover times after silent deaths (SIGSTOP of the leader, which refuses nothing, to
     * the first successful write), in ms.
     */
    public void silentFailover(List<Long> millis) {
        silentFailoverMillis.addAll(millis);
    }

    public List<Long> silentFailoverMillis() {
        return List.copyOf(silentFailoverMillis);
    }

    /** Records, for each planned restart (SIGTERM) of the leader, the longest pause between writes, in ms. */
    public void plannedRestarts(List<Long> millis) {
        plannedRestartMillis.addAll(millis);
    }

    public List<Long> plannedRestartMillis() {
        return List.copyOf(plannedRestartMillis);
    }

    /** Records how long {@code system} took from its start on a loaded graph to its first answer. */
    public void restart(String system, double seconds) {
        restartSeconds.put(system, seconds);
    }

    public Map<String, Double> restartSeconds() {
        return Map.copyOf(restartSeconds);
    }

    /** Records the restart after kill -9 with a large graph. */
    public void crashRestart(CrashRestart.Outcome outcome) {
        crashRestart = outcome;
    }

    public Optional<CrashRestart.Outcome> crashRestart() {
        return Optional.ofNullable(crashRestart);
    }

    public void heapBytesPerObject(double bytes) {
        heapBytesPerObject = bytes;
    }

    public OptionalDouble heapBytesPerObject() {
        return heapBytesPerObject == null ? OptionalDouble.empty() : OptionalDouble.of(heapBytesPerObject);
    }

    /** A line under the tables, e.g. the data set's size; later notes on the same key replace earlier ones. */
    public void note(String key, String text) {
        notes.put(key, text);
    }

    public Map<String, String> notes() {
        return new LinkedHashMap<>(notes);
    }

    /** The value at {@code percentile} (0-100) of {@code sorted}, nearest rank; 0 when empty. */
    public static long percentile(List<Long> sorted, double percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}

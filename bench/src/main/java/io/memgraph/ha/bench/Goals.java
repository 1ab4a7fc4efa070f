package io.memgraph.ha.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The speed goals that the side-by-side figures are held against. A goal whose client count was
 * not measured (e.g. 128 clients in a {@code --quick} run) is {@link Verdict#NOT_RUN}, with the
 * figure at the largest count that was measured for information.
 */
public final class Goals {
    /** Single server: creates and indexed point reads at 32 clients, ours over Neo4j, at least this. */
    static final double SINGLE_KEY_RATIO = 6.0;
    /** Single server: no workload at any client count below this. */
    static final double SINGLE_FLOOR_RATIO = 3.0;
    /** Cluster: small writes through the proxy over etcd puts at 128 clients, at least this. */
    static final double CLUSTER_RATIO = 2.0;
    /** Throughput lost through the proxy against the leader directly, at most this fraction. */
    static final double PROXY_OVERHEAD = 0.10;
    /**
     * Failover: kill -9 of the leader (or a silent death, SIGSTOP) to the first write through the
     * proxy, p99 at most this.
     */
    static final long FAILOVER_P99_MILLIS = 1200;
    /** A planned restart (SIGTERM) of the leader pauses writers through the proxy less than this, every time. */
    static final long PLANNED_RESTART_MILLIS = 200;
    /** Restart after kill -9 with at least {@link #RESTART_VERTICES} vertices: at most this. */
    static final double RESTART_SECONDS = 10.0;
    static final long RESTART_VERTICES = 1_000_000;

    static final int KEY_CLIENTS = 32;
    static final int CLUSTER_CLIENTS = 128;

    private Goals() {
    }

    public enum Verdict {
        MET("met"), MISSED("**missed**"), NOT_RUN("not run");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** One goal: what it asks, what was measured, and whether that meets it. */
    public record Outcome(String goal, String measured, Verdict verdict) {}

    /** Every goal, in a fixed order. */
    public static List<Outcome> evaluate(Results r) {
        List<Outcome> out = new ArrayList<>();
        out.add(atLeast(r, "single server creates at 32 clients >= 6x Neo4j", Workloads.CREATE, KEY_CLIENTS,
                Systems.OURS, Systems.NEO4J, SINGLE_KEY_RATIO));
        out.add(atLeast(r, "single server indexed point reads at 32 clients >= 6x Neo4j", Workloads.POINT_READ,
                KEY_CLIENTS, Systems.OURS, Systems.NEO4J, SINGLE_KEY_RATIO));
        out.add(floor(r));
        out.add(atLeast(r, "cluster writes through the proxy at 128 clients >= 2x etcd", Workloads.CLUSTER_WRITE,
                CLUSTER_CLIENTS, Systems.OURS_PROXY, Systems.ETCD, CLUSTER_RATIO));
        out.add(proxyOverhead(r));
        out.add(failover(r));
        out.add(silentFailover(r));
        out.add(plannedRestart(r));
        out.add(crashRestart(r));
        return out;
    }

    private static Outcome atLeast(Results r, String goal, String workload, int clients, String ours, String peer,
            double min) {
        OptionalDouble ratio = r.ratio(workload, clients, ours, peer);
        if (ratio.isPresent()) {
            return new Outcome(goal, ratio(ratio.getAsDouble()),
                    ratio.getAsDouble() >= min ? Verdict.MET : Verdict.MISSED);
        }
        List<Integer> counts = r.clientCounts(workload);
        for (int i = counts.size() - 1; i >= 0; i--) {
            OptionalDouble other = r.ratio(workload, counts.get(i), ours, peer);
            if (other.isPresent()) {
                return new Outcome(goal, ratio(other.getAsDouble()) + " at " + counts.get(i) + " clients ("
                        + clients + " not run)", Verdict.NOT_RUN);
            }
        }
        return new Outcome(goal, "-", Verdict.NOT_RUN);
    }

    private static Outcome floor(Results r) {
        String goal = "no single-server workload below 3x Neo4j";
        double lowest = Double.POSITIVE_INFINITY;
        String where = null;
        for (String w : r.workloads()) {
            if (Workloads.isCluster(w)) {
                continue;
            }
            for (int c : r.clientCounts(w)) {
                OptionalDouble ratio = r.ratio(w, c, Systems.OURS, Systems.NEO4J);
                if (ratio.isPresent() && ratio.getAsDouble() < lowest) {
                    lowest = ratio.getAsDouble();
                    where = Workloads.title(w) + ", " + c + (c == 1 ? " client" : " clients");
                }
            }
        }
        if (where == null) {
            return new Outcome(goal, "-", Verdict.NOT_RUN);
        }
        return new Outcome(goal, "lowest " + ratio(lowest) + " (" + where + ")",
                lowest >= SINGLE_FLOOR_RATIO ? Verdict.MET : Verdict.MISSED);
    }

    private static Outcome proxyOverhead(Results r) {
        String goal = "proxy overhead <= 10% (cluster writes, every client count)";
        double worst = Double.NEGATIVE_INFINITY;
        int at = -1;
        for (int c : r.clientCounts(Workloads.CLUSTER_WRITE)) {
            OptionalDouble ratio = r.ratio(Workloads.CLUSTER_WRITE, c, Systems.OURS_PROXY, Systems.OURS_LEADER);
            if (ratio.isPresent() && 1 - ratio.getAsDouble() > worst) {
                worst = 1 - ratio.getAsDouble();
                at = c;
            }
        }
        if (at < 0) {
            return new Outcome(goal, "-", Verdict.NOT_RUN);
        }
        return new Outcome(goal, String.format(Locale.ROOT, "worst %s at %d clients", overhead(worst), at),
                worst <= PROXY_OVERHEAD ? Verdict.MET : Verdict.MISSED);
    }

    private static Outcome failover(Results r) {
        return p99Within("failover through the proxy p99 <= 1.2 s", r.failoverMillis(), " kills",
                r.failoverRun() ? "no kill measured" : "-");
    }

    private static Outcome silentFailover(Results r) {
        return p99Within("failover after a silent death (SIGSTOP, as a power loss) p99 <= 1.2 s",
                r.silentFailoverMillis(), "", "-");
    }

    /** Failover times held to {@link #FAILOVER_P99_MILLIS}; {@code noneMeasured} is shown when there are none. */
    private static Outcome p99Within(String goal, List<Long> millis, String unit, String noneMeasured) {
        List<Long> sorted = millis.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return new Outcome(goal, noneMeasured, Verdict.NOT_RUN);
        }
        long p99 = Results.percentile(sorted, 99);
        return new Outcome(goal, String.format(Locale.ROOT, "p99 %d ms of %d%s", p99, sorted.size(), unit),
                p99 <= FAILOVER_P99_MILLIS ? Verdict.MET : Verdict.MISSED);
    }

    private static Outcome plannedRestart(Results r) {
        String goal = "planned restart of the leader pauses writers through the proxy < 200 ms";
        List<Long> sorted = r.plannedRestartMillis().stream().sorted().toList();
        if (sorted.isEmpty()) {
            return new Outcome(goal, "-", Verdict.NOT_RUN);
        }
        long max = sorted.get(sorted.size() - 1);
        return new Outcome(goal, String.format(Locale.ROOT, "longest %d ms of %d restarts", max, sorted.size()),
                max < PLANNED_RESTART_MILLIS ? Verdict.MET : Verdict.MISSED);
    }

    private static Outcome crashRestart(Results r) {
        String goal = "restart after kill -9 with 1M vertices + 2M edges <= 10 s";
        if (r.crashRestart().isEmpty()) {
            return new Outcome(goal, "-", Verdict.NOT_RUN);
        }
        var c = r.crashRestart().get();
        String measured = String.format(Locale.ROOT, "%.2f s with %,d + %,d", c.restartSeconds(), c.vertices(), c.edges());
        if (c.vertices() < RESTART_VERTICES) {
            return new Outcome(goal, measured, Verdict.NOT_RUN);
        }
        return new Outcome(goal, measured, c.restartSeconds() <= RESTART_SECONDS ? Verdict.MET : Verdict.MISSED);
    }

    /** A ratio as the tables print it, e.g. {@code 6.20x}. */
    public static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    /** Throughput lost as a percentage, e.g. {@code 4.1%}; negative when the proxy was faster. */
    public static String overhead(double lost) {
        return String.format(Locale.ROOT, "%.1f%%", lost * 100);
    }
}

package io.memgraph.ha.daemon;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Samples written in Prometheus's text exposition format (version 0.0.4), what Prometheus, the
 * OpenTelemetry collector and Grafana Agent scrape: a {@code # HELP} and a {@code # TYPE} line per
 * metric family, then one line per sample, {@code name{label="value",...} number}.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PrometheusText() {
    }

    /** Whether a family only grows (a counter) or goes up and down (a gauge). */
    public enum Type {
        COUNTER, GAUGE,
        /** a {@link Histogram}'s {@code _bucket}, {@code _sum} and {@code _count} samples */
        HISTOGRAM
    }

    /**
     * One sample.
     *
     * @param name the family's name (a counter's ends in {@code _total})
     * @param help what it measures, one line
     * @param labels label names to values, in the order written (empty for none)
     */
    public record Sample(String name, String help, Type type, Map<String, String> labels, double value) {
        /** Checks the names: a wrong one is a bug here, never the scraper's problem. */
        public Sample {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a metric name: " + name);
            }
            for (String l : labels.keySet()) {
                if (!LABEL_NAME.matcher(l).matches() || l.startsWith("__")) {
                    throw new IllegalArgumentException("not a label name: " + l);
                }
            }
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** A sample without labels. */
        public static Sample of(String name, String help, Type type, double value) {
            return new Sample(name, help, type, Map.of(), value);
        }
    }

    /**
     * The text of the samples: those of one family (same name) together under one HELP and TYPE,
     * families in the order their first sample comes.
     */
    public static String write(List<Sample> samples) {
        Map<String, List<Sample>> families = new LinkedHashMap<>();
        for (Sample s : samples) {
            families.computeIfAbsent(family(s), k -> new ArrayList<>()).add(s);
        }
        StringBuilder out = new StringBuilder(samples.size() * 96);
        for (Map.Entry<String, List<Sample>> f : families.entrySet()) {
            Sample first = f.getValue().get(0);
            out.append("# HELP ").append(f.getKey()).append(' ').append(escapeHelp(first.help())).append('\n');
            out.append("# TYPE ").append(f.getKey()).append(' ').append(first.type().name().toLowerCase(Locale.ROOT))
                    .append('\n');
            for (Sample s : f.getValue()) {
                out.append(s.name());
                if (!s.labels().isEmpty()) {
                    out.append('{');
                    boolean comma = false;
                    for (Map.Entry<String, String> l : s.labels().entrySet()) {
                        if (comma) {
                            out.append(',');
                        }
                        comma = true;
                        out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(number(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The process's CPU time and start time and the JVM's garbage collections, under the names
     * Prometheus's client libraries give them ({@code process_cpu_seconds_total},
     * {@code process_start_time_seconds}, {@code jvm_gc_collections_total{gc}},
     * {@code jvm_gc_collection_seconds_total{gc}}).
     */
    public static List<Sample> process() {
        List<Sample> out = new ArrayList<>();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
            out.add(Sample.of("process_cpu_seconds_total", "CPU time of the process, user and system.",
                    Type.COUNTER, sun.getProcessCpuTime() / 1e9));
        }
        out.add(Sample.of("process_start_time_seconds", "When the process started, in seconds since the epoch.",
                Type.GAUGE, ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3));
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            Map<String, String> name = Map.of("gc", gc.getName());
            out.add(new Sample("jvm_gc_collections_total", "Garbage collections since start, per collector.",
                    Type.COUNTER, name, Math.max(0, gc.getCollectionCount())));
            out.add(new Sample("jvm_gc_collection_seconds_total", "Time spent in garbage collections since start, per"
                    + " collector.", Type.COUNTER, name, Math.max(0, gc.getCollectionTime()) / 1e3));
        }
        return out;
    }

    /** The family a sample belongs to: its name, or a histogram's name without the sample's suffix. */
    private static String family(Sample s) {
        if (s.type() == Type.HISTOGRAM) {
            for (String suffix : List.of("_bucket", "_sum", "_count")) {
                if (s.name().endsWith(suffix)) {
                    return s.name().substring(0, s.name().length() - suffix.length());
                }
            }
        }
        return s.name();
    }

    /**
     * A histogram of durations, as Prometheus's client libraries keep one: a count per bucket of
     * fixed upper bounds, their sum and their count. Observing is a few comparisons and two
     * {@link LongAdder} increments, safe from any thread.
     */
    public static final class Histogram {
        /** Upper bounds in seconds: 100 µs to 10 s, roughly three per decade. */
        static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10};
        private static final long[] BOUND_NANOS = new long[BOUNDS.length];

        static {
            for (int i = 0; i < BOUNDS.length; i++) {
                BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
            }
        }

        /** Per bucket, the observations above the bound before it and at most its own; the last unbounded. */
        private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
        private final LongAdder sumNanos = new LongAdder();

        public Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        /** Counts one duration. */
        public void observe(long nanos) {
            int i = 0;
            while (i < BOUND_NANOS.length && nanos > BOUND_NANOS[i]) {
                i++;
            }
            buckets[i].increment();
            sumNanos.add(Math.max(0, nanos));
        }

        /** The samples of the histogram {@code name} (in seconds): cumulative buckets, sum and count. */
        public List<Sample> samples(String name, String help) {
            return samples(name, help, Map.of());
        }

        /**
         * The samples of one series of the histogram {@code name}, told apart from the family's other
         * series by {@code labels} (which come before {@code le}).
         */
        public List<Sample> samples(String name, String help, Map<String, String> labels) {
            List<Sample> out = new ArrayList<>(buckets.length + 2);
            long cumulative = 0;
            for (int i = 0; i < buckets.length; i++) {
                cumulative += buckets[i].sum();
                String le = i < BOUNDS.length ? BigDecimal.valueOf(BOUNDS[i]).stripTrailingZeros().toPlainString()
                        : "+Inf";
                Map<String, String> bucket = new LinkedHashMap<>(labels);
                bucket.put("le", le);
                out.add(new Sample(name + "_bucket", help, Type.HISTOGRAM, bucket, cumulative));
            }
            out.add(new Sample(name + "_sum", help, Type.HISTOGRAM, labels, sumNanos.sum() / 1e9));
            out.add(new Sample(name + "_count", help, Type.HISTOGRAM, labels, cumulative));
            return out;
        }
    }

    /** A number as the format spells it: integers without a fraction, {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e15) {
            return BigDecimal.valueOf(v).toPlainString(); // a start time in seconds, not 1.79E9
        }
        return Double.toString(v);
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /**
     * A Neo4j-style metric name ({@code database.memgraph.ids_in_use.node}) as Neo4j's Prometheus
     * endpoint writes it: prefixed {@code neo4j_}, dots and dashes as underscores, a counter ending in
     * {@code _total}.
     */
    public static String neo4jName(String name, boolean counter) {
        String n = "neo4j_" + name.replace('.', '_').replace('-', '_');
        return counter && !n.endsWith("_total") ? n + "_total" : n;
    }
}

package io.memgraph.ha.bench;

import io.memgraph.ha.bench.workloads.CrashRestart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Writes the generated section of {@code docs/benchmarks.md}: everything between {@link #BEGIN}
 * and {@link #END} is replaced, the rest of the file is left as it was.
 */
public final class ReportWriter {
    public static final String BEGIN = "<!-- bin/bench: generated section begins; edit outside the markers -->";
    public static final String END = "<!-- bin/bench: generated section ends -->";

    private ReportWriter() {
    }

    /**
     * {@code document} with the text between the markers (markers included) replaced by
     * {@code section}; without markers, {@code section} is appended after a blank line.
     *
     * @param section the new section, starting with {@link #BEGIN} and ending with {@link #END}
     * @throws IllegalArgumentException when only one marker is there, or they are out of order
     */
    public static String replaceSection(String document, String section) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 && end < 0) {
            String sep = document.isEmpty() || document.endsWith("\n\n") ? "" : document.endsWith("\n") ? "\n" : "\n\n";
            return document + sep + section + "\n";
        }
        if (begin < 0 || end < 0 || end < begin || document.indexOf(BEGIN, begin + 1) >= 0) {
            throw new IllegalArgumentException("the document must hold " + BEGIN + " once, followed by " + END);
        }
        return document.substring(0, begin) + section + document.substring(end + END.length());
    }

    /** Replaces the section in {@code file} (created when missing), through a temporary file and a rename. */
    public static void write(Path file, String section) throws IOException {
        String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, replaceSection(old, section), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The generated section for {@code results}.
     *
     * @param charts the chart of each workload, relative to the document, by workload key
     */
    public static String render(Results results, MachineInfo machine, String command, Map<String, String> charts) {
        List<String> l = new ArrayList<>();
        l.add(BEGIN);
        l.add("## Side by side with Neo4j and etcd (`bin/bench`, generated)");
        l.add("");
        l.add("Written by `bin/bench` (module `bench/`, see `bench/README.md`); a new run replaces this section."
                + " Every system runs in its own process on this machine, driven in turn by the same closed-loop"
                + " load generator; rounds alternate between the systems. Ratios are ours / peer in throughput.");
        l.add("");
        l.add("| machine and run | |");
        l.add("|---|---|");
        l.addAll(machine.rows(command));
        l.add("");
        l.add("| goal | measured | verdict |");
        l.add("|---|---|---|");
        for (Goals.Outcome o : Goals.evaluate(results)) {
            l.add("| " + o.goal() + " | " + o.measured() + " | " + o.verdict().text() + " |");
        }
        l.add("");
        for (String w : results.workloads()) {
            l.addAll(workloadTable(results, w));
            l.addAll(cpuTable(results, w));
            if (charts.containsKey(w)) {
                l.add("![" + Workloads.title(w) + ": throughput by clients](" + charts.get(w) + ")");
                l.add("");
            }
        }
        l.addAll(others(results));
        results.notes().values().forEach(n -> {
            l.add(n);
            l.add("");
        });
        l.add(END);
        return String.join("\n", l);
    }

    /** The peer that {@code workload} compares with. */
    static String peerOf(String workload) {
        return Workloads.isCluster(workload) ? Systems.ETCD : Systems.NEO4J;
    }

    static List<String> workloadTable(Results r, String w) {
        String peer = peerOf(w);
        List<String> systems = r.systems(w);
        List<String> ours = systems.stream().filter(s -> !s.equals(peer)).toList();
        boolean overhead = systems.contains(Systems.OURS_PROXY) && systems.contains(Systems.OURS_LEADER);
        StringBuilder head = new StringBuilder("| " + Workloads.title(w) + " | clients");
        StringBuilder align = new StringBuilder("|---|---:");
        for (String s : systems) {
            head.append(" | ").append(s).append(" ops/s | p50 ms | p99 ms");
            align.append("|---:|---:|---:");
        }
        for (String s : ours) {
            head.append(" | ").append(s).append(" / ").append(peer);
            align.append("|---:");
        }
        if (overhead) {
            head.append(" | proxy overhead");
            align.append("|---:");
        }
        List<String> l = new ArrayList<>();
        l.add(head.append(" |").toString());
        l.add(align.append("|").toString());
        for (int c : r.clientCounts(w)) {
            StringBuilder row = new StringBuilder("| | " + c);
            for (String s : systems) {
                row.append(r.sample(w, c, s).map(ReportWriter::cells).orElse(" | - | - | -"));
            }
            for (String s : ours) {
                OptionalDouble ratio = r.ratio(w, c, s, peer);
                row.append(" | ").append(ratio.isPresent() ? Goals.ratio(ratio.getAsDouble()) : "-");
            }
            if (overhead) {
                OptionalDouble ratio = r.ratio(w, c, Systems.OURS_PROXY, Systems.OURS_LEADER);
                row.append(" | ").append(ratio.isPresent() ? Goals.overhead(1 - ratio.getAsDouble()) : "-");
            }
            l.add(row.append(" |").toString());
        }
        l.add("");
        return l;
    }

    /**
     * The CPU time of each system's own processes per operation (the load generator's excluded),
     * how many times ours the peer's is, and, when measured, what the load generator (the bench's
     * process, on the same cores) spent per operation while it drove each system; empty when no
     * system's CPU was measured.
     */
    static List<String> cpuTable(Results r, String w) {
        String peer = peerOf(w);
        List<String> systems = r.systems(w);
        List<String> ours = systems.stream().filter(s -> !s.equals(peer)).toList();
        if (!measured(r, w, Sample::cpuMicrosPerOp)) {
            return List.of();
        }
        boolean client = measured(r, w, Sample::clientCpuMicrosPerOp);
        StringBuilder head = new StringBuilder("| " + Workloads.title(w) + ": CPU µs per operation of the system's"
                + " own processes" + (client ? ", and of the load generator on the same cores" : "") + " | clients");
        StringBuilder align = new StringBuilder("|---|---:");
        for (String s : systems) {
            head.append(" | ").append(s);
            align.append("|---:");
        }
        for (String s : client ? systems : List.<String>of()) {
            head.append(" | load generator with ").append(s);
            align.append("|---:");
        }
        for (String s : ours) {
            head.append(" | ").append(peer).append(" / ").append(s);
            align.append("|---:");
        }
        List<String> l = new ArrayList<>();
        l.add(head.append(" |").toString());
        l.add(align.append("|").toString());
        for (int c : r.clientCounts(w)) {
            StringBuilder row = new StringBuilder("| | " + c);
            for (String s : systems) {
                row.append(" | ").append(micros(figure(r, w, c, s, Sample::cpuMicrosPerOp)));
            }
            for (String s : client ? systems : List.<String>of()) {
                row.append(" | ").append(micros(figure(r, w, c, s, Sample::clientCpuMicrosPerOp)));
            }
            for (String s : ours) {
                double ratio = figure(r, w, c, peer, Sample::cpuMicrosPerOp) / figure(r, w, c, s, Sample::cpuMicrosPerOp);
                row.append(" | ").append(Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : Goals.ratio(ratio));
            }
            l.add(row.append(" |").toString());
        }
        l.add("");
        return l;
    }

    /** Whether {@code value} is known for any system and client count of workload {@code w}. */
    private static boolean measured(Results r, String w, ToDoubleFunction<Sample> value) {
        return r.clientCounts(w).stream().anyMatch(c -> r.systems(w).stream()
                .anyMatch(s -> !Double.isNaN(figure(r, w, c, s, value))));
    }

    private static double figure(Results r, String w, int clients, String system, ToDoubleFunction<Sample> value) {
        return r.sample(w, clients, system).map(value::applyAsDouble).orElse(Double.NaN);
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String cells(Sample s) {
        String errors = s.errors() > 0 ? " (" + s.errors() + " failed)" : "";
        return String.format(Locale.ROOT, " | %.0f%s | %.2f | %.2f", s.throughput(), errors, s.p50Millis(),
                s.p99Millis());
    }

    /** A table of one row (count, p50, p99 if asked, max) under {@code header}, then every value, in ms. */
    private static void millisTable(List<String> l, String header, List<Long> millis, boolean withP99) {
        List<Long> sorted = millis.stream().sorted().toList();
        long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        if (withP99) {
            l.add("| " + header + " | p50 ms | p99 ms | max ms |");
            l.add("|---|---:|---:|---:|---:|");
            l.add(String.format(Locale.ROOT, "| | %d | %d | %d | %d |", sorted.size(), Results.percentile(sorted, 50),
                    Results.percentile(sorted, 99), max));
        } else {
            l.add("| " + header + " | p50 ms | max ms |");
            l.add("|---|---:|---:|---:|");
            l.add(String.format(Locale.ROOT, "| | %d | %d | %d |", sorted.size(), Results.percentile(sorted, 50),
                    max));
        }
        l.add("");
        l.add("All (ms): " + sorted);
        l.add("");
    }

    private static List<String> others(Results r) {
        List<String> l = new ArrayList<>();
        if (r.failoverRun()) {
            millisTable(l, "failover: kill -9 of the leader to the first successful write through the proxy sent"
                    + " after it | kills", r.failoverMillis(), true);
        }
        if (!r.silentFailoverMillis().isEmpty()) {
            millisTable(l, "failover after a silent death: SIGSTOP of the leader (it refuses no connection, as when"
                    + " its machine loses power) to the first successful write through the proxy sent after it"
                    + " | deaths", r.silentFailoverMillis(), true);
        }
        if (!r.plannedRestartMillis().isEmpty()) {
            millisTable(l, "planned restart: SIGTERM to the leader, longest pause between successful writes through the"
                    + " proxy | restarts", r.plannedRestartMillis(), false);
        }
        if (!r.restartSeconds().isEmpty()) {
            l.add("| restart to serving with a loaded graph | seconds from process start to the first answer |");
            l.add("|---|---:|");
            r.restartSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> l.add(
                    String.format(Locale.ROOT, "| %s | %.2f |", e.getKey(), e.getValue())));
            l.add("");
        }
        r.crashRestart().ifPresent(c -> {
            l.add("| restart after kill -9: memgraph_ha with a graph loaded over Bolt in transactions of "
                    + String.format(Locale.ROOT, "%,d", CrashRestart.BATCH) + " rows | vertices | edges | load s"
                    + " | seconds from process start to the first answer |");
            l.add("|---|---:|---:|---:|---:|");
            l.add(String.format(Locale.ROOT, "| | %,d | %,d | %.1f | %.2f |", c.vertices(), c.edges(), c.loadSeconds(),
                    c.restartSeconds()));
            l.add("");
        });
        if (r.heapBytesPerObject().isPresent()) {
            l.add(String.format(Locale.ROOT, "| heap bytes per graph object (vertices + edges; StorageBench) |%n"
                    + "|---:|%n| %.1f |", r.heapBytesPerObject().getAsDouble()));
            l.add("");
        }
        return l;
    }
}

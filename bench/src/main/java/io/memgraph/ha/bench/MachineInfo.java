package io.memgraph.ha.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The machine and the software a run measured, for the head of the report. */
public final class MachineInfo {
    private final Map<String, String> versions = new LinkedHashMap<>();
    private final String cpuModel;
    private final int cores;
    private final double ramGiB;
    private final String kernel;
    private final String date;
    private String loadAverage = "-";

    public MachineInfo(String cpuModel, int cores, double ramGiB, String kernel, String date) {
        this.cpuModel = cpuModel;
        this.cores = cores;
        this.ramGiB = ramGiB;
        this.kernel = kernel;
        this.date = date;
    }

    /** This machine, now (UTC). */
    public static MachineInfo probe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        double ram = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Long.parseLong(v.replace("kB", "").trim()) / 1024.0 / 1024.0).orElse(0.0);
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
        try {
            // bin/bench gives our servers' heaps huge pages when this says "madvise", as our launchers do
            String thp = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).trim();
            int open = thp.indexOf('[');
            int close = thp.indexOf(']');
            if (open >= 0 && close > open) {
                kernel += " (transparent huge pages: " + thp.substring(open + 1, close) + ")";
            }
        } catch (IOException | RuntimeException e) {
            // no such setting here: leave it out
        }
        String date = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
        MachineInfo m = new MachineInfo(cpu, Runtime.getRuntime().availableProcessors(), ram, kernel, date);
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            m.loadAverage = load[0] + ", " + load[1] + ", " + load[2] + " (1, 5, 15 min)";
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        m.version("JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    /** Records the version of {@code software} (e.g. "Neo4j"); later calls for it replace earlier ones. */
    public void version(String software, String version) {
        versions.put(software, version);
    }

    /** The Markdown rows of the machine table (without its header). */
    public List<String> rows(String command) {
        String v = String.join(", ", versions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
        return List.of(
                "| date | " + date + " |",
                "| CPU | " + cpuModel + " |",
                "| cores | " + cores + " |",
                String.format(Locale.ROOT, "| RAM | %.1f GiB |", ramGiB),
                "| kernel | " + kernel + " |",
                "| load average at the start | " + loadAverage + " |",
                "| versions | " + v + " |",
                "| command | `" + command + "` |");
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return java.util.Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}

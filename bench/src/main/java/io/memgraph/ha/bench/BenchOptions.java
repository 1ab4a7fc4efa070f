package io.memgraph.ha.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code bin/bench}. {@code --quick} and the hidden {@code --smoke} choose
 * smaller presets; single settings can be overridden after them.
 *
 * @param jitWarmup how long each system of a group runs its workloads, once, before the group's first
 *     measurement: the servers' JIT compilers take tens of seconds of load to settle, far longer
 *     than the warm-up before each measurement
 * @param kills how often the failover group kills the leader ({@code kill -9})
 * @param freezes how often it then stops the leader silently ({@code SIGSTOP}: a death that refuses no
 *     connection, as a power loss)
 * @param plannedRestarts how often it then restarts the leader with SIGTERM (a planned restart)
 * @param only the groups ({@code single}, {@code cluster}, {@code failover}, {@code restart},
 *     {@code memory}) or workload keys to run; empty for all
 * @param logs where to write the cluster's servers' and proxy's output when the cluster group ends;
 *     null to keep it only in memory (it is printed when a server fails to start)
 */
public record BenchOptions(String preset, List<Integer> clients, Duration jitWarmup, Duration warmup, Duration run,
        int rounds, int kills, int freezes, int plannedRestarts, int persons, int degree, int heapVertices, int restartVertices,
        Set<String> only, Path docs, Path images, boolean write, Path logs, List<String> args) {

    /** The settings of {@code --smoke}, {@code --quick} and the full run. */
    private record Preset(List<Integer> clients, int jitWarmupSec, int warmupSec, int runSec, int rounds, int kills,
            int freezes, int plannedRestarts, int persons, int heapVertices, int restartVertices) {
        static final Preset SMOKE = new Preset(List.of(2), 0, 0, 1, 2, 1, 1, 1, 1_000, 20_000, 10_000);
        static final Preset QUICK = new Preset(List.of(8, 32), 10, 2, 4, 2, 3, 3, 2, 10_000, 200_000, 100_000);
        static final Preset FULL = new Preset(List.of(1, 8, 32, 128), 30, 10, 10, 3, 20, 20, 5, 100_000, 1_000_000,
                1_000_000);
    }

    /** The groups {@code --only} knows, besides workload keys. */
    public static final List<String> GROUPS = List.of("single", "cluster", "failover", "restart", "memory");

    public static final String USAGE = """
            usage: bin/bench [--quick] [--only=GROUP|WORKLOAD,...] [--no-write]
                             [--clients=1,8,32,128] [--jit-warmup-sec=N] [--warmup-sec=N] [--run-sec=N]
                             [--rounds=N]
                             [--kills=N] [--freezes=N] [--planned-restarts=N] [--persons=N]
                             [--restart-vertices=N]
                             [--docs=docs/benchmarks.md] [--images=docs/img] [--logs=DIR]
              groups: single (create, point-read, one-hop, two-hop, mix-90-10 against Neo4j),
                      cluster (cluster-write against etcd), failover, restart, memory
              --logs=DIR: write the cluster's server and proxy output there (server-N.log, proxy.log),
                and every cluster process's collections and safepoints (gc-<pid>.log)""";

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException for an unknown or malformed argument, with the reason
     */
    public static BenchOptions parse(String... args) {
        List<String> list = List.of(args);
        String preset = list.contains("--smoke") ? "smoke" : list.contains("--quick") ? "quick" : "full";
        Preset p = switch (preset) {
            case "smoke" -> Preset.SMOKE;
            case "quick" -> Preset.QUICK;
            default -> Preset.FULL;
        };
        List<Integer> clients = p.clients();
        int jitWarmup = p.jitWarmupSec();
        int warmup = p.warmupSec();
        int run = p.runSec();
        int rounds = p.rounds();
        int kills = p.kills();
        int freezes = p.freezes();
        int plannedRestarts = p.plannedRestarts();
        int persons = p.persons();
        int heapVertices = p.heapVertices();
        int restartVertices = p.restartVertices();
        int degree = 5;
        Set<String> only = Set.of();
        Path docs = Path.of("docs/benchmarks.md");
        Path images = Path.of("docs/img");
        boolean write = !preset.equals("smoke");
        Path logs = null;
        for (String a : args) {
            if (a.equals("--quick") || a.equals("--smoke")) {
                continue;
            }
            if (a.equals("--no-write")) {
                write = false;
                continue;
            }
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("unknown argument " + a);
            }
            String name = a.substring(2, eq);
            String value = a.substring(eq + 1);
            switch (name) {
                case "clients" -> clients = Arrays.stream(value.split(",")).map(v -> positive(name, v)).toList();
                case "jit-warmup-sec" -> jitWarmup = atLeast(name, value, 0);
                case "warmup-sec" -> warmup = atLeast(name, value, 0);
                case "run-sec" -> run = positive(name, value);
                case "rounds" -> rounds = positive(name, value);
                case "kills" -> kills = atLeast(name, value, 0);
                case "freezes" -> freezes = atLeast(name, value, 0);
                case "planned-restarts" -> plannedRestarts = atLeast(name, value, 0);
                case "persons" -> persons = positive(name, value);
                case "restart-vertices" -> restartVertices = positive(name, value);
                case "only" -> only = Set.copyOf(Arrays.asList(value.split(",")));
                case "docs" -> docs = Path.of(value);
                case "images" -> images = Path.of(value);
                case "logs" -> logs = Path.of(value);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        return new BenchOptions(preset, clients, Duration.ofSeconds(jitWarmup), Duration.ofSeconds(warmup),
                Duration.ofSeconds(run), rounds, kills, freezes, plannedRestarts, persons, degree, heapVertices, restartVertices,
                only, docs, images, write, logs, list);
    }

    /** Whether to run what belongs to {@code group} under the key {@code key}. */
    public boolean wants(String group, String key) {
        return only.isEmpty() || only.contains(group) || only.contains(key);
    }

    /** Whether anything of {@code group} is to run. */
    public boolean wantsAny(String group, List<String> keys) {
        return only.isEmpty() || only.contains(group) || keys.stream().anyMatch(only::contains);
    }

    /** The command as a user would type it. */
    public String command() {
        return String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("bin/bench"), args.stream())
                .toList());
    }

    private static int positive(String name, String value) {
        return atLeast(name, value, 1);
    }

    private static int atLeast(String name, String value, int min) {
        int v;
        try {
            v = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, not " + value);
        }
        if (v < min) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min + ", not " + v);
        }
        return v;
    }
}

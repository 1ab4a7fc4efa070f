package io.memgraph.ha.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of a process's threads, user and kernel apart, summed per kind of thread: the name
 * with its trailing digits replaced by {@code #}, so that {@code bolt-worker-5-12} and
 * {@code bolt-worker-5-3} count as {@code bolt-worker-5-#}. Read on Linux from
 * {@code /proc/<pid>/task/<tid>/stat}, in clock ticks ({@link #TICK_NANOS}). A reading also holds the
 * whole process's ticks ({@code /proc/<pid>/stat}, ended threads included), so that {@link #between}
 * can report the time of threads that ended between two readings (a server's snapshot writer, say)
 * under {@link #ENDED}.
 */
public final class ThreadCpu {
    /** The kernel's clock tick for these counters ({@code USER_HZ}, 100 on Linux). */
    public static final long TICK_NANOS = 10_000_000;
    /** The kind under which {@link #between} puts the time of threads that ended between the readings. */
    public static final String ENDED = "(threads that ended)";
    /** The key of the whole process's ticks in a reading of {@link #of}; {@link #between} drops it. */
    static final String PROCESS = "(process)";

    /** User and kernel ticks. */
    public record Ticks(long user, long system) {
        Ticks plus(Ticks o) {
            return new Ticks(user + o.user, system + o.system);
        }

        Ticks minus(Ticks o) {
            return new Ticks(user - o.user, system - o.system);
        }
    }

    private ThreadCpu() {
    }

    /**
     * The ticks of the live threads of process {@code pid} by kind of thread, sorted by name, and the
     * whole process's under {@link #PROCESS} (read first, so that a thread ending meanwhile is not
     * counted twice).
     */
    public static Map<String, Ticks> of(long pid) {
        Map<String, Ticks> byKind = new TreeMap<>();
        try {
            byKind.put(PROCESS, parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))).getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException e) {
                    continue; // the thread ended while the directory was read
                }
                Map.Entry<String, Ticks> e = parseStat(stat);
                byKind.merge(e.getKey(), e.getValue(), Ticks::plus);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the threads of process " + pid, e);
        }
        return byKind;
    }

    /** The ticks of all {@code threads} together. */
    public static Ticks total(Map<String, Ticks> threads) {
        return threads.values().stream().reduce(new Ticks(0, 0), Ticks::plus);
    }

    /**
     * What each kind of thread used between {@code before} and {@code after}, and under {@link #ENDED}
     * what the process used beyond that (threads that ended in between) when it is not zero; so the
     * {@link #total} is the whole process's.
     */
    public static Map<String, Ticks> between(Map<String, Ticks> before, Map<String, Ticks> after) {
        Map<String, Ticks> used = new TreeMap<>();
        Ticks zero = new Ticks(0, 0);
        after.forEach((kind, ticks) -> {
            if (!kind.equals(PROCESS)) {
                used.put(kind, ticks.minus(before.getOrDefault(kind, zero)));
            }
        });
        Ticks process = after.getOrDefault(PROCESS, zero).minus(before.getOrDefault(PROCESS, zero));
        Ticks ended = process.minus(total(used));
        if (after.containsKey(PROCESS) && !ended.equals(zero)) {
            used.put(ENDED, ended);
        }
        return used;
    }

    /**
     * The kind of thread and its ticks from one {@code stat} line: {@code pid (comm) state ...},
     * where {@code comm} may hold spaces and parentheses, and user and kernel time are the 14th and
     * 15th fields.
     */
    static Map.Entry<String, Ticks> parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        String[] rest = stat.substring(close + 2).trim().split(" ");
        // rest[0] is the 3rd field (state), so utime (14th) is rest[11] and stime (15th) rest[12]
        Ticks ticks = new Ticks(Long.parseLong(rest[11]), Long.parseLong(rest[12]));
        return Map.entry(kind(stat.substring(open + 1, close)), ticks);
    }

    /** {@code name} with its trailing digits replaced by {@code #}. */
    static String kind(String name) {
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        return end == name.length() ? name : name.substring(0, end) + "#";
    }
}

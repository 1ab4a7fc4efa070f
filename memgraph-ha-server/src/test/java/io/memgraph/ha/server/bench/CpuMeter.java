package io.memgraph.ha.server.bench;

import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time spent during one measurement, per operation: by the proxy's event loops (threads named
 * {@code proxy-worker*} of this JVM), by the rest of this JVM (the driver and its clients), and by
 * the cluster's server processes (from {@code /proc/<pid>/stat}).
 *
 * <p>On a machine whose cores the servers, the clients and the proxy share, throughput follows the
 * CPU each query costs, so these figures tell what the proxy costs even when another load on the
 * machine makes throughput itself drift between runs.
 */
final class CpuMeter {
    static final String HEADER = " | proxy CPU µs/op | client CPU µs/op | servers CPU µs/op";
    static final String ALIGN = "|---:|---:|---:";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private final ClusterHarness cluster;
    private final Map<Long, Long> proxyThreads;
    private final long process;
    private final long servers;

    private CpuMeter(ClusterHarness cluster) {
        this.cluster = cluster;
        this.proxyThreads = proxyThreadTimes();
        this.process = processNanos();
        this.servers = serverNanos(cluster);
    }

    static CpuMeter start(ClusterHarness cluster) {
        return new CpuMeter(cluster);
    }

    /** CPU nanoseconds since the start: the proxy's, the rest of this JVM's, the servers'. */
    Spent stop() {
        long proxy = 0;
        for (Map.Entry<Long, Long> e : proxyThreadTimes().entrySet()) {
            proxy += e.getValue() - proxyThreads.getOrDefault(e.getKey(), 0L);
        }
        return new Spent(proxy, processNanos() - process - proxy, serverNanos(cluster) - servers);
    }

    /** CPU nanoseconds spent by the proxy, the client side of this JVM and the servers. */
    record Spent(long proxy, long client, long servers) {
        static final Spent NONE = new Spent(0, 0, 0);

        Spent plus(Spent o) {
            return new Spent(proxy + o.proxy, client + o.client, servers + o.servers);
        }

        /** The table cells for {@code ops} operations. */
        String perOp(long ops) {
            if (ops == 0) {
                return " | - | - | -";
            }
            return String.format(Locale.ROOT, " | %.0f | %.0f | %.0f", proxy / 1e3 / ops, client / 1e3 / ops,
                    servers / 1e3 / ops);
        }
    }

    private static Map<Long, Long> proxyThreadTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("proxy-worker")) {
                long cpu = THREADS.getThreadCpuTime(t.getId());
                if (cpu >= 0) {
                    times.put(t.getId(), cpu);
                }
            }
        }
        return times;
    }

    private static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long serverNanos(ClusterHarness cluster) {
        long total = 0;
        if (cluster == null) {
            return 0;
        }
        for (ClusterServer s : cluster.servers()) {
            if (!s.isRunning()) {
                continue;
            }
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(s.pid()), "stat"));
                // the fields after the command name (which may hold spaces) in parentheses
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * CLOCK_TICK_NANOS; // utime, stime
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CPU time of " + s, e);
            }
        }
        return total;
    }
}

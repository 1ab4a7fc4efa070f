package io.memgraph.ha.faults.suite;

import io.memgraph.ha.faults.net.FaultNetwork;
import io.memgraph.ha.faults.net.RelayLink;
import io.memgraph.ha.faults.schedule.FaultKind;
import io.memgraph.ha.faults.schedule.PlannedFault;
import io.memgraph.ha.server.cluster.ClusterHarness;
import io.memgraph.ha.server.cluster.ClusterServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects one {@link PlannedFault} at a time into a running cluster, keeps it for its duration and
 * heals it (in a finally block: a fault never outlives its call). Roles in the plan (the leader, a
 * follower) are resolved to server ids when the fault begins.
 */
final class Nemesis {
    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
    private static final Duration LEADER_WAIT = Duration.ofSeconds(20);

    private final ClusterHarness cluster;
    private final FaultNetwork network;
    private final TmpfsDisk disk;
    private final int diskServer;
    private final String noDiskReason;
    private final LongSupplier clock;
    private final Set<Integer> paused = ConcurrentHashMap.newKeySet();

    /**
     * What happened for one planned fault.
     *
     * @param plan the plan
     * @param target the server(s) it hit, e.g. {@code server 2}
     * @param detail what was done, or why it was skipped
     * @param skipped true when it could not be injected here
     * @param startNanos when it began, on the history's clock
     * @param inPlaceNanos when the fault was in place (the signal delivered, the process dead, the
     *     links cut, the disk full); {@code startNanos} when skipped
     * @param healNanos when its healing began; {@code endNanos} when skipped
     * @param endNanos when it was healed
     */
    record Executed(PlannedFault plan, String target, String detail, boolean skipped, long startNanos,
            long inPlaceNanos, long healNanos, long endNanos) {
        @Override
        public String toString() {
            return plan + ": " + (skipped ? "SKIPPED " : "") + target + ", " + detail + " [" + startNanos / 1_000_000
                    + " ms, in place " + inPlaceNanos / 1_000_000 + " ms, healing " + healNanos / 1_000_000 + " ms .. "
                    + endNanos / 1_000_000 + " ms]";
        }
    }

    /**
     * @param disk the tmpfs on {@code diskServer}'s directory, or null (then {@code noDiskReason} says why)
     * @param clock the history's clock, for the fault log
     */
    Nemesis(ClusterHarness cluster, FaultNetwork network, TmpfsDisk disk, int diskServer, String noDiskReason,
            LongSupplier clock) {
        this.cluster = cluster;
        this.network = network;
        this.disk = disk;
        this.diskServer = diskServer;
        this.noDiskReason = noDiskReason;
        this.clock = clock;
    }

    /** Servers stopped with SIGSTOP right now (probes must not wait on them). */
    Set<Integer> paused() {
        return paused;
    }

    /** Injects {@code f}, waits its duration, heals it. */
    Executed inject(PlannedFault f) throws InterruptedException {
        long start = clock.getAsLong();
        int leader = cluster.awaitLeader(LEADER_WAIT);
        List<Integer> followers = new ArrayList<>();
        for (ClusterServer s : cluster.servers()) {
            if (s.id() != leader) {
                followers.add(s.id());
            }
        }
        int follower = followers.get(f.choice() % followers.size());
        List<Integer> all = cluster.servers().stream().map(ClusterServer::id).toList();
        RelayLink.Mode cutMode = f.choice() % 2 == 0 ? RelayLink.Mode.DROP : RelayLink.Mode.BLACKHOLE;
        String target;
        String detail;
        boolean skipped = false;
        long inPlace = -1;
        long heal = -1;
        LOG.info("Fault {} begins (leader is server {})", f, leader);
        try {
            switch (f.kind()) {
                case KILL_LEADER, KILL_FOLLOWER -> {
                    int victim = f.kind() == FaultKind.KILL_LEADER ? leader : follower;
                    target = "server " + victim;
                    kill9(victim);
                    inPlace = clock.getAsLong();
                    Thread.sleep(f.durationMillis());
                    heal = clock.getAsLong();
                    start(victim);
                    detail = "kill -9, restarted";
                }
                case PAUSE_LEADER -> {
                    target = "server " + leader;
                    long pid = cluster.server(leader).pid();
                    signal("STOP", pid);
                    if (!ClusterServer.awaitStopped(pid, Duration.ofSeconds(1))) {
                        LOG.warn("pid {} is not stopped 1 s after SIGSTOP", pid);
                    }
                    inPlace = clock.getAsLong();
                    paused.add(leader);
                    try {
                        Thread.sleep(f.durationMillis());
                    } finally {
                        heal = clock.getAsLong();
                        signal("CONT", pid);
                        paused.remove(leader);
                    }
                    detail = "SIGSTOP pid " + pid + ", SIGCONT";
                }
                case PARTITION_LEADER, PARTITION_MINORITY -> {
                    int isolated = f.kind() == FaultKind.PARTITION_LEADER ? leader : follower;
                    target = "server " + isolated;
                    network.isolate(isolated, all, cutMode);
                    inPlace = clock.getAsLong();
                    Thread.sleep(f.durationMillis());
                    detail = "isolated both ways (" + cutMode + ")";
                }
                case ONE_WAY_LOSS -> {
                    boolean outbound = (f.choice() / 2) % 2 == 0;
                    target = "server " + leader;
                    for (int other : followers) {
                        if (outbound) {
                            network.cut(leader, other, RelayLink.Mode.BLACKHOLE);
                        } else {
                            network.cut(other, leader, RelayLink.Mode.BLACKHOLE);
                        }
                    }
                    inPlace = clock.getAsLong();
                    Thread.sleep(f.durationMillis());
                    detail = (outbound ? "everything the leader sends" : "everything the leader receives") + " lost";
                }
                case DISK_FULL -> {
                    target = "server " + diskServer;
                    if (disk == null) {
                        skipped = true;
                        detail = noDiskReason;
                        LOG.warn("Skipping {}: {}", f, noDiskReason);
                    } else {
                        long bytes = fill();
                        inPlace = clock.getAsLong();
                        Thread.sleep(f.durationMillis());
                        detail = "filled " + disk.mountPoint() + " with " + (bytes >> 20) + " MiB";
                    }
                }
                case RESTART_COLD -> {
                    int victim = all.get(f.choice() % all.size());
                    target = "server " + victim + (victim == leader ? " (leader)" : "");
                    kill9(victim);
                    inPlace = clock.getAsLong();
                    String dropped = dropCaches();
                    Thread.sleep(Math.min(f.durationMillis(), 1000));
                    heal = clock.getAsLong();
                    start(victim);
                    detail = "kill -9, " + (dropped == null ? "page cache dropped" : "page cache NOT dropped: " + dropped)
                            + ", restarted";
                }
                default -> throw new IllegalStateException("unknown fault " + f.kind());
            }
        } finally {
            if (heal < 0) {
                heal = clock.getAsLong();
            }
            healAll();
        }
        long end = clock.getAsLong();
        Executed e = new Executed(f, target, detail, skipped, start, skipped || inPlace < 0 ? start : inPlace,
                skipped ? end : heal, end);
        LOG.info("Fault healed: {}", e);
        return e;
    }

    /** Kills server {@code id} with SIGKILL; connections to it are refused until {@link #start}. */
    private void kill9(int id) {
        cluster.server(id).kill9();
        network.serverDown(id);
    }

    /** Starts server {@code id} again, its relays listening first. */
    private void start(int id) {
        network.serverUp(id);
        cluster.server(id).start();
    }

    /**
     * Heals everything: every link passes and listens, no server is paused, the full disk is freed,
     * every server that is not running is started.
     */
    void healAll() {
        network.heal();
        for (ClusterServer s : cluster.servers()) {
            network.serverUp(s.id()); // listening again, in case a kill's own restart was skipped
        }
        for (ClusterServer s : cluster.servers()) {
            if (s.isRunning()) {
                // Harmless when it was not stopped; certain when a pause's own CONT was skipped.
                signal("CONT", s.pid());
            }
        }
        paused.clear();
        if (disk != null) {
            try {
                disk.free();
            } catch (IOException e) {
                throw new IllegalStateException("cannot free the full disk " + disk.mountPoint(), e);
            }
        }
        for (ClusterServer s : cluster.servers()) {
            if (!s.isRunning()) {
                LOG.warn("{} is not running after a fault (exit code {}); starting it. Its last lines:\n{}", s,
                        s.exitCode().orElse(null), s.tail(20));
                s.start();
            }
        }
    }

    private long fill() {
        try {
            return disk.fill();
        } catch (IOException e) {
            throw new IllegalStateException("cannot fill " + disk.mountPoint(), e);
        }
    }

    /** Drops the page cache; null when done, else why not. */
    static String dropCaches() {
        if (!Files.isWritable(DROP_CACHES)) {
            return DROP_CACHES + " is not writable (not root?)";
        }
        String sync = TmpfsDisk.run(List.of("sync"));
        if (sync != null) {
            return "sync: " + sync;
        }
        try {
            Files.writeString(DROP_CACHES, "3");
            return null;
        } catch (IOException e) {
            return "cannot write " + DROP_CACHES + ": " + e;
        }
    }

    private static void signal(String signal, long pid) {
        String problem = TmpfsDisk.run(List.of("kill", "-" + signal, Long.toString(pid)));
        if (problem != null) {
            LOG.warn("kill -{} {}: {}", signal, pid, problem);
        }
    }
}

package io.memgraph.ha.server.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses TCP ports on 127.0.0.1 that are free right now.
 *
 * <p>The ports are taken from below the kernel's ephemeral range (read from
 * {@code /proc/sys/net/ipv4/ip_local_port_range}, else assumed to start at 32768), so that the
 * outgoing connections of drivers and Raft peers, which get ephemeral ports, cannot take a port of
 * a server that is down for a restart. Each candidate is bound once to check that it is free; another
 * process may still bind it between the check and the server's start (unlikely, not impossible).
 */
final class FreePorts {
    private static final int LOWEST = 15000;
    private static final int ATTEMPTS = 10_000;

    private FreePorts() {
    }

    /**
     * {@code count} distinct ports that could be bound on 127.0.0.1 when this method looked.
     *
     * @throws IllegalStateException when not enough free ports are found
     */
    static List<Integer> pick(int count) {
        int highest = ephemeralRangeStart() - 1;
        Set<Integer> chosen = new HashSet<>();
        List<Integer> ports = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ATTEMPTS && ports.size() < count; i++) {
            int port = highest > LOWEST ? random.nextInt(LOWEST, highest + 1) : 0;
            int bound = tryBind(port);
            if (bound > 0 && chosen.add(bound)) {
                ports.add(bound);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("found only " + ports.size() + " of " + count + " free ports on 127.0.0.1");
        }
        return ports;
    }

    /** The bound port, or -1 when {@code port} cannot be bound (0 = any ephemeral port). */
    private static int tryBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName(ClusterServer.HOST), port));
            return s.getLocalPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int ephemeralRangeStart() {
        try {
            // Not Files.readString: it trusts the size procfs reports and can return a truncated text.
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                    .split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}

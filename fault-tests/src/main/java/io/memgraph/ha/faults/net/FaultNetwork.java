package io.memgraph.ha.faults.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RelayLink} for each direction of each pair of servers 1..n: server {@code i} reaches
 * server {@code j} at {@link #port(int, int) port(i, j)}, which forwards to {@code j}'s RPC port.
 * Partitions are made by setting links' modes; {@link #heal()} passes everything again. A server
 * whose process is gone is announced with {@link #serverDown}, so that connections to it are
 * refused, and {@link #serverUp} when it starts again.
 */
public final class FaultNetwork implements AutoCloseable {
    private final int size;
    private final Map<Long, RelayLink> links = new LinkedHashMap<>();

    /**
     * @param rpcPorts the servers' RPC ports, server 1 first
     */
    public FaultNetwork(List<Integer> rpcPorts) throws IOException {
        this.size = rpcPorts.size();
        try {
            for (int from = 1; from <= size; from++) {
                for (int to = 1; to <= size; to++) {
                    if (from != to) {
                        links.put(key(from, to), new RelayLink(from + "->" + to, rpcPorts.get(to - 1)));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The port server {@code from} must use to reach server {@code to}. */
    public int port(int from, int to) {
        return link(from, to).port();
    }

    /** The link that carries what {@code from} sends to {@code to}. */
    public RelayLink link(int from, int to) {
        RelayLink l = links.get(key(from, to));
        if (l == null) {
            throw new IllegalArgumentException("no link " + from + "->" + to + " among " + size + " servers");
        }
        return l;
    }

    /** Cuts everything {@code from} sends to {@code to}, in {@code mode}. */
    public void cut(int from, int to, RelayLink.Mode mode) {
        link(from, to).setMode(mode);
    }

    /** Cuts both directions between {@code a} and every server in {@code others}. */
    public void isolate(int a, Collection<Integer> others, RelayLink.Mode mode) {
        for (int b : others) {
            if (b != a) {
                cut(a, b, mode);
                cut(b, a, mode);
            }
        }
    }

    /**
     * Server {@code id}'s process is gone: the links to it refuse connections, as its own port
     * would ({@link RelayLink#targetDown()}), until {@link #serverUp}.
     */
    public void serverDown(int id) {
        linksInto(id).forEach(RelayLink::targetDown);
    }

    /** Server {@code id} runs again (or is about to): the links to it listen again. */
    public void serverUp(int id) {
        linksInto(id).forEach(RelayLink::targetUp);
    }

    /** The links that carry what the other servers send to {@code id}. */
    private List<RelayLink> linksInto(int id) {
        List<RelayLink> into = new ArrayList<>();
        for (int from = 1; from <= size; from++) {
            if (from != id) {
                into.add(link(from, id));
            }
        }
        return into;
    }

    /** Every link forwards again. */
    public void heal() {
        for (RelayLink l : links.values()) {
            l.setMode(RelayLink.Mode.PASS);
        }
    }

    /** The links not passing traffic, for logs. */
    public List<String> cutLinks() {
        List<String> cut = new ArrayList<>();
        for (RelayLink l : links.values()) {
            if (l.mode() != RelayLink.Mode.PASS) {
                cut.add(l.toString());
            }
        }
        return cut;
    }

    @Override
    public void close() {
        for (RelayLink l : links.values()) {
            l.close();
        }
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | to;
    }
}

package io.memgraph.ha.proxy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the proxy believes the leader is, shared by all sessions. Learnt from the metadata of every
 * HELLO answer a server gives (its {@code role}, and the {@code leader} Bolt address it knows) and
 * forgotten when a connection to the leader fails; the background refresh asks every endpoint.
 * A server whose HELLO answer has no {@code role} is a standalone server and counts as a leader.
 */
final class LeaderLocator {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderLocator.class);

    private final List<Endpoint> endpoints;
    private volatile String leader;

    LeaderLocator(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** The leader's Bolt address ({@code host:port}), or null when unknown. */
    String leader() {
        return leader;
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Whether a HELLO answer says that the server answering it is the leader. */
    static boolean saysLeader(Map<String, Object> hello) {
        Object role = hello.get("role");
        return role == null || "leader".equals(role);
    }

    /** The leader address a HELLO answer names, or null. */
    static String namedLeader(Map<String, Object> hello) {
        return hello.get("leader") instanceof String s && !s.isBlank() ? s : null;
    }

    /** Learns from the HELLO answer of the server at {@code address}. */
    void learn(String address, Map<String, Object> hello) {
        String before = leader;
        if (saysLeader(hello)) {
            leader = address;
        } else if (namedLeader(hello) != null) {
            leader = namedLeader(hello);
        } else if (address.equals(before)) {
            leader = null;
        }
        if (before == null ? leader != null : !before.equals(leader)) {
            LOG.info("Leader is now {} (learnt from {})", leader == null ? "unknown" : leader, address);
        }
    }

    /** Forgets {@code address} as the leader (a connection to it failed, or it said it is not). */
    void forget(String address) {
        if (address != null && address.equals(leader)) {
            leader = null;
            LOG.info("Leader {} is gone; searching", address);
        }
    }

    /** Every endpoint's address, the leader's (if it is not among them) too. */
    List<String> everyAddress() {
        Set<String> out = new LinkedHashSet<>();
        String l = leader;
        if (l != null) {
            out.add(l);
        }
        for (Endpoint e : endpoints) {
            out.add(e.toString());
        }
        return new ArrayList<>(out);
    }
}

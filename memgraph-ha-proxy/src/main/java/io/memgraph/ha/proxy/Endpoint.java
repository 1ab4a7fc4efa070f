package io.memgraph.ha.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * One server's Bolt endpoint, {@code host:port}; the host may be a name, resolved at each connect.
 *
 * @param host an IP address or host name ({@code [::1]} style brackets removed)
 * @param port 1..65535
 */
public record Endpoint(String host, int port) {

    /** Checks the ranges. */
    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("an endpoint needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1..65535");
        }
    }

    /**
     * Parses {@code host:port} ({@code [v6]:port} for IPv6).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Endpoint parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (write an IPv6 address as [addr]:port)");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' has port " + port + ", outside 1..65535");
        }
        return new Endpoint(host, port);
    }

    /** Parses a comma-separated list; empty items are refused. */
    public static List<Endpoint> parseList(String text) {
        List<Endpoint> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' has an empty endpoint");
            }
            out.add(parse(item));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

package io.memgraph.ha.query.show;

import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one database, {@value #NAME}, as {@code SHOW DATABASES} lists it: like a Neo4j 5 cluster, one
 * row per server that hosts it, with that server's Bolt address and whether it takes the writes.
 * Every server is a primary (a voting Raft member); the database is the default and home one,
 * standard, read-write, and has no aliases or constituents.
 */
public final class Databases {
    /** The database's name: what ROUTE answers and {@code SHOW DATABASES} lists. */
    public static final String NAME = "memgraph";

    private Databases() {
    }

    /**
     * One server of the cluster (every one hosts the database), as the server answering knows it.
     *
     * @param serverId its id
     * @param address its Bolt address, {@code host:port}, or null while the server answering does
     *     not know it (a peer that has not connected yet)
     * @param writer whether it takes the writes (the leader, or a sole server)
     * @param online whether the server answering knows it is up (itself; a peer it heard from lately)
     */
    public record Host(String serverId, String address, boolean writer, boolean online) {}

    /**
     * Where the servers come from: asked on each {@code SHOW DATABASES} and {@code SHOW SERVERS},
     * so it must be cheap.
     */
    @FunctionalInterface
    public interface Hosts {
        /** Every server of the cluster, in the order to list them. */
        List<Host> hosts();
    }

    /** A server on its own (an engine without a cluster): one row, this server, at Neo4j's standalone address. */
    public static Hosts standalone(String serverId) {
        List<Host> one = List.of(new Host(serverId, "localhost:7687", true, true));
        return () -> one;
    }

    /**
     * The full table of {@code command}: a row per host whose Bolt address is known, every column of
     * {@link ShowColumns#of} it, or none when it names another database.
     *
     * @param parameters the query's parameters (a name given as {@code $p})
     * @throws CypherException {@code TypeError} when the name's parameter is not a string
     */
    public static List<Object[]> table(Statement.ShowDatabases command, Map<String, Object> parameters,
                                       List<Host> servers) {
        if (command.scope() == Statement.DatabaseScope.NAMED && !NAME.equals(normalized(command, parameters))) {
            return List.of();
        }
        // a row per server whose Bolt address is known here (those the routing table lists)
        List<Host> hosts = servers.stream().filter(h -> h.address() != null).toList();
        boolean defaultAndHome = command.listsDefaultAndHome();
        long online = hosts.stream().filter(Host::online).count();
        List<Object[]> rows = new ArrayList<>(hosts.size());
        for (Host h : hosts) {
            List<Object> row = new ArrayList<>(26);
            row.addAll(List.of(NAME, "standard", List.of(), "read-write"));
            row.add(null); // databaseID: no store id
            row.addAll(List.of(h.serverId(), h.address(), "primary", h.writer(), "online",
                    h.online() ? "online" : "unknown",
                    h.online() ? "" : "Server " + h.serverId() + " has not been heard from lately"));
            if (defaultAndHome) {
                row.addAll(List.of(true, true));
            }
            row.addAll(List.of(online, 0L));
            // requested counts (no topology is requested), creation/start/stop times, store and last
            // committed transaction: not known here
            for (int i = 0; i < 7; i++) {
                row.add(null);
            }
            row.add(hosts.size() == 1 ? (Object) 0L : null); // replicationLag: a sole server is never behind
            row.add(List.of());
            row.add(Map.of());
            rows.add(row.toArray());
        }
        return rows;
    }

    /** The name a {@code SHOW DATABASE name} asks for, lower case as Neo4j compares database names. */
    private static String normalized(Statement.ShowDatabases command, Map<String, Object> parameters) {
        return named(command.name(), command.parameter(), parameters, "the database name").toLowerCase(Locale.ROOT);
    }

    /**
     * The name a command gives as a name ({@code literal}) or in a parameter ({@code parameter}, not null then).
     *
     * @param what what the name is, for the error ({@code the database name})
     * @throws CypherException {@code TypeError} when the parameter does not hold a string
     */
    public static String named(String literal, String parameter, Map<String, Object> parameters, String what) {
        if (parameter == null) {
            return literal;
        }
        Object value = parameters.get(parameter);
        if (!(value instanceof String s)) {
            throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "Expected a String as " + what + " in $"
                    + parameter + " but was " + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return s;
    }
}

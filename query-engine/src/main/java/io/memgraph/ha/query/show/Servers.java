package io.memgraph.ha.query.show;

import io.memgraph.ha.query.exec.Procedures;

import java.util.ArrayList;
import java.util.List;

/**
 * The servers of the cluster as Neo4j 5's {@code SHOW SERVERS} lists them: one row per member of
 * the Raft cluster, in {@code coordination.json}'s order. Membership is static, so every member is
 * {@code Enabled}, hosts the one database and may only hold it as a primary (a voting member).
 */
public final class Servers {
    private Servers() {
    }

    /**
     * The full table: a row per server, every column of {@link ShowColumns#SERVERS}.
     *
     * <p>{@code serverId} is the id in {@code coordination.json} ({@code SHOW DATABASES}'s
     * {@code serverID}) and {@code name} {@code server-<id>} ({@code dbms.info()}'s); {@code address}
     * its Bolt address, null while the answering server does not know it; {@code health}
     * {@code Available} for the answering server and a peer it heard from lately, else
     * {@code Unavailable}; no HTTP ports, tags or database filters; {@code version} the Neo4j version
     * every server here speaks ({@link Procedures#NEO4J_VERSION}).
     */
    public static List<Object[]> table(List<Databases.Host> hosts) {
        List<Object[]> rows = new ArrayList<>(hosts.size());
        List<String> hosting = List.of(Databases.NAME);
        for (Databases.Host h : hosts) {
            rows.add(new Object[] {h.serverId(), "server-" + h.serverId(), h.address(), null, null, "Enabled",
                h.online() ? "Available" : "Unavailable", hosting, hosting, List.of(), List.of(), List.of(),
                "PRIMARY", Procedures.NEO4J_VERSION});
        }
        return rows;
    }
}

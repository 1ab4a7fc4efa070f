package io.memgraph.ha.server.bolt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a Bolt session needs to know of the cluster: whether this server may run writes, the read
 * barrier that makes leader reads linearizable, and what it tells clients about the cluster
 * (HELLO metadata, routing table, {@code SHOW RAFT INFO}).
 */
public interface ClusterRole {
    /**
     * The {@code tx_metadata} key with which the leader asks another server for its own
     * {@code SHOW STORAGE INFO} only.
     */
    String LOCAL_ONLY = "ha_local_only";

    /**
     * The {@code tx_metadata} key with which a client (the proxy, which sends every transaction to
     * the server it takes for the leader) asks that a read run on the leader only: a server that
     * is not the leader refuses it with {@code NotALeader} before it runs, so that a server which
     * lost its leadership unawares never answers with state older than the client's last write.
     */
    String LEADER_READ = "ha_leader_read";

    /**
     * Admits a write transaction: this server must be the leader and ready for writes (the entry of
     * its term committed, everything before it applied, ids reset). There is no read barrier here:
     * a transaction that writes commits only through this term's log, which no majority accepts
     * once a newer leader exists, so one that commits read current state; one that ends without
     * writing (a read in a write-mode session) confirms with {@link #confirmLeaderIn} before its
     * end is answered.
     *
     * @param maxWait how long to wait for readiness
     * @param stop true when the wait must end early (the client sent RESET)
     * @return the leader term the transaction runs in (see {@link #stillLeaderIn})
     * @throws io.memgraph.ha.bolt.server.spi.BoltFailureException {@code NotALeader} on a follower,
     *     a transient failure when readiness or the barrier did not come in time
     */
    long admitWrite(Duration maxWait, BooleanSupplier stop);

    /**
     * Prepares a read transaction so that it sees every write acknowledged before it began. On a
     * leader ready in its term (and not handing over), nothing waits: the read runs on the applied
     * state and is confirmed at its end with {@link #confirmLeaderIn} for the term returned, as a
     * write transaction that wrote nothing. On a leader not ready yet, a read barrier (ReadIndex)
     * before it runs. On a follower nothing (it reads its applied state, after the client's
     * bookmarks), unless {@code leaderOnly}: then {@code NotALeader}.
     *
     * @return the term in which the read must be confirmed before its end is answered, or -1 when
     *     it needs nothing more (a follower, a sole server, or the barrier passed)
     */
    long admitRead(Duration maxWait, BooleanSupplier stop, boolean leaderOnly);

    /**
     * Whether {@link #admitWrite} ({@code readOnly} false) or {@link #admitRead} would admit a
     * transaction at once, without a barrier or any other wait. Never blocks.
     */
    boolean admitsWithoutWaiting(boolean readOnly, boolean leaderOnly);

    /**
     * The read barrier of a write transaction that wrote nothing: completes once a majority has
     * confirmed that this server still leads {@code term} (the term the transaction was admitted
     * in, so no other leader can have acknowledged a write since it began), and exceptionally with
     * the {@link io.memgraph.ha.bolt.server.spi.BoltFailureException} to answer otherwise
     * ({@code NotALeader}, or a transient failure when no majority answered within {@code maxWait}).
     */
    java.util.concurrent.CompletableFuture<Void> confirmLeaderIn(long term, Duration maxWait);

    /** True while this server is still the leader of {@code term}. */
    boolean stillLeaderIn(long term);

    /** The failure a write gets on a server that is not (or no longer) the leader. */
    io.memgraph.ha.bolt.server.spi.BoltFailureException notALeader();

    /** The leader's Bolt address as {@code host:port}, or null if unknown. */
    String leaderBoltAddress();

    /** Metadata for the SUCCESS of HELLO: server id, role, term, leader's Bolt address. */
    Map<String, Object> helloMetadata();

    /**
     * The routing table for ROUTE.
     *
     * @param clientAddress the address the client reached this server at (a one-member cluster
     *     answers with it), or null
     * @param database the database name, or null
     */
    Map<String, Object> routingTable(String clientAddress, String database);

    /** The rows of {@code SHOW RAFT INFO}: {@code [info, value]} pairs. */
    List<List<Object>> raftInfo();

    /**
     * The {@code SHOW STORAGE INFO} rows of the other servers when this server reports for the
     * whole cluster (the leader of a cluster), else an empty list.
     */
    List<List<Object>> peerStorageInfo();
}

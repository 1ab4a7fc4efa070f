package io.memgraph.ha.server.cluster;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.query.show.Databases;
import io.memgraph.ha.raft.config.Member;
import io.memgraph.ha.raft.core.Role;
import io.memgraph.ha.raft.node.NotLeaderException;
import io.memgraph.ha.raft.node.PeerStatus;
import io.memgraph.ha.raft.node.RaftNode;
import io.memgraph.ha.server.bolt.ClusterRole;
import io.memgraph.ha.server.bolt.FailureMapper;
import io.memgraph.ha.server.replication.Completions;
import io.memgraph.ha.server.replication.Deadlines;
import io.memgraph.ha.storage.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's place in the cluster, for the Bolt sessions (DESIGN.md sections 2 and 3).
 *
 * <p>Writes: a server becomes ready for writes in a term once it is leader, the entry of its term
 * has committed and everything before it is applied (a ReadIndex round confirms both); then id
 * allocation continues above every id in the state, and only then are write transactions admitted.
 * A transaction remembers the term it began in and commits only if this server is still leader of
 * that term, so ids it allocated can never collide with another leader's.
 *
 * <p>Followers read their applied state. A write transaction has no barrier when it begins: if it
 * commits, its entry was accepted by a majority in the term it began in, so no newer leader had
 * acknowledged anything it could not see; if it ends having written nothing, {@link #confirmLeaderIn}
 * is its barrier, before its end is answered. A read transaction on a ready leader is admitted the
 * same way ({@link #admitRead} returns its term) and confirmed at its end; on a leader that is not
 * ready yet, or is handing over, it waits for a ReadIndex barrier before it runs.
 */
public final class Leadership implements ClusterRole {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    /** How long HELLO's and ROUTE's answers may be cached by drivers. */
    static final long ROUTING_TTL_SECONDS = 10;
    /** A peer this server heard from within this many milliseconds is listed online by SHOW DATABASES. */
    static final long PEER_HEARD_MILLIS = 5_000;

    private final RaftNode node;
    private final Storage storage;
    private final BoltDirectory directory;
    private final Executor executor;
    private final PeerStorageInfo peerStorageInfo;
    private final Object readyLock = new Object();
    /** The term this server is ready to take writes in; -1 when none. Guarded by readyLock for writes. */
    private volatile long readyTerm = -1;
    /** The term whose readiness is being established; guarded by readyLock. */
    private long preparingTerm = -1;

    /**
     * @param node the local Raft node
     * @param storage the graph (ids are reset in it when leadership is established)
     * @param directory the servers' Bolt addresses
     * @param executor runs the readiness steps (never the Raft thread)
     */
    public Leadership(RaftNode node, Storage storage, BoltDirectory directory, Executor executor) {
        this.node = node;
        this.storage = storage;
        this.directory = directory;
        this.executor = executor;
        this.peerStorageInfo = new PeerStorageInfo(node, directory, Duration.ofSeconds(2));
    }

    /** Starts following role changes; call once, after the node started. */
    public void start() {
        node.addRoleListener(s -> {
            if (s.role() == Role.LEADER) {
                executor.execute(() -> prepare(s.term()));
            }
        });
        if (node.isLeader()) {
            executor.execute(() -> prepare(node.term()));
        }
    }

    /** True once this server is the leader and ready for writes in its current term. */
    public boolean writable() {
        return node.isLeader() && readyTerm == node.term();
    }

    /**
     * Waits until this server is writable (for start-up of a single server), at most {@code max}.
     *
     * @return whether it became writable in time
     */
    public boolean awaitWritable(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (readyLock) {
            while (!writable()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || node.failure().isPresent()) {
                    return false;
                }
                readyLock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            }
            return true;
        }
    }

    private void prepare(long term) {
        synchronized (readyLock) {
            if (preparingTerm >= term || readyTerm >= term) {
                return;
            }
            preparingTerm = term;
        }
        attempt(term);
    }

    private void attempt(long term) {
        if (!node.isLeader() || node.term() != term) {
            return;
        }
        // Once the no-op of this term is applied here, so is every entry an earlier leader
        // committed: the state then holds every id any earlier leader handed out. (A ReadIndex
        // would wait for one more heartbeat round, which readiness does not need.)
        node.awaitTermStartApplied(term).whenCompleteAsync((index, e) -> {
            if (e != null) {
                if (node.isLeader() && node.term() == term) {
                    LOG.debug("Readiness of term {} not confirmed yet ({}); retrying", term, e.toString());
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS, executor).execute(() -> attempt(term));
                }
                return;
            }
            synchronized (readyLock) {
                if (node.isLeader() && node.term() == term && readyTerm < term) {
                    storage.resetIdAllocation();
                    readyTerm = term;
                    readyLock.notifyAll();
                    LOG.info("Server {} is the leader of term {} and takes writes (applied index {})", node.id(),
                            term, node.appliedIndex());
                }
            }
        }, executor);
    }

    /**
     * True when this server is the cluster's only member and leader, ready in {@code term}: a read
     * then needs no ReadIndex round. No other server can lead, so nothing can have been acknowledged
     * that this one has not; being ready means the entry of its term committed and everything before
     * it is applied; and it replies to a commit only after applying it. The applied state a read
     * sees therefore holds every write acknowledged before the read began. A node that is closing
     * (or stopped after a fatal error) answers nothing more, as its ReadIndex would not either.
     */
    private boolean soleServerReadyIn(long term) {
        return node.cluster().size() == 1 && readyIn(term);
    }

    /** Leader of {@code term}, ready in it, and not closing (or stopped after a fatal error). */
    private boolean readyIn(long term) {
        return readyTerm == term && stillLeaderIn(term) && !node.isClosing();
    }

    private static final String WRITES = "run write transactions";
    private static final String LINEARIZABLE_READS = "answer a read that must see every committed write";

    @Override
    public long admitWrite(Duration maxWait, BooleanSupplier stop) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        if (node.handingOver()) {
            // A stopping leader hands leadership over first and would refuse this write at its
            // commit, after running it. The handover takes a round trip or two: wait for it, then
            // refuse before anything ran, so a proxy or a routing driver sends it to the new leader.
            while (node.isLeader() && !node.isClosing() && System.nanoTime() - deadline < 0
                    && !stop.getAsBoolean()) {
                sleep(1);
            }
            throw notALeader();
        }
        if (!node.isLeader()) {
            throw notALeader();
        }
        while (!writable()) {
            if (!node.isLeader()) {
                throw notALeader();
            }
            if (stop.getAsBoolean()) {
                throw new BoltFailureException(BoltFailureException.TERMINATED, "Terminated while waiting for the"
                        + " new leader to become ready for writes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BoltFailureException(FailureMapper.SERVICE_UNAVAILABLE, "Server " + node.id()
                        + " has just become the leader and is not ready for writes yet; retry");
            }
            sleep(2);
        }
        // No read barrier (ClusterRole.admitWrite): what this transaction reads is confirmed by
        // its commit in this term, or by confirmLeaderIn when it writes nothing.
        return readyTerm;
    }

    @Override
    public CompletableFuture<Void> confirmLeaderIn(long term, Duration maxWait) {
        if (!stillLeaderIn(term)) {
            return CompletableFuture.failedFuture(notALeader(LINEARIZABLE_READS));
        }
        if (soleServerReadyIn(term)) {
            return CompletableFuture.completedFuture(null);
        }
        long millis = Math.max(1, maxWait.toMillis());
        return Deadlines.SHARED.within(node.readIndex(), millis, TimeUnit.MILLISECONDS).handle((index, e) -> {
            if (e != null) {
                Throwable cause = Completions.cause(e);
                throw barrierFailure(cause, millis, LINEARIZABLE_READS);
            }
            if (!stillLeaderIn(term)) {
                throw notALeader(LINEARIZABLE_READS);
            }
            return null;
        });
    }

    @Override
    public long admitRead(Duration maxWait, BooleanSupplier stop, boolean leaderOnly) {
        long term = node.term();
        if (soleServerReadyIn(term)) {
            return -1;
        }
        if (readyLeaderIn(term)) {
            return term; // confirmed at its end, as a write transaction that wrote nothing
        }
        if (node.isLeader()) {
            barrier(System.nanoTime() + maxWait.toNanos(), LINEARIZABLE_READS);
        } else if (leaderOnly) {
            throw notALeader(LINEARIZABLE_READS);
        }
        return -1;
    }

    /**
     * True when this server leads {@code term}, is ready in it and is not handing leadership over: a
     * read admitted now sees every write acknowledged before it began (those of earlier terms are
     * applied, being ready; this leader answers its own only once applied), and is linearizable once
     * {@link #confirmLeaderIn} completes for {@code term} after it began. A leader that is handing
     * over, closing or stopped takes the barrier at once instead, which refuses the read before it
     * runs.
     */
    private boolean readyLeaderIn(long term) {
        return readyIn(term) && !node.handingOver();
    }

    @Override
    public boolean admitsWithoutWaiting(boolean readOnly, boolean leaderOnly) {
        if (readOnly) {
            long term = node.term();
            return soleServerReadyIn(term) || readyLeaderIn(term) || (!node.isLeader() && !leaderOnly);
        }
        return !node.handingOver() && node.isLeader() && writable();
    }

    /**
     * ReadIndex: confirms leadership with a majority and waits until that index is applied.
     *
     * @param what what the caller wanted, for the NotALeader message when leadership was lost
     */
    private void barrier(long deadline, String what) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try {
            node.readIndex().get(left, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw barrierFailure(e.getCause(), left, what);
        } catch (TimeoutException e) {
            throw barrierFailure(e, left, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BoltFailureException(BoltFailureException.TERMINATED, "Interrupted during the read barrier");
        }
    }

    @Override
    public boolean stillLeaderIn(long term) {
        return node.isLeader() && node.term() == term;
    }

    @Override
    public BoltFailureException notALeader() {
        return notALeader(WRITES);
    }

    /** What a client is told when the barrier for {@code what} failed with {@code cause}. */
    private BoltFailureException barrierFailure(Throwable cause, long waitedMillis, String what) {
        if (cause instanceof NotLeaderException) {
            return notALeader(what);
        }
        if (cause instanceof TimeoutException) {
            return new BoltFailureException(FailureMapper.SERVICE_UNAVAILABLE, "Server " + node.id()
                    + " could not confirm within " + waitedMillis + " ms that it is still the leader (no majority"
                    + " answered); retry");
        }
        return new BoltFailureException(FailureMapper.SERVICE_UNAVAILABLE, "Server " + node.id()
                + " could not confirm that it is still the leader (" + cause.getMessage() + "); retry");
    }

    /** NotALeader, saying that this server cannot {@code what} and where the leader is, if known. */
    private BoltFailureException notALeader(String what) {
        int leader = node.leaderId();
        String where;
        if (leader == 0 || leader == node.id()) {
            where = "no leader is known right now (an election may be in progress); retry shortly";
        } else {
            String address = directory.boltAddress(leader).orElse(null);
            where = address != null ? "the leader is server " + leader + " at " + address
                    : "the leader is server " + leader + " (its Bolt address is not known here yet)";
        }
        return new BoltFailureException(FailureMapper.NOT_A_LEADER, "Server " + node.id()
                + " is not the leader, so it cannot " + what + "; " + where);
    }

    @Override
    public String leaderBoltAddress() {
        int leader = node.leaderId();
        return leader == 0 ? null : directory.boltAddress(leader).orElse(null);
    }

    @Override
    public Map<String, Object> helloMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", (long) node.id());
        m.put("role", roleName(node.role()));
        m.put("term", node.term());
        String leader = leaderBoltAddress();
        m.put("leader", leader == null ? "" : leader);
        return m;
    }

    @Override
    public Map<String, Object> routingTable(String clientAddress, String database) {
        List<Member> members = node.cluster().members();
        Set<String> all = new LinkedHashSet<>();
        List<String> writers = new ArrayList<>();
        Set<String> readers = new LinkedHashSet<>();
        if (members.size() == 1 && clientAddress != null) {
            all.add(clientAddress);
            writers.add(clientAddress);
            readers.add(clientAddress);
        } else {
            int leader = node.leaderId();
            for (Member m : members) {
                Optional<String> address = directory.boltAddress(m.id());
                if (address.isEmpty()) {
                    continue;
                }
                all.add(address.get());
                if (m.id() == leader) {
                    writers.add(address.get());
                } else {
                    readers.add(address.get());
                }
            }
            readers.addAll(writers);
        }
        List<Object> servers = new ArrayList<>();
        servers.add(Map.of("addresses", List.copyOf(all), "role", "ROUTE"));
        servers.add(Map.of("addresses", List.copyOf(readers), "role", "READ"));
        servers.add(Map.of("addresses", writers, "role", "WRITE"));
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("ttl", ROUTING_TTL_SECONDS);
        rt.put("db", database == null ? Databases.NAME : database);
        rt.put("servers", servers);
        return rt;
    }

    /**
     * The servers {@code SHOW SERVERS} lists, one row each, and {@code SHOW DATABASES} those whose
     * Bolt address is known here (those ROUTE lists): every member, in the order of coordination.json,
     * with its Bolt address or null; the leader this server knows of (any member of a one-server
     * cluster) is the writer. This server is online; a peer is online when this server heard from it
     * within {@link #PEER_HEARD_MILLIS} (a follower hears only from the leader, so it lists the other
     * followers as unknown). Reads what the node keeps anyway: no message is sent.
     */
    public List<Databases.Host> databaseHosts() {
        List<Member> members = node.cluster().members();
        int leader = members.size() == 1 ? node.id() : node.leaderId();
        Map<Integer, Long> heard = new HashMap<>();
        for (PeerStatus p : node.peerStatus()) {
            heard.put(p.id(), p.millisSinceLastContact());
        }
        List<Databases.Host> hosts = new ArrayList<>(members.size());
        for (Member m : members) {
            Optional<String> address = directory.boltAddress(m.id());
            long millis = heard.getOrDefault(m.id(), -1L);
            boolean online = m.id() == node.id() || millis >= 0 && millis <= PEER_HEARD_MILLIS;
            hosts.add(new Databases.Host(String.valueOf(m.id()), address.orElse(null), m.id() == leader, online));
        }
        return hosts;
    }

    @Override
    public List<List<Object>> raftInfo() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("is_leader", node.isLeader()));
        rows.add(List.of("term_id", node.term()));
        rows.add(List.of("server_id", (long) node.id()));
        rows.add(List.of("role", roleName(node.role())));
        rows.add(List.of("leader_id", (long) node.leaderId()));
        String leaderAddress = leaderBoltAddress();
        rows.add(List.of("leader_bolt_address", leaderAddress == null ? "" : leaderAddress));
        rows.add(List.of("commit_index", node.commitIndex()));
        rows.add(List.of("applied_index", node.appliedIndex()));
        rows.add(List.of("cluster_size", (long) node.cluster().size()));
        rows.add(List.of("ready_for_writes", writable()));
        if (node.isLeader()) {
            for (PeerStatus p : node.peerStatus()) {
                rows.add(List.of("peer_" + p.id() + "_match_index", p.matchIndex()));
                rows.add(List.of("peer_" + p.id() + "_last_contact_ms", p.millisSinceLastContact()));
            }
        }
        return rows;
    }

    @Override
    public List<List<Object>> peerStorageInfo() {
        return node.cluster().size() > 1 && node.isLeader() ? peerStorageInfo.collect() : List.of();
    }

    static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BoltFailureException(BoltFailureException.TERMINATED, "Interrupted");
        }
    }

    /** The role and term, for logs. */
    @Override
    public String toString() {
        return "Leadership{server " + node.id() + ", " + node.role() + " in term " + node.term() + ", readyTerm="
                + readyTerm + "}";
    }
}

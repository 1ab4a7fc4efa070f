package io.memgraph.ha.server.cluster;

import java.util.Locale;

/**
 * The five settings of {@code raft.json} (milliseconds, and entries for the snapshot threshold) that
 * a {@link ClusterHarness} writes for its servers.
 *
 * @param electionTimeoutMin lower bound of the randomized election timeout, ms
 * @param electionTimeoutMax upper bound of the randomized election timeout, ms
 * @param heartbeatInterval leader heartbeat period, ms
 * @param replicationTimeout how long a commit may wait for a majority, ms
 * @param logSizeSnapshotThreshold applied entries between snapshots; -1 = never snapshot
 */
public record RaftTiming(
        long electionTimeoutMin,
        long electionTimeoutMax,
        long heartbeatInterval,
        long replicationTimeout,
        long logSizeSnapshotThreshold) {

    /** Fast elections for tests: 300/500/50 ms, commits give up after 3 s, no snapshots. */
    public static final RaftTiming FAST = new RaftTiming(300, 500, 50, 3000, -1);

    /**
     * Elections only after 1-2 s without a heartbeat, commits give up after 10 s, no snapshots: for
     * tests that need one leader throughout on a busy machine (several server JVMs on two cores can
     * stall a leader for longer than {@link #FAST}'s 300 ms).
     */
    public static final RaftTiming STEADY = new RaftTiming(1000, 2000, 100, 10000, -1);

    /** The shipped defaults of {@code etc/raft.json}: 750/1000/100/20000/50000. */
    public static final RaftTiming DEFAULTS = new RaftTiming(750, 1000, 100, 20000, 50000);

    /** This timing with another snapshot threshold. */
    public RaftTiming withSnapshotThreshold(long entries) {
        return new RaftTiming(electionTimeoutMin, electionTimeoutMax, heartbeatInterval, replicationTimeout, entries);
    }

    /** The {@code raft.json} text: a JSON object with exactly the five keys. */
    public String toJson() {
        return String.format(Locale.ROOT, """
                {
                  "election_timeout_min": %d,
                  "election_timeout_max": %d,
                  "heartbeat_interval": %d,
                  "replication_timeout": %d,
                  "log_size_snapshot_threshold": %d
                }
                """, electionTimeoutMin, electionTimeoutMax, heartbeatInterval, replicationTimeout,
                logSizeSnapshotThreshold);
    }
}

package io.memgraph.ha.faults.schedule;

/** The faults the suite injects. Each is bounded in time and healed before the next begins. */
public enum FaultKind {
    /** {@code kill -9} of the leader, restarted after the fault's duration. */
    KILL_LEADER,
    /** {@code kill -9} of a follower, restarted after the fault's duration. */
    KILL_FOLLOWER,
    /** SIGSTOP of the leader, SIGCONT after the fault's duration. */
    PAUSE_LEADER,
    /** The leader cut off from both followers, both directions. */
    PARTITION_LEADER,
    /** One follower cut off from the other two, both directions. */
    PARTITION_MINORITY,
    /** Only one direction lost: what the leader sends, or what it receives. */
    ONE_WAY_LOSS,
    /** The file system of one server's durability directory full. */
    DISK_FULL,
    /** {@code kill -9} of a server, the page cache dropped, then a start. */
    RESTART_COLD
}

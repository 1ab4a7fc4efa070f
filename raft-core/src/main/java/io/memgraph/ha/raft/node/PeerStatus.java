package io.memgraph.ha.raft.node;

/**
 * What a server knows about one other member, for {@code SHOW RAFT INFO}
 * ({@link RaftNode#peerStatus()}).
 *
 * @param id the member's server id
 * @param matchIndex on the leader, the highest log index known to be durable on that member; -1
 *     on a server that is not the leader
 * @param millisSinceLastContact milliseconds since this server last received a message from that
 *     member; -1 if it never did since it started
 */
public record PeerStatus(int id, long matchIndex, long millisSinceLastContact) {
}

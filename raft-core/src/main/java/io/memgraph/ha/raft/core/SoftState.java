package io.memgraph.ha.raft.core;

/**
 * Volatile state reported in {@link Ready} whenever it changes. A driver uses a change here to fail
 * pending proposals fast: once a leader is no longer leader (or its term changed), the outcome of
 * every proposal it accepted but has not yet applied is unknown.
 *
 * @param term the node's current term
 * @param role the node's role
 * @param leader the id of the leader this node knows for {@code term}; 0 = unknown
 */
public record SoftState(long term, Role role, int leader) {
}

/**
 * The cluster as Bolt clients see it: {@link io.memgraph.ha.server.cluster.Leadership} decides
 * whether this server may run writes (leader, ready for its term), provides the read barrier, and
 * answers HELLO metadata, ROUTE and {@code SHOW RAFT INFO} from the Raft node's state and the
 * servers' advertised Bolt addresses ({@link io.memgraph.ha.server.cluster.BoltDirectory}).
 */
package io.memgraph.ha.server.cluster;

/**
 * The Raft side of the server: the {@link io.memgraph.ha.server.replication.StorageStateMachine}
 * that applies committed write sets to storage, the encoding of their results, and the
 * {@link io.memgraph.ha.server.replication.RaftCommitter} that proposes a transaction's write set
 * and waits until it is applied.
 */
package io.memgraph.ha.server.replication;
